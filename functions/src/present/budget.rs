//! The budget for people (a text table, Swedish numbers) and for programs (TSV, amounts in
//! öre). Writing only: every amount was decided by [`Budget::compute`].

use std::borrow::Cow;
use std::io::{self, Write};

use svf_kernel::Ore;
use svf_kernel::money::Grouped;

use crate::model::budget::{Allotment, Budget, Item, PaidTo, Recipient, SplitBy, share};

/// How the output names the files a budget was made from (`data/rcc-regions.csv (inbyggd)`).
///
/// Invariant: none beyond its fields'; each is shown as it is.
#[derive(Clone, Copy, Debug)]
pub struct Labels<'a> {
    /// The allocation.
    pub agreement: &'a str,
    /// The population table.
    pub populations: &'a str,
    /// The RCC table.
    pub rcc: &'a str,
}

/// Who is paid, as the budget names them: a region as the population table spells it, `RCC
/// Väst`, `regionerna`, `RCC via SKR`, `SKR (RCC i samverkan)`.
pub fn recipient(recipient: &Recipient) -> Cow<'_, str> {
    match recipient {
        Recipient::Region { name, .. } => Cow::Borrowed(name),
        Recipient::Rcc(rcc) => Cow::Owned(format!("RCC {}", rcc.name())),
        Recipient::Regions => Cow::Borrowed("regionerna"),
        Recipient::RccViaSkr => Cow::Borrowed("RCC via SKR"),
        Recipient::Skr => Cow::Borrowed("SKR (RCC i samverkan)"),
    }
}

/// How an item is paid and split, in Swedish.
fn describe(item: &Item, centres: usize, conditional_known: bool) -> String {
    match (item.paid_to, item.split) {
        (PaidTo::Regions, SplitBy::Population) => "till regionerna efter befolkningsmängd".into(),
        (PaidTo::Regions, SplitBy::ConditionalPopulation) if conditional_known => {
            "till regionerna efter befolkningsmängd, villkorat: delat mellan de regioner som \
             uppfyller årets villkor enligt bedömningarna och besluten; de andra får 0 kr"
                .into()
        }
        (PaidTo::Regions, SplitBy::ConditionalPopulation) => {
            "till regionerna efter befolkningsmängd, villkorat: bara de regioner som uppfyller \
             årets villkor får del, efter befolkningsmängd bland dem; här delarna om alla gör det"
                .into()
        }
        (PaidTo::Regions, _) => "till regionerna, lika delar".into(),
        (PaidTo::Rcc, SplitBy::Equal) => format!("till de {centres} RCC via SKR, lika delar"),
        (PaidTo::Rcc, SplitBy::Whole) => {
            "till RCC via SKR; överenskommelsen delar inte upp posten: hela beloppet".into()
        }
        (PaidTo::Rcc, _) => format!("till de {centres} RCC via SKR efter befolkningsmängd"),
        (PaidTo::Skr, _) => "till SKR (RCC i samverkan): hela beloppet".into(),
    }
}

/// Writes rows of cells in columns; `right[i]` aligns column `i` to the right.
fn write_grid(
    out: &mut impl Write,
    indent: &str,
    rows: &[Vec<String>],
    right: &[bool],
) -> io::Result<()> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::from(indent);
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(widths[i] - cell.chars().count());
            if right.get(i).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// The human layout: a heading with the sources, one block per item, a summary per recipient,
/// the total and its check.
///
/// # Errors
/// The output's, or [`io::Error::other`] when a sum is beyond the range of [`Ore`].
pub fn write_table(out: &mut impl Write, budget: &Budget, labels: Labels<'_>) -> io::Result<()> {
    let agreement = budget.agreement();
    writeln!(
        out,
        "Överenskommelsen {}: {} i {} poster",
        budget.year(),
        agreement.total,
        agreement.items.len()
    )?;
    writeln!(out, "Poster: {}", labels.agreement)?;
    writeln!(
        out,
        "Befolkning: {}, kolumnen \"{}\"",
        labels.populations,
        budget.population_header()
    )?;
    writeln!(out, "RCC: {}", labels.rcc)?;
    let needs_halland = agreement
        .items
        .iter()
        .any(|i| i.paid_to == PaidTo::Rcc && i.split == SplitBy::Population);
    match budget.halland() {
        Some(split) => {
            let parts: Vec<String> = split
                .parts
                .iter()
                .map(|part| {
                    format!(
                        "RCC {} {} ({})",
                        part.rcc,
                        Grouped(part.population),
                        part.municipalities.join(", ")
                    )
                })
                .collect();
            writeln!(
                out,
                "Halland efter kommun: {}: {}",
                split.file,
                parts.join("; ")
            )?;
        }
        None if !needs_halland => {}
        None => writeln!(
            out,
            "Halland efter kommun: saknas (--halland FIL); Halland hör till RCC Syd och RCC Väst \
             efter kommun, så RCC:s befolkning kan inte beräknas"
        )?,
    }
    writeln!(
        out,
        "Varje post delas i hela kronor med största-rest-metoden; delarna summerar exakt till posten."
    )?;
    for (number, (item, allotment)) in budget.items().enumerate() {
        writeln!(out)?;
        writeln!(out, "{:>2}. {}: {}", number + 1, item.name, item.amount)?;
        writeln!(
            out,
            "    {}",
            describe(item, budget.centres().len(), budget.conditional_known())
        )?;
        write_allotment(out, item, allotment)?;
    }
    writeln!(out)?;
    write_summary(out, budget)
}

/// One item's lines.
fn write_allotment(out: &mut impl Write, item: &Item, allotment: &Allotment) -> io::Result<()> {
    match allotment {
        Allotment::Split {
            portions: parts,
            weight_sum,
        } => {
            let has_code = parts.iter().any(|p| p.region().is_some());
            let by_population = item.split != SplitBy::Equal;
            let mut rows = Vec::with_capacity(parts.len() + 2);
            let mut heading = Vec::new();
            if has_code {
                heading.push("Kod".to_owned());
            }
            heading.push(if has_code { "Region" } else { "Mottagare" }.to_owned());
            if by_population {
                heading.push("Befolkning".to_owned());
            }
            heading.extend(["Andel".to_owned(), "Belopp".to_owned()]);
            rows.push(heading);
            for part in parts {
                let mut row = Vec::new();
                if has_code {
                    row.push(part.region().map_or("", |r| r.code()).to_owned());
                }
                row.push(recipient(&part.recipient).into_owned());
                if by_population {
                    row.push(Grouped(part.weight).to_string());
                }
                row.push(part.share.to_string());
                row.push(part.amount.to_string());
                rows.push(row);
            }
            let mut total = Vec::new();
            if has_code {
                total.push(String::new());
            }
            total.push("Summa".to_owned());
            if by_population {
                total.push(Grouped(*weight_sum).to_string());
            }
            total.push(share(*weight_sum, *weight_sum).to_string());
            total.push(item.amount.to_string());
            rows.push(total);
            let mut right = Vec::new();
            if has_code {
                right.push(false);
            }
            right.push(false);
            if by_population {
                right.push(true);
            }
            right.extend([true, true]);
            write_grid(out, "    ", &rows, &right)
        }
        Allotment::Whole { recipient: whole } => write_grid(
            out,
            "    ",
            &[vec![recipient(whole).into_owned(), item.amount.to_string()]],
            &[false, true],
        ),
        Allotment::Unsplit => writeln!(
            out,
            "    EJ FÖRDELAD: Hallands befolkning per kommun saknas (--halland FIL); {} odelat",
            item.amount
        ),
    }
}

/// Per recipient: every region, every RCC, what went to RCC via SKR or to SKR as a whole, what
/// could not be split; then the total and its check against the agreement.
fn write_summary(out: &mut impl Write, budget: &Budget) -> io::Result<()> {
    let items = budget.items();
    let mut regions = vec![Ore::ZERO; budget.regions().len()];
    let mut centres = vec![Ore::ZERO; budget.centres().len()];
    let mut groups = [Ore::ZERO; 3];
    let (mut rcc_whole, mut unsplit) = (Ore::ZERO, Ore::ZERO);
    let add = |a: Ore, b: Ore| {
        a.checked_add(b)
            .ok_or_else(|| io::Error::other("sum overflow"))
    };
    for (item, allotment) in items {
        let group = match item.paid_to {
            PaidTo::Regions => 0,
            PaidTo::Rcc => 1,
            PaidTo::Skr => 2,
        };
        groups[group] = add(groups[group], item.amount)?;
        match allotment {
            Allotment::Split {
                portions: parts, ..
            } => {
                let sums = if item.paid_to == PaidTo::Regions {
                    &mut regions
                } else {
                    &mut centres
                };
                for (sum, part) in sums.iter_mut().zip(parts) {
                    *sum = add(*sum, part.amount)?;
                }
            }
            Allotment::Whole { .. } if item.paid_to == PaidTo::Rcc => {
                rcc_whole = add(rcc_whole, item.amount)?;
            }
            Allotment::Whole { .. } => {}
            Allotment::Unsplit => unsplit = add(unsplit, item.amount)?,
        }
    }
    let mut rows: Vec<Vec<String>> = vec![vec!["Per mottagare".into(), String::new()]];
    rows.push(vec!["  Regionerna".into(), groups[0].to_string()]);
    for (region, amount) in budget.regions().iter().zip(&regions) {
        rows.push(vec![
            format!("    {}  {}", region.region.code(), region.name),
            amount.to_string(),
        ]);
    }
    rows.push(vec!["  RCC via SKR".into(), groups[1].to_string()]);
    for (centre, amount) in budget.centres().iter().zip(&centres) {
        rows.push(vec![
            format!("    RCC {}", centre.name()),
            amount.to_string(),
        ]);
    }
    if rcc_whole != Ore::ZERO {
        rows.push(vec![
            "    poster som inte delas upp på RCC".into(),
            rcc_whole.to_string(),
        ]);
    }
    if unsplit != Ore::ZERO {
        rows.push(vec![
            "    EJ FÖRDELAT: Hallands befolkning per kommun saknas".into(),
            unsplit.to_string(),
        ]);
    }
    rows.push(vec![
        "  SKR (RCC i samverkan)".into(),
        groups[2].to_string(),
    ]);
    let total = budget
        .total()
        .map_err(|e| io::Error::other(e.to_string()))?;
    rows.push(vec!["Totalt".into(), total.to_string()]);
    write_grid(out, "", &rows, &[false, true])?;
    let verdict = if total == budget.agreement().total {
        "summan stämmer"
    } else {
        "SUMMAN STÄMMER INTE"
    };
    writeln!(
        out,
        "Överenskommelsens totalbelopp enligt {}, rad {}: {}; {verdict}.",
        budget.agreement_file(),
        budget.agreement().total_line,
        budget.agreement().total
    )?;
    if unsplit != Ore::ZERO {
        writeln!(
            out,
            "Ofullständigt: {unsplit} kunde inte fördelas på RCC (se ovan)."
        )?;
    }
    Ok(())
}

/// A field for the TSV: tabs and line breaks would break the row.
fn tsv_field(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// The machine layout: one row per item and recipient.
///
/// # Errors
/// The output's.
pub fn write_tsv(out: &mut impl Write, budget: &Budget) -> io::Result<()> {
    writeln!(
        out,
        "item\titem_name\tpaid_to\tsplit\tcode\trecipient\tweight\tamount_ore\tstatus"
    )?;
    for (number, (item, allotment)) in budget.items().enumerate() {
        let head = format!(
            "{}\t{}\t{}\t{}",
            number + 1,
            tsv_field(&item.name),
            item.paid_to.word(),
            item.split.word()
        );
        match allotment {
            Allotment::Split {
                portions: parts, ..
            } => {
                for part in parts {
                    writeln!(
                        out,
                        "{head}\t{}\t{}\t{}\t{}\tsplit",
                        tsv_field(part.region().map_or("", |r| r.code())),
                        tsv_field(&recipient(&part.recipient)),
                        part.weight,
                        part.amount.0
                    )?;
                }
            }
            Allotment::Whole { recipient: whole } => {
                writeln!(
                    out,
                    "{head}\t\t{}\t\t{}\twhole",
                    recipient(whole),
                    item.amount.0
                )?;
            }
            Allotment::Unsplit => writeln!(out, "{head}\t\t\t\t{}\tunsplit", item.amount.0)?,
        }
    }
    Ok(())
}
