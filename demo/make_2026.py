"""Writes the demo's 2026 year from its 2024 reports (example figures, not any region's): the
21 regions' reports with the lead times of part B, Halland's first, incomplete report, the
agency's wait-time file and the ministry's decision on Gotland. Run from the repository's root:
python3 demo/make_2026.py. The files it writes are committed; `svf demo` ships them.

The story: every region reports by 30 September; Gotland is below the inclusion goal and the
ministry decides that part A is paid anyway; Gävleborg's prostate cancer lead times are worse
than its baseline and below 80 % (part B not earned, its reason given); Halland first leaves out
the myeloma report and completes after the feedback; Jämtland Härjedalen's breast cancer
figures by sex rest on enough patients to be shown; the agency's file decides the lead times."""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIAGNOSES = ["breast", "colon", "rectum", "prostate"]
FAILING = "21"  # Gävleborg: prostate below 80 % and worse than its baseline.
BELOW = "09"  # Gotland: inclusion below 70 %.
BY_SEX = "23"  # Jämtland Härjedalen: breast cancer figures by sex over five patients.


def lead_times(code, new_cases):
    """Four diagnoses' figures: 82–90 % within the maximum time, baselines a little lower."""
    seed = int(code)
    entries = []
    for i, svf in enumerate(DIAGNOSES):
        patients = max(12, new_cases * (8 - i) // 100)
        share = 82 + (seed * 7 + i * 3) % 9
        within = patients * share // 100
        baseline = patients - 3
        entry = {"svf": svf, "patients": patients, "within_target": within,
                 "baseline_patients": baseline, "baseline_within_target": baseline * 78 // 100}
        if code == FAILING and svf == "prostate":
            entry["within_target"] = patients * 61 // 100
            entry["baseline_within_target"] = baseline * 70 // 100
            entry["reason"] = ("MR-kameran var ur drift i sex veckor under våren; en andra kamera "
                               "tas i drift i oktober.")
        if code == BY_SEX and svf == "breast":
            men = 6
            women = patients - men
            entry["by_sex"] = {
                "women": {"patients": women, "within_target": within - 5},
                "men": {"patients": men, "within_target": 5},
            }
        entries.append(entry)
    return entries


def report(code, old, complete=True):
    new_cases = old["inclusion"]["new_cases"]
    in_svf = old["inclusion"]["in_svf"]
    if code == BELOW:
        in_svf = new_cases * 65 // 100
    women = new_cases * 52 // 100
    women_in = in_svf * 52 // 100
    narrative = {
        "lead_times": "Ledtiderna följs månadsvis per vårdförlopp; flaskhalsarna är bild- och "
                      "funktionsmedicin och patologi.",
        "prem_use": "PREM-resultaten återkopplas kvartalsvis till processägarna.",
        "colorectal": "Särskild redovisning för tjock- och ändtarmscancer bifogas.",
        "myeloma": "Särskild redovisning för myelom bifogas.",
    }
    if not complete:
        del narrative["myeloma"]
    return {
        "schema": "svf-report/1",
        "agreement_year": 2026,
        "region_code": code,
        "region_name": old["region_name"],
        "period": {"from": "2026-01-01", "to": "2026-06-30"},
        "inclusion": {
            "new_cases": new_cases, "in_svf": in_svf,
            "by_sex": {"women": {"new_cases": women, "in_svf": women_in},
                       "men": {"new_cases": new_cases - women, "in_svf": in_svf - women_in}},
        },
        "prem": {"used": True},
        "lead_times": lead_times(code, new_cases),
        "narrative": narrative,
    }


def write(path, value):
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


agency = ["region,svf,sex,patients,within_target,baseline_patients,baseline_within_target"]
for path in sorted((ROOT / "reports-2024").glob("*.json")):
    code = path.stem
    old = json.loads(path.read_text(encoding="utf-8"))
    new = report(code, old)
    write(ROOT / "reports-2026" / f"{code}.json", new)
    for entry in new["lead_times"]:
        agency.append(",".join(str(v) for v in [
            code, entry["svf"], "", entry["patients"], entry["within_target"],
            entry["baseline_patients"], entry["baseline_within_target"]]))
    if code == "13":
        write(ROOT / "reports-2026" / "13-incomplete.json", report(code, old, complete=False))
(ROOT / "lead-times-2026.csv").write_text("\n".join(agency) + "\n", encoding="utf-8")
write(ROOT / "decision-2026-09.json", {
    "schema": "svf-decision/1", "agreement_year": 2026, "region_code": BELOW,
    "decided_by": "Socialdepartementet (exempel)", "decided_on": "2026-11-20",
    "case": "S2026/EXEMPEL-1",
    "parts": [{"id": "second_a", "eligible": True,
               "reason": "Exempel: små tal på Gotland; inklusionen följs upp under 2027."}],
})
