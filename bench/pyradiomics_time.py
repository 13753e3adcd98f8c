#!/usr/bin/env python3
"""PyRadiomics' side of bench/bench-vs-pyradiomics.sh.

Times PyRadiomics 3.1's feature classes (with their C extensions) on the case DeltaRad wrote
(org.deltarad.bench.PyRadiomicsComparison write DIR): the ROI's bounding box of normalised
intensities, its mask and spacing, that is the input PyRadiomics' extractor hands its feature
classes after cropping. Each class is built and executed as the extractor does (binning is part
of each texture class's work), all default features enabled, bin width 10.

Prints one line, median CPU milliseconds over REPEATS runs:
    pyradiomics all A shape S nonshape T
and, to stderr, the largest relative difference from DeltaRad's values (deltarad.txt), which
shows both computed the same features.

Usage: PYTHONPATH=$PYRADIOMICS_SRC:bench/pyradiomics-standin python3 bench/pyradiomics_time.py DIR [REPEATS]
PYRADIOMICS_SRC: a PyRadiomics 3.1 source tree whose C extensions (_cmatrices, _cshape) are
built in place. Where SimpleITK is not installed, bench/pyradiomics-standin supplies a numpy
stand-in for the few calls the feature classes make.
"""
import logging
import os
import sys
import time

import numpy as np

import radiomics
from radiomics import firstorder, glcm, gldm, glrlm, glszm, ngtdm, shape
import SimpleITK as sitk

NON_SHAPE = [("firstorder", firstorder.RadiomicsFirstOrder), ("glcm", glcm.RadiomicsGLCM),
             ("glrlm", glrlm.RadiomicsGLRLM), ("glszm", glszm.RadiomicsGLSZM),
             ("gldm", gldm.RadiomicsGLDM), ("ngtdm", ngtdm.RadiomicsNGTDM)]


def load(directory):
    info = {}
    with open(os.path.join(directory, "case.txt")) as f:
        for line in f:
            key, *values = line.split()
            info[key] = values
    size = tuple(int(v) for v in info["size_zyx"])
    spacing = tuple(float(v) for v in info["spacing_xyz"])
    image = np.fromfile(os.path.join(directory, "image.f64"), dtype="<f8").reshape(size)
    mask = np.fromfile(os.path.join(directory, "mask.u8"), dtype=np.uint8).reshape(size)
    return (sitk.Image(image, spacing), sitk.Image(mask.astype(np.int32), spacing),
            float(info["binWidth"][0]))


def run(cls, name, image, mask, bin_width, out):
    extractor = cls(image, mask, binWidth=bin_width, label=1)
    extractor.enableAllFeatures()
    for feature, value in extractor.execute().items():
        out["original_%s_%s" % (name, feature)] = float(value)


def main():
    directory = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    logging.getLogger("radiomics").setLevel(logging.ERROR)
    image, mask, bin_width = load(directory)
    shape_ms, nonshape_ms = [], []
    values = {}
    for r in range(repeats + 1):  # the first run warms caches and is not counted
        t0 = time.process_time()
        run(shape.RadiomicsShape, "shape", image, mask, bin_width, values)
        t1 = time.process_time()
        for name, cls in NON_SHAPE:
            run(cls, name, image, mask, bin_width, values)
        t2 = time.process_time()
        if r > 0:
            shape_ms.append(1e3 * (t1 - t0))
            nonshape_ms.append(1e3 * (t2 - t1))
    all_ms = [a + b for a, b in zip(shape_ms, nonshape_ms)]
    print("pyradiomics all %.3f shape %.3f nonshape %.3f" % (
        np.median(all_ms), np.median(shape_ms), np.median(nonshape_ms)))
    worst, worst_name, compared = 0.0, None, 0
    with open(os.path.join(directory, "deltarad.txt")) as f:
        for line in f:
            name, value = line.split()
            if name not in values:
                continue
            ours, theirs = float(value), values[name]
            compared += 1
            rel = 0.0 if ours == theirs else abs(ours - theirs) / max(abs(theirs), 1e-300)
            if rel > worst:
                worst, worst_name = rel, name
    print("pyradiomics %s (numpy %s, %s): %d features, %d compared with DeltaRad, max relative"
          " difference %.3g (%s)" % (radiomics.__version__, np.__version__, sys.executable,
                                     len(values), compared, worst, worst_name),
          file=sys.stderr)


if __name__ == "__main__":
    main()
