"""Golden sizes for StratifiedSplit from scikit-learn's train_test_split.

Run from the repository root: python3 core/src/test/python/split_golden.py
(scikit-learn 1.9.1, numpy 2.4.6). For each synthetic cohort, strata are built as
StratifiedSplit builds them (event x follow-up quantile bin x field strength; numpy's default
'linear' percentile = R type 7; a time equal to a cut goes to the lower bin) and
train_test_split(test_size=1/3, stratify=strata) is run for 200 random states. numpy's draws
are not reproduced in Java, so the fixture keeps the sizes and, per stratum, the set of
training counts scikit-learn produced (one value unless fractional parts tie).
"""
import json

import numpy as np
from sklearn.model_selection import train_test_split


def strata(event, time, field, bins):
    cuts = np.percentile(time, [100.0 * k / bins for k in range(1, bins)]) if bins > 1 else []
    keys = []
    for e, t, f in zip(event, time, field):
        b = int(sum(1 for c in cuts if t > c))
        keys.append("event=%d|fu=%d|field=%s" % (e, b, f))
    return keys


rng = np.random.default_rng(505)
cases = []
for name, n, bins, p_event, p_15 in [("n110_median", 110, 2, 0.35, 0.4),
                                     ("n110_tertiles", 110, 3, 0.3, 0.5),
                                     ("n73_median", 73, 2, 0.4, 0.3),
                                     ("n200_tertiles", 200, 3, 0.25, 0.45),
                                     ("n45_median", 45, 2, 0.5, 0.5)]:
    while True:
        event = (rng.random(n) < p_event).astype(int)
        time = np.round(rng.random(n) * 600) / 10.0
        field = np.where(rng.random(n) < p_15, "1.5T", "3T")
        keys = strata(event, time, field, bins)
        _, counts = np.unique(keys, return_counts=True)
        if counts.min() >= 2:
            break
    ids = ["P%03d" % i for i in range(n)]
    allowed = {}
    sizes = set()
    for state in range(200):
        train, test = train_test_split(ids, test_size=1 / 3, stratify=keys, random_state=state)
        sizes.add((len(train), len(test)))
        tr = set(train)
        per = {}
        for i, k in zip(ids, keys):
            per[k] = per.get(k, 0) + (i in tr)
        for k, v in per.items():
            allowed.setdefault(k, set()).add(v)
    assert len(sizes) == 1
    n_train, n_test = sizes.pop()
    cases.append({
        "name": name, "bins": bins,
        "subjects": [{"id": i, "event": int(e), "followUp": float(t), "field": str(f)}
                     for i, e, t, f in zip(ids, event, time, field)],
        "n_train": n_train, "n_validation": n_test,
        "train_counts": {k: sorted(v) for k, v in sorted(allowed.items())},
    })

with open("core/src/test/resources/golden/split/sklearn_split.json", "w") as fh:
    json.dump(cases, fh, indent=None)
