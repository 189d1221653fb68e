//! The svf kernel on a Cortex-M3: the 2024 annex split on the device.
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
//! Then it reads the example report `spec/examples/2024-01-stockholm.json` (also embedded),
//! assesses it as received at 2024-09-27T08:00:00Z under the rules of its year, and prints the
//! assessment (`svf-assessment/1`, compact JSON, written piece by piece through a 2 KiB buffer)
//! as one `assessment<TAB>JSON` line, which the script compares with the host's `svf assess`. The stack is measured for each step apart
//! (the `# stack:` remarks).
//!
//! Run with `scripts/cortex-m.sh` from the repository root (QEMU, lm3s6965evb).
#![no_std]
#![no_main]

use core::fmt;
use core::panic::PanicInfo;

use cortex_m_rt::{STACK_PAINT_VALUE, entry};
use cortex_m_semihosting::{debug, hprint, hprintln};
use svf_kernel::assessment::{Assessment, Pieces, Receipt};
use svf_kernel::report::{Rejection, Report};
use svf_kernel::rules::Rules;
use svf_kernel::time::{Instant, InstantError};
use svf_kernel::{AllocationError, Ore, Table, TableError, allocate};

/// The published annex: codes, regions, populations (and the amounts, which are not read).
const ANNEX: &str = include_str!("../../../tests/data/annex-2024-second-payment.tsv");
/// The amount the annex splits, in kronor.
const TOTAL_KRONOR: i64 = 182_500_000;
/// Room for the rows; Sweden has 21 regions.
const MAX_ROWS: usize = 32;
/// The example report the device assesses.
const REPORT: &[u8] = include_bytes!("../../../spec/examples/2024-01-stockholm.json");
/// When the report is taken to have been received (before the 2024 deadline, 30 September).
const RECEIVED: &str = "2024-09-27T08:00:00Z";
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

    // The assessment step, measured apart: the paint the annex step scrubbed is put back first.
    let received = Instant::parse_rfc3339(RECEIVED).map_err(Failure::Received)?;
    repaint_stack();
    let assess_stack = assessment_step(received)?;
    hprintln!(
        "# stack: {} bytes used while reading, assessing and writing the report, of {} bytes",
        assess_stack.used,
        assess_stack.size
    );
    Ok(())
}

/// Reads, assesses and writes the example report, prints its `assessment` line, and returns
/// how deep the stack went before the printing.
///
/// Each stage has a frame of its own (`#[inline(never)]`), so that the stack holds one stage's
/// temporaries at a time: here only the assessment (about 2 KiB); the JSON's piece buffer is
/// in [`print_assessment`]'s frame, off the stack while the report is read (the deepest part).
#[inline(never)]
fn assessment_step(received: Instant) -> Result<StackUse, Failure> {
    let assessment = assess(REPORT, received);
    print_assessment(&assessment)
}

/// Reads the report and assesses it under its year's rules as received at `received`: what
/// [`Assessment::of_bytes`] does, the report read in place ([`Report::parse_into`]) and the
/// judging in a frame of its own. A report the kernel
/// rejects is not an error here: its assessment says so (`"status":"rejected"`), as on the host.
#[inline(never)]
fn assess(report: &[u8], received: Instant) -> Assessment {
    // Read in place, so that only this one report is on the stack.
    let mut read = Report::placeholder();
    match Report::parse_into(report, &mut read) {
        Ok(()) => judge(&read, received),
        Err(rejection) => refuse(&rejection, received),
    }
}

/// The assessment of a rejected report.
#[inline(never)]
fn refuse(rejection: &Rejection, received: Instant) -> Assessment {
    Assessment::rejected(
        rejection.year,
        rejection.region,
        received,
        &rejection.errors,
    )
}

/// Assesses the report under its year's rules.
#[inline(never)]
fn judge(report: &Report, received: Instant) -> Assessment {
    Assessment::of(report, &Rules::of(report.year), Receipt::new(received))
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
    Received(InstantError),
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
            Failure::Received(e) => write!(f, "the received instant \"{RECEIVED}\": {e}"),
            Failure::JsonTooLong => write!(
                f,
                "a piece of the assessment's JSON does not fit in {PIECE_BYTES} bytes"
            ),
            Failure::JsonNotUtf8 => f.write_str("the assessment's JSON is not UTF-8"),
        }
    }
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    hprintln!("panic: {}", info);
    debug::exit(debug::EXIT_FAILURE);
    halt()
}

/// Stops here if the debugger did not end the program.
fn halt() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}
