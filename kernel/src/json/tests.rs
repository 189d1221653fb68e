//! The scan of failed texts: where JSON stops, and lines and columns in characters.

use super::flaw::{Flaw, first_flaw, line_and_column};

/// Where in `text` the first byte is that cannot be JSON (a loose number counts as JSON).
fn first_syntax_error(text: &[u8]) -> Option<usize> {
    match first_flaw(text) {
        Some(Flaw {
            number: Some(_), ..
        }) => None,
        flaw => flaw.map(|f| f.offset),
    }
}

#[test]
fn the_first_byte_that_is_not_json() {
    for (text, at) in [
        (&b"{}"[..], None),
        (
            b" [1, -2.5e3, \"a\\u00e5\", true, false, null, {\"k\": []}] ",
            None,
        ),
        (b"", Some(0)),
        (b"{\"a\": 1,}", Some(8)),
        (b"[1 2]", Some(3)),
        (b"{\"a\" 1}", Some(5)),
        (b"{\"a\": tru}", Some(6)),
        // Leading zeros are a loose number (first_flaw names it), not text that is not JSON.
        (b"{\"a\": 01}", None),
        (b"{\"a\": \"x\ny\"}", Some(8)),
        (b"{\"a\": \"\\q\"}", Some(7)),
        (b"{} x", Some(3)),
        (b"[1,", Some(3)),
        (b"{\"a\": -}", Some(7)),
        (b"[1.]", Some(3)),
        (b"{1: 2}", Some(1)),
        (b"[}", Some(1)),
    ] {
        assert_eq!(
            first_syntax_error(text),
            at,
            "{:?}",
            core::str::from_utf8(text)
        );
    }
    let deep = [b'['; 200];
    assert_eq!(first_syntax_error(&deep), Some(128), "too deep");
}

#[test]
fn lines_and_columns_count_characters() {
    let text = "{\n  \"å\": x".as_bytes();
    assert_eq!(line_and_column(text, text.len() - 1), (2, 8));
    assert_eq!(line_and_column(text, 0), (1, 1));
}

#[test]
fn a_path_keeps_its_unknown_keys_in_one_place_and_gives_them_back() {
    extern crate std;
    use std::string::ToString;

    use super::{JsonPath, Step, UNKNOWN_KEY_BYTES};
    let key = |text: &str| Step::Unknown(text.chars().collect());
    let long = "k".repeat(48);
    let mut path = JsonPath::default();
    path.push(Step::Field("lead_times"));
    path.push(Step::Index(3));
    path.push(key(&long));
    path.push(key("\u{1}x"));
    assert_eq!(
        path.to_string(),
        std::format!("lead_times[3].{long}.\\u{{1}}x")
    );
    // Two keys at their longest fill the room; a third is cut to what is left (nothing).
    path.pop();
    path.push(key(&long));
    path.push(key("more"));
    assert_eq!(2 * long.len(), UNKNOWN_KEY_BYTES);
    assert_eq!(
        path.to_string(),
        std::format!("lead_times[3].{long}.{long}.")
    );
    // Popping gives the room back.
    path.pop();
    path.pop();
    path.push(key("z"));
    assert_eq!(path.to_string(), std::format!("lead_times[3].{long}.z"));
    // Beyond six steps nothing is kept, and the key text is not taken either.
    path.push(Step::Index(0));
    path.push(Step::Index(1));
    path.push(key("dropped"));
    assert_eq!(
        path.to_string(),
        std::format!("lead_times[3].{long}.z[0][1]")
    );
    // The dropped key left no text behind: the path is the one of its six steps.
    let mut same = JsonPath::default();
    same.push(Step::Field("lead_times"));
    same.push(Step::Index(3));
    same.push(key(&long));
    same.push(key("z"));
    same.push(Step::Index(0));
    same.push(Step::Index(1));
    assert_eq!(path, same);
}

/// A path is kept as an error entry keeps it: the same text with each step ending at the same
/// place, or, for a path longer than the room, the text cut where `ErrorEntry::at` cuts it;
/// nothing else matches (not a path one step shorter or longer, not another index, not an
/// unknown key that spells another path, as `period.to` does). A key is the same known to the
/// schema or not, as the scan of a failed text names keys as written.
#[test]
fn a_path_is_matched_by_its_text_as_an_error_entry_keeps_it() {
    use super::{ERROR_PATH_BYTES, ErrorEntry, JsonPath, Reason, Step};
    let at = |steps: &[Step]| {
        let mut path = JsonPath::default();
        for step in steps {
            path.push(step.clone());
        }
        path
    };
    let unknown = |key: &str| Step::Unknown(key.try_into().unwrap());
    let entry = at(&[
        Step::Field("lead_times"),
        Step::Index(3),
        Step::Field("by_sex"),
    ]);
    let kept = ErrorEntry::at(&entry, Reason::Required);
    assert_eq!(kept.path, "lead_times[3].by_sex");
    assert!(entry.is_kept_as(&kept));
    assert!(entry.is_at(&entry));
    let as_written = at(&[unknown("lead_times"), Step::Index(3), unknown("by_sex")]);
    assert!(as_written.is_kept_as(&kept) && as_written.is_at(&entry));
    for other in [
        at(&[Step::Field("lead_times"), Step::Index(3)]),
        at(&[
            Step::Field("lead_times"),
            Step::Index(30),
            Step::Field("by_sex"),
        ]),
        at(&[
            Step::Field("lead_times"),
            Step::Index(3),
            Step::Field("by_sex"),
            Step::Field("women"),
        ]),
        at(&[unknown("lead_times[3].by_sex")]),
        at(&[unknown("lead_times[3]"), Step::Field("by_sex")]),
        JsonPath::default(),
    ] {
        let other_kept = ErrorEntry::at(&other, Reason::Required);
        assert!(!other.is_kept_as(&kept), "{other} matched {}", kept.path);
        assert!(
            !entry.is_kept_as(&other_kept),
            "{entry} matched {}",
            other_kept.path
        );
        assert!(!other.is_at(&entry) && !entry.is_at(&other));
    }
    let root = JsonPath::default();
    assert!(root.is_kept_as(&ErrorEntry::at(&root, Reason::Required)));
    let period_to = ErrorEntry::at(
        &at(&[Step::Field("period"), Step::Field("to")]),
        Reason::BadDate,
    );
    assert_eq!(period_to.path, "period.to");
    assert!(!at(&[unknown("period.to")]).is_kept_as(&period_to));

    // Two unknown keys of 48 characters: longer than the room, cut where it no longer fits.
    let long = |c: char| {
        at(&[
            Step::Field("narrative"),
            Step::Unknown(core::iter::repeat_n(c, 48).collect()),
            Step::Unknown(core::iter::repeat_n('y', 48).collect()),
        ])
    };
    let cut = ErrorEntry::at(&long('x'), Reason::UnknownField);
    assert!(cut.path.len() <= ERROR_PATH_BYTES && cut.path.starts_with("narrative.xxx"));
    assert!(long('x').is_kept_as(&cut));
    assert!(!long('z').is_kept_as(&cut));
}
