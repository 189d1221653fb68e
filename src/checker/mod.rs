//! The checker page (`svf checker`, contract §8): one self-contained HTML file in which a
//! regional coordinator fills in or loads a report and sees, as they type, what the Lambda would
//! say of it, then downloads it to upload.
//!
//! The verdicts are the kernel's own: the page carries the kernel compiled to WebAssembly
//! (`kernel/wasm`, built by `scripts/wasm.sh`, which also checks that the module committed here
//! is the one the kernel's sources build). The words are the notification's own: every label,
//! verdict, remedy and hint is taken from [`svf_functions::present::wording`] when the page is written, and
//! the page puts them together line by line as the notification does. The form follows each
//! year's rules ([`Rules::of`]): its narrative sections, PREM, the 2026 lead-time diagnoses.
//!
//! RCC staff use the same page for an RCC's report on the special investments
//! (`svf-rcc-report/1`, contract §7): its words are the RCC notification's
//! ([`rcc_notification`]), taken from notifications of made-up reports when the page is
//! written, and its amounts, typed in kronor, become öre in the kernel, never in the script.
//!
//! The page needs no network: a Content-Security-Policy forbids every fetch, and the module,
//! styles and script are inline.

use std::collections::BTreeMap;

use serde::Serialize;
use svf_functions::contract::upload_ref::UploadRef;
use svf_functions::present::place;
use svf_functions::present::rcc_notification;
use svf_functions::present::wording::{self, Language};
use svf_kernel::Ore;
use svf_kernel::assessment::MAX_JSON_BYTES;
use svf_kernel::rcc::{Area, ProjectField, Rcc, RccAssessment, RccMissing};
use svf_kernel::region::{Region, Year};
use svf_kernel::report::{MAX_LEAD_TIMES, MAX_REPORT_BYTES};
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;
use svf_kernel::vocabulary::{
    Advice, BaselineField, ConditionId, EntryField, Missing, PaymentId, SectionName, SpecialReport,
};

/// The kernel as WebAssembly (`kernel/wasm`, release build; `scripts/wasm.sh` rebuilds it).
pub const KERNEL_WASM: &[u8] = include_bytes!("../../kernel/wasm/svf_kernel.wasm");

const TEMPLATE: &str = include_str!("checker.html");
const STYLE: &str = include_str!("checker.css");
const SCRIPT: &str = include_str!("checker.js");
/// *Skicka in* (contract §10): the section and its script, only in a page with an API.
const FRONT_HTML: &str = include_str!("front.html");
const FRONT_SCRIPT: &str = include_str!("front.js");
/// The page's policy: nothing fetched, nothing sent.
const OFFLINE_POLICY: &str = "default-src 'none';";
/// What the header says of the network, offline and with *Skicka in*.
const OFFLINE_WORDS: &str = "Ingenting skickas någonstans: sidan fungerar utan nätverk.";
const FRONT_WORDS: &str = "Ingenting skickas förrän du loggar in och väljer Skicka in; \
                           kontrollen fungerar utan nätverk.";

/// What the page's script knows beyond the kernel: the years' forms and the words.
#[derive(Serialize)]
struct Data<'a> {
    /// Where *Skicka in* sends, in a page with an API; `null` offline.
    front: Option<&'a Front>,
    years: Vec<YearForm>,
    regions: Vec<RegionEntry>,
    words: Words,
    rcc: RccData,
    max_report_bytes: usize,
    max_json_bytes: usize,
}

/// What the RCC form knows: the RCCs, each year's areas, and the RCC notification's words.
#[derive(Serialize)]
struct RccData {
    rccs: Vec<Named>,
    years: Vec<RccYear>,
    words: RccWords,
}

/// The special investments of one agreement year, in the agreement's order.
#[derive(Serialize)]
struct RccYear {
    year: u16,
    areas: Vec<Named>,
}

/// The lines of an RCC's notification, as the page puts them together: `{area}`, `{n}` and
/// `{amount}` stand for what the assessment says.
#[derive(Default, Serialize)]
struct RccWords {
    complete: String,
    incomplete: String,
    /// `- och {n} uppgifter till om projekten`.
    more: String,
    granted_heading: String,
    /// `- {area}: {n} projekt, {amount}`.
    granted: String,
    note: String,
    /// What to add, by the missing path with its indexes as `[]` (`areas[].criteria`).
    missing: BTreeMap<String, String>,
    /// Each area's name in Swedish, by its id.
    areas: BTreeMap<&'static str, &'static str>,
    /// Why a typed number was refused, by the kernel's reason (`{c}`: the character), after
    /// [`RccWords::amount`] or [`RccWords::count`].
    number: BTreeMap<&'static str, &'static str>,
    /// `Beloppet`: what a refused amount's reason is said of.
    amount: &'static str,
    /// `Antalet`: what a refused count's reason is said of.
    count: &'static str,
}

/// One region of the form's list.
#[derive(Serialize)]
struct RegionEntry {
    code: &'static str,
    name: &'static str,
}

/// What the form asks for in one agreement year, from its rules.
#[derive(Serialize)]
struct YearForm {
    year: u16,
    prem: bool,
    /// `(month, day)` of the last day, for the form's default upload date.
    deadline: (u8, u8),
    inclusion_goal_percent: u8,
    lead_time_goal_percent: u8,
    diagnoses: Vec<Named>,
    sections: Vec<Named>,
}

/// An id and its Swedish name.
#[derive(Serialize)]
struct Named {
    id: String,
    name: String,
}

/// The notification's Swedish words, keyed by the contract's ids.
#[derive(Serialize)]
struct Words {
    verdict: BTreeMap<&'static str, &'static str>,
    conditions: BTreeMap<String, ConditionWords>,
    parts: BTreeMap<&'static str, PartWords>,
    missing: BTreeMap<String, String>,
    /// The report's fields by path pattern (`lead_times[].patients`), as
    /// [`place::names`] has them, for a fault's place.
    places: BTreeMap<String, String>,
    rejected: &'static str,
    correct_and_upload: &'static str,
    complete: &'static str,
    incomplete: String,
    incomplete_by: String,
    conditions_heading: &'static str,
    required: &'static str,
    advice: BTreeMap<String, String>,
    advice_heading: &'static str,
}

/// A condition's name and what to do when it is not met.
#[derive(Serialize)]
struct ConditionWords {
    label: String,
    remedy: Option<&'static str>,
}

/// A payment's name and its two verdicts.
#[derive(Serialize)]
struct PartWords {
    name: &'static str,
    met: &'static str,
    not_met: &'static str,
}

const SV: Language = Language::Swedish;
/// Stands for the last day in [`Words::incomplete_by`]; the page puts the day in its place.
const DAY: &str = "{day}";

fn words() -> Words {
    let mut conditions = BTreeMap::new();
    let mut missing = BTreeMap::new();
    let mut advice_words = BTreeMap::new();
    let mut add_missing = |m: Missing| {
        let text = wording::how_to_add(&svf_functions::contract::word::Word::Known(m.clone()), SV);
        missing.insert(m.to_string(), text);
    };
    for m in [
        Missing::NewCases,
        Missing::InSvf,
        Missing::PremUsed,
        Missing::PeriodFrom,
        Missing::PeriodTo,
    ] {
        add_missing(m);
    }
    for name in SectionName::ALL {
        add_missing(Missing::Narrative(name));
    }
    for index in 0..u16::try_from(MAX_LEAD_TIMES).unwrap_or(u16::MAX) {
        for field in EntryField::ALL {
            add_missing(Missing::EntryField { index, field });
        }
    }
    let mut ids = vec![
        ConditionId::Inclusion,
        ConditionId::Prem,
        ConditionId::Deadline,
        ConditionId::SpecialReport(SpecialReport::Colorectal),
        ConditionId::SpecialReport(SpecialReport::Myeloma),
    ];
    for year in Year::ALL {
        for diagnosis in Rules::of(year).lead_time_diagnoses() {
            add_missing(Missing::LeadTime(diagnosis.clone()));
            for field in BaselineField::ALL {
                add_missing(Missing::Baseline {
                    diagnosis: diagnosis.clone(),
                    field,
                });
            }
            let advice = Advice::Reason(diagnosis.clone());
            advice_words.insert(advice.to_string(), wording::advice(&advice, SV));
            let id = ConditionId::LeadTime(diagnosis.clone());
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    for id in ids {
        conditions.insert(
            id.to_string(),
            ConditionWords {
                label: wording::label(&id, SV),
                remedy: wording::remedy(&id, Some(false), SV),
            },
        );
    }
    let parts = PaymentId::ALL
        .into_iter()
        .map(|id| {
            let words = PartWords {
                name: wording::part_name(id, SV),
                met: wording::part_verdict(true, SV),
                not_met: wording::part_verdict(false, SV),
            };
            (id.as_str(), words)
        })
        .collect();
    let verdict = [
        ("true", wording::verdict(Some(true), SV)),
        ("false", wording::verdict(Some(false), SV)),
        ("null", wording::verdict(None, SV)),
    ]
    .into_iter()
    .collect();
    Words {
        verdict,
        conditions,
        parts,
        missing,
        rejected: wording::rejected(SV),
        correct_and_upload: wording::correct_and_upload(SV),
        complete: wording::complete(SV),
        incomplete: wording::incomplete(None, SV),
        incomplete_by: wording::incomplete(Some(DAY), SV),
        conditions_heading: wording::conditions_heading(SV),
        required: SV.pick("krav", "required"),
        advice: advice_words,
        advice_heading: wording::advice_heading(SV),
        places: place::names(SV),
    }
}

fn year_form(year: Year) -> YearForm {
    let rules = Rules::of(year);
    YearForm {
        year: year.number(),
        prem: rules.prem(),
        deadline: (rules.deadline().month(), rules.deadline().day()),
        inclusion_goal_percent: rules.inclusion_goal_percent(),
        lead_time_goal_percent: rules.lead_time_goal_percent(),
        diagnoses: rules
            .lead_time_diagnoses()
            .iter()
            .map(|d| Named {
                id: d.as_str().to_owned(),
                name: wording::diagnosis(d, SV).to_owned(),
            })
            .collect(),
        sections: rules
            .narrative()
            .iter()
            .map(|s| Named {
                id: s.as_str().to_owned(),
                name: wording::section(*s, SV).to_owned(),
            })
            .collect(),
    }
}

/// A made-up RCC report of 2024, every area with `projects` projects: complete with them
/// filled (the first area's first amount 1 234 567,89 kr, three projects there), or with empty
/// ones and without a stage or criteria, so that more is missing than the list has room for.
fn rcc_sample(complete: bool) -> Vec<u8> {
    let areas: Vec<serde_json::Value> = Area::of_year(Year::Y2024)
        .iter()
        .enumerate()
        .map(|(index, area)| {
            let projects: Vec<serde_json::Value> = (0..if index == 0 { 3 } else { 1 })
                .map(|_| {
                    if complete {
                        serde_json::json!({"name": "n", "recipient": "r",
                            "amount_ore": RCC_SAMPLE_ORE / 3, "description": "d"})
                    } else {
                        serde_json::json!({})
                    }
                })
                .chain((0..if complete { 0 } else { 40 }).map(|_| serde_json::json!({})))
                .collect();
            if complete {
                serde_json::json!({"area": area.as_str(), "criteria": "k", "projects": projects})
            } else {
                serde_json::json!({"area": area.as_str(), "projects": projects})
            }
        })
        .collect();
    let mut report = serde_json::json!({"schema": "svf-rcc-report/1", "agreement_year": 2024,
        "rcc": "vast", "areas": areas});
    if complete {
        report["stage"] = serde_json::json!("first");
    }
    serde_json::to_vec(&report).unwrap_or_default()
}

/// The first area's sum in [`rcc_sample`]: three projects of a third each.
const RCC_SAMPLE_ORE: i64 = 123_456_789;

/// The Swedish lines of the notification of `assessment`, from the first after its header.
fn rcc_lines(assessment: &RccAssessment) -> Vec<String> {
    let upload = UploadRef::new("checker", "");
    let note = rcc_notification::notification(&upload, assessment, None);
    note.text_sv
        .lines()
        .skip_while(|l| !l.starts_with("Mottagen"))
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn rcc_words() -> RccWords {
    // 2024-09-27T12:00:00Z, in range: never the empty words.
    let Some(received) = Instant::from_unix_seconds(1_727_438_400) else {
        return RccWords::default();
    };
    let complete = RccAssessment::of_bytes(&rcc_sample(true), received);
    let incomplete = RccAssessment::of_bytes(&rcc_sample(false), received);
    let done = rcc_lines(&complete);
    let lacking = rcc_lines(&incomplete);
    let line = |lines: &[String], at: usize| lines.get(at).cloned().unwrap_or_default();
    let (_, more) = incomplete.missing();
    let more_line = lacking
        .iter()
        .find(|l| l.contains(&format!(" {more} ")))
        .map_or_else(String::new, |l| {
            l.replacen(&format!(" {more} "), " {n} ", 1)
        });
    let first = complete.areas().first();
    let granted = first.map_or_else(String::new, |a| {
        line(&done, 2)
            .replacen(wording::area(a.area, SV), "{area}", 1)
            .replacen(&format!(": {} ", a.projects), ": {n} ", 1)
            .replacen(&Ore(a.granted_ore).to_string(), "{amount}", 1)
    });
    RccWords {
        complete: line(&done, 0),
        incomplete: line(&lacking, 0),
        more: more_line,
        granted_heading: line(&done, 1),
        granted,
        note: done.last().cloned().unwrap_or_default(),
        missing: rcc_missing_words(),
        areas: Area::ALL
            .into_iter()
            .map(|a| (a.as_str(), wording::area(a, SV)))
            .collect(),
        number: [
            ("empty", "är tomt"),
            ("negative", "kan inte vara negativt"),
            (
                "not_a_digit",
                "har tecknet ”{c}”, som inte är en siffra: skriv bara siffror, mellanslag mellan \
                 tusental och decimalkomma (1 250 000,50)",
            ),
            (
                "grouping",
                "har mellanslag som inte står mellan grupper om tre siffror (1 250 000)",
            ),
            (
                "decimals",
                "ska ha högst ett decimalkomma, följt av en eller två siffror för ören \
                 (1 250 000,50)",
            ),
            ("too_large", "är för stort"),
            ("not_text", "är inte text"),
        ]
        .into_iter()
        .collect(),
        amount: "Beloppet",
        count: "Antalet",
    }
}

/// What to add to an RCC's report, by the missing path with its indexes as `[]`
/// (`areas[].criteria`), as the RCC notification says it after the path.
fn rcc_missing_words() -> BTreeMap<String, String> {
    let mut missing = BTreeMap::new();
    let mut add = |m: RccMissing| {
        let path = m.to_string();
        let text = wording::rcc_missing(&m, SV);
        let what = text
            .strip_prefix(&format!("{path}: "))
            .unwrap_or(&text)
            .to_owned();
        let mut pattern = String::new();
        let mut in_index = false;
        for c in path.chars() {
            match c {
                '[' => {
                    in_index = true;
                    pattern.push_str("[]");
                }
                ']' => in_index = false,
                _ if in_index => {}
                _ => pattern.push(c),
            }
        }
        missing.insert(pattern, what);
    };
    for m in [
        RccMissing::Stage,
        RccMissing::Areas,
        RccMissing::Criteria(0),
        RccMissing::GoodExamples,
        RccMissing::Proposals,
        RccMissing::Results,
        RccMissing::LeadTimeEffects,
    ] {
        add(m);
    }
    for area in Area::ALL {
        add(RccMissing::Area(area));
    }
    for field in [
        ProjectField::Name,
        ProjectField::Recipient,
        ProjectField::Amount,
        ProjectField::Description,
        ProjectField::Results,
    ] {
        add(RccMissing::Project {
            area: 0,
            project: 0,
            field,
        });
    }
    missing
}

fn rcc_data() -> RccData {
    RccData {
        rccs: Rcc::ALL
            .into_iter()
            .map(|r| Named {
                id: r.as_str().to_owned(),
                name: format!("RCC {}", r.name()),
            })
            .collect(),
        years: Year::ALL
            .into_iter()
            .filter(|y| !Area::of_year(*y).is_empty())
            .map(|year| RccYear {
                year: year.number(),
                areas: Area::of_year(year)
                    .iter()
                    .map(|a| Named {
                        id: a.as_str().to_owned(),
                        name: wording::area(*a, SV).to_owned(),
                    })
                    .collect(),
            })
            .collect(),
        words: rcc_words(),
    }
}

/// Where a page with *Skicka in* sends (contract §10): the front door and the user pool's
/// endpoint, each an `http(s)://` address the page's policy lets it reach, and nothing else.
///
/// Invariant: both are absolute `http` or `https` addresses of plain characters (no quote,
/// space, comma or semicolon that could end the policy or the attribute they are written into),
/// and `api` ends with `/`, so the page's calls are `{api}reports/2024`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Front {
    api: String,
    cognito: String,
}

/// The default user pool endpoint: svf is deployed in Stockholm (docs/DEPLOYING.md).
pub const COGNITO_STOCKHOLM: &str = "https://cognito-idp.eu-north-1.amazonaws.com/";

impl Front {
    /// The front door at `api`, its users signing in at `cognito`.
    ///
    /// # Errors
    /// Why an address cannot be one, naming it.
    pub fn new(api: &str, cognito: &str) -> Result<Front, String> {
        origin(api)?;
        origin(cognito)?;
        let api = if api.ends_with('/') {
            api.to_owned()
        } else {
            format!("{api}/")
        };
        Ok(Front {
            api,
            cognito: cognito.to_owned(),
        })
    }

    /// The page's policy: the offline one, but that it may reach these two origins.
    fn policy(&self) -> String {
        // Both were checked by `new`.
        let (api, cognito) = (
            origin(&self.api).unwrap_or_default(),
            origin(&self.cognito).unwrap_or_default(),
        );
        format!("default-src 'none'; connect-src {api} {cognito};")
    }
}

/// The origin of an absolute `http(s)` address (`https://host:port`).
///
/// # Errors
/// Why `address` is not one, naming it.
fn origin(address: &str) -> Result<&str, String> {
    let refused = |why: &str| {
        Err(format!(
            "{address:?} is not an address the page can call: {why}"
        ))
    };
    let Some(rest) = address
        .strip_prefix("https://")
        .or_else(|| address.strip_prefix("http://"))
    else {
        return refused("it must start with https:// (or http:// for a test server)");
    };
    let plain = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!&+=%".contains(c);
    if !address.chars().all(plain) {
        return refused(
            "it has a character an address cannot (a space, a quote, a comma, a semicolon, a letter outside ASCII)",
        );
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.contains('@') {
        return refused("it names no host");
    }
    Ok(&address[..address.len() - rest.len() + host.len()])
}

/// The page's data as JSON, safe inside a `<script>` element (no `<` can close it).
fn data_json(front: Option<&Front>) -> String {
    let data = Data {
        front,
        years: Year::ALL.into_iter().map(year_form).collect(),
        regions: Region::ALL
            .into_iter()
            .map(|r| RegionEntry {
                code: r.code(),
                name: r.name(),
            })
            .collect(),
        words: words(),
        rcc: rcc_data(),
        max_report_bytes: MAX_REPORT_BYTES,
        max_json_bytes: MAX_JSON_BYTES,
    };
    // Serialising these plain types cannot fail; an empty object would only leave the form empty.
    serde_json::to_string(&data)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c")
}

/// Standard base64 (RFC 4648, with padding), for the module inside the page.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The whole page, offline.
pub fn page() -> String {
    page_with(None)
}

/// The whole page; with *Skicka in* when `front` says where to send.
pub fn page_with(front: Option<&Front>) -> String {
    let page = TEMPLATE
        .replace("/*STYLE*/", STYLE)
        .replace("/*DATA*/", &data_json(front))
        .replace("/*WASM*/", &base64(KERNEL_WASM));
    match front {
        None => page.replace("/*SCRIPT*/", SCRIPT),
        Some(front) => page
            .replace(OFFLINE_POLICY, &front.policy())
            .replace(OFFLINE_WORDS, FRONT_WORDS)
            .replace("</main>", &format!("{FRONT_HTML}</main>"))
            .replace("/*SCRIPT*/", &format!("{SCRIPT}\n{FRONT_SCRIPT}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648() {
        // RFC 4648 §10's test vectors.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn a_page_with_skicka_in_may_reach_its_api_and_pool_and_nothing_else() {
        let front = Front::new(
            "https://abc.lambda-url.eu-north-1.on.aws",
            COGNITO_STOCKHOLM,
        )
        .unwrap();
        let page = page_with(Some(&front));
        assert!(page.contains(
            "default-src 'none'; connect-src https://abc.lambda-url.eu-north-1.on.aws \
             https://cognito-idp.eu-north-1.amazonaws.com;"
        ));
        assert!(page.contains("id=\"skicka\"") && page.contains(FRONT_WORDS));
        assert!(!page.contains(OFFLINE_WORDS));
        assert!(page.contains("\"api\":\"https://abc.lambda-url.eu-north-1.on.aws/\""));
        assert!(!page_with(None).contains("id=\"skicka\""));
        assert!(page_with(None).contains(OFFLINE_POLICY));
        for bad in [
            "ftp://x",
            "https://",
            "https://a b",
            "https://x; script-src *",
            "https://x\"",
            "https://x,y",
            "https://user@x",
            "https://é.se",
            "x.se",
        ] {
            assert!(Front::new(bad, COGNITO_STOCKHOLM).is_err(), "{bad}");
            assert!(Front::new("https://x.se", bad).is_err(), "{bad}");
        }
        assert_eq!(
            origin("http://127.0.0.1:9000/lambda-url/api/"),
            Ok("http://127.0.0.1:9000")
        );
    }

    #[test]
    fn the_page_holds_everything_and_fetches_nothing() {
        let page = page();
        assert!(page.contains("default-src 'none'"));
        for placeholder in ["/*STYLE*/", "/*DATA*/", "/*WASM*/", "/*SCRIPT*/"] {
            assert!(
                !page.contains(placeholder),
                "{placeholder} left in the page"
            );
        }
        for external in [
            "src=\"http",
            "href=\"http",
            "src=\"//",
            "href=\"//",
            "@import",
        ] {
            assert!(!page.contains(external), "{external} in the page");
        }
        assert!(page.contains(&base64(KERNEL_WASM)));
    }

    /// The RCC form's lines are the RCC notification's, with the places the page fills in: an
    /// empty word would mean the notification's layout changed under them.
    #[test]
    fn the_rcc_words_are_the_notifications_with_their_places() {
        let words = rcc_words();
        assert_eq!(words.complete, "Redovisningen är komplett.");
        assert!(
            words
                .incomplete
                .starts_with("Redovisningen är inte komplett.")
        );
        assert_eq!(words.more, "- och {n} uppgifter till om projekten");
        assert_eq!(words.granted, "- {area}: {n} projekt, {amount}");
        assert_eq!(words.granted_heading, "Beviljat per område:");
        assert!(
            words.note.starts_with("Vad RCC har tagit emot"),
            "{}",
            words.note
        );
        // Every kind of missing path: seven of the report, one per area, five of a project.
        assert_eq!(words.missing.len(), 7 + Area::ALL.len() + 5);
        assert_eq!(
            words.missing["areas[].projects[].amount_ore"],
            "ange beviljat belopp i öre"
        );
        assert_eq!(
            words.missing["areas.bild_och_funktionsmedicin"],
            "redovisa området bild- och funktionsmedicin"
        );
        let data: serde_json::Value = serde_json::from_str(&data_json(None)).unwrap();
        assert_eq!(
            data["rcc"]["rccs"].as_array().unwrap().len(),
            Rcc::ALL.len()
        );
        assert_eq!(
            data["rcc"]["years"][0]["year"], 2023,
            "2022 has no special investments"
        );
    }

    #[test]
    fn every_year_has_its_form_and_every_condition_its_words() {
        let data: serde_json::Value = serde_json::from_str(&data_json(None)).unwrap();
        assert_eq!(data["years"].as_array().unwrap().len(), Year::ALL.len());
        assert_eq!(data["regions"].as_array().unwrap().len(), Region::ALL.len());
        let y2026 = &data["years"][4];
        assert_eq!(y2026["year"], 2026);
        assert_eq!(y2026["diagnoses"].as_array().unwrap().len(), 4);
        for year in Year::ALL {
            let rules = Rules::of(year);
            for d in rules.lead_time_diagnoses() {
                let id = ConditionId::LeadTime(d.clone()).to_string();
                assert!(
                    data["words"]["conditions"][&id]["label"].is_string(),
                    "{id}"
                );
            }
        }
        assert_eq!(
            data["words"]["missing"]["inclusion.new_cases"],
            "Inklusion: nya fall (inclusion.new_cases): ange antalet nya cancerfall under perioden"
        );
    }
}
