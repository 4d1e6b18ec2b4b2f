"""API keys with roles: created and revoked from the command line, checked on every request."""
