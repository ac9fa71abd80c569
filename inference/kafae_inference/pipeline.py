"""Photo -> beans -> classes -> counts, SCA defect keys and photo-quality warnings."""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from PIL import Image

from . import segment as seg_mod
from .features import N_FEATURES, bean_features, crop_for

CLASSES = ["sound", "black", "sour", "insectDamage", "parchment", "immature"]

# Our classes -> the SCA arabica defect keys of the grading calculator (Sources/KafaeDomain/Grading). The values
# sent are bean counts; the calculator turns them into full defects with each key's perFullDefect. Why each one:
# MODEL_CARD.md, "From classes to SCA defects".
SCA_DEFECT_OF_CLASS = {
    "black": "fullBlack",
    "sour": "fullSour",
    "insectDamage": "slightInsectDamage",
    "parchment": "parchment",
    "immature": "immature",
}

# The dataset's Portuguese (Brazilian COB) names -> ours.
DATASET_LABELS = {
    "ardido": "sour",
    "brocado": "insectDamage",
    "marinheiro": "parchment",
    "preto": "black",
    "verde": "immature",
    "sadio": "sound",
}

WORK_MAX_SIDE = 1024  # the first segmentation pass runs with the longer side at most this long
WORK_MAX_PIXELS = 4_000_000  # a finer second pass never exceeds this many pixels
BEAN_LEN_MAX = 48.0  # beans longer than this (px, at the processing scale) are processed smaller...
BEAN_LEN_TARGET = 40.0  # ...at this length
BEAN_LEN_MIN = 22.0  # beans shorter than this after the first pass ask for a finer pass when the photo allows

# Warnings (thresholds measured on the dataset's photos: MODEL_CARD.md, "Photo checks")
MIN_BEAN_LENGTH_PX = 20.0  # median bean length in the original photo below which the photo is too small
BLUR_MIN = 0.0020  # variance of the Laplacian of relative luminance inside beans below which a photo is blurred
CROWDED_TOUCHING_FRACTION = 0.50  # share of beans found touching others above which a photo is crowded
CROWDED_COVER_FRACTION = 0.45  # share of the photo covered by beans above which a photo is crowded
DARK_BACKGROUND_Y = 90.0  # median background luminance (0..255) below which a photo is too dark
BRIGHT_CLIPPED_FRACTION = 0.02  # share of bean pixels with a channel at 255 above which a photo is too bright
UNEVEN_LIGHT_RATIO = 0.45  # (p95 - p5) / p95 of the background luminance above which lighting is uneven

WARNING_TEXT = {
    "no_beans": "No beans were found. Photograph the beans from above on plain white paper.",
    "beans_too_small": "The beans are too small in this photo for reliable results: move the camera closer or use a "
                       "higher resolution (each bean should be at least {min:.0f} pixels long; here about {val:.0f}).",
    "blurred": "The photo looks blurred: hold the camera still, let it focus, and use more light.",
    "crowded": "Many beans touch or overlap, so the count may be off: spread the beans in one layer so that they "
               "do not touch.",
    "too_dark": "The photo is too dark: use more (diffuse) light or a white background.",
    "too_bright": "The photo is overexposed (bean colours are clipped): use less light or lower the exposure.",
    "uneven_lighting": "The lighting is uneven (shadows or a dark corner): use even, diffuse light over the whole "
                       "sample.",
}


@dataclass
class Prepared:
    """A photo at its processing scale, with its segmentation."""
    work: np.ndarray  # (h, w, 3) uint8 at scale
    scale: float  # processing pixels per original pixel
    seg: seg_mod.Segmentation
    width: int
    height: int


def resize_to(img: Image.Image, scale: float) -> np.ndarray:
    if abs(scale - 1.0) < 1e-9:
        return np.asarray(img.convert("RGB"))
    w = max(1, int(round(img.width * scale)))
    h = max(1, int(round(img.height * scale)))
    return np.asarray(img.convert("RGB").resize((w, h), Image.BOX))


def bean_lengths(labels: np.ndarray, n: int) -> np.ndarray:
    """Length of each labelled region: the major axis of the ellipse with the same second moments, 4 sqrt(l1)."""
    if n == 0:
        return np.zeros(0)
    ys, xs = np.nonzero(labels)
    lab = labels[ys, xs]
    cnt = np.bincount(lab, minlength=n + 1).astype(np.float64)
    cnt[cnt == 0] = 1
    mx = np.bincount(lab, xs, minlength=n + 1) / cnt
    my = np.bincount(lab, ys, minlength=n + 1) / cnt
    dx = xs - mx[lab]
    dy = ys - my[lab]
    sxx = np.bincount(lab, dx * dx, minlength=n + 1) / cnt + 1 / 12.0
    syy = np.bincount(lab, dy * dy, minlength=n + 1) / cnt + 1 / 12.0
    sxy = np.bincount(lab, dx * dy, minlength=n + 1) / cnt
    l1 = (sxx + syy) / 2 + np.sqrt(((sxx - syy) / 2) ** 2 + sxy ** 2)
    return (4 * np.sqrt(l1))[1:]


def choose_scale(first_scale: float, median_len_at_first: float, width: int, height: int) -> float:
    if median_len_at_first <= 0:
        return first_scale
    if median_len_at_first > BEAN_LEN_MAX:
        return first_scale * BEAN_LEN_TARGET / median_len_at_first
    if median_len_at_first < BEAN_LEN_MIN and first_scale < 1.0:
        s = min(1.0, first_scale * BEAN_LEN_TARGET / median_len_at_first)
        s = min(s, float(np.sqrt(WORK_MAX_PIXELS / (width * height))))
        return max(s, first_scale)
    return first_scale


def prepare(img: Image.Image, scale: float | None = None) -> Prepared:
    """Downscales and segments a photo. With scale=None the scale is chosen from a first segmentation pass so that
    the median bean is at most BEAN_LEN_MAX px long (finer when beans are tiny and the photo allows)."""
    width, height = img.size
    if scale is None:
        s1 = min(1.0, WORK_MAX_SIDE / max(width, height))
        work = resize_to(img, s1)
        seg = seg_mod.segment(work)
        lengths = bean_lengths(seg.labels, seg.count)
        med = float(np.median(lengths)) if len(lengths) else 0.0
        s = choose_scale(s1, med, width, height)
        if abs(s - s1) / s1 <= 0.10:
            return Prepared(work, s1, seg, width, height)
        scale = s
    work = resize_to(img, scale)
    return Prepared(work, scale, seg_mod.segment(work), width, height)


def boxes_of(labels: np.ndarray, n: int):
    y0, y1, x0, x1, area = seg_mod._component_slices(labels, n)
    return [(int(y0[k]), int(y1[k]), int(x0[k]), int(x1[k])) for k in range(1, n + 1)], area[1:]


def features_for_labels(prep: Prepared, labels: np.ndarray, n: int) -> np.ndarray:
    """Features of every labelled region (1..n) of a label image at the processing scale."""
    boxes, _ = boxes_of(labels, n)
    out = np.zeros((n, N_FEATURES), dtype=np.float32)
    rgb = prep.work.astype(np.float64)
    for i, box in enumerate(boxes):
        if box[1] <= box[0]:
            continue
        sl = crop_for(labels, i + 1, box)
        out[i] = bean_features(rgb[sl], prep.seg.background[sl], labels[sl] == i + 1)
    return out


def photo_checks(prep: Prepared, lengths_px: np.ndarray) -> tuple[list[dict], dict]:
    """Photo-quality warnings with their measurements."""
    seg = prep.seg
    warnings: list[dict] = []
    m: dict = {}

    def warn(code: str, **kw):
        warnings.append({"code": code, "message": WARNING_TEXT[code].format(**kw)})

    bg_y = seg_mod.luminance(seg.background)
    fg = seg.labels > 0
    y = seg_mod.luminance(prep.work)
    bgy = y[~fg] if (~fg).any() else y.ravel()
    m["backgroundMedianY"] = float(np.median(bgy))
    p5, p95 = np.percentile(bg_y, [5, 95])
    m["backgroundUnevenness"] = float((p95 - p5) / max(p95, 1.0))
    if seg.count == 0:
        warn("no_beans")
    else:
        med_len = float(np.median(lengths_px))
        m["medianBeanLengthPx"] = med_len
        if med_len < MIN_BEAN_LENGTH_PX:
            warn("beans_too_small", min=MIN_BEAN_LENGTH_PX, val=med_len)
        # variance of the 4-neighbour Laplacian of the relative luminance, inside the beans
        rel = y / np.maximum(bg_y, 1.0)
        p = np.pad(rel, 1, mode="edge")
        lap = p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4 * rel
        inner = seg_mod.erode3(fg)
        m["sharpness"] = float(lap[inner].var()) if inner.any() else 0.0
        if inner.any() and m["sharpness"] < BLUR_MIN:
            warn("blurred")
        touching = seg.stats.get("touching_beans", 0) / seg.count
        m["touchingFraction"] = float(touching)
        m["coveredFraction"] = float(fg.mean())
        if touching > CROWDED_TOUCHING_FRACTION or m["coveredFraction"] > CROWDED_COVER_FRACTION:
            warn("crowded")
        clipped = (prep.work[fg] >= 255).any(axis=1).mean()
        m["clippedBeanFraction"] = float(clipped)
        if clipped > BRIGHT_CLIPPED_FRACTION:
            warn("too_bright")
    if m["backgroundMedianY"] < DARK_BACKGROUND_Y:
        warn("too_dark")
    if m["backgroundUnevenness"] > UNEVEN_LIGHT_RATIO:
        warn("uneven_lighting")
    return warnings, m


class Analyzer:
    """Runs the pipeline with a classifier: any object with predict_proba(features (n, F) float32) -> (n, 6)."""

    def __init__(self, classifier, model_version: str):
        self.classifier = classifier
        self.model_version = model_version

    def analyze(self, img: Image.Image) -> dict:
        t0 = time.perf_counter()
        prep = prepare(img)
        seg = prep.seg
        n = seg.count
        boxes, areas = boxes_of(seg.labels, n)
        feats = features_for_labels(prep, seg.labels, n)
        probs = self.classifier.predict_proba(feats) if n else np.zeros((0, len(CLASSES)))
        inv = 1.0 / prep.scale
        beans = []
        counts = {c: 0 for c in CLASSES}
        for i, (y0, y1, x0, x1) in enumerate(boxes):
            k = int(np.argmax(probs[i]))
            cls = CLASSES[k]
            counts[cls] += 1
            hull = seg_mod.mask_hull(seg.labels[y0:y1, x0:x1] == i + 1, x0, y0)
            poly = [[round(float(px) * inv, 1), round(float(py) * inv, 1)] for px, py in hull]
            bx0, by0 = x0 * inv, y0 * inv
            bw, bh = (x1 - x0) * inv, (y1 - y0) * inv
            beans.append({
                "bbox": [round(bx0, 1), round(by0, 1), round(bw, 1), round(bh, 1)],
                "polygon": poly,
                "class": cls,
                "confidence": round(float(probs[i][k]), 4),
            })
        lengths_px = bean_lengths(seg.labels, n) * inv
        warnings, measures = photo_checks(prep, lengths_px)
        sca = {key: counts[cls] for cls, key in SCA_DEFECT_OF_CLASS.items()}
        return {
            "modelVersion": self.model_version,
            "image": {"width": prep.width, "height": prep.height},
            "beans": beans,
            "counts": counts,
            "scaDefects": sca,
            "warnings": warnings,
            "measurements": {**measures, "processingScale": round(prep.scale, 4),
                             "seconds": round(time.perf_counter() - t0, 3)},
        }
