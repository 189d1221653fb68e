#!/usr/bin/env python3
"""Checks that deploy/template.yaml grants each function nothing beyond its need, and triggers
each on the prefixes its code handles.

What each function may do is written down here, once, from what its code calls (functions/src):
an action or a resource the template grants beyond it fails the check, and so does any wildcard
action, any delete, any write to the inputs (reports/, config/, decisions/; the front door alone
writes a user's report and an assessor's decision), a user pool open to sign-up or without a
second factor or without one group per role, a bucket without
TLS-only access, and a function not triggered on exactly its prefixes (the summary must follow
assessments, the agency's decisions and its configuration). The template is read with cfn-lint's
own decoder (it understands !Sub and !Ref).

    python3 scripts/iam_check.py [deploy/template.yaml]

The check also runs itself on broken copies of the template (a wildcard, a delete, a write to
an input, a missing TLS rule, a missing trigger) and fails unless it refuses each: a check that
cannot fail is none.
"""

import copy
import os
import re
import sys
import tomllib

import cfnlint.decode

BUCKET = "arn:${AWS::Partition}:s3:::${BucketName}"

# Per function: every (action, resource) it may be granted, and why.
NEEDS = {
    "AssessReportFunction": [
        # HEAD of a missing key answers 404, not 403, only with ListBucket.
        ("s3:ListBucket", BUCKET),
        # The upload, the year's rules and populations, the region's assessment so far, and
        # whether the upload's notification exists (HEAD needs GetObject).
        ("s3:GetObject", BUCKET + "/reports/*"),
        ("s3:GetObject", BUCKET + "/config/*"),
        ("s3:GetObject", BUCKET + "/assessments/*"),
        ("s3:GetObject", BUCKET + "/notifications/*"),
        # The year's records: a later upload's notification says which payments are decided.
        ("s3:GetObject", BUCKET + "/records/*"),
        # The version an event names (upload.rs reads it by versionId).
        ("s3:GetObjectVersion", BUCKET + "/reports/*"),
        # Its outputs, and nothing else.
        ("s3:PutObject", BUCKET + "/assessments/*"),
        ("s3:PutObject", BUCKET + "/notifications/*"),
        ("sns:Publish", {"Ref": "NotificationsTopic"}),
    ],
    "UpdateSummaryFunction": [
        ("s3:ListBucket", BUCKET),
        # The assessments, the recorded decisions (read only: the agency writes them), the
        # year's populations and rules, and the summary it compares with before writing.
        ("s3:GetObject", BUCKET + "/assessments/*"),
        ("s3:GetObject", BUCKET + "/decisions/*"),
        ("s3:GetObject", BUCKET + "/config/*"),
        ("s3:GetObject", BUCKET + "/summary/*"),
        ("s3:PutObject", BUCKET + "/summary/*"),
        # pipeline/decided.rs: a decided payment's record, created once and read on every summary;
        # summary.rs: each change of the payments, created once, its chain read for the page.
        ("s3:GetObject", BUCKET + "/records/*"),
        ("s3:PutObject", BUCKET + "/records/*"),
        ("s3:GetObject", BUCKET + "/history/*"),
        ("s3:PutObject", BUCKET + "/history/*"),
        # The national picture quotes reasons from the report (the version) each assessment is of;
        # redecision.rs decides each assessment again from that report.
        ("s3:GetObject", BUCKET + "/reports/*"),
        ("s3:GetObjectVersion", BUCKET + "/reports/*"),
        # redecision.rs: a changed assessment written, the region told once (HEAD of its
        # notification needs GetObject).
        ("s3:PutObject", BUCKET + "/assessments/*"),
        ("s3:PutObject", BUCKET + "/notifications/*"),
        ("s3:GetObject", BUCKET + "/notifications/*"),
        ("sns:Publish", {"Ref": "NotificationsTopic"}),
    ],
    # reconcile.rs: every version under reports/, then what handle_upload and update_summary do.
    "ReconcileFunction": [
        ("s3:ListBucket", BUCKET),
        ("s3:ListBucketVersions", BUCKET),
        ("s3:GetObject", BUCKET + "/reports/*"),
        ("s3:GetObject", BUCKET + "/config/*"),
        ("s3:GetObject", BUCKET + "/assessments/*"),
        ("s3:GetObject", BUCKET + "/notifications/*"),
        ("s3:GetObject", BUCKET + "/decisions/*"),
        ("s3:GetObject", BUCKET + "/summary/*"),
        ("s3:GetObjectVersion", BUCKET + "/reports/*"),
        ("s3:PutObject", BUCKET + "/assessments/*"),
        ("s3:PutObject", BUCKET + "/notifications/*"),
        ("s3:PutObject", BUCKET + "/summary/*"),
        ("s3:GetObject", BUCKET + "/records/*"),
        ("s3:PutObject", BUCKET + "/records/*"),
        ("s3:GetObject", BUCKET + "/history/*"),
        ("s3:PutObject", BUCKET + "/history/*"),
        ("sns:Publish", {"Ref": "NotificationsTopic"}),
    ],
    # remind.rs: the year's rules, whether a part of its second payment is recorded (HEAD),
    # each region's assessment; it writes the day's reminders and the agency's overview, and
    # nothing else of notifications/.
    "RemindFunction": [
        ("s3:ListBucket", BUCKET),
        ("s3:GetObject", BUCKET + "/config/*"),
        ("s3:GetObject", BUCKET + "/assessments/*"),
        ("s3:GetObject", BUCKET + "/records/*"),
        ("s3:PutObject", BUCKET + "/notifications/*/*/reminders/*"),
        ("s3:PutObject", BUCKET + "/notifications/*/agency/*"),
        ("sns:Publish", {"Ref": "NotificationsTopic"}),
    ],
    # door/ and pipeline/front.rs: a report written under the user's own prefix and its version
    # listed, then what handle_upload does; the summaries read for assessors and finance; an
    # assessor's decision written (the kernel reads it first).
    "ApiFunction": [
        ("s3:ListBucket", BUCKET),
        ("s3:ListBucketVersions", BUCKET),
        ("s3:GetObject", BUCKET + "/reports/*"),
        ("s3:GetObject", BUCKET + "/config/*"),
        ("s3:GetObject", BUCKET + "/assessments/*"),
        ("s3:GetObject", BUCKET + "/notifications/*"),
        ("s3:GetObject", BUCKET + "/records/*"),
        ("s3:GetObject", BUCKET + "/summary/*"),
        ("s3:GetObjectVersion", BUCKET + "/reports/*"),
        ("s3:PutObject", BUCKET + "/reports/*"),
        ("s3:PutObject", BUCKET + "/decisions/*"),
        ("s3:PutObject", BUCKET + "/assessments/*"),
        ("s3:PutObject", BUCKET + "/notifications/*"),
        ("sns:Publish", {"Ref": "NotificationsTopic"}),
    ],
}

# The one function that writes inputs, and which: the front door writes a user's report under
# the prefix the user's group gives and an assessor's decision (contract §10); never config/.
INPUT_WRITERS = {"ApiFunction": {"/reports/", "/decisions/"}}

# Only these functions write a record (the summary's step); never another.
RECORD_WRITERS = {"UpdateSummaryFunction", "ReconcileFunction"}

# Per function: the (event, prefix, suffix) filters whose objects must start it
# (functions/src/contract/layout.rs, pipeline/event.rs): the assess function takes new uploads;
# the summary takes every write and removal of what a year's verdicts and payments rest on
# (pipeline::event::summary_event decides the year again, then sums it up), each configuration
# file by name, since S3 refuses two filters of one event type that overlap.
CONFIGURATION = ("/populations.csv", "/rules.json", "/lead_times.csv", "/agreement.tsv", "/halland.csv")
TRIGGERS = {
    "AssessReportFunction": {("s3:ObjectCreated:*", "reports/", "")},
    "UpdateSummaryFunction": {
        (event, prefix, suffix)
        for event in ("s3:ObjectCreated:*", "s3:ObjectRemoved:*")
        for prefix, suffix in [("assessments/", ""), ("decisions/", "")]
        + [("config/", name) for name in CONFIGURATION]
    },
    "ReconcileFunction": set(),
    "RemindFunction": set(),
    "ApiFunction": set(),
}

# Functions started by a schedule, and what kind: the reminders daily (contract §11).
SCHEDULES = {"RemindFunction": "daily", "ReconcileFunction": "any"}

# What a region, tagged svf-region=<code>, may do: write its own reports, read its own
# notifications; never another region's, never the agency's inputs or the outputs.
REGION_POLICY = "RegionUploadPolicy"
REGION_CASES = [
    # (tag, action, key, allowed)
    ("25", "s3:PutObject", "reports/2024/25/redovisning.json", True),
    ("25", "s3:PutObject", "reports/2026/25/ny version.json", True),
    ("25", "s3:GetObject", "notifications/2024/25/0a1b2c.json", True),
    ("25", "s3:PutObject", "reports/2024/01/redovisning.json", False),
    ("25", "s3:PutObject", "reports/2024/2/redovisning.json", False),
    ("01", "s3:PutObject", "reports/2024/25/redovisning.json", False),
    ("25", "s3:GetObject", "notifications/2024/01/0a1b2c.json", False),
    ("25", "s3:GetObject", "reports/2024/25/redovisning.json", False),
    ("25", "s3:PutObject", "config/2024/populations.csv", False),
    ("25", "s3:PutObject", "decisions/2024/25.json", False),
    ("25", "s3:PutObject", "assessments/2024/25.json", False),
    ("25", "s3:PutObject", "summary/2024/payments.json", False),
    ("25", "s3:PutObject", "reports/2024/rcc/norr/lagesbild.json", False),
    (None, "s3:PutObject", "reports/2024/25/redovisning.json", False),
]

# What an RCC, tagged svf-rcc=<name>, may do: write its own reports on the special investments,
# read its own notifications; never another RCC's or a region's keys.
RCC_POLICY = "RccUploadPolicy"
RCC_CASES = [
    ("vast", "s3:PutObject", "reports/2024/rcc/vast/lagesbild.json", True),
    ("vast", "s3:GetObject", "notifications/2024/rcc/vast/0a1b2c.json", True),
    ("stockholm-gotland", "s3:PutObject", "reports/2026/rcc/stockholm-gotland/x.json", True),
    ("vast", "s3:PutObject", "reports/2024/rcc/syd/lagesbild.json", False),
    ("vast", "s3:PutObject", "reports/2024/14/redovisning.json", False),
    ("vast", "s3:GetObject", "notifications/2024/rcc/syd/0a1b2c.json", False),
    ("vast", "s3:GetObject", "notifications/2024/14/0a1b2c.json", False),
    ("vast", "s3:PutObject", "assessments/2024/rcc/vast.json", False),
    ("vast", "s3:PutObject", "config/2024/halland.csv", False),
    ("vastra", "s3:PutObject", "reports/2024/rcc/vastra/x.json", False),
    (None, "s3:PutObject", "reports/2024/rcc/vast/lagesbild.json", False),
]

# The inputs: the regions' uploads, the agency's configuration and decisions. No function
# writes them.
INPUTS = ("/reports/", "/config/", "/decisions/")


def plain(value):
    """A resource as text when it is a !Sub of text, else as it stands (e.g. a !Ref)."""
    if isinstance(value, dict) and set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
        return value["Fn::Sub"]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def as_list(value):
    return value if isinstance(value, list) else [value]


def grants(function):
    """Every (action, resource) an Allow statement of the function's policies grants."""
    found = []
    for policy in function.get("Properties", {}).get("Policies", []):
        if not isinstance(policy, dict):
            found.append(("managed or template policy", str(policy)))
            continue
        for statement in as_list(policy.get("Statement", [])):
            if statement.get("Effect") != "Allow":
                continue
            if "NotAction" in statement or "NotResource" in statement:
                found.append(("NotAction/NotResource", statement.get("Sid", "?")))
            for action in as_list(statement.get("Action", [])):
                for resource in as_list(statement.get("Resource", [])):
                    found.append((action, plain(resource)))
    return found


def triggers(function):
    """The (event, prefix, suffix) filters whose objects start the function."""
    found = set()
    for event in function.get("Properties", {}).get("Events", {}).values():
        if event.get("Type") != "S3":
            continue
        properties = event.get("Properties", {})
        rules = properties.get("Filter", {}).get("S3Key", {}).get("Rules", [])
        value = {r.get("Name"): r.get("Value") for r in rules}
        for kind in as_list(properties.get("Events", [])):
            found.add((kind, value.get("prefix", ""), value.get("suffix", "")))
    return found


def overlapping(filters):
    """Pairs of filters S3 would refuse together: of one event type, one prefix starts the
    other and one suffix ends the other."""
    found = []
    filters = sorted(filters)
    for i, (e1, p1, s1) in enumerate(filters):
        for e2, p2, s2 in filters[i + 1:]:
            if e1 != e2:
                continue
            if (p1.startswith(p2) or p2.startswith(p1)) and (s1.endswith(s2) or s2.endswith(s1)):
                found.append(((e1, p1, s1), (e2, p2, s2)))
    return found


def arn_matches(pattern, arn):
    """IAM's resource matching: `*` any run of characters (slashes too), `?` one character."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, arn) is not None


def allows(statements, tag, action, key, tag_name="svf-region"):
    """Whether a principal tagged `tag_name`=`tag` (None: untagged) may do `action` on `key`."""
    arn = "arn:${AWS::Partition}:s3:::${BucketName}/" + key
    variable = "${aws:PrincipalTag/" + tag_name + "}"
    condition_key = "aws:PrincipalTag/" + tag_name
    for statement in statements:
        if statement.get("Effect") != "Allow" or action not in as_list(statement.get("Action", [])):
            continue
        condition = statement.get("Condition", {})
        if set(condition) - {"StringLike", "StringEquals"}:
            continue  # a condition this check cannot judge grants nothing here
        if any(set(condition.get(op, {})) - {condition_key} for op in ("StringLike", "StringEquals")):
            continue
        like = condition.get("StringLike", {}).get(condition_key)
        if like is not None and (tag is None or not arn_matches(like, tag)):
            continue
        equals = condition.get("StringEquals", {}).get(condition_key)
        if equals is not None and (tag is None or tag not in as_list(equals)):
            continue
        for resource in as_list(statement.get("Resource", [])):
            pattern = plain(resource)
            if not isinstance(pattern, str):
                continue
            # ${!aws:PrincipalTag/...} in a !Sub is the policy variable ${aws:PrincipalTag/...}.
            pattern = pattern.replace("${!aws:PrincipalTag/", "${aws:PrincipalTag/")
            if "${aws:PrincipalTag/" in pattern:
                if tag is None or variable not in pattern:
                    continue
                pattern = pattern.replace(variable, tag)
            if arn_matches(pattern, arn):
                return True
    return False


def region_problems(resources):
    """Where the regions' or the RCC's upload policy lets an uploader reach beyond its own
    keys, in words."""
    found = []
    for name, tag_name, cases, who_is in (
        (REGION_POLICY, "svf-region", REGION_CASES, "region"),
        (RCC_POLICY, "svf-rcc", RCC_CASES, "RCC"),
    ):
        policy = resources.get(name)
        if policy is None:
            found.append(f"{name}: missing from the template; any uploader could write anyone's")
            continue
        statements = as_list(policy.get("Properties", {}).get("PolicyDocument", {}).get("Statement", []))
        for tag, action, key, allowed in cases:
            if allows(statements, tag, action, key, tag_name) != allowed:
                who = f"{who_is} {tag}" if tag else "an untagged principal"
                found.append(f"{name}: {who} {'cannot' if allowed else 'can'} {action} {key}")
    return found


# The user pool's groups, one per role (functions/src/contract/access.rs, Role::group).
REGION_CODES = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17",
                "18", "19", "20", "21", "22", "23", "24", "25"]
RCC_NAMES = ["norr", "mellansverige", "stockholm-gotland", "sydost", "syd", "vast"]
GROUPS = ({f"region-{c}" for c in REGION_CODES} | {f"rcc-{r}" for r in RCC_NAMES}
          | {"assessor", "finance"})


def pool_problems(resources):
    """Where the front door's accounts are looser than the agency's: self sign-up, no second
    factor, short passwords, a client with a secret a browser would hold, a group missing or
    one the code does not know."""
    found = []
    pools = [r for r in resources.values() if r.get("Type") == "AWS::Cognito::UserPool"]
    if len(pools) != 1:
        return [f"{len(pools)} user pools; the front door needs exactly one"]
    pool = pools[0].get("Properties", {})
    if pool.get("AdminCreateUserConfig", {}).get("AllowAdminCreateUserOnly") is not True:
        found.append("the user pool lets anyone sign up; only the agency creates accounts")
    if pool.get("MfaConfiguration") != "ON":
        found.append("the user pool does not require a second factor")
    if pool.get("Policies", {}).get("PasswordPolicy", {}).get("MinimumLength", 0) < 12:
        found.append("the user pool takes passwords shorter than 12 characters")
    for client in (r for r in resources.values() if r.get("Type") == "AWS::Cognito::UserPoolClient"):
        if client.get("Properties", {}).get("GenerateSecret"):
            found.append("the page's app client has a secret, which a browser cannot keep")
    names = {r.get("Properties", {}).get("GroupName")
             for r in resources.values() if r.get("Type") == "AWS::Cognito::UserPoolGroup"}
    for missing in sorted(GROUPS - names):
        found.append(f"the user pool has no group {missing}")
    for unknown in sorted(n for n in names - GROUPS if n):
        found.append(f"the user pool has a group {unknown} the front door does not know")
    return found


CARGO_TOML = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "functions", "Cargo.toml")


def build_problems(resources):
    """Where a function's build metadata would not build what `sam build` must: cargo-lambda
    from functions/, a binary functions/Cargo.toml declares, on the runtime and architecture the
    binaries are built for. (`scripts/sam-build.sh` runs the build itself.)"""
    with open(CARGO_TOML, "rb") as f:
        binaries = {b["name"] for b in tomllib.load(f).get("bin", [])}
    found, built = [], set()
    for name, resource in resources.items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        metadata = resource.get("Metadata", {})
        binary = metadata.get("BuildProperties", {}).get("Binary")
        if metadata.get("BuildMethod") != "rust-cargolambda":
            found.append(f"{name}: not built by cargo-lambda (BuildMethod rust-cargolambda)")
        if binary not in binaries:
            found.append(f"{name}: builds {binary!r}, which functions/Cargo.toml does not declare ({sorted(binaries)})")
        if resource.get("Properties", {}).get("CodeUri") != "../functions":
            found.append(f"{name}: CodeUri is not ../functions")
        built.add(binary)
    for unbuilt in sorted(binaries - built):
        found.append(f"functions/Cargo.toml declares {unbuilt}, which no function of the template builds")
    return found


def problems(template):
    """What the template grants beyond need, in words; empty when it is right."""
    found = []
    resources = template.get("Resources", {})
    found += build_problems(resources)
    found += region_problems(resources)
    found += pool_problems(resources)
    for name, needs in NEEDS.items():
        function = resources.get(name)
        if function is None:
            found.append(f"{name}: missing from the template")
            continue
        wanted = TRIGGERS[name]
        started = triggers(function)
        for event, prefix, suffix in sorted(wanted - started):
            found.append(f"{name}: not started by {event} under {prefix}…{suffix}")
        for event, prefix, suffix in sorted(started - wanted):
            found.append(f"{name}: started by {event} under {prefix}…{suffix}, which its code does not handle")
        granted = grants(function)
        for action, resource in granted:
            where = f"{name}: {action} on {resource}"
            if "*" in str(action) or action in ("managed or template policy", "NotAction/NotResource"):
                found.append(f"{where}: wildcards and broad policies grant beyond need")
            elif "Delete" in str(action):
                found.append(f"{where}: nothing is ever deleted")
            elif action == "s3:PutObject" and any(
                i in str(resource) and i not in INPUT_WRITERS.get(name, set()) for i in INPUTS
            ):
                found.append(f"{where}: the inputs are never written")
            elif resource == "*":
                found.append(f"{where}: every resource")
            elif (action, resource) not in needs:
                found.append(f"{where}: not needed by the function's code")
    for name, how in SCHEDULES.items():
        events = resources.get(name, {}).get("Properties", {}).get("Events", {}).values()
        scheduled = [e for e in events if e.get("Type") in ("Schedule", "ScheduleV2")]
        if not scheduled:
            found.append(f"{name}: no schedule starts it")
        if how == "daily":
            parameters = template.get("Parameters", {})
            for e in scheduled:
                expression = e.get("Properties", {}).get("ScheduleExpression") or e.get("Properties", {}).get("Schedule")
                if isinstance(expression, dict) and "Ref" in expression:
                    expression = parameters.get(expression["Ref"], {}).get("Default")
                if not re.fullmatch(r"cron\(\d+ \d+ \* \* \? \*\)|rate\(1 day\)", str(expression)):
                    found.append(f"{name}: {expression!r} is not once a day")
    every = [f for n in NEEDS if n in resources for f in triggers(resources[n])]
    for a, b in overlapping(every):
        found.append(f"S3 refuses overlapping notification filters: {a} and {b}")
    tls = [
        s
        for r in resources.values()
        if r.get("Type") == "AWS::S3::BucketPolicy"
        for s in as_list(r["Properties"]["PolicyDocument"].get("Statement", []))
        if s.get("Effect") == "Deny"
        and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") in ("false", False)
    ]
    if not tls:
        found.append("the bucket accepts requests without TLS")
    for kept in ("/records/", "/history/"):
        keeps = [
            s
            for r in resources.values()
            if r.get("Type") == "AWS::S3::BucketPolicy"
            for s in as_list(r["Properties"]["PolicyDocument"].get("Statement", []))
            if s.get("Effect") == "Deny"
            and s.get("Principal") == "*"
            and {"s3:DeleteObject", "s3:DeleteObjectVersion"} <= set(as_list(s.get("Action")))
            and kept + "*" in str(plain(s.get("Resource")))
        ]
        if not keeps:
            found.append(f"the bucket lets {kept} be deleted: decided payments and their history must stay")
        for name in NEEDS:
            if name in resources and name not in RECORD_WRITERS:
                for action, resource in grants(resources[name]):
                    if action == "s3:PutObject" and kept in str(resource):
                        found.append(f"{name}: writes {kept}, which only the summary does")
    return found


def broken_copies(template):
    """Templates that must fail the check, with what was broken."""
    def statements(t):
        return t["Resources"]["AssessReportFunction"]["Properties"]["Policies"][0]["Statement"]

    def wildcard(t):
        statements(t)[0]["Action"] = ["s3:*"]

    def delete(t):
        statements(t).append({"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": {"Fn::Sub": BUCKET + "/reports/*"}})

    def writes_inputs(t):
        statements(t).append({"Effect": "Allow", "Action": "s3:PutObject", "Resource": {"Fn::Sub": BUCKET + "/config/*"}})

    def summary_by_assess(t):
        statements(t).append({"Effect": "Allow", "Action": "s3:PutObject", "Resource": {"Fn::Sub": BUCKET + "/summary/*"}})

    def writes_decisions(t):
        summary = t["Resources"]["UpdateSummaryFunction"]["Properties"]["Policies"][0]["Statement"]
        summary.append({"Effect": "Allow", "Action": "s3:PutObject", "Resource": {"Fn::Sub": BUCKET + "/decisions/*"}})

    def no_decision_trigger(t):
        events = t["Resources"]["UpdateSummaryFunction"]["Properties"]["Events"]
        for name in [n for n, e in events.items() if "decisions/" in str(e)]:
            del events[name]

    def no_lead_times_trigger(t):
        events = t["Resources"]["UpdateSummaryFunction"]["Properties"]["Events"]
        for name in [n for n, e in events.items() if "lead_times.csv" in str(e)]:
            del events[name]

    def no_removal_trigger(t):
        events = t["Resources"]["UpdateSummaryFunction"]["Properties"]["Events"]
        for name in [n for n, e in events.items() if "ObjectRemoved" in str(e) and "rules.json" in str(e)]:
            del events[name]

    def overlapping_config(t):
        events = t["Resources"]["UpdateSummaryFunction"]["Properties"]["Events"]
        for name in [n for n, e in events.items() if "config/" in str(e)]:
            del events[name]
        events["Configuration"] = {"Type": "S3", "Properties": {"Events": "s3:ObjectCreated:*", "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "config/"}]}}}}

    def any_region(t):
        upload = t["Resources"][REGION_POLICY]["Properties"]["PolicyDocument"]["Statement"][0]
        upload["Resource"] = {"Fn::Sub": BUCKET + "/reports/*"}

    def any_rcc(t):
        upload = t["Resources"][RCC_POLICY]["Properties"]["PolicyDocument"]["Statement"][0]
        upload["Resource"] = {"Fn::Sub": BUCKET + "/reports/*/rcc/*"}

    def no_tls(t):
        for name in [n for n, r in t["Resources"].items() if r.get("Type") == "AWS::S3::BucketPolicy"]:
            del t["Resources"][name]

    def records_deletable(t):
        for r in t["Resources"].values():
            if r.get("Type") == "AWS::S3::BucketPolicy":
                statements = r["Properties"]["PolicyDocument"]["Statement"]
                statements[:] = [s for s in statements if "records" not in str(s)]

    def history_deletable(t):
        for r in t["Resources"].values():
            if r.get("Type") == "AWS::S3::BucketPolicy":
                for s in r["Properties"]["PolicyDocument"]["Statement"]:
                    if "history" in str(s):
                        s["Resource"] = [x for x in as_list(s["Resource"]) if "history" not in str(x)]

    def api_writes_config(t):
        api = t["Resources"]["ApiFunction"]["Properties"]["Policies"][0]["Statement"]
        api.append({"Effect": "Allow", "Action": "s3:PutObject", "Resource": {"Fn::Sub": BUCKET + "/config/*"}})

    def api_writes_summary(t):
        api = t["Resources"]["ApiFunction"]["Properties"]["Policies"][0]["Statement"]
        api.append({"Effect": "Allow", "Action": "s3:PutObject", "Resource": {"Fn::Sub": BUCKET + "/summary/*"}})

    def an_unknown_binary(t):
        t["Resources"]["ApiFunction"]["Metadata"]["BuildProperties"]["Binary"] = "front-door"

    def self_sign_up(t):
        t["Resources"]["UserPool"]["Properties"]["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] = False

    def no_second_factor(t):
        t["Resources"]["UserPool"]["Properties"]["MfaConfiguration"] = "OPTIONAL"

    def a_group_missing(t):
        del t["Resources"]["RegionGroup25"]

    def remind_writes_every_notification(t):
        remind = t["Resources"]["RemindFunction"]["Properties"]["Policies"][0]["Statement"]
        remind.append({"Effect": "Allow", "Action": "s3:PutObject", "Resource": {"Fn::Sub": BUCKET + "/notifications/*"}})

    def remind_reads_reports(t):
        remind = t["Resources"]["RemindFunction"]["Properties"]["Policies"][0]["Statement"]
        remind.append({"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": BUCKET + "/reports/*"}})

    def remind_unscheduled(t):
        t["Resources"]["RemindFunction"]["Properties"]["Events"] = {}

    def remind_hourly(t):
        t["Parameters"]["RemindSchedule"]["Default"] = "rate(1 hour)"

    def records_by_assess(t):
        statements(t).append({"Effect": "Allow", "Action": "s3:PutObject", "Resource": {"Fn::Sub": BUCKET + "/records/*"}})

    for breaking in (wildcard, delete, writes_inputs, summary_by_assess, writes_decisions,
                     records_deletable, history_deletable, records_by_assess,
                     api_writes_config, api_writes_summary,
                     remind_writes_every_notification, remind_reads_reports, remind_unscheduled,
                     remind_hourly,
                     self_sign_up, no_second_factor, a_group_missing, an_unknown_binary,
                     no_decision_trigger, no_lead_times_trigger, no_removal_trigger,
                     overlapping_config, any_region,
                     any_rcc, no_tls):
        broken = copy.deepcopy(template)
        breaking(broken)
        yield breaking.__name__, broken


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "deploy/template.yaml"
    template, matches = cfnlint.decode.decode(path)
    if template is None:
        print(f"iam: {path}: not readable: {matches}", file=sys.stderr)
        return 1
    template = copy.deepcopy(dict(template))
    wrong = problems(template)
    for problem in wrong:
        print(f"iam: {path}: {problem}", file=sys.stderr)
    for what, broken in broken_copies(template):
        if not problems(broken):
            print(f"iam: the check does not notice a broken template ({what})", file=sys.stderr)
            wrong.append(what)
    if wrong:
        return 1
    granted = sum(len(grants(template["Resources"][n])) for n in NEEDS)
    broken = sum(1 for _ in broken_copies(template))
    print(f"iam: {path}: {granted} grants, each needed; triggers as the code handles them; "
          f"the regions' upload policy keeps each region to its own keys ({len(REGION_CASES)} cases), "
          f"the RCC's each RCC to its own ({len(RCC_CASES)} cases); "
          f"the user pool admin-only, with a second factor and the {len(GROUPS)} groups; "
          f"each function built by cargo-lambda from a binary functions/Cargo.toml declares; "
          f"{broken} broken copies refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
