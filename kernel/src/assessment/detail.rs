//! A condition's words for people in Swedish (contract §4 `required` and `detail`), made from
//! its figures each time they are written: the same figures the verdict was decided on, so the
//! words can never say other than the decision.

use core::fmt;

use super::{Condition, Figures};
use crate::percent::Percent;
use crate::vocabulary::{ConditionId, SectionName, SpecialReport};

/// The requirement of a condition with a goal: `70 %`, `bättre än utgångsläget eller minst
/// 80 %`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Required {
    goal: u8,
    lead_time: bool,
}

impl Required {
    pub(super) fn of(c: &Condition) -> Option<Required> {
        let lead_time = match c.id {
            ConditionId::Inclusion => false,
            ConditionId::LeadTime(_) => true,
            _ => return None,
        };
        c.goal_percent.map(|goal| Required { goal, lead_time })
    }
}

impl fmt::Display for Required {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let goal = self.goal;
        if self.lead_time {
            write!(f, "bättre än utgångsläget eller minst {goal} %")
        } else {
            write!(f, "{goal} %")
        }
    }
}

/// The verdict of a condition in Swedish with its margin:
/// `6009 av 7412 nya fall i SVF; 820 fler än kravet`.
#[derive(Clone, Copy, Debug)]
pub struct Detail<'c>(&'c Condition);

impl<'c> Detail<'c> {
    /// `None` where there is nothing to add to the verdict (PREM used, a special report
    /// written, a deadline the rules cannot place).
    pub(super) fn of(c: &'c Condition) -> Option<Detail<'c>> {
        let said = !matches!(
            (&c.id, c.met, c.figures),
            (
                ConditionId::Prem | ConditionId::SpecialReport(_),
                Some(true),
                _
            ) | (ConditionId::Deadline, _, Figures::None)
        );
        said.then_some(Detail(c))
    }
}

impl fmt::Display for Detail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        match (&c.id, c.figures) {
            (
                ConditionId::Inclusion,
                Figures::Inclusion {
                    in_svf,
                    new_cases,
                    needed,
                },
            ) => {
                write!(f, "{in_svf} av {new_cases} nya fall i SVF; ")?;
                match in_svf.checked_sub(needed) {
                    Some(0) => f.write_str("precis på kravet"),
                    Some(margin) => write!(f, "{margin} fler än kravet"),
                    None => write!(
                        f,
                        "{} fler patienter i SVF behövs för att nå kravet",
                        needed - in_svf
                    ),
                }
            }
            (ConditionId::Inclusion, _) => f.write_str("uppgift saknas om nya fall och fall i SVF"),
            (ConditionId::Prem, _) if c.met == Some(false) => {
                f.write_str("regionen använder inte PREM i uppföljningen av SVF")
            }
            (ConditionId::Prem, _) => f.write_str("uppgift saknas om PREM används (prem.used)"),
            (
                ConditionId::Deadline,
                Figures::Deadline {
                    received,
                    first_received,
                    last_day,
                },
            ) => {
                if first_received == received {
                    write!(f, "inkom {received}, senast {last_day}")?;
                } else {
                    write!(
                        f,
                        "inkom första gången {first_received}, denna version {received}, senast {last_day}"
                    )?;
                }
                if c.met == Some(false) {
                    f.write_str("; för sent")?;
                }
                Ok(())
            }
            (ConditionId::SpecialReport(special), _) => {
                let (section, swedish) = match special {
                    SpecialReport::Colorectal => {
                        (SectionName::Colorectal, "tjock- och ändtarmscancer")
                    }
                    SpecialReport::Myeloma => (SectionName::Myeloma, "myelom"),
                };
                write!(
                    f,
                    "särskild redovisning om {swedish} saknas (narrative.{})",
                    section.as_str()
                )
            }
            (
                ConditionId::LeadTime(_),
                Figures::LeadTime {
                    within,
                    patients,
                    baseline,
                    reaches_goal,
                },
            ) => {
                write!(f, "{within} av {patients} inom maxtid; ")?;
                let improved = if let Some(base) = baseline {
                    match Percent::of(u64::from(base.within), u64::from(base.patients)) {
                        Some(rate) => write!(
                            f,
                            "utgångsläge {} av {} ({rate}); ",
                            base.within, base.patients
                        )?,
                        None => f.write_str("utgångsläget har inga patienter; ")?,
                    }
                    // Below the goal, met exactly when improved on the baseline.
                    Some(c.met == Some(true))
                } else {
                    f.write_str("utgångsläge saknas; ")?;
                    None
                };
                f.write_str(match (reaches_goal, improved) {
                    (true, _) => "når ledtidsmålet",
                    (false, Some(true)) => "förbättrat",
                    (false, Some(false)) => "inte förbättrat och under ledtidsmålet",
                    (false, None) => "under ledtidsmålet; utgångsläge behövs",
                })
            }
            (ConditionId::LeadTime(_), Figures::NoPatients) => f.write_str(match c.met {
                Some(true) => "inga patienter under perioden; kravet gäller inte",
                _ => "inga patienter under perioden; räknas enligt årets regler som inte uppfyllt",
            }),
            (ConditionId::LeadTime(_), _) => f.write_str("uppgift saknas om ledtider"),
            (ConditionId::Deadline, _) => Ok(()),
        }
    }
}
