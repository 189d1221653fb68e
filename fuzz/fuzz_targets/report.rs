//! Any bytes as a report: reading and assessing never panics, and whatever is assessed can be
//! written as JSON in MAX_JSON_BYTES, the size the kernel promises. The reading into the
//! assessment (faults kept as error entries, lead times in the assessment's list) gives what the
//! host's reader gives (`Report::parse`, faults kept as JSON paths), but where a fault's path is
//! longer than an error entry keeps, or spells out a control character's escape (docs/KERNEL.md). Assessed as received on the
//! last minute of 30 September 2024 and of 2026, so that a report of any year is assessed after
//! its period by one of them (a receipt before the period ended is a rejection).
#![no_main]

use libfuzzer_sys::fuzz_target;
use svf_kernel::assessment::{Assessment, ERROR_PATH_BYTES, Receipt, Status};
use svf_kernel::report::Report;
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;

fuzz_target!(|data: &[u8]| {
    for seconds in [1_727_733_599, 1_790_805_599] {
        let Some(received) = Instant::from_unix_seconds(seconds) else {
            return;
        };
        assess(data, received);
    }
});

fn assess(data: &[u8], received: Instant) {
    let Ok(assessment) = Assessment::of_bytes(data, Receipt::new(received), |year| {
        Ok::<_, ()>(Rules::of(year))
    })
    else {
        return;
    };
    let host = match Report::parse(data) {
        Ok(report) => Assessment::of(&report, &Rules::of(report.year), Receipt::new(received)),
        Err(rejection) => {
            Assessment::rejected(rejection.year, rejection.region, received, &rejection.errors)
        }
    };
    if host != assessment {
        // The one place they may: a fault's path longer than an entry keeps, or with an
        // unknown key that spells out the escapes its text shows for control characters.
        let beyond_an_entry = Report::parse(data).is_err_and(|rejection| {
            rejection.errors.iter().any(|e| {
                let path = e.path.to_string();
                path.len() > ERROR_PATH_BYTES || path.contains("\\u{")
            })
        });
        assert!(
            beyond_an_entry,
            "the reading into the assessment and Report::parse disagree: {assessment:?} {host:?}"
        );
    }
    let mut buffer = [0u8; svf_kernel::assessment::MAX_JSON_BYTES];
    let written = assessment
        .write_json(&mut buffer)
        .expect("an assessment fits in MAX_JSON_BYTES");
    assert!(core::str::from_utf8(&buffer[..written]).is_ok());
    // Written piece by piece, as a small device writes it, the same bytes.
    let mut scratch = [0u8; svf_kernel::assessment::MAX_PIECE_BYTES];
    let mut pieces = Vec::new();
    assessment
        .write_json_pieces(&mut scratch, |piece| {
            pieces.extend_from_slice(piece);
            Ok::<(), ()>(())
        })
        .expect("every piece fits MAX_PIECE_BYTES");
    assert_eq!(pieces, buffer[..written]);
    match assessment.status() {
        Status::Rejected => {
            assert!(!assessment.errors().is_empty());
            assert!(assessment.parts().iter().all(|p| !p.eligible));
        }
        Status::Assessed => {
            assert!(assessment.errors().is_empty());
            assert_eq!(assessment.complete(), assessment.missing().next().is_none());
            if !assessment.complete() {
                assert!(assessment.parts().iter().all(|p| !p.eligible));
            }
        }
    }
}
