"""Sign-in with SPID and CIE (SAML 2)."""
