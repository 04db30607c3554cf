#!/usr/bin/env python3
"""Run Terraform (the oracle) on generated programs.

    oracle.py [--jobs 2] [--plugin-cache DIR] PROGRAMS_DIR ORACLE_DIR

For every PROGRAMS_DIR/pNNNN: copies the program to ORACLE_DIR/run/pNNNN (so
that nothing Terraform writes, and no plan JSON, lands in the directory keylint
reads), runs `terraform init`, `terraform plan -refresh=false -out=p.bin` and
`terraform show -json p.bin`, all under `nice -n 10`, at most --jobs at a time.
Writes ORACLE_DIR/plans/pNNNN.json and one line per program to
ORACLE_DIR/oracle.jsonl: {"program", "valid", "error", "seconds", "hash"}.

A program whose files did not change since the last run (same hash, plan
present) is not planned again. The aws provider comes from the filesystem
mirror /opt/tf-plugins (override with $TF_PLUGIN_MIRROR) through a CLI config
file written to ORACLE_DIR; the plugin cache is shared (--plugin-cache, or
$KEYLINT_TF_PLUGIN_CACHE, default $TMPDIR/keylint-tf-plugin-cache) and is
warmed by one serial `terraform init` before the parallel runs, whose lock file
is copied into every program so that the cache is used (symlinks, no copies).
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the repository
from generate import PROVIDER_TF  # noqa: E402

CLI_CONFIG = """provider_installation {
  filesystem_mirror {
    path    = "%s"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
"""

TIMEOUT = 300


def program_hash(d: str) -> str:
    h = hashlib.sha256()
    for root, dirs, files in os.walk(d):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            h.update(os.path.relpath(p, d).encode() + b"\0")
            with open(p, "rb") as fh:
                h.update(fh.read() + b"\0")
    return h.hexdigest()


def tf_env(cli_config: str, cache: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_")}
    env.update(TF_CLI_CONFIG_FILE=cli_config, TF_PLUGIN_CACHE_DIR=cache,
               TF_IN_AUTOMATION="1", TF_INPUT="0", CHECKPOINT_DISABLE="1")
    env.pop("TF_CLI_ARGS", None)
    return env


def run(cmd, cwd, env, stdout=None):
    return subprocess.run(["nice", "-n", "10"] + cmd, cwd=cwd, env=env, stdout=stdout or subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)


def warm(cache: str, env: dict, tmp: str) -> str:
    """One serial init: fills the plugin cache, returns the lock file text."""
    d = os.path.join(tmp, "warm")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "provider.tf"), "w") as f:
        f.write(PROVIDER_TF)
    r = run(["terraform", "init", "-input=false", "-no-color"], d, env)
    if r.returncode != 0:
        sys.exit(f"oracle: terraform init failed in a trivial module:\n{r.stderr}{r.stdout}")
    with open(os.path.join(d, ".terraform.lock.hcl")) as f:
        return f.read()


def plan_one(name, src, out, env, lock):
    t0 = time.monotonic()
    rundir = os.path.join(out, "run", name)
    shutil.rmtree(rundir, ignore_errors=True)
    shutil.copytree(src, rundir)
    with open(os.path.join(rundir, ".terraform.lock.hcl"), "w") as f:
        f.write(lock)
    plan_path = os.path.join(out, "plans", f"{name}.json")
    error = None
    try:
        for cmd in (["terraform", "init", "-input=false", "-no-color"],
                    ["terraform", "plan", "-refresh=false", "-input=false", "-no-color", "-out=p.bin"]):
            r = run(cmd, rundir, env)
            if r.returncode != 0:
                error = f"{cmd[1]}: {r.stderr.strip() or r.stdout.strip()}"
                break
        if error is None:
            with open(plan_path + ".tmp", "w") as f:
                r = run(["terraform", "show", "-json", "-no-color", "p.bin"], rundir, env, stdout=f)
            if r.returncode != 0:
                error = f"show: {r.stderr.strip()}"
            else:
                os.replace(plan_path + ".tmp", plan_path)
    except subprocess.TimeoutExpired as e:
        error = f"timeout: {e}"
    if error is None:
        shutil.rmtree(rundir, ignore_errors=True)  # keep failing runs for inspection
    elif os.path.exists(plan_path):
        os.remove(plan_path)
    return {"program": name, "valid": error is None, "error": error,
            "seconds": round(time.monotonic() - t0, 2)}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("programs")
    ap.add_argument("out")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--plugin-cache", default=os.environ.get(
        "KEYLINT_TF_PLUGIN_CACHE", os.path.join(tempfile.gettempdir(), "keylint-tf-plugin-cache")))
    args = ap.parse_args(argv[1:])
    if shutil.which("terraform") is None:
        print("skipped: terraform not found")
        return 0
    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "plans"), exist_ok=True)
    os.makedirs(os.path.join(out, "run"), exist_ok=True)
    cache = os.path.abspath(args.plugin_cache)
    os.makedirs(cache, exist_ok=True)
    cli_config = os.path.join(out, "terraform.tfrc")
    with open(cli_config, "w") as f:
        f.write(CLI_CONFIG % os.environ.get("TF_PLUGIN_MIRROR", "/opt/tf-plugins"))
    env = tf_env(cli_config, cache)

    previous = {}
    index_path = os.path.join(out, "oracle.jsonl")
    # Rows are also appended to a partial index as plans finish, so that an
    # interrupted run resumes where it stopped.
    partial_path = index_path + ".partial"
    for path in (index_path, partial_path):
        if os.path.exists(path):
            with open(path) as f:
                for line in f:
                    row = json.loads(line)
                    previous[row["program"]] = row

    names = sorted(d for d in os.listdir(args.programs)
                   if d.startswith("p") and os.path.isdir(os.path.join(args.programs, d)))
    results, todo = {}, []
    for name in names:
        h = program_hash(os.path.join(args.programs, name))
        old = previous.get(name)
        if old and old.get("hash") == h and (not old["valid"] or
                                             os.path.exists(os.path.join(out, "plans", f"{name}.json"))):
            results[name] = old
        else:
            todo.append((name, h))

    t0 = time.monotonic()
    if todo:
        with tempfile.TemporaryDirectory() as tmp:
            lock = warm(cache, env, tmp)
        with cf.ThreadPoolExecutor(max_workers=max(1, min(args.jobs, 2))) as ex, \
                open(partial_path, "a") as partial:
            futs = {ex.submit(plan_one, name, os.path.join(args.programs, name), out, env, lock): (name, h)
                    for name, h in todo}
            for i, fut in enumerate(cf.as_completed(futs), 1):
                name, h = futs[fut]
                row = fut.result()
                row["hash"] = h
                results[name] = row
                partial.write(json.dumps(row) + "\n")
                partial.flush()
                mark = "ok" if row["valid"] else "INVALID"
                print(f"  [{i}/{len(todo)}] {name} {mark} {row['seconds']}s", flush=True)
    with open(index_path, "w") as f:
        for name in names:
            f.write(json.dumps(results[name]) + "\n")
    if os.path.exists(partial_path):
        os.remove(partial_path)
    invalid = [n for n in names if not results[n]["valid"]]
    print(f"oracle: {len(names)} programs, {len(todo)} planned in {time.monotonic() - t0:.0f}s "
          f"({len(names) - len(todo)} reused), {len(invalid)} invalid")
    for n in invalid:
        first = (results[n]["error"] or "").strip().splitlines()
        print(f"  invalid {n}: {' '.join(first[:6])[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
