//! The corpus of broken reports (`tests/corpus/`, one file per way a hand-made report goes
//! wrong): each is rejected with exit 1 (never a panic), a JSON verdict with status `rejected`,
//! no part eligible, and an error naming the place and the reason.

use serde_json::Value;

use crate::support::svf;

/// File, the JSON path of the first error (empty for the report as a whole), and the start of
/// its message.
const CORPUS: &[(&str, &str, &str)] = &[
    (
        "several-faults.json",
        "period.to",
        "must be a date YYYY-MM-DD",
    ),
    (
        "array-not-object.json",
        "",
        "expected an object (the report)",
    ),
    (
        "bad-escape.json",
        "region_name",
        "holds an invalid escape sequence",
    ),
    (
        "baseline-within-above.json",
        "lead_times[0].baseline_within_target",
        "4 within the target exceeds 3 patients",
    ),
    (
        "comment.json",
        "",
        "not valid JSON: an object key must be a string",
    ),
    (
        "cut-inside-string.json",
        "schema",
        "not valid JSON: the text ends too early",
    ),
    (
        "date-not-iso.json",
        "period.from",
        "must be a date YYYY-MM-DD",
    ),
    (
        "deep-nesting-unknown-key.json",
        "x",
        "the schema has no such field",
    ),
    ("deep-nesting.json", "prem", "expected an object with used"),
    (
        "duplicate-key-in-inclusion.json",
        "inclusion.in_svf",
        "the key is given twice",
    ),
    (
        "duplicate-key.json",
        "region_code",
        "the key is given twice",
    ),
    ("empty.json", "", "not valid JSON: the text ends too early"),
    (
        "impossible-date.json",
        "period.to",
        "must be a date YYYY-MM-DD",
    ),
    (
        "in-svf-above-new-cases.json",
        "inclusion.in_svf",
        "in_svf (7413) exceeds new_cases (7412)",
    ),
    (
        "invalid-utf8-in-string.json",
        "",
        "the text is not UTF-8 (byte 102)",
    ),
    (
        "invalid-utf8-outside-string.json",
        "",
        "the text is not UTF-8 (byte 1)",
    ),
    (
        "key-not-string.json",
        "",
        "not valid JSON: an object key must be a string",
    ),
    (
        "lead-time-entry-array.json",
        "lead_times[0]",
        "expected an object with svf, patients and within",
    ),
    (
        "lead-times-object.json",
        "lead_times",
        "expected an array of lead-time objects",
    ),
    (
        "lone-surrogate.json",
        "region_name",
        "holds an invalid escape sequence",
    ),
    ("missing-region.json", "region_code", "is required"),
    ("missing-schema.json", "schema", "is required"),
    ("missing-year.json", "agreement_year", "is required"),
    (
        "narrative-number.json",
        "narrative.urology",
        "expected a string",
    ),
    (
        "narrative-too-long.json",
        "narrative.urology",
        "is longer than 100000 characters",
    ),
    (
        "new-cases-above-u32.json",
        "inclusion.new_cases",
        "expected a whole number from 0 to 4294967295",
    ),
    (
        "new-cases-exponent.json",
        "inclusion.new_cases",
        "must be a whole number written in plain digits",
    ),
    (
        "new-cases-fraction.json",
        "inclusion.new_cases",
        "must be a whole number written in plain digits",
    ),
    (
        "new-cases-huge.json",
        "inclusion.new_cases",
        "expected a whole number from 0 to 4294967295",
    ),
    (
        "new-cases-leading-zeros.json",
        "inclusion.new_cases",
        "must be a whole number written in plain digits, as 1000; this one is written with leading zeros (line 11, column 18)",
    ),
    (
        "new-cases-minus-zero.json",
        "inclusion.new_cases",
        "must be a whole number written in plain digits, as 1000; this one is written as -0",
    ),
    (
        "new-cases-whole-with-point.json",
        "inclusion.new_cases",
        "must be a whole number written in plain digits, as 1000; this one is written with a decimal point",
    ),
    (
        "new-cases-negative.json",
        "inclusion.new_cases",
        "expected a whole number from 0 to 4294967295",
    ),
    (
        "nul-byte-in-string.json",
        "region_name",
        "holds a control character; JSON needs it escaped",
    ),
    (
        "nul-byte-outside-string.json",
        "",
        "not valid JSON: an object key must be a string",
    ),
    (
        "null-not-object.json",
        "",
        "expected an object (the report)",
    ),
    (
        "number-not-object.json",
        "",
        "expected an object (the report)",
    ),
    (
        "period-reversed.json",
        "period",
        "the period ends before it starts",
    ),
    ("prem-used-null.json", "prem.used", "expected true or false"),
    (
        "prem-used-string.json",
        "prem.used",
        "expected true or false",
    ),
    (
        "raw-newline-in-string.json",
        "region_name",
        "holds a control character; JSON needs it escaped",
    ),
    (
        "region-code-number.json",
        "region_code",
        "expected a string",
    ),
    (
        "region-name-too-long.json",
        "region_name",
        "is longer than 64 characters",
    ),
    (
        "single-quotes.json",
        "",
        "not valid JSON: an object key must be a string",
    ),
    (
        "string-not-object.json",
        "",
        "expected an object (the report)",
    ),
    (
        "svf-id-uppercase.json",
        "lead_times[0].svf",
        "must be 1 to 32 of a-z, 0-9 and _",
    ),
    (
        "svf-twice.json",
        "lead_times[1].svf",
        "the same SVF as lead_times[0]",
    ),
    (
        "too-many-lead-times.json",
        "lead_times[40]",
        "has more than 40 items",
    ),
    (
        "trailing-comma.json",
        "prem",
        "not valid JSON: a comma before a closing bracket",
    ),
    (
        "trailing-garbage.json",
        "",
        "not valid JSON: more text after the report",
    ),
    (
        "truncated.json",
        "lead_times[0]",
        "not valid JSON: the text ends too early",
    ),
    (
        "two-objects.json",
        "",
        "not valid JSON: more text after the report",
    ),
    (
        "unknown-field-in-inclusion.json",
        "inclusion.share",
        "the schema has no such field",
    ),
    (
        "unknown-field.json",
        "colour",
        "the schema has no such field",
    ),
    (
        "unknown-narrative-section.json",
        "narrative.poetry",
        "the schema has no such field",
    ),
    (
        "unknown-region.json",
        "region_code",
        "is not one of the 21 region codes (01, 03–10, 12",
    ),
    (
        "unknown-year.json",
        "agreement_year",
        "must be an agreement year from 2022 to 2026",
    ),
    (
        "whitespace-only.json",
        "",
        "not valid JSON: the text ends too early",
    ),
    (
        "within-above-patients.json",
        "lead_times[0].within_target",
        "11 within the target exceeds 10 patients",
    ),
    (
        "sex-part-above-whole.json",
        "inclusion.by_sex.women.in_svf",
        "in_svf (3100) exceeds new_cases (3000)",
    ),
    (
        "sex-above-all.json",
        "lead_times[0].by_sex.men.patients",
        "691 for one sex exceeds 690 for all patients",
    ),
    (
        "sex-unknown.json",
        "inclusion.by_sex.okänt",
        "the schema has no such field",
    ),
    ("wrong-schema.json", "schema", "must be \"svf-report/1\""),
    (
        "year-as-string.json",
        "agreement_year",
        "expected an agreement year from 2022 to 2026",
    ),
];

fn assess(path: &str) -> (i32, Value, String) {
    let run = svf(&["assess", path, "--received", "2024-09-01T00:00:00Z"]);
    let verdict =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{path}: {e}: {}", run.stdout));
    (run.code, verdict, run.stderr)
}

/// Contract section 4: a report with several faults is refused with all of them, in the order
/// of the file, so that the region mends them in one upload.
#[test]
fn every_fault_of_a_report_is_named_in_one_rejection() {
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/several-faults.json");
    let (code, verdict, stderr) = assess(file.to_str().unwrap());
    assert_eq!(code, 1, "{stderr}");
    let errors: Vec<(String, String)> = verdict["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("period.to", "must be a date YYYY-MM-DD"),
        (
            "inclusion.new_cases",
            "expected a whole number from 0 to 4294967295",
        ),
        (
            "inclusion.in_svf",
            "expected a whole number from 0 to 4294967295",
        ),
        ("kommentar", "the schema has no such field"),
        ("prem.used", "expected true or false"),
    ];
    assert_eq!(
        errors,
        expected
            .iter()
            .map(|(p, m)| ((*p).to_owned(), (*m).to_owned()))
            .collect::<Vec<_>>()
    );
    for (path, _) in expected {
        assert!(stderr.contains(path), "{path} on stderr: {stderr}");
    }
}

#[test]
fn every_broken_report_is_rejected_with_its_place_and_reason() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let files = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(
        files,
        CORPUS.len(),
        "every file in tests/corpus has its expectation here"
    );
    assert!(CORPUS.len() >= 40);
    for &(file, path, message) in CORPUS {
        let (code, verdict, stderr) = assess(dir.join(file).to_str().unwrap());
        assert_eq!(code, 1, "{file}: exit code; stderr {stderr}");
        assert_eq!(verdict["status"], "rejected", "{file}");
        assert!(
            verdict["parts"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["eligible"] == false),
            "{file}"
        );
        let error = &verdict["errors"][0];
        assert_eq!(error["path"], path, "{file}: {error}");
        assert!(
            error["message"].as_str().unwrap().starts_with(message),
            "{file}: {error}"
        );
        assert!(
            stderr.contains("rejected"),
            "{file}: the reason is on stderr too: {stderr}"
        );
    }
}

#[test]
fn an_oversized_report_is_rejected_unread() {
    let dir = svf_testing::TempDir::new("oversized");
    let path = dir.join("huge.json");
    // 64 MiB of whitespace: only the first MiB and a byte are ever read.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(64 << 20).unwrap();
    let (code, verdict, _) = assess(path.to_str().unwrap());
    assert_eq!(code, 1);
    assert!(
        verdict["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("larger than 1 MiB")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
