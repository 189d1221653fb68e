//! The pipeline as a user runs it: `svf process`, `svf demo`, `svf watch` and `svf status` on a
//! folder bucket. The pipeline's own tests, which call `svf_functions` directly (the scenarios
//! on a folder and on S3, faults, logs), are in `functions/tests/`.

use std::path::Path;

use serde_json::Value;

use crate::support::{ANNEX_2024, annex_rows, report, svf, tempdir};

fn process(dir: &Path) -> crate::support::Run {
    svf(&["process", dir.to_str().unwrap()])
}

#[test]
fn svf_process_handles_each_upload_once() {
    let dir = tempdir("process");
    std::fs::create_dir_all(dir.join("reports/2024/09")).unwrap();
    std::fs::create_dir_all(dir.join("config/2024")).unwrap();
    std::fs::write(
        dir.join("config/2024/populations.csv"),
        include_str!("data/populations-2024-11.csv"),
    )
    .unwrap();
    std::fs::write(dir.join("reports/2024/09/gotland.json"), report("09", 900)).unwrap();
    std::fs::write(dir.join("reports/2024/09/broken.json"), b"{").unwrap();
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("assessed  reports/2024/09/gotland.json"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("rejected  reports/2024/09/broken.json"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("1 assessed, 1 rejected, 0 notified before"),
        "{}",
        run.stdout
    );
    let again = process(&dir);
    assert!(
        again
            .stdout
            .contains("0 assessed, 0 rejected, 2 notified before"),
        "{}",
        again.stdout
    );
    // The file's time is its receipt time: this one arrived now, long after 2024's deadline.
    let assessment: Value =
        serde_json::from_slice(&std::fs::read(dir.join("assessments/2024/09.json")).unwrap())
            .unwrap();
    assert_eq!(assessment["conditions"][2]["met"], false);
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary/2024/payments.json")).unwrap())
            .unwrap();
    assert_eq!(summary["withheld_ore"]["second"], 18_250_000_000_i64);
}

/// The case on the built binary: Norrbotten uploads a passing report, a failing one,
/// then the passing one again, to one file; each pass notifies the new upload, and the third
/// decides the payment.
#[test]
fn svf_process_counts_a_re_upload_of_earlier_bytes() {
    let dir = tempdir("reupload");
    std::fs::create_dir_all(dir.join("config/2024")).unwrap();
    std::fs::write(
        dir.join("config/2024/populations.csv"),
        include_str!("data/populations-2024-11.csv"),
    )
    .unwrap();
    let path = dir.join("reports/2024/25/redovisning.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // 10, 12 and 14 September 2024, 10:00 UTC.
    for (in_svf, day) in [
        (800, 1_725_962_400),
        (600, 1_726_135_200),
        (800, 1_726_308_000),
    ] {
        std::fs::write(&path, report("25", in_svf)).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| {
                f.set_modified(
                    std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(day),
                )
            })
            .unwrap();
        let run = process(&dir);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.contains("1 assessed, 0 rejected"),
            "{}",
            run.stdout
        );
    }
    let notes = std::fs::read_dir(dir.join("notifications/2024/25"))
        .unwrap()
        .count();
    assert_eq!(notes, 3);
    let table = std::fs::read_to_string(dir.join("summary/2024/payments.tsv")).unwrap();
    let norrbotten = table.lines().find(|l| l.starts_with("25\t")).unwrap();
    assert!(
        !norrbotten.ends_with("\t0"),
        "Norrbotten is paid: {norrbotten}"
    );
}

/// On a terminal (a pseudo-terminal from `script`), many uploads get a progress bar instead of
/// a line each; through a pipe, a line each (the test above and below).
#[test]
fn svf_process_shows_a_progress_bar_on_a_terminal() {
    let why = "the progress-bar test runs svf on a pseudo-terminal with util-linux's script";
    let Some(script) = crate::support::tool(std::path::Path::new("script"), why) else {
        return;
    };
    let dir = tempdir("terminal");
    let command = format!(
        "{} demo {}",
        env!("CARGO_BIN_EXE_svf"),
        dir.to_str().unwrap()
    );
    let run = std::process::Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script (util-linux) runs the demo on a pseudo-terminal");
    let screen = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{screen}");
    // 2024: 21 regions' reports and 6 RCC's (contract §2); 2026: 21 regions', Halland's twice.
    assert!(screen.contains("49/49 uploads"), "{screen}");
    assert!(screen.contains("49 assessed, 0 rejected"), "{screen}");
    assert!(!screen.contains("assessed  reports/"), "{screen}");

    let piped = svf(&["process", dir.to_str().unwrap()]);
    assert!(!piped.stdout.contains("uploads"), "{}", piped.stdout);
}

#[test]
fn svf_demo_pays_the_published_annex() {
    let dir = tempdir("demo");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("49 assessed, 0 rejected"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("assessed  reports/2024/").count(),
        27,
        "not a terminal: a line per upload\n{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("assessed  reports/2024/rcc/").count(),
        6,
        "each RCC's report\n{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("assessed  reports/2026/").count(),
        22,
        "2026: every region, Halland twice\n{}",
        run.stdout
    );
    let table = std::fs::read_to_string(dir.join("summary/2024/payments.tsv")).unwrap();
    assert!(
        run.stdout.ends_with(&table),
        "the demo prints the national table"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("summary/2024/annex-second.tsv")).unwrap(),
        ANNEX_2024,
        "the second payment's annex is the published annex, byte for byte"
    );
    // The checker for coordinators, beside the bucket, is the one `svf checker` writes.
    let checker = dir.join("checker.html");
    assert!(
        run.stdout
            .contains(&format!("before they upload: {}", checker.display())),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&checker).unwrap(),
        svf(&["checker"]).stdout,
        "svf demo writes the checker svf checker writes"
    );
    let ours = annex_rows(&table);
    for (ours, published) in ours[1..23].iter().zip(&annex_rows(ANNEX_2024)[1..23]) {
        assert_eq!(
            (ours[0], ours[5]),
            (published[0], published[4]),
            "second payment"
        );
    }
    let again = svf(&["demo", dir.to_str().unwrap()]);
    assert!(
        again
            .stdout
            .contains("0 assessed, 0 rejected, 49 notified before"),
        "{}",
        again.stdout
    );
}

#[test]
fn svf_watch_processes_uploads_as_they_appear() {
    let dir = tempdir("watch");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_svf"))
        .args([
            "watch",
            dir.to_str().unwrap(),
            "--interval",
            "0.1",
            "--rounds",
            "600",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::create_dir_all(dir.join("reports/2024/10")).unwrap();
    std::fs::write(dir.join("reports/2024/10/blekinge.json"), report("10", 900)).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let notified = loop {
        let found = std::fs::read_dir(dir.join("notifications/2024/10")).map_or(0, Iterator::count);
        if found > 0 || std::time::Instant::now() > deadline {
            break found;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(notified, 1);
}

/// A report caught half-copied is left alone until it has stopped changing: it is assessed
/// once whole, never rejected for the half.
#[test]
fn svf_watch_waits_for_a_file_to_stop_changing() {
    let dir = tempdir("watch-settle");
    let path = dir.join("reports/2024/10/blekinge.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let whole = report("10", 900);
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_svf"))
        .args([
            "watch",
            dir.to_str().unwrap(),
            "--interval",
            "0.1",
            "--rounds",
            "100",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let early = std::fs::read_dir(dir.join("notifications/2024/10")).map_or(0, Iterator::count);
    std::fs::write(&path, &whole).unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        early, 0,
        "nothing while the file is being written\n{stdout}"
    );
    assert!(
        stdout.contains("assessed  reports/2024/10/blekinge.json"),
        "{stdout}"
    );
    assert!(!stdout.contains("rejected"), "{stdout}");
}

/// `svf status`: each region's assessed report, what it earned and its latest upload, as
/// tab-separated values through a pipe.
#[test]
fn svf_status_shows_where_each_region_stands() {
    let dir = tempdir("status");
    assert_eq!(svf(&["demo", dir.to_str().unwrap()]).code, 0);
    std::fs::write(dir.join("reports/2024/25/trasig.json"), b"{").unwrap();
    assert_eq!(process(&dir).code, 0);
    let run = svf(&["status", dir.to_str().unwrap(), "--year", "2024"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 22, "a header and the 21 regions");
    assert_eq!(rows[0][0], "år");
    assert!(rows.iter().all(|r| r.len() == 7), "{}", run.stdout);
    let stockholm = &rows[1];
    assert_eq!(&stockholm[..3], ["2024", "01", "Stockholm"]);
    assert_eq!(stockholm[4], "fullständig");
    assert_eq!(stockholm[5], "Utbetalning 2: uppfyllt");
    assert_eq!(stockholm[6], "den bedömda");
    let norrbotten = &rows[21];
    assert!(norrbotten[6].starts_with("avvisad "), "{norrbotten:?}");
    let one = svf(&[
        "status",
        dir.to_str().unwrap(),
        "--year",
        "2024",
        "--region",
        "25",
    ]);
    // The table, then, after a blank line, the region's history.
    let (table, history) = one.stdout.split_once("\n\n").unwrap();
    assert_eq!(table.lines().count(), 2, "{}", one.stdout);
    assert!(
        history.starts_with("Historik 2024, 25 Norrbotten: 1 ändringar"),
        "{history}"
    );
    let missing = svf(&["status", dir.join("nej").to_str().unwrap()]);
    assert_eq!(missing.code, 2);
    let bad = svf(&["status", dir.to_str().unwrap(), "--region", "02"]);
    assert_eq!(bad.code, 2);
}

/// A typo in the bucket's folder is refused; nothing is created.
#[test]
fn svf_process_refuses_a_folder_that_is_not_there() {
    let dir = tempdir("typo").join("demoo");
    for command in ["process", "watch"] {
        let run = svf(&[command, dir.to_str().unwrap(), "--rounds", "1"]
            [..if command == "process" { 2 } else { 4 }]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(run.stderr.contains("no such folder"), "{}", run.stderr);
        assert!(!dir.exists(), "{command} created {}", dir.display());
    }
}

/// A URL where a folder bucket is asked for (`s3://…`, any `scheme://`) is refused by every
/// folder command, saying that it takes a local folder and how S3 is done instead; nothing is
/// made in the working directory (it once made `./s3:`).
#[test]
fn the_folder_commands_refuse_a_url() {
    let cwd = tempdir("url");
    let decide = [
        "decide",
        "--year",
        "2024",
        "--region",
        "25",
        "--case",
        "S2024/1",
        "--part",
        "second",
        "--eligible",
        "no",
        "--reason",
        "Sent",
        "--bucket",
    ];
    for url in [
        "s3://svf-2024-example/",
        "https://example.org/svf",
        "S3://b",
    ] {
        let mut commands: Vec<Vec<&str>> = vec![
            vec!["process", url],
            vec!["watch", url, "--rounds", "1"],
            vec!["status", url],
            vec!["status", url, "--year", "2024"],
            vec!["demo", url],
        ];
        commands.push(decide.iter().copied().chain([url]).collect());
        for args in commands {
            let run = crate::support::svf_in(&cwd, &args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
            let command = if args[0] == "decide" {
                "decide --bucket"
            } else {
                args[0]
            };
            assert!(
                run.stderr.starts_with(&format!(
                    "svf: {url}: a URL, but svf {command} takes a local folder as the bucket"
                )),
                "{args:?}: {}",
                run.stderr
            );
            assert!(run.stderr.contains("S3"), "{args:?}: {}", run.stderr);
            let made: Vec<_> = std::fs::read_dir(&*cwd).unwrap().collect();
            assert!(made.is_empty(), "{args:?} made {made:?}");
        }
    }
    let run = crate::support::svf_in(&cwd, &["process", "s3://svf-2024-example/"]);
    assert!(
        run.stderr
            .contains("aws s3 sync s3://svf-2024-example DIR, then svf process DIR"),
        "{}",
        run.stderr
    );
    let run = crate::support::svf_in(
        &cwd,
        &decide
            .iter()
            .copied()
            .chain(["s3://svf-2024-example"])
            .collect::<Vec<_>>(),
    );
    assert!(
        run.stderr
            .contains("aws s3 cp FILE s3://svf-2024-example/decisions/2024/25.json"),
        "{}",
        run.stderr
    );
    // A folder whose name only looks like a scheme is still a folder.
    let odd = cwd.join("a:b");
    std::fs::create_dir(&odd).unwrap();
    let run = crate::support::svf_in(&cwd, &["status", "a:b"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The demo's lägesbild: every area's received amounts sum exactly to the agreement's item and
/// equal an independent split (RCC by population, Halland by municipality); every share passed
/// on is granted ÷ received, half up, computed here on its own.
#[test]
fn a_broken_agreement_is_said_on_the_command_line_not_only_on_the_page() {
    let dir = tempdir("broken-agreement");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("lägesbild"), "{}", run.stderr);
    std::fs::write(
        dir.join("config/2024/agreement.tsv"),
        "item\tmsek\trecipient\tsplit\tarea\nX\tmånga\tRCC\tpopulation\tpatologi\n",
    )
    .unwrap();
    let run = svf(&["process", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("svf: lägesbild 2024: the received amounts cannot be computed")
            && run.stderr.contains("config/2024/agreement.tsv"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_demo_lagesbild_splits_the_agreement_exactly() {
    let dir = tempdir("demo-lagesbild");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("lagesbild.html"), "{}", run.stdout);
    let lagesbild: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary/2024/lagesbild.json")).unwrap())
            .unwrap();
    assert_eq!(lagesbild["schema"], "svf-lagesbild/1");
    assert_eq!(lagesbild["unavailable"], serde_json::Value::Null);
    // RCC populations: the regions' (November 2024), Halland's by the demo's municipalities.
    let populations = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/populations-2024.csv"),
    )
    .unwrap();
    let population = |code: &str| -> u64 {
        populations
            .lines()
            .find(|l| l.starts_with(&format!("{code};")) || l.starts_with(&format!("{code},")))
            .and_then(|l| l.split([';', ',']).next_back())
            .map_or_else(
                || panic!("{code} in the population table"),
                |n| {
                    n.chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                        .parse()
                        .unwrap()
                },
            )
    };
    let of = |codes: &[&str]| codes.iter().map(|c| population(c)).sum::<u64>();
    // Halland: Kungsbacka, Varberg and Falkenberg to Väst, the rest to Syd (demo/halland-2024.csv).
    let halland_vast = 86_000 + 67_500 + 46_500;
    let halland_syd = 106_000 + 11_000 + 26_989;
    assert_eq!(halland_vast + halland_syd, population("13"));
    let weights = [
        ("norr", of(&["22", "23", "24", "25"])),
        (
            "mellansverige",
            of(&["03", "04", "17", "18", "19", "20", "21"]),
        ),
        ("stockholm-gotland", of(&["01", "09"])),
        ("sydost", of(&["05", "06", "08"])),
        ("syd", of(&["12", "07", "10"]) + halland_syd),
        ("vast", of(&["14"]) + halland_vast),
    ];
    let rows: Vec<u128> = weights.iter().map(|(_, w)| u128::from(*w)).collect();
    for (area, total_kr) in [
        ("patologi", 60_000_000u128),
        ("radiologi", 60_000_000),
        ("rehabilitering", 100_000_000),
    ] {
        let entry = lagesbild["areas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["area"] == area)
            .unwrap();
        assert_eq!(
            entry["total_ore"].as_u64().map(u128::from),
            Some(total_kr * 100)
        );
        let expected = crate::support::independent_split(total_kr, &rows);
        let rccs: Vec<&str> = weights.iter().map(|(r, _)| *r).collect();
        let mut sum = 0;
        for ((r, want), rcc) in entry["rcc"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&expected)
            .zip(&rccs)
        {
            assert_eq!(r["rcc"], *rcc);
            let received = r["received_ore"].as_i64().unwrap();
            assert_eq!(received, *want, "{area} {rcc}");
            sum += received;
            let granted = r["granted_ore"].as_i64().unwrap();
            let hundredths = (2 * i128::from(granted) * 10_000 + i128::from(received))
                / (2 * i128::from(received));
            assert_eq!(
                r["passed_on"],
                format!("{},{:02} %", hundredths / 100, hundredths % 100),
                "{area} {}",
                r["rcc"]
            );
        }
        assert_eq!(
            sum,
            i64::try_from(total_kr * 100).unwrap(),
            "{area} sums to its item"
        );
    }
    let tsv = std::fs::read_to_string(dir.join("summary/2024/lagesbild.tsv")).unwrap();
    assert_eq!(tsv.lines().count(), 1 + 3 * 7);
    assert!(
        tsv.contains("radiologi\tsydost\tja\t618842700\t0\t0,00 %\t0"),
        "{tsv}"
    );
    let deviations = lagesbild["deviations"].as_array().unwrap();
    assert_eq!(deviations.len(), 1, "{deviations:?}");
    assert_eq!(deviations[0]["kind"], "nothing_passed_on");
}

/// 20 September 2024, 10:00 UTC: in time for 2024's deadline.
const IN_TIME: u64 = 1_726_826_400;

/// A file at `path` (its folders made), its modification time `seconds` after the epoch.
fn file_at(path: &Path, bytes: &[u8], seconds: u64) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| {
            f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds))
        })
        .unwrap();
}

/// A 2024 bucket: the population table, and Stockholm's and Norrbotten's reports in time.
fn bucket_2024(name: &str) -> svf_testing::TempDir {
    let dir = tempdir(name);
    file_at(
        &dir.join("config/2024/populations.csv"),
        include_str!("data/populations-2024-11.csv").as_bytes(),
        IN_TIME,
    );
    for code in ["01", "25"] {
        file_at(
            &dir.join(format!("reports/2024/{code}/r.json")),
            &report(code, 800),
            IN_TIME,
        );
    }
    dir
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap()
            .success()
    );
}

/// Issue 23, 1: svf sweeps only its own temporaries (in `.svf/tmp/`, where no key can be): a
/// region's report and the agency's file named like one of svf's old temporaries, however old,
/// are an upload and a configuration file like any other, never deleted.
#[test]
fn svf_process_never_deletes_a_users_file_named_like_a_temporary() {
    let dir = bucket_2024("tmp-names");
    let upload = dir.join("reports/2024/03/.svf-tmp-1-0.json");
    file_at(&upload, &report("03", 800), IN_TIME);
    let config = dir.join("config/2024/.svf-tmp-2-0");
    file_at(&config, b"the agency's own notes", IN_TIME);
    let own = dir.join(".svf/tmp/3-0");
    file_at(&own, b"half", IN_TIME);
    let run = process(&dir);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(upload.exists() && config.exists(), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("assessed  reports/2024/03/.svf-tmp-1-0.json"),
        "an upload like any other: {}",
        run.stdout
    );
    assert!(!own.exists(), "svf's own stale temporary is swept");
    assert!(
        run.stderr.contains("removed  .svf/tmp/3-0"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("removed  reports"), "{}", run.stderr);
}

/// Issue 23, 2: a folder the pass cannot list (here `assessments/2024/`, permission denied) is
/// an error, not a folder without objects: the summary publishes nothing rather than paying no
/// one, and the standing page is left as it was. Run as root, svf runs without the capability
/// that lets root read any folder, so that the permission holds.
#[test]
fn svf_process_publishes_nothing_from_a_folder_it_cannot_list() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = bucket_2024("unlistable");
    let first = process(&dir);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let payments = std::fs::read(dir.join("summary/2024/payments.json")).unwrap();
    let locked = dir.join("assessments/2024");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_svf"));
    if std::fs::read_dir(&locked).is_ok() {
        // Root: permissions stop it only without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH.
        let why = "the test of a folder that cannot be listed runs svf without root's capabilities";
        let Some(setpriv) = crate::support::tool(Path::new("setpriv"), why) else {
            std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
            return;
        };
        command = std::process::Command::new(setpriv);
        command.args([
            "--inh-caps=-all",
            "--ambient-caps=-all",
            "--bounding-set=-all",
            "--",
            env!("CARGO_BIN_EXE_svf"),
        ]);
    }
    let output = command
        .args(["process", dir.to_str().unwrap()])
        .output()
        .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no summary for 2024") && stderr.contains("assessments/2024"),
        "{stderr}"
    );
    kept_and_marked_out_of_date(&dir, &payments, "assessments/2024");
}

/// Nothing published: the standing `payments.json` is `before` but for its status, now out of
/// date with a reason that names `why`.
fn kept_and_marked_out_of_date(dir: &Path, before: &[u8], why: &str) {
    let standing: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary/2024/payments.json")).unwrap())
            .unwrap();
    let mut was: serde_json::Value = serde_json::from_slice(before).unwrap();
    was["status"] = "out_of_date".into();
    was["out_of_date_because"] = standing["out_of_date_because"].clone();
    assert_eq!(standing, was, "nothing published");
    let because = standing["out_of_date_because"].as_str().unwrap();
    assert!(because.contains(why), "{because}");
}

/// Issue 23, 4: every entry a pass passes over is said, whatever the pass lists after it (the
/// agency's wait-time file is listed after `reports/`).
#[test]
fn svf_process_says_every_entry_it_passes_over() {
    let dir = bucket_2024("passed-over");
    let not_utf8: &std::ffi::OsStr = std::os::unix::ffi::OsStrExt::from_bytes(b"\xff.json");
    file_at(
        &dir.join("reports/2024/01").join(not_utf8),
        &report("01", 800),
        IN_TIME,
    );
    file_at(
        &dir.join("config/2026/lead_times.csv"),
        b"region;svf;sex;patients;within_target;baseline_patients;baseline_within_target\n",
        IN_TIME,
    );
    let run = process(&dir);
    assert!(
        run.stderr.contains("its name is not UTF-8"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(run.stdout.contains("1 passed over"), "{}", run.stdout);
}

/// Issue 23, 3: the agency's wait-time file that is not a file (a FIFO) is its key's error:
/// the pass names it and goes on with every other key and year, and never waits on the FIFO.
#[test]
fn svf_process_goes_on_past_a_lead_times_file_that_is_not_a_file() {
    let dir = bucket_2024("fifo-lead-times");
    mkfifo(&dir.join("config/2025/lead_times.csv"));
    let started = std::time::Instant::now();
    let run = process(&dir);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "it returned"
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("no summary for 2025")
            && run.stderr.contains("config/2025/lead_times.csv")
            && run.stderr.contains("a FIFO"),
        "{}",
        run.stderr
    );
    for said in [
        "assessed  reports/2024/01/r.json",
        "assessed  reports/2024/25/r.json",
        "summary   summary/2024/payments.json",
        "2 assessed, 0 rejected, 0 notified before, 1 failed",
    ] {
        assert!(run.stdout.contains(said), "{said}: {}", run.stdout);
    }
}

/// Issue 23, 3: a decision that is not a file (a FIFO at `decisions/2024/25.json`) stops the
/// year's summary with its key, as a broken decision does, instead of being passed over and the
/// year paid as if it were not there.
#[test]
fn svf_process_never_pays_past_a_decision_that_is_not_a_file() {
    let dir = bucket_2024("fifo-decision");
    let first = process(&dir);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let payments = std::fs::read(dir.join("summary/2024/payments.json")).unwrap();
    mkfifo(&dir.join("decisions/2024/25.json"));
    let run = process(&dir);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("no summary for 2024")
            && run.stderr.contains("decisions/2024/25.json")
            && run.stderr.contains("a FIFO"),
        "{}",
        run.stderr
    );
    kept_and_marked_out_of_date(&dir, &payments, "decisions/2024/25.json");
}
