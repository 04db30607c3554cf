#!/usr/bin/env python3
"""Generate random, valid Terraform root modules in the IAM access-key domain.

    generate.py SEED N OUTDIR

Writes OUTDIR/p0000 ... OUTDIR/p{N-1}: main.tf, provider.tf and, depending on
the families chosen, variables.tf, terraform.tfvars, *.auto.tfvars and
modules/<name>/main.tf. Deterministic: the same SEED and N give the same files
(random.Random(SEED), nothing else is random).

A program is built from a few *families* (see FAMILIES at the bottom), chosen
at random. A family is one function `fam_<name>(p)` that appends Terraform to
the program. Families that cover expressions also register *rewrites*
(S_REWRITES, N_REWRITES, L_REWRITES, ST_REWRITES): value-preserving ways to
spell a string, number, list of strings or key status. Every family writes its
names and counts through p.s(), p.n(), p.l() and p.st(), which pick among the
rewrites of all families enabled in that program, so a program mixes several
features in one expression.

Rewrites are value-preserving (the expression evaluates to exactly the value
asked for), so names drawn from the program's small pool of user names collide
often, and KL001/KL002 violations are frequent. The value is never trusted for
the oracle: Terraform's plan is the truth.

To add a family: write `fam_x(p)`, add it to FAMILIES; optionally register
rewrites with @rewrite("x", S_REWRITES) etc.
"""
from __future__ import annotations

import base64
import hashlib
import uuid
import json
import os
import random
import re
import sys
from typing import Callable

PROVIDER_TF = """provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
"""

BASE_NAMES = ["alice", "bob", "carol", "ci", "deploy", "ops", "svc", "dave",
              "erin", "build", "web-app", "data_eng"]

# --------------------------------------------------------------------------
# HCL rendering helpers


def q(s: str) -> str:
    """A quoted HCL string literal (template-escaped)."""
    out = (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
           .replace("${", "$${").replace("%{", "%%{"))
    return f'"{out}"'


def lit(v) -> str:
    """An HCL literal for a Python value (tfvars, defaults)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return q(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(lit(x) for x in v) + "]"
    if isinstance(v, dict):
        items = []
        for k, x in v.items():
            key = k if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", k) else q(k)
            items.append(f"{key} = {lit(x)}")
        return "{ " + ", ".join(items) + " }" if items else "{}"
    raise TypeError(v)


def is_name_char_ok(s: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-Za-z=,.@_+-]+", s))


# --------------------------------------------------------------------------
# Rewrite registries: tag -> list of functions (p, value) -> expr or None

S_REWRITES: list[tuple[str, Callable]] = []   # strings
N_REWRITES: list[tuple[str, Callable]] = []   # non-negative integers
L_REWRITES: list[tuple[str, Callable]] = []   # lists of strings
B_REWRITES: list[tuple[str, Callable]] = []   # booleans
ST_REWRITES: list[tuple[str, Callable]] = []  # key status (True = active)


def rewrite(tag: str, registry: list):
    def deco(fn):
        registry.append((tag, fn))
        return fn
    return deco


class Program:
    def __init__(self, rng: random.Random, families: list[str]):
        self.rng = rng
        self.families = families
        self.tags = set(families) | {"literal"}
        self.files: dict[str, list[str]] = {}
        self.counter = 0
        self.tfvars: dict[str, str] = {}       # terraform.tfvars: name -> HCL literal
        self.auto_tfvars: dict[str, str] = {}  # 50-override.auto.tfvars
        self.auto_json: dict[str, object] = {}  # 60-extra.auto.tfvars.json (wins over both)
        self.locals: list[str] = []
        self.depth = 0
        k = rng.choice([2, 3, 3, 4])
        self.pool = rng.sample(BASE_NAMES, k)
        # Families may add special names (numbered, hashed, big integers).
        self.special: dict[str, Callable] = {}

    # ---- bookkeeping
    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def add(self, text: str, file: str = "main.tf"):
        self.files.setdefault(file, []).append(text.rstrip("\n") + "\n")

    def local(self, expr: str) -> str:
        name = self.fresh("l")
        self.locals.append(f"  {name} = {expr}")
        return f"local.{name}"

    def name(self) -> str:
        return self.rng.choice(self.pool)

    def names(self, lo: int = 1, hi: int = 3) -> list[str]:
        return [self.name() for _ in range(self.rng.randint(lo, hi))]

    def uniq_names(self, lo: int = 1, hi: int = 3) -> list[str]:
        k = min(len(self.pool), self.rng.randint(lo, hi))
        return self.rng.sample(self.pool, k)

    def active(self) -> bool:
        return self.rng.random() < 0.72

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # ---- expressions: pick a rewrite among the enabled families
    def _pick(self, registry, value, literal):
        if self.depth >= 2 or self.rng.random() < 0.3:
            return literal(value)
        cands = [fn for tag, fn in registry if tag in self.tags]
        self.rng.shuffle(cands)
        self.depth += 1
        try:
            for fn in cands[:6]:
                e = fn(self, value)
                if e is not None:
                    return e
        finally:
            self.depth -= 1
        return literal(value)

    def s(self, v: str) -> str:
        if v in self.special and self.rng.random() < 0.8:
            self.depth += 1
            try:
                e = self.special[v](self)
            finally:
                self.depth -= 1
        else:
            e = self._pick(S_REWRITES, v, q)
        # A conditional is parenthesised so that it composes with operators.
        return f"({e})" if " ? " in e else e

    def s_inline(self, v: str) -> str:
        """Like s(), but on one line (for use inside a quoted template)."""
        for _ in range(4):
            e = self.s(v)
            if "\n" not in e:
                return e
        return q(v)

    def n(self, v: int) -> str:
        e = self._pick(N_REWRITES, v, str)
        return f"({e})" if " " in e and not e.startswith("(") else e

    def l(self, v: list[str]) -> str:
        return self._pick(L_REWRITES, v, lambda xs: "[" + ", ".join(self.s(x) for x in xs) + "]")

    def b(self, v: bool) -> str:
        return self._pick(B_REWRITES, v, lambda x: "true" if x else "false")

    def st(self, active: bool) -> str | None:
        """A status expression, or None to omit the argument (active)."""
        if active and self.rng.random() < 0.25:
            return None
        return self._pick(ST_REWRITES, active, lambda a: q("Active" if a else "Inactive"))

    def status_line(self, active: bool, indent: str = "  ") -> str:
        e = self.st(active)
        return "" if e is None else f"{indent}status = {e}\n"

    # ---- common resource shapes
    def user(self, name_expr: str, extra: str = "") -> str:
        r = self.fresh("u")
        self.add(f'resource "aws_iam_user" "{r}" {{\n{extra}  name = {name_expr}\n}}')
        return r

    def key(self, user_expr: str, active: bool | None = None, extra: str = "") -> str:
        if active is None:
            active = self.active()
        r = self.fresh("k")
        self.add(f'resource "aws_iam_access_key" "{r}" {{\n{extra}  user = {user_expr}\n'
                 f'{self.status_line(active)}}}')
        return r

    def profile(self, user_expr: str, extra: str = "") -> str:
        r = self.fresh("lp")
        pl = f"  password_length = {self.n(self.rng.randint(12, 32))}\n" if self.chance(0.5) else ""
        self.add(f'resource "aws_iam_user_login_profile" "{r}" {{\n{extra}  user = {user_expr}\n{pl}}}')
        return r

    def maybe_profile(self, p=0.4):
        if self.chance(p):
            self.profile(self.s(self.name()))

    # ---- variables
    def variable(self, type_: str, value, how: str | None = None, extra: str = "") -> str:
        """Declare a variable whose value is `value`: from its default, from
        terraform.tfvars or from an *.auto.tfvars (which wins over
        terraform.tfvars and the default, both given decoys)."""
        name = self.fresh("v")
        if how is None:
            opts = ["default"]
            if "tfvars" in self.tags:
                opts += ["tfvars", "auto", "tfvars_over_default", "auto_json"]
            how = self.rng.choice(opts)
        decoy = _decoy(value)
        if how == "default":
            body = f"  type = {type_}\n  default = {lit(value)}\n"
        elif how == "tfvars":
            body = f"  type = {type_}\n"
            self.tfvars[name] = lit(value)
        elif how == "tfvars_over_default":
            body = f"  type = {type_}\n  default = {lit(decoy)}\n"
            self.tfvars[name] = lit(value)
        elif how == "auto_json":  # 60-extra.auto.tfvars.json wins over 50-override.auto.tfvars
            body = f"  type = {type_}\n"
            if self.chance(0.5):
                self.auto_tfvars[name] = lit(decoy)
            self.auto_json[name] = value
        else:  # auto wins over terraform.tfvars
            body = f"  type = {type_}\n"
            if self.chance(0.6):
                body += f"  default = {lit(decoy)}\n"
            if self.chance(0.6):
                self.tfvars[name] = lit(decoy)
            self.auto_tfvars[name] = lit(value)
        self.add(f'variable "{name}" {{\n{body}{extra}}}', "variables.tf")
        return f"var.{name}"

    # ---- output
    def render(self, outdir: str):
        os.makedirs(outdir, exist_ok=True)
        if self.locals:
            self.add("locals {\n" + "\n".join(self.locals) + "\n}", "locals.tf")
        if self.tfvars:
            self.add("\n".join(f"{k} = {v}" for k, v in self.tfvars.items()), "terraform.tfvars")
        if self.auto_tfvars:
            self.add("\n".join(f"{k} = {v}" for k, v in self.auto_tfvars.items()), "50-override.auto.tfvars")
        if self.auto_json:
            self.add(json.dumps(self.auto_json, indent=2), "60-extra.auto.tfvars.json")
        self.files["provider.tf"] = [PROVIDER_TF]
        header = "# families: " + ", ".join(self.families) + "\n"
        for rel, chunks in self.files.items():
            path = os.path.join(outdir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                if rel == "main.tf":
                    f.write(header)
                f.write("\n".join(chunks).rstrip("\n") + "\n")


def _decoy(v):
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + 1
    if isinstance(v, str):
        return "decoy"
    if isinstance(v, list):
        return ["decoy"]
    if isinstance(v, dict):
        return {}
    return None


def split_at(rng, s: str) -> tuple[str, str] | None:
    if len(s) < 2:
        return None
    i = rng.randint(1, len(s) - 1)
    return s[:i], s[i:]


# --------------------------------------------------------------------------
# String rewrites


@rewrite("templates", S_REWRITES)
def _s_interp(p, s):
    parts = split_at(p.rng, s)
    if not parts:
        return None
    a, b = parts
    if p.chance(0.5):
        return '"${' + p.s_inline(a) + '}' + b + '"'
    return '"' + a + '${' + p.s_inline(b) + '}"'


@rewrite("locals", S_REWRITES)
def _s_local(p, s):
    return p.local(p.s(s))


@rewrite("variables", S_REWRITES)
def _s_var(p, s):
    return p.variable("string", s)


@rewrite("tfvars", S_REWRITES)
def _s_var_tfvars(p, s):
    return p.variable("string", s, how=p.rng.choice(["tfvars", "auto", "tfvars_over_default", "auto_json"]))


@rewrite("directives", S_REWRITES)
def _s_directive(p, s):
    r = p.rng.random()
    if r < 0.4:
        parts = split_at(p.rng, s)
        if not parts:
            return None
        pieces = "[" + ", ".join(q(x) for x in parts) + "]"
        t = p.rng.choice(["~", ""])
        return f'"%{{{t} for x in {pieces} {t}}}${{x}}%{{{t} endfor {t}}}"'
    cond = p.b(True) if p.chance(0.5) else None
    if cond is None:
        return f'"%{{ if {p.b(False)} }}decoy%{{ else }}{s}%{{ endif }}"'
    return f'"%{{ if {cond} }}{s}%{{ else }}decoy%{{ endif }}"'


@rewrite("heredoc", S_REWRITES)
def _s_heredoc(p, s):
    fn = p.rng.choice(["trimspace", "chomp", "trimspace"])
    if p.chance(0.5):
        return f"{fn}(<<-EOT\n    {s}\n    EOT\n  )"
    return f"{fn}(<<EOT\n{s}\nEOT\n  )"


@rewrite("conditionals", S_REWRITES)
def _s_cond(p, s):
    if p.chance(0.5):
        return f"{p.b(True)} ? {p.s(s)} : {q('decoy')}"
    return f"{p.b(False)} ? {q('decoy')} : {p.s(s)}"


@rewrite("strfuncs", S_REWRITES)
def _s_strfunc(p, s):
    rng = p.rng
    opts = []
    if s == s.lower():
        opts.append(lambda: f"lower({q(s.upper())})")
        opts.append(lambda: f"lower(title({q(s)}))")
    opts += [
        lambda: f'replace({q(s[:1] + "#" + s[1:])}, "#", "")',
        lambda: f'trimprefix({q("x-" + s)}, "x-")',
        lambda: f'trimsuffix({q(s + ".tmp")}, ".tmp")',
        lambda: f'substr({q("ab" + s + "cd")}, 2, {p.n(len(s))})',
        lambda: f'format("%s", {p.s(s)})',
        lambda: f'format("%.{len(s)}s", {q(s + "zz")})',
        lambda: f'join("", {p.l(list(split_at(rng, s) or (s,)))})',
        lambda: f'split("/", {q("x/" + s + "/y")})[1]',
        lambda: f'upper({q(s)}) == {q(s.upper())} ? {p.s(s)} : "decoy"',
        lambda: f'startswith({q(s)}, {q(s[:1])}) && endswith({q(s)}, {q(s[-1:])}) ? {q(s)} : "decoy"',
        lambda: f'coalesce("", {p.s(s)})',
    ]
    if s == s.upper():
        opts.append(lambda: f"upper({q(s.lower())})")
    return rng.choice(opts)()


@rewrite("collections", S_REWRITES)
def _s_coll(p, s):
    rng = p.rng
    opts = [
        lambda: f'element([{q(s)}, "decoy"], {p.n(2)})',
        lambda: f'element(["decoy", {p.s(s)}], 1)',
        lambda: f'lookup({{ a = {p.s(s)} }}, "a", "decoy")',
        lambda: f'lookup({{ a = "decoy" }}, "b", {p.s(s)})',
        lambda: f'one([{p.s(s)}])',
        lambda: f'reverse(["decoy", {q(s)}])[0]',
        lambda: f'merge({{ a = "decoy" }}, {{ a = {p.s(s)} }})["a"]',
        lambda: f'{p.l(["decoy", s])}[1]',
        lambda: f'values({{ x = {q(s)} }})[0]',
        lambda: f'keys({{ {q(s)} = 1 }})[0]',
        lambda: f'sort([{q(s)}])[0]',
        lambda: f'slice(["decoy", {q(s)}, "decoy"], 1, 2)[0]',
        lambda: f'coalescelist([], [{q(s)}])[0]',
    ]
    return rng.choice(opts)()


@rewrite("encoding", S_REWRITES)
def _s_enc(p, s):
    opts = [
        lambda: f"jsondecode({q(json.dumps({'n': s}))}).n",
        lambda: f"jsondecode(jsonencode({{ n = {p.s(s)} }}))[\"n\"]",
        lambda: f"base64decode({q(base64.b64encode(s.encode()).decode())})",
        lambda: f"base64decode(base64encode({p.s(s)}))",
    ]
    return p.rng.choice(opts)()


@rewrite("regex", S_REWRITES)
def _s_regex(p, s):
    if re.fullmatch(r"[a-z]+", s):
        opts = [
            lambda: f'regex("[a-z]+", {q("123" + s + "456")})',
            lambda: f'regexall("[a-z]+", {q("1" + s + "2")})[0]',
        ]
    else:
        opts = []
    opts.append(lambda: f'regex("^x:(.*):y$", {q("x:" + s + ":y")})[0]')
    if s[:1].isalnum():
        opts.append(lambda: f'can(regex("^{s[:1]}", {q(s)})) ? {q(s)} : "decoy"')
    return p.rng.choice(opts)()


@rewrite("trycan", S_REWRITES)
def _s_try(p, s):
    opts = [
        lambda: f'try(["decoy"][3], {p.s(s)})',
        lambda: f'try({{ a = "decoy" }}.b, {p.s(s)})',
        lambda: f'try(tonumber("abc"), {p.s(s)})',
        lambda: f'try({p.s(s)}, "decoy")',
        lambda: f'can(tonumber("12")) ? {p.s(s)} : "decoy"',
        lambda: f'can(["x"][2]) ? "decoy" : {p.s(s)}',
    ]
    return p.rng.choice(opts)()


@rewrite("typeconv", S_REWRITES)
def _s_conv(p, s):
    opts = [
        lambda: f"tostring({p.s(s)})",
        lambda: f'tomap({{ a = {q(s)} }})["a"]',
        lambda: f"tolist(toset([{q(s)}]))[0]",
    ]
    return p.rng.choice(opts)()


@rewrite("null", S_REWRITES)
def _s_null(p, s):
    opts = [
        lambda: f"coalesce(null, {p.s(s)})",
        lambda: f'try(coalesce(null, null), {q(s)})',
        lambda: f'lookup({{ a = null, b = {q(s)} }}, "b", "decoy")',
    ]
    return p.rng.choice(opts)()


@rewrite("for_expr", S_REWRITES)
def _s_for(p, s):
    opts = [
        lambda: f'[for x in ["decoy", {q(s)}] : x if x != "decoy"][0]',
        lambda: f'{{ for x in [{q(s)}] : "k" => x }}["k"]',
    ]
    return p.rng.choice(opts)()


@rewrite("morefuncs", S_REWRITES)
def _s_more(p, s):
    """Functions whose results are checked through a comparison: if keylint
    computes them differently, it takes the decoy and the findings differ."""
    ns = uuid.uuid5(uuid.NAMESPACE_DNS, "example.com")
    guarded = [
        ('cidrhost("10.0.0.0/24", 5)', '"10.0.0.5"'),
        ('cidrsubnet("10.0.0.0/16", 8, 2)', '"10.0.2.0/24"'),
        ('cidrnetmask("172.16.0.0/12")', '"255.240.0.0"'),
        ('cidrsubnets("10.1.0.0/16", 4, 4, 8)[2]', '"10.1.32.0/24"'),
        ('cidrhost("fd00::/64", 17)', '"fd00::11"'),
        ('uuidv5("dns", "example.com")', q(str(ns))),
        ('formatdate("YYYY-MM-DD hh:mm", "2024-02-29T23:59:00Z")', '"2024-02-29 23:59"'),
        ('timeadd("2024-12-31T23:00:00Z", "90m")', '"2025-01-01T00:30:00Z"'),
        ('timecmp("2024-01-01T00:00:00+01:00", "2023-12-31T23:00:00Z")', "0"),
        ('length(csvdecode("a,b\\n1,2\\n3,4"))', "2"),
        ('basename("/srv/app/config.yaml")', '"config.yaml"'),
        ('dirname("/srv/app/config.yaml")', '"/srv/app"'),
        ('alltrue([true, "true"]) && !anytrue([false])', "true"),
        ('length(chunklist(["a", "b", "c"], 2))', "2"),
        ('format("%.3f|%5.1e|%x", 1/3, 12345.678, 255)', '"0.333|1.2e+04|ff"'),
        ('tostring(9007199254740993 + 1)', '"9007199254740994"'),
        ('tostring(0.1 + 0.2)', '"0.3"'),
    ]
    opts = [
        lambda: (lambda e, v: f"({e}) == {v} ? {p.s(s)} : \"decoy\"")(*p.rng.choice(guarded)),
        lambda: f'csvdecode("name\\n{s}")[0].name' if "," not in s else None,
        lambda: f'basename("/x/y/{s}")',
        lambda: f'textdecodebase64(textencodebase64({p.s(s)}, "UTF-16LE"), "UTF-16LE")',
        lambda: f'strcontains({q(s)}, {q(s[:1])}) ? {q(s)} : "decoy"',
        lambda: f'tolist(setintersection([{q(s)}, "decoy"], [{q(s)}]))[0]',
        lambda: f'tolist(setsubtract([{q(s)}, "decoy"], ["decoy"]))[0]',
        lambda: f'matchkeys([{q(s)}, "decoy"], ["a", "b"], ["a"])[0]',
        lambda: f'chunklist(["decoy", {p.s(s)}], 1)[1][0]',
        lambda: f'"${{{p.s_inline(s)}}}${{substr(tostring(1/3), 0, 0)}}"',
    ]
    for _ in range(4):
        e = p.rng.choice(opts)()
        if e:
            return e
    return None


# --------------------------------------------------------------------------
# Number rewrites

BIG = 9007199254740993  # 2**53 + 1: not representable as an f64


@rewrite("arith", N_REWRITES)
def _n_arith(p, n):
    rng = p.rng
    a = rng.randint(0, n) if n > 0 else 0
    opts = [
        lambda: f"{p.n(a)} + {n - a}",
        lambda: f"{n + 3} - {p.n(3)}",
        lambda: f"({BIG} - {BIG - n})",
        lambda: f"({BIG + n} - {BIG})",
        lambda: f"floor({2 * n + 1} / 2)",
        lambda: f"ceil({n} - 0.5)",
        lambda: f"{n + 7} % 7" if n < 7 else f"{n} % {n + 1}",
        lambda: f"{n} * 1",
        lambda: f"max({p.n(n)}, {max(n - 1, 0)})",
        lambda: f"min({n}, {n + 2})",
        lambda: f"sum([{n}, 0])",
        lambda: f"abs(-{n})" if n else "abs(0)",
        lambda: f'parseint("{n:b}", 2)',
        lambda: f'parseint("{n:x}", 16)',
        lambda: f'tonumber("{n}")',
    ]
    if n in (1, 2, 4, 8):
        opts.append(lambda: f"pow(2, {n.bit_length() - 1})")
    return rng.choice(opts)()


@rewrite("collections", N_REWRITES)
def _n_coll(p, n):
    opts = [
        lambda: f"length({lit(['x'] * n)})",
        lambda: f"length(range({n}))",
        lambda: f"length(distinct({lit(['a', 'a'] + [str(i) for i in range(n - 1)])}))" if n >= 1 else "length([])",
        lambda: f"length(compact({lit([str(i) for i in range(n)] + [''])}))",
        lambda: f"length(flatten([{lit(['a'] * (n // 2))}, {lit(['b'] * (n - n // 2))}]))",
        lambda: f"length(keys({lit({f'k{i}': i for i in range(n)})}))",
        lambda: f"index({lit([str(i) for i in range(n + 1)])}, \"{n}\")",
        lambda: f"length(setunion({lit([str(i) for i in range(n)])}, {lit([str(i) for i in range(n // 2)])}))",
    ]
    return p.rng.choice(opts)()


@rewrite("variables", N_REWRITES)
def _n_var(p, n):
    return p.variable("number", n)


@rewrite("locals", N_REWRITES)
def _n_local(p, n):
    return p.local(p.n(n))


@rewrite("conditionals", N_REWRITES)
def _n_cond(p, n):
    return f"{p.b(True)} ? {p.n(n)} : {n + 1}"


@rewrite("typeconv", N_REWRITES)
def _n_conv(p, n):
    return f'tonumber(tostring({n}))'


# --------------------------------------------------------------------------
# Boolean rewrites


@rewrite("conditionals", B_REWRITES)
def _b_cond(p, b):
    opts = [
        lambda: f"{p.n(2)} > 1" if b else f"{p.n(2)} < 1",
        lambda: f'"a" == "a" && {str(b).lower()}',
        lambda: f"!{str(not b).lower()}",
        lambda: f"false || {str(b).lower()}",
        lambda: f'contains(["x", "y"], {q("y" if b else "z")})',
    ]
    return p.rng.choice(opts)()


@rewrite("variables", B_REWRITES)
def _b_var(p, b):
    return p.variable("bool", b)


@rewrite("tfvars", B_REWRITES)
def _b_var_tfvars(p, b):
    return p.variable("bool", b, how=p.rng.choice(["tfvars", "auto"]))


@rewrite("strfuncs", B_REWRITES)
def _b_str(p, b):
    return f'startswith("abc", {q("a" if b else "b")})'


@rewrite("typeconv", B_REWRITES)
def _b_conv(p, b):
    return f'tobool("{str(b).lower()}")'


@rewrite("trycan", B_REWRITES)
def _b_can(p, b):
    return f'can(["x"][{0 if b else 4}])'


@rewrite("regex", B_REWRITES)
def _b_re(p, b):
    return f'length(regexall("o", {q("foo" if b else "bar")})) > 0'


# --------------------------------------------------------------------------
# List rewrites (lists of strings, order and duplicates preserved)


@rewrite("collections", L_REWRITES)
def _l_coll(p, xs):
    if not xs:
        return None
    rng = p.rng
    opts = [
        lambda: f"concat({p.l(xs[:1])}, {p.l(xs[1:])})",
        lambda: f"flatten([{p.l(xs[:1])}, [{', '.join(q(x) for x in xs[1:])}]])",
        lambda: f'compact(concat({lit(xs)}, [""]))',
        lambda: f"reverse({lit(list(reversed(xs)))})",
        lambda: f"slice({lit(['decoy'] + xs + ['decoy'])}, 1, {len(xs) + 1})",
        lambda: f"coalescelist([], {p.l(xs)})",
        lambda: f"values({lit({f'k{i:02d}': x for i, x in enumerate(xs)})})",
    ]
    if xs == sorted(xs):
        opts.append(lambda: f"sort({lit(list(reversed(xs)))})")
        if len(set(xs)) == len(xs):
            opts.append(lambda: f"keys({lit({x: 1 for x in xs})})")
            opts.append(lambda: f"tolist(setunion({lit(xs[:1])}, {lit(xs)}))")
    if len(set(xs)) == len(xs):
        opts.append(lambda: f"distinct({lit(xs + xs[:1])})")
    return rng.choice(opts)()


@rewrite("strfuncs", L_REWRITES)
def _l_str(p, xs):
    if not xs or any("," in x for x in xs):
        return None
    opts = [
        lambda: f'split(",", {q(",".join(xs))})',
        lambda: f'formatlist("%s", {lit(xs)})',
        lambda: f'formatlist("%s%s", {lit([x[:1] for x in xs])}, {lit([x[1:] for x in xs])})',
        lambda: f'split(",", join(",", {p.l(xs)}))',
    ]
    return p.rng.choice(opts)()


@rewrite("for_expr", L_REWRITES)
def _l_for(p, xs):
    if not xs:
        return None
    opts = [
        lambda: f'[for x in {lit(xs + ["decoy"])} : x if x != "decoy"]',
        lambda: f"[for x in {lit([x.upper() for x in xs])} : lower(x)]" if all(x == x.lower() for x in xs) else None,
        lambda: f'[for i, x in {lit(xs)} : x if i >= 0]',
    ]
    return p.rng.choice(opts)()


@rewrite("encoding", L_REWRITES)
def _l_enc(p, xs):
    return f"jsondecode({q(json.dumps(xs))})"


@rewrite("locals", L_REWRITES)
def _l_local(p, xs):
    return p.local(p.l(xs))


@rewrite("variables", L_REWRITES)
def _l_var(p, xs):
    return p.variable("list(string)", xs)


@rewrite("tfvars", L_REWRITES)
def _l_var_tfvars(p, xs):
    return p.variable("list(string)", xs, how=p.rng.choice(["tfvars", "auto", "tfvars_over_default", "auto_json"]))


@rewrite("regex", L_REWRITES)
def _l_regex(p, xs):
    if xs and all(re.fullmatch(r"[a-z]+", x) for x in xs):
        return f'regexall("[a-z]+", {q("1".join(xs) + "9")})'
    return None


# --------------------------------------------------------------------------
# Status rewrites (True = "Active")


@rewrite("status_expr", ST_REWRITES)
def _st_expr(p, active):
    word = "Active" if active else "Inactive"
    opts = [
        lambda: f"{p.b(active)} ? \"Active\" : \"Inactive\"",
        lambda: f"title({q(word.lower())})",
        lambda: f'lookup({{ on = "Active", off = "Inactive" }}, {q("on" if active else "off")}, "Active")',
        lambda: f'format("%sctive", {q("A" if active else "Ina")})',
        lambda: f'element(["Active", "Inactive"], {p.n(0 if active else 1)})',
        lambda: p.local(q(word)),
        lambda: f'{p.b(not active)} ? "Inactive" : "Active"',
    ]
    for _ in range(4):
        e = p.rng.choice(opts)()
        if e:
            return e
    return q(word)


@rewrite("variables", ST_REWRITES)
def _st_var(p, active):
    return p.variable("string", "Active" if active else "Inactive")


@rewrite("null", ST_REWRITES)
def _st_null(p, active):
    return "null" if active else None


@rewrite("conditionals", ST_REWRITES)
def _st_cond(p, active):
    return f'{p.b(not active)} ? "Inactive" : "Active"'


# --------------------------------------------------------------------------
# Families: each appends a few resources to the program.


def fam_literal(p):
    """Literal names, references to a user's .name, login profiles."""
    n = p.name()
    u = p.user(q(n))
    for _ in range(p.rng.randint(1, 2)):
        p.key(f"aws_iam_user.{u}.name" if p.chance(0.6) else q(n))
    if p.chance(0.4):
        p.profile(f"aws_iam_user.{u}.name" if p.chance(0.5) else f'"${{aws_iam_user.{u}.name}}"')
    if p.chance(0.4):
        p.key(q(p.name()))


def fam_variables(p):
    """Variables with defaults (and the rewrites of the 'variables' tag)."""
    n = p.name()
    v = p.variable("string", n, how="default")
    u = p.user(v)
    p.key(f"aws_iam_user.{u}.name")
    p.key(p.s(n))
    p.maybe_profile()


def fam_tfvars(p):
    """Values from terraform.tfvars and *.auto.tfvars (auto wins)."""
    ns = p.uniq_names(1, 3)
    v = p.variable("list(string)", ns, how=p.rng.choice(["tfvars", "auto", "tfvars_over_default", "auto_json"]))
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  count = length({v})\n  user = {v}[count.index]\n'
          f'{p.status_line(p.active())}}}')
    m = p.variable("map(string)", {n: ("Active" if p.active() else "Inactive") for n in p.uniq_names(1, 2)},
                   how=p.rng.choice(["tfvars", "auto"]))
    k2 = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k2}" {{\n  for_each = {m}\n  user = each.key\n  status = each.value\n}}')
    p.maybe_profile()


def fam_locals(p):
    """Locals referring to locals."""
    n = p.name()
    a = p.local(p.s(n))
    b = p.local(a)
    u = p.user(b)
    p.key(f"aws_iam_user.{u}.name")
    c = p.local(f"{{ user = {b}, on = {'true' if p.active() else 'false'} }}")
    p.key(f"{c}.user", extra="")
    if p.chance(0.5):
        p.profile(b)


def fam_templates(p):
    """String templates with interpolation."""
    n = p.name()
    parts = split_at(p.rng, n)
    if parts:
        a, b = parts
        la = p.local(q(a))
        expr = f'"${{{la}}}{b}"'
    else:
        expr = f'"${{{q(n)}}}"'
    u = p.user(expr)
    p.key(f'"${{aws_iam_user.{u}.name}}"')
    p.key(p.s(n))
    p.maybe_profile()


def fam_directives(p):
    """%{for} and %{if} template directives."""
    n = p.name()
    parts = split_at(p.rng, n) or (n,)
    ls = p.local(lit(list(parts)))
    p.key(f'"%{{ for s in {ls} }}${{s}}%{{ endfor }}"')
    flag = p.b(p.chance(0.5))
    other = p.name()
    p.key(f'"%{{ if {flag} }}{n}%{{ else }}{other}%{{ endif }}"')
    p.maybe_profile(0.5)


def fam_heredoc(p):
    """Heredocs, trimmed (and once untrimmed: the user name keeps its newline)."""
    n = p.name()
    p.key(p.s(n))
    p.key(f"trimspace(<<-EOT\n    {n}\n  EOT\n  )")
    if p.chance(0.3):
        # An untrimmed heredoc: the user is "name\n", a different user.
        p.key(f"<<EOT\n{n}\nEOT\n")
    p.maybe_profile(0.5)


def fam_conditionals(p):
    """Conditional counts and names."""
    n = p.name()
    on = p.chance(0.5)
    k = p.fresh("k")
    cnt = p.n(p.rng.randint(1, 2))
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  count = {p.b(on)} ? {cnt} : 0\n  user = {p.s(n)}\n'
          f'{p.status_line(p.active())}}}')
    other = p.name()
    p.key(f"{p.b(p.chance(0.5))} ? {q(n)} : {q(other)}")
    lp = p.fresh("lp")
    p.add(f'resource "aws_iam_user_login_profile" "{lp}" {{\n  count = {p.b(p.chance(0.5))} ? 1 : 0\n  user = {p.s(p.name())}\n}}')


def fam_arith(p):
    """Arithmetic, large integers, format widths: numbered user names."""
    i = p.rng.randint(1, 12)
    base = p.rng.choice(["svc", "u", "app"])
    name = f"{base}{i:02d}"
    p.pool.append(name)
    p.special[name] = lambda p, base=base, i=i: p.rng.choice([
        f'format("{base}%02d", {p.n(i)})',
        f'"{base}${{format("%02d", {p.n(i)})}}"',
        f'"{base}${{{i // 10}}}${{{p.n(i % 10)}}}"',
    ])
    big = f"u{BIG}" if p.chance(0.5) else f"u{BIG - 2}"  # 2**53 - 1 is exact in an f64
    p.pool.append(big)
    v = int(big[1:])
    p.special[big] = lambda p, v=v: p.rng.choice([
        f'format("u%d", {v})',
        f'"u${{{v}}}"',
        f'"u${{{v - 1} + 1}}"',
        f'"u${{tostring({v})}}"',
    ])
    p.user(q(name))
    p.key(p.s(name))
    p.key(p.s(name))
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  count = {p.n(p.rng.randint(1, 2))}\n  user = {p.s(big)}\n'
          f'{p.status_line(p.active())}}}')
    if p.chance(0.5):
        p.profile(q(big))
    p.maybe_profile()


def fam_for_expr(p):
    """for expressions with if filters, and grouping with `...`."""
    items = [{"user": p.name(), "on": p.active()} for _ in range(p.rng.randint(2, 4))]
    lst = p.local(lit(items))
    act = p.local(f"[for o in {lst} : o.user if o.on]")
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  count = length({act})\n  user = {act}[count.index]\n}}')
    grp = p.local(f"{{ for o in {lst} : o.user => o.on... }}")
    flat = p.local(f'flatten([for u, ons in {grp} : [for i, on in ons : {{ id = "${{u}}-${{i}}", user = u, on = on }}]])')
    k2 = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k2}" {{\n  for_each = {{ for x in {flat} : x.id => x }}\n'
          f'  user = each.value.user\n  status = each.value.on ? "Active" : "Inactive"\n}}')
    p.maybe_profile()


def fam_splat(p):
    """Splats: [*] and legacy .* over counted users; [*] over a list of objects."""
    ns = p.uniq_names(1, 3)
    lv = p.l(ns)
    u = p.fresh("u")
    p.add(f'resource "aws_iam_user" "{u}" {{\n  count = length({lv})\n  name = {lv}[count.index]\n}}')
    splat = f"aws_iam_user.{u}[*].name" if p.chance(0.5) else f"aws_iam_user.{u}.*.name"
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  for_each = toset({splat})\n  user = each.value\n'
          f'{p.status_line(p.active())}}}')
    objs = p.local(lit([{"name": x} for x in p.names(1, 2)]))
    k2 = p.fresh("k")
    # A full splat's traversal applies to every element: index it in parentheses.
    # The legacy attribute-only splat ends at the index, which applies to the list.
    sp2 = f"({objs}[*].name)" if p.chance(0.6) else f"{objs}.*.name"
    p.add(f'resource "aws_iam_access_key" "{k2}" {{\n  count = length({objs})\n  user = {sp2}[count.index]\n}}')
    if p.chance(0.5):
        if len(ns) == 1 and p.chance(0.5):
            p.profile(f"one(aws_iam_user.{u}[*].name)")
        else:
            p.profile(f"aws_iam_user.{u}[0].name")


def fam_whole_resource(p):
    """for_each over a whole resource: for_each = aws_iam_user.u, user = each.value.name."""
    ns = p.uniq_names(1, 3)
    u = p.fresh("u")
    p.add(f'resource "aws_iam_user" "{u}" {{\n  for_each = toset({p.l(ns)})\n  name = each.key\n}}')
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  for_each = aws_iam_user.{u}\n  user = each.value.name\n'
          f'{p.status_line(p.active())}}}')
    if p.chance(0.5):
        lp = p.fresh("lp")
        p.add(f'resource "aws_iam_user_login_profile" "{lp}" {{\n  for_each = aws_iam_user.{u}\n  user = each.value.name\n}}')
    if p.chance(0.4):
        p.key(f"aws_iam_user.{u}[{q(ns[0])}].name")


def fam_count_list(p):
    """count over a list, count.index, element() (wrapping)."""
    ns = p.names(1, 3)
    lv = p.l(ns)
    k = p.fresh("k")
    idx = "count.index" if p.chance(0.6) else "count.index + 0"
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  count = length({lv})\n  user = {lv}[{idx}]\n'
          f'{p.status_line(p.active())}}}')
    k2 = p.fresh("k")
    n = p.rng.randint(1, 3)
    p.add(f'resource "aws_iam_access_key" "{k2}" {{\n  count = {p.n(n)}\n  user = element({p.l(ns)}, count.index)\n'
          f'{p.status_line(p.active())}}}')
    p.maybe_profile()


def fam_for_each_set(p):
    """for_each over toset(list) and over sets built by functions."""
    ns = p.names(1, 3)
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  for_each = toset({p.l(ns)})\n  user = each.key\n'
          f'{p.status_line(p.active())}}}')
    a, b = p.uniq_names(1, 2), p.uniq_names(1, 2)
    k2 = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k2}" {{\n  for_each = setunion({lit(a)}, {lit(b)})\n  user = each.value\n'
          f'{p.status_line(p.active())}}}')
    if p.chance(0.5):
        lp = p.fresh("lp")
        p.add(f'resource "aws_iam_user_login_profile" "{lp}" {{\n  for_each = toset({p.l(p.uniq_names(1, 2))})\n'
              f'  user = each.value\n}}')


def fam_for_each_map(p):
    """for_each over maps and maps of objects."""
    m = {f"key{i}": p.name() for i in range(p.rng.randint(1, 3))}
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  for_each = {lit(m)}\n  user = each.value\n'
          f'{p.status_line(p.active())}}}')
    objs = {n: {"keys": p.rng.randint(0, 2), "status": "Active" if p.active() else "Inactive",
                "console": p.chance(0.4)} for n in p.uniq_names(1, 3)}
    mo = p.variable("map(object({ keys = number, status = string, console = bool }))", objs) \
        if p.chance(0.5) else p.local(lit(objs))
    flat = p.local(f'merge([for n, o in {mo} : {{ for i in range(o.keys) : "${{n}}/${{i}}" => {{ user = n, status = o.status }} }}]...)')
    k2 = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k2}" {{\n  for_each = {flat}\n  user = each.value.user\n'
          f'  status = each.value.status\n}}')
    lp = p.fresh("lp")
    p.add(f'resource "aws_iam_user_login_profile" "{lp}" {{\n  for_each = {{ for n, o in {mo} : n => o if o.console }}\n'
          f'  user = each.key\n}}')


def fam_optional(p):
    """optional() object attributes with defaults."""
    objs = {}
    for n in p.uniq_names(1, 3):
        o = {}
        if p.chance(0.5):
            o["keys"] = p.rng.randint(0, 2)
        if p.chance(0.5):
            o["active"] = p.chance(0.6)
        if p.chance(0.4):
            o["console"] = p.chance(0.6)
        objs[n] = o
    default_keys = p.rng.randint(1, 2)
    default_active = p.chance(0.7)
    t = (f"map(object({{ keys = optional(number, {default_keys}), "
         f"active = optional(bool, {'true' if default_active else 'false'}), console = optional(bool) }}))")
    v = p.variable(t, objs)
    flat = p.local(f'merge([for n, o in {v} : {{ for i in range(o.keys) : "${{n}}-${{i}}" => {{ user = n, active = o.active }} }}]...)')
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  for_each = {flat}\n  user = each.value.user\n'
          f'  status = each.value.active ? "Active" : "Inactive"\n}}')
    lp = p.fresh("lp")
    p.add(f'resource "aws_iam_user_login_profile" "{lp}" {{\n  for_each = {{ for n, o in {v} : n => o if coalesce(o.console, false) }}\n'
          f'  user = each.key\n}}')


def fam_null(p):
    """Explicit null: status = null, nullable = false variables given null, coalesce."""
    n = p.name()
    name = p.fresh("v")
    p.add(f'variable "{name}" {{\n  type = string\n  default = {q(n)}\n  nullable = false\n}}', "variables.tf")
    if "tfvars" in p.tags or p.chance(0.6):
        p.tfvars[name] = "null"
    p.key(f"var.{name}", extra="")
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  user = {p.s(n)}\n  status = null\n}}')
    name2 = p.fresh("v")
    p.add(f'variable "{name2}" {{\n  type = string\n  default = null\n}}', "variables.tf")
    other = p.name()
    p.key(f"coalesce(var.{name2}, {q(other)})")
    if p.chance(0.4):
        p.key(f'var.{name2} == null ? {q(other)} : "decoy"', active=False)
    p.maybe_profile()


def fam_module(p):
    """Local child modules with count/for_each, inputs and outputs used by the root."""
    mod = p.fresh("mod")
    d = f"modules/{mod}"
    variant = p.rng.choice(["single", "single", "list"])
    if variant == "single":
        body = (
            'variable "user_name" {\n  type = string\n}\n'
            'variable "key_count" {\n  type = number\n  default = 1\n}\n'
            'variable "active" {\n  type = bool\n  default = true\n  nullable = false\n}\n'
            'variable "console" {\n  type = bool\n  default = false\n}\n'
            'resource "aws_iam_user" "this" {\n  name = var.user_name\n}\n'
            'resource "aws_iam_access_key" "this" {\n  count = var.key_count\n  user = aws_iam_user.this.name\n'
            '  status = var.active ? "Active" : "Inactive"\n}\n'
            'resource "aws_iam_user_login_profile" "this" {\n  count = var.console ? 1 : 0\n  user = aws_iam_user.this.name\n}\n'
            'output "name" {\n  value = aws_iam_user.this.name\n}\n'
        )
        p.add(body, f"{d}/main.tf")

        def args(n):
            a = f"  user_name = {n}\n"
            if p.chance(0.6):
                a += f"  key_count = {p.n(p.rng.randint(0, 2))}\n"
            if p.chance(0.5):
                r = p.rng.random()
                a += "  active = null\n" if r < 0.3 else f"  active = {p.b(p.active())}\n"
            if p.chance(0.4):
                a += f"  console = {p.b(p.chance(0.6))}\n"
            return a
        call = p.rng.choice(["plain", "count", "for_each"])
        m = p.fresh("m")
        if call == "plain":
            p.add(f'module "{m}" {{\n  source = "./{d}"\n{args(p.s(p.name()))}}}')
            ref, refs = f"module.{m}.name", None
        elif call == "count":
            ns = p.names(1, 2)
            lv = p.local(p.l(ns))
            p.add(f'module "{m}" {{\n  source = "./{d}"\n  count = length({lv})\n{args(f"{lv}[count.index]")}}}')
            ref, refs = f"module.{m}[0].name", f"module.{m}[*].name"
        else:
            ns = p.uniq_names(1, 3)
            p.add(f'module "{m}" {{\n  source = "./{d}"\n  for_each = toset({p.l(ns)})\n{args("each.key")}}}')
            ref, refs = f"module.{m}[{q(ns[0])}].name", f"[for x in module.{m} : x.name]"
        # The root uses the module's outputs.
        if p.chance(0.7):
            p.key(ref)
        if refs and p.chance(0.6):
            k = p.fresh("k")
            p.add(f'resource "aws_iam_access_key" "{k}" {{\n  for_each = toset({refs})\n  user = each.value\n'
                  f'{p.status_line(p.active())}}}')
        if p.chance(0.4):
            p.profile(ref)
    else:
        body = (
            'variable "users" {\n  type = list(string)\n}\n'
            'variable "statuses" {\n  type = map(string)\n  default = {}\n}\n'
            'variable "console_users" {\n  type = set(string)\n  default = []\n}\n'
            'resource "aws_iam_access_key" "k" {\n  for_each = toset(var.users)\n  user = each.value\n'
            '  status = lookup(var.statuses, each.value, "Active")\n}\n'
            'resource "aws_iam_user_login_profile" "lp" {\n  for_each = var.console_users\n  user = each.value\n}\n'
            'output "users" {\n  value = sort(var.users)\n}\n'
        )
        p.add(body, f"{d}/main.tf")
        m = p.fresh("m")
        ns = p.uniq_names(1, 3)
        st = {n: "Inactive" for n in ns if not p.active()}
        cons = [n for n in ns if p.chance(0.3)]
        call = p.rng.choice(["plain", "count"])
        cnt = f"  count = {p.n(p.rng.randint(1, 2))}\n" if call == "count" else ""
        p.add(f'module "{m}" {{\n  source = "./{d}"\n{cnt}  users = {p.l(ns)}\n  statuses = {lit(st)}\n'
              f'  console_users = {lit(cons)}\n}}')
        ref = f"module.{m}[0].users" if call == "count" else f"module.{m}.users"
        if p.chance(0.6):
            p.key(f"{ref}[0]")
    p.maybe_profile(0.3)


def fam_nested_module(p):
    """A module calling another local module (../sibling)."""
    inner, outer = p.fresh("inner"), p.fresh("outer")
    p.add('variable "name" {\n  type = string\n}\n'
          'variable "n" {\n  type = number\n}\n'
          'resource "aws_iam_access_key" "k" {\n  count = var.n\n  user = var.name\n}\n'
          'output "name" {\n  value = var.name\n}\n', f"modules/{inner}/main.tf")
    p.add('variable "names" {\n  type = map(number)\n}\n'
          f'module "i" {{\n  source = "../{inner}"\n  for_each = var.names\n  name = each.key\n  n = each.value\n}}\n'
          'output "names" {\n  value = [for m in module.i : m.name]\n}\n', f"modules/{outer}/main.tf")
    m = p.fresh("m")
    names = {n: p.rng.randint(0, 2) for n in p.uniq_names(1, 2)}
    p.add(f'module "{m}" {{\n  source = "./modules/{outer}"\n  names = {lit(names)}\n}}')
    if p.chance(0.5):
        p.profile(f"module.{m}.names[0]")
    p.maybe_profile()


def fam_status_expr(p):
    """Key statuses computed by expressions (see ST_REWRITES)."""
    for _ in range(p.rng.randint(2, 3)):
        p.key(p.s(p.name()))
    m = p.local(lit({n: ("Active" if p.active() else "Inactive") for n in p.uniq_names(1, 3)}))
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  for_each = {m}\n  user = each.key\n'
          f'  status = each.value == "Active" ? "Active" : "Inactive"\n}}')
    p.maybe_profile()


def _simple(p):
    for _ in range(p.rng.randint(1, 3)):
        p.key(p.s(p.name()))
    if p.chance(0.5):
        p.user(p.s(p.name()))
    p.maybe_profile(0.5)


def fam_strfuncs(p):
    """String functions (lower, upper, title, format, join, split, replace, substr, trim*, starts/endswith, ...)."""
    _simple(p)


def fam_collections(p):
    """Collection functions (concat, flatten, distinct, compact, element, one, lookup, merge, keys, values, ...)."""
    _simple(p)
    ns = p.names(1, 3)
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  count = {p.n(len(ns))}\n  user = {p.l(ns)}[count.index]\n'
          f'{p.status_line(p.active())}}}')


def fam_encoding(p):
    """jsonencode/jsondecode, base64, md5/sha1 derived names."""
    seed = p.rng.choice(["x", "team", "42"])
    algo = p.rng.choice(["md5", "sha1"])
    h = getattr(hashlib, algo)(seed.encode()).hexdigest()[:6]
    name = f"h-{h}"
    p.pool.append(name)
    p.special[name] = lambda p, algo=algo, seed=seed: p.rng.choice([
        f'"h-${{substr({algo}({q(seed)}), 0, 6)}}"',
        f'format("h-%s", substr({algo}({q(seed)}), 0, {p.n(6)}))',
    ])
    p.key(p.s(name))
    p.key(q(name))
    _simple(p)


def fam_regex(p):
    """regex / regexall."""
    _simple(p)


def fam_trycan(p):
    """try() fallbacks and can()."""
    _simple(p)
    obj = p.local(lit({"user": p.name()}))
    p.key(f'try({obj}.missing, {obj}.user)')


def fam_typeconv(p):
    """tostring/tonumber/toset/tolist/tomap."""
    _simple(p)
    ns = p.names(1, 3)
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n  for_each = tomap({{ for i, n in tolist({lit(ns)}) : tostring(i) => n }})\n'
          f'  user = each.value\n{p.status_line(p.active())}}}')


def fam_setproduct(p):
    """setproduct, zipmap, setunion over users."""
    ns = p.uniq_names(1, 2)
    roles = p.rng.sample(["a", "b", "c"], p.rng.randint(1, 2))
    k = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k}" {{\n'
          f'  for_each = {{ for pr in setproduct({p.l(ns)}, {lit(roles)}) : "${{pr[0]}}.${{pr[1]}}" => pr[0] }}\n'
          f'  user = each.value\n{p.status_line(p.active())}}}')
    ks = p.uniq_names(1, 3)
    zs = ["Active" if p.active() else "Inactive" for _ in ks]
    k2 = p.fresh("k")
    p.add(f'resource "aws_iam_access_key" "{k2}" {{\n  for_each = zipmap({lit(ks)}, {lit(zs)})\n'
          f'  user = each.key\n  status = each.value\n}}')
    p.maybe_profile()


def fam_morefuncs(p):
    """Network, date, CSV, path, encoding and set functions; number printing."""
    _simple(p)


def fam_noise(p):
    """Resources that are no access keys: groups, policies, terraform_data, outputs."""
    r = p.rng.random()
    if r < 0.35:
        g = p.fresh("g")
        p.add(f'resource "aws_iam_group" "{g}" {{\n  name = {p.s("grp-" + p.name())}\n}}')
    elif r < 0.65:
        pol = p.fresh("pol")
        if p.chance(0.5):
            p.add(f'resource "aws_iam_policy" "{pol}" {{\n  name = "{pol}"\n  policy = jsonencode({{\n'
                  '    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = ["*"] }]\n  })\n}')
        else:
            p.add(f'resource "aws_iam_policy" "{pol}" {{\n  name = "{pol}"\n  policy = <<-EOT\n'
                  '    {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}\n'
                  '  EOT\n}')
    else:
        t = p.fresh("td")
        p.add(f'resource "terraform_data" "{t}" {{\n  input = {{ user = {p.s(p.name())}, n = {p.n(2)} }}\n}}')
    if p.chance(0.3):
        o = p.fresh("out")
        p.add(f'output "{o}" {{\n  value = {p.l(p.names(1, 2))}\n}}')


FAMILIES: dict[str, Callable] = {
    "literal": fam_literal,
    "variables": fam_variables,
    "tfvars": fam_tfvars,
    "locals": fam_locals,
    "templates": fam_templates,
    "directives": fam_directives,
    "heredoc": fam_heredoc,
    "conditionals": fam_conditionals,
    "arith": fam_arith,
    "for_expr": fam_for_expr,
    "splat": fam_splat,
    "whole_resource": fam_whole_resource,
    "count_list": fam_count_list,
    "for_each_set": fam_for_each_set,
    "for_each_map": fam_for_each_map,
    "optional": fam_optional,
    "null": fam_null,
    "module": fam_module,
    "nested_module": fam_nested_module,
    "status_expr": fam_status_expr,
    "strfuncs": fam_strfuncs,
    "collections": fam_collections,
    "encoding": fam_encoding,
    "regex": fam_regex,
    "trycan": fam_trycan,
    "typeconv": fam_typeconv,
    "setproduct": fam_setproduct,
    "morefuncs": fam_morefuncs,
}


def generate_one(rng: random.Random, outdir: str) -> list[str]:
    fams = rng.sample(sorted(FAMILIES), rng.randint(2, 4))
    # $TFDIFF_FAMILIES (comma-separated) adds families to every program, to
    # exercise a new family more often than chance would.
    forced = [f for f in os.environ.get("TFDIFF_FAMILIES", "").split(",") if f in FAMILIES]
    fams += [f for f in forced if f not in fams]
    p = Program(rng, fams)
    # Families that add special pool names go first, so that others use them.
    for f in sorted(fams, key=lambda f: f not in ("arith", "encoding")):
        FAMILIES[f](p)
    fam_noise(p)
    p.render(outdir)
    return fams


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        print("usage: generate.py SEED N OUTDIR", file=sys.stderr)
        return 2
    seed, n, outdir = int(argv[1]), int(argv[2]), argv[3]
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    index = []
    for i in range(n):
        d = os.path.join(outdir, f"p{i:04d}")
        if os.path.exists(d):
            import shutil
            shutil.rmtree(d)
        fams = generate_one(rng, d)
        index.append({"program": f"p{i:04d}", "families": fams})
    with open(os.path.join(outdir, "families.jsonl"), "w") as f:
        for row in index:
            f.write(json.dumps(row) + "\n")
    print(f"generated {n} programs in {outdir} (seed {seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
