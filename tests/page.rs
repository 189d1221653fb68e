//! The summary page, `summary/{year}/index.html`, as a browser lays it out: the pipeline runs
//! as a user runs it (`svf demo`, `svf process`), then headless Chromium opens the page from
//! disk and the test reads the rendered table and chart (row count, amounts against
//! `payments.json`, right-aligned numbers, bar heights against the rates and the goal line),
//! and saves a full-page screenshot to `target/page/index-{year}.png`.
//!
//! Chromium is the Debian package `chromium` (`scripts/setup.sh` installs it); without it the
//! test fails and says so. `SVF_CHROMIUM` names another binary.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::types::Bounds;
use headless_chrome::{Browser, LaunchOptions};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::support::{svf, tempdir, tool};

const CHROMIUM: &str = "/usr/bin/chromium";
const WIDTH: u32 = 1440;

/// The system's Chromium (or `SVF_CHROMIUM`), when it is there.
pub(crate) fn chromium() -> Option<PathBuf> {
    let path =
        std::env::var_os("SVF_CHROMIUM").map_or_else(|| PathBuf::from(CHROMIUM), PathBuf::from);
    tool(
        &path,
        "the page test renders summary/{year}/index.html in headless Chromium; install the \
         Debian package `chromium` (bash scripts/setup.sh does) or set SVF_CHROMIUM",
    )
}

/// A headless Chromium of one test's own. Tests take turns: `headless_chrome` picks a free
/// debugging port before Chromium binds it, so two launched at once can end up talking to one
/// browser, and the first test to finish closes the other's.
pub(crate) struct Session {
    browser: Browser,
    _turn: std::sync::MutexGuard<'static, ()>,
}

impl std::ops::Deref for Session {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.browser
    }
}

static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub(crate) fn browser(chromium: PathBuf) -> Session {
    // A test that failed while holding its turn leaves the lock poisoned, not the browser.
    let turn = TURN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let args: Vec<&OsStr> = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--hide-scrollbars",
        "--lang=sv-SE",
    ]
    .into_iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium))
        .headless(true)
        .sandbox(false)
        .window_size(Some((WIDTH, 1000)))
        .idle_browser_timeout(Duration::from_mins(2))
        .args(args)
        .build()
        .expect("launch options");
    Session {
        browser: Browser::new(options).expect("headless Chromium starts"),
        _turn: turn,
    }
}

/// What the test reads of the laid-out page.
#[derive(Debug, Deserialize)]
struct Rendered {
    lang: String,
    charset: String,
    scripts: usize,
    external: Vec<String>,
    height: f64,
    table: Rect,
    table_display: String,
    table_overflow: f64,
    columns: Vec<(String, f64)>,
    rows: Vec<Row>,
    bars: Vec<Bar>,
    goal: Rect,
    goal_procent: String,
    national: BTreeMap<String, String>,
    lead_time_rows: usize,
    deviations: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Rect {
    top: f64,
    bottom: f64,
    left: f64,
    right: f64,
    width: f64,
    height: f64,
}

#[derive(Debug, Deserialize)]
struct Row {
    region: String,
    name: String,
    population: String,
    amounts: Vec<Amount>,
    verdicts: BTreeMap<String, String>,
    height: f64,
}

#[derive(Debug, Deserialize)]
struct Amount {
    payment: String,
    ore: String,
    text: String,
    align: String,
}

#[derive(Debug, Deserialize)]
struct Bar {
    region: String,
    procent: String,
    class: String,
    fill: String,
    rect: Rect,
}

/// Reads the page as laid out: one script, its answer as JSON.
const READ: &str = r"(() => {
  const rect = (e) => { const r = e.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right, width: r.width, height: r.height}; };
  const table = document.querySelector('#regioner');
  return JSON.stringify({
    lang: document.documentElement.lang,
    charset: document.characterSet,
    scripts: document.scripts.length,
    external: [...document.querySelectorAll('[src], link[href]')].map(e => e.outerHTML),
    height: document.documentElement.scrollHeight,
    table: rect(table),
    table_display: getComputedStyle(table).display,
    table_overflow: table.parentElement.scrollWidth - table.parentElement.clientWidth,
    columns: [...table.querySelectorAll('thead th')].map(th => [th.innerText, Math.round(th.getBoundingClientRect().width)]),
    rows: [...table.querySelectorAll('tbody tr')].map(tr => ({
      region: tr.dataset.region,
      name: tr.querySelector('th').innerText,
      population: tr.querySelector('[data-befolkning]').innerText,
      amounts: [...tr.querySelectorAll('td[data-betalning]')].map(td => ({
        payment: td.dataset.betalning, ore: td.dataset.ore, text: td.innerText,
        align: getComputedStyle(td).textAlign })),
      verdicts: Object.fromEntries([...tr.querySelectorAll('td[data-villkor]')]
        .map(td => [td.dataset.villkor, td.innerText])),
      height: tr.getBoundingClientRect().height })),
    bars: [...document.querySelectorAll('#inkludering rect.stapel')].map(b => ({
      region: b.dataset.region, procent: b.dataset.procent, class: b.getAttribute('class'),
      fill: getComputedStyle(b).fill, rect: rect(b) })),
    goal: rect(document.querySelector('#inkludering #mal')),
    goal_procent: document.querySelector('#mal').dataset.procent,
    national: Object.fromEntries([...document.querySelectorAll('#riket [data-nyckeltal]')]
      .map(d => [d.dataset.nyckeltal, d.querySelector('dd').innerText])),
    lead_time_rows: document.querySelectorAll('#ledtider tbody tr').length,
    deviations: [...document.querySelectorAll('#avvikelser > ul > li')].map(li => li.dataset.region),
  });
})()";

/// Opens the page in Chromium, reads it, saves a full-page screenshot; returns what it read and
/// the screenshot's path.
fn render(chromium: PathBuf, page: &Path, screenshot: &str) -> (Rendered, PathBuf) {
    let browser = browser(chromium);
    let tab = open(&browser, page);
    audit(&tab, screenshot);
    let first: Rendered = read(&tab, READ);
    let path = save_screenshot(&tab, first.height, screenshot);
    (read(&tab, READ), path)
}

/// axe-core, the accessibility engine, as `scripts/setup.sh` installs it from npm (pinned);
/// `None` (the audit is passed over) where it is not installed, unless `SVF_REQUIRE_TOOLS`.
fn axe() -> Option<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/node_modules/axe-core/axe.min.js");
    let found = tool(
        &path,
        "the accessibility audit runs axe-core (bash scripts/setup.sh installs it with npm)",
    )?;
    Some(std::fs::read_to_string(found).expect("axe-core reads"))
}

/// The page in `tab` audited by axe-core against WCAG 2.1 A and AA (the level the DOS law asks
/// of a Swedish agency's pages): no violation, each named with the elements it is found on.
pub(crate) fn audit(tab: &headless_chrome::Tab, what: &str) {
    let Some(axe) = axe() else { return };
    tab.evaluate(&axe, false)
        .expect("axe-core loads in the page");
    let found = tab
        .evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', \
             'wcag21aa']}, resultTypes: ['violations']}).then((r) => JSON.stringify({ \
             passes: r.passes.length, violations: r.violations.map((v) => ({id: v.id, impact: \
             v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))})) }))",
            true,
        )
        .expect("axe runs");
    let text = found
        .value
        .and_then(|v| v.as_str().map(str::to_owned))
        .expect("axe's results as text");
    let results: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        results["violations"],
        json!([]),
        "{what}: WCAG 2.1 AA violations found by axe-core"
    );
    println!("axe-core: {what}: no WCAG 2.1 A/AA violation");
}

/// A new tab of `browser` with `page` loaded from disk.
fn open(browser: &Browser, page: &Path) -> std::sync::Arc<headless_chrome::Tab> {
    let tab = browser.new_tab().expect("a tab");
    tab.navigate_to(&format!("file://{}", page.display()))
        .and_then(|t| t.wait_until_navigated())
        .expect("the page loads");
    tab
}

/// What the script `js` (which returns JSON text) reads of the page.
fn read<T: serde::de::DeserializeOwned>(tab: &headless_chrome::Tab, js: &str) -> T {
    let answer = tab.evaluate(js, false).expect("the page can be read");
    let Some(Value::String(json)) = answer.value else {
        panic!("reading the page gave {answer:?}")
    };
    serde_json::from_str(&json).expect("the page's reading is JSON")
}

/// A window as tall as the page (`height` pixels), so the screenshot holds all of it, saved as
/// `target/page/{name}`.
fn save_screenshot(tab: &headless_chrome::Tab, height: f64, name: &str) -> PathBuf {
    tab.set_bounds(Bounds::Normal {
        left: Some(0),
        top: Some(0),
        width: Some(f64::from(WIDTH)),
        height: Some(height.ceil() + 100.0),
    })
    .expect("the window can be resized");
    std::thread::sleep(Duration::from_millis(300));
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/page");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
    println!("screenshot: {}", path.display());
    path
}

/// `42 452 908 kr` (any spaces) → öre.
fn ore_of(text: &str) -> i64 {
    let first_line = text.lines().next().unwrap_or_default();
    let digits: String = first_line
        .strip_suffix("kr")
        .unwrap_or_else(|| panic!("{text:?} is an amount in kronor"))
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    digits.parse::<i64>().expect("whole kronor") * 100
}

/// Hundredths of a percent from `data-procent` (`81.07`).
fn hundredths(procent: &str) -> u32 {
    let (whole, decimals) = procent.split_once('.').expect("two decimals");
    assert_eq!(decimals.len(), 2, "{procent}");
    whole.parse::<u32>().unwrap() * 100 + decimals.parse::<u32>().unwrap()
}

/// The checks every page must pass, against the year's `payments.json` and assessments.
fn check(bucket: &Path, year: u16, page: &Rendered) {
    check_table(bucket, year, page);
    check_chart(bucket, year, page);
}

/// The table and the national figures against `payments.json`.
fn check_table(bucket: &Path, year: u16, page: &Rendered) {
    let summary: Value = serde_json::from_slice(
        &std::fs::read(bucket.join(format!("summary/{year}/payments.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(page.lang, "sv");
    assert_eq!(page.charset, "UTF-8");
    assert_eq!(page.scripts, 0, "no script");
    assert!(
        page.external.is_empty(),
        "no external asset: {:?}",
        page.external
    );

    // The table: visible, 21 rows in the payments' order, every amount that of payments.json.
    assert_eq!(page.table_display, "table");
    assert!(
        page.table_overflow <= 0.0,
        "the table fits a {WIDTH} px window without scrolling sideways ({} px over): {:?}",
        page.table_overflow,
        page.columns
    );
    assert!(
        page.table.width > 900.0 && page.table.height > 21.0 * 20.0,
        "{:?}",
        page.table
    );
    let rows = summary["rows"].as_array().unwrap();
    assert_eq!(page.rows.len(), 21);
    assert_eq!(rows.len(), 21);
    let ids: Vec<&str> = summary["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for (shown, row) in page.rows.iter().zip(rows) {
        assert_eq!(shown.region, row["code"].as_str().unwrap());
        // The page names the region as svf knows it; payments.json keeps the table's spelling.
        let region = svf_kernel::region::Region::from_code(&shown.region).unwrap();
        assert_eq!(shown.name, region.name());
        assert_eq!(
            crate::support::grouped_number(&shown.population.replace('\u{a0}', " ")),
            row["population"].as_i64().unwrap()
        );
        assert!(shown.height > 10.0, "{} is laid out", shown.region);
        let payments: Vec<&str> = shown.amounts.iter().map(|a| a.payment.as_str()).collect();
        assert_eq!(payments, ids);
        for amount in &shown.amounts {
            let expected = row["amounts_ore"][&amount.payment].as_i64().unwrap();
            assert_eq!(
                ore_of(&amount.text),
                expected,
                "{} {}",
                shown.region,
                amount.payment
            );
            assert_eq!(amount.ore, expected.to_string());
            assert_eq!(amount.align, "right", "amounts are right-aligned");
        }
        for (condition, text) in &shown.verdicts {
            // The verdict's words, under the rate where there is one.
            let verdict = text.lines().last().unwrap_or_default();
            assert!(
                ["✓ uppfyllt", "✗ ej uppfyllt", "– saknas"].contains(&verdict),
                "{} {condition}: {text:?}",
                shown.region
            );
        }
    }
    let withheld: i64 = summary["withheld_ore"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_i64().unwrap())
        .sum();
    // Nothing withheld is not shown as "Innehålls 0 kr".
    match page.national.get("innehalls") {
        Some(card) => assert_eq!(ore_of(card), withheld),
        None => assert_eq!(
            withheld, 0,
            "the withheld card is there when money is withheld"
        ),
    }
    let total: i64 = summary["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["total_ore"].as_i64().unwrap())
        .sum();
    assert_eq!(ore_of(&page.national["totalt"]), total);
    assert_eq!(ore_of(&page.national["utbetalas"]), total - withheld);
}

/// The chart: a bar per region, its height in proportion to the rate, pass or fail as the
/// assessment decided, and the goal line between the failing and the passing bars.
fn check_chart(bucket: &Path, year: u16, page: &Rendered) {
    assert_eq!(page.bars.len(), 21);
    let goal_y = f64::midpoint(page.goal.top, page.goal.bottom);
    let measured: Vec<(&Bar, u32)> = page
        .bars
        .iter()
        .filter(|b| !b.procent.is_empty())
        .map(|b| (b, hundredths(&b.procent)))
        .collect();
    assert!(!measured.is_empty());
    let baseline = measured[0].0.rect.bottom;
    // Pixels per hundredth of a percent, from the bars together.
    let scale = measured.iter().map(|(b, _)| b.rect.height).sum::<f64>()
        / measured.iter().map(|(_, h)| f64::from(*h)).sum::<f64>();
    for (bar, rate) in &measured {
        assert!(
            (bar.rect.bottom - baseline).abs() < 0.5,
            "{} stands on the axis",
            bar.region
        );
        assert!(
            (bar.rect.height - f64::from(*rate) * scale).abs() < 0.5,
            "{}: {} px for {}",
            bar.region,
            bar.rect.height,
            bar.procent
        );
        let assessment: Value = serde_json::from_slice(
            &std::fs::read(bucket.join(format!("assessments/{year}/{}.json", bar.region))).unwrap(),
        )
        .unwrap();
        let met = assessment["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "inclusion")
            .unwrap()["met"]
            .as_bool();
        match met {
            Some(true) => {
                assert_eq!(bar.class, "stapel uppfyllt", "{}", bar.region);
                assert!(
                    bar.rect.top <= goal_y + 0.5,
                    "{} reaches the goal line",
                    bar.region
                );
                assert!(bar.fill.starts_with("rgb("), "{}: a plain fill", bar.region);
            }
            Some(false) => {
                assert_eq!(bar.class, "stapel ej-uppfyllt", "{}", bar.region);
                assert!(
                    bar.rect.top > goal_y - 0.5,
                    "{} is below the goal line",
                    bar.region
                );
                assert!(bar.fill.starts_with("url("), "{}: striped", bar.region);
            }
            None => panic!("{}: a rate without a verdict", bar.region),
        }
    }
    for (a, ra) in &measured {
        for (b, rb) in &measured {
            if ra > rb {
                assert!(
                    a.rect.height > b.rect.height,
                    "{} above {}",
                    a.region,
                    b.region
                );
            }
        }
    }
    // The table shows the rate each bar stands for.
    for bar in &page.bars {
        let row = page.rows.iter().find(|r| r.region == bar.region).unwrap();
        let shown = row.verdicts["inclusion"].replace('\u{a0}', " ");
        if bar.procent.is_empty() {
            assert_eq!(shown, "– saknas", "{}", bar.region);
        } else {
            let rate = format!("{} %", bar.procent.replace('.', ","));
            assert_eq!(shown.lines().next(), Some(rate.as_str()), "{}", bar.region);
        }
    }
    let goal = hundredths(&page.goal_procent);
    assert!(
        (baseline - goal_y - f64::from(goal) * scale).abs() < 1.0,
        "the goal line at {} %",
        page.goal_procent
    );
    for bar in page.bars.iter().filter(|b| b.procent.is_empty()) {
        assert_eq!(bar.class, "stapel saknas");
        let assessed = bucket
            .join(format!("assessments/{year}/{}.json", bar.region))
            .exists();
        assert!(
            !assessed,
            "{}: only a region without a rate has no bar",
            bar.region
        );
    }
}

#[test]
fn the_demo_page_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("page-demo");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = dir.join("summary/2024/index.html");
    assert!(
        run.stdout.contains(&page.display().to_string()),
        "the demo names its page: {}",
        run.stdout
    );
    let (rendered, _) = render(chromium, &page, "index-2024.png");
    check(&dir, 2024, &rendered);
    assert!(rendered.bars.iter().all(|b| b.class == "stapel uppfyllt"));
    assert_eq!(rendered.national["alla-villkor"], "21 av 21");
    assert!(rendered.deviations.is_empty());
    assert_eq!(
        rendered.lead_time_rows, 0,
        "no lead-time requirement before 2026"
    );
    assert_eq!(
        rendered.rows[0].amounts[1].text.replace('\u{a0}', " "),
        "42 452 908 kr",
        "Stockholm's second payment, as published"
    );

    // The demo's 2026: lead times from the agency's file, Gävleborg without part B with its
    // reason, Gotland paid part A by the ministry's decision, Halland complete after the
    // feedback, figures by sex over five patients.
    let page = dir.join("summary/2026/index.html");
    assert!(
        run.stdout.contains(&page.display().to_string()),
        "the demo names its 2026 page: {}",
        run.stdout
    );
    let Some(chromium) = self::chromium() else {
        return;
    };
    let (rendered, _) = render(chromium, &page, "index-2026-demo.png");
    check(&dir, 2026, &rendered);
    assert_eq!(rendered.deviations, ["09", "21"]);
    let row = |code: &str| rendered.rows.iter().find(|r| r.region == code).unwrap();
    assert_eq!(row("21").verdicts["lead_time"], "✗ ej uppfyllt");
    assert_eq!(row("13").verdicts["deadline"], "✓ uppfyllt");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("MR-kameran var ur drift i sex veckor"),
        "Gävleborg's reason"
    );
    assert!(html.contains("S2026/EXEMPEL-1"), "the decision on Gotland");
    let payments: Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary/2026/payments.json")).unwrap())
            .unwrap();
    let gotland = &payments["rows"][7];
    assert_eq!(gotland["code"], "09");
    assert_eq!(
        gotland["eligible"],
        json!({"first": true, "second_a": true, "second_b": false})
    );
    let Some(chromium) = self::chromium() else {
        return;
    };
    let picture = read_picture(chromium, &page);
    assert!(
        picture
            .kon
            .iter()
            .any(|row| row.cells.iter().any(|c| c.contains('%'))),
        "figures by sex shown: {:?}",
        picture.kon
    );
    let halland = std::fs::read_dir(dir.join("notifications/2026/13"))
        .unwrap()
        .count();
    assert_eq!(halland, 2, "Halland heard of both its uploads");
}

/// A 2026 report of a region, from its 2024 demo report's inclusion counts: complete, received
/// in time, with lead times for the four diagnoses of part B.
fn report_2026(index: u32, code: &str, in_svf_percent: Option<u64>, myeloma: bool) -> Vec<u8> {
    let demo: Value = serde_json::from_slice(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("demo/reports-2024/{code}.json")),
        )
        .unwrap(),
    )
    .unwrap();
    let new_cases = demo["inclusion"]["new_cases"].as_u64().unwrap();
    let in_svf = in_svf_percent.map_or(demo["inclusion"]["in_svf"].as_u64().unwrap(), |p| {
        new_cases * p / 100
    });
    let lead_time = |svf: &str, share: u64, percent: u64, baseline: u64| {
        let patients = (new_cases / share).max(20);
        json!({"svf": svf, "patients": patients, "within_target": patients * percent / 100,
               "baseline_patients": patients, "baseline_within_target": patients * baseline / 100})
    };
    let step = u64::from(index % 5);
    // Rectum falls short in every sixth region, prostate in Halland.
    let (rectum, rectum_before) = if index % 6 == 2 { (58, 64) } else { (71, 64) };
    let (prostate, prostate_before) = if code == "13" { (45, 52) } else { (82, 74) };
    let mut narrative = json!({
        "lead_times": "Ledtiderna följs upp varje månad per vårdförlopp.",
        "prem_use": "PREM-resultaten återkopplas till processägarna.",
        "colorectal": "Särskild redovisning för tjock- och ändtarmscancer bifogas."
    });
    if myeloma {
        narrative["myeloma"] = json!("Särskild redovisning för myelom bifogas.");
    }
    json!({
        "schema": "svf-report/1", "agreement_year": 2026, "region_code": code,
        "period": {"from": "2026-01-01", "to": "2026-06-30"},
        "inclusion": {"new_cases": new_cases, "in_svf": in_svf},
        "prem": {"used": true},
        "lead_times": [
            lead_time("breast", 9, 72 + 4 * step, 66 + 4 * step),
            lead_time("colon", 14, 63 + 5 * step, 57 + 5 * step),
            lead_time("rectum", 30, rectum, rectum_before),
            lead_time("prostate", 8, prostate, prostate_before),
        ],
        "narrative": narrative,
    })
    .to_string()
    .into_bytes()
}

#[test]
fn a_2026_page_with_deviations_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("page-2026");
    std::fs::create_dir_all(dir.join("config/2026")).unwrap();
    std::fs::write(
        dir.join("config/2026/populations.csv"),
        include_str!("../demo/populations-2024.csv"),
    )
    .unwrap();
    // 2026-09-01T06:00:00Z, then a region every day or so.
    let first = 1_788_242_400;
    let codes: Vec<&str> = crate::support::annex_rows(crate::support::ANNEX_2024)[1..22]
        .iter()
        .map(|r| r[0])
        .collect();
    for (index, code) in (0u32..).zip(&codes) {
        let (bytes, received) = match *code {
            // Gotland's upload is broken (rejected), Jämtland Härjedalen sends nothing.
            "09" => (b"{\"schema\": \"svf-report/1\",".to_vec(), first),
            "23" => continue,
            // Norrbotten below the inclusion goal; Värmland without the myeloma report.
            "25" => (report_2026(index, code, Some(64), true), first),
            "17" => (report_2026(index, code, None, false), first),
            // Skåne a day late.
            "12" => (report_2026(index, code, None, true), 1_790_928_000),
            _ => (
                report_2026(index, code, None, true),
                first + u64::from(index) * 100_000,
            ),
        };
        let path = dir.join(format!("reports/2026/{code}/redovisning-2026.json"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(received)))
            .unwrap();
    }
    let run = svf(&["process", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("19 assessed, 1 rejected"),
        "{}",
        run.stdout
    );
    let (rendered, _) = render(
        chromium,
        &dir.join("summary/2026/index.html"),
        "index-2026.png",
    );
    check(&dir, 2026, &rendered);
    let missing: Vec<&str> = rendered
        .bars
        .iter()
        .filter(|b| b.class == "stapel saknas")
        .map(|b| b.region.as_str())
        .collect();
    assert_eq!(missing, ["09", "23"]);
    let failing: Vec<&str> = rendered
        .bars
        .iter()
        .filter(|b| b.class == "stapel ej-uppfyllt")
        .map(|b| b.region.as_str())
        .collect();
    assert_eq!(failing, ["25"]);
    assert_eq!(rendered.lead_time_rows, 21);
    let row = |code: &str| rendered.rows.iter().find(|r| r.region == code).unwrap();
    assert_eq!(row("12").verdicts["deadline"], "✗ ej uppfyllt");
    assert_eq!(row("17").verdicts["special_report.myeloma"], "– saknas");
    assert_eq!(row("13").verdicts["lead_time"], "✗ ej uppfyllt");
    assert_eq!(row("23").verdicts["inclusion"], "– saknas");
    assert_eq!(
        row("25").verdicts["inclusion"].replace('\u{a0}', " "),
        "64,00 %\n✗ ej uppfyllt"
    );
    // Every region that does not get all it could is listed with its reasons.
    for code in ["09", "12", "13", "17", "23", "25"] {
        assert!(
            rendered.deviations.iter().any(|d| d == code),
            "{code} in {:?}",
            rendered.deviations
        );
    }
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary/2026/payments.json")).unwrap())
            .unwrap();
    let all_earned = summary["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["eligible"]
                .as_object()
                .unwrap()
                .values()
                .all(|e| e == true)
        })
        .count();
    assert_eq!(
        rendered.national["alla-villkor"],
        format!("{all_earned} av 21")
    );
    assert_eq!(rendered.deviations.len(), 21 - all_earned);
    check_printed(&dir, &rendered);
}

/// The 2026 page printed to PDF by Chromium as a person would (A4, the page's own print
/// style), its text read back with `pdftotext`: every verdict column's heading and every
/// region's figures are on paper, none cut off at the edge, and each page carries the issuer,
/// the case (or that it is missing), the day of the latest report, and its number.
fn check_printed(dir: &Path, rendered: &Rendered) {
    let Some((text, words)) = printed(&dir.join("summary/2026/index.html"), "index-2026-print")
    else {
        return;
    };
    for heading in ["Inklusionsmålet", "PREM", "I tid", "Ledtider"] {
        assert!(words.contains(heading), "{heading:?} printed:\n{text}");
    }
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary/2026/payments.json")).unwrap())
            .unwrap();
    for (shown, row) in rendered
        .rows
        .iter()
        .zip(summary["rows"].as_array().unwrap())
    {
        assert!(words.contains(&shown.name), "{} printed", shown.name);
        // Every amount, the rightmost columns included: nothing is cut at the paper's edge.
        for amount in &shown.amounts {
            let kronor = row["amounts_ore"][&amount.payment].as_i64().unwrap() / 100;
            let written = svf_testing::annex::grouped(u128::try_from(kronor).unwrap());
            assert!(
                words.contains(&format!("{written} kr")),
                "{} {}: {written} kr printed",
                shown.name,
                amount.payment
            );
        }
    }
    let pages = words.matches("Sida ").count();
    assert!(pages >= 2, "{pages} pages numbered:\n{text}");
    assert!(
        words.contains(&format!("Sida {pages} av {pages}")),
        "{text}"
    );
    let foot = "SVF-medel 2026 · Socialstyrelsen · uppdragets diarienummer saknas";
    assert_eq!(
        words.matches(foot).count(),
        pages,
        "every page's foot:\n{text}"
    );
    // The latest report came in 2026-10-02 (Skåne's, a day late).
    assert!(words.contains("läget 2026-10-02"), "{text}");
}

/// The lägesbild printed to A4 and read back: every area and RCC on paper, and on every page's
/// foot the issuer, the 2024 assignment's case number and the day of the latest RCC report.
fn check_printed_lagesbild(dir: &Path) {
    let Some((text, words)) = printed(
        &dir.join("summary/2024/lagesbild.html"),
        "lagesbild-2024-print",
    ) else {
        return;
    };
    for area in ["Patologi", "Radiologi", "Rehabilitering"] {
        assert!(words.contains(area), "{area} printed:\n{text}");
    }
    for rcc in ["RCC Norr", "RCC Väst", "RCC Syd"] {
        assert!(words.contains(rcc), "{rcc} printed:\n{text}");
    }
    let issued = "Socialstyrelsen · uppdrag S2024/01009 · läget 2024-11-";
    assert!(words.contains(&format!("Utgiven av {issued}")), "{text}");
    let pages = words.matches("Sida ").count();
    assert!(pages >= 1, "{text}");
    assert_eq!(
        words.matches(&format!("Lägesbild 2024 · {issued}")).count(),
        pages,
        "every page's foot:\n{text}"
    );
}

/// `page` printed to A4 by Chromium with the page's own print style, saved as
/// `target/page/{name}.pdf` with its first page as `{name}.png`; its text as `pdftotext
/// -layout` reads it, and the same as words (no-break spaces as spaces, every run of white
/// space one space, so that a phrase is found across a line break). `None` (the test passes
/// over it) without Chromium or Poppler's tools on a laptop.
fn printed(page: &Path, name: &str) -> Option<(String, String)> {
    let chromium = chromium()?;
    let pdftotext = crate::support::tool(
        Path::new("pdftotext"),
        "the print test reads the PDF back (apt-get install poppler-utils)",
    )?;
    let browser = browser(chromium);
    let tab = open(&browser, page);
    let pdf = tab
        .print_to_pdf(Some(headless_chrome::types::PrintToPdfOptions {
            prefer_css_page_size: Some(true),
            print_background: Some(true),
            ..Default::default()
        }))
        .expect("Chromium prints the page");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../page");
    std::fs::create_dir_all(&out).unwrap();
    let path = out.join(format!("{name}.pdf"));
    std::fs::write(&path, &pdf).unwrap();
    let read = std::process::Command::new(pdftotext)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let png = out.join(name);
    let shot = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(&png)
        .status()
        .expect("pdftoppm runs");
    assert!(shot.success());
    println!("printed: {} and {}.png", path.display(), png.display());
    let text = String::from_utf8(read.stdout).expect("UTF-8 text");
    let words = text
        .replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some((text, words))
}

/// What the national picture's sections show, as Chromium lays them out.
#[derive(Debug, Deserialize)]
struct Picture {
    nationella: Vec<PictureRow>,
    kon: Vec<PictureRow>,
    skal: Vec<Reasons>,
    agency: Vec<String>,
    visible: Vec<bool>,
}

#[derive(Debug, Deserialize)]
struct PictureRow {
    key: String,
    cells: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Reasons {
    svf: String,
    regions: Vec<(String, Option<String>)>,
}

const READ_PICTURE: &str = r#"JSON.stringify({
  nationella: [...document.querySelectorAll('table#nationella tbody tr')].map(tr => ({
    key: tr.dataset.matt, cells: [...tr.querySelectorAll('td')].map(td => td.innerText.replace(/\u00a0/g, ' '))})),
  kon: [...document.querySelectorAll('table#kon tbody tr')].map(tr => ({
    key: tr.dataset.region, cells: [...tr.querySelectorAll('td')].map(td => td.innerText.replace(/\u00a0/g, ' '))})),
  skal: [...document.querySelectorAll('section#skal ul[data-svf]')].map(ul => ({
    svf: ul.dataset.svf,
    regions: [...ul.querySelectorAll('li')].map(li => [li.dataset.skalRegion, li.querySelector('q.skal')?.innerText ?? null])})),
  agency: [...document.querySelectorAll('table#ledtider td[data-kalla="agency"]')].map(td =>
    td.closest('tr').dataset.region + ' ' + td.dataset.villkor + ' ' + td.querySelector('small.kalla').innerText),
  visible: ['nationella-siffror', 'kvinnor-och-man', 'skal'].map(id => {
    const r = document.getElementById(id).getBoundingClientRect(); return r.width > 0 && r.height > 0; })
})"#;

/// `part / whole` in hundredths of a per cent, rounded half up, written `81,07 %`: computed
/// here on its own, to check the page's figures against.
fn expected_rate(part: u64, whole: u64) -> String {
    let hundredths = (2 * u128::from(part) * 10_000 + u128::from(whole)) / (2 * u128::from(whole));
    format!("{},{:02} %", hundredths / 100, hundredths % 100)
}

/// What the national picture's bucket holds, summed here on its own.
struct Expected {
    codes: Vec<&'static str>,
    in_svf: u64,
    new_cases: u64,
    women: (u64, u64),
    men: (u64, u64),
    rectum_within: u64,
    rectum_patients: u64,
    rectum_misses: Vec<String>,
    with_reason: Vec<String>,
}

/// A 2026 bucket of every region with figures by sex (Gotland four men, Blekinge five), rectum
/// reasons in some, Västra Götaland's rectum from the agency's data, and a 2025 of the demo's
/// reports for the previous year's column.
fn national_bucket(dir: &Path) -> Expected {
    for year in ["2025", "2026"] {
        std::fs::create_dir_all(dir.join(format!("config/{year}"))).unwrap();
        std::fs::write(
            dir.join(format!("config/{year}/populations.csv")),
            include_str!("../demo/populations-2024.csv"),
        )
        .unwrap();
    }
    let codes: Vec<&'static str> = crate::support::annex_rows(crate::support::ANNEX_2024)[1..22]
        .iter()
        .map(|r| r[0])
        .collect();
    let write = |key: String, bytes: Vec<u8>, received: u64| {
        let path = dir.join(key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(received)))
            .unwrap();
    };
    // Independent sums of what is uploaded: inclusion, and rectum (the agency's counts where it
    // has a row), over every region; women's and men's inclusion.
    let (mut in_svf, mut new_cases) = (0u64, 0u64);
    let (mut women, mut men) = ((0u64, 0u64), (0u64, 0u64));
    let (mut rectum_within, mut rectum_patients) = (0u64, 0u64);
    let mut rectum_misses = Vec::new();
    let mut with_reason = Vec::new();
    for (index, code) in (0u32..).zip(&codes) {
        let mut report: Value =
            serde_json::from_slice(&report_2026(index, code, None, true)).unwrap();
        let n = report["inclusion"]["new_cases"].as_u64().unwrap();
        let s = report["inclusion"]["in_svf"].as_u64().unwrap();
        // Women 60 % of the cases; men the rest but in Gotland four, in Blekinge five (the
        // suppression's edge).
        let (wn, ws) = (n * 6 / 10, s * 6 / 10);
        let (mn, ms) = match *code {
            "09" => (4, 3),
            "10" => (5, 3),
            _ => (n - wn, (s - ws).min(n - wn)),
        };
        report["inclusion"]["by_sex"] = json!({"women": {"new_cases": wn, "in_svf": ws},
                                              "men": {"new_cases": mn, "in_svf": ms}});
        in_svf += s;
        new_cases += n;
        women = (women.0 + ws, women.1 + wn);
        men = (men.0 + ms, men.1 + mn);
        let entry = &mut report["lead_times"][2];
        if index % 6 == 2 && *code != "14" {
            entry["reason"] = json!(format!("Brist på kolorektalkirurger i region {code}."));
            with_reason.push(code.to_string());
        }
        // Västra Götaland's rectum is decided on the agency's counts: 3 of 40, below the goal.
        let (within, patients) = if *code == "14" {
            (3, 40)
        } else {
            (
                entry["within_target"].as_u64().unwrap(),
                entry["patients"].as_u64().unwrap(),
            )
        };
        rectum_within += within;
        rectum_patients += patients;
        if 100 * within < 80 * patients {
            rectum_misses.push(code.to_string());
        }
        write(
            format!("reports/2026/{code}/redovisning-2026.json"),
            report.to_string().into_bytes(),
            1_788_242_400 + u64::from(index) * 100_000,
        );
        // A 2025 report, for the previous year's column: the demo's 2024 report of the region.
        let mut old: Value = serde_json::from_slice(
            &std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("demo/reports-2024/{code}.json")),
            )
            .unwrap(),
        )
        .unwrap();
        old["agreement_year"] = json!(2025);
        write(
            format!("reports/2025/{code}/redovisning-2025.json"),
            old.to_string().into_bytes(),
            1_757_000_000,
        );
    }
    std::fs::write(
        dir.join("config/2026/lead_times.csv"),
        "region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n\
         14;rectum;;40;3;40;30\n14;rectum;kvinnor;18;1;;\n14;rectum;män;22;2;;\n",
    )
    .unwrap();
    Expected {
        codes,
        in_svf,
        new_cases,
        women,
        men,
        rectum_within,
        rectum_patients,
        rectum_misses,
        with_reason,
    }
}

/// The national picture's sections as Chromium lays out the page.
fn read_picture(chromium: PathBuf, page: &Path) -> Picture {
    let browser = browser(chromium);
    let tab = open(&browser, page);
    audit(&tab, "the national picture");
    read(&tab, READ_PICTURE)
}

/// Σ in SVF and Σ new cases of the demo's reports of `codes`.
fn demo_inclusion(codes: &[&str]) -> (u64, u64) {
    codes.iter().fold((0, 0), |(a, b), code| {
        let r: Value = serde_json::from_slice(
            &std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("demo/reports-2024/{code}.json")),
            )
            .unwrap(),
        )
        .unwrap();
        (
            a + r["inclusion"]["in_svf"].as_u64().unwrap(),
            b + r["inclusion"]["new_cases"].as_u64().unwrap(),
        )
    })
}

#[test]
fn the_2026_national_picture_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("page-2026-national");
    let Expected {
        codes,
        in_svf,
        new_cases,
        women,
        men,
        rectum_within,
        rectum_patients,
        rectum_misses,
        with_reason,
    } = national_bucket(&dir);
    let run = svf(&["process", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let picture = read_picture(chromium, &dir.join("summary/2026/index.html"));
    assert_eq!(picture.visible, [true, true, true]);

    // National figures against the sums made here, the previous year beside them.
    let row = |key: &str| {
        &picture
            .nationella
            .iter()
            .find(|r| r.key == key)
            .unwrap_or_else(|| panic!("{key} in {:?}", picture.nationella))
            .cells
    };
    let inclusion = row("inclusion");
    assert_eq!(inclusion[0], expected_rate(in_svf, new_cases));
    let (old_in, old_new) = demo_inclusion(&codes);
    assert_eq!(
        inclusion[1],
        expected_rate(old_in, old_new),
        "2025 beside 2026"
    );
    assert_eq!(inclusion[2], expected_rate(women.0, women.1));
    assert_eq!(inclusion[3], expected_rate(men.0, men.1));
    let rectum = row("lead_time.rectum");
    assert_eq!(rectum[0], expected_rate(rectum_within, rectum_patients));
    assert!(
        rectum[5].contains("1 efter Socialstyrelsens uppgifter"),
        "{rectum:?}"
    );

    // By sex per region: Gotland's four men are not shown, Blekinge's five are.
    let inclusion_of = |code: &str| {
        &picture
            .kon
            .iter()
            .find(|r| r.key == code)
            .unwrap_or_else(|| panic!("{code} in {:?}", picture.kon))
            .cells
    };
    // Cells: code, measure, women, men, difference.
    assert_eq!(inclusion_of("09")[1], "Inklusion i SVF");
    assert_eq!(inclusion_of("09")[3], "–");
    assert_eq!(inclusion_of("09")[4], "–", "no difference without both");
    assert_eq!(inclusion_of("10")[3], expected_rate(3, 5));
    assert_ne!(inclusion_of("10")[4], "–");

    // The agency's decision is marked, with the region's own counts beside it.
    assert_eq!(picture.agency.len(), 1, "{:?}", picture.agency);
    assert!(picture.agency[0].starts_with("14 lead_time.rectum Socialstyrelsen; regionens: "));

    // Every region missing the rectum goal is listed, with its reason where it gave one.
    let reasons = picture.skal.iter().find(|s| s.svf == "rectum").unwrap();
    let listed: Vec<&str> = reasons.regions.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        listed,
        rectum_misses.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(with_reason.len() >= 3, "{with_reason:?}");
    for (region, reason) in &reasons.regions {
        if with_reason.contains(region) {
            assert_eq!(
                reason.as_deref(),
                Some(format!("Brist på kolorektalkirurger i region {region}.").as_str())
            );
        } else {
            assert_eq!(reason, &None, "{region}");
        }
    }
    // national.json says the same.
    let national: Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary/2026/national.json")).unwrap())
            .unwrap();
    assert_eq!(national["schema"], "svf-national/1");
    assert_eq!(national["inclusion"]["part"], in_svf);
    assert_eq!(national["inclusion"]["whole"], new_cases);
    assert_eq!(national["previous"]["agreement_year"], 2025);
    let gotland = national["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "09")
        .unwrap();
    assert_eq!(gotland["inclusion"]["by_sex"]["men"], "–");
}

/// What the lägesbild page shows, as Chromium lays it out.
#[derive(Debug, Deserialize)]
struct LagesbildPage {
    areas: Vec<(String, Vec<BTreeMap<String, String>>)>,
    deviations: Vec<String>,
    projects: usize,
    visible: bool,
    height: f64,
}

const READ_LAGESBILD: &str = r"(() => {
  const row = (tr) => {
    const cells = { rcc: tr.dataset.rcc };
    for (const td of tr.querySelectorAll('td[data-falt]')) cells[td.dataset.falt] = td.innerText.replace(/\u00a0/g, ' ');
    return cells;
  };
  const areas = [...document.querySelectorAll('table.omrade')].map((t) => [t.dataset.omrade, [...t.querySelectorAll('tbody tr')].map(row)]);
  const first = document.querySelector('table.omrade').getBoundingClientRect();
  return JSON.stringify({
    areas,
    deviations: [...document.querySelectorAll('#avvikelser-lagesbild li')].map((li) => li.dataset.rcc + ' ' + li.dataset.avvikelse),
    projects: document.querySelectorAll('#projekt li').length,
    visible: first.width > 0 && first.height > 0,
    height: document.documentElement.scrollHeight,
  });
})()";

#[test]
fn the_demo_lagesbild_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("lagesbild-page");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let browser = browser(chromium);
    let tab = open(&browser, &dir.join("summary/2024/lagesbild.html"));
    audit(&tab, "lagesbild.html");
    let shown: LagesbildPage = read(&tab, READ_LAGESBILD);
    assert!(shown.visible);
    save_screenshot(&tab, shown.height, "lagesbild-2024.png");
    drop(tab);
    drop(browser);
    check_printed_lagesbild(&dir);

    // Every cell against lagesbild.json: received and granted in kronor, the share as written.
    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary/2024/lagesbild.json")).unwrap())
            .unwrap();
    let areas = json["areas"].as_array().unwrap();
    assert_eq!(shown.areas.len(), areas.len());
    let kronor = |ore: i64| -> String {
        let kr = (ore / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in kr.chars().enumerate() {
            if i > 0 && (kr.len() - i).is_multiple_of(3) {
                grouped.push(' ');
            }
            grouped.push(c);
        }
        let ore = ore % 100;
        if ore == 0 {
            format!("{grouped} kr")
        } else {
            format!("{grouped},{ore:02} kr")
        }
    };
    for ((name, rows), area) in shown.areas.iter().zip(areas) {
        assert_eq!(name, area["area"].as_str().unwrap());
        for (row, rcc) in rows.iter().zip(area["rcc"].as_array().unwrap()) {
            assert_eq!(row["rcc"], rcc["rcc"].as_str().unwrap());
            assert_eq!(
                row["mottaget"],
                kronor(rcc["received_ore"].as_i64().unwrap())
            );
            assert_eq!(
                row["beviljat"],
                kronor(rcc["granted_ore"].as_i64().unwrap())
            );
            assert_eq!(row["andel"], rcc["passed_on"].as_str().unwrap());
            assert_ne!(row["kriterier"], "–", "the criteria are quoted");
        }
    }
    assert_eq!(shown.deviations, ["sydost nothing_passed_on"]);
    assert_eq!(shown.projects, 43, "every demo project is listed");
}
