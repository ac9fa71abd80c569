#!/usr/bin/env python3
"""Regenerates every figure of MODEL_CARD.md: grouped cross-validation by photo and by capture session, on the
labelled outlines and on the beans our segmentation finds, counting error per photo, seconds per photo, and
synthetic mixed-class composites. Writes inference/model/evaluation.json and rewrites the card's generated
section (between the <!-- figures --> markers).

    nice -n 19 env OMP_NUM_THREADS=1 inference/.venv-train/bin/python inference/evaluate.py [--data DIR]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from kafae_inference import training  # noqa: E402
from kafae_inference.dataset import match_by_iou, rasterize, load_polygons  # noqa: E402
from kafae_inference.features import _to_linear, _to_srgb  # noqa: E402
from kafae_inference.pipeline import CLASSES, Analyzer, features_for_labels, prepare  # noqa: E402

CARD = HERE / "MODEL_CARD.md"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


class _Wrap:
    """A fitted scikit-learn model as the pipeline's classifier."""

    def __init__(self, model):
        self.model = model

    def predict_proba(self, x):
        return training.proba_full(self.model, np.asarray(x, dtype=np.float32))


def metrics(y: np.ndarray, pred: np.ndarray) -> dict:
    k = len(CLASSES)
    cm = np.zeros((k, k), dtype=int)
    np.add.at(cm, (y, pred), 1)
    per = {}
    for i, c in enumerate(CLASSES):
        tp = cm[i, i]
        per[c] = {"precision": float(tp / cm[:, i].sum()) if cm[:, i].sum() else None,
                  "recall": float(tp / cm[i].sum()) if cm[i].sum() else None, "beans": int(cm[i].sum())}
    sound = CLASSES.index("sound")
    return {"beans": int(len(y)), "accuracy": float((y == pred).mean()) if len(y) else None,
            "balancedAccuracy": float(np.mean([per[c]["recall"] for c in CLASSES if per[c]["recall"] is not None])),
            "soundVsDefect": float(((y == sound) == (pred == sound)).mean()) if len(y) else None,
            "perClass": per, "confusion": cm.tolist()}


def grouped_cv(recs, kind: str, fold_of_photo: list) -> dict:
    """Trains without each fold's photos and predicts its beans: labelled outlines and matched segmented beans."""
    X, y, g = training.training_matrix(recs)
    folds = sorted(set(fold_of_photo))
    yt, pt, ys, ps, photo_acc = [], [], [], [], []
    for f in folds:
        test = [i for i, ff in enumerate(fold_of_photo) if ff == f]
        train_rows = ~np.isin(g, test)
        if len(set(y[train_rows].tolist())) < 2:
            continue
        model = training.fit(kind, X[train_rows], y[train_rows])
        for i in test:
            r = recs[i]
            if r.true_count:
                p = training.proba_full(model, r.true_features).argmax(1)
                yt.append(np.asarray(r.true_classes))
                pt.append(p)
                photo_acc.append({"photo": r.path, "accuracy": float((p == np.asarray(r.true_classes)).mean())})
            ok = r.seg_match >= 0
            if ok.any():
                ys.append(np.asarray(r.true_classes)[r.seg_match[ok]])
                ps.append(training.proba_full(model, r.seg_features[ok]).argmax(1))
    cat = lambda a: np.concatenate(a) if a else np.zeros(0, int)  # noqa: E731
    return {"outlines": metrics(cat(yt), cat(pt)), "segmented": metrics(cat(ys), cat(ps)), "perPhoto": photo_acc}


def counting(recs) -> dict:
    rows = []
    for r in recs:
        matched = int((r.seg_match >= 0).sum())
        rows.append({"photo": r.path, "session": r.session, "labelled": r.true_count, "found": r.seg_count,
                     "errorPct": 100.0 * (r.seg_count - r.true_count) / max(1, r.true_count),
                     "matched": matched, "missed": r.true_count - matched, "extra": r.seg_count - matched})
    err = np.array([abs(x["errorPct"]) for x in rows])
    return {"perPhoto": rows, "meanAbsErrorPct": float(err.mean()), "maxAbsErrorPct": float(err.max()),
            "medianAbsErrorPct": float(np.median(err)),
            "matchedFraction": float(sum(x["matched"] for x in rows) / sum(x["labelled"] for x in rows))}


def timing(paths: list[Path], analyzer: Analyzer) -> dict:
    secs = []
    for p in paths:
        img = ImageOps.exif_transpose(Image.open(p)).convert("RGB")
        t = time.process_time()
        analyzer.analyze(img)
        secs.append(time.process_time() - t)
    # a 12-megapixel phone photo (an upscaled dataset photo)
    big = ImageOps.exif_transpose(Image.open(paths[0])).convert("RGB").resize((4000, 3000), Image.BICUBIC)
    t = time.process_time()
    analyzer.analyze(big)
    big_s = time.process_time() - t
    return {"photos": len(secs), "meanCpuSeconds": float(np.mean(secs)), "maxCpuSeconds": float(np.max(secs)),
            "cpuSeconds12MP": float(big_s)}


def composites(recs, data_roots, kind: str, n_comp: int = 6, seed: int = 0) -> dict:
    """Mixed-class samples: beans cut (by their labelled outline) from one held-out photo per class, colour-corrected
    to a common paper in linear light, and placed apart on one background. The classifier is trained without the
    photos a composite draws from."""
    rng = np.random.default_rng(seed)
    by_class: dict = {}
    for i, r in enumerate(recs):
        if r.true_count and len(set(r.true_classes)) == 1:
            by_class.setdefault(r.true_classes[0], []).append(i)
    X, y, g = training.training_matrix(recs)
    paper = np.array([214.0, 213.0, 209.0])
    out = []
    for c in range(n_comp):
        sources = [int(rng.choice(v)) for _, v in sorted(by_class.items())]
        model = training.fit(kind, X[~np.isin(g, sources)], y[~np.isin(g, sources)])
        H = W = 900
        canvas = np.empty((H, W, 3))
        canvas[:] = paper
        yy, xx = np.mgrid[0:H, 0:W]
        canvas *= (1.0 - 0.06 * ((xx - W / 2) ** 2 + (yy - H / 2) ** 2) / (W * W / 2))[..., None]  # mild vignette
        occupied = np.zeros((H, W), bool)
        placed = np.zeros((H, W), np.int32)
        classes = []
        for si in sources:
            r = recs[si]
            root = next(rt for rt in data_roots if (rt / r.path).is_file())
            img = ImageOps.exif_transpose(Image.open(root / r.path)).convert("RGB")
            prep = prepare(img, scale=r.scale)
            polys, _ = load_polygons((root / r.path).with_suffix(".json"))
            lab = rasterize(polys, (prep.work.shape[1], prep.work.shape[0]), prep.scale)
            take = rng.choice(len(polys), size=min(12, len(polys)), replace=False)
            for j in take:
                m = lab == j + 1
                ys_, xs_ = np.nonzero(m)
                if len(ys_) < 30:
                    continue
                y0, x0 = ys_.min(), xs_.min()
                hh, ww = ys_.max() - y0 + 1, xs_.max() - x0 + 1
                for _ in range(200):
                    oy, ox = int(rng.integers(10, H - hh - 10)), int(rng.integers(10, W - ww - 10))
                    if not occupied[oy - 6:oy + hh + 6, ox - 6:ox + ww + 6].any():
                        break
                else:
                    continue
                src = prep.work[ys_, xs_].astype(np.float64)
                sbg = prep.seg.background[ys_, xs_]
                dst_bg = canvas[ys_ - y0 + oy, xs_ - x0 + ox]
                lin = _to_linear(src / 255.0) / np.maximum(_to_linear(sbg / 255.0), 1e-4)
                lin *= _to_linear(dst_bg / 255.0)
                canvas[ys_ - y0 + oy, xs_ - x0 + ox] = _to_srgb(lin) * 255.0
                occupied[ys_ - y0 + oy, xs_ - x0 + ox] = True
                classes.append(polys[j][0])
                placed[ys_ - y0 + oy, xs_ - x0 + ox] = len(classes)
        canvas += rng.normal(0, 2.0, canvas.shape)
        comp = Image.fromarray(np.clip(canvas + 0.5, 0, 255).astype(np.uint8))
        prep = prepare(comp, scale=1.0)
        match = match_by_iou(placed, len(classes), prep.seg.labels, prep.seg.count)
        feats = features_for_labels(prep, prep.seg.labels, prep.seg.count)
        pred = training.proba_full(model, feats).argmax(1) if prep.seg.count else np.zeros(0, int)
        ok = match >= 0
        yt = np.asarray(classes)[match[ok]]
        true_counts = np.bincount(classes, minlength=len(CLASSES))
        found_counts = np.bincount(pred, minlength=len(CLASSES))
        out.append({"placed": len(classes), "found": int(prep.seg.count), "matched": int(ok.sum()),
                    "accuracy": float((pred[ok] == yt).mean()) if ok.any() else None,
                    "trueCounts": true_counts.tolist(), "predictedCounts": found_counts.tolist(),
                    "y": yt.tolist(), "pred": pred[ok].tolist()})
    ally = np.concatenate([np.array(o.pop("y"), int) for o in out])
    allp = np.concatenate([np.array(o.pop("pred"), int) for o in out])
    cerr = [abs(o["found"] - o["placed"]) / o["placed"] * 100 for o in out]
    return {"composites": out, "meanAbsCountErrorPct": float(np.mean(cerr)), "maxAbsCountErrorPct": float(np.max(cerr)),
            "classification": metrics(ally, allp)}


def fmt(x, pct=True):
    return "n/a" if x is None else (f"{100 * x:.1f} %" if pct else f"{x:.3f}")


def confusion_md(m: dict) -> str:
    head = "| labelled \\ predicted | " + " | ".join(CLASSES) + " | recall |\n|---|" + "---|" * (len(CLASSES) + 1)
    rows = [head]
    for i, c in enumerate(CLASSES):
        rows.append(f"| **{c}** | " + " | ".join(str(v) for v in m["confusion"][i]) +
                    f" | {fmt(m['perClass'][c]['recall'])} |")
    rows.append("| **precision** | " + " | ".join(fmt(m["perClass"][c]["precision"]) for c in CLASSES) + " | |")
    return "\n".join(rows)


def render(ev: dict) -> str:
    pw, sw, cnt, tm, mix = ev["photoWise"], ev["sessionWise"], ev["counting"], ev["timing"], ev.get("composites")
    L = []
    L.append(f"Generated by `inference/evaluate.py` on {ev['generated']} with model kind `{ev['kind']}` "
             f"({ev['photos']} photos, {ev['beans']} labelled beans).\n")
    L.append("### Headline\n")
    L.append("| measure | photo-wise (leave one photo out) | session-wise (leave one capture session out) |")
    L.append("|---|---|---|")
    for key, name in (("accuracy", "per-bean accuracy, labelled outlines"),
                      ("balancedAccuracy", "balanced accuracy (mean recall), labelled outlines"),
                      ("soundVsDefect", "sound vs defect, labelled outlines")):
        L.append(f"| {name} | {fmt(pw['outlines'][key])} | {fmt(sw['outlines'][key])} |")
    for key, name in (("accuracy", "per-bean accuracy, beans found by our segmentation"),
                      ("soundVsDefect", "sound vs defect, beans found by our segmentation")):
        L.append(f"| {name} | {fmt(pw['segmented'][key])} | {fmt(sw['segmented'][key])} |")
    L.append("")
    L.append(f"- Counting (segmentation vs labelled polygons, per photo): mean absolute error "
             f"**{cnt['meanAbsErrorPct']:.2f} %**, median {cnt['medianAbsErrorPct']:.2f} %, max "
             f"{cnt['maxAbsErrorPct']:.2f} %; {100 * cnt['matchedFraction']:.1f} % of labelled beans matched one "
             f"found bean at IoU >= 0.5.")
    L.append(f"- CPU seconds per photo (one core, whole pipeline): mean **{tm['meanCpuSeconds']:.2f} s**, max "
             f"{tm['maxCpuSeconds']:.2f} s; a 4000x3000 photo {tm['cpuSeconds12MP']:.2f} s.")
    if mix:
        L.append(f"- Synthetic mixed-class composites ({len(mix['composites'])} samples of "
                 f"{sum(c['placed'] for c in mix['composites'])} beans from held-out photos of all six classes): "
                 f"count error mean {mix['meanAbsCountErrorPct']:.2f} %, max {mix['maxAbsCountErrorPct']:.2f} %; "
                 f"per-bean accuracy {fmt(mix['classification']['accuracy'])}, sound vs defect "
                 f"{fmt(mix['classification']['soundVsDefect'])}.")
    L.append("")
    L.append("### Photo-wise confusion matrix (labelled outlines, leave one photo out)\n")
    L.append(confusion_md(pw["outlines"]) + "\n")
    L.append("### Photo-wise confusion matrix (beans found by our segmentation, matched to a labelled bean)\n")
    L.append(confusion_md(pw["segmented"]) + "\n")
    L.append("### Session-wise confusion matrix (labelled outlines, leave one session out)\n")
    L.append(confusion_md(sw["outlines"]) + "\n")
    L.append("Per held-out session (labelled outlines): " + ", ".join(
        f"{s}: {fmt(v)}" for s, v in ev["sessionAccuracy"].items()) + ".\n")
    L.append("### Counting per photo\n")
    L.append("| photo | session | labelled | found | error | matched | missed | extra |\n|---|---|---|---|---|---|---|---|")
    for r in cnt["perPhoto"]:
        L.append(f"| {r['photo'].replace('images/', '')} | {r['session']} | {r['labelled']} | {r['found']} | "
                 f"{r['errorPct']:+.1f} % | {r['matched']} | {r['missed']} | {r['extra']} |")
    L.append("")
    L.append("### Accuracy per held-out photo (photo-wise, labelled outlines)\n")
    L.append("| photo | accuracy |\n|---|---|")
    for r in pw["perPhoto"]:
        L.append(f"| {r['photo'].replace('images/', '')} | {fmt(r['accuracy'])} |")
    return "\n".join(L) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=training.DEFAULT_DATA)
    ap.add_argument("--extra", type=Path, action="append", default=[])
    ap.add_argument("--model", choices=training.MODEL_KINDS, default=training.DEFAULT_KIND)
    ap.add_argument("--cache", type=Path, default=HERE / ".cache" / "features.pkl")
    ap.add_argument("--composites", type=int, default=6)
    ap.add_argument("--no-card", action="store_true", help="do not rewrite MODEL_CARD.md")
    args = ap.parse_args(argv)
    roots = [args.data] + list(args.extra)
    recs = training.load_records(roots, args.cache)
    print("photo-wise ...", file=sys.stderr)
    pw = grouped_cv(recs, args.model, [r.group for r in recs])
    print("session-wise ...", file=sys.stderr)
    sw = grouped_cv(recs, args.model, [r.session for r in recs])
    sess_acc = {}
    for s in sorted(set(r.session for r in recs)):
        sub = [r for r in recs if r.session == s]
        acc = [p["accuracy"] * r.true_count for p in sw["perPhoto"] for r in sub if p["photo"] == r.path]
        sess_acc[s] = sum(acc) / max(1, sum(r.true_count for r in sub))
    X, y, _ = training.training_matrix(recs)
    analyzer = Analyzer(_Wrap(training.fit(args.model, X, y)), "evaluation")
    paths = [next(rt / r.path for rt in roots if (rt / r.path).is_file()) for r in recs]
    print("timing ...", file=sys.stderr)
    tm = timing(paths, analyzer)
    print("composites ...", file=sys.stderr)
    mix = composites(recs, roots, args.model, args.composites) if args.composites else None
    ev = {"generated": time.strftime("%Y-%m-%d"), "kind": args.model, "photos": len(recs),
          "beans": int(sum(r.true_count for r in recs)), "photoWise": pw, "sessionWise": sw,
          "sessionAccuracy": sess_acc, "counting": counting(recs), "timing": tm, "composites": mix}
    (HERE / "model").mkdir(exist_ok=True)
    (HERE / "model" / "evaluation.json").write_text(json.dumps(ev, indent=1) + "\n")
    md = render(ev)
    print(md)
    if not args.no_card and CARD.is_file():
        text = CARD.read_text()
        if START in text and END in text:
            a, b = text.index(START) + len(START), text.index(END)
            CARD.write_text(text[:a] + "\n" + md + text[b:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
