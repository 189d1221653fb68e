//! Any bytes as a report: reading and assessing never panics, and whatever is assessed can be
//! written as JSON in MAX_JSON_BYTES, the size the kernel promises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svf_kernel::assessment::{Assessment, Receipt, Status};
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;

fuzz_target!(|data: &[u8]| {
    let Some(received) = Instant::from_unix_seconds(1_727_733_599) else {
        return;
    };
    let Ok(assessment) = Assessment::of_bytes(data, Receipt::new(received), |year| {
        Ok::<_, ()>(Rules::of(year))
    })
    else {
        return;
    };
    let mut buffer = [0u8; svf_kernel::assessment::MAX_JSON_BYTES];
    let written = assessment
        .write_json(&mut buffer)
        .expect("an assessment fits in MAX_JSON_BYTES");
    assert!(core::str::from_utf8(&buffer[..written]).is_ok());
    match assessment.status() {
        Status::Rejected => {
            assert!(!assessment.errors().is_empty());
            assert!(assessment.parts().iter().all(|p| !p.eligible));
        }
        Status::Assessed => {
            assert!(assessment.errors().is_empty());
            assert_eq!(assessment.complete(), assessment.missing().is_empty());
            if !assessment.complete() {
                assert!(assessment.parts().iter().all(|p| !p.eligible));
            }
        }
    }
});
