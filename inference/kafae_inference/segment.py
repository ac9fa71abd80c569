"""Classical bean segmentation in plain numpy.

Every step is written so that it can be ported line by line to JavaScript (see SEGMENTATION.md, which
numbers the steps the same way as the comments below). No OpenCV, no scipy: only element-wise numpy
operations, sorting and small Python loops over runs, components and rows.

Input: an RGB image as a uint8 array of shape (H, W, 3) at the *working* scale (the caller downscales).
Output: a label image (int32, 0 = background, 1..N = beans) and per-bean statistics.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np

# --- Tunable constants (the JavaScript port must use the same values) -----------------------------------------------
BLOCK = 32  # background block size in pixels (step 2)
BG_PERCENTILE = 0.90  # per-block luminance percentile taken as the first background estimate (step 2)
BG_MIN_FRACTION = 0.15  # a block needs this share of background pixels for its own colour estimate (step 4)
CHROMA_WEIGHT = 1.0  # weight of the chroma term in the foreground score (step 5)
MIN_SCORE_THRESHOLD = 40  # Otsu's threshold is never below this score (0..255) (step 6)
MIN_AREA_FRACTION = 0.20  # components smaller than this share of the median bean area are dropped (step 10)
MIN_THICKNESS_FRACTION = 0.40  # ...and those whose thickness (max distance) is below this share of the median
SPLIT_AREA_FACTOR = 1.35  # components larger than this times the median area are candidates for splitting (step 11)
SPLIT_SOLIDITY = 0.90  # ...and so are components whose solidity is below this
SINGLE_SOLIDITY = 0.93  # components at least this solid set the expected bean's size (step 10)
H_MAXIMA_FRACTION = 0.22  # h of the h-maxima markers, as a share of the median bean's maximum distance (step 12)
H_MAXIMA_MIN = 3  # h is never below this (chamfer units: 3 = one pixel step)
KMEANS_AREA_FACTOR = 1.6  # a part still this many times the median bean is cut by k-means (step 15)
KMEANS_SOLID_FACTOR = 1.35  # ...and so is a part this large whose solidity is below KMEANS_SOLIDITY
KMEANS_SOLIDITY = 0.88
KMEANS_ALWAYS_FACTOR = 1.9  # from this size on a part is always cut; below it only when not convex:
KMEANS_CONVEX_SOLIDITY = 0.93  # a single large bean is convex, two beans side by side are not quite
KMEANS_ITERATIONS = 10
JOIN_AREA_FACTOR = 1.45  # touching parts that together are at most this large... (step 14b)
JOIN_SOLIDITY = 0.90  # ...and at least this solid are one bean
MERGE_FRACTION = 0.35  # watershed parts smaller than this share of the median bean join their neighbour (step 14)


@dataclass
class Segmentation:
    labels: np.ndarray  # (H, W) int32, 0 background
    count: int
    background: np.ndarray  # (H, W, 3) float64 background colour estimate
    score: np.ndarray  # (H, W) uint8 foreground score
    threshold: int
    median_area: float
    merged_components: int = 0  # components that were split or look like several beans
    stats: dict = field(default_factory=dict)


# --- Step 1: luminance ------------------------------------------------------------------------------------------------
def luminance(rgb: np.ndarray) -> np.ndarray:
    """ITU-R BT.601 luma weights (0.299, 0.587, 0.114) on float values."""
    rgb = rgb.astype(np.float64)
    return (rgb[..., 0] * 299.0 + rgb[..., 1] * 587.0 + rgb[..., 2] * 114.0) / 1000.0


# --- Step 2/3: block statistics and bilinear upsampling ---------------------------------------------------------------
def _blocks(a: np.ndarray, b: int) -> np.ndarray:
    """Pads a 2-D array by edge replication to whole blocks and returns shape (ny, nx, b*b)."""
    h, w = a.shape
    ny, nx = -(-h // b), -(-w // b)
    p = np.pad(a, ((0, ny * b - h), (0, nx * b - w)), mode="edge")
    return p.reshape(ny, b, nx, b).transpose(0, 2, 1, 3).reshape(ny, nx, b * b)


def block_percentile(a: np.ndarray, b: int, q: float) -> np.ndarray:
    """Value at sorted index floor(q * (n - 1)) of each block (a percentile without interpolation)."""
    blk = np.sort(_blocks(a, b), axis=2)
    k = int(np.floor(q * (b * b - 1)))
    return blk[:, :, k]


def upsample_bilinear(v: np.ndarray, b: int, h: int, w: int) -> np.ndarray:
    """Bilinear interpolation of block values (block centres at i*b + (b-1)/2) to every pixel, clamped at edges."""
    ny, nx = v.shape

    def axis(n_px: int, n_blk: int):
        f = (np.arange(n_px, dtype=np.float64) - (b - 1) / 2.0) / b
        f = np.clip(f, 0.0, n_blk - 1)
        i0 = np.floor(f).astype(np.int64)
        i1 = np.minimum(i0 + 1, n_blk - 1)
        return i0, i1, f - i0

    y0, y1, wy = axis(h, ny)
    x0, x1, wx = axis(w, nx)
    top = v[y0][:, x0] * (1 - wx) + v[y0][:, x1] * wx
    bot = v[y1][:, x0] * (1 - wx) + v[y1][:, x1] * wx
    return top * (1 - wy)[:, None] + bot * wy[:, None]


# --- Step 6: Otsu's threshold -----------------------------------------------------------------------------------------
def otsu_threshold(values: np.ndarray) -> int:
    """Otsu, N. (1979) "A threshold selection method from gray-level histograms", IEEE Trans. SMC 9(1):62-66.

    values: uint8 array. Returns t maximising the between-class variance w0*w1*(mu0-mu1)^2, where class 0 is
    values <= t. Ties go to the smallest t.
    """
    hist = np.bincount(values.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256, dtype=np.float64)
    w0 = np.cumsum(hist)
    s0 = np.cumsum(hist * levels)
    w1 = total - w0
    mu0 = np.divide(s0, w0, out=np.zeros(256), where=w0 > 0)
    mu1 = np.divide(s0[-1] - s0, w1, out=np.zeros(256), where=w1 > 0)
    between = w0 * w1 * (mu0 - mu1) ** 2
    return int(np.argmax(between))


# --- Step 7/8: binary morphology with a 3x3 square ---------------------------------------------------------------------
def _shift_stack(m: np.ndarray, fill: bool) -> list[np.ndarray]:
    p = np.pad(m, 1, mode="constant", constant_values=fill)
    h, w = m.shape
    return [p[dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)]


def erode3(m: np.ndarray) -> np.ndarray:
    """Erosion by a 3x3 square; outside the image counts as foreground (no erosion from the border)."""
    out = np.ones_like(m, dtype=bool)
    for s in _shift_stack(m, True):
        out &= s
    return out


def dilate3(m: np.ndarray) -> np.ndarray:
    """Dilation by a 3x3 square; outside the image counts as background."""
    out = np.zeros_like(m, dtype=bool)
    for s in _shift_stack(m, False):
        out |= s
    return out


def open3(m: np.ndarray) -> np.ndarray:
    return dilate3(erode3(m))


def close3(m: np.ndarray) -> np.ndarray:
    return erode3(dilate3(m))


# --- Step 9: connected components (two-pass, run-based, union-find) -----------------------------------------------------
def label_components(m: np.ndarray, connectivity: int = 8) -> tuple[np.ndarray, int]:
    """Labels the foreground of a boolean image.

    Two-pass algorithm over horizontal runs (Rosenfeld & Pfaltz 1966, run-based variant): pass 1 finds the runs of
    each row and unites every run with the runs of the previous row that touch it (8-connectivity: overlapping
    column ranges widened by one); pass 2 writes each run's root label. Labels are numbered 1..N in raster order of
    each component's first run, so the result does not depend on the union order.
    """
    h, w = m.shape
    labels = np.zeros((h, w), dtype=np.int32)
    if not m.any():
        return labels, 0
    pad = np.zeros((h, w + 2), dtype=np.int8)
    pad[:, 1:-1] = m
    d = np.diff(pad, axis=1)
    rs, cs = np.nonzero(d == 1)  # run starts (row, col)
    re_, ce = np.nonzero(d == -1)  # run ends (exclusive)
    # np.nonzero returns in raster order, so starts and ends pair up
    n = len(rs)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    slack = 1 if connectivity == 8 else 0
    row_first = np.searchsorted(rs, np.arange(h + 1))
    rs_l, cs_l, ce_l = rs.tolist(), cs.tolist(), ce.tolist()
    for r in range(1, h):
        a0, a1 = int(row_first[r - 1]), int(row_first[r])
        b0, b1 = a1, int(row_first[r + 1])
        i, j = a0, b0
        while i < a1 and j < b1:
            # runs [cs, ce) of previous row i and current row j touch when they overlap within the slack
            if cs_l[i] < ce_l[j] + slack and cs_l[j] < ce_l[i] + slack:
                ri, rj = find(i), find(j)
                if ri != rj:
                    if ri < rj:
                        parent[rj] = ri
                    else:
                        parent[ri] = rj
            if ce_l[i] < ce_l[j]:
                i += 1
            else:
                j += 1
    roots = [find(i) for i in range(n)]
    lab_of_root: dict[int, int] = {}
    run_label = np.empty(n, dtype=np.int32)
    for i in range(n):
        r = roots[i]
        if r not in lab_of_root:
            lab_of_root[r] = len(lab_of_root) + 1
        run_label[i] = lab_of_root[r]
    for i in range(n):
        labels[rs_l[i], cs_l[i]:ce_l[i]] = run_label[i]
    return labels, len(lab_of_root)


def fill_holes(m: np.ndarray) -> np.ndarray:
    """Fills background regions (4-connected) that do not touch the image border."""
    bg_lab, n = label_components(~m, connectivity=4)
    if n == 0:
        return m.copy()
    border = np.unique(np.concatenate([bg_lab[0], bg_lab[-1], bg_lab[:, 0], bg_lab[:, -1]]))
    keep_bg = np.zeros(n + 1, dtype=bool)
    keep_bg[border] = True
    keep_bg[0] = False
    return ~keep_bg[bg_lab] & (m | (bg_lab > 0))


# --- Step 11: chamfer distance transform -------------------------------------------------------------------------------
def _row_running_min(t: np.ndarray, idx3: np.ndarray) -> np.ndarray:
    """d[j] = min(t[j], min_{k<j} t[k] + 3 (j - k), 3 (j + 1)): the in-row step of a left-to-right chamfer scan,
    with column -1 (outside the image) as background. Written as a running minimum of t[k] - 3k."""
    u = np.concatenate([np.array([3], dtype=np.int64), t - idx3])
    return np.minimum.accumulate(u)[1:] + idx3


def chamfer_distance(m: np.ndarray) -> np.ndarray:
    """Chamfer 3-4 distance to the nearest background pixel (Borgefors 1986, "Distance transformations in digital
    images", CVGIP 34:344-371) in two raster passes. Outside the array counts as background. Integer result in
    chamfer units (3 per horizontal or vertical step, 4 per diagonal step).

    Each pass handles one row at a time: first the three neighbours in the previous row, then the in-row neighbour
    as a running minimum, which gives exactly what the pixel-by-pixel sequential scan gives.
    """
    h, w = m.shape
    big = 3 * (h + w + 2)
    d = np.where(m, big, 0).astype(np.int64)
    idx3 = 3 * np.arange(w, dtype=np.int64)
    zero = np.zeros(1, dtype=np.int64)
    for rows in (range(h), range(h - 1, -1, -1)):
        prev = np.zeros(w, dtype=np.int64)  # the row outside the image is background
        backward = rows.step < 0
        for r in rows:
            p = np.concatenate([zero, prev, zero])
            t = np.minimum(d[r], np.minimum(p[1:-1] + 3, np.minimum(p[:-2], p[2:]) + 4))
            if backward:
                t = _row_running_min(t[::-1], idx3)[::-1]
            else:
                t = _row_running_min(t, idx3)
            d[r] = t
            prev = t
    return d


# --- Step 12: h-maxima markers -----------------------------------------------------------------------------------------
def _grey_dilate3(a: np.ndarray) -> np.ndarray:
    p = np.pad(a, 1, mode="constant", constant_values=0)
    h, w = a.shape
    out = a.copy()
    for dy in range(3):
        for dx in range(3):
            np.maximum(out, p[dy:dy + h, dx:dx + w], out=out)
    return out


def h_maxima(f: np.ndarray, mask: np.ndarray, h: int) -> np.ndarray:
    """Regional maxima of height >= h (Soille, "Morphological Image Analysis", 2003, sec. 6.3.4): reconstruct
    f - h by dilation under f (iterated 3x3 dilation clipped by f until stable), then the maxima are the pixels
    where f - R >= h. f is zero outside the mask."""
    f = np.where(mask, f, 0)
    r = np.maximum(f - h, 0)
    while True:
        nxt = np.minimum(_grey_dilate3(r), f)
        if np.array_equal(nxt, r):
            break
        r = nxt
    return mask & (f - r >= h)


# --- Step 13: marker-based watershed -----------------------------------------------------------------------------------
def watershed(dist: np.ndarray, markers: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Meyer's flooding (F. Meyer, "Topographic distance and watershed lines", Signal Processing 38, 1994) of the
    inverted distance from labelled markers, restricted to the mask, 4-neighbours. A priority queue ordered by
    (-distance, insertion number) makes ties first-in first-out, so the result is deterministic."""
    h, w = mask.shape
    lab = markers.astype(np.int32).copy()
    heap: list[tuple[int, int, int, int]] = []
    seq = 0
    ys, xs = np.nonzero(lab)
    distl = dist.tolist()
    maskl = mask.tolist()
    labl = lab.tolist()
    for y, x in zip(ys.tolist(), xs.tolist()):
        for ny, nx in ((y - 1, x), (y, x - 1), (y, x + 1), (y + 1, x)):
            if 0 <= ny < h and 0 <= nx < w and maskl[ny][nx] and labl[ny][nx] == 0:
                heapq.heappush(heap, (-distl[ny][nx], seq, ny * w + nx, labl[y][x]))
                seq += 1
    while heap:
        _, _, pos, lb = heapq.heappop(heap)
        y, x = divmod(pos, w)
        if labl[y][x]:
            continue
        labl[y][x] = lb
        for ny, nx in ((y - 1, x), (y, x - 1), (y, x + 1), (y + 1, x)):
            if 0 <= ny < h and 0 <= nx < w and maskl[ny][nx] and labl[ny][nx] == 0:
                heapq.heappush(heap, (-distl[ny][nx], seq, ny * w + nx, lb))
                seq += 1
    return np.array(labl, dtype=np.int32)


def merge_small_parts(parts: np.ndarray, min_area: float) -> np.ndarray:
    """Step 14: a watershed part smaller than min_area joins the neighbouring part with which it shares the most
    4-neighbour pixel pairs (smallest part first; ties to the lower label). Labels are renumbered 1..K."""
    parts = parts.copy()
    while True:
        n = int(parts.max())
        if n < 2:
            break
        areas = np.bincount(parts.ravel(), minlength=n + 1)
        small = [i for i in range(1, n + 1) if 0 < areas[i] < min_area]
        if not small:
            break
        i = min(small, key=lambda j: (areas[j], j))
        contact = np.zeros(n + 1, dtype=np.int64)
        for a, b in ((parts[:, :-1], parts[:, 1:]), (parts[:-1, :], parts[1:, :])):
            sel = (a == i) & (b != i) & (b > 0)
            contact += np.bincount(b[sel], minlength=n + 1)
            sel = (b == i) & (a != i) & (a > 0)
            contact += np.bincount(a[sel], minlength=n + 1)
        if contact.max() == 0:
            break
        parts[parts == i] = int(np.argmax(contact))
        # renumber 1..K keeping order
        present = np.unique(parts)
        present = present[present > 0]
        remap = np.zeros(n + 1, dtype=np.int32)
        remap[present] = np.arange(1, len(present) + 1)
        parts = remap[parts]
    return parts


def kmeans_split(mask: np.ndarray, k: int) -> np.ndarray:
    """Step 15: cuts a blob into k parts by Lloyd's k-means on pixel coordinates (S. P. Lloyd, "Least squares
    quantization in PCM", IEEE Trans. IT 28(2), 1982). Deterministic start: the pixel farthest from the centroid,
    then repeatedly the pixel farthest from the centres chosen so far (first in raster order on ties).
    Returns labels 1..k inside the mask."""
    ys, xs = np.nonzero(mask)
    pts = np.stack([ys, xs], 1).astype(np.float64)
    c0 = pts.mean(axis=0)
    centres = [pts[int(np.argmax(((pts - c0) ** 2).sum(1)))]]
    dmin = ((pts - centres[0]) ** 2).sum(1)
    while len(centres) < k:
        centres.append(pts[int(np.argmax(dmin))])
        dmin = np.minimum(dmin, ((pts - centres[-1]) ** 2).sum(1))
    c = np.array(centres)
    assign = np.zeros(len(pts), dtype=np.int64)
    for _ in range(KMEANS_ITERATIONS):
        d2 = ((pts[:, None, :] - c[None, :, :]) ** 2).sum(2)
        assign = np.argmin(d2, axis=1)
        for j in range(k):
            sel = assign == j
            if sel.any():
                c[j] = pts[sel].mean(axis=0)
    out = np.zeros(mask.shape, dtype=np.int32)
    out[ys, xs] = assign + 1
    return out


def merge_bean_like(parts: np.ndarray, med_area: float) -> np.ndarray:
    """Step 14b: two touching parts are joined when together they still look like one bean: area at most
    JOIN_AREA_FACTOR times the median bean and solidity at least JOIN_SOLIDITY. Greedy, the smallest union first
    (ties to the lower label pair). Labels are renumbered 1..K."""
    parts = parts.copy()
    while True:
        n = int(parts.max())
        if n < 2:
            return parts
        areas = np.bincount(parts.ravel(), minlength=n + 1)
        pairs = set()
        for a, b in ((parts[:, :-1], parts[:, 1:]), (parts[:-1, :], parts[1:, :])):
            sel = (a != b) & (a > 0) & (b > 0)
            for u, v in zip(a[sel].tolist(), b[sel].tolist()):
                pairs.add((min(u, v), max(u, v)))
        best = None
        for u, v in sorted(pairs, key=lambda uv: (areas[uv[0]] + areas[uv[1]], uv)):
            if areas[u] + areas[v] > JOIN_AREA_FACTOR * med_area:
                break
            if _blob_solidity((parts == u) | (parts == v)) >= JOIN_SOLIDITY:
                best = (u, v)
                break
        if best is None:
            return parts
        u, v = best
        parts[parts == v] = u
        present = np.unique(parts)
        present = present[present > 0]
        remap = np.zeros(n + 1, dtype=np.int32)
        remap[present] = np.arange(1, len(present) + 1)
        parts = remap[parts]


def _blob_solidity(m: np.ndarray) -> float:
    ha = polygon_area(mask_hull(m))
    return float(m.sum()) / ha if ha > 0 else 1.0


# --- Convex hull (Andrew's monotone chain, 1979) ----------------------------------------------------------------------
def convex_hull(points: np.ndarray) -> np.ndarray:
    """Convex hull of integer points (N, 2) as (x, y), counter-clockwise in image coordinates, no collinear points.
    A. M. Andrew, "Another efficient algorithm for convex hulls in two dimensions", IPL 9(5), 1979."""
    pts = sorted(set(map(tuple, points.tolist())))
    if len(pts) <= 2:
        return np.array(pts, dtype=np.float64)

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1], dtype=np.float64)


def polygon_area(poly: np.ndarray) -> float:
    """Shoelace formula."""
    if len(poly) < 3:
        return 0.0
    x, y = poly[:, 0], poly[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def mask_hull(mask: np.ndarray, x0: int = 0, y0: int = 0) -> np.ndarray:
    """Convex hull of the pixel squares of a mask: the outer corners of each row's first and last pixel suffice."""
    rows = np.nonzero(mask.any(axis=1))[0]
    if len(rows) == 0:
        return np.zeros((0, 2))
    sub = mask[rows]
    first = np.argmax(sub, axis=1)
    last = sub.shape[1] - 1 - np.argmax(sub[:, ::-1], axis=1)
    pts = np.concatenate([
        np.stack([first, rows], 1), np.stack([first, rows + 1], 1),
        np.stack([last + 1, rows], 1), np.stack([last + 1, rows + 1], 1),
    ]).astype(np.int64)
    return convex_hull(pts + np.array([x0, y0]))


# --- The whole pipeline -----------------------------------------------------------------------------------------------
def _block_masked_mean(ch: np.ndarray, valid: np.ndarray, b: int) -> tuple[np.ndarray, np.ndarray]:
    vb = _blocks(valid.astype(np.float64), b)
    cb = _blocks(ch, b)
    cnt = vb.sum(axis=2)
    s = (cb * vb).sum(axis=2)
    return np.divide(s, cnt, out=np.zeros_like(s), where=cnt > 0), cnt


def _fill_blocks(v: np.ndarray, ok: np.ndarray, fallback: float) -> np.ndarray:
    """Blocks without an estimate take the mean of their estimated 8-neighbours, repeated until all are filled."""
    v = v.copy()
    ok = ok.copy()
    if not ok.any():
        v[:] = fallback
        return v
    while not ok.all():
        pv = np.pad(np.where(ok, v, 0.0), 1)
        po = np.pad(ok.astype(np.float64), 1)
        ny, nx = v.shape
        s = np.zeros_like(v)
        c = np.zeros_like(v)
        for dy in range(3):
            for dx in range(3):
                s += pv[dy:dy + ny, dx:dx + nx]
                c += po[dy:dy + ny, dx:dx + nx]
        new = (~ok) & (c > 0)
        v[new] = s[new] / c[new]
        ok = ok | new
    return v


def estimate_background(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Steps 2-4. Returns the background colour per pixel (H, W, 3) and the first-pass foreground."""
    h, w, _ = rgb.shape
    rgbf = rgb.astype(np.float64)
    y = luminance(rgbf)
    # step 2: a first background luminance: each block's 90th percentile, interpolated between block centres
    by = block_percentile(y, BLOCK, BG_PERCENTILE)
    bg_y = upsample_bilinear(by, BLOCK, h, w)
    # step 3: a first foreground from relative darkness, thresholded by Otsu
    dark = np.clip(1.0 - y / np.maximum(bg_y, 1.0), 0.0, 1.0)
    s1 = np.floor(dark * 255.0).astype(np.uint8)
    t1 = max(otsu_threshold(s1), MIN_SCORE_THRESHOLD)
    fg1 = dilate3(dilate3(s1 > t1))
    # step 4: background colour per block: mean of the pixels outside the (dilated) first foreground
    valid = ~fg1
    bg = np.empty_like(rgbf)
    for c in range(3):
        m, cnt = _block_masked_mean(rgbf[..., c], valid, BLOCK)
        ok = cnt >= BG_MIN_FRACTION * BLOCK * BLOCK
        fallback = float(np.sort(rgbf[..., c].ravel())[int(0.9 * (h * w - 1))])
        bg[..., c] = upsample_bilinear(_fill_blocks(m, ok, fallback), BLOCK, h, w)
    return bg, fg1


def foreground_score(rgb: np.ndarray, bg: np.ndarray) -> np.ndarray:
    """Step 5: colour relative to the local background (a per-pixel white balance), then
    score = relative darkness + CHROMA_WEIGHT * chroma, scaled to 0..255."""
    n = np.clip(rgb.astype(np.float64) / np.maximum(bg, 1.0), 0.0, 1.5)
    dark = 1.0 - luminance(n)
    chroma = n.max(axis=2) - n.min(axis=2)
    return np.floor(np.clip(dark + CHROMA_WEIGHT * chroma, 0.0, 1.0) * 255.0).astype(np.uint8)


def _component_slices(labels: np.ndarray, n: int):
    """Bounding boxes (y0, y1, x0, x1) exclusive, and areas, of labels 1..n."""
    ys, xs = np.nonzero(labels)
    lab = labels[ys, xs]
    area = np.bincount(lab, minlength=n + 1)
    big = labels.shape[0] + labels.shape[1]
    y0 = np.full(n + 1, big)
    x0 = np.full(n + 1, big)
    y1 = np.full(n + 1, -1)
    x1 = np.full(n + 1, -1)
    np.minimum.at(y0, lab, ys)
    np.minimum.at(x0, lab, xs)
    np.maximum.at(y1, lab, ys)
    np.maximum.at(x1, lab, xs)
    return y0, y1 + 1, x0, x1 + 1, area


def segment(rgb: np.ndarray) -> Segmentation:
    h, w, _ = rgb.shape
    bg, _ = estimate_background(rgb)
    score = foreground_score(rgb, bg)
    # step 6: Otsu's threshold on the score, with a floor so a photo without beans stays empty
    t = max(otsu_threshold(score), MIN_SCORE_THRESHOLD)
    fg = score > t
    # steps 7-8: open then close with a 3x3 square, then fill holes
    fg = fill_holes(close3(open3(fg)))
    # step 9: connected components
    labels, n = label_components(fg, connectivity=8)
    if n == 0:
        return Segmentation(labels, 0, bg, score, t, 0.0)
    dist = chamfer_distance(fg)
    y0, y1, x0, x1, area = _component_slices(labels, n)
    maxd = np.zeros(n + 1, dtype=np.int64)
    np.maximum.at(maxd, labels[fg], dist[fg])
    # step 10: the expected bean. Solidity (area / convex hull area) of every component that is not a speck; the
    # median area and thickness of the convex ones (solidity >= SINGLE_SOLIDITY), which are nearly always single
    # beans, are the expected bean's (all non-specks when too few are convex)
    solid = np.ones(n + 1)
    for k in range(1, n + 1):
        if area[k] >= 20:
            ha = polygon_area(mask_hull(labels[y0[k]:y1[k], x0[k]:x1[k]] == k))
            solid[k] = area[k] / ha if ha > 0 else 1.0
    cand = np.nonzero(area[1:] >= 20)[0] + 1
    if len(cand) == 0:
        return Segmentation(np.zeros_like(labels), 0, bg, score, t, 0.0)
    single = cand[solid[cand] >= SINGLE_SOLIDITY]
    if len(single) < max(3, len(cand) // 4):
        single = cand
    med_area = float(np.median(area[single]))
    med_maxd = float(np.median(maxd[single]))
    keep = (area >= MIN_AREA_FRACTION * med_area) & (maxd >= MIN_THICKNESS_FRACTION * med_maxd)
    keep[0] = False
    # steps 11-13: split components that look like several beans
    hval = max(H_MAXIMA_MIN, int(round(H_MAXIMA_FRACTION * med_maxd)))
    out = np.zeros_like(labels)
    nxt = 1
    merged = 0
    touching = 0
    for k in range(1, n + 1):
        if not keep[k]:
            continue
        sl = (slice(y0[k], y1[k]), slice(x0[k], x1[k]))
        m = labels[sl] == k
        parts = None
        solidity = solid[k]
        k_exp = area[k] / med_area
        if k_exp > SPLIT_AREA_FACTOR or (solidity < SPLIT_SOLIDITY and k_exp > 0.6):
            d = np.where(m, dist[sl], 0)
            # step 12: markers; a component the size of several beans lowers h (one pixel at a time) until it
            # has at least as many markers as the beans its area suggests
            want = int(np.floor(k_exp + 0.5))
            hh = hval
            while True:
                mlab, nm = label_components(h_maxima(d, m, hh), connectivity=8)
                if nm >= want or hh <= H_MAXIMA_MIN:
                    break
                hh = max(H_MAXIMA_MIN, hh - 3)
            if nm >= 2:
                parts = merge_small_parts(watershed(d, mlab, m), MERGE_FRACTION * med_area)
                parts = merge_bean_like(parts, med_area)
                if parts.max() >= 2:
                    merged += 1
                else:
                    parts = None
        if parts is None:
            parts = m.astype(np.int32)
        # step 15: parts still the size of several beans are cut by k-means on their pixel coordinates
        sub = out[sl]
        first = nxt
        for j in range(1, int(parts.max()) + 1):
            pm = parts == j
            pa = int(pm.sum())
            if pa < MIN_AREA_FRACTION * med_area:
                continue
            ratio = pa / med_area
            cut = ratio >= KMEANS_AREA_FACTOR
            if not cut and ratio >= KMEANS_SOLID_FACTOR:
                cut = _blob_solidity(pm) < KMEANS_SOLIDITY
            elif cut and ratio < KMEANS_ALWAYS_FACTOR:
                cut = _blob_solidity(pm) < KMEANS_CONVEX_SOLIDITY
            if cut:
                km = kmeans_split(pm, max(2, int(np.floor(ratio + 0.5))))
                merged += 1
                for q in range(1, int(km.max()) + 1):
                    sub[km == q] = nxt
                    nxt += 1
            else:
                sub[pm] = nxt
                nxt += 1
        if nxt - first >= 2:
            touching += nxt - first
    return Segmentation(out, nxt - 1, bg, score, t, med_area, merged_components=merged,
                        stats={"median_max_distance": med_maxd, "h": hval, "touching_beans": touching})
