#!/usr/bin/python3
"""Writes the small NIfTI fixtures under core/src/test/resources/nifti/ and expected.json.

Run with Debian's python3 and python3-nibabel (apt-get install -y python3-nibabel):
    /usr/bin/python3 core/src/test/python/make_nifti_fixtures.py

The files cover every datatype NiftiReader supports, both byte orders, NIfTI-1 and NIfTI-2,
scl_slope/scl_inter, qform-only, sform-only, disagreeing sform/qform, no transform at all,
.hdr/.img pairs (plain and gzipped), a header extension, metre units and 4-D with a trailing
size of 1. expected.json holds, per file, what SimpleITK would report: size, spacing, origin and
direction in LPS (derived here from nibabel's own sform/qform matrices, flipped RAS->LPS) and
the voxel values in x-fastest order.
"""
import json
import os
import shutil
import struct

import numpy as np
import nibabel as nib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "nifti")
SHAPE = (4, 3, 2)
FLIP = np.diag([-1.0, -1.0, 1.0, 1.0])


def rotation(ax, ay, az):
    cx, sx, cy, sy, cz, sz = np.cos(ax), np.sin(ax), np.cos(ay), np.sin(ay), np.cos(az), np.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def affine(rot, spacing, offset):
    a = np.eye(4)
    a[:3, :3] = rot @ np.diag(spacing)
    a[:3, 3] = offset
    return a


OBLIQUE = affine(rotation(0.1, -0.2, 0.3), (0.7, 0.8, 3.5), (-40.5, 12.25, -7.0))
# An improper (left-handed) frame: qfac = -1 in the qform.
IMPROPER = affine(rotation(0.0, 0.15, -0.4) @ np.diag([1, 1, -1]), (1.25, 1.5, 2.0), (5.0, -6.0, 7.5))
OTHER = affine(rotation(0.5, 0.0, 0.0), (0.7, 0.8, 3.5), (1.0, 2.0, 3.0))


def values_for(dtype):
    """24 values spanning the type's range, extremes included."""
    n = int(np.prod(SHAPE))
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        lo, hi = int(info.min), int(info.max)
        vals = [lo, hi, 0, 1, lo + 1, hi - 1]
        step = (hi - lo) // (n + 1)
        vals += [lo + step * (k + 1) for k in range(n - len(vals))]
        return np.array(vals, dtype=dtype).reshape(SHAPE, order="F")
    v = np.linspace(-1000.5, 2000.25, n).astype(dtype)
    v[1] = np.finfo(dtype).max
    v[2] = np.finfo(dtype).tiny
    v[3] = -np.finfo(dtype).max
    return v.reshape(SHAPE, order="F")


def lps(aff):
    m = FLIP @ aff
    cols = m[:3, :3]
    norms = np.sqrt((cols ** 2).sum(axis=0))
    return m[:3, 3], cols / norms


def record(name, img, source, values=None, unit=1.0):
    hdr = img.header
    if source == "sform":
        origin, direction = lps(hdr.get_sform())
    elif source == "qform":
        origin, direction = lps(hdr.get_qform())
    else:
        origin, direction = np.zeros(3), np.eye(3)
    zooms = np.abs(np.asarray(hdr["pixdim"][1:4], dtype=np.float64))
    if values is None:
        values = np.asarray(img.dataobj)
    values = np.asarray(values).reshape(SHAPE, order="F") if np.asarray(values).size == 24 else values
    return {
        "file": name,
        "size": [int(s) for s in SHAPE],
        "spacing": [float(z) * unit for z in zooms],
        "origin": [float(o) * unit for o in origin],
        "direction": [float(d) for d in direction.reshape(-1)],
        "transform": source,
        "values": [float(x) for x in np.asarray(values, dtype=np.float64).reshape(-1, order="F")],
    }


def save(img, name):
    img.to_filename(os.path.join(OUT, name))
    back = np.asarray(nib.load(os.path.join(OUT, name)).dataobj)
    assert np.array_equal(back, np.asarray(img.dataobj)), name


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    expected = []

    # Every datatype, little-endian NIfTI-1, sform and qform both scanner-anat.
    for dt in ["uint8", "int8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
               "float32", "float64"]:
        data = values_for(np.dtype(dt))
        img = nib.Nifti1Image(data, OBLIQUE, dtype=dt)
        img.set_sform(OBLIQUE, code=1)
        img.set_qform(OBLIQUE, code=1)
        name = "dtype_%s.nii" % dt
        save(img, name)
        expected.append(record(name, img, "sform", data))

    # Gzipped.
    data = values_for(np.dtype("int16"))
    img = nib.Nifti1Image(data, OBLIQUE)
    img.set_sform(OBLIQUE, code=1)
    img.set_qform(OBLIQUE, code=1)
    save(img, "int16.nii.gz")
    expected.append(record("int16.nii.gz", img, "sform", data))

    # Big-endian NIfTI-1.
    hdr = nib.Nifti1Header(endianness=">")
    data = values_for(np.dtype("int16"))
    img = nib.Nifti1Image(data, OBLIQUE, header=hdr)
    img.set_data_dtype("int16")
    img.set_sform(OBLIQUE, code=1)
    img.set_qform(OBLIQUE, code=1)
    save(img, "bigendian_int16.nii")
    assert nib.load(os.path.join(OUT, "bigendian_int16.nii")).get_data_dtype() == np.dtype(">i2")
    expected.append(record("bigendian_int16.nii", img, "sform", data))

    # NIfTI-2, little and big endian.
    for endian, name in (("<", "nifti2_float32.nii"), (">", "nifti2_bigendian_float64.nii.gz")):
        dt = "float32" if endian == "<" else "float64"
        data = values_for(np.dtype(dt))
        img = nib.Nifti2Image(data, OBLIQUE, header=nib.Nifti2Header(endianness=endian),
                              dtype=dt)
        img.set_sform(OBLIQUE, code=1)
        img.set_qform(OBLIQUE, code=1)
        save(img, name)
        expected.append(record(name, img, "sform", data))

    # scl_slope / scl_inter on int16 and uint8 (header written by nibabel, data raw). Expected
    # values as ITK computes them: float(raw) * slope + inter in double, stored as float32.
    for dt, slope, inter, name in (("int16", 0.5, -10.0, "scaled_int16.nii"),
                                   ("uint8", 2.5, 100.25, "scaled_uint8.nii"),
                                   ("int16", 0.0, 7.0, "slope_zero_int16.nii")):
        raw = values_for(np.dtype(dt))
        hdr = nib.Nifti1Header()
        hdr.set_data_dtype(dt)
        hdr.set_data_shape(SHAPE)
        hdr.set_sform(OBLIQUE, code=1)
        hdr.set_qform(OBLIQUE, code=1)
        hdr["scl_slope"] = slope
        hdr["scl_inter"] = inter
        hdr["vox_offset"] = 352
        with open(os.path.join(OUT, name), "wb") as f:
            hdr.write_to(f)  # 348 bytes and the 4-byte extension flag
            f.write(raw.astype(hdr.get_data_dtype()).tobytes(order="F"))
        img = nib.load(os.path.join(OUT, name))
        if slope == 0:
            vals = raw.astype(np.float64)
        else:
            vals = (raw.astype(np.float32).astype(np.float64) * np.float64(np.float32(slope))
                    + np.float64(np.float32(inter))).astype(np.float32)
            # nibabel applies the same scaling; check the script's own arithmetic against it.
            assert np.allclose(vals, img.get_fdata(), rtol=1e-6, atol=1e-3)
        expected.append(record(name, img, "sform", vals))

    # qform only, improper frame (qfac = -1).
    data = values_for(np.dtype("int16"))
    img = nib.Nifti1Image(data, None)
    img.set_qform(IMPROPER, code=1)
    img.set_sform(None, code=0)
    save(img, "qform_only.nii")
    assert int(img.header["sform_code"]) == 0 and img.header["pixdim"][0] < 0
    expected.append(record("qform_only.nii", img, "qform", data))

    # sform only (aligned-anat), no qform.
    img = nib.Nifti1Image(data, None)
    img.set_sform(OBLIQUE, code=2)
    img.set_qform(None, code=0)
    save(img, "sform_only.nii")
    expected.append(record("sform_only.nii", img, "sform", data))

    # sform (aligned-anat) and qform (scanner-anat) disagree: ITK takes the qform.
    img = nib.Nifti1Image(data, None)
    img.set_qform(OTHER, code=1)
    img.set_sform(OBLIQUE, code=2)
    save(img, "sform_qform_disagree.nii")
    expected.append(record("sform_qform_disagree.nii", img, "qform", data))

    # sform scanner-anat disagreeing with qform: ITK takes the sform.
    img = nib.Nifti1Image(data, None)
    img.set_qform(OTHER, code=1)
    img.set_sform(OBLIQUE, code=1)
    save(img, "sform_scanner_preferred.nii")
    expected.append(record("sform_scanner_preferred.nii", img, "sform", data))

    # No transform at all: pixdim only, identity direction, zero origin. Written field by field
    # because nibabel's image writer always fills in an sform.
    hdr = nib.Nifti1Header()
    hdr.set_data_dtype("int16")
    hdr.set_data_shape(SHAPE)
    hdr.set_zooms((0.5, 0.6, 4.0))
    hdr["qform_code"] = 0
    hdr["sform_code"] = 0
    hdr["vox_offset"] = 352
    with open(os.path.join(OUT, "no_transform.nii"), "wb") as f:
        hdr.write_to(f)
        f.write(data.astype("<i2").tobytes(order="F"))
    img = nib.load(os.path.join(OUT, "no_transform.nii"))
    assert int(img.header["qform_code"]) == 0 and int(img.header["sform_code"]) == 0
    expected.append(record("no_transform.nii", img, "none", data))

    # .hdr/.img pairs, plain and gzipped.
    for name in ("pair.hdr", "pair_gz.img.gz"):
        img = nib.Nifti1Pair(data, OBLIQUE)
        img.set_sform(OBLIQUE, code=1)
        img.set_qform(OBLIQUE, code=1)
        save(img, name)
        expected.append(record(name, img, "sform", data))

    # A header extension (comment), so vox_offset > 352.
    img = nib.Nifti1Image(data, OBLIQUE)
    img.set_sform(OBLIQUE, code=1)
    img.set_qform(OBLIQUE, code=1)
    img.header.extensions.append(nib.nifti1.Nifti1Extension(6, b"DeltaRad test extension" * 3))
    save(img, "extension.nii")
    with open(os.path.join(OUT, "extension.nii"), "rb") as f:
        assert struct.unpack("<f", f.read(112)[108:112])[0] > 352
    expected.append(record("extension.nii", img, "sform", data))

    # Spatial units in metres: ITK scales spacing and origin to mm.
    aff_m = affine(rotation(0.1, -0.2, 0.3), (0.0007, 0.0008, 0.0035), (-0.0405, 0.01225, -0.007))
    img = nib.Nifti1Image(data, aff_m)
    img.set_sform(aff_m, code=1)
    img.set_qform(aff_m, code=1)
    img.header.set_xyzt_units("meter")
    save(img, "units_meter.nii")
    expected.append(record("units_meter.nii", img, "sform", data, unit=1000.0))

    # 4-D with a trailing size of 1 is 3-D.
    img = nib.Nifti1Image(data.reshape(SHAPE + (1,)), OBLIQUE)
    img.set_sform(OBLIQUE, code=1)
    img.set_qform(OBLIQUE, code=1)
    save(img, "dim4_trailing1.nii")
    assert int(img.header["dim"][0]) == 4
    expected.append(record("dim4_trailing1.nii", img, "sform", data))

    # Real 4-D (3 volumes): must be rejected.
    img = nib.Nifti1Image(np.stack([data] * 3, axis=3), OBLIQUE)
    save(img, "real_4d.nii.gz")

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print("wrote %d files, %d bytes" % (len(os.listdir(OUT)), total))


if __name__ == "__main__":
    main()
