//! Any bytes as a recorded decision (`svf-decision/1`) and as the government's decision of a
//! payment (`svf-payment-decision/1`): reading never panics, a decision that is read names only
//! payments of its year (a region's decision conditional ones, each once), with something said
//! in every text and no control character in any, a payment decision's annex names each region
//! once in code order, and what the kernel writes of either reads back as the same decision.
#![no_main]

use libfuzzer_sys::fuzz_target;
use svf_kernel::decision::Decision;
use svf_kernel::payment_decision::PaymentDecision;
use svf_kernel::rules::Rules;

fuzz_target!(|data: &[u8]| {
    payment_decision(data);
    let Ok(decision) = Decision::parse(data) else {
        return;
    };
    assert!(!decision.parts().is_empty());
    let rules = Rules::of(decision.year());
    for (index, part) in decision.parts().iter().enumerate() {
        assert!(rules.payment(part.id()).is_some_and(|p| p.part.is_some()), "{}", part.id());
        assert!(decision.parts()[..index].iter().all(|p| p.id() != part.id()));
        assert!(!part.reason().trim().is_empty());
        assert!(!part.reason().chars().any(char::is_control));
    }
    assert!(!decision.case().trim().is_empty());
    for text in [decision.case(), decision.decided_by()] {
        assert!(!text.chars().any(char::is_control), "{text:?}");
    }
    let mut buffer = [0u8; 16 * 1024];
    let written = decision
        .write_json(&mut buffer)
        .expect("a decision fits in 16 KiB");
    assert_eq!(Decision::parse(&buffer[..written]).as_ref(), Ok(&decision));
});

fn payment_decision(data: &[u8]) {
    let Ok(decision) = PaymentDecision::parse(data) else {
        return;
    };
    assert!(Rules::of(decision.year()).payment(decision.payment()).is_some());
    for text in [decision.case(), decision.decided_by()] {
        assert!(!text.trim().is_empty());
        assert!(!text.chars().any(char::is_control), "{text:?}");
    }
    if let Some(annex) = decision.annex_kr() {
        assert!(annex.windows(2).all(|w| w[0].0 < w[1].0), "each region once, in code order");
    }
    let mut buffer = [0u8; 4 * 1024];
    let written = decision
        .write_json(&mut buffer)
        .expect("a payment decision fits in 4 KiB");
    assert_eq!(PaymentDecision::parse(&buffer[..written]).as_ref(), Ok(&decision));
}
