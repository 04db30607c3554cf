"""Differential test of keylint's credential-report rules against Prowler.

    python prowler_compare.py KEYLINT WORKDIR [--as-of TIME] [--seed N]
                              [--random-users N] [EXTRA.csv ...]

Run with the Python that has Prowler installed (scripts/prowler-differential.sh
sets it up). It

1. writes credential reports into WORKDIR, in AWS's 22-column layout:
   hand-made boundary cases (ages of exactly 45 and 90 days and a second
   either side, UTC offsets, never-used keys, inactive keys, keys created
   with their console user and used later or not, keys created later,
   slot-2 keys, two active keys, `TRUE`), one report per root-user variant,
   one with `no_information`, one with fractions of a second, CRLF and
   byte-order-mark copies, and a few hundred users from a seeded random
   generator biased to the same boundaries; EXTRA.csv files are read as
   given (and, if one starts with a byte-order mark, a copy without it);
2. runs keylint on each (`keylint check --format json --as-of TIME`, with an
   empty configuration so the defaults apply: 45 and 90 days, a 10 s setup
   window), and on the JSON response form of each generated report, which
   must give the same findings;
3. runs Prowler's own check classes on each, offline: Prowler's IAM service
   object is made without its constructor (which calls AWS), given a
   stand-in boto3 client that returns the report's bytes, and fills its
   `credential_report` with its own parser (`IAM._get_credential_report`);
   a module object holding it is put in `sys.modules` as
   `prowler.providers.aws.services.iam.iam_client` before the checks are
   imported, so `from ...iam_client import iam_client` in each check binds
   to it. The checks measure ages with `datetime.datetime.now(pytz.utc)`:
   the `datetime` name in each check module is replaced with a copy of the
   `datetime` module whose `datetime.now` returns the as-of time;
4. compares, for each (report, user, key slot, control), keylint's verdict
   with Prowler's (KL002 and KL004: one per user; KL004's verdict is the
   number of active root keys), and puts every difference in a class that
   explains it (CLASSES below): each class is a test on the row, so a
   difference that fits none is reported as UNEXPLAINED.

Prints every difference, a table per control and each class with an example
row. Exits 1 when a difference fits no class (a possible keylint bug, or a
new Prowler behaviour) or the CSV and JSON forms disagree.
"""

import argparse
import base64
import csv
import datetime as dt
import io
import json
import logging
import random
import re
import subprocess
import sys
import types
from dataclasses import dataclass, field

UTC = dt.timezone.utc
DAY = 86_400
ROOT = "<root_account>"

# The columns of a real credential report, in AWS's order.
COLUMNS = [
    "user", "arn", "user_creation_time", "password_enabled",
    "password_last_used", "password_last_changed", "password_next_rotation",
    "mfa_active",
    "access_key_1_active", "access_key_1_last_rotated",
    "access_key_1_last_used_date", "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active", "access_key_2_last_rotated",
    "access_key_2_last_used_date", "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active", "cert_1_last_rotated", "cert_2_active",
    "cert_2_last_rotated",
]  # fmt: skip


@dataclass(frozen=True)
class Control:
    rule: str  # keylint's rule
    cis: str  # CIS AWS Foundations 1.4-4.0 number
    check: str  # Prowler's check
    per_key: bool  # one verdict per key slot, else one per user (row)


CONTROLS = [
    Control("KL001", "1.11", "iam_user_no_setup_initial_access_key", True),
    Control("KL002", "1.13", "iam_user_two_active_access_key", False),
    Control("KL003", "1.12", "iam_user_accesskey_unused", True),
    Control("KL004", "1.4", "iam_no_root_access_key", False),
    Control("KL005", "1.14", "iam_rotate_access_key_90_days", True),
]
BY_RULE = {c.rule: c for c in CONTROLS}


# --------------------------------------------------------------------------
# Reports


def stamp(t, offset_minutes=0, z=False):
    """`t` in ISO 8601 as the report writes it, at a UTC offset."""
    text = t.astimezone(dt.timezone(dt.timedelta(minutes=offset_minutes))).isoformat()
    return text.replace("+00:00", "Z") if z else text


@dataclass
class Key:
    active: str = "false"
    rotated: str = "N/A"  # access_key_N_last_rotated: when it was created
    used: str = "N/A"  # access_key_N_last_used_date


NO_KEY = Key()


def row(user, created, password="false", k1=NO_KEY, k2=NO_KEY):
    """A report row with the columns keylint and Prowler do not read filled
    in plausibly."""
    r = dict.fromkeys(COLUMNS, "N/A")
    r.update(
        user=user,
        arn="arn:aws:iam::123456789012:" + ("root" if user == ROOT else f"user/{user}"),
        user_creation_time=created,
        password_enabled=password,
        mfa_active="false",
        cert_1_active="false",
        cert_2_active="false",
    )
    if password.lower() == "true":
        r["password_last_changed"] = created
    if user == ROOT:
        r.update(
            password_last_changed="not_supported",
            password_next_rotation="not_supported",
        )
    for n, key in ((1, k1), (2, k2)):
        p = f"access_key_{n}_"
        r[p + "active"], r[p + "last_rotated"] = key.active, key.rotated
        r[p + "last_used_date"] = key.used
        if key.used not in ("N/A", "no_information"):
            r[p + "last_used_region"], r[p + "last_used_service"] = "us-east-1", "s3"
    return r


def boundary_reports(as_of):
    """{report name: rows}: the hand-made cases."""
    d = DAY

    def ago(seconds, **kw):
        return stamp(as_of - dt.timedelta(seconds=seconds), **kw)

    def after_user(seconds, **kw):
        return stamp(dt.datetime(2024, 5, 1, 9, tzinfo=UTC) + dt.timedelta(seconds=seconds), **kw)

    def active(rotated, used="N/A", flag="true"):
        return Key(flag, rotated, used)

    old = ago(400 * d)  # a user created long ago
    wizard_user = "2024-05-01T09:00:00+00:00"  # the wizard's users, as after_user counts
    recent = ago(2 * d)  # a recent use
    fresh = ago(60 * d)  # created 60 days ago: not due for rotation
    users = [
        # 1.12 / KL003: last used around 45 days before the as-of time.
        row("used-44d-23h59m59s", old, k1=active(fresh, ago(45 * d - 1))),
        row("used-45d-exactly", old, k1=active(fresh, ago(45 * d))),
        row("used-45d-plus-1s", old, k1=active(fresh, ago(45 * d + 1))),
        row("used-45d-23h59m59s", old, k1=active(fresh, ago(46 * d - 1))),
        row("used-46d-exactly", old, k1=active(fresh, ago(46 * d))),
        row("used-45d-at-plus0200", old, k1=active(fresh, ago(45 * d, offset_minutes=120))),
        row("used-45d-at-minus0500", old, k1=active(fresh, ago(45 * d, offset_minutes=-300))),
        row("used-44d-23h59m59s-at-minus0800", old,
            k1=active(fresh, ago(45 * d - 1, offset_minutes=-480))),
        row("used-46d-at-plus0530", old, k1=active(fresh, ago(46 * d, offset_minutes=330))),
        row("used-50d-written-z", old, k1=active(fresh, ago(50 * d, z=True))),
        row("used-after-as-of", old, k1=active(fresh, ago(-d))),
        row("used-200d-inactive", old, k1=active(ago(300 * d), ago(200 * d), flag="false")),
        row("used-60d-slot-2", old, k2=active(fresh, ago(60 * d))),
        # Never used (N/A): keylint counts from creation, Prowler skips.
        row("never-used-created-44d-23h59m59s", old, k1=active(ago(45 * d - 1))),
        row("never-used-created-45d", old, k1=active(ago(45 * d))),
        row("never-used-created-100d", old, k1=active(ago(100 * d))),
        row("never-used-created-100d-slot-2", old, k2=active(ago(100 * d))),
        row("never-used-created-100d-inactive", old, k1=active(ago(100 * d), flag="false")),
        # 1.14 / KL005: created around 90 days before.
        row("created-89d-23h59m59s", old, k1=active(ago(90 * d - 1), recent)),
        row("created-90d-exactly", old, k1=active(ago(90 * d), recent)),
        row("created-90d-23h59m59s", old, k1=active(ago(91 * d - 1), recent)),
        row("created-91d-exactly", old, k1=active(ago(91 * d), recent)),
        row("created-90d-at-minus0300", old,
            k1=active(ago(90 * d, offset_minutes=-180), recent)),
        row("created-91d-at-plus1400", old,
            k1=active(ago(91 * d, offset_minutes=840), recent)),
        row("created-400d-inactive", old, k1=active(ago(400 * d), recent, flag="false")),
        row("created-100d-slot-2", old, k2=active(ago(100 * d), recent)),
        # 1.11 / KL001: console users; the user was created at 09:00:00.
        row("wizard-2s-never-used", wizard_user, "true", k1=active(after_user(2))),
        row("wizard-2s-used-later", wizard_user, "true", k1=active(after_user(2), recent)),
        row("wizard-0s-used-later", wizard_user, "true", k1=active(after_user(0), recent)),
        row("wizard-9s-used-later", wizard_user, "true", k1=active(after_user(9), recent)),
        row("wizard-9s-never-used", wizard_user, "true", k1=active(after_user(9))),
        row("key-10s-after-never-used", wizard_user, "true", k1=active(after_user(10))),
        row("key-1s-before-user-never-used", wizard_user, "true", k1=active(after_user(-1))),
        row("key-1d-later-never-used", wizard_user, "true", k1=active(after_user(d))),
        row("key-1d-later-used", wizard_user, "true", k1=active(after_user(d), recent)),
        row("wizard-5s-at-plus0200-used", wizard_user, "true",
            k1=active(after_user(5, offset_minutes=120), recent)),
        row("wizard-2s-inactive", wizard_user, "true",
            k1=active(after_user(2), flag="false")),
        row("wizard-2s-no-password", wizard_user, "false", k1=active(after_user(2))),
        row("wizard-2s-slot-2-used", wizard_user, "true", k2=active(after_user(2), recent)),
        row("wizard-2s-slot-2-never-used", wizard_user, "true", k2=active(after_user(2))),
        row("wizard-2s-password-upper-true", wizard_user, "TRUE", k1=active(after_user(2))),
        # 1.13 / KL002: two keys.
        row("two-active", old, k1=active(fresh, recent), k2=active(ago(10 * d), recent)),
        row("active-and-inactive", old,
            k1=active(fresh, recent, flag="false"), k2=active(ago(10 * d), recent)),
        row("two-active-one-upper-true", old,
            k1=active(fresh, recent, flag="TRUE"), k2=active(ago(10 * d), recent)),
        row("two-active-mixed-case-true", old,
            k1=active(fresh, recent, flag="True"), k2=active(ago(10 * d), recent, flag="tRuE")),
        # Upper case on the other controls.
        row("upper-true-used-60d", old, k1=active(fresh, ago(60 * d), flag="TRUE")),
        row("upper-true-created-100d", old, k1=active(ago(100 * d), recent, flag="TRUE")),
        # No keys at all.
        row("no-keys", old, "true"),
    ]

    def root(k1=NO_KEY, k2=NO_KEY):
        return row(ROOT, "2020-01-01T00:00:00+00:00", "not_supported", k1, k2)

    plain = [row("ci", old, k1=active(fresh, recent))]
    reports = {
        # The root user's old key, used 100 days ago, goes with the cases.
        "boundaries": [root(k1=active(ago(200 * d), ago(100 * d)))] + users,
        "root-no-keys": [root()] + plain,
        "root-inactive-keys": [
            root(active(ago(300 * d), ago(200 * d), "false"), active(ago(20 * d), recent, "false"))
        ] + plain,
        "root-key-2-active-recent": [root(k2=active(ago(10 * d), recent))] + plain,
        "root-two-active": [root(active(ago(10 * d), recent), active(ago(20 * d), recent))] + plain,
        "root-upper-true": [root(k1=active(ago(10 * d), recent, "TRUE"))] + plain,
        "root-one-lower-one-upper": [
            root(active(ago(10 * d), recent), active(ago(20 * d), recent, "TRUE"))
        ] + plain,
        "root-never-used-200d": [root(k1=active(ago(200 * d)))] + plain,
        # Fractions of a second (AWS writes none): within a second of a limit.
        "fractional-seconds": [
            root(),
            row("used-44d-23h59m59.5s", old,
                k1=active(fresh, ago(45 * d).replace("+00:00", ".5+00:00"))),
            row("created-89d-23h59m59.5s", old,
                k1=active(ago(90 * d).replace("+00:00", ".5+00:00"), recent)),
            row("key-0.7s-before-user-used", "2024-05-01T09:00:00.9+00:00", "true",
                k1=active("2024-05-01T09:00:00.2+00:00", recent)),
            row("key-9.2s-after-user-never-used", "2024-05-01T09:00:00.9+00:00", "true",
                k1=active("2024-05-01T09:00:10.1+00:00")),
            row("used-45d-exactly-written-.000", old,
                k1=active(fresh, ago(45 * d).replace("+00:00", ".000+00:00"))),
        ],
        # Last use not recorded: a value Prowler's date parser cannot read.
        "no-information": [
            root(),
            row("no-information-active", old, k1=active(ago(100 * d), "no_information")),
            row("used-60d-beside-no-information", old, k1=active(fresh, ago(60 * d))),
            row("wizard-beside-no-information", wizard_user, "true", k1=active(after_user(2))),
        ],
    }
    return reports


def random_report(as_of, seed, count):
    """`count` users (and a root row) from a seeded generator, biased to the
    boundaries: keys created with their user, ages around 45 and 90 days."""
    rng = random.Random(seed)
    offsets = [0, 0, 0, 0, 0, 0, 120, -300, 330, -30, 840, -720]

    def when(t):
        return stamp(t, rng.choice(offsets), z=rng.random() < 0.05)

    def true_word():
        return rng.choice(["TRUE", "True"]) if rng.random() < 0.04 else "true"

    def near(days):
        return as_of - dt.timedelta(
            seconds=days * DAY + rng.choice([-DAY, -1, 0, 1, DAY // 2, DAY - 1, DAY])
        )

    def key(user_created):
        if rng.random() < 0.35:
            return NO_KEY
        r = rng.random()
        if r < 0.25:  # the console wizard
            created = user_created + dt.timedelta(seconds=rng.randint(0, 9))
        elif r < 0.30:
            created = user_created + dt.timedelta(seconds=rng.choice([-1, 10, 11]))
        elif r < 0.45:
            created = max(near(90), user_created)
        else:
            span = int((as_of - user_created).total_seconds())
            created = user_created + dt.timedelta(seconds=rng.randint(10, max(span, 10)))
        created = min(created, as_of)
        if rng.random() < 0.3:
            used = "N/A"
        else:
            if rng.random() < 0.3:
                last = max(near(45), created)
            else:
                span = int((as_of - created).total_seconds())
                last = created + dt.timedelta(seconds=rng.randint(0, max(span, 0)))
            used = when(min(last, as_of))
        flag = true_word() if rng.random() < 0.75 else "false"
        return Key(flag, when(created), used)

    rows = []
    root_created = as_of - dt.timedelta(days=rng.randint(500, 3000))
    keys = key(root_created), key(root_created)
    rows.append(row(ROOT, when(root_created), "not_supported", *keys))
    for i in range(count):
        created = as_of - dt.timedelta(seconds=rng.randint(0, 800 * DAY))
        password = true_word() if rng.random() < 0.5 else "false"
        rows.append(row(f"user-{i:03d}", when(created), password, key(created), key(created)))
    return rows


def csv_text(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@dataclass
class Report:
    label: str  # how differences name it
    path: str
    content: bytes
    rows: dict = field(default_factory=dict)  # user -> (line, row, raw line)
    generated: bool = True
    # Prowler's verdicts on the report with its booleans lower-cased.
    prowler_lowered: dict = field(default_factory=dict)


def read_rows(content):
    """The report's rows by user, with their line numbers and text, as a
    CSV reader sees them (a byte-order mark dropped)."""
    text = content.decode("utf-8-sig")
    lines = text.splitlines()
    rows = {}
    for n, r in enumerate(csv.DictReader(lines), start=2):
        rows[r["user"]] = (n, r, lines[n - 1])
    return rows


def write_reports(workdir, as_of, seed, count):
    reports = []

    def add(name, content):
        path = f"{workdir}/{name}.csv"
        with open(path, "wb") as f:
            f.write(content)
        reports.append(Report(f"{name}.csv", path, content, read_rows(content)))

    cases = boundary_reports(as_of)
    for name, rows in cases.items():
        add(name, csv_text(rows).encode())
    sample = csv_text(cases["boundaries"][:4] + [cases["root-two-active"][-1]])
    add("crlf", sample.replace("\n", "\r\n").encode())
    add("byte-order-mark", b"\xef\xbb\xbf" + sample.encode())
    add(f"random-seed-{seed}", csv_text(random_report(as_of, seed, count)).encode())
    return reports


def json_response(content, as_of):
    """The JSON response of `aws iam get-credential-report` for a report."""
    return json.dumps(
        {
            "Content": base64.b64encode(content).decode(),
            "ReportFormat": "text/csv",
            "GeneratedTime": stamp(as_of, z=True),
        }
    )


# --------------------------------------------------------------------------
# keylint


def keylint(binary, config, as_of, path):
    """{(user, slot, rule): verdict} (slot 0 for a user-level finding; the
    KL004 verdict is the number of keys flagged), or an error message."""
    run = subprocess.run(
        [binary, "check", "--format", "json", "--config", config, "--as-of", as_of, path],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        out = json.loads(run.stdout)
    except json.JSONDecodeError:
        return f"exit {run.returncode}: {run.stderr.strip()}"
    if out["errors"]:
        return "; ".join(f"line {e['line']}: {e['message']}" for e in out["errors"])
    verdicts = {}
    for f in out["findings"]:
        rule, user = f["rule"], f["user"]
        m = re.fullmatch(r".*/access_key_([12])", f["resource"])
        slot = int(m.group(1)) if m and BY_RULE[rule].per_key else 0
        unit = (user, slot, rule)
        verdicts[unit] = verdicts.get(unit, 0) + 1
    return verdicts


# --------------------------------------------------------------------------
# Prowler


class ReportClient:
    """Stands in for boto3's IAM client: the report is complete at once and
    is the bytes it was given."""

    content = b""

    def generate_credential_report(self):
        return {"State": "COMPLETE"}

    def get_credential_report(self):
        return {"Content": self.content, "ReportFormat": "text/csv"}


class Captured(logging.Handler):
    """Keeps what Prowler logs (it logs to the root logger) instead of
    printing it."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class Prowler:
    """Prowler's five checks, run on reports offline, at a frozen time."""

    def __init__(self, as_of):
        self.log = Captured()
        logging.getLogger().addHandler(self.log)
        from prowler.config.config import (
            default_config_file_path,
            load_and_validate_config_file,
            prowler_version,
        )
        from prowler.providers.aws.services.iam.iam_service import IAM

        self.version = prowler_version

        # The service without its constructor, which would call AWS; only
        # what the five checks read is set.
        iam = IAM.__new__(IAM)
        iam.client = ReportClient()
        iam.region = "us-east-1"
        iam.users = []  # the checks look up users' tags here
        iam.organization_features = []
        iam.credential_report = []
        iam.audit_config = load_and_validate_config_file("aws", default_config_file_path)
        module = types.ModuleType("prowler.providers.aws.services.iam.iam_client")
        module.iam_client = iam
        sys.modules[module.__name__] = module
        self.iam = iam

        frozen = frozen_datetime(as_of)
        self.checks = {}
        for control in CONTROLS:
            name = control.check
            mod = __import__(
                f"prowler.providers.aws.services.iam.{name}.{name}", fromlist=[name]
            )
            for var, value in list(vars(mod).items()):
                if value is dt:
                    setattr(mod, var, frozen)
                elif value is dt.datetime:
                    setattr(mod, var, frozen.datetime)
            if hasattr(mod, "datetime"):
                seen = mod.datetime.datetime.now(UTC)
                assert seen == as_of, f"{name}: time not frozen ({seen})"
            assert mod.iam_client is iam, f"{name}: not reading the injected IAM service"
            self.checks[control.rule] = getattr(mod, name)()

    def run(self, content):
        """({(user, slot, rule): verdict}, {rule: error}) for one report. A
        check that raised, or logged an error (some catch their own), has
        an error instead of verdicts: Prowler's runner reports nothing for
        it."""
        self.log.messages.clear()
        self.iam.client.content = content
        self.iam.credential_report = self.iam._get_credential_report()
        unread = list(self.log.messages)
        users = {r["arn"]: r.get("user") for r in self.iam.credential_report if "arn" in r}
        verdicts, errors = {}, {}
        for rule, check in self.checks.items():
            self.log.messages[:] = unread
            try:
                findings = check.execute()
            except Exception as e:  # Prowler's runner logs it and reports nothing
                errors[rule] = f"{type(e).__name__}: {e}"
                continue
            if self.log.messages:
                errors[rule] = "logged: " + "; ".join(self.log.messages)
                continue
            for f in findings:
                if f.status != "FAIL":
                    continue
                m = re.search(r"access key ([12])", f.status_extended)
                slot = int(m.group(1)) if m and BY_RULE[rule].per_key else 0
                count = 1
                if rule == "KL004":
                    count = 2 if "two active" in f.status_extended else 1
                unit = (users[f.resource_arn], slot, rule)
                verdicts[unit] = verdicts.get(unit, 0) + count
        return verdicts, errors


def frozen_datetime(as_of):
    """A copy of the `datetime` module whose `datetime.now()` is `as_of`."""

    class FrozenDateTime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return as_of.astimezone(tz) if tz else as_of.replace(tzinfo=None)

    module = types.ModuleType("datetime")
    module.__dict__.update(vars(dt))
    module.datetime = FrozenDateTime
    return module


# --------------------------------------------------------------------------
# Differences and their classes


def parse(text):
    """A report time as an aware datetime, or None."""
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return t if t.tzinfo else None


@dataclass
class Case:
    """One unit on which keylint and Prowler differ."""

    report: Report
    row: dict
    slot: int  # 1 or 2, 0 for a user-level control
    rule: str
    keylint: object  # verdict
    as_of: dt.datetime

    def key(self, column):
        """A column of this case's key slot."""
        return self.row[f"access_key_{self.slot}_{column}"]

    def age(self, column):
        """Seconds from the slot's `column` to the as-of time, or None."""
        t = parse(self.key(column))
        return None if t is None else (self.as_of - t).total_seconds()

    def aged(self, column, low_days, high_days):
        age = self.age(column)
        return age is not None and low_days * DAY <= age < high_days * DAY

    def setup_gap(self):
        """Seconds from the user's creation to the key's, or None."""
        user, key = parse(self.row["user_creation_time"]), parse(self.key("last_rotated"))
        return None if user is None or key is None else (key - user).total_seconds()

    def at_setup(self):
        """Whether the key was created at least 0 and under 10 s after its user."""
        gap = self.setup_gap()
        return gap is not None and 0 <= gap < 10


def letter_case(case):
    """The row writes a boolean this control reads in another case than
    Prowler's `true`, and Prowler agrees with keylint once the report's
    booleans are lower-cased."""
    columns = [f"access_key_{n}_active" for n in ((case.slot,) if case.slot else (1, 2))]
    if case.rule == "KL001":
        columns.append("password_enabled")
    odd = any(case.row[c].lower() == "true" and case.row[c] != "true" for c in columns)
    unit = (case.row["user"], case.slot, case.rule)
    return odd and case.report.prowler_lowered.get(unit, 0) == case.keylint


def no_information(case):
    """Some active key of the report has `no_information` as its last use."""
    return any(
        r[f"access_key_{n}_active"] == "true"
        and r[f"access_key_{n}_last_used_date"] == "no_information"
        for _, r, _ in case.report.rows.values()
        for n in (1, 2)
    )


@dataclass(frozen=True)
class Class:
    id: str
    rules: tuple
    direction: str  # "keylint only", "Prowler only" or "Prowler error"
    test: object  # Case -> bool
    why: str


ALL = ("KL001", "KL002", "KL003", "KL004", "KL005")
CLASSES = [
    Class(
        "prowler-byte-order-mark", ALL, "Prowler error",
        lambda case: case.report.content.startswith(b"\xef\xbb\xbf"),
        "The report starts with a UTF-8 byte-order mark (a CSV saved by a spreadsheet "
        "or editor). Prowler keeps it in the first column's name, `\\ufeffuser`, and all "
        "five checks fail on `KeyError: 'user'`: no result for the whole account. keylint "
        "skips the mark.",
    ),
    Class(
        "prowler-no-information", ("KL003",), "Prowler error", no_information,
        "An active key's last use is `no_information`. Prowler passes it to dateutil, whose "
        "ParserError stops iam_user_accesskey_unused for the whole report: no 1.12 result "
        "for any user of the account. keylint leaves that one key unjudged (KL003.md says so) "
        "and checks the others.",
    ),
    Class(
        "root-row", ("KL002", "KL003", "KL005"), "Prowler only",
        lambda case: case.row["user"] == ROOT,
        "Prowler's 1.12, 1.13 and 1.14 checks also run on the `<root_account>` row; keylint "
        "gives the root row KL004 only (KL004.md): any active root key is already a finding, "
        "whatever its age, use or count.",
    ),
    Class(
        "letter-case", ALL, "keylint only", letter_case,
        "A `true` written in another case (`TRUE`, `True`), as a hand-edited or "
        "spreadsheet-saved report may have it. keylint reads booleans in any case (each "
        "rule documents it); Prowler compares with `\"true\"` exactly and takes the key as "
        "inactive, or the password as disabled. With the report lower-cased Prowler agrees. "
        "AWS itself writes lower case.",
    ),
    Class(
        "kl001-setup-key-used-since", ("KL001",), "keylint only",
        lambda case: case.at_setup() and case.key("last_used_date") != "N/A",
        "The key was created within 10 s of its console user (the console's Create user "
        "wizard) and has been used since. CIS 1.11 forbids keys set up with the user; "
        "Prowler reads the control as 'never used' and passes a key once it has been used.",
    ),
    Class(
        "kl001-later-key-never-used", ("KL001",), "Prowler only",
        lambda case: not case.at_setup() and case.key("last_used_date") == "N/A",
        "The console user's key was never used but was not created with the user (10 s or "
        "more after it, or before it): a key made later, on purpose, which is what CIS "
        "recommends. Prowler flags every never-used active key of a console user.",
    ),
    Class(
        "kl003-never-used", ("KL003",), "keylint only",
        lambda case: case.key("last_used_date") == "N/A"
        and (case.age("last_rotated") or 0) >= 45 * DAY,
        "The key was never used (`N/A`) and was created 45 days or more before. keylint counts "
        "a never-used key's 45 days from its creation (CIS 1.12: credentials unused for 45 "
        "days or more are disabled); Prowler skips keys whose last use is `N/A`, so a key "
        "nobody ever used is never unused to it.",
    ),
    Class(
        "kl003-day-45", ("KL003",), "keylint only",
        lambda case: case.aged("last_used_date", 45, 46),
        "Last used at least 45 but less than 46 days before the as-of time. CIS 1.12: "
        "'unused for 45 days or greater'; keylint flags from 45 × 86,400 s. Prowler flags "
        "when `timedelta.days > 45`, that is from 46 whole days.",
    ),
    Class(
        "kl005-day-90", ("KL005",), "keylint only",
        lambda case: case.aged("last_rotated", 90, 91),
        "Created at least 90 but less than 91 days before the as-of time. CIS 1.14 audits "
        "that a key was rotated less than 90 days ago; keylint flags from 90 × 86,400 s. "
        "Prowler flags when `timedelta.days > 90`, that is from 91 whole days.",
    ),
]


def classify(case, direction):
    for c in CLASSES:
        if case.rule in c.rules and c.direction == direction and c.test(case):
            return c.id
    return "UNEXPLAINED"


# --------------------------------------------------------------------------
# Main


def compare(report, ours, theirs, prowler_errors, as_of):
    """[(unit, keylint verdict, Prowler verdict, outcome, class)] for every
    unit of the report."""
    results = []
    for user, (_, r, _) in report.rows.items():
        for control in CONTROLS:
            for slot in (1, 2) if control.per_key else (0,):
                unit = (user, slot, control.rule)
                if isinstance(ours, str):
                    mine = "error"
                else:
                    mine = ours.pop(unit, 0)
                if control.rule in prowler_errors:
                    other = "error"
                else:
                    other = theirs.pop(unit, 0)
                if mine == "error":
                    outcome = "keylint error"
                elif other == "error":
                    outcome = "Prowler error"
                elif mine == other:
                    outcome = "both flag" if mine else "both pass"
                else:
                    outcome = "keylint only" if mine > other else "Prowler only"
                klass = ""
                if outcome not in ("both flag", "both pass"):
                    case = Case(report, r, slot, control.rule, mine, as_of)
                    klass = classify(case, outcome)
                results.append((unit, mine, other, outcome, klass))
    # A finding on a user the report does not have would be a bug of either.
    for leftover in (ours if isinstance(ours, dict) else {}, theirs):
        for unit in leftover:
            results.append((unit, "?", "?", "unmatched", "UNEXPLAINED"))
    return results


def show_verdict(rule, value):
    if isinstance(value, str):
        return value
    if rule == "KL004":
        return f"{value} key{'s' if value != 1 else ''}"
    return "FAIL" if value else "pass"


def relevant(r, slot, rule):
    """The fields a control reads, compactly."""
    parts = []
    if rule == "KL001":
        parts += [f"created {r['user_creation_time']}", f"password {r['password_enabled']}"]
    for n in (slot,) if slot else (1, 2):
        p = f"access_key_{n}_"
        parts.append(
            f"key{n} {r[p + 'active']} rotated {r[p + 'last_rotated']} "
            f"used {r[p + 'last_used_date']}"
        )
    return "; ".join(parts)


def lower_booleans(content):
    """The report with `TRUE`, `True`, `FALSE`... lower-cased in its boolean
    columns (a byte-order mark dropped)."""
    lines = content.decode("utf-8-sig").splitlines()
    records = list(csv.reader(lines))
    columns = [i for i, name in enumerate(records[0]) if name.endswith(("_active", "_enabled"))]
    for record in records[1:]:
        for i in columns:
            if i < len(record) and record[i].lower() in ("true", "false"):
                record[i] = record[i].lower()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    return out.getvalue().encode()


def load_reports(args, as_of):
    """The generated reports, then each extra one (and a copy without its
    byte-order mark when it has one: AWS's report never has one, so the
    copy is what Prowler would have read)."""
    reports = write_reports(args.workdir, as_of, args.seed, args.random_users)
    for n, path in enumerate(args.extra):
        with open(path, "rb") as f:
            content = f.read()
        reports.append(Report(path, path, content, read_rows(content), generated=False))
        if content.startswith(b"\xef\xbb\xbf"):
            copy = f"{args.workdir}/extra-{n}-without-byte-order-mark.csv"
            with open(copy, "wb") as f:
                f.write(content[3:])
            name = f"{path} (byte-order mark removed)"
            reports.append(Report(name, copy, content[3:], read_rows(content), generated=False))
    return reports


def print_differences(differences):
    print(f"\n== {len(differences)} differences")
    for report, (user, slot, rule), mine, other, _, klass in differences:
        line, r, _ = report.rows.get(user, (0, None, ""))
        key = f"key{slot}" if slot else "user"
        print(
            f"{report.label}:{line} {user} {key} {rule}/{BY_RULE[rule].cis} "
            f"keylint={show_verdict(rule, mine)} prowler={show_verdict(rule, other)} [{klass}]"
        )
        if r is not None:
            print(f"    {relevant(r, slot, rule)}")


OUTCOMES = [
    "both flag", "both pass", "keylint only", "Prowler only", "Prowler error", "keylint error",
]


def print_table(results):
    print("\n== per control; a unit is one key slot of one row (KL002, KL004: one row)\n")
    print("| keylint | CIS | Prowler check | units | " + " | ".join(OUTCOMES) + " |")
    print("|---|---|---|---:|" + "---:|" * len(OUTCOMES))
    for c in CONTROLS:
        mine = [x for x in results if x[1][2] == c.rule]
        counts = [sum(1 for x in mine if x[4] == o) for o in OUTCOMES]
        cells = " | ".join(map(str, counts))
        print(f"| {c.rule} | {c.cis} | `{c.check}` | {len(mine)} | {cells} |")


def print_classes(differences):
    print("\n== classes of difference\n")
    unexplained = Class("UNEXPLAINED", ALL, "", None, "No known reason: look at these.")
    for c in CLASSES + [unexplained]:
        members = [x for x in differences if x[5] == c.id and c.direction in ("", x[4])]
        if not members:
            continue
        rules = ", ".join(sorted({x[1][2] for x in members}))
        report, (user, slot, rule), _, _, outcome, _ = members[0]
        line, _, raw = report.rows.get(user, (0, None, ""))
        print(f"{c.id} ({len(members)}; {c.direction or outcome}; {rules}): {c.why}")
        key = f"key {slot}" if slot else "the user"
        print(f"  e.g. {report.label}:{line}, {rule} on {key}:")
        print(f"  {raw}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("keylint", help="the keylint binary")
    ap.add_argument("workdir", help="where the reports are written")
    ap.add_argument("extra", nargs="*", help="more credential reports (CSV)")
    ap.add_argument("--as-of", default="2024-06-01T00:00:00Z")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--random-users", type=int, default=300)
    args = ap.parse_intermixed_args()
    as_of = dt.datetime.fromisoformat(args.as_of).astimezone(UTC)

    config = f"{args.workdir}/keylint.toml"
    with open(config, "w") as f:
        f.write("# empty: keylint's defaults (45 and 90 days, a 10 s setup window)\n")
    reports = load_reports(args, as_of)
    prowler = Prowler(as_of)
    print(f"Prowler {prowler.version}; both measure ages at {stamp(as_of, z=True)}")

    results = []  # (report, unit, keylint verdict, Prowler verdict, outcome, class)
    forms_differ = []
    for report in reports:
        ours = keylint(args.keylint, config, args.as_of, report.path)
        if isinstance(ours, str):
            print(f"  keylint failed on {report.label}: {ours}")
        if report.generated:
            json_path = report.path[: -len(".csv")] + ".json"
            with open(json_path, "w") as f:
                f.write(json_response(report.content, as_of))
            if keylint(args.keylint, config, args.as_of, json_path) != ours:
                forms_differ.append(report.label)
        theirs, errors = prowler.run(report.content)
        for message in sorted(set(errors.values())):
            rules = [BY_RULE[rule].check for rule, m in errors.items() if m == message]
            print(f"  Prowler failed on {report.label} ({', '.join(rules)}): {message}")
        if lower_booleans(report.content) != report.content.removeprefix(b"\xef\xbb\xbf"):
            report.prowler_lowered, _ = prowler.run(lower_booleans(report.content))
        for unit, mine, other, outcome, klass in compare(report, ours, theirs, errors, as_of):
            results.append((report, unit, mine, other, outcome, klass))

    differences = [x for x in results if x[4] not in ("both flag", "both pass")]
    print_differences(differences)
    print_table(results)
    print_classes(differences)
    unexplained = sum(1 for x in differences if x[5] == "UNEXPLAINED")
    if forms_differ:
        print(f"keylint's findings differ between the CSV and its JSON response: {forms_differ}")
    else:
        print("keylint's findings on each generated report's JSON response: the same as on the CSV")
    print(f"{len(reports)} reports, {len(results)} units, {len(differences)} differences, "
          f"{unexplained} unexplained")
    return 1 if unexplained or forms_differ else 0


if __name__ == "__main__":
    sys.exit(main())
