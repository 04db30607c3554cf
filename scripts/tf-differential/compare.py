#!/usr/bin/env python3
"""Compare keylint's findings with Terraform's plan (truth.py) per program.

    compare.py [--keylint PATH] [--jobs 2] [--report FILE] PROGRAMS_DIR ORACLE_DIR

For each program that Terraform planned (ORACLE_DIR/oracle.jsonl, plans/), runs
  KEYLINT check --format json PROGRAM_DIR
  KEYLINT check --format json --verbose PROGRAM_DIR   (notes on stderr)
normalises each finding's `resource` by removing instance keys, and compares
the set of (rule, resource block) with truth.py's. Each program is:

  agree             the same findings
  false-positive    keylint reports a finding Terraform's plan does not have
  missed-with-note  a finding is missing, and a --verbose note names its block
  silent-miss       a finding is missing and no note names its block
  keylint-error     keylint exited with a status other than 0/1 or no JSON

(a program with both a false positive and a miss is a false-positive; one with
noted and silent misses is a silent-miss).

keylint analyses every directory holding .tf files as a root module, also
modules/<x>/ of a program, which Terraform never plans on its own. Findings in
files under modules/ that were not reached through a module call (no `via`) are
therefore set aside (`module_as_root` in the report), not compared.

Prints a summary table; writes JSON lines (default ORACLE_DIR/report.jsonl),
one per program that does not agree, with the differing findings and keylint's
notes. Exit status 1 if any program has a false positive or keylint failed,
or if fewer than --min-agreement percent of the programs agree; else 0.
KEYLINT: --keylint, else $KEYLINT, else target/release/keylint of this repository.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import re
import subprocess
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the repository
from truth import analyse_detailed, strip_instance_keys  # noqa: E402

# "partly checked" (a user known only by identity) is counted as a note too.
NOTE_RE = re.compile(r"^note: (?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<addr>\S+): "
                     r"(?P<kind>not checked|partly checked): (?P<reason>.*)$")
ORDER = ["agree", "false-positive", "missed-with-note", "silent-miss", "keylint-error"]


def keylint_env():
    # TF_VAR_* would reach keylint but not the oracle (oracle.py drops them).
    return {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_")}


def run_keylint(keylint, prog_dir, verbose):
    cmd = [keylint, "check", "--format", "json"] + (["--verbose"] if verbose else []) + [prog_dir]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=120, env=keylint_env())
    try:
        doc = json.loads(r.stdout)
    except json.JSONDecodeError:
        doc = None
    return r.returncode, doc, r.stderr


def compare_one(name, prog_dir, plan_path, keylint):
    with open(plan_path) as f:
        truth, truth_warnings, details = analyse_detailed(json.load(f))
    rc, doc, _ = run_keylint(keylint, prog_dir, verbose=False)
    vrc, vdoc, stderr = run_keylint(keylint, prog_dir, verbose=True)
    row = {"program": name}
    if doc is None or rc not in (0, 1) or vdoc is None:
        row.update(category="keylint-error", exit=rc, stderr=stderr[-2000:])
        return row
    modules_dir = prog_dir.rstrip("/") + "/modules/"
    got, set_aside, raw = set(), [], []
    for f in doc["findings"]:
        item = {"rule": f["rule"], "resource": f["resource"], "user": f.get("user"),
                "file": f["file"], "line": f["line"]}
        if f["file"].startswith(modules_dir) and not f.get("via"):
            set_aside.append(item)
            continue
        raw.append(item)
        got.add((f["rule"], strip_instance_keys(f["resource"])))
    notes = []
    for line in stderr.splitlines():
        m = NOTE_RE.match(line)
        if m:
            notes.append({"file": m["file"], "line": int(m["line"]), "resource": m["addr"],
                          "block": strip_instance_keys(m["addr"]), "kind": m["kind"], "reason": m["reason"]})
    noted_blocks = {n["block"] for n in notes}

    def is_noted(block):
        # A note on a module call ("module not followed") names everything in it.
        return block in noted_blocks or any(
            b.startswith("module.") and block.startswith(b + ".") for b in noted_blocks)
    extra = sorted(got - truth)
    missing = sorted(truth - got)
    missing_noted = [m for m in missing if is_noted(m[1])]
    missing_silent = [m for m in missing if not is_noted(m[1])]
    if extra:
        cat = "false-positive"
    elif missing_silent:
        cat = "silent-miss"
    elif missing_noted:
        cat = "missed-with-note"
    else:
        cat = "agree"
    row.update(category=cat, truth=len(truth), keylint=len(got))
    # A silent miss may still be explained by a note on a block that makes
    # the finding: the user's other key (KL002) or its login profile (KL001).
    def miss(m):
        d = details[m]
        related = sorted(d["related"])
        return {"rule": m[0], "resource": m[1], "users": sorted(d["users"]), "related": related,
                "noted_related": [b for b in related if is_noted(b)]}
    if missing_silent:
        row["silent_explained"] = all(miss(m)["noted_related"] for m in missing_silent)
    if cat != "agree":
        row.update(
            false_positives=[list(x) for x in extra],
            missed_with_note=[miss(m) for m in missing_noted],
            silent_misses=[miss(m) for m in missing_silent],
            keylint_findings=raw,
            notes=notes,
        )
    if set_aside:
        row["module_as_root"] = set_aside
    if truth_warnings:
        row["truth_warnings"] = truth_warnings
    if doc.get("errors"):
        row["keylint_errors"] = doc["errors"]
    return row


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("programs")
    ap.add_argument("oracle")
    ap.add_argument("--keylint", default=os.environ.get(
        "KEYLINT", os.path.join(HERE, "..", "..", "target", "release", "keylint")))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--report")
    ap.add_argument("--min-agreement", type=float, default=None,
                    help="also exit 1 when fewer programs than this percentage agree")
    args = ap.parse_args(argv[1:])
    if not os.access(args.keylint, os.X_OK):
        sys.exit(f"compare: keylint binary not found: {args.keylint}")
    report_path = args.report or os.path.join(args.oracle, "report.jsonl")

    with open(os.path.join(args.oracle, "oracle.jsonl")) as f:
        oracle = [json.loads(line) for line in f]
    valid = [r["program"] for r in oracle if r["valid"]]
    invalid = [r for r in oracle if not r["valid"]]
    families = {}
    fam_path = os.path.join(args.programs, "families.jsonl")
    if os.path.exists(fam_path):
        with open(fam_path) as f:
            for line in f:
                row = json.loads(line)
                families[row["program"]] = row["families"]

    # keylint reports paths as reached from its argument: run it from
    # PROGRAMS_DIR on the program's name (files are then pNNNN/main.tf).
    oracle_dir = os.path.abspath(args.oracle)
    report_path = os.path.abspath(report_path)
    keylint = os.path.abspath(args.keylint)
    os.chdir(args.programs)
    rows = []
    with cf.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futs = [ex.submit(compare_one, name, name, os.path.join(oracle_dir, "plans", f"{name}.json"), keylint)
                for name in valid]
        rows = [fut.result() for fut in futs]
    rows.sort(key=lambda r: r["program"])
    for r in rows:
        if r["program"] in families:
            r["families"] = families[r["program"]]

    with open(report_path, "w") as f:
        for r in rows:
            if r["category"] != "agree" or "module_as_root" in r:
                f.write(json.dumps(r) + "\n")
        for r in invalid:
            f.write(json.dumps({"program": r["program"], "category": "invalid",
                                "error": r["error"]}) + "\n")

    counts = Counter(r["category"] for r in rows)
    total = len(rows)
    print(f"\n{'category':<18}{'programs':>9}{'share':>9}")
    for cat in ORDER:
        if cat == "keylint-error" and not counts[cat]:
            continue
        share = f"{100 * counts[cat] / total:.1f}%" if total else "-"
        print(f"{cat:<18}{counts[cat]:>9}{share:>9}")
    print(f"{'invalid (oracle)':<18}{len(invalid):>9}")
    explained = sum(1 for r in rows if r["category"] == "silent-miss" and r.get("silent_explained"))
    if counts["silent-miss"]:
        print(f"(silent-miss: {explained} of {counts['silent-miss']} have, for every silent miss, a note on a related "
              f"block: the user's other key or its login profile)")
    findings_truth = sum(r.get("truth", 0) for r in rows)
    print(f"\n{total} valid programs, {findings_truth} expected findings; "
          f"agreeing: {counts['agree']}/{total} ({100 * counts['agree'] / total if total else 0:.1f}%)")
    fam_counts = Counter()
    for r in rows:
        if r["category"] != "agree":
            for fam in r.get("families", []):
                fam_counts[fam] += 1
    if fam_counts:
        print("families in disagreeing programs: " +
              ", ".join(f"{k} {v}" for k, v in fam_counts.most_common()))
    for r in rows:
        if r["category"] in ("false-positive", "silent-miss", "keylint-error"):
            if r["category"] == "silent-miss" and r.get("silent_explained"):
                continue
            detail = r.get("false_positives") or [f"{m['rule']} {m['resource']} ({'/'.join(m['users'])})"
                                                  for m in r.get("silent_misses", [])] or [r.get("exit")]
            print(f"  {r['program']} {r['category']}: {detail}")
    print(f"report: {report_path}")
    if counts["false-positive"] or counts["keylint-error"]:
        return 1
    if args.min_agreement is not None and total and 100 * counts["agree"] / total < args.min_agreement:
        print(f"agreement below {args.min_agreement}%")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
