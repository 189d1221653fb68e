#!/usr/bin/env python3
"""The agency's report (summary/{year}/rapport.docx) read back as Word's readers read it
(python-docx), and every table cell held against the summary's JSON, formatted in Swedish here,
independently of svf's own formatting.

    python3 tests/report_check.py BUCKET YEAR [DOCX]

BUCKET is a folder bucket after `svf demo` or `svf process`; DOCX defaults to the summary's own
`summary/{YEAR}/rapport.docx`. Exit 0 when every check holds, 1 with each difference named
(the table, the row and the column) otherwise. Checked:

- structure: Word's heading styles, a table of contents field, a page number in the footer,
  each table's caption and a header row marked to repeat, the agency and the case number on the
  first page, no empty cell where a figure belongs;
- every cell of every table against payments.json, national.json, lagesbild.json and, for the
  reports received and the decisions, the stored assessments and decisions;
- every region, condition and area named somewhere in the document.
"""

import json
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
from docx.oxml.ns import qn

NBSP = "\u00a0"
MISSING = "uppgift saknas"
FEWER_THAN_FIVE = "färre än fem"
PAYMENT_NAMES = {
    "first": "Utbetalning 1",
    "second": "Utbetalning 2",
    "second_a": "Utbetalning 2 del A",
    "second_b": "Utbetalning 2 del B",
}
SVF_NAMES = {
    "breast": "Bröstcancer",
    "colon": "Tjocktarmscancer",
    "rectum": "Ändtarmscancer",
    "prostate": "Prostatacancer",
    "lung": "Lungcancer",
    "myeloma": "Myelom",
}
# The names svf uses for people where the population table spells otherwise (the published
# annex writes "Jönköpings" and "Norrbottn", kept in the annex and in payments.json); national.json
# gives svf's name of every region it has figures of.
REGION_NAMES = {"06": "Jönköpings län", "25": "Norrbotten"}
RCC_NAMES = {
    "norr": "Norr",
    "mellansverige": "Mellansverige",
    "stockholm-gotland": "Stockholm Gotland",
    "sydost": "Sydöst",
    "syd": "Syd",
    "vast": "Väst",
}
CONDITION_COLUMNS = {
    "Inklusion": ["inclusion"],
    "PREM": ["prem"],
    "I tid": ["deadline"],
    "Tjock- och ändtarm": ["special_report.colorectal"],
    "Myelom": ["special_report.myeloma"],
    "Ledtider (del B)": "lead_time.",
}


def grouped(n):
    """10 557 682, with no-break spaces."""
    return f"{n:,}".replace(",", NBSP)


def kr(ore):
    """Öre as kronor: 58 154 669, or 1 250 000,50 when there are öre."""
    sign = "-" if ore < 0 else ""
    whole, rest = divmod(abs(ore), 100)
    return sign + grouped(whole) + (f",{rest:02d}" if rest else "")


def rate(text):
    return MISSING if text is None else text.replace(" ", NBSP)


def sex_rate(text):
    return FEWER_THAN_FIVE if text == "–" else rate(text)


def share(weight, total):
    """The annex's share: hundredths of a per cent rounded half up, `23,26%`."""
    hundredths = (20000 * weight + total) // (2 * total) if total else 0
    return f"{hundredths // 100},{hundredths % 100:02d}%"


def stockholm(instant):
    t = instant.replace("Z", "+00:00")
    from datetime import datetime

    local = datetime.fromisoformat(t).astimezone(ZoneInfo("Europe/Stockholm"))
    return local.strftime("%Y-%m-%d %H:%M")


class Check:
    def __init__(self):
        self.faults = []

    def equal(self, where, got, want):
        if got != want:
            self.faults.append(f"{where}: the document has {got!r}, the JSON {want!r}")

    def true(self, where, holds, what):
        if not holds:
            self.faults.append(f"{where}: {what}")


def tables_by_caption(document):
    """Each table with the caption paragraph above it, in document order."""
    found = []
    caption = None
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(qn("w:pPr") + "/" + qn("w:pStyle"))
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if style is not None and style.get(qn("w:val")) == "Caption":
                caption = text
        elif child.tag == qn("w:tbl"):
            found.append((caption, docx.table.Table(child, document)))
            caption = None
    return found


def rows_of(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def title(caption):
    """`Tabell 3. Villkoren per region` → `Villkoren per region`."""
    return caption.split(". ", 1)[1] if caption and ". " in caption else caption


def check_structure(check, document, rows_json, year, assignment_case):
    unstyled = [p.text for p in document.paragraphs if p.style is None]
    check.true("styles", not unstyled, f"every paragraph has a style ({unstyled[:3]})")
    styles = {p.style.name for p in document.paragraphs if p.style is not None}
    check.true("styles", {"heading 1", "heading 2"} <= {s.lower() for s in styles},
               f"Word's heading styles are used (found {sorted(styles)})")
    xml = document.element.xml
    check.true("contents", "TOC \\o" in xml and 'w:fldCharType="begin"' in xml,
               "a table of contents field")
    footer = document.sections[0].footer._element.xml
    check.true("footer", "PAGE" in footer, "a page number field in the footer")
    first = "\n".join(p.text for p in document.paragraphs[:12])
    check.true("first page", "Socialstyrelsen" in first, "names the agency")
    check.true("first page", (assignment_case or MISSING) in first,
               f"gives the case number {assignment_case or MISSING!r}")
    check.true("first page", f"15 november {year}" in first, "gives the day it is due")
    for caption, table in tables_by_caption(document):
        check.true(f"table {caption!r}", caption and caption.startswith("Tabell "), "has a caption")
        header = table._tbl.tr_lst[0]
        check.true(f"table {caption!r}",
                   header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None,
                   "its first row is a header row (w:tblHeader)")
        for r, row in enumerate(rows_of(table)[1:], start=1):
            for c, text in enumerate(row):
                blank_allowed = title(caption).startswith("Bilaga") and row[1] == "Riket" and c == 0
                check.true(f"{caption}, row {r}, column {c}", text.strip() or blank_allowed,
                           "is not blank (a missing figure is said in words)")


def check_payments(check, rows, payments):
    check.equal("Utbetalningarna: rows", len(rows) - 1, len(payments["payments"]))
    for row, p in zip(rows[1:], payments["payments"]):
        where = f"Utbetalningarna, {p['id']}"
        check.equal(where + ", name", row[0], PAYMENT_NAMES[p["id"]])
        check.equal(where + ", total", row[1], kr(p["total_ore"]))
        paid = sum(1 for r in payments["rows"] if r["eligible"][p["id"]])
        check.equal(where + ", regions", row[2], str(paid))
        check.equal(where + ", withheld", row[4], kr(payments["withheld_ore"][p["id"]]))


def check_received(check, rows, regions, bucket, year):
    check.equal("Inkomna redovisningar: rows", len(rows) - 1, len(regions))
    for row, region in zip(rows[1:], regions):
        where = f"Inkomna redovisningar, {region['code']}"
        check.equal(where + ", code", row[0], region["code"])
        path = bucket / "assessments" / str(year) / f"{region['code']}.json"
        if not path.exists():
            check.equal(where + ", received", row[2], "ingen redovisning inkommen")
            continue
        a = json.loads(path.read_text())
        first = a.get("first_received") or a["received"]
        check.equal(where + ", received", row[2], stockholm(first))
        last = "ingen komplettering" if first == a["received"] else stockholm(a["received"])
        check.equal(where + ", completed", row[3], last)
        if a.get("status") == "rejected":
            state = "avvisad"
        else:
            state = "fullständig" if a["complete"] else "ofullständig"
        check.equal(where + ", state", row[4], state)
        check.true(where + ", missing", (row[5] == "inget") == (not a.get("missing")),
                   f"says what is missing ({row[5]!r} against {a.get('missing')})")


def check_conditions(check, rows, regions, payments, bucket, year):
    header = rows[0]
    check.equal("Villkoren per region: rows", len(rows) - 1, len(regions))
    conditional = [p["id"] for p in payments["payments"] if p["id"] != "first"]
    for row, region in zip(rows[1:], regions):
        code = region["code"]
        where = f"Villkoren per region, {code}"
        check.equal(where + ", code", row[0], code)
        path = bucket / "assessments" / str(year) / f"{code}.json"
        conditions = {}
        if path.exists():
            conditions = {c["id"]: c.get("met") for c in json.loads(path.read_text()).get("conditions", [])}
        for column, text in zip(header[2:], row[2:]):
            if column in CONDITION_COLUMNS:
                ids = CONDITION_COLUMNS[column]
                if isinstance(ids, str):
                    ids = [i for i in conditions if i.startswith(ids)]
                mets = [conditions.get(i) for i in ids] or [None]
                want = "nej" if False in mets else ("saknas" if None in mets else "ja")
                check.equal(f"{where}, {column}", text, want)
            elif column in (PAYMENT_NAMES[p] for p in conditional):
                pid = next(p for p in conditional if PAYMENT_NAMES[p] == column)
                check.equal(f"{where}, {column}", text, "ja" if region["eligible"][pid] else "nej")
            elif column == "Beslut":
                decision = bucket / "decisions" / str(year) / f"{code}.json"
                want = json.loads(decision.read_text())["case"] if decision.exists() else "inget"
                check.equal(f"{where}, decision", text, want)
            else:
                check.faults.append(f"{where}: a column svf's check does not know: {column!r}")


def figure_cells(figure, by_sex):
    cells = [grouped(figure["part"]), grouped(figure["whole"]), rate(figure.get("rate"))]
    if by_sex:
        s = figure.get("by_sex")
        if s is None:
            cells += [MISSING] * 3
        else:
            cells += [sex_rate(s.get("women")), sex_rate(s.get("men")), rate(s.get("difference_pp"))]
    return cells


def check_inclusion(check, rows, national, regions, by_sex):
    """Every region of the payments; one without figures (no assessed report) in words."""
    figures = {r["region"]: r for r in national["regions"]}
    check.equal("Inklusion per region: rows", len(rows) - 1, len(regions) + 1)
    for row, region in zip(rows[1:], regions):
        code = region["code"]
        where = f"Inklusion per region, {code}"
        inclusion = figures.get(code, {}).get("inclusion")
        want = [code, figures.get(code, {}).get("name") or REGION_NAMES.get(code, region["name"])]
        want += figure_cells(inclusion, by_sex) if inclusion else [MISSING] * (6 if by_sex else 3)
        check.equal(where, row, want)
    check.equal("Inklusion per region, Riket", rows[-1],
                ["Riket", "alla regioner"] + figure_cells(national["inclusion"], by_sex))


def check_lead_times(check, rows, national, by_sex):
    leads = national["lead_times"]
    check.equal("Ledtider per SVF: rows", len(rows) - 1, len(leads))
    for row, lead in zip(rows[1:], leads):
        want = [SVF_NAMES[lead["svf"]]] + figure_cells(lead, by_sex)
        want += ["ja" if lead["condition"] else "nej", str(lead["regions"]), str(lead["agency"])]
        check.equal(f"Ledtider per SVF, {lead['svf']}", row, want)


def check_lead_times_by_region(check, rows, national, regions):
    leads = [l["svf"] for l in national["lead_times"]]
    figures = {r["region"]: r for r in national["regions"]}
    check.equal("Ledtider per region: header", rows[0][2:], [SVF_NAMES[s] for s in leads])
    check.equal("Ledtider per region: rows", len(rows) - 1, len(regions))
    for row, region in zip(rows[1:], regions):
        code = region["code"]
        by_svf = {l["svf"]: l for l in figures.get(code, {}).get("lead_times", [])}
        want = [code, figures.get(code, {}).get("name") or REGION_NAMES.get(code, region["name"])]
        want += [rate(by_svf[s].get("rate")) if s in by_svf else MISSING for s in leads]
        check.equal(f"Ledtider per region, {code}", row, want)


def check_lagesbild(check, tables, lagesbild):
    areas = {a["name"].capitalize(): a for a in lagesbild["areas"]}
    overview = tables.get("Medel fördelade vidare per område")
    check.true("lägesbild", overview is not None, "has the table of areas")
    if overview is None:
        return
    check.equal("lägesbild: areas", len(overview) - 1, len(lagesbild["areas"]))
    for row, area in zip(overview[1:], lagesbild["areas"]):
        want = [area["name"].capitalize(),
                MISSING if area["total_ore"] is None else kr(area["total_ore"]),
                kr(area["granted_ore"]), rate(area["passed_on"]), str(area["projects"])]
        check.equal(f"lägesbild, {area['area']}", row, want)
    for name, area in areas.items():
        rows = tables.get(f"{name} per RCC")
        check.true(f"lägesbild, {name}", rows is not None, "has its table per RCC")
        if rows is None:
            continue
        check.equal(f"{name} per RCC: rows", len(rows) - 1, len(area["rcc"]))
        for row, r in zip(rows[1:], area["rcc"]):
            def reported(value):
                if not r["reported"]:
                    return "ingen rapport"
                return MISSING if value is None else value
            want = [f"RCC {RCC_NAMES[r['rcc']]}",
                    MISSING if r["received_ore"] is None else kr(r["received_ore"]),
                    reported(None if r["granted_ore"] is None else kr(r["granted_ore"])),
                    reported(None if r["passed_on"] is None else rate(r["passed_on"])),
                    reported(None if r["projects"] is None else str(r["projects"])),
                    reported(None if r["applications"] is None else str(r["applications"]))]
            check.equal(f"{name} per RCC, {r['rcc']}", row, want)
        projects = [(r["rcc"], p) for r in area["rcc"] for p in r.get("project_list", [])]
        listed = tables.get(f"{name}: beviljade projekt")
        if not projects:
            check.true(f"{name}: projects", listed is None, "no table of projects without projects")
            continue
        check.true(f"{name}: projects", listed is not None, "has its table of projects")
        if listed is None:
            continue
        check.equal(f"{name}: projects, rows", len(listed) - 1, len(projects))
        for row, (rcc, p) in zip(listed[1:], projects):
            want = [f"RCC {RCC_NAMES[rcc]}", p.get("name") or MISSING, p.get("recipient") or MISSING,
                    MISSING if p.get("amount_ore") is None else kr(p["amount_ore"])]
            check.equal(f"{name}: projects, {p.get('name')}", row, want)


def check_decisions(check, tables, bucket, year, payments):
    folder = bucket / "decisions" / str(year)
    decisions = sorted(folder.glob("[0-9][0-9].json")) if folder.is_dir() else []
    rows = tables.get("Beslut om regioner")
    check.true("decisions", (rows is not None) == bool(decisions),
               "a table of the regions' decisions exactly when there are decisions")
    if rows is not None:
        names = {r["code"]: r["name"] for r in payments["rows"]}
        want = []
        for path in decisions:
            d = json.loads(path.read_text())
            for part in d["parts"]:
                want.append([REGION_NAMES.get(d["region_code"], names[d["region_code"]]),
                             PAYMENT_NAMES[part["id"]],
                             "beviljas" if part["eligible"] else "beviljas inte",
                             d["decided_by"], d["decided_on"], d["case"], part["reason"]])
        check.equal("Beslut om regioner", rows[1:], want)
    recorded = [p for p in payments["payments"] if "recorded" in p]
    rows = tables.get("Beslut om utbetalning")
    check.true("records", (rows is not None) == bool(recorded),
               "a table of decided payments exactly when payments are decided")
    if rows is not None:
        want = []
        for p in recorded:
            record = json.loads((bucket / p["recorded"]["key"]).read_text())
            want.append([PAYMENT_NAMES[p["id"]], p["recorded"]["case"], p["recorded"]["decided_on"],
                         record["decided_by"]])
        check.equal("Beslut om utbetalning", rows[1:], want)


def check_annex(check, rows, payments, index):
    p = payments["payments"][index]
    pid = p["id"]
    listed = [r for r in payments["rows"] if r["eligible"][pid]]
    weight = sum(r["population"] for r in listed)
    check.equal(f"Bilaga {pid}: rows", len(rows) - 1, len(listed) + 1)
    check.equal(f"Bilaga {pid}: header", [rows[0][0], rows[0][1], rows[0][3], rows[0][4]],
                ["Kod", "Region", "Andel", "Belopp"])
    for row, r in zip(rows[1:], listed):
        want = [r["code"], r["name"], grouped(r["population"]), share(r["population"], weight),
                kr(r["amounts_ore"][pid])]
        check.equal(f"Bilaga {pid}, {r['code']}", row, want)
    paid = sum(r["amounts_ore"][pid] for r in listed)
    check.equal(f"Bilaga {pid}, Riket", rows[-1], ["", "Riket", grouped(weight), "100%", kr(paid)])


def main():
    bucket = Path(sys.argv[1])
    year = int(sys.argv[2])
    summary = bucket / "summary" / str(year)
    path = Path(sys.argv[3]) if len(sys.argv) > 3 else summary / "rapport.docx"
    payments = json.loads((summary / "payments.json").read_text())
    national = json.loads((summary / "national.json").read_text())
    lagesbild = json.loads((summary / "lagesbild.json").read_text())
    rules = bucket / "config" / str(year) / "rules.json"
    case = {2024: "S2024/01009"}.get(year)
    if rules.exists():
        case = json.loads(rules.read_text()).get("assignment_case", case)
    by_sex = year >= 2026
    document = docx.Document(str(path))
    check = Check()
    check_structure(check, document, payments["rows"], year, case)
    found = tables_by_caption(document)
    tables = {title(c): rows_of(t) for c, t in found}
    check.equal("tables: captions unique", len(tables), len(found))

    def need(name):
        rows = tables.get(name)
        check.true(name, rows is not None, "the table is in the document")
        return rows

    regions = payments["rows"]
    for name, run in [
        ("Utbetalningarna", lambda rows: check_payments(check, rows, payments)),
        ("Inkomna redovisningar", lambda rows: check_received(check, rows, regions, bucket, year)),
        ("Villkoren per region", lambda rows: check_conditions(check, rows, regions, payments, bucket, year)),
        ("Inklusion per region", lambda rows: check_inclusion(check, rows, national, regions, by_sex)),
    ]:
        rows = need(name)
        if rows is not None:
            run(rows)
    if national["lead_times"]:
        for name, run in [
            ("Ledtider per SVF", lambda rows: check_lead_times(check, rows, national, by_sex)),
            ("Ledtider per region", lambda rows: check_lead_times_by_region(check, rows, national, regions)),
        ]:
            rows = need(name)
            if rows is not None:
                run(rows)
    if year != 2022:
        check_lagesbild(check, tables, lagesbild)
    check_decisions(check, tables, bucket, year, payments)
    for index, p in enumerate(payments["payments"]):
        rows = need(f"Bilaga {index + 1}. {PAYMENT_NAMES[p['id']]}")
        if rows is not None:
            check_annex(check, rows, payments, index)

    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join("\t".join(r) for rows in tables.values() for r in rows)
    for region in regions:
        check.true("regions", region["code"] in text and region["name"] in text,
                   f"names {region['code']} {region['name']}")
    for column in CONDITION_COLUMNS:
        if column in ("Tjock- och ändtarm", "Myelom", "Ledtider (del B)") and year < 2026:
            continue
        check.true("conditions", column in tables.get("Villkoren per region", [[]])[0],
                   f"has the condition {column!r}")
    for area in lagesbild["areas"]:
        check.true("areas", area["name"].capitalize() in text, f"names the area {area['name']}")

    if check.faults:
        print(f"{path}: {len(check.faults)} differences", file=sys.stderr)
        for fault in check.faults:
            print(f"  {fault}", file=sys.stderr)
        sys.exit(1)
    print(f"{path}: {len(tables)} tables, {sum(len(r) for r in tables.values())} rows: every cell as the JSON")


if __name__ == "__main__":
    main()
