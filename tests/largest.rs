//! The largest reports the kernel reads (`tests/data/largest/`, written by
//! `scripts/largest_reports.py`), which the firmware's stack is measured on
//! (`scripts/cortex-m.sh`, docs/KERNEL.md): made again byte for byte by their generator, and
//! assessed by `svf assess` as they are meant to be, each at the kernel's limits.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{data, svf, tempdir, tool};

const YEARS: [u16; 5] = [2022, 2023, 2024, 2025, 2026];

#[test]
fn the_generator_makes_the_committed_reports() {
    let Some(python) = tool(
        Path::new("python3"),
        "the largest reports are written by scripts/largest_reports.py",
    ) else {
        return;
    };
    let out = tempdir("largest-reports");
    let status = Command::new(python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/largest_reports.py"))
        .arg(&*out)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "scripts/largest_reports.py failed");
    let mut names: Vec<String> = YEARS
        .iter()
        .map(|year| format!("largest-{year}.json"))
        .collect();
    names.push("rejected-16.json".into());
    for name in &names {
        let made = std::fs::read(out.join(name)).expect("the generator wrote it");
        let committed = std::fs::read(data(&format!("largest/{name}"))).expect("committed");
        assert!(
            made == committed,
            "{name} differs from what the generator writes"
        );
    }
}

/// `svf assess` of a largest report, received three days before its year's deadline.
fn assess(name: &str, year: u16) -> (i32, Value) {
    let path = data(&format!("largest/{name}"));
    let received = format!("{year}-09-27T08:00:00Z");
    let run = svf(&[
        "assess",
        path.to_str().expect("a UTF-8 path"),
        "--received",
        &received,
    ]);
    let verdict = serde_json::from_str(&run.stdout).expect("the assessment is JSON");
    (run.code, verdict)
}

#[test]
fn each_years_largest_report_is_assessed_at_the_kernels_limits() {
    let limits = svf_kernel::report::MAX_LEAD_TIMES;
    for year in YEARS {
        let name = format!("largest-{year}.json");
        let text = std::fs::read_to_string(data(&format!("largest/{name}"))).expect("committed");
        let report: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(report["agreement_year"], year, "{name}");
        let entries = report["lead_times"].as_array().expect("lead_times");
        assert_eq!(
            entries.len(),
            limits,
            "{name}: every lead time the schema allows"
        );
        let region_name = report["region_name"].as_str().expect("region_name");
        assert_eq!(
            (region_name.chars().count(), region_name.len()),
            (64, 256),
            "{name}: the longest name, four bytes a character"
        );
        assert!(
            entries.iter().all(|e| e["by_sex"]["women"].is_object()
                && e["by_sex"]["men"].is_object()
                && e["baseline_within_target"].is_u64()),
            "{name}: every entry with all its figures"
        );
        let (code, verdict) = assess(&name, year);
        assert_eq!(code, 0, "{name}: {verdict}");
        assert_eq!(verdict["status"], "assessed", "{name}");
        assert_eq!(verdict["complete"], true, "{name}");
        let reported = verdict["lead_times"].as_array().expect("lead_times");
        assert_eq!(reported.len(), limits, "{name}: every entry kept");
        assert!(
            reported.iter().all(|e| e["by_sex"]["women"].is_object()),
            "{name}: the figures by sex kept"
        );
    }
}

#[test]
fn the_rejection_with_the_most_faults_lists_sixteen() {
    let (code, verdict) = assess("rejected-16.json", 2024);
    assert_eq!(code, 1, "{verdict}");
    assert_eq!(verdict["status"], "rejected");
    let errors = verdict["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), svf_kernel::json::MAX_ERRORS);
    for (index, error) in errors.iter().enumerate() {
        assert_eq!(
            error["path"],
            format!("lead_times[{index}].patients"),
            "{verdict}"
        );
    }
}
