//! What a hostile or clumsy folder found (issue 12), each case kept found: the bucket never pays
//! wrong in silence and never stops for one bad file. Against the built binary, as a user runs
//! it, on a folder bucket; the store-wide cases also through the pipeline on S3
//! (the scenarios in `functions/tests/scenarios.rs`).

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::support::{IN_TIME, Run, report, set_time, svf, tempdir, write};

fn process(dir: &Path) -> Run {
    svf(&["process", dir.to_str().unwrap()])
}

/// A bucket with the 2024 population table and region `code`'s report, in time.
fn bucket(name: &str, code: &str) -> svf_testing::TempDir {
    let dir = tempdir(name);
    write(
        &dir.join("config/2024/populations.csv"),
        include_str!("data/populations-2024-11.csv").as_bytes(),
    );
    let path = dir.join(format!("reports/2024/{code}/r.json"));
    write(&path, &report(code, 800));
    set_time(&path, IN_TIME);
    dir
}

fn json(dir: &Path, key: &str) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join(key)).unwrap()).unwrap()
}

/// The 2024 notifications in region `code`'s folder, of the upload at `key` (any, when empty).
fn notifications_of(dir: &Path, code: &str, key: &str) -> Vec<Value> {
    std::fs::read_dir(dir.join(format!("notifications/2024/{code}")))
        .unwrap()
        .map(|e| serde_json::from_slice(&std::fs::read(e.unwrap().path()).unwrap()).unwrap())
        .filter(|n: &Value| key.is_empty() || n["upload"]["key"] == key)
        .collect()
}

fn second_of(dir: &Path, code: &str) -> i64 {
    svf_testing::payments::amount_of(&json(dir, "summary/2024/payments.json"), code, "second")
}

#[test]
fn svf_demo_refuses_a_folder_that_holds_anything_but_its_own_output() {
    let dir = tempdir("demo-in-use");
    let upload = dir.join("reports/2024/01/redovisning-2024.json");
    write(&upload, b"{\"a region's\": \"own upload\"}");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("reports/2024/01/redovisning-2024.json"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(&upload).unwrap(),
        b"{\"a region's\": \"own upload\"}"
    );
    assert!(!dir.join("config").exists(), "nothing touched");
    // Its own output, again, is welcome.
    let own = tempdir("demo-own");
    assert_eq!(svf(&["demo", own.to_str().unwrap()]).code, 0);
    assert_eq!(svf(&["demo", own.to_str().unwrap()]).code, 0);
    std::fs::write(
        own.join("config/2024/populations.csv"),
        "code,name,population\n",
    )
    .unwrap();
    assert_eq!(
        svf(&["demo", own.to_str().unwrap()]).code,
        2,
        "a changed table is not the demo's"
    );
}

#[test]
fn a_stray_assessment_is_not_the_regions() {
    let dir = bucket("stray", "01");
    assert_eq!(process(&dir).code, 0);
    let paid = second_of(&dir, "01");
    assert!(paid > 0);
    let mut stray = json(&dir, "assessments/2024/01.json");
    stray["parts"][0]["eligible"] = Value::Bool(false);
    write(
        &dir.join("assessments/2024/backup/01.json"),
        stray.to_string().as_bytes(),
    );
    std::fs::remove_file(dir.join("summary/2024/payments.json")).unwrap();
    assert_eq!(process(&dir).code, 0);
    assert_eq!(
        second_of(&dir, "01"),
        paid,
        "backup/01.json is not Stockholm's assessment"
    );
}

#[test]
fn a_deleted_assessment_is_rebuilt_from_its_upload() {
    let dir = bucket("rebuild", "01");
    assert_eq!(process(&dir).code, 0);
    let before = std::fs::read(dir.join("assessments/2024/01.json")).unwrap();
    let paid = second_of(&dir, "01");
    std::fs::remove_file(dir.join("assessments/2024/01.json")).unwrap();
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("rebuilt   assessments/2024/01.json"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read(dir.join("assessments/2024/01.json")).unwrap(),
        before
    );
    assert_eq!(second_of(&dir, "01"), paid, "Stockholm paid again");
    assert_eq!(
        std::fs::read_dir(dir.join("notifications/2024/01"))
            .unwrap()
            .count(),
        1,
        "no second notification"
    );
}

#[test]
fn a_missing_population_table_is_said_and_the_page_marked_out_of_date() {
    let dir = bucket("no-table", "01");
    assert_eq!(process(&dir).code, 0);
    std::fs::remove_file(dir.join("config/2024/populations.csv")).unwrap();
    let path = dir.join("reports/2024/03/r.json");
    write(&path, &report("03", 500));
    set_time(&path, IN_TIME);
    let run = process(&dir);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("config/2024/populations.csv is missing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("assessed  reports/2024/03/r.json"),
        "the upload is handled all the same"
    );
    let page = std::fs::read_to_string(dir.join("summary/2024/index.html")).unwrap();
    assert!(
        page.contains("Inaktuell sammanställning"),
        "the page says it is out of date"
    );
    assert!(page.contains("config/2024/populations.csv is missing"));
    // Mended: the page is current again.
    write(
        &dir.join("config/2024/populations.csv"),
        include_str!("data/populations-2024-11.csv").as_bytes(),
    );
    assert_eq!(process(&dir).code, 0);
    let page = std::fs::read_to_string(dir.join("summary/2024/index.html")).unwrap();
    assert!(!page.contains("Inaktuell sammanställning"));
}

#[test]
fn a_corrupt_stored_assessment_is_named_and_stops_only_its_own() {
    let dir = bucket("corrupt", "01");
    assert_eq!(process(&dir).code, 0);
    write(&dir.join("assessments/2024/01.json"), b"{\"schema\": ");
    let newer = dir.join("reports/2024/01/v2.json");
    write(&newer, &report("01", 900));
    set_time(&newer, IN_TIME + 3600);
    let other = dir.join("reports/2024/03/r.json");
    write(&other, &report("03", 800));
    set_time(&other, IN_TIME);
    let run = process(&dir);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("assessments/2024/01.json: not a stored assessment"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("assessed  reports/2024/03/r.json"),
        "{}",
        run.stdout
    );
}

#[test]
fn one_bad_entry_never_stops_the_bucket() {
    let dir = bucket("bad-entries", "01");
    // A newline and a backslash in names: rejections, apart under notifications/unplaced/.
    for name in [
        "reports/2024/09/rad\nbrytning.json",
        "reports/2024/09/bak\\snedstreck.json",
    ] {
        write(&dir.join(name), &report("09", 800));
    }
    // There but not files: a symbolic link and a FIFO, each its key's failure. Not a key: a
    // name that is not UTF-8. An upload like any other: a name like an old svf's temporary file.
    symlink(
        dir.join("reports/2024/01/r.json"),
        dir.join("reports/2024/01/länk.json"),
    )
    .unwrap();
    let fifo = dir.join("reports/2024/01/fifo.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let not_utf8: &std::ffi::OsStr = std::os::unix::ffi::OsStrExt::from_bytes(b"\xff.json");
    write(
        &dir.join("reports/2024/01").join(not_utf8),
        &report("01", 800),
    );
    write(&dir.join("reports/2024/01/.svf-tmp-1-0"), b"half");
    // (A time past 9999, passed over with a word, cannot be set here: ext4 clamps a file's time
    // to the year 2446.)
    // A year of five digits is not 2024.
    write(&dir.join("reports/02024/12/r.json"), &report("12", 800));
    // A control character that could clear a terminal.
    write(
        &dir.join("reports/2024/13/\u{1b}[2Jrensa.json"),
        &report("13", 800),
    );
    let later = dir.join("reports/2024/03/r.json");
    write(&later, &report("03", 800));
    set_time(&later, IN_TIME);
    let run = process(&dir);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("assessed  reports/2024/03/r.json"),
        "the pass went on: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("summary   summary/2024/payments.json"),
        "{}",
        run.stdout
    );
    let unplaced = std::fs::read_dir(dir.join("notifications/unplaced"))
        .unwrap()
        .count();
    assert_eq!(
        unplaced, 3,
        "the newline, the backslash and the escape each get their rejection"
    );
    for said in [
        "failed  reports/2024/01/länk.json  (the key \"reports/2024/01/länk.json\" is refused: \
         it is a symbolic link, which is never followed)",
        "failed  reports/2024/01/fifo.json  (the key \"reports/2024/01/fifo.json\" is refused: \
         it is a FIFO, not a regular file",
        "its name is not UTF-8",
    ] {
        assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
    }
    assert!(
        run.stdout
            .contains("rejected  reports/2024/01/.svf-tmp-1-0"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("1 passed over, 2 failed"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    assert!(
        run.stdout.contains("\\u{1b}[2Jrensa.json"),
        "{}",
        run.stdout
    );
    // 02024 is no year: the report's 2024 does not match it.
    let notes: Vec<_> = std::fs::read_dir(dir.join("notifications/02024/12"))
        .unwrap()
        .collect();
    assert_eq!(notes.len(), 1);
    let note: Value =
        serde_json::from_slice(&std::fs::read(notes[0].as_ref().unwrap().path()).unwrap()).unwrap();
    assert_eq!(note["assessment"]["status"], "rejected");
    assert_eq!(note["assessment"]["errors"][0]["path"], "agreement_year");
    // svf's temporary file left by a kill long ago is removed; a fresh one is a write in
    // progress; an upload named like a temporary is never touched.
    let stale = dir.join(".svf/tmp/99-0");
    write(&stale, b"left");
    set_time(&stale, IN_TIME);
    let fresh = dir.join(".svf/tmp/98-0");
    write(&fresh, b"in progress");
    let again = process(&dir);
    assert!(!stale.exists(), "{}", again.stderr);
    assert!(fresh.exists(), "{}", again.stderr);
    assert!(dir.join("reports/2024/01/.svf-tmp-1-0").exists());
}

#[test]
fn configuration_that_is_not_a_regular_file_never_hangs_a_pass() {
    let dir = bucket("fifo-rules", "01");
    let rules = dir.join("config/2024/rules.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&rules)
            .status()
            .unwrap()
            .success()
    );
    let started = std::time::Instant::now();
    let run = process(&dir);
    assert!(started.elapsed() < Duration::from_secs(30), "it returned");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("config/2024/rules.json") && run.stderr.contains("not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn svf_watch_waits_out_a_half_saved_rules_file() {
    let dir = bucket("watch-rules", "01");
    write(
        &dir.join("config/2024/rules.json"),
        b"{\"schema\": \"svf-rules/1\", \"pol",
    );
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_svf"))
        .args([
            "watch",
            dir.to_str().unwrap(),
            "--interval",
            "0.2",
            "--rounds",
            "25",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    write(
        &dir.join("config/2024/rules.json"),
        b"{\"schema\": \"svf-rules/1\"}",
    );
    let output = child.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(output.status.success(), "watch went on: {stderr}");
    assert!(
        stderr.contains("config/2024/rules.json: not valid JSON"),
        "{stderr}"
    );
    assert!(
        stdout.contains("assessed  reports/2024/01/r.json"),
        "{stdout}"
    );
}

#[test]
fn names_that_would_break_the_annex_are_refused() {
    let dir = tempdir("tab-name");
    let table = include_str!("data/populations-2024-11.csv").replace("Stockholm", "Stock\tholm");
    let path = dir.join("t.csv");
    std::fs::write(&path, table).unwrap();
    let run = svf(&["allocate", path.to_str().unwrap(), "--total", "100"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("line 2, column 2: the name holds a tab or control character"),
        "{}",
        run.stderr
    );
}

/// `svf process` killed at random points, again and again, then let finish, ends in exactly
/// the tree of a run never interrupted (svf's own folder `.svf/` aside: the temporary files of
/// the killed writes, which a later pass removes once stale, and the lock).
#[test]
fn a_process_killed_at_random_points_ends_as_a_clean_run() {
    let clean = tempdir("kill-clean");
    assert_eq!(svf(&["demo", clean.to_str().unwrap()]).code, 0);
    let killed = tempdir("kill-killed");
    // The demo's inputs, laid out without processing: the demo's own folder, then emptied of
    // its outputs.
    assert_eq!(svf(&["demo", killed.to_str().unwrap()]).code, 0);
    for output in [
        "assessments",
        "notifications",
        "summary",
        "records",
        "history",
    ] {
        std::fs::remove_dir_all(killed.join(output)).unwrap();
    }
    let mut seed = 0x5eed_u64;
    for _ in 0..6 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let delay = Duration::from_millis(5 + (seed >> 33) % 120);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_svf"))
            .args(["process", killed.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
    }
    let last = process(&killed);
    assert_eq!(last.code, 0, "{}", last.stderr);
    let tree = |root: &Path| {
        let mut files = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path == root.join(".svf") {
                    continue;
                }
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let key = path
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    let mut bytes = std::fs::read(&path).unwrap();
                    if key.starts_with("history/") {
                        // When a change was published is the clock's; the rest is the run's.
                        let mut change: Value = serde_json::from_slice(&bytes).unwrap();
                        change["at"] = Value::Null;
                        bytes = serde_json::to_vec(&change).unwrap();
                    }
                    if key.ends_with("index.html") {
                        // So is the minute the page's history shows for it (the two runs may
                        // straddle a minute).
                        bytes = without_history_times(&bytes);
                    }
                    if key.ends_with("payments.json") {
                        // And so the page's hash in the generation `payments.json` closes.
                        let mut payments: Value = serde_json::from_slice(&bytes).unwrap();
                        if let Some(generation) = payments["generation"].as_object_mut() {
                            for (output, hash) in generation.iter_mut() {
                                if output.ends_with("index.html") {
                                    *hash = Value::Null;
                                }
                            }
                        }
                        bytes = serde_json::to_vec(&payments).unwrap();
                    }
                    files.push((key, bytes));
                }
            }
        }
        files.sort();
        files
    };
    let (clean_tree, killed_tree) = (tree(&clean), tree(&killed));
    let keys = |t: &Vec<(String, Vec<u8>)>| t.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&killed_tree), keys(&clean_tree));
    for ((key, ours), (_, theirs)) in killed_tree.iter().zip(&clean_tree) {
        assert!(ours == theirs, "{key} differs from the clean run's");
    }
}

/// A page with each time in its history section (`<section id="historik">`, one `<h3>` per
/// change, the clock's minute) blanked.
fn without_history_times(page: &[u8]) -> Vec<u8> {
    let page = String::from_utf8(page.to_vec()).unwrap();
    let Some(start) = page.find("<section id=\"historik\"") else {
        return page.into_bytes();
    };
    let (before, history) = page.split_at(start);
    let mut out = before.to_owned();
    let mut rest = history;
    while let Some(open) = rest.find("<h3>") {
        let close = rest[open..].find("</h3>").map_or(rest.len(), |c| open + c);
        out.push_str(&rest[..open + "<h3>".len()]);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// A report whose file time is later than now (a wrong clock, `touch -d 2099`) is rejected with
/// a notification that says so: taken as it is, it would be the region's newest for good.
#[test]
fn a_receipt_later_than_now_is_rejected_and_told() {
    let dir = bucket("future", "01");
    let path = dir.join("reports/2024/03/r.json");
    write(&path, &report("03", 800));
    // 1 January 2099.
    set_time(&path, 4_070_908_800);
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("rejected  reports/2024/03/r.json"),
        "{}",
        run.stdout
    );
    let notes: Vec<_> = std::fs::read_dir(dir.join("notifications/2024/03"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(notes.len(), 1);
    let note = json(&dir, notes[0].strip_prefix(&dir).unwrap().to_str().unwrap());
    let message = note["assessment"]["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("received 2099-01-01T00:00:00Z, later than now"),
        "{message}"
    );
    assert!(!dir.join("assessments/2024/03.json").exists());
    assert_eq!(second_of(&dir, "03"), 0, "Uppsala earned nothing");
}

/// Edits `key`'s JSON in the folder bucket.
fn edit(dir: &Path, key: &str, change: impl FnOnce(&mut Value)) {
    let mut value = json(dir, key);
    change(&mut value);
    write(&dir.join(key), &serde_json::to_vec(&value).unwrap());
}

/// A stored assessment is never paid on its word: one whose parts contradict its own verdicts
/// (edited, its report gone so nothing decides it again) stops the summary with the reason, and
/// `svf payments` refuses the same file.
#[test]
fn a_stored_assessment_whose_parts_contradict_its_verdicts_is_not_paid() {
    let dir = bucket("contradict", "01");
    let other = dir.join("reports/2024/03/r.json");
    // Uppsala's inclusion below the goal: not eligible.
    write(&other, &report("03", 100));
    set_time(&other, IN_TIME);
    assert_eq!(process(&dir).code, 0);
    assert_eq!(second_of(&dir, "03"), 0);
    let paid = second_of(&dir, "01");
    std::fs::remove_file(&other).unwrap();
    edit(&dir, "assessments/2024/03.json", |a| {
        a["parts"][0]["eligible"] = true.into();
    });
    let run = process(&dir);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "assessments/2024/03.json: its part second is stated eligible, but its own \
             conditions and completeness make it not eligible"
        ),
        "{}",
        run.stderr
    );
    let summary = json(&dir, "summary/2024/payments.json");
    assert_eq!(summary["status"], "out_of_date");
    assert_eq!(second_of(&dir, "03"), 0, "the standing summary is kept");
    assert_eq!(second_of(&dir, "01"), paid);

    let assessments: Vec<String> = ["01", "03"]
        .iter()
        .map(|code| dir.join(format!("assessments/2024/{code}.json")))
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    let table = dir.join("config/2024/populations.csv");
    let mut args = vec!["payments", "--year", "2024", "--populations"];
    args.push(table.to_str().unwrap());
    args.extend(assessments.iter().map(String::as_str));
    let run = svf(&args);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("03.json: its part second is stated eligible"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "nothing is paid: {}", run.stdout);
}

/// A stored assessment kept from before receipts before the period's end were refused stops
/// the summary, named with the kernel's reason, rather than being paid as it stood or dropped.
#[test]
fn an_assessment_whose_report_is_no_longer_accepted_stops_the_summary() {
    let dir = bucket("no-longer", "01");
    assert_eq!(process(&dir).code, 0);
    edit(&dir, "assessments/2024/01.json", |a| {
        a["received"] = "1970-01-01T00:00:00Z".into();
        a["first_received"] = "1970-01-01T00:00:00Z".into();
    });
    // Anything that makes the year's summary again.
    let path = dir.join("reports/2024/03/r.json");
    write(&path, &report("03", 800));
    set_time(&path, IN_TIME);
    let run = process(&dir);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "assessments/2024/01.json: its report reports/2024/01/r.json is no longer accepted \
             when decided again (agreement_year: received 1970-01-01T00:00:00Z, before the \
             agreement year 2024 began"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        json(&dir, "summary/2024/payments.json")["status"],
        "out_of_date"
    );
    // A corrected report (received now, in time for nothing but itself) mends it.
    let newer = dir.join("reports/2024/01/r2.json");
    write(&newer, &report("01", 800));
    set_time(&newer, IN_TIME + 60);
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        json(&dir, "summary/2024/payments.json")["status"],
        "current"
    );
    let stored = json(&dir, "assessments/2024/01.json");
    assert_eq!(
        stored["first_received"], "2024-09-20T10:01:00Z",
        "1970 is not taken"
    );
}

/// An upload in a region's folder that is not a report (`redovisning.docx`, `r.json.txt`) is
/// that region's rejection, with its year and code, so the region (and its subscription filter)
/// hears of it; before, it landed apart as "okänd region".
#[test]
fn a_file_that_is_not_a_report_in_a_regions_folder_is_told_to_that_region() {
    let dir = bucket("docx", "01");
    // A name like an old svf's temporary file is an upload like any other.
    for name in ["redovisning.docx", "r.json.txt", ".svf-tmp-1-0"] {
        let path = dir.join(format!("reports/2024/25/{name}"));
        write(&path, b"PK\x03\x04 not json");
        set_time(&path, IN_TIME);
    }
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.join("notifications/unplaced").exists());
    let notes = notifications_of(&dir, "25", "");
    assert_eq!(notes.len(), 3);
    for note in notes {
        assert_eq!(note["assessment"]["status"], "rejected");
        assert_eq!(note["assessment"]["region_code"], "25");
        assert_eq!(note["assessment"]["agreement_year"], 2024);
        assert!(
            note["text_sv"]
                .as_str()
                .unwrap()
                .starts_with("Redovisning för 25 Norrbotten"),
            "{}",
            note["text_sv"]
        );
        assert!(
            note["assessment"]["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("reports/{year}/{region code}/{name}.json"),
            "{note}"
        );
    }
}
