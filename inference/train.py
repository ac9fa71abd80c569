#!/usr/bin/env python3
"""Trains the bean classifier and writes inference/model/bean_classifier.onnx (+ .json metadata).

    inference/.venv-train/bin/python inference/train.py [--data DIR] [--extra DIR ...] [--model gbm]

Data layout (the public dataset and `kafae export training-data` alike): DIR/images/<folder>/<photo>.jpg with
<photo>.json beside it, a list of {"label": ..., "points": [[x, y], ...]}. Labels may be our class names or the
dataset's Portuguese ones; a photo may hold several classes. Run under `nice -n 19` with one thread
(OMP_NUM_THREADS=1): every step is single-threaded.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from kafae_inference import training  # noqa: E402
from kafae_inference.model import META_FILE, MODEL_DIR, MODEL_FILE  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=training.DEFAULT_DATA,
                    help="the labelled dataset (default: ../shared/data/beans/wbmagalhaes-coffee-classification)")
    ap.add_argument("--extra", type=Path, action="append", default=[],
                    help="another dataset in the same layout, e.g. confirmed photos exported by the platform "
                         "(repeatable)")
    ap.add_argument("--model", choices=training.MODEL_KINDS, default=training.DEFAULT_KIND)
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--version", default=None, help="model version string (default: date and model kind)")
    ap.add_argument("--cache", type=Path, default=HERE / ".cache" / "features.pkl",
                    help="feature cache (rebuilt when the code or the data folders change)")
    ap.add_argument("--no-cache", action="store_true")
    args = ap.parse_args(argv)

    roots = [args.data] + list(args.extra)
    for r in roots:
        if not r.is_dir():
            print(f"error: no such dataset folder: {r}", file=sys.stderr)
            return 2
    recs = training.load_records(roots, None if args.no_cache else args.cache)
    X, y, _ = training.training_matrix(recs)
    if len(set(y.tolist())) < 2:
        print("error: need beans of at least two classes", file=sys.stderr)
        return 2
    t0 = time.process_time()
    model = training.fit(args.model, X, y)
    print(f"trained {args.model} on {len(X)} rows from {len(recs)} photos in {time.process_time() - t0:.1f} s CPU",
          file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    version = args.version or f"beans-{time.strftime('%Y%m%d')}-{args.model}"
    training.export_onnx(model, args.out / MODEL_FILE)
    training.write_metadata(args.out / META_FILE, args.model, version, recs, len(X))
    size = (args.out / MODEL_FILE).stat().st_size
    print(f"wrote {args.out / MODEL_FILE} ({size / 1e6:.2f} MB), version {version}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
