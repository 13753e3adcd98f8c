"""Empty stand-in for PyWavelets: PyRadiomics imports it for wavelet filters, unused here."""
