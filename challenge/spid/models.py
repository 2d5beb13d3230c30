"""SPID/CIE sign-in state kept on the server: the requests sent to identity providers, the assertions seen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.extensions import Base
from ..core.model_helpers import utcnow


class SamlRequest(Base):
    """One AuthnRequest sent to an IdP; the assertion consumer accepts one answer to it, once."""

    __tablename__ = "saml_requests"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the request's ID, the response's InResponseTo
    provider: Mapped[str] = mapped_column(String(8))  # "spid" or "cie"
    idp_entity_id: Mapped[str] = mapped_column(String(255))
    level: Mapped[int]
    next_url: Mapped[str | None] = mapped_column(String(500))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    answered_at: Mapped[datetime | None]
    # SHA-256 of the random value the starting browser holds in a cookie (spid.binding): answers come from it only.
    browser_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class SeenAssertion(Base):
    """The ID of an assertion already consumed, kept until it would have expired anyway."""

    __tablename__ = "saml_seen_assertions"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
