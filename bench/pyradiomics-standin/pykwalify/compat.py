"""See pykwalify/__init__.py; PyRadiomics' scripts package takes yaml from here."""
try:
    import yaml  # noqa: F401
except ImportError:  # not needed for timing the feature classes
    yaml = None
