//! `svf remind DIR [--now INSTANT]` (contract §11) on a folder bucket: the day's reminders and
//! the agency's overview, once per day; `svf process` sends none; `svf status` reads on.

use crate::support::{IN_TIME, data, report, set_time, svf, tempdir, write};

#[test]
fn svf_remind_sends_the_days_reminders_once_and_process_sends_none() {
    let dir = tempdir("remind");
    let bucket = dir.to_str().unwrap();
    write(
        &dir.join("config/2024/populations.csv"),
        &std::fs::read(data("populations-2024-11.csv")).unwrap(),
    );
    let upload = dir.join("reports/2024/01/redovisning.json");
    write(&upload, &report("01", 800));
    set_time(&upload, IN_TIME);
    let processed = svf(&["process", bucket]);
    assert_eq!(processed.code, 0, "{}", processed.stderr);
    let reminders = |region: &str| dir.join(format!("notifications/2024/{region}/reminders"));
    assert!(!reminders("25").exists(), "svf process sends no reminder");

    let sent = svf(&["remind", bucket, "--now", "2024-09-27T06:00:00Z"]);
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    assert!(
        sent.stdout.contains(
            "2024: 2024-09-27 is a reminder day (3 days to the deadline); 20 regions reminded"
        ),
        "{}",
        sent.stdout
    );
    assert!(reminders("25").join("2024-09-27.json").is_file());
    assert!(!reminders("01").exists(), "Stockholm's report is complete");
    assert!(
        dir.join("notifications/2024/agency/2024-09-27.json")
            .is_file()
    );
    assert!(!sent.stdout.contains("already sent"));

    // Again that day: nothing new, and it says so.
    let again = svf(&["remind", bucket, "--now", "2024-09-27"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stdout.matches("(already sent)").count(),
        21,
        "{}",
        again.stdout
    );

    let quiet = svf(&["remind", bucket, "--now", "2024-09-28T06:00:00Z"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(
        quiet
            .stdout
            .contains("2024-09-28 is no reminder day of any year: nothing sent"),
        "{}",
        quiet.stdout
    );

    // The bucket's other readers read on beside the reminders.
    let status = svf(&["status", bucket, "--year", "2024"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let processed = svf(&["process", bucket]);
    assert_eq!(processed.code, 0, "{}", processed.stderr);

    let bad = svf(&["remind", bucket, "--now", "tomorrow"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("--now \"tomorrow\""), "{}", bad.stderr);
}
