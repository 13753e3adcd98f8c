"""A numpy stand-in for the SimpleITK calls PyRadiomics 3.1 makes, where SimpleITK cannot be installed.

Two users:
- bench/pyradiomics_time.py times PyRadiomics' feature classes on a case DeltaRad preprocessed
  (Image, GetArrayFromImage, GetImageFromArray, ConstantPadImageFilter);
- bench/pyradiomics_batch.py runs PyRadiomics' own RadiomicsFeatureExtractor over a manifest, which
  also needs ReadImage (NIfTI-1 .nii/.nii.gz), Cast, LabelStatisticsImageFilter and
  CropImageFilter, with the image geometry SimpleITK reports.

Images are numpy arrays in (z, y, x) order; spacing, origin and direction in (x, y, z) order and
ITK's LPS convention, as SimpleITK holds them. Each call does what its SimpleITK namesake does for
the extractor's path (single-component 3-D images, no resampling): ReadImage gunzips with zlib, as
ITK's NiftiImageIO does; LabelStatisticsImageFilter checks size and physical space like ITK (1e-6
coordinate and direction tolerance) and finds labels, counts and bounding boxes in one pass over the
mask (ITK's filter also gathers intensity statistics: this stand-in does less work, never more).
NIfTI geometry: the sform when sform_code > 0, else the qform, else pixdim (ITK's finer choice
between the two forms only matters when they disagree, which synthetic files never do).
"""
import gzip
import struct
import sys

import numpy as np

SimpleITK = sys.modules[__name__]  # PyRadiomics checks isinstance(x, sitk.SimpleITK.Image)

sitkUInt8, sitkInt16, sitkUInt32, sitkFloat64 = "uint8", "int16", "uint32", "float64"
sitkNearestNeighbor, sitkLinear, sitkBSpline = "nearest", "linear", "bspline"
_PIXEL_NAMES = {"uint8": "8-bit unsigned integer", "int8": "8-bit signed integer",
                "int16": "16-bit signed integer", "uint16": "16-bit unsigned integer",
                "int32": "32-bit signed integer", "uint32": "32-bit unsigned integer",
                "float32": "32-bit float", "float64": "64-bit float"}
_NIFTI_TYPES = {2: "u1", 4: "i2", 8: "i4", 16: "f4", 64: "f8", 256: "i1", 512: "u2", 768: "u4"}
_TOLERANCE = 1e-6


class Image:
    def __init__(self, array, spacing=None, origin=None, direction=None):
        self._array = np.asarray(array)
        n = self._array.ndim
        self._spacing = tuple(float(s) for s in spacing) if spacing is not None else (1.0,) * n
        self._origin = tuple(float(o) for o in origin) if origin is not None else (0.0,) * n
        self._direction = tuple(float(d) for d in direction) if direction is not None \
            else tuple(np.eye(n).ravel())

    def GetSpacing(self):
        return self._spacing

    def GetSize(self):
        return tuple(int(s) for s in self._array.shape[::-1])

    def GetDimension(self):
        return self._array.ndim

    def GetOrigin(self):
        return self._origin

    def GetDirection(self):
        return self._direction

    def GetNumberOfComponentsPerPixel(self):
        return 1

    def GetPixelIDTypeAsString(self):
        return _PIXEL_NAMES.get(self._array.dtype.name, self._array.dtype.name)

    def CopyInformation(self, other):
        self._spacing, self._origin, self._direction = \
            other._spacing, other._origin, other._direction

    def _like(self, array):
        return Image(array, self._spacing, self._origin, self._direction)


def GetArrayFromImage(image):
    # SimpleITK copies too
    return image._array.copy()


def GetImageFromArray(array, isVector=False):
    return Image(np.array(array))


def Cast(image, pixel_type):
    return image._like(image._array.astype(pixel_type))


def ReadImage(path):
    """A single-file NIfTI-1 image, gzipped or not, with scl_slope/scl_inter as ITK applies them."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    order = "<" if struct.unpack("<i", data[:4])[0] == 348 else ">"
    if struct.unpack(order + "i", data[:4])[0] != 348:
        raise RuntimeError("%s: not a NIfTI-1 file" % path)
    dims = struct.unpack(order + "8h", data[40:56])
    nx, ny, nz = (max(int(d), 1) for d in dims[1:4])
    datatype = struct.unpack(order + "h", data[70:72])[0]
    pixdim = struct.unpack(order + "8f", data[76:108])
    offset = int(struct.unpack(order + "f", data[108:112])[0])
    slope, inter = struct.unpack(order + "2f", data[112:120])
    dtype = np.dtype(_NIFTI_TYPES[datatype]).newbyteorder(order)
    count = nx * ny * nz
    voxels = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
    voxels = voxels.astype(dtype.newbyteorder("="), copy=True).reshape(nz, ny, nx)
    if np.isfinite(slope) and slope != 0 and not (slope == 1 and inter == 0):
        scaled = voxels.astype(np.float64) * slope + inter
        voxels = scaled if dtype.kind == "f" and dtype.itemsize == 8 else scaled.astype(np.float32)
    spacing, origin, direction = _geometry(data, order, pixdim)
    return Image(voxels, spacing, origin, direction)


def _geometry(header, order, pixdim):
    spacing = [abs(p) if p != 0 and np.isfinite(p) else 1.0 for p in pixdim[1:4]]
    qform, sform = struct.unpack(order + "2h", header[252:256])
    if sform > 0:
        affine = np.array(struct.unpack(order + "12f", header[280:328]), dtype=np.float64)
        affine = affine.reshape(3, 4)
    elif qform > 0:
        b, c, d, qx, qy, qz = struct.unpack(order + "6f", header[256:280])
        a = np.sqrt(max(0.0, 1.0 - (b * b + c * c + d * d)))
        rot = np.array([[a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
                        [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
                        [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b]])
        qfac = -1.0 if pixdim[0] < 0 else 1.0
        rot = rot * np.array([spacing[0], spacing[1], qfac * spacing[2]])
        affine = np.hstack([rot, [[qx], [qy], [qz]]])
    else:
        return spacing, (0.0, 0.0, 0.0), tuple(np.eye(3).ravel())
    lps = affine * np.array([[-1.0], [-1.0], [1.0]])  # RAS to LPS
    columns = lps[:, :3] / np.linalg.norm(lps[:, :3], axis=0)
    return spacing, tuple(lps[:, 3]), tuple(columns.ravel())


def _same_space(a, b):
    return (np.allclose(a.GetOrigin(), b.GetOrigin(), rtol=0,
                        atol=_TOLERANCE * max(a.GetSpacing()))
            and np.allclose(a.GetSpacing(), b.GetSpacing(), rtol=0, atol=_TOLERANCE)
            and np.allclose(a.GetDirection(), b.GetDirection(), rtol=0, atol=_TOLERANCE))


class LabelStatisticsImageFilter:
    """Labels, voxel counts and bounding boxes (x0, x1, y0, y1, z0, z1) of a label map."""

    def __init__(self):
        self._mask = None
        self._counts = None

    def Execute(self, image, labels):
        if image._array.shape != labels._array.shape:
            raise RuntimeError("Both images for LabelStatisticsImageFilter don't match type or "
                               "dimension!")
        if not _same_space(image, labels):
            raise RuntimeError("Inputs do not occupy the same physical space!")
        self._mask = labels._array
        self._counts = np.bincount(self._mask.ravel().astype(np.intp, copy=False))

    def GetLabels(self):
        return [int(v) for v in np.nonzero(self._counts)[0]]

    def GetCount(self, label):
        return int(self._counts[label]) if label < len(self._counts) else 0

    def GetBoundingBox(self, label):
        where = self._mask == label
        box = []
        for axis in (2, 1, 0):  # x, y, z
            other = tuple(a for a in range(3) if a != axis)
            hit = np.nonzero(where.any(axis=other))[0]
            box += [int(hit[0]), int(hit[-1])]
        return tuple(box)


class CropImageFilter:
    """Removes the given numbers of voxels (x, y, z) from the lower and upper ends of each axis."""

    def __init__(self):
        self._lower = self._upper = (0, 0, 0)

    def SetLowerBoundaryCropSize(self, size):
        self._lower = tuple(int(s) for s in size)

    def SetUpperBoundaryCropSize(self, size):
        self._upper = tuple(int(s) for s in size)

    def Execute(self, image):
        shape = image._array.shape
        cut = tuple(slice(lo, n - hi) for lo, hi, n in
                    zip(self._lower[::-1], self._upper[::-1], shape))
        origin = np.array(image.GetOrigin()) + np.array(image.GetDirection()).reshape(3, 3) @ (
            np.array(self._lower) * np.array(image.GetSpacing()))
        return Image(image._array[cut].copy(), image.GetSpacing(), origin, image.GetDirection())


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
