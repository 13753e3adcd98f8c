"""Empty stand-in for pykwalify: PyRadiomics' featureextractor imports it to validate parameter
files, which this benchmark does not use (it calls the feature classes directly)."""
