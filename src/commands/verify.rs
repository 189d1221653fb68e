//! `svf verify RECORD...`: computes each record's payment again from the basis it carries
//! (contract §9), with this build's kernel and without the bucket. Exit 0 when every öre
//! agrees; 1 naming the record, the payment, the region and both amounts of the first
//! difference, or a basis object whose bytes do not match their hash.

use std::io::Write;

use clap::Args;
use svf_functions::contract::record::Record;
use svf_functions::model::decided::verify;
use svf_kernel::money::Ore;

use crate::failure::Failure;
use crate::input;

/// Arguments of `svf verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Records (`svf-record/1`), `records/{year}/{payment}.json` of a bucket.
    #[arg(required = true)]
    records: Vec<String>,
}

/// Runs `svf verify`.
///
/// # Errors
/// [`Failure::Usage`] for an unreadable file; [`Failure::Refused`] for the first record that
/// cannot be read or does not compute its amounts again.
pub fn run(args: &VerifyArgs, out: &mut impl Write) -> Result<(), Failure> {
    for path in &args.records {
        let name = input::display_name(path);
        let bytes = input::read(path)?;
        let record = Record::parse(&bytes).map_err(|e| Failure::Refused(format!("{name}: {e}")))?;
        let amounts = verify(&record).map_err(|e| Failure::Refused(format!("{name}: {e}")))?;
        let paid = Ore(amounts.values().map(|a| a.0).sum());
        let regions = amounts.values().filter(|a| a.0 > 0).count();
        writeln!(
            out,
            "verified  {name}: {} {}, {} of {}: {paid} to {regions} regions, every öre computed \
             again from its {} basis objects",
            record.payment,
            record.agreement_year,
            record.case,
            record.decided_on,
            record.basis.len()
        )
        .map_err(|e| Failure::output(&e))?;
    }
    Ok(())
}
