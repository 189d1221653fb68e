#!/usr/bin/env python3
"""Writes the largest reports the kernel reads, for measuring its stack (issue 28).

For each agreement year the kernel has rules for (2022-2026: `Rules::of` in kernel/src/rules.rs,
`agreement_year` in spec/report.schema.json) one report that the kernel accepts (`svf assess`
says `assessed`) with as much in it as the kernel keeps:

- every optional field of the schema: `region_name`, `period`, `inclusion` with `by_sex`, `prem`,
  `lead_times` and every `narrative` section;
- `region_name` at its 64 characters, each of them four bytes in UTF-8 (256 bytes, the kernel's
  room for the name);
- 40 `lead_times` entries (the schema's `maxItems`), each with a distinct 32-character SVF id
  (`^[a-z0-9_]{1,32}$`; in 2026 the four diagnoses with a lead-time requirement, `breast`,
  `colon`, `rectum` and `prostate`, are four of the forty, so that their conditions are judged),
  every count, the baseline, `by_sex` for women and men and a `reason`; the counts consistent
  (a part never above its whole, a sex never above all) and ten digits wide; half the entries
  meet the 80 % goal and half do not.

The narrative's length does not change the stack, so its texts are short.

And one report the kernel rejects with the most errors it lists (16, `MAX_ERRORS`): 40 entries
whose `patients` is negative, so that every reading passes over one more refused value until
the list is full (`rejected-16.json`, 2024).

Deterministic and without third-party modules. Usage, from the repository root:

    python3 scripts/largest_reports.py [OUTPUT_DIR]   # default tests/data/largest

Each is assessed by the host as received `{year}-09-27T08:00:00Z` (before the year's deadline,
30 September), e.g. `cargo run --quiet -- assess tests/data/largest/largest-2024.json --received
2024-09-27T08:00:00Z`; scripts/cortex-m.sh runs them on the Cortex-M boards too.
"""

import json
import os
import sys

# The schema's own limits and sections, so that the reports follow it if it changes.
SCHEMA_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "spec", "report.schema.json"
)
with open(SCHEMA_PATH, encoding="utf-8") as schema_file:
    SCHEMA = json.load(schema_file)["properties"]
YEARS = tuple(SCHEMA["agreement_year"]["enum"])
# Diagnoses with a lead-time requirement (2026, part B: `Rules::of`).
REQUIRED_2026 = ("breast", "colon", "rectum", "prostate")
MAX_LEAD_TIMES = SCHEMA["lead_times"]["maxItems"]
MAX_SVF_ID = 32  # the schema's pattern for `svf`, `^[a-z0-9_]{1,32}$`
MAX_NAME_CHARS = SCHEMA["region_name"]["maxLength"]
# The largest count the schema allows (u32).
MAX_COUNT = SCHEMA["inclusion"]["properties"]["new_cases"]["maximum"]
# The narrative sections of the schema, in its order.
SECTIONS = tuple(SCHEMA["narrative"]["properties"])
# A region whose code is valid every year (Örebro län).
REGION_CODE = "18"


def bold(text):
    """`text` in MATHEMATICAL BOLD letters and digits: four bytes each in UTF-8."""
    out = []
    for c in text:
        if "A" <= c <= "Z":
            out.append(chr(0x1D400 + ord(c) - ord("A")))
        elif "a" <= c <= "z":
            out.append(chr(0x1D41A + ord(c) - ord("a")))
        elif "0" <= c <= "9":
            out.append(chr(0x1D7CE + ord(c) - ord("0")))
        else:
            raise ValueError(f"no bold form of {c!r}")
    return "".join(out)


def region_name():
    """64 characters of four bytes: 256 bytes."""
    words = "RegionOrebroLanSvfRapport"
    name = bold((words * 3)[:MAX_NAME_CHARS])
    assert len(name) == MAX_NAME_CHARS and len(name.encode("utf-8")) == 4 * MAX_NAME_CHARS
    return name


def svf_ids(year):
    """40 distinct ids of the schema's pattern, 32 characters each but the required ones."""
    required = list(REQUIRED_2026) if year == 2026 else []
    ids = list(required)
    n = 0
    while len(ids) < MAX_LEAD_TIMES:
        svf = f"svf_{year}_lead_time_entry_{n:02d}_"
        svf = (svf + "x" * MAX_SVF_ID)[:MAX_SVF_ID]
        ids.append(svf)
        n += 1
    assert len(set(ids)) == MAX_LEAD_TIMES
    for svf in ids:
        assert 1 <= len(svf) <= MAX_SVF_ID and all(c in "abcdefghijklmnopqrstuvwxyz0123456789_" for c in svf)
    return ids


def lead_time(index, svf):
    """One entry: ten-digit counts, consistent; even entries meet the 80 % goal, odd ones not."""
    patients = MAX_COUNT - index
    share = 85 if index % 2 == 0 else 55
    within = patients * share // 100
    baseline_patients = MAX_COUNT - 1000 - index
    baseline_within = baseline_patients * 60 // 100
    women = patients * 5 // 10
    men = patients * 4 // 10
    return {
        "svf": svf,
        "patients": patients,
        "within_target": within,
        "baseline_patients": baseline_patients,
        "baseline_within_target": baseline_within,
        "by_sex": {
            "women": {"patients": women, "within_target": women * share // 100},
            "men": {"patients": men, "within_target": men * share // 100},
        },
        "reason": f"Väntan på utredning inom {svf}; fler operationstider och ny remissrutin.",
    }


def base(year):
    new_cases = MAX_COUNT - 7
    in_svf = new_cases * 75 // 100
    women = new_cases * 5 // 10
    men = new_cases * 4 // 10
    return {
        "schema": "svf-report/1",
        "agreement_year": year,
        "region_code": REGION_CODE,
        "region_name": region_name(),
        "period": {"from": f"{year}-01-01", "to": f"{year}-06-30"},
        "inclusion": {
            "new_cases": new_cases,
            "in_svf": in_svf,
            "by_sex": {
                "women": {"new_cases": women, "in_svf": women * 75 // 100},
                "men": {"new_cases": men, "in_svf": men * 75 // 100},
            },
        },
        "prem": {"used": True},
    }


def largest(year):
    report = base(year)
    report["lead_times"] = [lead_time(i, svf) for i, svf in enumerate(svf_ids(year))]
    report["narrative"] = {
        name: f"Avsnittet {name} för {year}: åtgärder och uppföljning." for name in SECTIONS
    }
    return report


def rejected(year=2024):
    """40 entries whose `patients` is negative: a refused value each, more than the 16 listed."""
    report = largest(year)
    for entry in report["lead_times"]:
        entry["patients"] = -1
    return report


def write(path, report):
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"{path}: {len(text.encode('utf-8'))} bytes")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "data", "largest")
    os.makedirs(out, exist_ok=True)
    for year in YEARS:
        write(os.path.join(out, f"largest-{year}.json"), largest(year))
    write(os.path.join(out, "rejected-16.json"), rejected())


if __name__ == "__main__":
    main()
