#!/usr/bin/env python3
"""Differential test of keylint's conditional CloudFormation findings
(`--all-inputs`) against stacks deployed by moto's CloudFormation.

    cfn_conditions_compare.py KEYLINT SEED N WORKDIR

Generates N templates from SEED in the shape of reusable templates: a
user named by a parameter without a default, access keys gated by
conditions over parameters with two `AllowedValues` (`!Equals`, `!And`,
`!Or`, `!Not`), statuses written literally, as `!Ref` to such a parameter
or as `!If`, some keys for a second user. keylint lints each template
alone with `--all-inputs`; each combination of the parameters' values is
then deployed as one stack, and the access keys moto creates give the
truth: a user with two or more active keys has KL002 on each of them.

Every finding must be in every stack whose parameters meet its condition
(a false positive otherwise), and a condition stated with "when" must be
exact: a finding in a stack whose parameters fail it is a failure unless
another finding on the same key holds there or says "at least when".

moto implements access keys, their statuses and CloudFormation's
conditions, but not `LoginProfile` on `AWS::IAM::User`, so only KL002 is
compared. IAM allows two keys per user: a stack with more fails to deploy
(on AWS as in moto) and is not compared. Exit status 1 on a false positive
or an inexact "when".
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import subprocess
import sys

import boto3
from moto import mock_aws

GATES = {"CreateA": ["true", "false"], "CreateB": ["Yes", "No"], "KeyStatus": ["Active", "Inactive"]}
# Written inline: moto 5.2 does not evaluate `!Condition` inside `!And`,
# `!Or` and `!Not` (an `!Or` of two conditions is always false there).
A, B = '!Equals [!Ref CreateA, "true"]', '!Equals [!Ref CreateB, "Yes"]'
CONDITIONS = {
    "WantA": A,
    "WantB": B,
    "Both": f"!And [{A}, {B}]",
    "Either": f"!Or [{A}, {B}]",
    "NotA": f"!Not [{A}]",
}


def template(rng):
    """A template's text."""
    keys = []
    for i in range(rng.choice([2, 2, 3, 4])):
        lines = [f"  Key{i}:", "    Type: AWS::IAM::AccessKey"]
        condition = rng.choice([None, None, *CONDITIONS])
        if condition:
            lines.append(f"    Condition: {condition}")
        lines += ["    Properties:", f"      UserName: !Ref {rng.choice(['User', 'User', 'User', 'Other'])}"]
        status = rng.choice([None, None, "Active", "Inactive", "!Ref KeyStatus",
                             "!If [WantB, Active, Inactive]"])
        if status:
            lines.append(f"      Status: {status}")
        keys.append("\n".join(lines))
    text = "\n".join(keys)
    params = ["Parameters:", "  UserName:", "    Type: String", "  OtherName:", "    Type: String"]
    for g in GATES:
        values = ", ".join(json.dumps(v) for v in GATES[g])
        params += [f"  {g}:", "    Type: String", f"    AllowedValues: [{values}]",
                   f"    Default: {json.dumps(GATES[g][1])}"]
    conditions = ["Conditions:"] + [f"  {name}: {body}" for name, body in CONDITIONS.items()]
    users = ["Resources:", "  User:", "    Type: AWS::IAM::User", "    Properties:",
             "      UserName: !Ref UserName", "  Other:", "    Type: AWS::IAM::User",
             "    Properties:", "      UserName: !Ref OtherName"]
    body = "\n".join(['AWSTemplateFormatVersion: "2010-09-09"', *params, *conditions, *users, text])
    return body + "\n"


def parse_condition(message):
    """(terms, exact) of a finding's condition; terms None: every input."""
    m = re.search(r", (at least )?when (.*)$", message)
    if not m:
        return None, True
    text = m.group(2)
    parts = text[1:-1].split(") or (") if text.startswith("(") else [text]
    terms = []
    for part in parts:
        term = {}
        for names, value in re.findall(r"((?:`\w+`(?:, | and )?)+) (?:is|are) `([^`]*)`", part):
            term.update({n: value for n in re.findall(r"`(\w+)`", names)})
        terms.append(term)
    return terms, m.group(1) is None


def holds(terms, values):
    return terms is None or any(all(values[k] == v for k, v in t.items()) for t in terms)


def keylint_findings(keylint, path):
    r = subprocess.run([keylint, "check", "--all-inputs", "--select", "KL002", "--format", "json", path],
                       capture_output=True, text=True, timeout=60)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"keylint exited {r.returncode}: {r.stderr[:400]}")
    return [(f["resource"], *parse_condition(f["message"])) for f in json.loads(r.stdout)["findings"]]


def deployed_truth(cf, iam, name, body, values):
    """The logical ids of the keys with KL002 in the stack deployed with `values`."""
    params = {**values, "UserName": f"{name}-u", "OtherName": f"{name}-o"}
    try:
        cf.create_stack(StackName=name, TemplateBody=body,
                        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in params.items()])
    except cf.exceptions.ClientError as e:
        # IAM allows two keys per user, active or not: a stack with more
        # fails to deploy, as on AWS. Nothing to compare.
        if "AccessKeysPerUser" in str(e):
            return None
        raise
    logical = {r["PhysicalResourceId"]: r["LogicalResourceId"]
               for r in cf.describe_stack_resources(StackName=name)["StackResources"]
               if r.get("ResourceType") == "AWS::IAM::AccessKey"}
    truth = set()
    for user in (params["UserName"], params["OtherName"]):
        active = [k["AccessKeyId"] for k in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]
                  if k["Status"] == "Active"]
        if len(active) > 1:
            truth |= {logical[k] for k in active if k in logical}
    return truth


def main(argv):
    keylint, seed, n, work = argv[1], int(argv[2]), int(argv[3]), argv[4]
    os.makedirs(work, exist_ok=True)
    rng = random.Random(seed)
    stats = dict(templates=0, stacks=0, undeployable=0, findings=0, exact=0, at_least=0, unconditional=0, checks=0,
                 false_positives=0, exactness_violations=0, truth=0, covered=0)
    failures = []
    with mock_aws():
        cf = boto3.client("cloudformation", region_name="us-east-1")
        iam = boto3.client("iam", region_name="us-east-1")
        for t in range(n):
            body = template(rng)
            path = os.path.join(work, f"t{t:04d}.yaml")
            with open(path, "w") as f:
                f.write(body)
            found = keylint_findings(keylint, path)
            stats["templates"] += 1
            stats["findings"] += len(found)
            stats["exact"] += sum(1 for _, terms, exact in found if terms is not None and exact)
            stats["at_least"] += sum(1 for _, terms, exact in found if terms is not None and not exact)
            stats["unconditional"] += sum(1 for _, terms, _ in found if terms is None)
            for i, combo in enumerate(itertools.product(*(GATES[g] for g in GATES))):
                values = dict(zip(GATES, combo))
                truth = deployed_truth(cf, iam, f"t{t}c{i}", body, values)
                if truth is None:
                    stats["undeployable"] += 1
                    continue
                stats["stacks"] += 1
                stats["truth"] += len(truth)
                stats["covered"] += len({r for r, terms, _ in found if holds(terms, values)} & truth)
                for resource, terms, exact in found:
                    if holds(terms, values):
                        stats["checks"] += 1
                        if resource not in truth:
                            stats["false_positives"] += 1
                            failures.append(dict(template=path, values=values, resource=resource,
                                                 kind="false positive", truth=sorted(truth)))
                    elif exact and resource in truth:
                        others = [o for o in found if o[0] == resource and o != (resource, terms, exact)]
                        if not any(holds(ot, values) or not oe for _, ot, oe in others):
                            stats["exactness_violations"] += 1
                            failures.append(dict(template=path, values=values, resource=resource,
                                                 kind="outside an exact condition"))
    with open(os.path.join(work, "report.jsonl"), "w") as f:
        for failure in failures:
            f.write(json.dumps(failure) + "\n")
    print(json.dumps(stats, indent=1))
    if failures:
        print(f"FAIL: {len(failures)} failure(s): {os.path.join(work, 'report.jsonl')}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
