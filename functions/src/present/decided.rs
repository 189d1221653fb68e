//! Decided payments in words: why a record does not compute again, and where a published annex
//! differs from svf's computation.

use std::fmt;

use svf_kernel::payment_decision::AnnexDifference;

use crate::model::decided::VerifyError;

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Record(e) => write!(f, "{e}"),
            VerifyError::NoPopulations => {
                f.write_str("its basis has no population table to compute from")
            }
            VerifyError::Basis(key, why) => write!(f, "basis {key}: {why}"),
            VerifyError::Payments(e) => write!(f, "the payments cannot be computed: {e}"),
            VerifyError::Recorded(e) => write!(f, "{e}"),
            VerifyError::Differs {
                payment,
                region,
                recorded,
                computed,
            } => write!(
                f,
                "{payment}, region {} {}: recorded {recorded}, computed again {computed}",
                region.code(),
                region.name()
            ),
        }
    }
}

/// Each region where a published annex differs from svf's computation, for the agency:
/// `region 25: the annex says 4298214 kr, svf computes 0,00 kr; …`.
pub fn annex_differences(differences: &[AnnexDifference]) -> String {
    differences
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
