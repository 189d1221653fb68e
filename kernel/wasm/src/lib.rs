//! The svf kernel as a WebAssembly module for the checker page (contract §8): the page writes a
//! report's bytes and its receipt time into the module's buffers, calls [`svf_assess`], and
//! reads the assessment's JSON, the same value `svf assess REPORT --received INSTANT` prints, a
//! region's report or an RCC's. It also reads numbers as people type them, so that the page
//! never does arithmetic on money: kronor to öre ([`svf_kronor`]), counts ([`svf_whole`]), and
//! öre back to kronor as svf writes them ([`svf_kronor_text`]).
//!
//! No heap: three buffers in static memory, sized by the kernel's own bounds (the largest report
//! it reads, the largest assessment it writes). This crate is the only place in svf allowed
//! `unsafe`: the exports must be unmangled (an unsafe attribute) and the host writes into the
//! buffers through raw pointers, which Rust cannot see. Each block says why it is sound.
//!
//! The module's interface, all numbers `i32` on wasm32:
//! - `svf_report_buffer()`, `svf_report_capacity()`: where the report's bytes go, and how many fit:
//!   one more than the kernel reads (`MAX_REPORT_BYTES`), so that of a larger report the page
//!   passes the first bytes and the kernel rejects it as too large, as `svf assess` reads only
//!   that much of a file.
//! - `svf_received_buffer()`, `svf_received_capacity()`: where the receipt time goes, RFC 3339 text.
//! - `svf_assess(report_len, received_len)`: the assessment's length in bytes, found at
//!   `svf_output()`; or a negative [`Refusal`] code. An RCC's report (its `schema` says
//!   `svf-rcc-report/1`) gets its `svf-rcc-assessment/1`, as `svf assess` gives it.
//! - `svf_kronor(text_len)`: the UTF-8 text in the report buffer read as kronor
//!   (`1 250 000,50`, [`parse_kronor`]); at `svf_output()` the öre as decimal digits
//!   (`125000050`), their length returned; or a negative [`Refusal`] code saying why not.
//! - `svf_whole(text_len)`: the same for a count (`7 323`, [`parse_whole`], no `_`).
//! - `svf_kronor_text(text_len, suffix)`: öre written as decimal digits, as svf writes them in
//!   kronor: `1 250 000,50 kr` with `suffix` not 0 (the notification's), else `1 250 000,50`
//!   (what the form's field takes back).
//!
//! For [`Refusal::NotADigit`], the character that is not a digit is at `svf_output()` in UTF-8.
#![no_std]
#![deny(missing_docs)]

use core::mem::offset_of;

use core::fmt::Write as _;

use svf_kernel::Ore;
use svf_kernel::assessment::{Assessment, MAX_JSON_BYTES, Receipt};
use svf_kernel::number::{NumberError, parse_kronor, parse_whole};
use svf_kernel::rcc::{RccAssessment, is_rcc_report};
use svf_kernel::report::MAX_REPORT_BYTES;
use svf_kernel::rules::Rules;
use svf_kernel::time::Instant;

/// Room for a report: one byte more than the kernel reads, enough to know one is too large.
const REPORT_BYTES: usize = MAX_REPORT_BYTES + 1;
/// Room for the receipt time: RFC 3339 with fractions and an offset is at most 35 bytes.
const RECEIVED_BYTES: usize = 64;

/// Why [`svf_assess`] gave no assessment; the page's message for each is its own.
#[repr(i32)]
pub enum Refusal {
    /// The lengths given are larger than the buffers.
    TooLong = -1,
    /// The receipt time is not RFC 3339 text.
    Received = -2,
    /// The assessment did not fit its buffer (the kernel's bound says it always does).
    Output = -3,
    /// A number: nothing written ([`NumberError::Empty`]).
    Empty = -10,
    /// A number: a minus sign ([`NumberError::Negative`]).
    Negative = -11,
    /// A number: a character that is not a digit, written at `svf_output()`.
    NotADigit = -12,
    /// A number: thousands separators not between groups of three digits.
    Grouping = -13,
    /// A number: other than one or two decimals, or decimals where none are allowed.
    Decimals = -14,
    /// A number: larger than the largest amount (or count) svf takes.
    TooLarge = -15,
    /// A number: the text is not UTF-8 (the page encodes it, so never in practice).
    NotText = -16,
}

/// The module's memory for one call: what the host writes, and what it reads back. `repr(C)`
/// so that each buffer's place is its field's offset.
#[repr(C)]
struct Buffers {
    report: [u8; REPORT_BYTES],
    received: [u8; RECEIVED_BYTES],
    output: [u8; MAX_JSON_BYTES],
}

/// The only instance. A `static mut` because the host writes into it from outside Rust.
static mut BUFFERS: Buffers = Buffers {
    report: [0; REPORT_BYTES],
    received: [0; RECEIVED_BYTES],
    output: [0; MAX_JSON_BYTES],
};

/// The address of the buffer at `offset` in [`BUFFERS`], for the host. A raw pointer to a
/// static and its offset need no unsafe; only the host writes through it, between calls.
fn field(offset: usize) -> *mut u8 {
    (&raw mut BUFFERS).cast::<u8>().wrapping_add(offset)
}

/// Where the host writes the report's bytes.
// SAFETY (no_mangle): the name is unique among the module's exports and no other symbol of the
// program is called so.
#[unsafe(no_mangle)]
pub extern "C" fn svf_report_buffer() -> *mut u8 {
    field(offset_of!(Buffers, report))
}

/// How many bytes of report fit.
// SAFETY (no_mangle): as for `svf_report_buffer`, a unique export name.
#[unsafe(no_mangle)]
pub extern "C" fn svf_report_capacity() -> usize {
    REPORT_BYTES
}

/// Where the host writes the receipt time.
// SAFETY (no_mangle): as for `svf_report_buffer`, a unique export name.
#[unsafe(no_mangle)]
pub extern "C" fn svf_received_buffer() -> *mut u8 {
    field(offset_of!(Buffers, received))
}

/// How many bytes of receipt time fit.
// SAFETY (no_mangle): as for `svf_report_buffer`, a unique export name.
#[unsafe(no_mangle)]
pub extern "C" fn svf_received_capacity() -> usize {
    RECEIVED_BYTES
}

/// Where the assessment's JSON is after [`svf_assess`].
// SAFETY (no_mangle): as for `svf_report_buffer`, a unique export name.
#[unsafe(no_mangle)]
pub extern "C" fn svf_output() -> *mut u8 {
    field(offset_of!(Buffers, output))
}

/// Assesses the `report_len` bytes of report as received at the `received_len` bytes of RFC 3339
/// time, under its year's built-in rules, the region's first report of the year (as `svf assess`
/// without `--first-received` or `--rules`). Returns the JSON's length, or a [`Refusal`].
// SAFETY (no_mangle): as for `svf_report_buffer`, a unique export name.
#[unsafe(no_mangle)]
pub extern "C" fn svf_assess(report_len: usize, received_len: usize) -> i32 {
    // SAFETY: wasm32-unknown-unknown runs one thread, and the host calls one export at a time
    // and none re-enters another, so this is the only reference to BUFFERS while it lives; the
    // host's writes happened before the call.
    let buffers = unsafe { &mut *(&raw mut BUFFERS) };
    assess(buffers, report_len, received_len)
}

/// [`svf_assess`] on safe ground.
fn assess(buffers: &mut Buffers, report_len: usize, received_len: usize) -> i32 {
    let (Some(report), Some(received)) = (
        buffers.report.get(..report_len),
        buffers.received.get(..received_len),
    ) else {
        return Refusal::TooLong as i32;
    };
    let Some(received) = core::str::from_utf8(received)
        .ok()
        .and_then(|text| Instant::parse_rfc3339(text).ok())
    else {
        return Refusal::Received as i32;
    };
    // As `svf assess`: an RCC's report by its schema, anything else as a region's.
    if is_rcc_report(report) {
        let assessment = RccAssessment::of_bytes(report, received);
        return match assessment.write_json(&mut buffers.output) {
            Ok(written) => i32::try_from(written).unwrap_or(Refusal::Output as i32),
            Err(_) => Refusal::Output as i32,
        };
    }
    let never = |year| Ok::<_, core::convert::Infallible>(Rules::of(year));
    let Ok(assessment) = Assessment::of_bytes(report, Receipt::new(received), never);
    match assessment.write_json(&mut buffers.output) {
        // MAX_JSON_BYTES is 24 KiB: the length fits an i32.
        Ok(written) => i32::try_from(written).unwrap_or(Refusal::Output as i32),
        Err(_) => Refusal::Output as i32,
    }
}

/// Reads a number typed by a person from the report buffer with [`svf_kronor`]'s or
/// [`svf_whole`]'s parser.
// SAFETY (no_mangle): as for `svf_report_buffer`, a unique export name.
#[unsafe(no_mangle)]
pub extern "C" fn svf_kronor(text_len: usize) -> i32 {
    // SAFETY: as in `svf_assess`, the only reference to BUFFERS while it lives.
    let buffers = unsafe { &mut *(&raw mut BUFFERS) };
    number(buffers, text_len, |text| {
        parse_kronor(text).map(|ore| ore.ore().unsigned_abs())
    })
}

/// Reads a count typed by a person (`7 323`, `7323`) from the report buffer.
// SAFETY (no_mangle): as for `svf_report_buffer`, a unique export name.
#[unsafe(no_mangle)]
pub extern "C" fn svf_whole(text_len: usize) -> i32 {
    // SAFETY: as in `svf_assess`, the only reference to BUFFERS while it lives.
    let buffers = unsafe { &mut *(&raw mut BUFFERS) };
    number(buffers, text_len, |text| parse_whole(text, false))
}

/// Writes öre, given as decimal digits in the report buffer, as kronor the way svf writes them.
// SAFETY (no_mangle): as for `svf_report_buffer`, a unique export name.
#[unsafe(no_mangle)]
pub extern "C" fn svf_kronor_text(text_len: usize, suffix: i32) -> i32 {
    // SAFETY: as in `svf_assess`, the only reference to BUFFERS while it lives.
    let buffers = unsafe { &mut *(&raw mut BUFFERS) };
    kronor_text(buffers, text_len, suffix != 0)
}

/// [`svf_kronor_text`] on safe ground.
fn kronor_text(buffers: &mut Buffers, text_len: usize, suffix: bool) -> i32 {
    let Some(bytes) = buffers.report.get(..text_len) else {
        return Refusal::TooLong as i32;
    };
    let Ok(text) = core::str::from_utf8(bytes) else {
        return Refusal::NotText as i32;
    };
    let mut out = Cursor::new(&mut buffers.output);
    let ore = match parse_whole(text, false) {
        Ok(ore) => ore,
        Err(error) => return refused(error, &mut out),
    };
    let Ok(ore) = i64::try_from(ore) else {
        return Refusal::TooLarge as i32;
    };
    let written = if suffix {
        write!(out, "{}", Ore(ore))
    } else {
        write!(out, "{}", Ore(ore).as_number(false))
    };
    out.written(written)
}

/// [`svf_kronor`] and [`svf_whole`] on safe ground: the text read by `parse`, the value written
/// as decimal digits; or why not.
fn number(
    buffers: &mut Buffers,
    text_len: usize,
    parse: impl FnOnce(&str) -> Result<u64, NumberError>,
) -> i32 {
    let Some(bytes) = buffers.report.get(..text_len) else {
        return Refusal::TooLong as i32;
    };
    let Ok(text) = core::str::from_utf8(bytes) else {
        return Refusal::NotText as i32;
    };
    let mut out = Cursor::new(&mut buffers.output);
    match parse(text) {
        Ok(value) => {
            let written = write!(out, "{value}");
            out.written(written)
        }
        Err(error) => refused(error, &mut out),
    }
}

/// The refusal of a number; the character that is not a digit written to `out`.
fn refused(error: NumberError, out: &mut Cursor<'_>) -> i32 {
    let refusal = match error {
        NumberError::Empty => Refusal::Empty,
        NumberError::Negative => Refusal::Negative,
        NumberError::NotADigit(c) => {
            // Four bytes at most, in a buffer of kilobytes.
            let _ = out.write_char(c);
            Refusal::NotADigit
        }
        NumberError::Grouping => Refusal::Grouping,
        NumberError::Decimals => Refusal::Decimals,
        NumberError::TooLarge => Refusal::TooLarge,
    };
    refusal as i32
}

/// Text written into a buffer, as far as it fits.
struct Cursor<'b> {
    buffer: &'b mut [u8],
    len: usize,
}

impl<'b> Cursor<'b> {
    fn new(buffer: &'b mut [u8]) -> Cursor<'b> {
        Cursor { buffer, len: 0 }
    }
}

impl Cursor<'_> {
    /// The length written, when all of it was.
    fn written(&self, result: core::fmt::Result) -> i32 {
        match result {
            // A few dozen bytes at most: the length fits an i32.
            Ok(()) => i32::try_from(self.len).unwrap_or(Refusal::Output as i32),
            Err(_) => Refusal::Output as i32,
        }
    }
}

impl core::fmt::Write for Cursor<'_> {
    fn write_str(&mut self, text: &str) -> core::fmt::Result {
        let end = self.len.checked_add(text.len()).ok_or(core::fmt::Error)?;
        let place = self.buffer.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        place.copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A panic in the kernel ends the call with a trap, which the page reports; the kernel is
/// fuzzed never to panic on any input. The release profile's panic strategy is
/// `immediate-abort` (Cargo.toml), which traps at the panic itself: this is not called there.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
