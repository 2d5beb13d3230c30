"""The 20 Italian regions with their ISTAT codes, from the file shipped in the package."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def regions() -> dict[str, str]:
    """ISTAT code -> region name, in code order."""
    with resources.files("challenge").joinpath("data/regions.csv").open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def region_name(code: str) -> str:
    """The region's name, or the code itself when it is unknown."""
    return regions().get(code, code)
