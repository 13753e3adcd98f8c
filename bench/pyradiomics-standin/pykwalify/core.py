"""See pykwalify/__init__.py."""
