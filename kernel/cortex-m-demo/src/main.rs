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
//! Run with `scripts/cortex-m.sh` from the repository root (QEMU, lm3s6965evb).
#![no_std]
#![no_main]

use core::fmt;
use core::panic::PanicInfo;

use cortex_m_rt::{STACK_PAINT_VALUE, entry};
use cortex_m_semihosting::{debug, hprintln};
use svf_kernel::{AllocationError, Ore, Table, TableError, allocate};

/// The published annex: codes, regions, populations (and the amounts, which are not read).
const ANNEX: &str = include_str!("../../../tests/data/annex-2024-second-payment.tsv");
/// The amount the annex splits, in kronor.
const TOTAL_KRONOR: i64 = 182_500_000;
/// Room for the rows; Sweden has 21 regions.
const MAX_ROWS: usize = 32;

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
    Ok(())
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
