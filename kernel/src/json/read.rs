//! The reader's state and the seeds it reads values with: keys checked against the schema,
//! counts, flags, years, text decoded from its raw escapes, and the macros that step the path.

use core::fmt;

use heapless::String;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json_core::de::{Deserializer, Error as JsonError};

use super::flaw::{first_flaw, line_and_column};
use super::reason::NOTHING;
use heapless::Vec;

use super::{ErrorEntry, JsonPath, MAX_ERRORS, PathError, PathErrors, Phrase, Reason, Step};
use crate::region::{Region, Year};
use crate::time::Date;

/// What the reader knows while it reads: where it is, what it expects there, the first
/// error found by the schema rules (the JSON reader's own errors carry no place), and the
/// faults earlier readings of the same text found, whose values this reading passes over.
pub(crate) struct Trail<'f> {
    pub(crate) path: JsonPath,
    pub(crate) expected: &'static Phrase,
    /// The first schema error's reason, found at `failed_at`. Kept as two fields, each written
    /// in place, so that recording one makes no fault to move (a few hundred bytes on the
    /// stack of the deepest reader).
    failure: Option<Reason>,
    failed_at: JsonPath,
    pub(crate) year: Option<Year>,
    pub(crate) region: Option<Region>,
    /// Faults found before, in the order found: a key whose path is one of theirs has its
    /// value passed over unread (and counts as given), so that the reading goes on to the
    /// next fault. Lent by a report's reading (`report::read`); none for every other reader.
    skip: Option<&'f mut dyn Faults>,
}

impl Default for Trail<'_> {
    fn default() -> Self {
        Trail {
            path: JsonPath::default(),
            expected: &NOTHING,
            failure: None,
            failed_at: JsonPath::default(),
            year: None,
            region: None,
            skip: None,
        }
    }
}

/// The faults a report's reading has found, wherever they are kept: as [`PathErrors`] (a
/// [`Rejection`](super::Rejection)) or as the [`ErrorEntry`]s an assessment lists, which take
/// half the room (a small device's reading writes them straight into its assessment).
pub(crate) trait Faults {
    /// Whether a fault at `path` is one of them.
    fn has(&self, path: &JsonPath) -> bool;
    /// Adds a fault at the end; `false` when the list is full.
    fn add(&mut self, path: &JsonPath, reason: Reason) -> bool;
    /// Whether there are none.
    fn is_empty(&self) -> bool;
    /// Forgets them all.
    fn clear(&mut self);
}

impl Faults for PathErrors {
    fn has(&self, path: &JsonPath) -> bool {
        self.iter().any(|fault| fault.path.is_at(path))
    }

    fn add(&mut self, path: &JsonPath, reason: Reason) -> bool {
        self.push(PathError {
            path: path.clone(),
            reason,
        })
        .is_ok()
    }

    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }

    fn clear(&mut self) {
        Vec::clear(self);
    }
}

impl Faults for Vec<ErrorEntry, MAX_ERRORS> {
    /// As the paths are kept as text cut at [`ERROR_PATH_BYTES`](super::ERROR_PATH_BYTES) (with
    /// where each step ends), two paths are the same here when they are kept alike: that is
    /// [`JsonPath::is_at`] but for paths longer than the room (an unknown key of more than
    /// about fifty characters) and unknown keys that spell out a control character's escape.
    fn has(&self, path: &JsonPath) -> bool {
        self.iter().any(|fault| path.is_kept_as(fault))
    }

    fn add(&mut self, path: &JsonPath, reason: Reason) -> bool {
        self.push(ErrorEntry::at(path, reason)).is_ok()
    }

    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }

    fn clear(&mut self) {
        Vec::clear(self);
    }
}

impl<'f> Trail<'f> {
    /// A trail for a reading that passes over the values of `faults` (and adds its own).
    pub(crate) fn skipping(faults: &'f mut dyn Faults) -> Trail<'f> {
        Trail {
            skip: Some(faults),
            ..Trail::default()
        }
    }

    /// Whether the value at the current path is one an earlier reading refused.
    pub(crate) fn skips(&self) -> bool {
        !self.path.is_root()
            && self
                .skip
                .as_deref()
                .is_some_and(|faults| faults.has(&self.path))
    }

    /// The faults this reading passes over, where it has them.
    pub(crate) fn faults(&mut self) -> Option<&mut dyn Faults> {
        // Not `as_deref_mut`: the list's lifetime is shortened to this borrow's, a coercion
        // that happens only outside the `Option`.
        match &mut self.skip {
            Some(faults) => Some(&mut **faults),
            None => None,
        }
    }

    /// Records a schema error here and returns the error that stops the reader.
    pub(crate) fn fail<E: de::Error>(&mut self, reason: Reason) -> E {
        self.note(reason);
        E::custom("rejected")
    }

    /// Records a schema error at the key `field` of the object here (one that is absent).
    pub(crate) fn fail_below<E: de::Error>(&mut self, field: &'static str, reason: Reason) -> E {
        self.path.push(Step::Field(field));
        self.note(reason);
        self.path.pop();
        E::custom("rejected")
    }

    pub(crate) fn fail_at<E: de::Error>(&mut self, path: JsonPath, reason: Reason) -> E {
        if self.failure.is_none() {
            self.failure = Some(reason);
            self.failed_at = path;
        }
        E::custom("rejected")
    }

    /// The first error is kept: later ones follow from it.
    fn note(&mut self, reason: Reason) {
        if self.failure.is_none() {
            self.failure = Some(reason);
            self.failed_at.copy_from(&self.path);
        }
    }

    /// The fault that stopped the reading of `text` (`read_all`'s error): the first schema
    /// error found, else the JSON reader's own, placed at its line and column where the text
    /// is not JSON. `Err`: the reason to refuse the text as a whole, as it is not UTF-8.
    ///
    /// The failure and the path are taken.
    /// Never inlined: it holds a fault (hundreds of bytes) only while it runs.
    #[inline(never)]
    pub(crate) fn fault(&mut self, error: JsonError, text: &[u8]) -> Result<PathError, Reason> {
        // UTF-8 is checked only on failure: the reader checks every string itself, and text
        // outside strings that is not UTF-8 cannot be JSON; this names the byte.
        if let Err(e) = core::str::from_utf8(text) {
            return Err(Reason::NotUtf8 {
                offset: e.valid_up_to(),
            });
        }
        Ok(self.placed(error, text))
    }

    fn placed(&mut self, error: JsonError, text: &[u8]) -> PathError {
        if let Some(reason) = self.failure.take() {
            return PathError {
                path: core::mem::take(&mut self.failed_at),
                reason,
            };
        }
        let reason = match error {
            JsonError::InvalidType | JsonError::InvalidNumber => Reason::Expected(self.expected),
            JsonError::EofWhileParsingList
            | JsonError::EofWhileParsingObject
            | JsonError::EofWhileParsingString
            | JsonError::EofWhileParsingNumber
            | JsonError::EofWhileParsingValue => Reason::Syntax(
                const { &Phrase::new("the text ends too early", "texten tar slut för tidigt") },
            ),
            JsonError::ExpectedColon => Reason::Syntax(
                const { &Phrase::new("expected ':' after a key", "':' saknas efter ett fältnamn") },
            ),
            JsonError::ExpectedListCommaOrEnd => Reason::Syntax(
                const {
                    &Phrase::new(
                        "expected ',' or ']' after a value",
                        "',' eller ']' saknas efter ett värde",
                    )
                },
            ),
            JsonError::ExpectedObjectCommaOrEnd => Reason::Syntax(
                const {
                    &Phrase::new(
                        "expected ',' or '}' after a value",
                        "',' eller '}' saknas efter ett värde",
                    )
                },
            ),
            JsonError::ExpectedSomeIdent | JsonError::ExpectedSomeValue => {
                Reason::Syntax(const { &Phrase::new("expected a value", "ett värde saknas") })
            }
            JsonError::InvalidUnicodeCodePoint => Reason::Syntax(
                const {
                    &Phrase::new(
                        "a string is not valid UTF-8",
                        "en text är inte giltig UTF-8",
                    )
                },
            ),
            JsonError::InvalidEscapeSequence => Reason::BadEscape,
            JsonError::KeyMustBeAString => Reason::Syntax(
                const {
                    &Phrase::new(
                        "an object key must be a string",
                        "ett fältnamn måste stå inom citattecken",
                    )
                },
            ),
            JsonError::TrailingCharacters if self.path.is_root() => Reason::Syntax(
                const { &Phrase::new("more text after the report", "mer text efter redovisningen") },
            ),
            JsonError::TrailingComma => Reason::Syntax(
                const {
                    &Phrase::new(
                        "a comma before a closing bracket",
                        "ett kommatecken före en avslutande parentes",
                    )
                },
            ),
            _ => Reason::Syntax(const { &Phrase::new("unexpected text", "oväntad text") }),
        };
        // The reader's syntax errors carry no place: a scan of the text finds it.
        let mut path = core::mem::take(&mut self.path);
        let reason = match (reason, first_flaw(text)) {
            // A number svf does not read, named at its own path (the reader stops only after it).
            (Reason::Syntax(_) | Reason::Expected(_), Some(flaw)) if flaw.number.is_some() => {
                let (line, column) = line_and_column(text, flaw.offset);
                path = flaw.path;
                Reason::LooseNumber {
                    written: flaw
                        .number
                        .unwrap_or(const { &Phrase::new("in another form", "på ett annat sätt") }),
                    line,
                    column,
                }
            }
            (Reason::Syntax(what), Some(flaw)) => {
                let (line, column) = line_and_column(text, flaw.offset);
                Reason::SyntaxAt { what, line, column }
            }
            (reason, _) => reason,
        };
        PathError { path, reason }
    }
}

/// The text of a document of at most `max` bytes, a UTF-8 byte-order mark dropped; the
/// reason to refuse it as a whole when it is larger.
pub(crate) fn document(bytes: &[u8], max: usize) -> Result<&[u8], Reason> {
    if bytes.len() > max {
        return Err(Reason::TooLarge {
            bytes: bytes.len(),
            max,
        });
    }
    Ok(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
}

/// Reads the whole of `text` with `seed`: one JSON value and nothing after it. On failure,
/// [`Trail::fault`] says where and why. No unescape buffer: strings arrive raw and are
/// decoded by the seeds, so any length works. Never inlined: the reader's state is on the
/// stack only while it runs.
#[inline(never)]
pub(crate) fn read_all<'de, S: DeserializeSeed<'de, Value = ()>>(
    text: &'de [u8],
    seed: S,
) -> Result<(), JsonError> {
    let mut deserializer = Deserializer::new(text, None);
    seed.deserialize(&mut deserializer)
        .and_then(|()| deserializer.end())
        .map(|_| ())
}

/// Reads the keys of one object: each must be one of `fields`, once.
pub(crate) struct Keys<'t, 'f> {
    pub(crate) trail: &'t mut Trail<'f>,
    fields: &'static [&'static str],
    seen: u32,
    /// Why a key that is not one of `fields` is refused.
    unknown: Reason,
}

impl<'t, 'f> Keys<'t, 'f> {
    pub(crate) fn new(trail: &'t mut Trail<'f>, fields: &'static [&'static str]) -> Self {
        Keys {
            trail,
            fields,
            seen: 0,
            unknown: Reason::UnknownField,
        }
    }

    /// Keys that are data, not a schema's fields (region codes): one not in `fields` is
    /// refused for `unknown`.
    pub(crate) fn of(
        trail: &'t mut Trail<'f>,
        fields: &'static [&'static str],
        unknown: Reason,
    ) -> Self {
        Keys {
            unknown,
            ..Keys::new(trail, fields)
        }
    }

    /// The next key's position in `fields`, with the path stepped into it; `None` at the end.
    /// A key an earlier reading refused (its path is in [`Trail::skip`]) has its value passed
    /// over and counts as given: the reading goes on after it.
    pub(crate) fn next<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
    ) -> Result<Option<usize>, A::Error> {
        loop {
            self.trail.expected =
                const { &Phrase::new("a key in quotes", "ett fältnamn inom citattecken") };
            let Some(raw) = map.next_key_seed(RawStr)? else {
                return Ok(None);
            };
            let mut key = String::<48>::new();
            // Keys are almost never escaped: then the raw text is the key.
            let known = if raw.contains('\\') {
                let mut fits = true;
                decode(raw, |c| {
                    fits = fits && key.push(c).is_ok();
                    Ok(())
                })
                .map_err(|reason| self.trail.fail(reason))?;
                self.fields.iter().position(|f| fits && *f == key.as_str())
            } else {
                let known = self.fields.iter().position(|f| *f == raw);
                if known.is_none() {
                    for c in raw.chars() {
                        if key.push(c).is_err() {
                            break;
                        }
                    }
                }
                known
            };
            self.trail.path.push(match known {
                Some(index) => Step::Field(self.fields[index]),
                None => Step::Unknown(key),
            });
            if self.trail.skips() {
                map.next_value::<IgnoredAny>()?;
                self.trail.path.pop();
                if let Some(index) = known {
                    self.seen |= 1 << index;
                }
                continue;
            }
            let Some(index) = known else {
                return Err(self.trail.fail(self.unknown));
            };
            return self.enter(index).map(Some);
        }
    }

    /// Marks the field at `index`, whose step is on the path, as given; refuses it the second
    /// time.
    fn enter<E: de::Error>(&mut self, index: usize) -> Result<usize, E> {
        if self.seen & (1 << index) != 0 {
            return Err(self.trail.fail(Reason::DuplicateKey));
        }
        self.seen |= 1 << index;
        Ok(index)
    }

    /// Whether the field at `index` was given.
    pub(crate) fn has(&self, index: usize) -> bool {
        self.seen & (1 << index) != 0
    }
}

/// A string's raw text between its quotes, escapes still in it.
pub(crate) struct RawStr;

impl<'de> DeserializeSeed<'de> for RawStr {
    type Value = &'de str;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<&'de str, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RawStr {
    type Value = &'de str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, raw: &'de str) -> Result<&'de str, E> {
        Ok(raw)
    }
}

/// Decodes a JSON string's raw text, calling `each` for every character.
///
/// # Errors
/// [`Reason::ControlCharacter`] for a raw U+0000–U+001F, [`Reason::BadEscape`] for an escape
/// JSON does not have or a surrogate without its pair; or what `each` returns.
pub(crate) fn decode(
    raw: &str,
    mut each: impl FnMut(char) -> Result<(), Reason>,
) -> Result<(), Reason> {
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        let decoded = match c {
            '\u{0}'..='\u{1f}' => return Err(Reason::ControlCharacter),
            '\\' => match chars.next() {
                Some('"') => '"',
                Some('\\') => '\\',
                Some('/') => '/',
                Some('b') => '\u{8}',
                Some('f') => '\u{c}',
                Some('n') => '\n',
                Some('r') => '\r',
                Some('t') => '\t',
                Some('u') => {
                    let high = hex4(&mut chars)?;
                    match high {
                        0xD800..=0xDBFF => {
                            if chars.next() != Some('\\') || chars.next() != Some('u') {
                                return Err(Reason::BadEscape);
                            }
                            let low = hex4(&mut chars)?;
                            if !(0xDC00..=0xDFFF).contains(&low) {
                                return Err(Reason::BadEscape);
                            }
                            char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                                .ok_or(Reason::BadEscape)?
                        }
                        _ => char::from_u32(high).ok_or(Reason::BadEscape)?,
                    }
                }
                _ => return Err(Reason::BadEscape),
            },
            c => c,
        };
        each(decoded)?;
    }
    Ok(())
}

fn hex4(chars: &mut core::str::Chars<'_>) -> Result<u32, Reason> {
    (0..4).try_fold(0, |value, _| {
        let digit = chars
            .next()
            .and_then(|c| c.to_digit(16))
            .ok_or(Reason::BadEscape)?;
        Ok(value * 16 + digit)
    })
}

pub(crate) const WHOLE_NUMBER: Phrase = Phrase::new(
    "a whole number from 0 to 4294967295",
    "ett heltal från 0 till 4294967295",
);

/// Reads one value with `seed`. The path, stepped into the key by [`Keys::next`], stays there
/// while the optional check looks at the value (`|trail, value| -> Result`), and is stepped out
/// of afterwards.
macro_rules! field {
    ($map:ident, $trail:ident, $seed:expr) => {{
        let value = $map.next_value_seed($seed)?;
        $trail.path.pop();
        value
    }};
    ($map:ident, $trail:ident, $seed:expr, |$t:ident, $v:ident| $check:expr) => {{
        let $v = $map.next_value_seed($seed)?;
        let $t = &mut *$trail;
        let checked = $check?;
        $trail.path.pop();
        checked
    }};
}
pub(crate) use field;

/// A whole number `0..=u32::MAX`.
pub(crate) struct Count<'t, 'f>(pub(crate) &'t mut Trail<'f>);

impl<'de> DeserializeSeed<'de> for Count<'_, '_> {
    type Value = u32;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u32, D::Error> {
        self.0.expected = &WHOLE_NUMBER;
        <u32 as de::Deserialize>::deserialize(deserializer)
    }
}

/// `true` or `false`.
pub(crate) struct Flag<'t, 'f>(pub(crate) &'t mut Trail<'f>);

impl<'de> DeserializeSeed<'de> for Flag<'_, '_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        self.0.expected = const { &Phrase::new("true or false", "true eller false") };
        <bool as de::Deserialize>::deserialize(deserializer)
    }
}

/// The agreement year as written.
pub(crate) struct YearNumber<'t, 'f>(pub(crate) &'t mut Trail<'f>);

impl<'de> DeserializeSeed<'de> for YearNumber<'_, '_> {
    type Value = u64;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u64, D::Error> {
        self.0.expected = const {
            &Phrase::new(
                "an agreement year from 2022 to 2026",
                "ett överenskommelseår från 2022 till 2026",
            )
        };
        <u64 as de::Deserialize>::deserialize(deserializer)
    }
}

/// A string, decoded and checked to be at most `max_chars` characters. Its characters are
/// kept as far as they fit in `N` bytes; `written` tells whether any shows ([`visible`]).
pub(crate) struct Text<'t, 'f, const N: usize> {
    trail: &'t mut Trail<'f>,
    max_chars: usize,
}

/// A decoded string.
pub(crate) struct Decoded<const N: usize> {
    pub(crate) text: String<N>,
    pub(crate) complete: bool,
    pub(crate) written: bool,
}

impl<'de, const N: usize> DeserializeSeed<'de> for Text<'_, '_, N> {
    type Value = Decoded<N>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Decoded<N>, D::Error> {
        self.trail.expected = const { &Phrase::new("a string", "en text inom citattecken") };
        let raw = RawStr.deserialize(deserializer)?;
        let max_chars = self.max_chars;
        // Most text has no escapes and no control characters: then it is its own decoding,
        // and whole-string operations beat the character loop below.
        if !raw.bytes().any(|b| b == b'\\' || b < 0x20) {
            if raw.len() > max_chars && raw.chars().count() > max_chars {
                return Err(self.trail.fail(Reason::TooLong { max_chars }));
            }
            let mut text = String::new();
            let complete = text.push_str(raw).is_ok();
            let written = raw.chars().any(visible);
            return Ok(Decoded {
                text,
                complete,
                written,
            });
        }
        let mut decoded = Decoded {
            text: String::new(),
            complete: true,
            written: false,
        };
        let mut count = 0;
        decode(raw, |c| {
            count += 1;
            if count > max_chars {
                return Err(Reason::TooLong { max_chars });
            }
            decoded.written |= visible(c);
            decoded.complete = decoded.complete && decoded.text.push(c).is_ok();
            Ok(())
        })
        .map_err(|reason| self.trail.fail(reason))?;
        Ok(decoded)
    }
}

/// Whether a character shows: not whitespace, not a control character, not an invisible
/// format character (Unicode category Cf: soft hyphen, zero-width space and joiners, bidi
/// marks, word joiner, byte-order mark, tags), and not a filler or variation selector that
/// renders as nothing. Text of only such characters says nothing, so it does not count as
/// written.
pub(crate) fn visible(c: char) -> bool {
    let invisible = matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    );
    !(c.is_whitespace() || c.is_control() || invisible)
}

pub(crate) fn text<'t, 'f, const N: usize>(
    trail: &'t mut Trail<'f>,
    max_chars: usize,
) -> Text<'t, 'f, N> {
    Text { trail, max_chars }
}

/// Text that must show something: at most `max_chars` characters, not empty, and no control
/// character (a tab, a line break, an escape), which would break the annex's tab-separated
/// layout, the page and the terminal it is shown on.
macro_rules! said {
    ($map:ident, $trail:ident, $n:expr, $max_chars:expr) => {
        field!(
            $map,
            $trail,
            $crate::json::text::<{ $n }>($trail, $max_chars),
            |trail, said| {
                if said.text.chars().any(char::is_control) {
                    Err(trail.fail($crate::json::Reason::ControlInText))
                } else if said.written {
                    Ok(said.text)
                } else {
                    Err(trail.fail($crate::json::Reason::Empty))
                }
            }
        )
    };
}
pub(crate) use said;

/// A date `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text)
}

macro_rules! object_seed {
    ($seed:ident -> $value:ty, $expected:literal, $swedish:literal, $visit:ident) => {
        struct $seed<'t, 'f>(&'t mut Trail<'f>);

        impl<'de> DeserializeSeed<'de> for $seed<'_, '_> {
            type Value = $value;

            fn deserialize<D: de::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<$value, D::Error> {
                self.0.expected = const { &$crate::json::Phrase::new($expected, $swedish) };
                deserializer.deserialize_map(self)
            }
        }

        impl<'de> Visitor<'de> for $seed<'_, '_> {
            type Value = $value;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($expected)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$value, A::Error> {
                $visit(self.0, map)
            }
        }
    };
}
pub(crate) use object_seed;
