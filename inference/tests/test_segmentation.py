"""The numpy segmentation's building blocks against brute force, synthetic counts, and the shared vectors."""
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import REPO, synthetic_beans
from kafae_inference import segment as S

VECTORS = REPO / "spec" / "vectors" / "bean-count"


def flood_labels(m, conn):
    """Reference labelling by breadth-first flood fill."""
    h, w = m.shape
    lab = np.zeros((h, w), int)
    nb = [(-1, 0), (1, 0), (0, -1), (0, 1)] + ([(-1, -1), (-1, 1), (1, -1), (1, 1)] if conn == 8 else [])
    n = 0
    for y in range(h):
        for x in range(w):
            if m[y, x] and not lab[y, x]:
                n += 1
                stack = [(y, x)]
                lab[y, x] = n
                while stack:
                    cy, cx = stack.pop()
                    for dy, dx in nb:
                        ny, nx = cy + dy, cx + dx
                        if 0 <= ny < h and 0 <= nx < w and m[ny, nx] and not lab[ny, nx]:
                            lab[ny, nx] = n
                            stack.append((ny, nx))
    return lab, n


def brute_chamfer(m):
    h, w = m.shape
    ys, xs = np.nonzero(~np.pad(m, 1))
    ys, xs = ys - 1, xs - 1
    d = np.zeros((h, w), int)
    for y, x in zip(*np.nonzero(m)):
        dy, dx = np.abs(ys - y), np.abs(xs - x)
        # chamfer 3-4 distance between two pixels: 4 * diagonal steps + 3 * straight steps
        d[y, x] = (4 * np.minimum(dy, dx) + 3 * np.abs(dy - dx)).min()
    return d


@pytest.mark.parametrize("seed", range(12))
def test_labels_and_distance_against_brute_force(seed):
    rng = np.random.default_rng(seed)
    m = rng.random((rng.integers(1, 25), rng.integers(1, 25))) < rng.uniform(0.2, 0.8)
    for conn in (4, 8):
        lab, n = S.label_components(m, conn)
        ref, rn = flood_labels(m, conn)
        assert n == rn
        assert (lab == ref).all()  # both number components in raster order of their first pixel
    assert (S.chamfer_distance(m) == brute_chamfer(m)).all()


def test_otsu_splits_two_modes():
    v = np.concatenate([np.full(1000, 30), np.full(500, 200)]).astype(np.uint8)
    t = S.otsu_threshold(v)
    assert 30 <= t < 200


def test_fill_holes_and_morphology():
    m = np.zeros((9, 9), bool)
    m[2:7, 2:7] = True
    m[4, 4] = False
    assert S.fill_holes(m)[4, 4]
    speck = np.zeros((9, 9), bool)
    speck[4, 4] = True
    assert not S.open3(speck).any()


def test_convex_hull_area():
    m = np.zeros((10, 10), bool)
    m[2:6, 3:8] = True
    assert S.polygon_area(S.mask_hull(m)) == 20.0


def test_counts_separate_and_touching_beans():
    spread = [(50 + 70 * i, 50 + 60 * j) for i in range(4) for j in range(4)]
    seg = S.segment(np.asarray(synthetic_beans(spread)))
    assert seg.count == 16
    # among single beans, pairs that touch side by side are split into two beans each
    cs = [(40 + 75 * i, 40 + 60 * j) for i in range(4) for j in range(4)]
    cs += [(360 + 60 * i - 13, 60 + 90 * j) for i in range(2) for j in range(2)]
    cs += [(360 + 60 * i + 13, 60 + 90 * j) for i in range(2) for j in range(2)]
    seg = S.segment(np.asarray(synthetic_beans(cs, size=(480, 300))))
    assert seg.count == 24
    assert seg.stats["touching_beans"] == 8


def test_deterministic():
    img = np.asarray(synthetic_beans([(60, 60), (85, 62), (200, 200), (150, 90)]))
    a, b = S.segment(img), S.segment(img)
    assert (a.labels == b.labels).all() and a.count == b.count


def test_shared_vectors():
    doc = json.loads((VECTORS / "bean-count.json").read_text())
    assert (VECTORS / "SOURCE.txt").is_file() and (VECTORS / "LICENSE").is_file()
    assert len(doc["cases"]) >= 5
    total = sum(p.stat().st_size for p in VECTORS.iterdir())
    assert total < 1_000_000
    for case in doc["cases"]:
        px = np.asarray(Image.open(VECTORS / case["image"]).convert("RGB"))
        seg = S.segment(px)
        assert seg.count == case["pythonCount"], case["image"]  # regenerate with inference/tools/make_vectors.py
        assert seg.threshold == case["pythonSteps"]["otsuThreshold"]
        assert abs(seg.count - case["trueCount"]) <= max(3, 0.12 * case["trueCount"]), case
