#!/usr/bin/env python3
"""Differential test of keylint's findings on modules linted alone (with
their variables unset) against Terraform's plans of those modules called
with many concrete inputs.

    modules.py [--keylint PATH] [--inputs K] SEED N WORKDIR

Generates N modules from SEED in the shape of public IAM modules: users,
login profiles and keys over `for_each` / `count` collections that are
variables without values (a map of users, a set of names, `toset` of a
list, `count = length(...)`, `count = var.n`, a `var.enable ? 1 : 0`
gate), tied by `each.key`, `count.index`, references to the user block,
or one shared `var.name`. Each module becomes one program: the module in
`module/` and a root that calls it K times, each call with inputs drawn at
random (empty and non-empty collections, names from a small pool so that
collections overlap). Terraform plans each program (oracle.py); truth.py
gives the findings of each call's subtree on its own (one call, one
account).

keylint lints `module/` alone. Every finding it reports must then be true
of every call: a finding "for every entry of ..." (universal) wherever its
block has instances in that call's plan (an empty collection creates
nothing, which is no counter-example), any other finding in every call.
A finding missing from a call where its block exists is a false positive.
A conditional finding stated "when" (exactly when) must not be in a call
whose inputs fail its condition, unless another finding on the same block
applies there or is stated "at least when" (a sufficient condition only).
Findings of the plans that keylint does not state for every input are
counted (conditional on the inputs), not failures.

Writes WORKDIR/modules-report.jsonl (one line per false positive or
finding outside an exact condition) and prints a summary. Exit status 1 on
either, on a keylint failure,
or when fewer than --min-pairs module/input pairs were checked.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the repository
from generate import PROVIDER_TF  # noqa: E402
from truth import analyse, strip_instance_keys  # noqa: E402

# name: (variable declaration, iteration line, kind, element name expression)
USERS = ('variable "users" {\n  type = map(object({\n    path    = optional(string, "/")\n'
         '    console = optional(bool, false)\n  }))\n}\n')
COLLECTIONS = {
    "users": (USERS, "for_each = var.users", "each", "each.key"),
    # The users whose console flag is set: a `for ... if` filter over
    # var.users, the same elements (keys) where they pass.
    "console": (USERS, "for_each = { for k, u in var.users : k => u if u.console }", "each", "each.key"),
    "names": ('variable "names" {\n  type = set(string)\n}\n',
              "for_each = var.names", "each", "each.key"),
    "list": ('variable "list" {\n  type = list(string)\n}\n',
             "for_each = toset(var.list)", "each", "each.value"),
    "seq": ('variable "seq" {\n  type = list(string)\n}\n',
            "count = length(var.seq)", "count", "var.seq[count.index]"),
    "n": ('variable "n" {\n  type = number\n}\n',
          "count = var.n", "count", '"${var.prefix}-${count.index}"'),
    "gate": ('variable "enable" {\n  type = bool\n}\n',
             "count = var.enable ? 1 : 0", "count", "var.name"),
}
ALWAYS = ('variable "name" {\n  type = string\n}\n'
          'variable "prefix" {\n  type = string\n}\n')
# Booleans with defaults, as public modules gate what they create.
GATES = {"create_key": True, "create_profile": False}
# A key status as a variable, as terraform-aws-modules/iam's iam-user has
# it: null (active), "Active" or "Inactive".
STATUS = 'variable "key_status" {\n  type    = string\n  default = null\n}\n'
POOL = ["a", "b", "c"]


def user_expressions(rng, over, user_over):
    """User expressions valid in a block iterating `over` (None: single)."""
    options = ["var.name"]
    if over is not None:
        options += [COLLECTIONS[over][3]] * 2
    # The user block's instance of the element: it exists for every element
    # of the collection, filtered or not.
    if user_over is not None and (user_over == over or (user_over, over) == ("users", "console")):
        index = "each.key" if COLLECTIONS[over][2] == "each" else "count.index"
        options += [f"aws_iam_user.u[{index}].name"] * 2
    if user_over == "none":
        options.append("aws_iam_user.u.name")
    return rng.choice(options)


def block(rtype, name, over, body, gate=None):
    lines = [f'resource "{rtype}" "{name}" {{']
    if over is not None:
        lines.append(f"  {COLLECTIONS[over][1]}")
    elif gate is not None:
        lines.append(f"  count = {gate} ? 1 : 0")
    lines += [f"  {line}" for line in body]
    return "\n".join(lines) + "\n}\n"


def module_source(rng):
    """The text of one module, and the collections it declares."""
    pick = lambda: rng.choice([None] + list(COLLECTIONS))  # noqa: E731
    used, blocks = set(), []
    user_over = None
    if rng.random() < 0.7:
        over = pick()
        user_over = over if over is not None else "none"
        name = COLLECTIONS[over][3] if over else "var.name"
        blocks.append(block("aws_iam_user", "u", over, [f"name = {name}"]))
        used.add(over)
    for i in range(rng.choice([0, 1, 1, 2])):
        over = pick() if rng.random() < 0.3 else (user_over if user_over != "none" else None)
        user = user_expressions(rng, over, user_over)
        gate = rng.choice([None, "var.create_profile", "var.create_profile && var.create_key"])
        blocks.append(block("aws_iam_user_login_profile", f"p{i}", over, [f"user = {user}"], gate))
        used.add(over)
    for i in range(rng.choice([1, 1, 2, 2, 3])):
        over = pick() if rng.random() < 0.3 else (user_over if user_over != "none" else None)
        user = user_expressions(rng, over, user_over)
        body = [f"user = {user}"]
        status = rng.choice([None, None, "Active", "Inactive", "var"])
        if status == "var":
            body.append("status = var.key_status")
        elif status:
            body.append(f'status = "{status}"')
        gate = rng.choice([None, None, "var.create_key", "!var.create_profile"])
        blocks.append(block("aws_iam_access_key", f"k{i}", over, body, gate))
        used.add(over)
    declared = [c for c in COLLECTIONS if c in used]
    declarations = dict.fromkeys(COLLECTIONS[c][0] for c in declared)
    gates = "".join(f'variable "{g}" {{\n  type    = bool\n  default = {str(d).lower()}\n}}\n'
                    for g, d in GATES.items()) + STATUS
    text = ALWAYS + gates + "".join(declarations) + "\n" + "\n".join(blocks)
    return text, declared


def draw_inputs(rng, declared, tag):
    names = [f"{tag}-{p}" for p in POOL]
    subset = lambda: rng.sample(names, rng.choice([0, 1, 1, 2, 3]))  # noqa: E731
    values = {"name": rng.choice(names), "prefix": tag}
    # Half the calls leave the gates at their defaults: the pairs on which
    # findings of the default reading (defaults are set values) are checked.
    if rng.random() < 0.5:
        values.update({g: rng.random() < 0.5 for g in GATES})
        values["key_status"] = rng.choice([None, "Active", "Inactive"])
    for c in declared:
        if c in ("users", "console") and "users" not in values:
            values["users"] = {n: {"console": rng.random() < 0.5} for n in subset()}
        elif c in ("names", "list", "seq"):
            values[c] = subset()
        elif c == "n":
            values["n"] = rng.choice([0, 1, 2, 3])
        elif c == "gate":
            values["enable"] = rng.random() < 0.5
    return values


def write_program(path, source, calls):
    os.makedirs(os.path.join(path, "module"), exist_ok=True)
    with open(os.path.join(path, "module", "main.tf"), "w") as f:
        f.write(source)
    root = [PROVIDER_TF]
    for name, values in calls:
        # JSON values are HCL expressions too.
        args = "".join(f"  {k} = {json.dumps(v)}\n" for k, v in sorted(values.items()))
        root.append(f'module "{name}" {{\n  source = "./module"\n{args}}}\n')
    with open(os.path.join(path, "main.tf"), "w") as f:
        f.write("\n".join(root))


def condition_of(message):
    """A finding's condition (`--all-inputs`) as a list of terms, each a
    dict of variable values; None when it holds for every input."""
    m = re.search(r", (?:at least )?when (.*)$", message)
    if not m:
        return None
    terms = m.group(1)[1:-1].split(") or (") if m.group(1).startswith("(") else [m.group(1)]
    out = []
    for t in terms:
        term = {}
        for names, value in re.findall(r"((?:`var\.\w+`(?:, | and )?)+) (?:is|are) (true|false)", t):
            term.update({n: value == "true" for n in re.findall(r"`var\.(\w+)`", names)})
        # A status variable: `"Inactive"`, or not.
        for name, negated in re.findall(r'`var\.(\w+)` is (not )?`"Inactive"`', t):
            term[name] = ("!=" if negated else "==", "Inactive")
        out.append(term)
    return out


def holds(condition, values):
    def meets(k, v):
        if isinstance(v, tuple):
            op, wanted = v
            return (values.get(k) == wanted) == (op == "==")
        return values[k] == v
    return condition is None or any(all(meets(k, v) for k, v in term.items()) for term in condition)


def passes(message, values):
    """Whether an element passes the filter a finding names, if any: the
    generator's only filter keeps the users whose console flag is set."""
    if "that passes `if u.console`" not in message:
        return True
    return any(u.get("console") for u in values.get("users", {}).values())


def keylint_findings(keylint, module_dir, *extra):
    """(rule, block, universal, condition, message) of keylint's findings on the module alone."""
    r = subprocess.run([keylint, "check", "--format", "json", *extra, module_dir],
                       capture_output=True, text=True, timeout=120)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"keylint exited {r.returncode}: {r.stderr.strip()[:500]}")
    out = []
    for f in json.loads(r.stdout)["findings"]:
        condition = condition_of(f["message"])
        out.append((f["rule"], strip_instance_keys(f["resource"]), ", for every " in f["message"],
                    condition, f["message"]))
    return out


def exactness_violations(found, truth, values, effective):
    """The findings whose condition keylint states as exact (", when ...",
    not ", at least when ...") that fail their condition in a call whose
    plan still has them, unless another finding on the same block holds
    there or is stated as a sufficient condition only."""
    def applies(f):
        return holds(f[3], effective) and passes(f[4], values)

    out = []
    for f in found:
        exact = f[3] is not None and ", at least when " not in f[4]
        if not exact or holds(f[3], effective) or (f[0], f[1]) not in truth:
            continue
        others = [g for g in found if g[:2] == f[:2] and g is not f]
        if not any(applies(g) or (g[3] is not None and ", at least when " in g[4]) for g in others):
            out.append(f)
    return out


def call_subtrees(plan):
    """Each module call's planned subtree, by call name, as a plan of its own."""
    root = (plan.get("planned_values") or {}).get("root_module") or {}
    for child in root.get("child_modules", []) or []:
        name = child["address"].split(".", 1)[1]
        prefix = child["address"] + "."

        def strip(module):
            module = dict(module)
            module["resources"] = [dict(r, address=r["address"][len(prefix):])
                                   for r in module.get("resources", []) or []]
            module["child_modules"] = [strip(c) for c in module.get("child_modules", []) or []]
            return module
        yield name, {"planned_values": {"root_module": strip(child)}}


def instance_blocks(subplan):
    blocks = set()
    stack = [subplan["planned_values"]["root_module"]]
    while stack:
        module = stack.pop()
        blocks |= {strip_instance_keys(r["address"]) for r in module.get("resources", []) or []}
        stack += module.get("child_modules", []) or []
    return blocks


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seed", type=int)
    ap.add_argument("n", type=int)
    ap.add_argument("work")
    ap.add_argument("--inputs", type=int, default=20)
    ap.add_argument("--min-pairs", type=int, default=0)
    ap.add_argument("--keylint", default=os.environ.get(
        "KEYLINT", os.path.join(HERE, "..", "..", "target", "release", "keylint")))
    args = ap.parse_args(argv[1:])
    mirror = os.environ.get("TF_PLUGIN_MIRROR", "/opt/tf-plugins")
    if shutil.which("terraform") is None:
        print("skipped: terraform not found")
        return 0
    if not os.path.isdir(os.path.join(mirror, "registry.terraform.io", "hashicorp", "aws")):
        print(f"skipped: no hashicorp/aws provider in the filesystem mirror {mirror} (set TF_PLUGIN_MIRROR)")
        return 0
    rng = random.Random(args.seed)
    programs = os.path.join(args.work, "programs")
    modules = {}
    for m in range(args.n):
        source, declared = module_source(rng)
        calls = [(f"i{i}", draw_inputs(rng, declared, f"m{m}i{i}")) for i in range(args.inputs)]
        name = f"p{m:04d}"
        write_program(os.path.join(programs, name), source, calls)
        modules[name] = calls
    oracle = os.path.join(args.work, "oracle")
    subprocess.run([sys.executable, os.path.join(HERE, "oracle.py"), "--jobs", "2",
                    programs, oracle], check=True)
    stats = dict(modules=0, invalid=0, pairs=0, default_pairs=0, checked=0, universal=0,
                 concrete=0, conditional=0, false_positives=0, plan_findings=0, covered=0,
                 outside_condition=0, filtered=0, exact=0, at_least=0, exactness_violations=0)
    report = open(os.path.join(args.work, "modules-report.jsonl"), "w")
    for name in sorted(modules):
        plan_path = os.path.join(oracle, "plans", f"{name}.json")
        if not os.path.exists(plan_path):
            stats["invalid"] += 1
            continue
        stats["modules"] += 1
        module_dir = os.path.join(programs, name, "module")
        # The default reading (defaults are set values), and --all-inputs.
        readings = [(False, keylint_findings(args.keylint, module_dir)),
                    (True, keylint_findings(args.keylint, module_dir, "--all-inputs"))]
        for _, found in readings:
            stats["universal"] += sum(1 for f in found if f[2])
            stats["concrete"] += sum(1 for f in found if not f[2] and f[3] is None)
            stats["conditional"] += sum(1 for f in found if f[3] is not None)
            stats["filtered"] += sum(1 for f in found if "that passes `if" in f[4])
            stats["at_least"] += sum(1 for f in found if ", at least when " in f[4])
            stats["exact"] += sum(1 for f in found if f[3] is not None and ", at least when " not in f[4])
        with open(plan_path) as f:
            plan = json.load(f)
        # A call that creates nothing has no subtree in the plan.
        subtrees = dict(call_subtrees(plan))
        empty = {"planned_values": {"root_module": {}}}
        for i, (call, values) in enumerate(modules[name]):
            subplan = subtrees.get(call, empty)
            stats["pairs"] += 1
            truth, _ = analyse(subplan)
            exists = instance_blocks(subplan)
            effective = {**GATES, "key_status": None, **values}
            at_defaults = not any(g in values for g in [*GATES, "key_status"])
            stats["default_pairs"] += at_defaults
            stats["plan_findings"] += len(truth)
            stats["covered"] += len({(f[0], f[1]) for _, found in readings for f in found} & truth)
            for f in exactness_violations(readings[1][1], truth, values, effective):
                stats["exactness_violations"] += 1
                report.write(json.dumps({
                    "program": name, "call": call, "rule": f[0], "block": f[1],
                    "exactness": f[4], "truth": sorted(truth)}) + "\n")
            for all_inputs, found in readings:
                if not all_inputs and not at_defaults:
                    continue  # the default reading holds where the defaults do
                for rule, block_address, universal, condition, message in found:
                    if not holds(condition, effective) or not passes(message, values):
                        stats["outside_condition"] += (rule, block_address) in truth
                        continue
                    if universal and block_address not in exists:
                        continue  # an empty collection: nothing to hold for
                    stats["checked"] += 1
                    if (rule, block_address) not in truth:
                        stats["false_positives"] += 1
                        report.write(json.dumps({
                            "program": name, "call": call, "rule": rule, "block": block_address,
                            "universal": universal, "condition": condition,
                            "all_inputs": all_inputs, "truth": sorted(truth)}) + "\n")
    report.close()
    print(json.dumps(stats, indent=1))
    failed = (stats["false_positives"] > 0 or stats["exactness_violations"] > 0
              or stats["pairs"] < args.min_pairs)
    if stats["false_positives"]:
        print(f"FAIL: {stats['false_positives']} false positive(s): "
              f"{os.path.join(args.work, 'modules-report.jsonl')}")
    if stats["exactness_violations"]:
        print(f"FAIL: {stats['exactness_violations']} finding(s) outside a condition stated as exact: "
              f"{os.path.join(args.work, 'modules-report.jsonl')}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
