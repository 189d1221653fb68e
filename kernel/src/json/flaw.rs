//! The scan of a text that failed to read: the first byte that is not JSON, or the first
//! number svf does not take, with its path, line and column.

use heapless::{String, Vec};

use super::{JsonPath, Phrase, Step};

/// The most steps a path holds ([`JsonPath`]).
const PATH_DEPTH: usize = 6;

/// What is wrong at one place of a text that fails to be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Flaw {
    /// The first byte that is wrong.
    pub(super) offset: usize,
    /// The JSON path of the value it is in (keys as written, escapes and all).
    pub(super) path: JsonPath,
    /// A number in a form svf does not read (`1e3`, `1000.0`, `-0`, `01000`): how it is
    /// written; `None` for text that is not JSON.
    pub(super) number: Option<&'static Phrase>,
}

/// One open object or array while scanning. An object's key is kept apart, for the first
/// [`PATH_DEPTH`] levels only (a path holds no more): 128 frames of keys would be 7 KB of stack.
#[derive(Clone, Copy, Debug)]
enum Frame {
    /// An object; its key, if at a depth a path shows, is in `keys` at its depth.
    Object,
    /// An array, and the index of the value that comes.
    Array(u16),
}

/// The first flaw of `text`: a byte that cannot be JSON, or a number svf's counts do not take
/// (an exponent, a fraction, `-0`, leading zeros), with where it is. `None` when the text is
/// one JSON value whose numbers are plain whole numbers. Iterative, with a fixed stack: nesting
/// deeper than 128 is reported where it goes too deep. Only run on a text that failed to read,
/// to say exactly where and why.
// One state machine, read best whole.
#[allow(clippy::too_many_lines)]
pub(super) fn first_flaw(text: &[u8]) -> Option<Flaw> {
    /// The keys of the open objects a path shows, by depth (as written, cut at 48 bytes).
    type Keys = [String<48>; PATH_DEPTH];
    /// What may come next.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Next {
        Value,
        ValueOrClose,
        Key,
        KeyOrClose,
        Colon,
        CommaOrClose,
        End,
    }
    fn after(open: &Vec<Frame, 128>) -> Next {
        if open.is_empty() {
            Next::End
        } else {
            Next::CommaOrClose
        }
    }
    fn path_of(open: &Vec<Frame, 128>, keys: &Keys) -> JsonPath {
        let mut path = JsonPath::default();
        for (frame, key) in open.iter().zip(keys) {
            path.push(match frame {
                Frame::Object => Step::Unknown(key.clone()),
                Frame::Array(index) => Step::Index(*index),
            });
        }
        path
    }
    let mut keys: Keys = core::array::from_fn(|_| String::new());
    let mut open: Vec<Frame, 128> = Vec::new();
    let mut next = Next::Value;
    let mut i = 0;
    let flaw = |open: &Vec<Frame, 128>, keys: &Keys, offset, number| {
        Some(Flaw {
            offset,
            path: path_of(open, keys),
            number,
        })
    };
    loop {
        while text
            .get(i)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            i += 1;
        }
        let Some(&b) = text.get(i) else {
            return if next == Next::End {
                None
            } else {
                flaw(&open, &keys, i, None)
            };
        };
        next = match (next, b) {
            (Next::ValueOrClose, b']') | (Next::KeyOrClose, b'}') => {
                open.pop();
                i += 1;
                after(&open)
            }
            (Next::Value | Next::ValueOrClose, b'{' | b'[') => {
                let frame = if b == b'{' {
                    Frame::Object
                } else {
                    Frame::Array(0)
                };
                if open.push(frame).is_err() {
                    return flaw(&open, &keys, i, None);
                }
                // A new object has no key yet, whatever one at its depth had before.
                if let Some(key) = keys.get_mut(open.len() - 1) {
                    key.clear();
                }
                i += 1;
                if b == b'{' {
                    Next::KeyOrClose
                } else {
                    Next::ValueOrClose
                }
            }
            (Next::Value | Next::ValueOrClose, b'-' | b'0'..=b'9') => match number(text, i) {
                Ok((end, None)) => {
                    i = end;
                    after(&open)
                }
                Ok((_, written)) => return flaw(&open, &keys, i, written),
                Err(at) => return flaw(&open, &keys, at, None),
            },
            (Next::Value | Next::ValueOrClose, _) => match scalar(text, i) {
                Ok(end) => {
                    i = end;
                    after(&open)
                }
                Err(at) => return flaw(&open, &keys, at, None),
            },
            (Next::Key | Next::KeyOrClose, b'"') => match string(text, i) {
                Ok(end) => {
                    if let (Some(Frame::Object), Some(key)) = (
                        open.last(),
                        open.len().checked_sub(1).and_then(|d| keys.get_mut(d)),
                    ) {
                        key.clear();
                        let raw = &text[i + 1..end - 1];
                        for c in core::str::from_utf8(raw).unwrap_or("?").chars() {
                            if key.push(c).is_err() {
                                break;
                            }
                        }
                    }
                    i = end;
                    Next::Colon
                }
                Err(at) => return flaw(&open, &keys, at, None),
            },
            (Next::Colon, b':') => {
                i += 1;
                Next::Value
            }
            (Next::CommaOrClose, b',') => {
                i += 1;
                match open.last_mut() {
                    Some(Frame::Array(index)) => {
                        *index = index.saturating_add(1);
                        Next::Value
                    }
                    _ => Next::Key,
                }
            }
            (Next::CommaOrClose, b'}') if matches!(open.last(), Some(Frame::Object)) => {
                open.pop();
                i += 1;
                after(&open)
            }
            (Next::CommaOrClose, b']') if matches!(open.last(), Some(Frame::Array(_))) => {
                open.pop();
                i += 1;
                after(&open)
            }
            _ => return flaw(&open, &keys, i, None),
        };
    }
}

/// `true`, `false`, `null` or a string starting at `at`: where it ends, or where it stops
/// being one.
fn scalar(text: &[u8], at: usize) -> Result<usize, usize> {
    if text[at] == b'"' {
        return string(text, at);
    }
    for word in [&b"true"[..], b"false", b"null"] {
        if text[at..].starts_with(word) {
            return Ok(at + word.len());
        }
    }
    Err(at)
}

/// A string from its opening quote at `at`: where it ends (after the closing quote), or the
/// first byte that cannot be in it (a raw control character, a bad escape, the end).
fn string(text: &[u8], at: usize) -> Result<usize, usize> {
    let mut i = at + 1;
    loop {
        match text.get(i) {
            None => return Err(i),
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') => match text.get(i + 1) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') => {
                    let hex = text.get(i + 2..i + 6).ok_or(i)?;
                    if !hex.iter().all(u8::is_ascii_hexdigit) {
                        return Err(i);
                    }
                    i += 6;
                }
                _ => return Err(i),
            },
            Some(&b) if b < 0x20 => return Err(i),
            Some(_) => i += 1,
        }
    }
}

/// A number from `at`, JSON's `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, or digits
/// with leading zeros: where it ends, and how it is written when it is not a plain whole number
/// (`None` for `1000`). `Err` where a number stops being one.
fn number(text: &[u8], at: usize) -> Result<(usize, Option<&'static Phrase>), usize> {
    let digits = |from: usize| {
        let end = from
            + text[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        if end == from { Err(from) } else { Ok(end) }
    };
    let mut i = at;
    let negative = text.get(i) == Some(&b'-');
    if negative {
        i += 1;
    }
    let start = i;
    i = digits(i)?;
    let mut written = None;
    if text[start] == b'0' && i > start + 1 {
        written = Some(const { &Phrase::new("with leading zeros", "med inledande nollor") });
    } else if negative && text[start..i].iter().all(|&b| b == b'0') {
        written = Some(const { &Phrase::new("as -0", "som -0") });
    }
    if text.get(i) == Some(&b'.') {
        i = digits(i + 1)?;
        written = written.or(Some(
            const { &Phrase::new("with a decimal point", "med decimaltecken") },
        ));
    }
    if matches!(text.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(text.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = digits(i)?;
        written = written.or(Some(
            const { &Phrase::new("with an exponent", "med exponent") },
        ));
    }
    Ok((i, written))
}

/// The line and column (from 1; the column in characters) of the byte at `offset`.
pub(super) fn line_and_column(text: &[u8], offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |n| n + 1);
    // Only on a refusal, over at most a report: no need for a faster count.
    #[allow(clippy::naive_bytecount)]
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    // Characters, not bytes: every byte but UTF-8's continuation bytes starts one.
    let column = before[line_start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Whether `text` is one JSON value nested at most 128 deep, as far as [`first_flaw`] reads: to
/// its end, or to its first number in a form svf's counts do not take (which is JSON still).
pub(crate) fn is_json(text: &[u8]) -> bool {
    first_flaw(text).is_none_or(|flaw| flaw.number.is_some())
}

/// Whether `text` nests objects and arrays at most `max` deep (brackets inside strings do not
/// count). A reading passes over a refused value by recursion (serde-json-core's
/// `deserialize_ignored_any`), so it may only do so in a text this shallow: 100 000 nested
/// arrays under an unknown key would otherwise overflow the stack.
pub(crate) fn nests_at_most(text: &[u8], max: usize) -> bool {
    let mut depth = 0_usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in text {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return false;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}
