#!/usr/bin/env python3
"""Calibration of boundary confidence: for each confidence bucket, the share of inferred inner boundaries that the
truth also has. The honest-confidence goal: at least 90 % right among boundaries reported at >= 0.9."""
import json, os, sys

truth_dir, inferred_dir = sys.argv[1], sys.argv[2]
buckets = {}  # lower edge -> [right, total]
for name in sorted(os.listdir(truth_dir)):
    ip = os.path.join(inferred_dir, name)
    if not name.endswith(".json") or not os.path.exists(ip):
        continue
    truth = {m["frame"]: set(m["boundaries"]) for m in json.load(open(os.path.join(truth_dir, name)))["messages"]}
    try:
        inferred = json.load(open(ip))["messages"]
    except Exception:
        continue
    for m in inferred:
        t = truth.get(m["frame"])
        if t is None:
            continue
        inner = [b for b in m["boundaries"] if 0 < b < m["length"]]
        for b, c in zip(inner, m.get("boundary_confidence", [])):
            edge = 0.9 if c >= 0.9 else min(int(c * 10) / 10, 0.8)
            r = buckets.setdefault(edge, [0, 0])
            r[0] += b in t
            r[1] += 1
print("boundary confidence calibration (all shared captures, micro):")
print("| confidence | boundaries | right |")
print("|---|---|---|")
for edge in sorted(buckets):
    right, total = buckets[edge]
    label = ">= 0.9" if edge == 0.9 else f"[{edge:.1f}, {edge + 0.1:.1f})"
    print(f"| {label} | {total} | {right / total:.3f} |")
