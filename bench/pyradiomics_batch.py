#!/usr/bin/env python3
"""PyRadiomics' side of bench/bench-extract-vs-pyradiomics.sh: a batch over a manifest.

Runs PyRadiomics 3.1's RadiomicsFeatureExtractor on every row of a DeltaRad manifest (image and mask
paths relative to the manifest's directory), in JOBS worker processes as `pyradiomics --jobs JOBS`
does, with the settings and feature classes of a DeltaRad parameter file. Each worker reads the
.nii.gz files itself (SimpleITK.ReadImage, or bench/pyradiomics-standin's numpy version where
SimpleITK is not installed). The file's `deltaradNormalize: mean100` (the paper's f * 100 / mean(f)
over the whole image, which PyRadiomics has no setting for) is applied to the image before
`execute`, in the worker, with DeltaRad's arithmetic: the exact integer sum of 16-bit voxels over
their count, then v * 100 / mean in double.

Writes OUT_CSV (patient_id, timepoint, reader, then every feature, values as repr: round-trip
exact) and prints one JSON line: {"volumes", "failed", "seconds"} (wall time from the pool's start
to the last result, interpreter start and imports excluded; they are printed as "start_seconds").

Usage: PYTHONPATH=$PYRADIOMICS_SRC:bench/pyradiomics-standin \
         python3 bench/pyradiomics_batch.py MANIFEST PARAMS.yaml JOBS OUT_CSV
"""
import csv
import json
import logging
import multiprocessing
import os
import sys
import time

T_START = time.time()

import numpy as np  # noqa: E402
import yaml  # noqa: E402

import SimpleITK as sitk  # noqa: E402
from radiomics import featureextractor  # noqa: E402

_EXTRACTOR = None
_MEAN100 = False


def make_extractor(params_file):
    with open(params_file) as f:
        params = yaml.safe_load(f)
    settings = dict(params.get("setting") or {})
    normalize = settings.pop("deltaradNormalize", "none")
    if normalize not in ("none", "mean100"):
        raise SystemExit("deltaradNormalize: %s is not supported here" % normalize)
    settings["additionalInfo"] = False  # diagnostics off: less work for PyRadiomics, not more
    extractor = featureextractor.RadiomicsFeatureExtractor(**settings)
    extractor.disableAllImageTypes()
    for image_type, custom in (params.get("imageType") or {"Original": {}}).items():
        extractor.enableImageTypeByName(image_type, customArgs=custom or {})
    classes = params.get("featureClass")
    if classes:
        extractor.disableAllFeatures()
        extractor.enableFeaturesByName(**{k: (v or []) for k, v in classes.items()})
    return extractor, normalize == "mean100"


def init_worker(params_file):
    global _EXTRACTOR, _MEAN100
    logging.getLogger("radiomics").setLevel(logging.ERROR)
    _EXTRACTOR, _MEAN100 = make_extractor(params_file)


def mean100(image):
    """f * 100 / mean(f) as DeltaRad computes it (exact integer sum for integer voxels)."""
    a = sitk.GetArrayFromImage(image)
    total = int(a.sum(dtype=np.int64)) if a.dtype.kind in "iu" else float(np.sum(a, dtype=np.float64))
    normalised = sitk.GetImageFromArray(a.astype(np.float64) * 100 / (total / a.size))
    normalised.CopyInformation(image)
    return normalised


def extract(row):
    key, image_path, mask_path = row
    try:
        image = sitk.ReadImage(image_path)
        if _MEAN100:
            image = mean100(image)
        values = _EXTRACTOR.execute(image, mask_path)
        return key, {k: float(v) for k, v in values.items()}, None
    except Exception as e:  # one failed case is one error line, as in the CLI
        return key, None, "%s: %s" % (type(e).__name__, e)


def read_manifest(path):
    base = os.path.dirname(os.path.abspath(path))
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            r = {k.lower(): v for k, v in r.items()}
            rows.append(((r["patient_id"], r["timepoint"], r["reader"]),
                         os.path.join(base, r["image"]), os.path.join(base, r["mask"])))
    return rows


def main():
    manifest, params_file, jobs, out_csv = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    rows = read_manifest(manifest)
    started = time.time()
    results, failed = [], 0
    with multiprocessing.Pool(jobs, initializer=init_worker, initargs=(params_file,)) as pool:
        for key, values, error in pool.imap(extract, rows, chunksize=1):
            if error:
                failed += 1
                print("pyradiomics: %s: %s" % ("/".join(key), error), file=sys.stderr)
            else:
                results.append((key, values))
    seconds = time.time() - started
    names = sorted(results[0][1]) if results else []
    with open(out_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["patient_id", "timepoint", "reader"] + names)
        for key, values in results:
            w.writerow(list(key) + [repr(values[n]) for n in names])
    print(json.dumps({"volumes": len(rows), "failed": failed, "seconds": round(seconds, 3),
                      "start_seconds": round(started - T_START, 3)}))


if __name__ == "__main__":
    main()
