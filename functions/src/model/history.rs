//! The history of a year's payments (contract §9): what changed between the summary that stood
//! and the one made now, region by region and payment by payment, and the inputs written since.
//! Pure: the pipeline reads the standing `payments.json` and writes the change.

use std::collections::BTreeMap;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use svf_kernel::payments::Payments;

use crate::contract::history::{Figures, RegionChange, Write};
use crate::contract::layout;

/// A summary's figures: per region code and payment id, as `payments.json` has them.
pub type Standing = BTreeMap<(String, String), Figures>;

/// What the standing `payments.json` says that the history needs: its figures, the inputs it
/// was made from, and the latest change.
#[derive(Debug, Default, Deserialize)]
pub struct Previous {
    rows: Vec<PreviousRow>,
    /// Each input's key and version (absent in summaries made before it was kept).
    #[serde(default)]
    pub inputs: BTreeMap<String, String>,
    /// The latest change's key (absent before the first change was kept).
    #[serde(default)]
    pub change: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PreviousRow {
    code: String,
    eligible: BTreeMap<String, bool>,
    amounts_ore: BTreeMap<String, i64>,
}

impl Previous {
    /// Reads the standing `payments.json`.
    ///
    /// # Errors
    /// serde's reason, naming the field, when it is not one svf wrote.
    pub fn parse(bytes: &[u8]) -> Result<Previous, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    /// Its figures.
    pub fn figures(&self) -> Standing {
        let mut figures = Standing::new();
        for row in &self.rows {
            for (payment, amount) in &row.amounts_ore {
                let eligible = row.eligible.get(payment).copied().unwrap_or(false);
                figures.insert(
                    (row.code.clone(), payment.clone()),
                    Figures {
                        eligible,
                        amount_ore: *amount,
                    },
                );
            }
        }
        figures
    }
}

/// The figures of `payments`.
pub fn figures_of(payments: &Payments<'_>) -> Standing {
    let mut figures = Standing::new();
    for row in payments.rows() {
        for (index, (id, _)) in payments.payments().iter().enumerate() {
            figures.insert(
                (row.region.code().to_owned(), id.as_str().to_owned()),
                Figures {
                    eligible: row.eligible[index],
                    amount_ore: row.amounts[index].0,
                },
            );
        }
    }
    figures
}

/// Every figure that differs from `before` (`None`: the year had no summary yet, and every
/// figure is new), in region and payment order.
pub fn changes(before: Option<&Standing>, after: &Standing) -> Vec<RegionChange> {
    after
        .iter()
        .filter_map(|((region, payment), now)| {
            let was = before.and_then(|b| b.get(&(region.clone(), payment.clone())).copied());
            (was != Some(*now)).then(|| RegionChange {
                region: region.clone(),
                payment: payment.clone(),
                before: was,
                after: *now,
            })
        })
        .collect()
}

/// The inputs written, changed or removed between `before` and `now` (key to version).
pub fn writes(before: &BTreeMap<String, String>, now: &BTreeMap<String, String>) -> Vec<Write> {
    let mut writes: Vec<Write> = now
        .iter()
        .filter(|(key, version)| before.get(*key) != Some(*version))
        .map(|(key, version)| Write {
            key: key.clone(),
            version: Some(version.clone()),
        })
        .collect();
    writes.extend(
        before
            .keys()
            .filter(|key| !now.contains_key(*key))
            .map(|key| Write {
                key: key.clone(),
                version: None,
            }),
    );
    writes.sort_by(|a, b| a.key.cmp(&b.key));
    writes
}

/// A change's id: the same for the same summary left (its bytes) and the same figures and
/// writes made, so that a redelivered event writes the change it wrote before.
pub fn change_id(left: Option<&[u8]>, changes: &[RegionChange], writes: &[Write]) -> String {
    let mut hash = Sha256::new();
    hash.update(left.unwrap_or(b"no summary"));
    hash.update(serde_json::to_vec(&(changes, writes)).unwrap_or_default());
    let digest = layout::hex(&hash.finalize());
    digest[..24].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(rows: &[(&str, &str, bool, i64)]) -> Standing {
        rows.iter()
            .map(|(region, payment, eligible, amount)| {
                (
                    ((*region).to_owned(), (*payment).to_owned()),
                    Figures {
                        eligible: *eligible,
                        amount_ore: *amount,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn only_what_differs_is_a_change() {
        let before = standing(&[("01", "second", true, 100), ("25", "second", true, 50)]);
        let after = standing(&[("01", "second", true, 150), ("25", "second", false, 0)]);
        let found = changes(Some(&before), &after);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].region, "25");
        assert_eq!(found[1].before.unwrap().amount_ore, 50);
        assert!(!found[1].after.eligible);
        assert!(changes(Some(&after), &after).is_empty());
        // The first summary: every figure is new.
        assert_eq!(changes(None, &after).len(), 2);
    }

    #[test]
    fn writes_name_what_was_added_changed_or_removed() {
        let before: BTreeMap<String, String> = [("a", "1"), ("b", "1"), ("c", "1")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into();
        let now: BTreeMap<String, String> = [("a", "1"), ("b", "2"), ("d", "1")]
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .into();
        let found: Vec<(String, Option<String>)> = writes(&before, &now)
            .into_iter()
            .map(|w| (w.key, w.version))
            .collect();
        assert_eq!(
            found,
            [
                ("b".to_owned(), Some("2".to_owned())),
                ("c".to_owned(), None),
                ("d".to_owned(), Some("1".to_owned()))
            ]
        );
    }

    #[test]
    fn a_change_id_is_its_summary_left_and_made() {
        let after = standing(&[("01", "second", true, 150)]);
        let made = changes(None, &after);
        let id = change_id(Some(b"left"), &made, &[]);
        assert_eq!(id.len(), 24);
        assert_eq!(id, change_id(Some(b"left"), &made, &[]));
        assert_ne!(id, change_id(Some(b"other"), &made, &[]));
        assert_ne!(id, change_id(None, &made, &[]));
    }
}
