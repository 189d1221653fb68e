//! The payment tables as workbooks (`.xlsx`) for those who work in a spreadsheet: the same
//! [`Grid`] as the TSV beside it, with numbers as numbers (populations, kronor, shares) in
//! Swedish-readable formats, the header in bold, the totals' rows set apart.
//!
//! A workbook holds no clock: its creation time is fixed, and so the same table makes the
//! same bytes (the summary's outputs are compared and hashed, contract §3).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

use super::tables::{Cell, Grid};

/// Kronor, whole: `# ##0 kr` as a Swedish spreadsheet shows `#,##0`.
const KRONOR: &str = "#,##0\\ \"kr\"";
/// Kronor with öre.
const KRONOR_ORE: &str = "#,##0.00\\ \"kr\"";
/// A count, grouped.
const COUNT: &str = "#,##0";
/// A share, two decimals.
const SHARE: &str = "0.00%";

/// `grid` as a one-sheet workbook named `sheet` (at most 31 characters, as Excel allows).
///
/// # Errors
/// Those of the writer (a sheet name it refuses, say).
pub fn xlsx(grid: &Grid, sheet: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed time: the same table, the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("svf")
            .set_title(sheet),
    );
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet)?;
    let bold = Format::new().set_bold();
    // Each cell's format, for a region's row and for a total's (bold, a rule above).
    let formats = |base: Format| {
        (
            base.clone(),
            base.clone().set_num_format(COUNT),
            base.clone().set_num_format(SHARE),
            base.clone().set_num_format(KRONOR),
            base.set_num_format(KRONOR_ORE),
        )
    };
    let region = formats(Format::new());
    let total = formats(Format::new().set_bold().set_border_top(FormatBorder::Thin));
    for (column, heading) in (0u16..).zip(&grid.header) {
        worksheet.write_string_with_format(0, column, heading, &bold)?;
    }
    let first_total = grid.rows.len() - grid.closing.min(grid.rows.len());
    for ((row, cells), index) in (1u32..).zip(&grid.rows).zip(0..) {
        let (text, count, share, kronor, kronor_ore) = if index >= first_total {
            &total
        } else {
            &region
        };
        for (column, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(value) => {
                    worksheet.write_string_with_format(row, column, value, text)?;
                }
                // Exact: a population and a sum of them are far below 2^53.
                #[allow(clippy::cast_precision_loss)]
                Cell::Count(n) => {
                    worksheet.write_number_with_format(row, column, *n as f64, count)?;
                }
                // The share as shown (rounded half up to hundredths of a per cent), so the
                // workbook and the TSV agree to the digit.
                #[allow(clippy::cast_precision_loss)]
                Cell::Share(s) => {
                    let fraction = s.hundredths() as f64 / 10_000.0;
                    worksheet.write_number_with_format(row, column, fraction, share)?;
                }
                // Exact: whole kronor of any payment, and öre in hundredths, are far below
                // 2^53; a spreadsheet reads kronor, so kronor are written.
                #[allow(clippy::cast_precision_loss)]
                Cell::Amount { ore, show_ore } => {
                    let (value, format) = if *show_ore {
                        (ore.0 as f64 / 100.0, kronor_ore)
                    } else {
                        ((ore.0 / 100) as f64, kronor)
                    };
                    worksheet.write_number_with_format(row, column, value, format)?;
                }
                Cell::Empty => {}
            }
        }
    }
    worksheet.set_column_width(1, 24)?;
    for column in 2..u16::try_from(grid.header.len()).unwrap_or(u16::MAX) {
        worksheet.set_column_width(column, 18)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::tables::{AnnexRow, annex_layout};
    use svf_kernel::Ore;

    #[test]
    fn the_same_table_makes_the_same_bytes() {
        let rows = [AnnexRow {
            code: "01",
            name: "Stockholm",
            weight: 2_455_914,
            amount: Ore(4_245_290_800),
        }];
        let grid = annex_layout("Befolkning", &rows, Ore(4_245_290_800), false);
        let first = xlsx(&grid, "Bilaga").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(first, xlsx(&grid, "Bilaga").unwrap());
        assert_eq!(&first[..2], b"PK", "a zip file");
    }
}
