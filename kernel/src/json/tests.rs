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
