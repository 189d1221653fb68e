#!/usr/bin/env python3
"""Holds spec/report.schema.json and the kernel to one judgement: every example report and
every report of the broken corpus is accepted or refused alike by the schema (JSON Schema
2020-12, with `jsonschema`) and by the kernel (`svf assess`: exit 0 assessed, 1 rejected), but
for the cases listed below, each with why the schema cannot say what the kernel checks.

    python3 scripts/schema_check.py [path to the svf binary]

A file that is not JSON at all is refused by both. The check also runs itself on a schema
loosened on purpose (additionalProperties allowed at the top) and fails unless that is caught:
a check that cannot fail is none.
"""

import copy
import json
import os
import subprocess
import tempfile
import sys

from jsonschema import Draft202012Validator

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Refused by the kernel, valid for the schema: rules across values or beyond JSON Schema.
KERNEL_ONLY = {
    "in-svf-above-new-cases.json": "in_svf ≤ new_cases relates two values",
    "within-above-patients.json": "within_target ≤ patients relates two values",
    "baseline-within-above.json": "baseline_within_target ≤ baseline_patients relates two values",
    "period-reversed.json": "from ≤ to relates two values",
    "sex-part-above-whole.json": "a sex's in_svf ≤ its new_cases relates two values",
    "sex-above-all.json": "a sex's patients ≤ all patients relates two values",
    "svf-twice.json": "one entry per SVF is uniqueness of a field, not of whole items",
    "duplicate-key.json": "a key given twice is gone once parsed into a JSON value",
    "duplicate-key-in-inclusion.json": "a key given twice is gone once parsed into a JSON value",
    "narrative-too-long.json": "the schema sets no length on narrative text; svf's limit is 100 000 characters",
    "impossible-date.json": "format: date is an annotation in 2020-12, not an assertion",
    "date-not-iso.json": "format: date is an annotation in 2020-12, not an assertion",
    "lone-surrogate.json": "a lone surrogate escape decodes to a string Python accepts",
    "new-cases-minus-zero.json": "-0 is the integer 0 to JSON Schema; svf reads only counts written plainly",
    "new-cases-whole-with-point.json": "1000.0 is an integer to JSON Schema; svf reads only counts written plainly",
}


def load(path):
    """The file's JSON value, or None when it is not JSON (then everyone refuses it). Nesting
    deeper than Python's parser goes counts as refused too: the kernel refuses it unread, at the
    first unknown key."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


# After every agreement year's period has ended (2022-2026): a report received before its period
# ended is rejected for its receipt time (contract section 4), which the schema cannot know, so
# the two are asked about the report's contents only.
RECEIVED = "2027-01-01T00:00:00Z"


def kernel_accepts(svf, path):
    done = subprocess.run([svf, "assess", path, "--received", RECEIVED],
                          capture_output=True, timeout=60)
    if done.returncode not in (0, 1):
        raise SystemExit(f"schema: svf assess {path} exited {done.returncode}: {done.stderr.decode()}")
    return done.returncode == 0


def disagreements(schema, svf, files):
    validator = Draft202012Validator(schema)
    found = []
    for path in files:
        name = os.path.basename(path)
        value = load(path)
        schema_accepts = value is not None and validator.is_valid(value)
        kernel = kernel_accepts(svf, path)
        if schema_accepts == kernel:
            if name in KERNEL_ONLY:
                found.append(f"{name}: listed as an exception, but both {'accept' if kernel else 'refuse'} it")
            continue
        if not kernel and schema_accepts and name in KERNEL_ONLY:
            continue
        found.append(f"{name}: the schema {'accepts' if schema_accepts else 'refuses'} it, "
                     f"the kernel {'accepts' if kernel else 'refuses'} it")
    return found


# An RCC's report (spec/rcc-report.schema.json): broken variants of the example, each with
# what it breaks; those the kernel alone can refuse are marked.
RCC_BROKEN = {
    "rcc-unknown": (lambda r: r.update(rcc="vastra"), False),
    "rcc-stage": (lambda r: r.update(stage="second"), False),
    "rcc-negative": (lambda r: r["areas"][0]["projects"][0].update(amount_ore=-1), False),
    "rcc-huge": (lambda r: r["areas"][0]["projects"][0].update(amount_ore=2**63), False),
    "rcc-unknown-field": (lambda r: r["areas"][0].update(budget=1), False),
    "rcc-no-rcc": (lambda r: r.pop("rcc"), False),
    "rcc-area-unknown": (lambda r: r["areas"][0].update(area="kirurgi"), False),
    # Rules across values or of the year: the kernel's alone.
    "rcc-area-not-of-year": (lambda r: r["areas"][0].update(area="primarvard"), True),
    "rcc-area-twice": (lambda r: r["areas"][1].update(area="patologi"), True),
    "rcc-sum-overflow": (lambda r: [p.update(amount_ore=2**63 - 1) for p in r["areas"][0]["projects"]], True),
}


def rcc_disagreements(svf):
    """Where spec/rcc-report.schema.json and the kernel judge an RCC's report differently."""
    with open(os.path.join(ROOT, "spec", "rcc-report.schema.json")) as f:
        validator = Draft202012Validator(json.load(f))
    example = os.path.join(ROOT, "spec", "examples", "rcc-2024-vast-first.json")
    demo = os.path.join(ROOT, "demo", "rcc-2024")
    good = [example] + sorted(os.path.join(demo, n) for n in os.listdir(demo))
    found = []
    for path in good:
        if not (validator.is_valid(load(path)) and kernel_accepts(svf, path)):
            found.append(f"{os.path.basename(path)}: not accepted by both")
    with tempfile.TemporaryDirectory() as work:
        for name, (breaking, kernel_only) in RCC_BROKEN.items():
            report = load(example)
            breaking(report)
            path = os.path.join(work, name + ".json")
            with open(path, "w") as f:
                json.dump(report, f)
            schema = validator.is_valid(report)
            kernel = kernel_accepts(svf, path)
            if kernel or schema != kernel_only:
                found.append(f"{name}: the schema {'accepts' if schema else 'refuses'} it, "
                             f"the kernel {'accepts' if kernel else 'refuses'} it")
    if not found:
        print(f"schema: {len(good)} RCC reports accepted and {len(RCC_BROKEN)} broken ones refused "
              "alike by spec/rcc-report.schema.json and the kernel (3 only the kernel can refuse)")
    return found


def main():
    svf = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug", "svf")
    with open(os.path.join(ROOT, "spec", "report.schema.json")) as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    examples = sorted(os.path.join(ROOT, "spec", "examples", n)
                      for n in os.listdir(os.path.join(ROOT, "spec", "examples")) if not n.startswith("rcc-"))
    corpus = sorted(os.path.join(ROOT, "tests", "corpus", n)
                    for n in os.listdir(os.path.join(ROOT, "tests", "corpus")) if n.endswith(".json"))
    demo = sorted(os.path.join(ROOT, "demo", "reports-2024", n) for n in os.listdir(os.path.join(ROOT, "demo", "reports-2024")))
    files = examples + demo + corpus
    wrong = disagreements(schema, svf, files)
    for problem in wrong:
        print(f"schema: {problem}", file=sys.stderr)
    loose = copy.deepcopy(schema)
    loose["additionalProperties"] = True
    if not disagreements(loose, svf, corpus):
        print("schema: the check does not notice a loosened schema", file=sys.stderr)
        wrong.append("loosened")
    wrong += rcc_disagreements(svf)
    if wrong:
        return 1
    print(f"schema: {len(files)} reports ({len(examples)} examples, {len(demo)} demo, {len(corpus)} broken) "
          f"judged alike by spec/report.schema.json and the kernel; {len(KERNEL_ONLY)} listed cases only the "
          "kernel can refuse; a loosened schema is noticed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
