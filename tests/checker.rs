//! The checker page (`svf checker`, contract §8) in headless Chromium, opened from disk: its
//! `svfAssess` gives the same JSON value as `svf assess` on every shipped report, the demo's and
//! the broken corpus; the form, typed into as a coordinator types, shows the notification's own
//! lines for the report it would download; a loaded file is assessed as it is; nothing is fetched,
//! every control has a label, verdicts are words and not colour alone. A screenshot of a failing
//! verdict is saved to `target/checker/checker-failing.png`.
//!
//! Chromium is the Debian package `chromium`, as for the page test.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use serde_json::Value;

use crate::page::{browser, chromium};
use crate::support::{svf, tempdir};

/// The receipt time of every comparison, and the page's for its upload day 2024-09-27.
const RECEIVED: &str = "2024-09-27T12:00:00Z";
/// The page's receipt time for its upload day 2026-09-20, for a 2026 report (one received in
/// 2024 is refused: before its agreement year began).
const RECEIVED_2026: &str = "2026-09-20T12:00:00Z";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The page as `svf checker --out` writes it, in `dir`.
fn write_page(dir: &Path) -> PathBuf {
    let page = dir.join("checker.html");
    let run = svf(&["checker", "--out", page.to_str().unwrap()]);
    assert_eq!(run.code, 0, "svf checker: {}", run.stderr);
    page
}

fn open(tab: &Tab, page: &Path) {
    tab.navigate_to(&format!("file://{}", page.display()))
        .and_then(|t| t.wait_until_navigated())
        .expect("the page loads");
}

/// The value of a JavaScript expression that gives a string.
fn eval_string(tab: &Tab, expression: &str) -> String {
    let answer = tab.evaluate(expression, false).expect("the page answers");
    match answer.value {
        Some(Value::String(text)) => text,
        other => panic!("{expression:.80} gave {other:?}"),
    }
}

/// Every `.json` file of a folder, sorted, but an RCC's (`rcc-…`): the checker is for the
/// regions' reports, which `svf assess` reads as the page does.
fn reports_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("rcc-"))
        })
        .collect();
    files.sort();
    files
}

fn all_reports() -> Vec<PathBuf> {
    let mut files = reports_in(&root().join("spec/examples"));
    files.extend(reports_in(&root().join("demo/reports-2024")));
    files.extend(reports_in(&root().join("tests/corpus")));
    files
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// When a report is compared as received: a 2026 example in 2026 (one received in 2024 is
/// refused, before its agreement year), every other report at [`RECEIVED`].
fn received_for(file: &Path) -> &'static str {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    if name.starts_with("2026-") {
        RECEIVED_2026
    } else {
        RECEIVED
    }
}

/// What `svf assess FILE --received RECEIVED` prints, as JSON.
fn svf_assess_json(file: &Path) -> Value {
    let run = svf(&[
        "assess",
        file.to_str().unwrap(),
        "--received",
        received_for(file),
    ]);
    assert!(
        run.code == 0 || run.code == 1,
        "svf assess {}: {}",
        file.display(),
        run.stderr
    );
    serde_json::from_str(&run.stdout).expect("svf assess prints JSON")
}

#[test]
fn svf_assess_in_the_browser_is_svf_assess_on_every_report() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-svfassess");
    let page = write_page(&dir);
    // One made here: larger than the kernel reads.
    let oversized = dir.join("oversized.json");
    let mut big = vec![b' '; (1 << 20) + 10];
    big.extend_from_slice(b"{}");
    std::fs::write(&oversized, &big).unwrap();
    let mut files = all_reports();
    files.push(oversized);

    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    let inputs: Vec<(String, &str)> = files
        .iter()
        .map(|f| (base64(&std::fs::read(f).unwrap()), received_for(f)))
        .collect();
    let script = format!(
        "JSON.stringify({}.map(([b, received]) => {{ const s = atob(b); \
         const u = new Uint8Array(s.length); \
         for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i); \
         return svfAssess(u, received); }}))",
        serde_json::to_string(&inputs).unwrap()
    );
    let answers: Vec<String> = serde_json::from_str(&eval_string(&tab, &script)).unwrap();
    assert_eq!(answers.len(), files.len());
    let (mut assessed, mut rejected) = (0, 0);
    for (file, answer) in files.iter().zip(&answers) {
        let in_browser: Value = serde_json::from_str(answer).expect("svfAssess gives JSON");
        let expected = svf_assess_json(file);
        assert_eq!(in_browser, expected, "{}", file.display());
        match expected["status"].as_str() {
            Some("assessed") => assessed += 1,
            _ => rejected += 1,
        }
    }
    // The corpus is all rejections; the examples and the demo are assessed.
    assert!(
        assessed >= 26 && rejected >= 61,
        "{assessed} assessed, {rejected} rejected"
    );
    println!(
        "checker: svfAssess is svf assess on {} reports ({assessed} assessed, {rejected} rejected)",
        files.len()
    );
    // What svf assess refuses to take, the page refuses too.
    let refused = eval_string(
        &tab,
        "(() => { try { svfAssess('{}', 'yesterday'); return 'taken'; } \
         catch (e) { return 'refused: ' + e.message; } })()",
    );
    assert!(refused.starts_with("refused: "), "{refused}");
    assert_eq!(svf(&["assess", "-", "--received", "yesterday"]).code, 2);
}

/// `svfAssess` takes text or bytes; anything else is refused at once with a clear error, before
/// a byte is made of it: `{length: 3e9}` would otherwise be taken for three billion bytes and
/// freeze the page.
#[test]
fn svf_assess_refuses_what_is_neither_text_nor_bytes_at_once() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-not-bytes");
    let page = write_page(&dir);
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    let refusal = |report: &str, received: &str| {
        let started = Instant::now();
        let answer = eval_string(
            &tab,
            &format!(
                "(() => {{ try {{ svfAssess({report}, {received}); return 'taken'; }} \
                 catch (e) {{ return e.name + ': ' + e.message; }} }})()"
            ),
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{report}: {:?}",
            started.elapsed()
        );
        answer
    };
    let received = format!("{RECEIVED:?}");
    for (report, kind) in [
        ("{length: 3e9}", "an object"),
        ("{length: 3}", "an object"),
        ("[123, 125]", "an array"),
        ("42", "a number"),
        ("null", "null"),
        ("undefined", "undefined"),
    ] {
        assert_eq!(
            refusal(report, &received),
            format!(
                "TypeError: svfAssess: the report must be text (a string) or bytes (a Uint8Array \
                 or an ArrayBuffer), not {kind}"
            )
        );
    }
    assert_eq!(
        refusal("'{}'", "{length: 3e9}"),
        "TypeError: svfAssess: the receipt time must be text (RFC 3339, 2024-09-27T08:00:00Z), \
         not an object"
    );
    // Text, bytes and a view into bytes are taken, and give the same assessment.
    let same = eval_string(
        &tab,
        &format!(
            "(() => {{ const text = '{{\"schema\": \"svf-report/1\", \"agreement_year\": 2024, \
             \"region_code\": \"01\"}}'; const bytes = new TextEncoder().encode(text); \
             const padded = new Uint8Array(bytes.length + 2); padded.set(bytes, 1); \
             const answers = [svfAssess(text, {received}), svfAssess(bytes, {received}), \
             svfAssess(bytes.buffer, {received}), svfAssess(padded.subarray(1, bytes.length + 1), \
             {received})]; return String(answers.every((a) => a === answers[0])) + ' ' + \
             JSON.parse(answers[0]).status; }})()"
        ),
    );
    assert_eq!(same, "true assessed");
}

/// The page's verdict as lines, the way the notification writes them.
const LINES: &str = r##"(() => {
  const lines = [];
  for (const el of document.querySelectorAll("#verdict > *")) {
    if (el.tagName === "UL") {
      for (const li of el.children) {
        lines.push("- " + li.querySelector(".line").textContent);
        const remedy = li.querySelector(".remedy");
        if (remedy) lines.push("  " + remedy.textContent);
      }
    } else if (el.classList.contains("parts")) {
      for (const p of el.children) lines.push(p.textContent);
    } else {
      lines.push(el.textContent);
    }
  }
  return JSON.stringify(lines);
})()"##;

fn page_lines(tab: &Tab) -> Vec<String> {
    serde_json::from_str(&eval_string(tab, LINES)).unwrap()
}

/// The Swedish notification's lines from its first verdict on, without blank lines: what
/// `svf assess FILE --received RECEIVED --format text` prints before its English half.
fn notification_lines(file: &Path) -> Vec<String> {
    notification_lines_at(file, RECEIVED)
}

/// [`notification_lines`] of a report received at `received`.
fn notification_lines_at(file: &Path, received: &str) -> Vec<String> {
    let run = svf(&[
        "assess",
        file.to_str().unwrap(),
        "--received",
        received,
        "--format",
        "text",
    ]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let swedish = run.stdout.split("\n----\n").next().unwrap();
    swedish
        .lines()
        // `Mottagen 2024-09-27 …` in a region's, `Mottagen: …` in an RCC's.
        .skip_while(|l| !l.starts_with("Mottagen"))
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Sets a select's or date's value as a person picks it, with the event the page listens to.
fn pick(tab: &Tab, id: &str, value: &str) {
    let script = format!(
        "(() => {{ const e = document.getElementById({id:?}); e.value = {value:?}; \
         e.dispatchEvent(new Event('input', {{ bubbles: true }})); return e.value; }})()"
    );
    assert_eq!(eval_string(tab, &script), value, "{id} takes {value}");
}

/// Types into a text field from the keyboard, after emptying it.
fn type_into(tab: &Tab, id: &str, text: &str) {
    pick(tab, id, "");
    tab.find_element(&format!("#{id}"))
        .and_then(|e| e.click().map(|_| ()))
        .unwrap_or_else(|e| panic!("#{id}: {e}"));
    tab.type_str(text).unwrap();
}

/// The form's report, as its download writes it, in a file.
fn downloaded(tab: &Tab, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, eval_string(tab, "svfCheckerReport()")).unwrap();
    path
}

fn screenshot(tab: &Tab, name: &str) -> PathBuf {
    // The whole page: a window as tall as it, from the top.
    let height: f64 = eval_string(tab, "String(document.documentElement.scrollHeight)")
        .parse()
        .unwrap();
    tab.set_bounds(headless_chrome::types::Bounds::Normal {
        left: Some(0),
        top: Some(0),
        width: Some(1440.0),
        height: Some(height + 100.0),
    })
    .unwrap();
    eval_string(
        tab,
        "(window.scrollTo(0, 0), document.activeElement.blur(), 'top')",
    );
    std::thread::sleep(Duration::from_millis(300));
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let dir = root().join("target/checker");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, png).unwrap();
    println!("screenshot: {}", path.display());
    path
}

#[test]
fn the_form_shows_the_kernels_verdict_in_the_notifications_words_as_one_types() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-form");
    let page = write_page(&dir);
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);

    pick(&tab, "agreement_year", "2024");
    pick(&tab, "region_code", "25");
    pick(&tab, "received", "2024-09-27");
    pick(&tab, "period_from", "2024-01-01");
    pick(&tab, "period_to", "2024-06-30");
    pick(&tab, "prem_used", "true");
    type_into(&tab, "new_cases", "1000");
    // Half typed: incomplete, and the page says what is missing in the notification's words.
    let lines = page_lines(&tab);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("- Inklusion: i SVF (inclusion.in_svf): ")),
        "{lines:#?}"
    );
    assert_eq!(
        lines,
        notification_lines(&downloaded(&tab, &dir, "half.json"))
    );
    type_into(&tab, "in_svf", "600");
    let sections = tab
        .find_elements("#sections textarea")
        .map_or(0, |e| e.len());
    assert!(sections >= 1, "2024 asks for narrative sections");
    for index in 0..sections {
        let script = format!("document.querySelectorAll('#sections textarea')[{index}].id");
        let id = eval_string(&tab, &script);
        type_into(&tab, &id, "Arbetet med SVF beskrivs här.");
    }

    // Failing: 60 % against the goal of 70 %.
    let failing = page_lines(&tab);
    let expected = notification_lines(&downloaded(&tab, &dir, "failing.json"));
    assert_eq!(failing, expected);
    assert!(failing.contains(&"Utbetalning 2: villkoren är inte uppfyllda.".to_owned()));
    assert!(
        failing.iter().any(|l| l.starts_with(
            "- Inklusionsmålet: inte uppfyllt (60,00 %, krav 70 %). 600 av 1000 nya fall i SVF; 100 fler"
        )),
        "{failing:#?}"
    );
    assert!(failing.contains(&"Redovisningen är komplett.".to_owned()));
    let shot = screenshot(&tab, "checker-failing.png");
    assert!(std::fs::metadata(shot).unwrap().len() > 10_000);

    // Passing: 700 of 1000 is the goal exactly.
    type_into(&tab, "in_svf", "700");
    let passing = page_lines(&tab);
    assert_eq!(
        passing,
        notification_lines(&downloaded(&tab, &dir, "passing.json"))
    );
    assert!(passing.contains(&"Utbetalning 2: villkoren är uppfyllda.".to_owned()));
    // Typed as people write numbers, a space or a no-break space between thousands: the same.
    for grouped in ["1 000", "1\u{a0}000"] {
        type_into(&tab, "new_cases", grouped);
        assert_eq!(page_lines(&tab), passing, "{grouped}");
        let file = downloaded(&tab, &dir, "grouped.json");
        let sent: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(sent["inclusion"]["new_cases"], 1000, "{grouped}");
    }
    type_into(&tab, "new_cases", "1000");

    // An impossible value: rejected, with its place and the kernel's reason.
    type_into(&tab, "in_svf", "1001");
    let rejected = page_lines(&tab);
    let file = downloaded(&tab, &dir, "rejected.json");
    assert_eq!(rejected, notification_lines(&file));
    assert!(
        rejected.iter().any(|l| l
            == "- Inklusion: i SVF (inclusion.in_svf): fall i SVF (1001) är fler än nya \
                           fall (1000)"),
        "{rejected:#?}"
    );
    // Not a number at all: sent as typed, so the kernel names it.
    type_into(&tab, "new_cases", "tusen");
    let words = page_lines(&tab);
    assert_eq!(
        words,
        notification_lines(&downloaded(&tab, &dir, "words.json"))
    );
    assert!(
        words.iter().any(|l| l
            .starts_with("- Inklusion: nya fall (inclusion.new_cases): här ska stå ett heltal")),
        "{words:#?}"
    );

    // 2026: the lead-time fields appear, and what was typed stays.
    pick(&tab, "agreement_year", "2026");
    assert_eq!(
        eval_string(&tab, "document.getElementById('in_svf').value"),
        "1001"
    );
}

#[test]
fn the_2026_form_takes_lead_times_figures_by_sex_and_reasons() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-2026");
    let page = write_page(&dir);
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    pick(&tab, "agreement_year", "2026");
    pick(&tab, "region_code", "14");
    pick(&tab, "received", "2026-09-20");
    let diagnoses = tab.find_elements("#lead-times .diagnosis").unwrap().len();
    assert_eq!(diagnoses, 4, "breast, colon, rectum, prostate");
    type_into(&tab, "new_cases", "1000");
    type_into(&tab, "in_svf", "800");
    type_into(&tab, "lt-breast-patients", "100");
    type_into(&tab, "lt-breast-within_target", "70");
    let y2026 = page_lines(&tab);
    assert_eq!(
        y2026,
        notification_lines_at(&downloaded(&tab, &dir, "y2026.json"), RECEIVED_2026)
    );
    assert!(
        y2026
            .iter()
            .any(|l| l.starts_with("- Ledtider, bröstcancer: ")),
        "{y2026:#?}"
    );

    // By sex and a reason: read and checked by the kernel; a part above its whole is
    // rejected at its own path.
    type_into(
        &tab,
        "lt-breast-reason",
        "Brist på operationstider under sommaren.",
    );
    type_into(&tab, "inc-sex-women-whole", "500");
    type_into(&tab, "inc-sex-women-part", "400");
    let report: Value = serde_json::from_str(&eval_string(&tab, "svfCheckerReport()")).unwrap();
    assert_eq!(
        report["inclusion"]["by_sex"],
        serde_json::json!({"women": {"new_cases": 500, "in_svf": 400}})
    );
    let breast = &report["lead_times"][0];
    assert_eq!(breast["svf"], "breast");
    assert_eq!(breast["reason"], "Brist på operationstider under sommaren.");
    assert_eq!(
        page_lines(&tab),
        notification_lines_at(&downloaded(&tab, &dir, "by-sex.json"), RECEIVED_2026)
    );
    type_into(&tab, "inc-sex-women-part", "501");
    let above = page_lines(&tab);
    assert_eq!(
        above,
        notification_lines_at(&downloaded(&tab, &dir, "by-sex-above.json"), RECEIVED_2026)
    );
    assert!(
        above.iter().any(|l| l.starts_with(
            "- Inklusion, kvinnor: i SVF (inclusion.by_sex.women.in_svf): fall i SVF (501) \
                 är fler än nya fall (500)"
        )),
        "{above:#?}"
    );
}

/// Waits until the page has shown a verdict after the `before`th.
fn wait_for_verdict(tab: &Tab, before: &str) {
    let started = Instant::now();
    while eval_string(tab, "document.body.dataset.verdicts") == before {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no verdict after loading a file"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A file saved in another encoding than UTF-8, or with a word processor's curly quotes, is
/// named as such with its fix (the kernel's verdict stands beside it); a good file clears it.
#[test]
fn a_file_in_another_encoding_is_named_with_its_fix() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-encoding");
    let page = write_page(&dir);
    let report = r#"{"schema": "svf-report/1", "agreement_year": 2024, "region_code": "14",
        "region_name": "Västra Götaland", "inclusion": {"new_cases": 100, "in_svf": 80}}"#;
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(report.encode_utf16().flat_map(u16::to_le_bytes));
    // Windows-1252 is Latin-1 for these letters: one byte each.
    let windows: Vec<u8> = report
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let curly = report.replacen("\"schema\"", "“schema”", 1);
    let cases: [(&str, &[u8], &str); 3] = [
        ("utf16.json", &utf16, "Filen är sparad som UTF-16"),
        (
            "ansi.json",
            &windows,
            "Filen är sparad som Windows-1252 (ANSI) – tecknen ä, ö är inte UTF-8",
        ),
        (
            "curly.json",
            curly.as_bytes(),
            "Filen har typografiska citattecken (“ ”)",
        ),
    ];
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    let input = tab.find_element("#load").unwrap();
    for (name, bytes, said) in cases {
        let file = dir.join(name);
        std::fs::write(&file, bytes).unwrap();
        let before = eval_string(&tab, "document.body.dataset.verdicts");
        input.set_input_files(&[file.to_str().unwrap()]).unwrap();
        wait_for_verdict(&tab, &before);
        let shown = eval_string(
            &tab,
            "document.getElementById('kodning').hidden ? '' : document.getElementById('kodning').textContent",
        );
        assert!(shown.starts_with(said), "{name}: {shown}");
        let fix = if name == "curly.json" {
            "JSON kräver raka citattecken"
        } else {
            "Spara filen som UTF-8"
        };
        assert!(shown.contains(fix), "{name}: {shown}");
        // The kernel's verdict is there too: the file is rejected.
        assert_eq!(page_lines(&tab), notification_lines(&file), "{name}");
    }
    let good = root().join("spec/examples/2024-01-stockholm.json");
    let before = eval_string(&tab, "document.body.dataset.verdicts");
    input.set_input_files(&[good.to_str().unwrap()]).unwrap();
    wait_for_verdict(&tab, &before);
    assert_eq!(
        eval_string(&tab, "String(document.getElementById('kodning').hidden)"),
        "true"
    );
    crate::page::audit(&tab, "the checker after a good file");
}

#[test]
fn a_loaded_report_is_assessed_as_it_is_and_fills_the_form() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-load");
    let page = write_page(&dir);
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    pick(&tab, "received", "2024-09-27");
    let mut files = reports_in(&root().join("spec/examples"));
    files.extend(
        reports_in(&root().join("demo/reports-2024"))
            .into_iter()
            .take(3),
    );
    for name in [
        "invalid-utf8-outside-string.json",
        "cut-inside-string.json",
        "in-svf-above-new-cases.json",
    ] {
        let file = root().join("tests/corpus").join(name);
        assert!(file.is_file(), "{}", file.display());
        files.push(file);
    }
    let input = tab.find_element("#load").unwrap();
    for file in &files {
        let before = eval_string(&tab, "document.body.dataset.verdicts");
        input.set_input_files(&[file.to_str().unwrap()]).unwrap();
        wait_for_verdict(&tab, &before);
        assert_eq!(
            page_lines(&tab),
            notification_lines(file),
            "{}",
            file.display()
        );
        // What is downloaded untouched is the file itself.
        let report = std::fs::read(file).unwrap();
        if let Ok(text) = std::str::from_utf8(&report) {
            assert_eq!(eval_string(&tab, "svfCheckerReport()"), text);
        }
    }
    // Every fault at once (contract section 4): the checker lists all five.
    let several = root().join("tests/corpus/several-faults.json");
    let before = eval_string(&tab, "document.body.dataset.verdicts");
    input.set_input_files(&[several.to_str().unwrap()]).unwrap();
    wait_for_verdict(&tab, &before);
    let lines = page_lines(&tab);
    assert_eq!(lines, notification_lines(&several));
    for path in [
        "period.to",
        "inclusion.new_cases",
        "inclusion.in_svf",
        "kommentar",
        "prem.used",
    ] {
        assert!(
            lines.iter().any(|line| line.contains(&format!("{path}): "))
                || line.starts_with(&format!("- {path}: "))),
            "{path} in {lines:?}"
        );
    }
    crate::page::audit(&tab, "the checker showing several faults");
    screenshot(&tab, "checker-several-faults.png");
    // The last example's figures are in the form.
    let stockholm = root().join("spec/examples/2024-01-stockholm.json");
    let before = eval_string(&tab, "document.body.dataset.verdicts");
    input
        .set_input_files(&[stockholm.to_str().unwrap()])
        .unwrap();
    wait_for_verdict(&tab, &before);
    assert_eq!(
        eval_string(&tab, "document.getElementById('new_cases').value"),
        "7412"
    );
    assert_eq!(
        eval_string(&tab, "document.getElementById('region_code').value"),
        "01"
    );
}

#[test]
fn the_checker_fetches_nothing_and_every_control_is_labelled_and_reachable() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-a11y");
    let page = write_page(&dir);
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    pick(&tab, "agreement_year", "2026");
    crate::page::audit(&tab, "the checker, the 2026 form");
    let report: Value = serde_json::from_str(&eval_string(
        &tab,
        r##"JSON.stringify((() => {
  const controls = [...document.querySelectorAll("input, select, textarea")];
  const unlabelled = controls.filter((c) => !c.labels.length || !c.labels[0].textContent.trim()).map((c) => c.id);
  const external = [...document.querySelectorAll("[src], [href], link")].map((e) => e.outerHTML);
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = [...document.querySelectorAll("label, .help, .mark, .line, .remedy, .problem, legend, h1, h2")]
    .map((e) => (1.05) / (luminance(getComputedStyle(e).color) + 0.05));
  const marks = [...document.querySelectorAll("#verdict li")].map((li) => li.querySelector(".line").textContent);
  return {
    unlabelled, external,
    fetched: performance.getEntriesByType("resource").length,
    csp: document.querySelector("meta[http-equiv='Content-Security-Policy']").content,
    live: document.getElementById("result").getAttribute("aria-live"),
    lowest_contrast: Math.min(...contrast),
    wordless: marks.filter((t) => !/uppfyllt|bedömas|:/.test(t)).length,
    marks: marks.length,
  };
})())"##,
    ))
    .unwrap();
    assert_eq!(report["unlabelled"], serde_json::json!([]), "{report}");
    assert_eq!(report["external"], serde_json::json!([]), "{report}");
    assert_eq!(report["fetched"], 0, "{report}");
    assert!(
        report["csp"]
            .as_str()
            .unwrap()
            .starts_with("default-src 'none'"),
        "{report}"
    );
    assert_eq!(report["live"], "polite");
    // WCAG AA for text: at least 4.5 : 1 on the white page.
    assert!(
        report["lowest_contrast"].as_f64().unwrap() >= 4.5,
        "{report}"
    );
    assert!(report["marks"].as_u64().unwrap() > 0);
    assert_eq!(report["wordless"], 0, "{report}");

    // The keyboard reaches the form in order: year, region, upload day.
    tab.find_element("#agreement_year")
        .unwrap()
        .focus()
        .unwrap();
    tab.press_key("Tab").unwrap();
    assert_eq!(
        eval_string(&tab, "document.activeElement.id"),
        "region_code"
    );
    tab.press_key("Tab").unwrap();
    assert_eq!(eval_string(&tab, "document.activeElement.id"), "received");
}

// ---- An RCC's report (svf-rcc-report/1) -----------------------------------------------------

/// A variation of the RCC example: its file name and the change.
type Edit = (&'static str, fn(&mut Value));

/// The RCC reports `svf assess` and the page must agree on: the example, the demo's six, and
/// variations of the example made here (incomplete, rejected, past 2^53 öre, a byte-order mark).
fn rcc_reports(dir: &Path) -> Vec<PathBuf> {
    let example = root().join("spec/examples/rcc-2024-vast-first.json");
    let mut files = vec![example.clone()];
    let mut demo: Vec<PathBuf> = std::fs::read_dir(root().join("demo/rcc-2024"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    demo.sort();
    assert!(demo.len() >= 6, "{demo:?}");
    files.extend(demo);
    let base: Value = serde_json::from_slice(&std::fs::read(&example).unwrap()).unwrap();
    let edits: [Edit; 7] = [
        ("final", |r| r["stage"] = "final".into()),
        ("no-stage", |r| {
            r.as_object_mut().unwrap().remove("stage");
            r["areas"][0]["projects"][1]
                .as_object_mut()
                .unwrap()
                .remove("amount_ore");
        }),
        ("amount-as-text", |r| {
            r["areas"][0]["projects"][0]["amount_ore"] = "4 200 000".into();
        }),
        ("area-twice", |r| {
            let again = r["areas"][0].clone();
            r["areas"].as_array_mut().unwrap().push(again);
        }),
        ("past-2-53", |r| {
            r["areas"][0]["projects"][0]["amount_ore"] = 9_007_199_254_740_993_u64.into();
        }),
        ("negative", |r| {
            r["areas"][1]["projects"][0]["amount_ore"] = (-5).into();
        }),
        ("bare", |r| {
            *r = serde_json::json!({"schema": "svf-rcc-report/1"});
        }),
    ];
    for (name, edit) in edits {
        let mut report = base.clone();
        edit(&mut report);
        let file = dir.join(format!("rcc-{name}.json"));
        std::fs::write(&file, serde_json::to_vec_pretty(&report).unwrap()).unwrap();
        files.push(file);
    }
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(std::fs::read(&example).unwrap());
    let file = dir.join("rcc-bom.json");
    std::fs::write(&file, bom).unwrap();
    files.push(file);
    files
}

#[test]
fn svf_assess_in_the_browser_is_svf_assess_on_rcc_reports() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-rcc-svfassess");
    let page = write_page(&dir);
    let files = rcc_reports(&dir);
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    let inputs: Vec<String> = files
        .iter()
        .map(|f| base64(&std::fs::read(f).unwrap()))
        .collect();
    let script = format!(
        "JSON.stringify({}.map((b) => {{ const s = atob(b); \
         const u = new Uint8Array(s.length); \
         for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i); \
         return svfAssess(u, {RECEIVED:?}); }}))",
        serde_json::to_string(&inputs).unwrap()
    );
    let answers: Vec<String> = serde_json::from_str(&eval_string(&tab, &script)).unwrap();
    let mut schemas = std::collections::BTreeMap::new();
    for (file, answer) in files.iter().zip(&answers) {
        let in_browser: Value = serde_json::from_str(answer).expect("svfAssess gives JSON");
        let expected = svf_assess_json(file);
        assert_eq!(in_browser, expected, "{}", file.display());
        *schemas
            .entry(format!("{} {}", expected["schema"], expected["status"]))
            .or_insert(0) += 1;
    }
    // Assessed and rejected RCC reports, and the one with a byte-order mark read as svf assess
    // reads it (not JSON to serde, so a region's report, rejected).
    assert!(
        schemas[r#""svf-rcc-assessment/1" "assessed""#] >= 9
            && schemas[r#""svf-rcc-assessment/1" "rejected""#] >= 3
            && schemas[r#""svf-assessment/1" "rejected""#] == 1,
        "{schemas:?}"
    );
    let past: Value = serde_json::from_str(&answers[files.len() - 4]).unwrap();
    assert_eq!(
        past["areas"][0]["granted_ore"],
        9_007_199_254_740_993_u64 + 150_000_000,
        "exact past 2^53"
    );
}

/// The Swedish lines of the RCC notification `svf assess FILE --format text` prints, from the
/// first after `Mottagen:`, without blank lines: as a region's ([`notification_lines_at`]).
fn rcc_notification_lines(file: &Path, received: &str) -> Vec<String> {
    notification_lines_at(file, received)
}

/// The id of a field of the `index`th project of `area` in the RCC form (`name`, `amount`, …).
fn project_field(tab: &Tab, area: &str, index: usize, key: &str) -> String {
    eval_string(
        tab,
        &format!(
            "document.querySelectorAll('#rcc-{area}-projects .project')[{index}]\
             .querySelector('[id$=\"-{key}\"]').id"
        ),
    )
}

/// The RCC form as a person fills it in: 2024, RCC Väst, every area with a project.
fn fill_rcc_form(tab: &Tab) {
    tab.find_element("#kind-rcc").unwrap().click().unwrap();
    assert_eq!(
        eval_string(tab, "String(document.getElementById('rcc-report').hidden)"),
        "false"
    );
    pick(tab, "rcc_year", "2024");
    pick(tab, "rcc_code", "vast");
    pick(tab, "rcc_stage", "first");
    pick(tab, "rcc_received", "2024-11-10");
    for (area, amount) in [
        ("patologi", "1 250 000"),
        ("radiologi", "1250000"),
        ("rehabilitering", "980\u{a0}000"),
    ] {
        // The texts are put in whole (each keystroke would assess the form again, and the
        // text's typing is not what is tested); the amounts are typed key by key.
        pick(
            tab,
            &format!("rcc-{area}-criteria"),
            "Ansökningar bedömda av en beredningsgrupp.",
        );
        for (key, text) in [
            ("name", "Snabbare diagnostik"),
            ("recipient", "Sahlgrenska universitetssjukhuset"),
            ("description", "Fler undersökningar per vecka."),
        ] {
            pick(tab, &project_field(tab, area, 0, key), text);
        }
        type_into(tab, &project_field(tab, area, 0, "amount"), amount);
    }
    tab.find_element("#rcc-patologi-add")
        .unwrap()
        .click()
        .unwrap();
    for (key, text) in [
        ("name", "Digital patologi"),
        ("recipient", "Skaraborgs sjukhus"),
        ("description", "Skannrar."),
    ] {
        pick(tab, &project_field(tab, "patologi", 1, key), text);
    }
    type_into(
        tab,
        &project_field(tab, "patologi", 1, "amount"),
        "1\u{202f}250\u{202f}000,50",
    );
}

/// Types a bad amount into the field `amount` (the second project of patologi): refused at the
/// field with the reason in Swedish, and left out of the report, which then lacks it.
fn refused_at_its_field(tab: &Tab, dir: &Path, amount: &str, typed: &str, reason: &str) {
    type_into(tab, amount, typed);
    let said = eval_string(
        tab,
        &format!(
            "(() => {{ const i = document.getElementById({amount:?}); \
             const e = document.getElementById(i.getAttribute('aria-describedby')); \
             return (e.hidden ? 'hidden: ' : '') + i.getAttribute('aria-invalid') + ' ' + \
             e.textContent; }})()"
        ),
    );
    assert!(
        said.starts_with("true Beloppet ") && said.contains(reason),
        "{typed}: {said}"
    );
    let report: Value = serde_json::from_str(&eval_string(tab, "svfCheckerReport()")).unwrap();
    assert!(
        report["areas"][0]["projects"][1]
            .get("amount_ore")
            .is_none(),
        "{typed}: {report}"
    );
    let lines = page_lines(tab);
    assert_eq!(
        lines,
        rcc_notification_lines(
            &downloaded(tab, dir, "rcc-bad.json"),
            "2024-11-10T12:00:00Z"
        )
    );
    assert!(
        lines
            .iter()
            .any(|l| l == "- areas[0].projects[1].amount_ore: ange beviljat belopp i öre"),
        "{typed}: {lines:#?}"
    );
    assert!(
        eval_string(
            tab,
            "document.getElementById('rcc-field-problems').textContent"
        )
        .starts_with("Ett tal i formuläret kan inte läsas"),
        "{typed}"
    );
}

#[test]
fn the_rcc_form_turns_kronor_into_exact_ore_and_shows_the_notifications_lines() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-rcc-form");
    let page = write_page(&dir);
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    fill_rcc_form(&tab);
    let report: Value = serde_json::from_str(&eval_string(&tab, "svfCheckerReport()")).unwrap();
    assert_eq!(report["schema"], "svf-rcc-report/1");
    assert_eq!(report["rcc"], "vast");
    assert_eq!(report["agreement_year"], 2024);
    let amounts: Vec<Value> = report["areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["projects"].as_array().unwrap())
        .map(|p| p["amount_ore"].clone())
        .collect();
    // 1 250 000 and 1 250 000,50 kr in patologi, 1250000 in radiologi, 980 000 in
    // rehabilitering: öre, exactly.
    assert_eq!(
        amounts,
        [125_000_000_u64, 125_000_050, 125_000_000, 98_000_000].map(Value::from)
    );
    // What the page says is what the RCC's notification says of the report it downloads.
    let file = downloaded(&tab, &dir, "rcc-form.json");
    let lines = page_lines(&tab);
    assert_eq!(lines, rcc_notification_lines(&file, "2024-11-10T12:00:00Z"));
    assert!(
        lines.contains(&"Redovisningen är komplett.".to_owned()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"- patologi: 2 projekt, 2 500 000,50 kr".to_owned()),
        "{lines:#?}"
    );
    crate::page::audit(&tab, "the checker, the RCC form filled in");

    // Bad amounts: refused at their field with the reason in Swedish, and left out of the
    // report, which then lacks them.
    let amount = project_field(&tab, "patologi", 1, "amount");
    for (typed, reason) in [
        ("12,345,6", "ska ha högst ett decimalkomma"),
        ("1 250 000 kr", "har tecknet ”k”, som inte är en siffra"),
        (
            "1 25 000",
            "mellanslag som inte står mellan grupper om tre siffror",
        ),
        ("-100", "kan inte vara negativt"),
    ] {
        refused_at_its_field(&tab, &dir, &amount, typed, reason);
    }
    crate::page::audit(&tab, "the checker, the RCC form with a refused amount");
    screenshot(&tab, "checker-rcc-refused-amount.png");
    // Corrected: the message goes.
    type_into(&tab, &amount, "1 250 000,5");
    assert_eq!(
        eval_string(
            &tab,
            &format!(
                "String(document.getElementById({:?}).hidden)",
                format!("{amount}-error")
            )
        ),
        "true"
    );
    let report: Value = serde_json::from_str(&eval_string(&tab, "svfCheckerReport()")).unwrap();
    assert_eq!(report["areas"][0]["projects"][1]["amount_ore"], 125_000_050);
}

#[test]
fn an_rcc_file_loaded_is_assessed_as_it_is_and_fills_the_rcc_form() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-rcc-load");
    let page = write_page(&dir);
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    pick(&tab, "rcc_received", "2024-09-27");
    let mut files = rcc_reports(&dir);
    // Not the one with a byte-order mark: a region's report to svf assess.
    files.retain(|f| !f.ends_with("rcc-bom.json"));
    // Loaded through the region form's field too: the page turns to the RCC form.
    for (index, file) in files.iter().enumerate() {
        let input = tab
            .find_element(if index % 2 == 0 { "#rcc_load" } else { "#load" })
            .unwrap();
        if index % 2 == 1 {
            tab.find_element("#kind-region").unwrap().click().unwrap();
        }
        let before = eval_string(&tab, "document.body.dataset.verdicts");
        input.set_input_files(&[file.to_str().unwrap()]).unwrap();
        wait_for_verdict(&tab, &before);
        assert_eq!(
            eval_string(
                &tab,
                "document.getElementById('kind-rcc').checked ? 'rcc' : 'region'"
            ),
            "rcc",
            "{}",
            file.display()
        );
        assert_eq!(
            page_lines(&tab),
            rcc_notification_lines(file, RECEIVED),
            "{}",
            file.display()
        );
        let text = std::fs::read_to_string(file).unwrap();
        assert_eq!(eval_string(&tab, "svfCheckerReport()"), text);
    }
    // The example fills the form: its amounts in kronor as svf writes them, and back to the
    // same öre once the form is touched.
    let example = root().join("spec/examples/rcc-2024-vast-first.json");
    let before = eval_string(&tab, "document.body.dataset.verdicts");
    tab.find_element("#rcc_load")
        .unwrap()
        .set_input_files(&[example.to_str().unwrap()])
        .unwrap();
    wait_for_verdict(&tab, &before);
    assert_eq!(
        eval_string(&tab, "document.getElementById('rcc_code').value"),
        "vast"
    );
    let first = project_field(&tab, "patologi", 0, "amount");
    assert_eq!(
        eval_string(&tab, &format!("document.getElementById({first:?}).value")),
        "4 200 000"
    );
    let criteria = "document.getElementById('rcc-radiologi-criteria').value";
    let typed = eval_string(&tab, criteria);
    pick(&tab, "rcc-radiologi-criteria", &typed);
    let rebuilt: Value = serde_json::from_str(&eval_string(&tab, "svfCheckerReport()")).unwrap();
    let original: Value = serde_json::from_slice(&std::fs::read(&example).unwrap()).unwrap();
    assert_eq!(rebuilt, original);
    // Past 2^53 öre, the digits are kept exactly through the form.
    let past = dir.join("rcc-past-2-53.json");
    let before = eval_string(&tab, "document.body.dataset.verdicts");
    tab.find_element("#rcc_load")
        .unwrap()
        .set_input_files(&[past.to_str().unwrap()])
        .unwrap();
    wait_for_verdict(&tab, &before);
    assert_eq!(
        eval_string(
            &tab,
            &format!(
                "document.getElementById({:?}).value",
                project_field(&tab, "patologi", 0, "amount")
            )
        ),
        "90 071 992 547 409,93"
    );
    pick(&tab, "rcc-radiologi-criteria", &typed);
    let text = eval_string(&tab, "svfCheckerReport()");
    assert!(text.contains("\"amount_ore\": 9007199254740993"), "{text}");
}

#[test]
fn region_counts_are_read_by_the_kernel_as_people_type_them() {
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-counts");
    let page = write_page(&dir);
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    pick(&tab, "agreement_year", "2026");
    for (typed, sent) in [
        ("7 323", Value::from(7323)),
        ("7323", Value::from(7323)),
        (" 7\u{a0}323 ", Value::from(7323)),
        ("7\u{202f}323", Value::from(7323)),
        ("1 234 567", Value::from(1_234_567)),
        // Not grouped by three: sent as typed, for the kernel to name.
        ("73 23", Value::from("73 23")),
        ("7,323", Value::from("7,323")),
    ] {
        for id in ["new_cases", "lt-breast-patients", "inc-sex-women-whole"] {
            type_into(&tab, id, typed);
        }
        let report: Value = serde_json::from_str(&eval_string(&tab, "svfCheckerReport()")).unwrap();
        assert_eq!(report["inclusion"]["new_cases"], sent, "{typed:?}");
        assert_eq!(report["lead_times"][0]["patients"], sent, "{typed:?}");
        assert_eq!(
            report["inclusion"]["by_sex"]["women"]["new_cases"], sent,
            "{typed:?}"
        );
    }
}

/// What the kernel's `number` says of `text`, as the page's `kernelNumber` reports it: `ok`
/// and the value's digits, or the refusal's key and the character that is not a digit.
fn number_said<T: std::fmt::Display>(read: Result<T, svf_kernel::number::NumberError>) -> String {
    use svf_kernel::number::NumberError;
    match read {
        Ok(value) => format!("ok {value}"),
        Err(NumberError::Empty) => "empty ".to_owned(),
        Err(NumberError::Negative) => "negative ".to_owned(),
        Err(NumberError::NotADigit(c)) => format!("not_a_digit {c}"),
        Err(NumberError::Grouping) => "grouping ".to_owned(),
        Err(NumberError::Decimals) => "decimals ".to_owned(),
        Err(NumberError::TooLarge) => "too_large ".to_owned(),
    }
}

/// The module's number exports, through the page's own call (`kernelNumber`), are the kernel's
/// `parse_kronor`, `parse_whole` and `Ore`'s display, refusals and all: what the page puts in a
/// report is what svf reads on the command line.
#[test]
fn the_pages_numbers_are_the_kernels() {
    use svf_kernel::Ore;
    use svf_kernel::number::{parse_kronor, parse_whole};
    let Some(chromium) = chromium() else { return };
    let dir = tempdir("checker-numbers");
    let page = write_page(&dir);
    let browser = browser(chromium);
    let tab = browser.new_tab().unwrap();
    open(&tab, &page);
    let typed = [
        "1 250 000",
        "1 250 000,50",
        "1250000",
        " 1\u{a0}250\u{202f}000,5 ",
        "1250000.05",
        "0",
        "0,01",
        "7 323",
        "",
        "   ",
        "-1",
        "\u{2212}1",
        "12,345,6",
        "1 250 000 kr",
        "1 25 000",
        "1  250",
        "1_000",
        "1,",
        ",5",
        "١٢",
        "12é",
        "92233720368547758,07",
        "92233720368547758,08",
        "18446744073709551615",
        "18446744073709551616",
    ];
    let ask = |export: &str, texts: &[&str], extra: &str| -> Vec<String> {
        let script = format!(
            "JSON.stringify({}.map((t) => {{ const r = kernelNumber({export:?}, t{extra}); \
             return r.text !== undefined ? 'ok ' + r.text : r.refusal + ' ' + r.c; }}))",
            serde_json::to_string(texts).unwrap()
        );
        serde_json::from_str(&eval_string(&tab, &script)).unwrap()
    };
    let kronor: Vec<String> = typed
        .iter()
        .map(|t| number_said(parse_kronor(t).map(Ore::ore)))
        .collect();
    assert_eq!(ask("svf_kronor", &typed, ""), kronor);
    assert!(kronor.contains(&"ok 125000050".to_owned()), "{kronor:?}");
    let whole: Vec<String> = typed
        .iter()
        .map(|t| number_said(parse_whole(t, false)))
        .collect();
    assert_eq!(ask("svf_whole", &typed, ""), whole);
    assert!(whole.contains(&"ok 7323".to_owned()), "{whole:?}");
    // Öre back to kronor, with the notification's suffix and without (the form's field).
    let digits = [
        "0",
        "5",
        "100",
        "125000050",
        "9007199254740993",
        "9223372036854775807",
        "9223372036854775808",
        "1e3",
    ];
    for (suffix, as_number) in [(1, false), (0, true)] {
        let expected: Vec<String> = digits
            .iter()
            .map(|d| {
                let ore = parse_whole(d, false).and_then(|n| {
                    i64::try_from(n).map_err(|_| svf_kernel::number::NumberError::TooLarge)
                });
                number_said(ore.map(|n| {
                    if as_number {
                        Ore(n).as_number(false).to_string()
                    } else {
                        Ore(n).to_string()
                    }
                }))
            })
            .collect();
        assert_eq!(
            ask("svf_kronor_text", &digits, &format!(", {suffix}")),
            expected
        );
    }
}
