"""Sign-in with SPID and CIE (SAML 2)."""

from .views import bp

__all__ = ["bp"]
