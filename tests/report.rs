//! The agency's report to the ministry (`summary/{year}/rapport.docx`): read back by python-docx
//! cell for cell against the summary's JSON (`tests/report_check.py`), made again by `svf
//! report` byte for byte, and rendered to PDF by `LibreOffice`, whose text is read back.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{svf, tempdir, tool};

/// Python with python-docx, or `None` (the test passes over it) on a laptop without it, unless
/// `SVF_REQUIRE_TOOLS`.
fn python_docx() -> Option<PathBuf> {
    let python = tool(
        Path::new("python3"),
        "the report test reads .docx with python-docx",
    )?;
    let has = Command::new(&python)
        .args(["-c", "import docx"])
        .status()
        .is_ok_and(|s| s.success());
    if !has {
        assert!(
            std::env::var_os("SVF_REQUIRE_TOOLS").is_none(),
            "python-docx is not installed (bash scripts/setup.sh installs it)"
        );
        eprintln!("skipped: python-docx is not installed");
        return None;
    }
    Some(python)
}

/// `tests/report_check.py` on `bucket`'s `year` (and `docx`, when given): its exit and what it said.
fn check(python: &Path, bucket: &Path, year: u16, docx: Option<&Path>) -> (bool, String) {
    let mut command = Command::new(python);
    command
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report_check.py"))
        .arg(bucket)
        .arg(year.to_string());
    if let Some(docx) = docx {
        command.arg(docx);
    }
    let out = command.output().expect("python3 runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

/// Copies the folder `from` to `to`, every file.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Rewrites a JSON file of the bucket with `change` applied.
fn alter(path: &Path, change: impl FnOnce(&mut serde_json::Value)) {
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    change(&mut json);
    std::fs::write(path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
}

#[test]
fn the_reports_cells_are_the_summarys_json_and_svf_report_makes_the_same_bytes() {
    let dir = tempdir("report");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for year in [2024_u16, 2026] {
        let written = dir.join(format!("summary/{year}/rapport.docx"));
        let bytes = std::fs::read(&written).expect("the summary writes the report");
        assert!(bytes.starts_with(b"PK"), "a .docx is a zip package");
        // svf report makes the same document from the bucket, writing nothing into it.
        let out = dir.join(format!("../rapport-{year}-{}.docx", std::process::id()));
        let made = svf(&[
            "report",
            &year.to_string(),
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(made.code, 0, "{}", made.stderr);
        assert_eq!(made.stdout.trim(), out.to_str().unwrap());
        assert!(
            std::fs::read(&out).unwrap() == bytes,
            "svf report {year} differs"
        );
        std::fs::remove_file(&out).unwrap();
    }
    let missing = svf(&["report", "2023", dir.to_str().unwrap()]);
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("config/2023/populations.csv"),
        "{}",
        missing.stderr
    );

    let Some(python) = python_docx() else {
        return;
    };
    for year in [2024, 2026] {
        let (ok, said) = check(&python, &dir, year, None);
        assert!(ok, "{said}");
        println!("{said}");
    }

    // The check can fail: the same document against a summary whose figures differ by one öre
    // and one patient, and against one decision's case number changed.
    let other = tempdir("report-altered");
    copy_tree(&dir, &other);
    let summary = other.join("summary/2026");
    alter(&summary.join("payments.json"), |json| {
        let amount = &mut json["rows"][3]["amounts_ore"]["second_b"];
        *amount = (amount.as_i64().unwrap() + 100).into();
    });
    alter(&summary.join("national.json"), |json| {
        let part = &mut json["regions"][0]["inclusion"]["part"];
        *part = (part.as_u64().unwrap() + 1).into();
    });
    alter(&other.join("decisions/2026/09.json"), |json| {
        json["case"] = "S2026/ANNAT".into();
    });
    let original = dir.join("summary/2026/rapport.docx");
    let (ok, said) = check(&python, &other, 2026, Some(&original));
    assert!(!ok, "an altered summary passes: {said}");
    for difference in [
        "Bilaga second_b, 05",
        "Inklusion per region, 01",
        "Villkoren per region, 09, decision",
        "Beslut om regioner",
    ] {
        assert!(said.contains(difference), "{difference} not named: {said}");
    }
}

/// What the rendered document of `year` must say, in its PDF's text.
fn read_back(year: u16, text: &str) {
    let words = text
        .replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for phrase in [
        "Socialstyrelsen",
        &format!("standardiserade vårdförlopp (SVF) {year}"),
        "Delredovisning till Regeringskansliet (Socialdepartementet)",
        &format!("Ska lämnas senast 15 november {year}"),
        "Innehåll",
        "Sammanfattning",
        "Tabell 1. Utbetalningarna",
        "Inkomna redovisningar",
        "Villkoren per region",
        "Nationella resultat",
        "Lägesbild över de särskilda satsningarna",
        "Bilaga 1. Utbetalning 1",
        "sida 2",
    ] {
        assert!(words.contains(phrase), "{year}: {phrase:?} not in the PDF");
    }
    for region in svf_kernel::region::Region::ALL {
        assert!(
            words.contains(region.name()),
            "{year}: {} not in the PDF",
            region.name()
        );
    }
    if year == 2026 {
        for phrase in [
            "Skäl till att ledtidsmålen inte nås",
            "Kvinnor",
            "Bilaga 3. Utbetalning 2 del B",
        ] {
            assert!(words.contains(phrase), "{year}: {phrase:?} not in the PDF");
        }
    }
}

/// The document as `LibreOffice` renders it: PDF under `target/report/`, its first pages as PNG
/// (the screenshots the note refers to), its text read back.
#[test]
fn libreoffice_renders_the_report_with_every_region_and_table() {
    let Some(soffice) = tool(
        Path::new("soffice"),
        "the report test renders .docx with LibreOffice (apt-get install libreoffice-writer)",
    ) else {
        return;
    };
    let Some(pdftotext) = tool(
        Path::new("pdftotext"),
        "the report test reads the PDF back (apt-get install poppler-utils)",
    ) else {
        return;
    };
    let dir = tempdir("report-pdf");
    let run = svf(&["demo", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../report");
    std::fs::create_dir_all(&out).unwrap();
    // A profile of its own: another LibreOffice running (a user's, a parallel test) is not
    // this one's business.
    let profile = dir.join("libreoffice-profile");
    for year in [2024, 2026] {
        let docx = out.join(format!("rapport-{year}.docx"));
        std::fs::copy(dir.join(format!("summary/{year}/rapport.docx")), &docx).unwrap();
        let converted = Command::new(&soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(&out)
            .arg(&docx)
            .output()
            .expect("soffice runs");
        let pdf = out.join(format!("rapport-{year}.pdf"));
        assert!(
            converted.status.success() && pdf.is_file(),
            "{}{}",
            String::from_utf8_lossy(&converted.stdout),
            String::from_utf8_lossy(&converted.stderr)
        );
        let read = Command::new(&pdftotext)
            .args(["-layout", "-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        assert!(read.status.success());
        read_back(year, &String::from_utf8(read.stdout).unwrap());
        let shot = Command::new("pdftoppm")
            .args(["-png", "-r", "60", "-f", "1", "-l", "4"])
            .arg(&pdf)
            .arg(out.join(format!("rapport-{year}-sida")))
            .status()
            .expect("pdftoppm runs");
        assert!(shot.success());
        println!(
            "rendered: {} (pages 1–4 as rapport-{year}-sida-*.png)",
            pdf.display()
        );
    }
}
