#!/usr/bin/env python3
"""Builds roast.json from real Artisan logs: each case carries the fields Kafae reads from a log and, as the
expected result, Artisan's own `computed` figures (the oracle). Run from the repository root:
    python3 spec/vectors/generate_roast.py ../shared/data/artisan-alog
Source logs: github.com/scottjames/coffee-roasting (MIT, (c) 2025 Scott James); see ../shared/data/artisan-alog/SOURCE.txt."""
import ast, glob, json, os, sys

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/artisan-alog"
cases = []
for path in sorted(glob.glob(os.path.join(src, "*.alog"))):
    d = ast.literal_eval(open(path, encoding="utf-8").read())
    c = d.get("computed", {})
    profile = {k: d[k] for k in ("mode", "timex", "temp1", "temp2", "timeindex", "weight", "phases") if k in d}
    expect = {}
    def put(key, oracle):
        v = c.get(oracle)
        if v is not None and v != -1:
            expect[key] = v
    for key, oracle in [("turningPointS", "TP_time"), ("turningPointBt", "TP_BT"), ("dryEndS", "DRY_time"),
                        ("firstCrackS", "FCs_time"), ("firstCrackBt", "FCs_BT"), ("firstCrackEndS", "FCe_time"),
                        ("dropS", "DROP_time"), ("dropBt", "DROP_BT"), ("developmentS", "finishphasetime"),
                        ("totalS", "totaltime"), ("rorDry", "dry_phase_ror"), ("rorMid", "mid_phase_ror"),
                        ("rorFinish", "finish_phase_ror"), ("rorTotal", "total_ror")]:
        put(key, oracle)
    if c.get("finishphasetime") and c.get("totaltime"):
        expect["dtrPct"] = round(c["finishphasetime"] / c["totaltime"] * 100 + 1e-9, 1)
    wl = c.get("weight_loss")
    if wl is not None and 0 < wl < 100:
        expect["weightLossPct"] = wl
    case = {"name": os.path.basename(path), "profile": profile, "expect": expect}
    if not expect:
        case["note"] = "no DROP: Artisan computed nothing; Kafae reports the events it has and no phases"
    cases.append(case)
out = {
    "description": "Roast metrics against Artisan's own computed figures (the oracle) for real logs. Times in s from CHARGE, "
                   "temperatures as logged, RoR in degrees per minute; compare times and temperatures within 0.05, "
                   "weight loss within 0.5 (Artisan rounds it to whole percent in some versions).",
    "source": "github.com/scottjames/coffee-roasting logs (MIT, (c) 2025 Scott James)",
    "cases": cases,
}
json.dump(out, open(os.path.join(os.path.dirname(__file__), "roast.json"), "w"), separators=(",", ":"))
print(f"{len(cases)} roast cases")
