"""Differential test of keylint's CloudFormation YAML reader against cfn-lint.

    python cfn_yaml_compare.py CFN_MODEL KNOWN_TSV WORKDIR FILE...

Run with the Python that has cfn-lint installed (scripts/cfn-yaml-differential.sh
sets it up). For each YAML file:

1. cfn-lint decodes it (cfnlint.decode.decode: PyYAML with libyaml, its
   CloudFormation loader, duplicate-key and alias checks). A decode error is
   cfn-lint's "could not parse" (its rule E0000).
2. keylint reads it (examples/cfn_model.rs): parse error, or the IAM facts it
   drew from the template.
3. Where both read it, the template cfn-lint decoded is written out as JSON
   and keylint reads that JSON too (its strict JSON reader): the two sets of
   IAM facts (resource types, user names, statuses, what was left
   unresolved) must be the same, or keylint read some value differently.

Prints one line per disagreement and a summary; exits 1 when a disagreement
is not listed in KNOWN_TSV (file path relative to the repository, then the
kind of disagreement, then why it is accepted).
"""

import base64
import datetime
import json
import math
import os
import subprocess
import sys

from cfnlint.decode.decode import decode


def plain(value):
    """cfn-lint's decoded template as plain JSON values."""
    if isinstance(value, dict):
        return {key_text(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def key_text(key):
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(plain(key)) if not isinstance(key, str) else key


def cfn_lint(path):
    """(ok, error message, decoded template)."""
    try:
        template, matches = decode(path)
    except Exception as exc:  # cfn-lint itself crashed: count as not parsed
        return False, f"cfn-lint raised {type(exc).__name__}: {exc}", None
    if matches:
        first = matches[0]
        return False, f"{first.linenumber}:{first.columnnumber}: {first.message}", None
    return True, "", template


def keylint(cfn_model, paths):
    out = subprocess.run(
        [cfn_model, *paths], check=True, capture_output=True, text=True
    ).stdout
    return {row["file"]: row for row in map(json.loads, filter(None, out.split("\n")))}


def load_known(path):
    known = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                parts = line.rstrip("\n").split("\t")
                known[(parts[0], parts[1])] = parts[2] if len(parts) > 2 else ""
    return known


def rel(path):
    return os.path.relpath(path).replace(os.sep, "/")


def main():
    cfn_model, known_path, work = sys.argv[1:4]
    files = sys.argv[4:]
    known = load_known(known_path)
    decoded, twins = {}, {}
    for i, path in enumerate(files):
        ok, error, template = cfn_lint(path)
        decoded[path] = (ok, error)
        if ok:
            twin = os.path.join(work, f"{i}.json")
            with open(twin, "w", encoding="utf-8") as f:
                json.dump(plain(template), f)
            twins[path] = twin
    ours = keylint(cfn_model, files)
    theirs = keylint(cfn_model, list(twins.values()))

    disagreements = []
    for path in files:
        (cfn_ok, cfn_error), mine = decoded[path], ours[path]
        if cfn_ok and not mine["ok"]:
            disagreements.append((path, "keylint-rejects", mine["error"]))
        elif not cfn_ok and mine["ok"]:
            disagreements.append((path, "keylint-accepts", cfn_error))
        elif cfn_ok:
            twin = theirs[twins[path]]
            if not twin["ok"]:
                disagreements.append((path, "twin-unreadable", twin["error"]))
            elif (mine.get("template"), mine.get("facts")) != (
                twin.get("template"),
                twin.get("facts"),
            ):
                detail = json.dumps({"keylint": mine.get("facts"), "cfn-lint": twin.get("facts")})
                disagreements.append((path, "values-differ", detail))

    unexpected = 0
    for path, kind, detail in disagreements:
        listed = (rel(path), kind) in known
        unexpected += not listed
        mark = "known" if listed else "NEW"
        print(f"{mark}\t{rel(path)}\t{kind}\t{detail[:400]}")
    for (path, kind) in sorted(set(known) - {(rel(p), k) for p, k, _ in disagreements}):
        print(f"stale\t{path}\t{kind}\t(listed as known, but they agree now)")
    both = sum(1 for p in files if decoded[p][0] and ours[p]["ok"])
    print(
        f"cfn-yaml-differential: {len(files)} files, {both} read by both, "
        f"{len(disagreements)} disagreements ({unexpected} not known)"
    )
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
