"""How cached values are stored: JSON of plain values, datetimes and dataclasses declared @cacheable,
never pickles, so whoever can write to the store cannot make the app run code."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Any, TypeVar

T = TypeVar("T")

# Dataclasses a cached value may contain: the only types JSON from the store is turned into.
_CACHEABLE: dict[str, type] = {}


def cacheable(cls: type[T]) -> type[T]:
    """Let this (frozen) dataclass be stored in the cache."""
    _CACHEABLE[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return cls


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        return {"__cached__": kind, **{field.name: getattr(value, field.name) for field in dataclasses.fields(value)}}
    if isinstance(value, datetime):
        return {"__cached__": "datetime", "iso": value.isoformat()}
    raise TypeError(f"{type(value).__name__} cannot be cached")


def _decode(item: dict) -> Any:
    kind = item.pop("__cached__", None)
    if kind is None:
        return item
    if kind == "datetime":
        return datetime.fromisoformat(item["iso"])
    return _CACHEABLE[kind](**item)


def dumps(value: Any) -> str:
    """JSON for the store: plain values, datetimes and @cacheable dataclasses."""
    return json.dumps(value, default=_encode, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    """The value `dumps` wrote; ValueError (or KeyError for an unknown type) for anything else."""
    return json.loads(text, object_hook=_decode)
