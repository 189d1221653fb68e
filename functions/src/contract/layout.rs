//! The bucket's layout (contract §3): which key holds what.
//!
//! | key | what |
//! |---|---|
//! | `config/{year}/populations.csv` | the population table for that year's payments |
//! | `config/{year}/rules.json` | rule parameters and policy (`svf-rules/1`), optional |
//! | `config/{year}/lead_times.csv` | the agency's wait-time data, optional: decides lead times |
//! | `decisions/{year}/{region}.json` | a recorded decision (`svf-decision/1`), by the agency |
//! | `decisions/{year}/payments/{payment}.json` | the government's decision of a payment (`svf-payment-decision/1`) |
//! | `history/{year}/{id}.json` | a change of the year's payments (`svf-change/1`), one of a chain |
//! | `records/{year}/{payment}.json` | a decided payment as recorded, with its basis (`svf-record/1`); never changed |
//! | `reports/{year}/{region}/{name}.json` | an upload; never modified or deleted here |
//! | `assessments/{year}/{region}.json` | the assessment of the newest accepted report |
//! | `notifications/{year}/{region}/{id}.json` | one per upload |
//! | `summary/{year}/payments.json`, `payments.tsv` | the national payment table |
//! | `summary/{year}/annex-{payment}.tsv` | each payment's annex as the government publishes it |
//! | `summary/{year}/index.html` | the same with every region's verdicts, a page for people |
//! | `summary/{year}/national.json` | national figures: inclusion, lead times, by sex |

use sha2::{Digest, Sha256};
use svf_kernel::rcc::Rcc;
use svf_kernel::region::{Region, Year};
use svf_kernel::vocabulary::PaymentId;

/// Uploads live under this prefix; nothing the pipeline writes does.
pub const REPORTS: &str = "reports/";
/// Assessments live under this prefix; a write there updates the summary.
pub const ASSESSMENTS: &str = "assessments/";
/// Recorded decisions live under this prefix; a write there updates the summary.
pub const DECISIONS: &str = "decisions/";
/// The agency's configuration lives under this prefix; a write there updates the summary.
pub const CONFIG: &str = "config/";
/// Notifications live under this prefix.
pub const NOTIFICATIONS: &str = "notifications/";
/// The national summaries live under this prefix.
pub const SUMMARY: &str = "summary/";
/// Decided payments' records live under this prefix, each written once and never changed.
pub const RECORDS: &str = "records/";
/// The changes of each year's payments live under this prefix, each written once.
pub const HISTORY: &str = "history/";
/// The prefixes of everything the pipeline writes.
pub const OUTPUTS: [&str; 5] = [ASSESSMENTS, NOTIFICATIONS, SUMMARY, RECORDS, HISTORY];

/// The checker page (contract §8) that `svf demo` writes at the top of its folder, beside the
/// bucket's prefixes: no function reads or writes it, and no listing reaches it.
pub const CHECKER: &str = "checker.html";

/// An upload's key: `reports/{year}/{region code}/{name}`.
pub fn report_key(year: Year, region: Region, name: &str) -> String {
    format!("{REPORTS}{year}/{}/{name}", region.code())
}

/// What a report's key says: `reports/{year}/{region}/{name}.json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportKey {
    /// The year segment, as written.
    pub year_segment: String,
    /// The region segment, as written.
    pub region_segment: String,
    /// The year, if the segment names a known one.
    pub year: Option<Year>,
    /// The region, if the segment names one.
    pub region: Option<Region>,
    /// Whether the name ends in `.json`: a report's. An upload in a region's folder under
    /// another name (`redovisning.docx`) is that region's, rejected, and the region is told.
    pub json: bool,
}

impl ReportKey {
    /// Reads a report key: `reports/{year}/{region}/{name}` with plain segments; `None` for any
    /// other shape. Whether the name is a report's (`.json`) is [`ReportKey::json`].
    pub fn parse(key: &str) -> Option<ReportKey> {
        let rest = key.strip_prefix(REPORTS)?;
        let mut segments = rest.split('/');
        let (year, region, name) = (segments.next()?, segments.next()?, segments.next()?);
        let plain = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        };
        if segments.next().is_some() || !plain(year) || !plain(region) || name.is_empty() {
            return None;
        }
        Some(ReportKey {
            json: name.len() > 5 && name.to_ascii_lowercase().ends_with(".json"),
            year_segment: year.to_owned(),
            region_segment: region.to_owned(),
            // Exactly four digits: `02024` is not 2024.
            year: (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
                .then(|| year.parse().ok().and_then(Year::from_number))
                .flatten(),
            region: Region::from_code(region),
        })
    }
}

/// What an RCC's report key says: `reports/{year}/rcc/{rcc}/{name}.json` (contract §7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RccReportKey {
    /// The year segment, as written.
    pub year_segment: String,
    /// The RCC segment, as written.
    pub rcc_segment: String,
    /// The year, if the segment names a known one.
    pub year: Option<Year>,
    /// The RCC, if the segment names one.
    pub rcc: Option<Rcc>,
}

/// The folder of RCC uploads within a year's reports.
const RCC_SEGMENT: &str = "rcc";

impl RccReportKey {
    /// Reads a key under `reports/{year}/rcc/`; `None` for any other key. A key there of any
    /// other shape is an RCC upload all the same (its year and RCC `None` where unreadable),
    /// so that it is refused with a notification, not taken for a region's.
    pub fn parse(key: &str) -> Option<RccReportKey> {
        let rest = key.strip_prefix(REPORTS)?;
        let mut segments = rest.split('/');
        let (year, folder) = (segments.next()?, segments.next()?);
        if folder != RCC_SEGMENT {
            return None;
        }
        let rcc = segments.next().unwrap_or_default();
        let name = segments.next().unwrap_or_default();
        let shaped = segments.next().is_none()
            && name.len() > 5
            && name.to_ascii_lowercase().ends_with(".json");
        Some(RccReportKey {
            year_segment: year.to_owned(),
            rcc_segment: rcc.to_owned(),
            year: (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
                .then(|| year.parse().ok().and_then(Year::from_number))
                .flatten()
                .filter(|_| shaped),
            rcc: Rcc::parse(rcc).filter(|_| shaped),
        })
    }
}

/// Where an RCC's uploads of a year are: `reports/{year}/rcc/`.
pub fn rcc_reports_prefix(year: Year) -> String {
    format!("{REPORTS}{year}/{RCC_SEGMENT}/")
}

/// The shape of a region's upload's key, as a refusal names it.
pub const REPORT_KEY_SHAPE: &str = "reports/{year}/{region code}/…";

/// The shape of an RCC's upload's key, as a refusal names it.
pub const RCC_REPORT_KEY_SHAPE: &str = "reports/{year}/rcc/{rcc}/…";

/// The shape of a decision's key of `year`, as a refusal names it.
pub fn decision_key_shape(year: Year) -> String {
    format!("{DECISIONS}{year}/{{region code}}.json")
}

/// An RCC's upload's key: `reports/{year}/rcc/{rcc}/{name}`.
pub fn rcc_report_key(year: Year, rcc: Rcc, name: &str) -> String {
    format!("{REPORTS}{year}/{RCC_SEGMENT}/{rcc}/{name}")
}

/// The assessment of an RCC's newest report of a year.
pub fn rcc_assessment_key(year: Year, rcc: Rcc) -> String {
    format!("{ASSESSMENTS}{year}/{RCC_SEGMENT}/{rcc}.json")
}

/// Where the RCC's assessments of a year are listed.
pub fn rcc_assessments_prefix(year: Year) -> String {
    format!("{ASSESSMENTS}{year}/{RCC_SEGMENT}/")
}

/// The RCC whose assessment of `year` is at `key`: exactly `assessments/{year}/rcc/{rcc}.json`.
pub fn rcc_assessment_rcc(year: Year, key: &str) -> Option<Rcc> {
    Rcc::ALL
        .into_iter()
        .find(|&rcc| rcc_assessment_key(year, rcc) == key)
}

/// The notification of one RCC upload, its id as a region's ([`notification_key`]).
pub fn rcc_notification_key(
    key: &RccReportKey,
    upload: &crate::contract::upload_ref::UploadRef,
    received: svf_kernel::time::Instant,
) -> String {
    let id = upload_id(upload, received);
    match (key.year, key.rcc) {
        (Some(year), Some(rcc)) => format!("{NOTIFICATIONS}{year}/{RCC_SEGMENT}/{rcc}/{id}.json"),
        _ => format!("{NOTIFICATIONS}unplaced/{id}.json"),
    }
}

/// Where an RCC's notifications of a year are: `notifications/{year}/rcc/{rcc}/`.
pub fn rcc_notifications_prefix(year: Year, rcc: Rcc) -> String {
    format!("{NOTIFICATIONS}{year}/{RCC_SEGMENT}/{rcc}/")
}

/// The name the front door gives an upload (contract §10): when it was received, to the second
/// in UTC, and the first bytes of its content's SHA-256, so that two uploads differ by name and
/// the same bytes sent twice in one second (a retried request) are one upload.
/// `20240920T101500Z-0123456789ab.json`.
pub fn submitted_name(received: svf_kernel::time::Instant, content: &[u8]) -> String {
    let digest = Sha256::digest(content);
    let compact: String = received
        .to_string()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{compact}-{}.json", hex(&digest[..6]))
}

/// The last segment of a key without its `.json`: a notification's id
/// (`notifications/2024/25/0a1b2c.json` → `0a1b2c`); `None` for a key that is no JSON file.
/// A reminder's id is its day after `reminder-` (`…/25/reminders/2024-09-16.json` →
/// `reminder-2024-09-16`): ids of uploads are hexadecimal, never that.
pub fn notification_id(key: &str) -> Option<std::borrow::Cow<'_, str>> {
    let mut segments = key.rsplit('/');
    let last = segments.next()?.strip_suffix(".json")?;
    if segments.next() == Some(REMINDERS) {
        return Some(format!("{REMINDER_ID}{last}").into());
    }
    Some(last.into())
}

/// The folder of a region's reminders within its notifications.
const REMINDERS: &str = "reminders";

/// What a reminder's id starts with.
const REMINDER_ID: &str = "reminder-";

/// The key of a notification by its id under a region's or RCC's `prefix` (as
/// [`notification_id`] gives ids): `reminder-{date}` is under `reminders/`.
pub fn notification_key_of(prefix: &str, id: &str) -> String {
    match id.strip_prefix(REMINDER_ID) {
        Some(day) => format!("{prefix}{REMINDERS}/{day}.json"),
        None => format!("{prefix}{id}.json"),
    }
}

/// Whether `key`, listed under a region's notifications `prefix`, is an upload's notification
/// (directly under it), not a reminder (under `reminders/`).
pub fn is_upload_notification(prefix: &str, key: &str) -> bool {
    key.strip_prefix(prefix)
        .is_some_and(|name| !name.contains('/'))
}

/// A region's reminder of one day (contract §11):
/// `notifications/{year}/{region}/reminders/{date}.json`.
pub fn reminder_key(year: Year, region: Region, day: svf_kernel::time::Date) -> String {
    format!(
        "{}{REMINDERS}/{day}.json",
        notifications_prefix(year, Some(region))
    )
}

/// The agency's overview of one reminder day: `notifications/{year}/agency/{date}.json`.
pub fn agency_overview_key(year: Year, day: svf_kernel::time::Date) -> String {
    format!("{NOTIFICATIONS}{year}/agency/{day}.json")
}

/// The name of a year's summary file at `key` (`summary/2024/payments.json` → `payments.json`),
/// if the key is one of the year's files.
pub fn summary_file_name(year: Year, key: &str) -> Option<&str> {
    let rest = key.strip_prefix(SUMMARY)?.strip_prefix(&year.to_string())?;
    rest.strip_prefix('/')
        .filter(|name| !name.is_empty() && !name.contains('/'))
}

/// Where a year's summary files are: `summary/{year}/`.
pub fn summary_prefix(year: Year) -> String {
    format!("{SUMMARY}{year}/")
}

/// A file of a year's summary by its name (`payments.json`, `index.html`), if the name is a
/// plain file name: letters, digits, `-`, `_` and `.`, not starting with a dot. Nothing else
/// is a summary file, so no name reaches outside `summary/{year}/`.
pub fn summary_file_key(year: Year, name: &str) -> Option<String> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    plain.then(|| format!("{SUMMARY}{year}/{name}"))
}

/// The lägesbild of a year: JSON, the table, the page (contract §7).
pub fn lagesbild_keys(year: Year) -> [String; 3] {
    [
        format!("{SUMMARY}{year}/lagesbild.tsv"),
        format!("{SUMMARY}{year}/lagesbild.html"),
        format!("{SUMMARY}{year}/lagesbild.json"),
    ]
}

/// The agreement's allocation of a year, when the agency gives it (`svf budget --agreement`'s
/// format); 2024's is built in.
pub fn agreement_key(year: Year) -> String {
    format!("{CONFIG}{year}/agreement.tsv")
}

/// Halland's population by municipality of a year, for the RCC split.
pub fn halland_key(year: Year) -> String {
    format!("{CONFIG}{year}/halland.csv")
}

/// The assessment of a region's newest report.
pub fn assessment_key(year: Year, region: Region) -> String {
    format!("{ASSESSMENTS}{year}/{}.json", region.code())
}

/// Where a year's configuration is: `config/{year}/`.
pub fn config_prefix(year: Year) -> String {
    format!("{CONFIG}{year}/")
}

/// Where the assessments of a year are listed.
pub fn assessments_prefix(year: Year) -> String {
    format!("{ASSESSMENTS}{year}/")
}

/// Where the notifications of a year are listed, or of one region's uploads of it.
pub fn notifications_prefix(year: Year, region: Option<Region>) -> String {
    match region {
        Some(region) => format!("{NOTIFICATIONS}{year}/{}/", region.code()),
        None => format!("{NOTIFICATIONS}{year}/"),
    }
}

/// The notification of one upload: its id is derived from what makes the upload one write of
/// an object (contract §3), so a redelivered event finds the notification it already made and
/// a new write of the same bytes gets one of its own: on S3 the key and version; without a
/// version the key, entity tag and the event's sequencer; in a folder the key, entity tag and
/// modification time (`received`).
pub fn notification_key(
    report: Option<&ReportKey>,
    upload: &crate::contract::upload_ref::UploadRef,
    received: svf_kernel::time::Instant,
) -> String {
    let id = upload_id(upload, received);
    match report {
        Some(r) => format!(
            "notifications/{}/{}/{id}.json",
            r.year_segment, r.region_segment
        ),
        // A key that names no year and region still gets its notification, apart.
        None => format!("notifications/unplaced/{id}.json"),
    }
}

/// An upload's id: what makes it one write of an object (contract §3), hashed.
fn upload_id(
    upload: &crate::contract::upload_ref::UploadRef,
    received: svf_kernel::time::Instant,
) -> String {
    let key = &upload.key;
    let identity = match (&upload.version, &upload.sequencer) {
        (Some(version), _) => format!("{key}\nversion {version}"),
        (None, Some(sequencer)) => format!("{key}\n{}\nsequencer {sequencer}", upload.etag),
        (None, None) => format!("{key}\n{}\nreceived {received}", upload.etag),
    };
    let digest = Sha256::digest(identity.as_bytes());
    hex(&digest[..12])
}

/// The population table of a year.
pub fn populations_key(year: Year) -> String {
    format!("config/{year}/populations.csv")
}

/// The rules file of a year.
pub fn rules_key(year: Year) -> String {
    format!("config/{year}/rules.json")
}

/// The agency's own wait-time data of a year (contract §4).
pub fn lead_times_key(year: Year) -> String {
    format!("config/{year}/lead_times.csv")
}

/// The year whose agency wait-time data is at `key`: exactly `config/{year}/lead_times.csv`.
pub fn lead_times_year(key: &str) -> Option<Year> {
    Year::ALL
        .into_iter()
        .find(|&year| lead_times_key(year) == key)
}

/// The notification of a region whose assessment was decided again without an upload of its
/// own: its id derived from `identity` (the stored assessment it replaced and what decided
/// anew), so that a redelivered event or a second pass finds it and tells no one twice.
pub fn redecision_notification_key(year: Year, region: Region, identity: &str) -> String {
    let digest = Sha256::digest(format!("{identity}\nregion {}", region.code()).as_bytes());
    format!(
        "{NOTIFICATIONS}{year}/{}/{}.json",
        region.code(),
        hex(&digest[..12])
    )
}

/// The year whose assessments a write or removal of `key` decides again: the agency's
/// wait-time data or the year's rules file (`config/{year}/lead_times.csv`, `rules.json`).
pub fn deciding_year(key: &str) -> Option<Year> {
    lead_times_year(key).or_else(|| Year::ALL.into_iter().find(|&y| rules_key(y) == key))
}

/// The national figures of a year (inclusion, lead times, by sex), in JSON.
pub fn national_json_key(year: Year) -> String {
    format!("summary/{year}/national.json")
}

/// The summary of a year, in JSON.
pub fn summary_json_key(year: Year) -> String {
    format!("summary/{year}/payments.json")
}

/// The summary of a year, in the annex layout.
pub fn summary_tsv_key(year: Year) -> String {
    format!("summary/{year}/payments.tsv")
}

/// The national payment table as a workbook, beside its TSV.
pub fn summary_xlsx_key(year: Year) -> String {
    format!("summary/{year}/payments.xlsx")
}

/// A payment's annex as a workbook, beside its TSV.
pub fn annex_xlsx_key(year: Year, payment: PaymentId) -> String {
    format!("summary/{year}/annex-{payment}.xlsx")
}

/// The agency's report to the ministry as a Word document, drafted from the summary.
pub fn report_docx_key(year: Year) -> String {
    format!("summary/{year}/rapport.docx")
}

/// The summary of a year as a page for people.
pub fn summary_html_key(year: Year) -> String {
    format!("summary/{year}/index.html")
}

/// One payment's annex, as the government publishes it.
pub fn annex_key(year: Year, payment: PaymentId) -> String {
    format!("summary/{year}/annex-{payment}.tsv")
}

/// The recorded decision on a region's payments of a year.
pub fn decision_key(year: Year, region: Region) -> String {
    format!("{DECISIONS}{year}/{}.json", region.code())
}

/// Where the decisions of a year are listed.
pub fn decisions_prefix(year: Year) -> String {
    format!("{DECISIONS}{year}/")
}

/// The government's decision of one payment of a year (contract §9).
pub fn payment_decision_key(year: Year, payment: PaymentId) -> String {
    format!("{DECISIONS}{year}/payments/{payment}.json")
}

/// Where the payment decisions of a year are listed (within [`decisions_prefix`]).
pub fn payment_decisions_prefix(year: Year) -> String {
    format!("{DECISIONS}{year}/payments/")
}

/// The payment a key under [`payment_decisions_prefix`] names: exactly
/// `decisions/{year}/payments/{payment}.json` for a payment of the year's rules.
pub fn payment_decision_payment(year: Year, key: &str) -> Option<PaymentId> {
    svf_kernel::rules::Rules::of(year)
        .payments()
        .iter()
        .map(|p| p.id)
        .find(|&id| payment_decision_key(year, id) == key)
}

/// A change of a year's payments (contract §9), by its id (derived from the summaries before
/// and after it).
pub fn history_key(year: Year, id: &str) -> String {
    format!("{HISTORY}{year}/{id}.json")
}

/// The record of a decided payment (contract §9): written once, never changed.
pub fn record_key(year: Year, payment: PaymentId) -> String {
    format!("{RECORDS}{year}/{payment}.json")
}

/// The region a key under [`decisions_prefix`] names: `decisions/{year}/{region}.json`, or
/// `None` for any other key there.
pub fn decision_region(year: Year, key: &str) -> Option<Region> {
    let file = key.strip_prefix(&decisions_prefix(year))?;
    Region::from_code(file.strip_suffix(".json")?)
}

/// The region whose assessment of `year` is at `key`: exactly `assessments/{year}/{region}.json`.
pub fn assessment_region(year: Year, key: &str) -> Option<Region> {
    Region::ALL
        .into_iter()
        .find(|&region| assessment_key(year, region) == key)
}

/// The year of an assessment key `assessments/{year}/{region}.json`.
pub fn assessment_year(key: &str) -> Option<Year> {
    let rest = key.strip_prefix(ASSESSMENTS)?;
    if let Some((year, file)) = rest.split_once('/')
        && file.starts_with("rcc/")
    {
        let year = Year::from_number(year.parse().ok()?)?;
        return (rcc_assessment_rcc(year, key).is_some()).then_some(year);
    }
    let (year, file) = rest.split_once('/')?;
    let region = file.strip_suffix(".json")?;
    Region::from_code(region)?;
    year.parse().ok().and_then(Year::from_number)
}

/// The year whose summary a write at `key` changes: an assessment, a decision or the year's
/// configuration (`assessments/{year}/…`, `decisions/{year}/…`, `config/{year}/…`).
pub fn summary_year(key: &str) -> Option<Year> {
    if key.starts_with(ASSESSMENTS) {
        return assessment_year(key);
    }
    let rest = key
        .strip_prefix(DECISIONS)
        .or_else(|| key.strip_prefix(CONFIG))?;
    let (year, file) = rest.split_once('/')?;
    if file.is_empty() || year.len() != 4 {
        return None;
    }
    year.parse().ok().and_then(Year::from_number)
}

/// Bytes in lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(2 * bytes.len()), |mut out, b| {
            use std::fmt::Write as _;
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// Decodes a key as S3 events carry it: form encoding, `+` for a space, then percent-encoded
/// UTF-8. `None` when the escapes are broken or the bytes are not UTF-8.
pub fn decode_event_key(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_keys() {
        let key = ReportKey::parse("reports/2024/13/halland-2024.json").unwrap();
        assert_eq!(
            (key.year, key.region.map(Region::code)),
            (Some(Year::Y2024), Some("13"))
        );
        let odd = ReportKey::parse("reports/2021/99/x.json").unwrap();
        assert_eq!((odd.year, odd.region), (None, None));
        assert_eq!(
            ReportKey::parse("reports/02024/01/x.json").unwrap().year,
            None
        );
        assert_eq!(ReportKey::parse("reports/+2024/01/x.json"), None);
        assert_eq!(
            assessment_region(Year::Y2024, "assessments/2024/backup/01.json"),
            None
        );
        assert_eq!(
            assessment_region(Year::Y2024, "assessments/2024/01.json").map(Region::code),
            Some("01")
        );
        for bad in [
            "reports/2024/13.json",
            "reports/2024/13/a/b.json",
            "reports/../13/a.json",
            "assessments/2024/13.json",
        ] {
            assert_eq!(ReportKey::parse(bad), None, "{bad}");
        }
        // In a region's folder but not a report's name: that region's key, not a report.
        for not_json in ["reports/2024/13/a.txt", "reports/2024/13/.json"] {
            let key = ReportKey::parse(not_json).unwrap();
            assert!(!key.json, "{not_json}");
            assert_eq!(key.region.map(Region::code), Some("13"));
        }
        assert!(ReportKey::parse("reports/2024/13/a.json").unwrap().json);
    }

    #[test]
    fn event_keys_are_form_decoded() {
        assert_eq!(
            decode_event_key("reports/2024/01/v%C3%A5r+rapport.json").as_deref(),
            Some("reports/2024/01/vår rapport.json")
        );
        assert_eq!(decode_event_key("a%2Bb").as_deref(), Some("a+b"));
        assert_eq!(decode_event_key("bad%2"), None);
        assert_eq!(decode_event_key("bad%zz"), None);
        assert_eq!(decode_event_key("%ff"), None);
    }

    #[test]
    fn notification_ids_are_one_per_write() {
        use crate::contract::upload_ref::UploadRef;
        let at = |t| svf_kernel::time::Instant::parse_rfc3339(t).unwrap();
        let key = ReportKey::parse("reports/2024/01/a.json");
        let id =
            |upload: &UploadRef, received| notification_key(key.as_ref(), upload, at(received));
        let a = UploadRef::new("reports/2024/01/a.json", "\"1\"");
        let first = id(&a, "2024-09-20T10:00:00Z");
        assert_eq!(
            first,
            id(&a, "2024-09-20T10:00:00Z"),
            "a redelivery finds it"
        );
        assert!(first.starts_with("notifications/2024/01/") && first.ends_with(".json"));
        // The same bytes again, later: a new upload in a folder.
        assert_ne!(first, id(&a, "2024-09-22T10:00:00Z"));
        assert_ne!(
            first,
            id(
                &UploadRef::new("reports/2024/01/a.json", "\"2\""),
                "2024-09-20T10:00:00Z"
            )
        );
        // On S3: the version decides, whatever the time the event gives.
        let mut v1 = a.clone();
        v1.version = Some("v1".into());
        assert_eq!(
            id(&v1, "2024-09-20T10:00:00Z"),
            id(&v1, "2024-09-21T10:00:00Z")
        );
        let mut v3 = v1.clone();
        v3.version = Some("v3".into());
        assert_ne!(
            id(&v1, "2024-09-20T10:00:00Z"),
            id(&v3, "2024-09-20T10:00:00Z")
        );
        // Unversioned S3: the sequencer.
        let mut s1 = a.clone();
        s1.sequencer = Some("0055AED6DCD90281E5".into());
        let mut s2 = a.clone();
        s2.sequencer = Some("0055AED6DCD90281E6".into());
        assert_ne!(
            id(&s1, "2024-09-20T10:00:00Z"),
            id(&s2, "2024-09-20T10:00:00Z")
        );
        assert_eq!(
            assessment_year("assessments/2026/14.json"),
            Some(Year::Y2026)
        );
        assert_eq!(assessment_year("assessments/2026/99.json"), None);
    }

    #[test]
    fn keys_that_change_a_summary() {
        for (key, year) in [
            ("assessments/2025/21.json", Some(Year::Y2025)),
            ("decisions/2025/21.json", Some(Year::Y2025)),
            ("decisions/2023/anything.json", Some(Year::Y2023)),
            ("config/2024/populations.csv", Some(Year::Y2024)),
            ("config/2024/rules.json", Some(Year::Y2024)),
            ("config/2024/", None),
            ("config/02024/rules.json", None),
            ("decisions/2021/01.json", None),
            ("reports/2024/01/a.json", None),
            ("summary/2024/payments.json", None),
        ] {
            assert_eq!(summary_year(key), year, "{key}");
        }
        let gavleborg = Region::from_code("21").unwrap();
        assert_eq!(
            decision_key(Year::Y2025, gavleborg),
            "decisions/2025/21.json"
        );
        assert_eq!(
            decision_region(Year::Y2025, "decisions/2025/21.json"),
            Some(gavleborg)
        );
        assert_eq!(
            decision_region(Year::Y2025, "decisions/2025/x/21.json"),
            None
        );
        assert_eq!(decision_region(Year::Y2025, "decisions/2024/21.json"), None);
        assert_eq!(
            annex_key(Year::Y2025, PaymentId::Second),
            "summary/2025/annex-second.tsv"
        );
    }

    #[test]
    fn a_summary_file_is_a_plain_name_in_its_years_folder_and_nothing_else() {
        let year = Year::Y2024;
        assert_eq!(
            summary_file_key(year, "payments.json").as_deref(),
            Some("summary/2024/payments.json")
        );
        for crooked in [
            "",
            ".",
            "..",
            ".hidden",
            "a/b",
            "..%2F",
            "p\\q",
            "lägesbild.json",
            " x",
        ] {
            assert_eq!(summary_file_key(year, crooked), None, "{crooked:?}");
        }
        assert_eq!(
            summary_file_name(year, "summary/2024/index.html"),
            Some("index.html")
        );
        for other in [
            "summary/2025/index.html",
            "summary/2024/",
            "summary/2024/a/b",
            "summary/20244/x",
        ] {
            assert_eq!(summary_file_name(year, other), None, "{other}");
        }
        assert_eq!(
            notification_id("notifications/2024/25/0a1b.json").as_deref(),
            Some("0a1b")
        );
        assert_eq!(notification_id("notifications/2024/25/0a1b.txt"), None);
        // A reminder: its id says so, and leads back to its key.
        let day = svf_kernel::time::Date::new(2024, 9, 16).unwrap();
        let reminder = reminder_key(Year::Y2024, Region::from_code("25").unwrap(), day);
        assert_eq!(reminder, "notifications/2024/25/reminders/2024-09-16.json");
        let id = notification_id(&reminder).unwrap();
        assert_eq!(id, "reminder-2024-09-16");
        let prefix = notifications_prefix(Year::Y2024, Region::from_code("25"));
        assert_eq!(notification_key_of(&prefix, &id), reminder);
        assert!(!is_upload_notification(&prefix, &reminder));
        assert!(is_upload_notification(
            &prefix,
            &format!("{prefix}0a1b.json")
        ));
    }

    #[test]
    fn a_submitted_name_is_the_second_and_the_contents_hash() {
        let at = svf_kernel::time::Instant::parse_rfc3339("2024-09-20T10:15:00Z").unwrap();
        let name = submitted_name(at, b"{}");
        assert!(
            name.starts_with("20240920T101500Z-") && name.ends_with(".json"),
            "{name}"
        );
        assert_eq!(name, submitted_name(at, b"{}"));
        assert_ne!(name, submitted_name(at, b"{ }"));
        let key = report_key(Year::Y2024, Region::ALL[20], &name);
        assert!(ReportKey::parse(&key).is_some_and(|k| k.json));
    }
}
