//! The svf kernel on a Cortex-M3 or a Cortex-M0: the 2024 annex split and a report assessed on
//! the device.
//!
//! Parses the published annex (`tests/data/annex-2024-second-payment.tsv`, embedded at build
//! time) with the kernel's table parser, splits 182 500 000 kr in whole kronor in proportion to
//! the populations, and prints one `CODE<TAB>KRONOR` line per region and a `sum<TAB>KRONOR` line
//! through semihosting. Lines starting with `#` are remarks (the stack used). Exits through
//! semihosting: success, or failure after printing the error.
//!
//! The annex's own `Belopp` column is in the embedded text, but the table parser ignores it: the
//! device sees only codes, names and populations. `scripts/cortex-m.sh` compares the output with
//! that column.
//!
//! Then it reads the report loaded into the last 64 KiB of flash (the `REPORT` region of the
//! board's memory map, which the linker leaves alone) at run time, not built in: one firmware
//! assesses any report. The upload there is a 64-byte header and the report's bytes:
//!
//! | bytes | |
//! |---|---|
//! | 0–3 | `svfR` |
//! | 4–7 | the report's length in bytes (little-endian), at most the region less the header |
//! | 8–11 | the length of the received instant's text (little-endian), at most 52; 0 for 2024-09-27T08:00:00Z |
//! | 12–63 | the received instant, RFC 3339 (e.g. `2023-09-27T08:00:00Z`), the rest zero |
//! | 64– | the report (`svf-report/1` JSON) |
//!
//! It assesses the report as received at that instant under the rules of its year, and prints
//! the assessment (`svf-assessment/1`, compact JSON, written piece by piece through a 2 KiB
//! buffer) as one `assessment<TAB>JSON` line, which the script compares with the host's `svf
//! assess`. The stack is measured for each step apart (the `# stack:` remarks). A HardFault (on
//! the Cortex-M0's 16 KiB, a stack that overflowed RAM) is reported as an `error:` line and a
//! failing exit, not a hang.
//!
//! Run with `scripts/cortex-m.sh` from the repository root: QEMU's lm3s6965evb (Cortex-M3,
//! `thumbv7m-none-eabi`, 64 KiB RAM) and microbit (nRF51822, Cortex-M0, `thumbv6m-none-eabi`,
//! 16 KiB RAM), the report loaded with `-device loader,file=UPLOAD,addr=0x30000,force-raw=on`.
#![no_std]
#![no_main]

use core::convert::Infallible;
use core::fmt::{self, Write as _};
use core::panic::PanicInfo;

use cortex_m_rt::{STACK_PAINT_VALUE, entry};
use cortex_m_semihosting::{debug, hio, hprint, hprintln};
use svf_kernel::assessment::{Assessment, Pieces, Receipt};
use svf_kernel::rules::Rules;
use svf_kernel::time::{Instant, InstantError};
use svf_kernel::{AllocationError, Ore, Table, TableError, allocate};

/// The published annex: codes, regions, populations (and the amounts, which are not read).
const ANNEX: &str = include_str!("../../../tests/data/annex-2024-second-payment.tsv");
/// The amount the annex splits, in kronor.
const TOTAL_KRONOR: i64 = 182_500_000;
/// Room for the rows; Sweden has 21 regions.
const MAX_ROWS: usize = 32;
/// When the report is taken to have been received if its upload does not say (before the 2024
/// deadline, 30 September).
const DEFAULT_RECEIVED: &str = "2024-09-27T08:00:00Z";
/// The upload's header, before the report: `svfR`, the report's length, the received instant's
/// length and the instant's text (see the crate's documentation).
const HEADER_BYTES: usize = 64;
/// The first bytes of an upload.
const MAGIC: &[u8; 4] = b"svfR";
/// Room for the received instant's text in the header.
const RECEIVED_ROOM: usize = HEADER_BYTES - 12;
/// Room for one piece of the assessment's JSON: the kernel's bound for the largest, so the
/// whole (up to 16 KiB) never needs a buffer of its own.
const PIECE_BYTES: usize = svf_kernel::assessment::MAX_PIECE_BYTES;

#[entry]
fn main() -> ! {
    let status = match run() {
        Ok(()) => debug::EXIT_SUCCESS,
        Err(failure) => {
            hprintln!("error: {}", failure);
            debug::EXIT_FAILURE
        }
    };
    debug::exit(status);
    halt()
}

fn run() -> Result<(), Failure> {
    annex_step()?;

    let upload = uploaded()?;
    hprintln!(
        "# report: {} bytes at {:#010x}, received {}",
        upload.report.len(),
        upload.report.as_ptr().addr(),
        upload.received
    );

    // The assessment step, measured apart: the paint the annex step scrubbed is put back first.
    let received = Instant::parse_rfc3339(upload.received)
        .map_err(|e| Failure::Received(upload.received, e))?;
    repaint_stack();
    let assess_stack = assessment_step(upload.report, received)?;
    hprintln!(
        "# stack: {} bytes used while reading, assessing and writing the report, of {} bytes",
        assess_stack.used,
        assess_stack.size
    );
    Ok(())
}

/// Splits the annex's amount, prints the amounts, their sum and the stack the step used. A
/// frame of its own, so that the split's rows are off the stack while the report is assessed.
#[inline(never)]
fn annex_step() -> Result<(), Failure> {
    let total = Ore::from_kronor(TOTAL_KRONOR).ok_or(Failure::TotalTooLarge)?;
    let split = split(ANNEX, total)?;
    let split_stack = stack_used();

    let mut sum = Ore::ZERO;
    for (code, part) in split.codes[..split.rows]
        .iter()
        .zip(&split.parts[..split.rows])
    {
        // The unit is one krona, so every part is whole kronor.
        hprintln!("{}\t{}", code, part.ore() / Ore::KRONA.ore());
        sum = sum.checked_add(*part).ok_or(Failure::SumOverflow)?;
    }
    if sum != total {
        return Err(Failure::SumMismatch { sum, total });
    }
    hprintln!("sum\t{}", sum.ore() / Ore::KRONA.ore());
    hprintln!("# {} split among {} regions", total, split.rows);
    hprintln!(
        "# stack: {} bytes used while parsing and splitting, {} bytes at most in all, of {} bytes",
        split_stack.used,
        stack_used().used,
        split_stack.size
    );
    Ok(())
}

/// Reads, assesses and writes the report, prints its `assessment` line, and returns
/// how deep the stack went.
///
/// The one assessment is this frame's, filled in place by the kernel
/// ([`Assessment::of_bytes_into`]), which reads the report into it: the lead times into the
/// assessment's list of them, the faults into the room its conditions take later. The JSON's
/// piece buffer is in [`print_assessment`]'s frame, off the stack while the report is read.
/// Reading a report with many faults, and writing the JSON of a 2026 report, go deepest
/// (docs/KERNEL.md).
#[inline(never)]
fn assessment_step(report: &[u8], received: Instant) -> Result<StackUse, Failure> {
    let mut assessment = Assessment::placeholder();
    assess(&mut assessment, report, received);
    print_assessment(&assessment)
}

/// Reads the report and assesses it under its year's rules as received at `received`, into
/// `place`. A report the kernel rejects is not an error here: its assessment says so
/// (`"status":"rejected"`), as on the host.
#[inline(never)]
fn assess(place: &mut Assessment, report: &[u8], received: Instant) {
    let built_in = |year| Ok::<_, Infallible>(Rules::of(year));
    match place.of_bytes_into(report, Receipt::new(received), built_in) {
        Ok(()) => {}
        Err(never) => match never {},
    }
}

/// Writes the assessment as JSON piece by piece and prints it as one line,
/// `assessment<TAB>JSON`; returns how deep the stack went, the printing included.
#[inline(never)]
fn print_assessment(assessment: &Assessment) -> Result<StackUse, Failure> {
    let mut scratch = [0u8; PIECE_BYTES];
    hprint!("assessment\t");
    assessment
        .write_json_pieces(&mut scratch, |piece| {
            let text = core::str::from_utf8(piece).map_err(|_| Failure::JsonNotUtf8)?;
            hprint!("{}", text);
            Ok(())
        })
        .map_err(|e| match e {
            Pieces::TooLarge => Failure::JsonTooLong,
            Pieces::Emit(failure) => failure,
        })?;
    hprintln!();
    Ok(stack_used())
}

/// The report to assess and when it was received, as loaded into the `REPORT` region.
struct Upload {
    report: &'static [u8],
    received: &'static str,
}

/// Reads the upload in the `REPORT` region of flash (the board's memory map): checks its header
/// and returns the report's bytes and the received instant's text (the default where the header
/// gives none). Fails if no upload is there or its lengths do not fit.
#[inline(never)]
fn uploaded() -> Result<Upload, Failure> {
    unsafe extern "C" {
        // From memory-*.x: the region the linker leaves for the upload.
        static _report_start: u8;
        static _report_end: u8;
    }
    let start = (&raw const _report_start).addr();
    let size = (&raw const _report_end).addr() - start;
    // SAFETY: `start..start + size` is the `REPORT` region of the board's memory map: flash that
    // the linker places nothing in and the firmware never writes, that QEMU's loader fills (or
    // leaves erased) before the firmware starts, and that is readable on the board for the
    // whole run: valid, unchanging bytes for `'static`. `u8` has no alignment or validity needs.
    let region: &'static [u8] =
        unsafe { core::slice::from_raw_parts(core::ptr::with_exposed_provenance(start), size) };
    let (header, rest) = region
        .split_at_checked(HEADER_BYTES)
        .ok_or(Failure::NoReport { at: start })?;
    if !header.starts_with(MAGIC) {
        return Err(Failure::NoReport { at: start });
    }
    let length = |at: usize| {
        let mut word = [0u8; 4];
        word.copy_from_slice(&header[at..at + 4]);
        usize::try_from(u32::from_le_bytes(word)).unwrap_or(usize::MAX)
    };
    let (report_bytes, received_bytes) = (length(4), length(8));
    let report = rest.get(..report_bytes).ok_or(Failure::ReportTooLong {
        length: report_bytes,
        room: rest.len(),
    })?;
    let received = match received_bytes {
        0 => DEFAULT_RECEIVED,
        n => header[12..]
            .get(..n)
            .and_then(|text| core::str::from_utf8(text).ok())
            .ok_or(Failure::ReceivedUnreadable { length: n })?,
    };
    Ok(Upload { report, received })
}

/// The regions' codes and their parts, in the order of the table.
struct Split<'a> {
    rows: usize,
    codes: [&'a str; MAX_ROWS],
    parts: [Ore; MAX_ROWS],
}

/// Parses the table and splits `total` in whole kronor in proportion to its weights.
#[inline(never)]
fn split(text: &str, total: Ore) -> Result<Split<'_>, Failure> {
    let table = Table::parse(text).map_err(Failure::Table)?;
    if table.len() > MAX_ROWS {
        return Err(Failure::TooManyRows(table.len()));
    }
    let mut codes = [""; MAX_ROWS];
    let mut weights = [0u32; MAX_ROWS];
    for ((row, code), weight) in table.rows().zip(&mut codes).zip(&mut weights) {
        *code = row.code;
        *weight = row.weight;
    }
    let rows = table.len();
    let mut parts = [Ore::ZERO; MAX_ROWS];
    let mut scratch = [0u64; MAX_ROWS];
    allocate(
        total,
        Ore::KRONA,
        &weights[..rows],
        &mut parts,
        &mut scratch,
    )
    .map_err(Failure::Allocation)?;
    Ok(Split { rows, codes, parts })
}

/// How much of the stack has been used so far, and its size.
struct StackUse {
    used: usize,
    size: usize,
}

/// Paints the unused stack again (everything below this function's frame, less a margin), so
/// that [`stack_used`] afterwards tells how deep the next step went.
///
/// Nothing interrupts the firmware (it enables no interrupt) and this function calls nothing
/// while it paints, so no one uses the memory below its frame meanwhile.
#[inline(never)]
fn repaint_stack() {
    unsafe extern "C" {
        static _stack_end: u32;
    }
    /// Left unpainted just below this function's frame, for safety's sake; the steps measured
    /// go far deeper.
    const MARGIN: usize = 64;
    let bottom = (&raw const _stack_end).addr();
    let sp = cortex_m::register::msp::read() as usize;
    let limit = (sp - MARGIN) & !3;
    let mut address = bottom;
    while address < limit {
        let word = core::ptr::with_exposed_provenance_mut::<u32>(address);
        // SAFETY: `address` is a word-aligned address in RAM between `_stack_end` (the lowest
        // address the linker script reserves for the stack) and `MARGIN` bytes below the stack
        // pointer: stack memory that no frame occupies now, so no Rust object lives there and
        // nothing reads it before a later frame writes it (or `stack_used` reads the paint).
        unsafe { word.write_volatile(STACK_PAINT_VALUE) };
        address += 4;
    }
}

/// The stack's high-water mark: cortex-m-rt (feature `paint-stack`) fills the stack with
/// [`STACK_PAINT_VALUE`] at reset; the lowest word that no longer holds it is as deep as the stack
/// has gone. (A stack word that happens to equal the paint would be missed; it does not matter
/// for an estimate.)
fn stack_used() -> StackUse {
    unsafe extern "C" {
        // From cortex-m-rt's link.x: the stack grows down from `_stack_start` to `_stack_end`.
        static _stack_start: u32;
        static _stack_end: u32;
    }
    let top = (&raw const _stack_start).addr();
    let bottom = (&raw const _stack_end).addr();
    let mut address = bottom;
    while address < top {
        let word = core::ptr::with_exposed_provenance::<u32>(address);
        // SAFETY: `address` is a word-aligned address in RAM between `_stack_end` and
        // `_stack_start`, which the linker script reserves for the stack; reading it has no effect.
        if unsafe { word.read_volatile() } != STACK_PAINT_VALUE {
            break;
        }
        address += 4;
    }
    StackUse {
        used: top - address,
        size: top - bottom,
    }
}

/// What went wrong on the device.
enum Failure {
    TotalTooLarge,
    Table(TableError),
    TooManyRows(usize),
    Allocation(AllocationError),
    SumOverflow,
    SumMismatch { sum: Ore, total: Ore },
    NoReport { at: usize },
    ReportTooLong { length: usize, room: usize },
    ReceivedUnreadable { length: usize },
    Received(&'static str, InstantError),
    JsonTooLong,
    JsonNotUtf8,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::TotalTooLarge => write!(f, "{TOTAL_KRONOR} kr does not fit in öre"),
            Failure::Table(e) => write!(f, "the annex: {e}"),
            Failure::TooManyRows(rows) => {
                write!(
                    f,
                    "the annex has {rows} rows; the firmware has room for {MAX_ROWS}"
                )
            }
            Failure::Allocation(e) => write!(f, "the split: {e}"),
            Failure::SumOverflow => f.write_str("the parts overflow when summed"),
            Failure::SumMismatch { sum, total } => {
                write!(f, "the parts sum to {sum}, not {total}")
            }
            Failure::NoReport { at } => write!(
                f,
                "no report at {at:#010x} (no `svfR` header): load one with QEMU's -device \
                 loader,file=UPLOAD,addr={at:#x},force-raw=on (scripts/cortex-m.sh)"
            ),
            Failure::ReportTooLong { length, room } => write!(
                f,
                "the upload's header gives a report of {length} bytes; the region has room for \
                 {room} after the header"
            ),
            Failure::ReceivedUnreadable { length } => write!(
                f,
                "the upload's received instant ({length} bytes) is longer than its \
                 {RECEIVED_ROOM} bytes of room or not UTF-8"
            ),
            Failure::Received(text, e) => write!(f, "the received instant \"{text}\": {e}"),
            Failure::JsonTooLong => write!(
                f,
                "a piece of the assessment's JSON does not fit in {PIECE_BYTES} bytes"
            ),
            Failure::JsonNotUtf8 => f.write_str("the assessment's JSON is not UTF-8"),
        }
    }
}

/// Required of a `no_std` program, but not called: the release profile's panic strategy is
/// `immediate-abort` (Cargo.toml), so a panic traps at once and [`hard_fault`] reports it.
#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    hprintln!("panic: {}", info);
    debug::exit(debug::EXIT_FAILURE);
    halt()
}

// The HardFault handler, in place of cortex-m-rt's endless loop: a stack that overflowed RAM (the
// Cortex-M0's 16 KiB) faults below its end, and the processor pushed the exception's frame
// there too, so no Rust code can run on that stack. This sets the stack pointer back to the top
// of the stack (nothing returns from here, so what the stack held no longer matters) and calls
// `hard_fault` with the stack pointer as the fault left it.
core::arch::global_asm!(
    ".section .HardFault.svf, \"ax\"",
    ".global HardFault",
    ".type HardFault, %function",
    ".thumb_func",
    "HardFault:",
    "mrs r0, msp",
    "ldr r1, =_stack_start",
    "mov sp, r1",
    "bl {report}",
    ".ltorg",
    report = sym hard_fault,
);

/// Says that a HardFault happened, and whether the stack had overflowed (the stack pointer
/// `sp` below the stack's end), and exits with failure. Prints through a semihosting handle of
/// its own: the one `hprintln!` keeps is in RAM an overflow may have overwritten.
extern "C" fn hard_fault(sp: usize) -> ! {
    unsafe extern "C" {
        static _stack_start: u32;
        static _stack_end: u32;
    }
    let top = (&raw const _stack_start).addr();
    let bottom = (&raw const _stack_end).addr();
    if let Ok(mut out) = hio::hstdout() {
        let _ = if sp < bottom {
            writeln!(
                out,
                "error: HardFault: the stack overflowed: the stack pointer at {sp:#010x}, {} bytes \
                 below the end of the {}-byte stack ({bottom:#010x})",
                bottom - sp,
                top - bottom
            )
        } else {
            // With `panic = "immediate-abort"`, a panic traps and ends here too.
            writeln!(
                out,
                "error: HardFault (a panic or another fault), the stack pointer at {sp:#010x}"
            )
        };
    }
    debug::exit(debug::EXIT_FAILURE);
    halt()
}

/// Stops here if the debugger did not end the program.
fn halt() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}
