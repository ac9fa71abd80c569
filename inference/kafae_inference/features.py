"""Hand-crafted features of one bean, in numpy (the same code runs in training and in the service).

Colour is taken relative to the local background estimate (a per-pixel white balance: the paper under the beans
is the white reference), so the features describe the bean, not the lamp or the camera. Everything is computed
on the processing scale chosen by the pipeline (the median bean about 25-48 px long), so texture measures see
beans at a similar size whatever the photo's resolution.
"""
from __future__ import annotations

import numpy as np

from .segment import erode3, label_components, mask_hull, polygon_area

MARGIN = 3  # pixels around the bean's box that the crop keeps (texture neighbours, the rim)

_STAT_CHANNELS = ["R", "G", "B", "Y", "S", "L", "a", "b", "rg", "yb"]
_STATS = ["mean", "std", "p10", "p25", "p50", "p75", "p90"]
_L_BINS = np.array([0, 20, 30, 40, 50, 60, 70, 80, 1000], dtype=np.float64)
_A_BINS = np.array([-1000, -5, 0, 5, 10, 15, 1000], dtype=np.float64)
_B_BINS = np.array([-1000, 10, 20, 30, 40, 50, 1000], dtype=np.float64)
_DARK_LEVELS = [0.15, 0.25, 0.35, 0.45, 0.55]


def _names() -> list[str]:
    names = [f"{c}_{s}" for c in _STAT_CHANNELS for s in _STATS]
    names += [f"Lhist_{i}" for i in range(len(_L_BINS) - 1)]
    names += [f"ahist_{i}" for i in range(len(_A_BINS) - 1)]
    names += [f"bhist_{i}" for i in range(len(_B_BINS) - 1)]
    names += [f"dark_lt_{t}" for t in _DARK_LEVELS]
    names += [f"lbp1_{i}" for i in range(10)] + [f"lbp2_{i}" for i in range(10)]
    names += ["grad_mean", "grad_std", "grad_p90", "lap_mean", "lap_std"]
    names += ["spot_frac", "spot_blobs", "spot_frac_strong", "bright_frac"]
    names += ["rim_Y", "core_Y", "rim_core_dY", "rim_S", "core_S", "rim_core_dS", "rim_b", "core_b"]
    names += ["solidity", "elongation", "circularity", "extent_hull"]
    return names


FEATURE_NAMES = _names()
N_FEATURES = len(FEATURE_NAMES)


def srgb_to_lab(n: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65 white) of sRGB values in [0, 1] (IEC 61966-2-1 transfer curve, CIE 15:2004 formulas)."""
    c = np.clip(n, 0.0, None)
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124564, 0.3575761, 0.1804375],
                  [0.2126729, 0.7151522, 0.0721750],
                  [0.0193339, 0.1191920, 0.9503041]])
    xyz = lin @ m.T
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    eps = (6.0 / 29.0) ** 3
    f = np.where(xyz > eps, np.cbrt(xyz), xyz / (3 * (6.0 / 29.0) ** 2) + 4.0 / 29.0)
    L = 116.0 * f[..., 1] - 16.0
    a = 500.0 * (f[..., 0] - f[..., 1])
    b = 200.0 * (f[..., 1] - f[..., 2])
    return np.stack([L, a, b], axis=-1)


def _lbp(y: np.ndarray, r: int) -> np.ndarray:
    """Uniform local binary patterns with 8 neighbours at offset r on a square (Ojala, Pietikainen & Maenpaa 2002,
    IEEE PAMI 24(7)): 0..8 = number of neighbours >= centre for patterns with at most two 0/1 transitions around
    the circle, 9 = every other pattern."""
    h, w = y.shape
    p = np.pad(y, r, mode="edge")
    offs = [(-r, -r), (-r, 0), (-r, r), (0, r), (r, r), (r, 0), (r, -r), (0, -r)]  # clockwise
    bits = np.stack([p[r + dy:r + dy + h, r + dx:r + dx + w] >= y for dy, dx in offs], axis=0).astype(np.int8)
    transitions = np.abs(np.diff(np.concatenate([bits, bits[:1]], axis=0), axis=0)).sum(axis=0)
    ones = bits.sum(axis=0)
    return np.where(transitions <= 2, ones, 9)


def _stats(v: np.ndarray) -> list[float]:
    if v.size == 0:
        return [0.0] * len(_STATS)
    q = np.percentile(v, [10, 25, 50, 75, 90])
    return [float(v.mean()), float(v.std())] + [float(x) for x in q]


def _hist(v: np.ndarray, edges: np.ndarray) -> list[float]:
    h, _ = np.histogram(v, bins=edges)
    return (h / max(1, v.size)).tolist()


LINEAR_BALANCE = True


def _to_linear(c: np.ndarray) -> np.ndarray:
    """sRGB (0..1) to linear light (IEC 61966-2-1)."""
    return np.where(c <= 0.04045, c / 12.92, ((np.clip(c, 0, None) + 0.055) / 1.055) ** 2.4)


def _to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0.0, None)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * np.power(c, 1 / 2.4) - 0.055)


def relative_colour(rgb: np.ndarray, bg: np.ndarray) -> np.ndarray:
    """The bean's colour with the local background as white: divided channel by channel in linear light (so a
    brighter or warmer lamp, or a longer exposure, cancels out), then encoded back with the sRGB curve."""
    if not LINEAR_BALANCE:
        return np.clip(rgb / np.maximum(bg, 1.0), 0.0, 1.5)
    lin = _to_linear(rgb / 255.0) / np.maximum(_to_linear(bg / 255.0), 1e-4)
    return np.clip(_to_srgb(lin), 0.0, 1.5)


def bean_features(rgb: np.ndarray, bg: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """rgb, bg: (h, w, 3) float arrays 0..255 (a crop with MARGIN pixels around the bean); mask: (h, w) bool."""
    n = relative_colour(rgb, bg)
    y = (n[..., 0] * 0.299 + n[..., 1] * 0.587 + n[..., 2] * 0.114)
    mx = n.max(axis=2)
    mn = n.min(axis=2)
    sat = np.where(mx > 1e-6, (mx - mn) / np.maximum(mx, 1e-6), 0.0)
    lab = srgb_to_lab(np.clip(n, 0.0, 1.0))
    rg = n[..., 0] - n[..., 1]
    yb = (n[..., 0] + n[..., 1]) / 2.0 - n[..., 2]
    m = mask
    area = int(m.sum())
    chans = [n[..., 0], n[..., 1], n[..., 2], y, sat, lab[..., 0], lab[..., 1], lab[..., 2], rg, yb]
    f: list[float] = []
    for c in chans:
        f += _stats(c[m])
    f += _hist(lab[..., 0][m], _L_BINS) + _hist(lab[..., 1][m], _A_BINS) + _hist(lab[..., 2][m], _B_BINS)
    ym = y[m]
    f += [float((ym < t).mean()) if area else 0.0 for t in _DARK_LEVELS]
    inner = erode3(m)
    if inner.sum() < 4:
        inner = m
    for r in (1, 2):
        codes = _lbp(y, r)[inner]
        f += (np.bincount(codes, minlength=10)[:10] / max(1, codes.size)).tolist()
    # Sobel gradient magnitude and the 4-neighbour Laplacian of the relative luminance, inside the bean
    p = np.pad(y, 1, mode="edge")
    h, w = y.shape
    s = lambda dy, dx: p[1 + dy:1 + dy + h, 1 + dx:1 + dx + w]  # noqa: E731
    gx = (s(-1, 1) + 2 * s(0, 1) + s(1, 1)) - (s(-1, -1) + 2 * s(0, -1) + s(1, -1))
    gy = (s(1, -1) + 2 * s(1, 0) + s(1, 1)) - (s(-1, -1) + 2 * s(-1, 0) + s(-1, 1))
    g = np.hypot(gx, gy)[inner]
    lap = np.abs(s(-1, 0) + s(1, 0) + s(0, -1) + s(0, 1) - 4 * y)[inner]
    f += [float(g.mean()), float(g.std()), float(np.percentile(g, 90)), float(lap.mean()), float(lap.std())]
    # dark spots (insect holes, black patches): pixels well below the bean's median luminance
    med = float(np.median(ym)) if area else 0.0
    spots = inner & (y < med - 0.12)
    strong = inner & (y < med - 0.22)
    _, nblobs = label_components(spots & erode3(spots) | (strong), connectivity=8)
    bright = inner & (y > med + 0.15)
    ninner = max(1, int(inner.sum()))
    f += [float(spots.sum()) / ninner, float(nblobs), float(strong.sum()) / ninner, float(bright.sum()) / ninner]
    # rim (the outer two pixels) against the core
    core = erode3(erode3(m))
    if core.sum() < 4:
        core = m
    rim = m & ~core
    if rim.sum() == 0:
        rim = m
    f += [float(y[rim].mean()), float(y[core].mean()), float(y[rim].mean() - y[core].mean()),
          float(sat[rim].mean()), float(sat[core].mean()), float(sat[rim].mean() - sat[core].mean()),
          float(lab[..., 2][rim].mean()), float(lab[..., 2][core].mean())]
    # shape, scale-free: solidity, elongation from the second moments, circularity from the hull perimeter
    hull = mask_hull(m)
    ha = polygon_area(hull)
    solidity = area / ha if ha > 0 else 1.0
    ys, xs = np.nonzero(m)
    if area >= 3:
        cov = np.cov(np.stack([xs, ys]).astype(np.float64))
        ev = np.sort(np.linalg.eigvalsh(cov))
        elong = float(np.sqrt(max(ev[0], 1e-9) / max(ev[1], 1e-9)))
    else:
        elong = 1.0
    if len(hull) >= 3:
        per = float(np.sum(np.hypot(*(np.roll(hull, -1, axis=0) - hull).T)))
        circ = 4 * np.pi * ha / (per * per) if per > 0 else 0.0
    else:
        circ = 0.0
    bbox_area = float((xs.max() - xs.min() + 1) * (ys.max() - ys.min() + 1)) if area else 1.0
    f += [float(solidity), elong, float(circ), float(ha / bbox_area)]
    out = np.asarray(f, dtype=np.float32)
    assert out.shape[0] == N_FEATURES, (out.shape, N_FEATURES)
    return out


def crop_for(labels: np.ndarray, label: int, box: tuple[int, int, int, int]) -> tuple[slice, slice]:
    """The crop (with MARGIN) around a bean's box (y0, y1, x0, x1 exclusive), clipped to the image."""
    h, w = labels.shape
    y0, y1, x0, x1 = box
    return (slice(max(0, y0 - MARGIN), min(h, y1 + MARGIN)), slice(max(0, x0 - MARGIN), min(w, x1 + MARGIN)))
