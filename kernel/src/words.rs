//! How a word people typed is matched against the contract's words (`män` in the agency's sex
//! column, `Befolkningsmängd` in a table's header): case ignored, and Swedish letters composed.
//!
//! The same letter can arrive two ways: `ä` as one character (U+00E4, NFC, as most keyboards
//! write it) or as `a` followed by a combining diaeresis (U+0308, NFD, as macOS file names and
//! some exports write it). The two look alike and must match alike. Full Unicode normalisation
//! needs tables far beyond what a `no_std` kernel should carry; the words svf matches need only
//! Swedish's letters, so [`Composed`] composes exactly those: a base letter followed by U+0308
//! (diaeresis: ä ö ü), U+030A (ring: å) or U+0301 (acute: é), in upper and lower case. Any other
//! character passes as it is.

/// Combining diaeresis.
const DIAERESIS: char = '\u{308}';
/// Combining ring above.
const RING: char = '\u{30a}';
/// Combining acute accent.
const ACUTE: char = '\u{301}';

/// The precomposed letter of `base` followed by `mark`, for the letters Swedish writes.
fn compose(base: char, mark: char) -> Option<char> {
    Some(match (base, mark) {
        ('a', DIAERESIS) => 'ä',
        ('A', DIAERESIS) => 'Ä',
        ('o', DIAERESIS) => 'ö',
        ('O', DIAERESIS) => 'Ö',
        ('u', DIAERESIS) => 'ü',
        ('U', DIAERESIS) => 'Ü',
        ('a', RING) => 'å',
        ('A', RING) => 'Å',
        ('e', ACUTE) => 'é',
        ('E', ACUTE) => 'É',
        _ => return None,
    })
}

/// The characters of a text with Swedish letters composed (a base letter and U+0308, U+030A or
/// U+0301 as one precomposed letter): what NFC makes of them, without tables.
#[derive(Clone, Debug)]
pub struct Composed<I: Iterator<Item = char>> {
    chars: core::iter::Peekable<I>,
}

impl<I: Iterator<Item = char>> Iterator for Composed<I> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if let Some(composed) = self.chars.peek().and_then(|&mark| compose(c, mark)) {
            self.chars.next();
            return Some(composed);
        }
        Some(c)
    }
}

/// `text`'s characters with Swedish letters composed: `ma\u{308}n` → `män`.
pub fn composed(text: &str) -> Composed<core::str::Chars<'_>> {
    Composed {
        chars: text.chars().peekable(),
    }
}

/// `text`'s characters composed and in lower case, as words are compared.
fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    composed(text).flat_map(char::to_lowercase)
}

/// Whether `text` is the word `lower` (given composed and in lower case), ignoring case and
/// how its Swedish letters are written.
pub(crate) fn eq_ignore_case(text: &str, lower: &str) -> bool {
    folded(text).eq(lower.chars())
}

/// Whether `text` starts with `lower` (given composed and in lower case), ignoring case and how
/// its Swedish letters are written.
pub(crate) fn starts_with_ignore_case(text: &str, lower: &str) -> bool {
    let mut text = folded(text);
    lower.chars().all(|c| text.next() == Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_swedish_letters_match_their_composed_form() {
        for (written, word) in [
            ("ma\u{308}n", "män"),
            ("MA\u{308}N", "män"),
            ("män", "män"),
            ("Befolkningsma\u{308}ngd", "befolkningsmängd"),
            ("a\u{30a}r", "år"),
            ("A\u{30a}R", "år"),
            ("o\u{308}vrigt", "övrigt"),
            ("O\u{308}VRIGT", "övrigt"),
            ("e\u{301}n", "én"),
            ("E\u{301}N", "én"),
            ("Mu\u{308}ller", "müller"),
        ] {
            assert!(eq_ignore_case(written, word), "{written:?}");
        }
        assert!(starts_with_ignore_case(
            "BEFOLKNINGSMA\u{308}NGD (nov 2024)",
            "befolkningsmängd"
        ));
        // A mark on another letter, or alone, is left as it is: no match is made up.
        assert!(!eq_ignore_case("mi\u{308}n", "män"));
        assert!(!eq_ignore_case("man\u{308}", "män"));
        assert!(!eq_ignore_case("\u{308}", ""));
        assert!(!eq_ignore_case("man", "män"));
        assert!(!eq_ignore_case("mäns", "män"));
        assert!(composed("a\u{308}\u{308}").eq(['ä', '\u{308}']));
    }
}
