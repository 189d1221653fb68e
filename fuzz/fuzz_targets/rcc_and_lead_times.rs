//! Any bytes as an RCC's report and as the agency's wait-time file: reading and assessing
//! never panics, and what is assessed is written as JSON in 16 KiB, as the kernel promises; a
//! file that is read agrees with itself: all patients are women and men.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svf_kernel::agency::{AgencyLeadTimes, Sex};
use svf_kernel::rcc::RccAssessment;
use svf_kernel::time::Instant;

fuzz_target!(|data: &[u8]| {
    let Some(received) = Instant::from_unix_seconds(1_730_703_600) else {
        return;
    };
    let assessment = RccAssessment::of_bytes(data, received);
    let mut buffer = [0u8; 16 * 1024];
    let written = assessment
        .write_json(&mut buffer)
        .expect("an RCC's assessment fits in 16 KiB");
    assert!(core::str::from_utf8(&buffer[..written]).is_ok());
    assert_eq!(assessment.is_rejected(), !assessment.errors().is_empty());
    if let Ok(file) = AgencyLeadTimes::parse(data) {
        // Every checked row is found again by its region, SVF and sex.
        for row in file.rows() {
            let found = file.find(row.region, row.svf, row.sex).expect("a checked row is found");
            assert_eq!(found, row);
            assert!(row.within <= row.patients);
            let all = file.all_patients(row.region, row.svf);
            if let (Some(all), Some(_)) = (all, row.sex) {
                assert!(row.patients <= all.patients && row.within <= all.within);
            }
            let women = file.find(row.region, row.svf, Some(Sex::Women));
            let men = file.find(row.region, row.svf, Some(Sex::Men));
            if let (Some(all), Some(women), Some(men)) = (all, women, men) {
                assert_eq!(u64::from(all.patients), u64::from(women.patients) + u64::from(men.patients));
                assert_eq!(u64::from(all.within), u64::from(women.within) + u64::from(men.within));
            }
        }
        assert_eq!(file.rows().count(), file.len());
    }
});
