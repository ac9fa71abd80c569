"""Training helpers shared by train.py and evaluate.py (need requirements-train.txt: scikit-learn, skl2onnx)."""
from __future__ import annotations

import hashlib
import json
import pickle
import sys
from pathlib import Path

import numpy as np

from .dataset import PhotoRecord, load_dataset
from .features import FEATURE_NAMES, N_FEATURES
from .pipeline import CLASSES

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "beans" / "wbmagalhaes-coffee-classification"
CACHE_VERSION = 3


def _code_fingerprint() -> str:
    """Hash of the code that computes features, so a feature cache is never reused after the code changed."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("segment.py", "features.py", "pipeline.py", "dataset.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def load_records(roots: list[Path], cache: Path | None = None) -> list[PhotoRecord]:
    key = {"v": CACHE_VERSION, "code": _code_fingerprint(), "roots": [str(r.resolve()) for r in roots]}
    if cache is not None and cache.is_file():
        try:
            with cache.open("rb") as f:
                stored_key, recs = pickle.load(f)
            if stored_key == key:
                print(f"features from cache {cache}", file=sys.stderr)
                return recs
        except Exception:  # a stale or broken cache is simply rebuilt
            pass
    recs = load_dataset(roots)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as f:
            pickle.dump((key, recs), f)
    return recs


def training_matrix(recs: list[PhotoRecord], with_segmented: bool = True):
    """X, y, group index per row. Rows: every labelled outline, plus (with_segmented) every segmented bean matched
    to a labelled outline, labelled with that outline's class (so the model also sees our own masks)."""
    xs, ys, gs = [], [], []
    for i, r in enumerate(recs):
        if r.true_count:
            xs.append(r.true_features)
            ys.append(np.asarray(r.true_classes))
            gs.append(np.full(r.true_count, i))
        if with_segmented and r.seg_count:
            ok = r.seg_match >= 0
            if ok.any():
                xs.append(r.seg_features[ok])
                ys.append(np.asarray(r.true_classes)[r.seg_match[ok]])
                gs.append(np.full(int(ok.sum()), i))
    if not xs:
        return np.zeros((0, N_FEATURES), np.float32), np.zeros(0, int), np.zeros(0, int)
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys).astype(int), np.concatenate(gs).astype(int)


MODEL_KINDS = ("logreg", "forest", "gbm")
DEFAULT_KIND = "logreg"


def make_model(kind: str, seed: int = 0):
    from sklearn.ensemble import ExtraTreesClassifier, HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "logreg":
        return make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=3000, class_weight="balanced"))
    if kind == "forest":
        return ExtraTreesClassifier(n_estimators=200, min_samples_leaf=3, max_features="sqrt", n_jobs=1,
                                    class_weight="balanced", random_state=seed)
    if kind == "gbm":
        return HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                              l2_regularization=1.0, class_weight="balanced", random_state=seed)
    raise ValueError(kind)


def fit(kind: str, X: np.ndarray, y: np.ndarray, seed: int = 0):
    m = make_model(kind, seed)
    m.fit(X, y)
    return m


def proba_full(model, X: np.ndarray) -> np.ndarray:
    """predict_proba with a column for every class, even those absent from a training fold."""
    p = model.predict_proba(X)
    out = np.zeros((len(X), len(CLASSES)), dtype=np.float64)
    out[:, model.classes_] = p
    return out


def export_onnx(model, path: Path) -> None:
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType

    onx = to_onnx(model, initial_types=[("features", FloatTensorType([None, N_FEATURES]))],
                  options={id(model): {"zipmap": False}}, target_opset=17)
    path.write_bytes(onx.SerializeToString())


def write_metadata(path: Path, kind: str, version: str, recs: list[PhotoRecord], n_rows: int) -> None:
    meta = {
        "version": version,
        "kind": kind,
        "classes": CLASSES,
        "features": FEATURE_NAMES,
        "trainedOn": {"photos": len(recs), "rows": n_rows,
                      "beansPerClass": {c: int(sum(r.true_classes.count(i) for r in recs))
                                        for i, c in enumerate(CLASSES)}},
    }
    path.write_text(json.dumps(meta, indent=1) + "\n")
