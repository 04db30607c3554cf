#!/usr/bin/env python3
"""Compares HashiCorp HCL's view of some files with keylint's.

Usage: hcl_compare.py ORACLE.jsonl KEYLINT.jsonl KNOWN.tsv

Both inputs hold one JSON line per file (scripts/hcl-oracle, then
examples/hcl_blocks.rs). A file agrees when both accept it with the same
blocks (type, labels, start and end line and column) or both reject it.
Disagreements listed in KNOWN.tsv (file, kind, reason; the file as a path
suffix) are expected and reported as such; any other one fails the run.
"""

import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return {r["file"]: r for r in map(json.loads, f) if r}


def known_differences(path):
    known = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3:
                sys.exit(f"{path}: want file<TAB>kind<TAB>reason: {line!r}")
            known.append(fields)
    return known


def fmt(b):
    labels = "".join(f' "{label}"' for label in b["labels"])
    return f'{b["type"]}{labels} {b["start"][0]}:{b["start"][1]}-{b["end"][0]}:{b["end"][1]}'


def differences(o, k):
    """(kind, detail) pairs; kinds: accept, reject, blocks, span."""
    if o["ok"] and not k["ok"]:
        e = k["errors"][0] if k["errors"] else {}
        yield "reject", f'HCL accepts, keylint rejects at {e.get("line")}:{e.get("column")}: {e.get("message")}'
        return
    if k["ok"] and not o["ok"]:
        e = o["errors"][0] if o["errors"] else {}
        yield "accept", f'HCL rejects at {e.get("line")}:{e.get("column")}: {e.get("message")}; keylint accepts'
        return
    if not o["ok"]:
        return
    ob, kb = o["blocks"], k["blocks"]
    if [(b["type"], b["labels"], b["depth"]) for b in ob] != [
        (b["type"], b["labels"], b["depth"]) for b in kb
    ]:
        yield "blocks", f"HCL: {[fmt(b) for b in ob]} keylint: {[fmt(b) for b in kb]}"
        return
    for a, b in zip(ob, kb):
        if (a["start"], a["end"]) != (b["start"], b["end"]):
            yield "span", f"HCL {fmt(a)} keylint {fmt(b)}"


def main():
    oracle, keylint, known = load(sys.argv[1]), load(sys.argv[2]), known_differences(sys.argv[3])
    used = set()
    agree, expected, unexplained = 0, [], []
    for name in sorted(oracle):
        if name not in keylint:
            unexplained.append((name, "missing", "no keylint result"))
            continue
        diffs = list(differences(oracle[name], keylint[name]))
        if not diffs:
            agree += 1
            continue
        for kind, detail in diffs:
            match = next(
                (i for i, (f, kd, _) in enumerate(known) if kd == kind and name.endswith(f)), None
            )
            if match is None:
                unexplained.append((name, kind, detail))
            else:
                used.add(match)
                expected.append((name, kind, detail, known[match][2]))
    total = len(oracle)
    blocks = sum(len(r["blocks"]) for r in oracle.values())
    disagreeing = total - agree
    print(
        f"files compared: {total} ({blocks} blocks per HCL); agree: {agree} "
        f"({100 * agree / max(total, 1):.1f}%); disagree: {disagreeing} "
        f"({len({e[0] for e in expected} - {u[0] for u in unexplained})} known, "
        f"{len({u[0] for u in unexplained})} unexplained)"
    )
    for name, kind, detail, reason in expected:
        print(f"  known   {kind:7} {name}: {detail}\n          why: {reason}")
    for name, kind, detail in unexplained:
        print(f"  UNEXPLAINED {kind:7} {name}: {detail}")
    for i, (f, kind, _) in enumerate(known):
        if i not in used:
            print(f"  note: known difference not seen this run: {f} ({kind})")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
