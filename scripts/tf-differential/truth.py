#!/usr/bin/env python3
"""Expected keylint findings for a Terraform plan, computed from the plan alone.

    truth.py PLAN_JSON

Reads `planned_values` (the root module and its `child_modules`, recursively)
of `terraform show -json` output; independent of keylint. A key is active when
its planned `status` is absent, null or "Active". Users are compared by name.

  KL001: an active key whose user name has an aws_iam_user_login_profile.
  KL002: an active key whose user name has more than one active key.

Prints one finding per line as JSON: ["KL001", "module.m.aws_iam_access_key.k"]
(resource *block* addresses: instance keys removed, deduplicated, sorted).
Lines starting with "warning:" on stderr name keys whose user is unknown at plan
time (they cannot be judged; the generator should not produce them).
"""
from __future__ import annotations

import json
import sys
from collections import Counter


def strip_instance_keys(address: str) -> str:
    """module.m["a"].aws_iam_access_key.k[0] -> module.m.aws_iam_access_key.k"""
    out = []
    i, n = 0, len(address)
    while i < n:
        c = address[i]
        if c == "[":
            i += 1
            while i < n and address[i] != "]":
                if address[i] == '"':
                    i += 1
                    while i < n and address[i] != '"':
                        i += 2 if address[i] == "\\" else 1
                i += 1
            i += 1  # the closing ]
            continue
        out.append(c)
        i += 1
    return "".join(out)


def walk_resources(module: dict):
    for r in module.get("resources", []) or []:
        yield r
    for child in module.get("child_modules", []) or []:
        yield from walk_resources(child)


def analyse(plan: dict) -> tuple[set[tuple[str, str]], list[str]]:
    """Return (findings, warnings)."""
    findings, warnings, _ = analyse_detailed(plan)
    return findings, warnings


def analyse_detailed(plan: dict):
    """Return (findings, warnings, details): details maps a finding to its
    user names and the *related* blocks that make it a finding (the login
    profiles for KL001, the user's other active keys for KL002)."""
    root = (plan.get("planned_values") or {}).get("root_module") or {}
    keys = []          # (block address, instance address, user)
    profiles = {}      # user name -> login profile blocks
    warnings = []
    for r in walk_resources(root):
        if r.get("mode") != "managed":
            continue
        values = r.get("values") or {}
        block = strip_instance_keys(r["address"])
        if r.get("type") == "aws_iam_access_key":
            status = values.get("status")
            if status not in (None, "Active"):
                continue
            if not isinstance(values.get("user"), str):
                warnings.append(f"user of {r['address']} is unknown at plan time")
                continue
            keys.append((block, r["address"], values["user"]))
        elif r.get("type") == "aws_iam_user_login_profile":
            if isinstance(values.get("user"), str):
                profiles.setdefault(values["user"], set()).add(block)
            else:
                warnings.append(f"user of {r['address']} is unknown at plan time")
    per_user = {}
    for block, inst, user in keys:
        per_user.setdefault(user, []).append((block, inst))
    findings, details = set(), {}
    for block, inst, user in keys:
        hits = []
        if user in profiles:
            hits.append(("KL001", profiles[user]))
        if len(per_user[user]) > 1:
            hits.append(("KL002", {b for b, i in per_user[user] if i != inst}))
        for rule, related in hits:
            f = (rule, block)
            findings.add(f)
            d = details.setdefault(f, {"users": set(), "related": set()})
            d["users"].add(user)
            d["related"] |= related
    return findings, warnings, details


def main(argv):
    if len(argv) != 2:
        print("usage: truth.py PLAN_JSON", file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        plan = json.load(f)
    findings, warnings = analyse(plan)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    for rule, addr in sorted(findings):
        print(json.dumps([rule, addr]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
