//! Reports as a region uploads them.

use serde_json::json;

/// A complete, eligible 2024 report of region `code` with `in_svf` of 1000 new cases in SVF.
pub fn report_2024(code: &str, in_svf: u32) -> Vec<u8> {
    json!({
        "schema": "svf-report/1", "agreement_year": 2024, "region_code": code,
        "inclusion": {"new_cases": 1000, "in_svf": in_svf}, "prem": {"used": true},
        "narrative": {"lead_times": "x", "prem_use": "x", "longest_waits": "x", "urology": "x"}
    })
    .to_string()
    .into_bytes()
}
