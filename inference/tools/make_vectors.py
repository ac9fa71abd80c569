#!/usr/bin/env python3
"""Regenerates the shared bean-count vectors (spec/vectors/bean-count/) and the test fixture photo
(inference/tests/fixtures/) from the labelled dataset: crops in which no labelled bean is cut by the crop's edge,
so the labelled count of the crop is exact. Images are PNG so that a JavaScript port reads the same pixels.

    inference/.venv/bin/python inference/tools/make_vectors.py [--data DIR]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

HERE = Path(__file__).resolve().parent
INF = HERE.parent
sys.path.insert(0, str(INF))

from kafae_inference import segment as S  # noqa: E402
from kafae_inference.dataset import load_polygons, rasterize  # noqa: E402
from kafae_inference.pipeline import CLASSES, prepare  # noqa: E402
from kafae_inference.training import DEFAULT_DATA  # noqa: E402

# (photo, crop size): chosen to cover the three sessions, black and light beans, touching beans
VECTORS = [
    ("ardido/20190403_155651.jpg", 200),  # 2019 session, dense, touching beans
    ("preto/20190401_154601.jpg", 200),  # black beans, touching
    ("ardido/20201103_173021.jpg", 200),  # 2020 session, sour
    ("marinheiro/20190401_150054.jpg", 200),  # parchment (light beans)
    ("verde/20190403_155203.jpg", 200),  # immature, some touching
    ("preto/20210212_165221.jpg", 200),  # 2021 session, black
]
FIXTURE = ("sadio/20201103_174144.jpg", 256)


def best_window(polys, w: int, h: int, size: int, step: int = 8):
    """The size x size window with the most whole labelled beans (each bean cut by the edge costs half a bean)."""
    boxes = np.array([[min(x for x, _ in p), min(y for _, y in p), max(x for x, _ in p), max(y for _, y in p)]
                      for _, p in polys])
    best = None
    for y0 in range(0, max(1, h - size + 1), step):
        for x0 in range(0, max(1, w - size + 1), step):
            x1, y1 = x0 + size, y0 + size
            inside = (boxes[:, 0] >= x0 + 3) & (boxes[:, 1] >= y0 + 3) & (boxes[:, 2] <= x1 - 4) & (boxes[:, 3] <= y1 - 4)
            touches = (boxes[:, 2] >= x0 - 3) & (boxes[:, 0] <= x1 + 2) & (boxes[:, 3] >= y0 - 3) & (boxes[:, 1] <= y1 + 2)
            score = inside.sum() - 0.5 * (touches & ~inside).sum()
            if best is None or score > best[0]:
                best = (score, x0, y0, inside, touches & ~inside)
    return best


def crop(data: Path, rel: str, size: int):
    """A crop with the labelled beans it would cut painted over with the background estimate (dilated 3 px)."""
    img = ImageOps.exif_transpose(Image.open(data / "images" / rel)).convert("RGB")
    polys, _ = load_polygons((data / "images" / rel).with_suffix(".json"))
    _, x0, y0, inside, cut = best_window(polys, img.width, img.height, size)
    a = np.asarray(img).copy()
    if cut.any():
        lab = rasterize([p for p, c in zip(polys, cut) if c], img.size, 1.0) > 0
        for _ in range(3):
            lab = S.dilate3(lab)
        bg, _ = S.estimate_background(a)
        a[lab] = np.clip(bg[lab] + 0.5, 0, 255).astype(np.uint8)
    sub = Image.fromarray(a[y0:y0 + size, x0:x0 + size])
    kept = [{"label": CLASSES[c], "points": [[round(x - x0, 1), round(y - y0, 1)] for x, y in p]}
            for (c, p), k in zip(polys, inside) if k]
    return sub, kept, (x0, y0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()
    src = args.data / "SOURCE.txt"
    out = INF.parent / "spec" / "vectors" / "bean-count"
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    for rel, size in VECTORS:
        sub, kept, (x0, y0) = crop(args.data, rel, size)
        name = rel.replace("/", "-").replace(".jpg", f"-{x0}-{y0}.png")
        sub.save(out / name, optimize=True)
        px = np.asarray(Image.open(out / name).convert("RGB"))
        seg = S.segment(px)
        prep = prepare(Image.open(out / name).convert("RGB"))
        assert prep.scale == 1.0, "vectors must be at processing scale 1"
        cases.append({
            "image": name, "source": f"images/{rel}", "crop": [x0, y0, size, size],
            "trueCount": len(kept), "pythonCount": seg.count,
            "pythonSteps": {"otsuThreshold": seg.threshold, "medianBeanArea": seg.median_area,
                            "hMaxima": seg.stats["h"], "touchingBeans": seg.stats["touching_beans"]},
        })
        print(name, len(kept), seg.count, file=sys.stderr)
    doc = {
        "description": "Bean counting vectors: PNG crops of dataset photos (no labelled bean cut by the edge). "
                       "pythonCount is inference/kafae_inference/segment.py's segment() on the PNG's RGB pixels "
                       "(processing scale 1); a port must match it within max(1, 2 %) beans. trueCount is the "
                       "number of labelled beans in the crop. See inference/SEGMENTATION.md.",
        "tolerance": {"absolute": 1, "relative": 0.02},
        "cases": cases,
    }
    (out / "bean-count.json").write_text(json.dumps(doc, indent=1) + "\n")
    shutil.copy(src, out / "SOURCE.txt")
    shutil.copy(args.data / "LICENSE", out / "LICENSE")

    fx = INF / "tests" / "fixtures"
    fx.mkdir(parents=True, exist_ok=True)
    rel, size = FIXTURE
    sub, kept, (x0, y0) = crop(args.data, rel, size)
    sub.save(fx / "beans.jpg", quality=92)
    (fx / "beans.json").write_text(json.dumps(kept) + "\n")
    (fx / "beans.meta.json").write_text(json.dumps({"source": f"images/{rel}", "crop": [x0, y0, size, size],
                                                     "trueCount": len(kept)}) + "\n")
    shutil.copy(src, fx / "SOURCE.txt")
    shutil.copy(args.data / "LICENSE", fx / "LICENSE")
    print("fixture", len(kept), S.segment(np.asarray(Image.open(fx / "beans.jpg").convert("RGB"))).count,
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
