"""Reading labelled photos (images/<class>/<photo>.jpg + <photo>.json, a list of {label, points}) and turning
them into per-bean features, both on the labelled outlines and on the beans our segmentation finds."""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageOps

from .pipeline import CLASSES, DATASET_LABELS, bean_lengths, features_for_labels, prepare

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
MATCH_IOU = 0.5


def class_of_label(label: str) -> str | None:
    """Our class for a polygon label: our own names, or the dataset's Portuguese ones (case-insensitive)."""
    key = label.strip()
    for c in CLASSES:
        if key.lower() == c.lower():
            return c
    return DATASET_LABELS.get(key.lower())


def find_photos(root: Path) -> list[Path]:
    """Every image under root/images/<folder>/ (or root/<folder>/ when root is the images folder itself) that has
    a .json beside it."""
    base = root / "images" if (root / "images").is_dir() else root
    out = []
    for p in sorted(base.glob("*/*")):
        if p.suffix.lower() in IMAGE_SUFFIXES and p.with_suffix(".json").is_file():
            out.append(p)
    return out


def session_of(photo: Path) -> str:
    """Capture session from a file name that starts with the date (YYYYMMDD_...): 'YYYY-MM'; else 'unknown'."""
    stem = photo.stem
    if len(stem) >= 6 and stem[:6].isdigit():
        return f"{stem[:4]}-{stem[4:6]}"
    return "unknown"


@dataclass
class PhotoRecord:
    path: str
    group: str  # the photo's id for grouped splits
    session: str
    true_classes: list  # class index of every labelled bean (polygon order)
    true_features: np.ndarray  # features on the labelled outlines
    seg_features: np.ndarray  # features of the beans our segmentation finds
    seg_match: np.ndarray  # for each segmented bean: the index of the matched polygon, or -1
    seg_count: int
    true_count: int
    scale: float
    seconds_segmentation: float
    median_len_px: float = 0.0
    skipped_labels: dict = field(default_factory=dict)


def load_polygons(json_path: Path) -> tuple[list, dict]:
    data = json.loads(json_path.read_text())
    if isinstance(data, dict):  # tolerate a LabelMe-style wrapper
        data = data.get("shapes", [])
    polys, skipped = [], {}
    for item in data:
        cls = class_of_label(str(item.get("label", "")))
        pts = item.get("points") or []
        if cls is None or len(pts) < 3:
            lbl = str(item.get("label", ""))
            skipped[lbl] = skipped.get(lbl, 0) + 1
            continue
        polys.append((CLASSES.index(cls), [(float(x), float(y)) for x, y in pts]))
    return polys, skipped


def rasterize(polys: list, size: tuple[int, int], scale: float) -> np.ndarray:
    """Label image (polygon i -> i + 1) of the polygons at the processing scale; later polygons win overlaps."""
    im = Image.new("I", size, 0)
    d = ImageDraw.Draw(im)
    for i, (_, pts) in enumerate(polys):
        d.polygon([((x + 0.5) * scale - 0.5, (y + 0.5) * scale - 0.5) for x, y in pts], fill=i + 1)
    return np.asarray(im, dtype=np.int32)


def match_by_iou(true_lab: np.ndarray, n_true: int, seg_lab: np.ndarray, n_seg: int,
                 min_iou: float = MATCH_IOU) -> np.ndarray:
    """For each segmented bean, the polygon it matches (IoU >= min_iou, mutual best), else -1."""
    sel = (true_lab > 0) | (seg_lab > 0)
    ov = np.zeros((n_true + 1, n_seg + 1), dtype=np.int64)
    np.add.at(ov, (true_lab[sel], seg_lab[sel]), 1)
    at = np.bincount(true_lab.ravel(), minlength=n_true + 1)
    as_ = np.bincount(seg_lab.ravel(), minlength=n_seg + 1)
    iou = ov / np.maximum(at[:, None] + as_[None, :] - ov, 1)
    iou[0, :] = 0
    iou[:, 0] = 0
    match = np.full(n_seg, -1, dtype=np.int64)
    for j in range(1, n_seg + 1):
        i = int(np.argmax(iou[:, j]))
        if iou[i, j] >= min_iou and int(np.argmax(iou[i, :])) == j:
            match[j - 1] = i - 1
    return match


def process_photo(photo: Path, root: Path) -> PhotoRecord:
    img = Image.open(photo)
    img = ImageOps.exif_transpose(img).convert("RGB")
    polys, skipped = load_polygons(photo.with_suffix(".json"))
    t0 = time.process_time()
    prep = prepare(img)
    t_seg = time.process_time() - t0
    h, w = prep.work.shape[:2]
    true_lab = rasterize(polys, (w, h), prep.scale)
    n_true = len(polys)
    true_feats = features_for_labels(prep, true_lab, n_true)
    seg_feats = features_for_labels(prep, prep.seg.labels, prep.seg.count)
    match = match_by_iou(true_lab, n_true, prep.seg.labels, prep.seg.count)
    lengths = bean_lengths(true_lab, n_true) / prep.scale
    rel = photo.relative_to(root)
    return PhotoRecord(
        path=str(rel), group=str(rel.with_suffix("")), session=session_of(photo),
        true_classes=[c for c, _ in polys], true_features=true_feats, seg_features=seg_feats, seg_match=match,
        seg_count=prep.seg.count, true_count=n_true, scale=prep.scale, seconds_segmentation=t_seg,
        median_len_px=float(np.median(lengths)) if len(lengths) else 0.0, skipped_labels=skipped,
    )


def load_dataset(roots: list[Path], verbose: bool = True) -> list[PhotoRecord]:
    out = []
    for root in roots:
        photos = find_photos(root)
        if verbose:
            print(f"{root}: {len(photos)} labelled photos", file=sys.stderr)
        for p in photos:
            rec = process_photo(p, root)
            rec.group = f"{root.name}/{rec.group}"
            out.append(rec)
            if verbose:
                print(f"  {rec.path}: {rec.true_count} labelled, {rec.seg_count} found, scale {rec.scale:.2f}",
                      file=sys.stderr)
    return out
