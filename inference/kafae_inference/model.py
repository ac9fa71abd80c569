"""The bean classifier: an ONNX model over the features of features.py, run by onnxruntime."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .features import FEATURE_NAMES, N_FEATURES
from .pipeline import CLASSES

MODEL_DIR = Path(__file__).resolve().parent.parent / "model"
MODEL_FILE = "bean_classifier.onnx"
META_FILE = "bean_classifier.json"


class ModelError(RuntimeError):
    pass


class OnnxClassifier:
    def __init__(self, model_dir: Path = MODEL_DIR):
        import onnxruntime as ort  # imported here so the package imports without it (training helpers)

        meta_path = model_dir / META_FILE
        onnx_path = model_dir / MODEL_FILE
        if not onnx_path.is_file() or not meta_path.is_file():
            raise ModelError(f"no model in {model_dir} (expected {MODEL_FILE} and {META_FILE})")
        self.meta = json.loads(meta_path.read_text())
        if self.meta.get("classes") != CLASSES:
            raise ModelError(f"model classes {self.meta.get('classes')} differ from {CLASSES}")
        if self.meta.get("features") != FEATURE_NAMES:
            raise ModelError("model was trained on other features than this code computes; retrain it")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_path), sess_options=opts, providers=["CPUExecutionProvider"])
        self.input_name = self.session.get_inputs()[0].name
        outs = self.session.get_outputs()
        self.prob_name = next((o.name for o in outs if "prob" in o.name.lower()), outs[-1].name)
        self.version = str(self.meta.get("version", "unknown"))

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float32).reshape(-1, N_FEATURES)
        if len(x) == 0:
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        p = self.session.run([self.prob_name], {self.input_name: x})[0]
        if isinstance(p, list):  # a ZipMap output: list of {class: prob}
            p = np.array([[d[i] for i in range(len(CLASSES))] for d in p], dtype=np.float32)
        return np.asarray(p, dtype=np.float32)
