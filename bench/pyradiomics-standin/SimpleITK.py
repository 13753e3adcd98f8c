"""A numpy stand-in for the few SimpleITK calls PyRadiomics' feature classes make.

Only for timing PyRadiomics' feature classes beside DeltaRad where SimpleITK cannot be
installed (bench/pyradiomics_time.py): images are numpy arrays in (z, y, x) order with a
spacing in (x, y, z) order, as SimpleITK holds them. Preprocessing (cropping, normalisation)
is done by DeltaRad and handed over, so nothing else of SimpleITK is needed.
"""
import numpy as np


class Image:
    def __init__(self, array, spacing=None):
        self._array = np.asarray(array)
        self._spacing = tuple(float(s) for s in spacing) if spacing is not None \
            else (1.0,) * self._array.ndim

    def GetSpacing(self):
        return self._spacing

    def GetSize(self):
        return tuple(int(s) for s in self._array.shape[::-1])

    def GetDimension(self):
        return self._array.ndim

    def GetOrigin(self):
        return (0.0,) * self._array.ndim

    def GetDirection(self):
        return tuple(np.eye(self._array.ndim).ravel())

    def GetNumberOfComponentsPerPixel(self):
        return 1


def GetArrayFromImage(image):
    # SimpleITK copies too
    return image._array.copy()


def GetImageFromArray(array, isVector=False):
    return Image(np.array(array))


class ConstantPadImageFilter:
    """Pads with a constant (0); bounds in (x, y, z) order."""

    def __init__(self):
        self._lower = self._upper = (0, 0, 0)
        self._constant = 0

    def SetPadLowerBound(self, bound):
        self._lower = tuple(int(b) for b in bound)

    def SetPadUpperBound(self, bound):
        self._upper = tuple(int(b) for b in bound)

    def SetConstant(self, value):
        self._constant = value

    def Execute(self, image):
        pad = [(lo, hi) for lo, hi in zip(self._lower[::-1], self._upper[::-1])]
        return Image(np.pad(image._array, pad, constant_values=self._constant),
                     image.GetSpacing())
