//! Who may do what through the front door (contract §10): a user's one group in the agency's
//! user pool, read from the token the pool signed, as a [`Role`], and what each role may read
//! and write. The region or RCC a user acts for is always the group's, never the request's.
//!
//! | group | role | writes | reads |
//! |---|---|---|---|
//! | `region-{code}` | [`Role::Region`] | its reports (`reports/{year}/{code}/`) | its notifications |
//! | `rcc-{rcc}` | [`Role::Rcc`] | its reports (`reports/{year}/rcc/{rcc}/`) | its notifications |
//! | `assessor` | [`Role::Assessor`] | region decisions, payment decisions | every summary |
//! | `finance` | [`Role::Finance`] | nothing | every summary |

use std::fmt;

use svf_kernel::rcc::Rcc;
use svf_kernel::region::{Region, Year};

use crate::contract::layout;

/// What a user of the front door is: exactly one of the pool's groups.
///
/// Invariant: built only from a group's name ([`Role::from_groups`]), so a region or RCC here
/// is one the pool put the user in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// A region's SVF coordinator: uploads the region's reports, reads its notifications.
    Region(Region),
    /// An RCC's staff: uploads the RCC's reports on the special investments.
    Rcc(Rcc),
    /// The agency's assessor: reads every summary, records decisions.
    Assessor,
    /// The agency's finance staff: reads every summary, writes nothing.
    Finance,
}

/// Why a user's groups give no role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleError {
    /// The user is in no group (a new account not yet placed).
    NoGroup,
    /// A group this version does not know (`region-99`, `admin`).
    Unknown(String),
    /// More than one group: which one a request acts for would be a guess.
    Several(Vec<String>),
}

impl fmt::Display for RoleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RoleError::NoGroup => f.write_str("the user is in no group"),
            RoleError::Unknown(group) => write!(f, "the group {group:?} is not one of svf's"),
            RoleError::Several(groups) => write!(f, "the user is in several groups: {groups:?}"),
        }
    }
}

/// The group prefix of a region's users.
const REGION_GROUP: &str = "region-";
/// The group prefix of an RCC's users.
const RCC_GROUP: &str = "rcc-";
/// The assessors' group.
const ASSESSOR_GROUP: &str = "assessor";
/// The finance staff's group.
const FINANCE_GROUP: &str = "finance";

impl Role {
    /// Every role there is, in the order the template creates their groups: the 21 regions,
    /// the six RCC, the assessors, finance.
    pub fn all() -> impl Iterator<Item = Role> {
        Region::ALL
            .into_iter()
            .map(Role::Region)
            .chain(Rcc::ALL.into_iter().map(Role::Rcc))
            .chain([Role::Assessor, Role::Finance])
    }

    /// The role of a user in `groups` (the token's `cognito:groups`): exactly one, and one of
    /// svf's.
    ///
    /// # Errors
    /// [`RoleError`] for no group, an unknown one, or several.
    pub fn from_groups<S: AsRef<str>>(groups: &[S]) -> Result<Role, RoleError> {
        match groups {
            [] => Err(RoleError::NoGroup),
            [group] => Role::of_group(group.as_ref())
                .ok_or_else(|| RoleError::Unknown(group.as_ref().to_owned())),
            several => Err(RoleError::Several(
                several.iter().map(|g| g.as_ref().to_owned()).collect(),
            )),
        }
    }

    /// The role a group's name gives, exactly as [`Role::group`] writes it.
    fn of_group(group: &str) -> Option<Role> {
        match group {
            ASSESSOR_GROUP => Some(Role::Assessor),
            FINANCE_GROUP => Some(Role::Finance),
            _ => {
                if let Some(code) = group.strip_prefix(REGION_GROUP) {
                    // Two digits exactly, as the template names them: `region-1` is no group.
                    Region::ALL
                        .into_iter()
                        .find(|r| r.code() == code)
                        .map(Role::Region)
                } else {
                    group
                        .strip_prefix(RCC_GROUP)
                        .and_then(Rcc::parse)
                        .map(Role::Rcc)
                }
            }
        }
    }

    /// The pool's group of this role: `region-25`, `rcc-norr`, `assessor`, `finance`.
    pub fn group(self) -> String {
        match self {
            Role::Region(region) => format!("{REGION_GROUP}{}", region.code()),
            Role::Rcc(rcc) => format!("{RCC_GROUP}{rcc}"),
            Role::Assessor => ASSESSOR_GROUP.to_owned(),
            Role::Finance => FINANCE_GROUP.to_owned(),
        }
    }

    /// Where an upload of this role's report of `year` named `name` goes, or `None` for a role
    /// that uploads no reports.
    pub fn report_key(self, year: Year, name: &str) -> Option<String> {
        match self {
            Role::Region(region) => Some(layout::report_key(year, region, name)),
            Role::Rcc(rcc) => Some(layout::rcc_report_key(year, rcc, name)),
            Role::Assessor | Role::Finance => None,
        }
    }

    /// Where this role's notifications of `year` are, or `None` for a role that gets none.
    pub fn notifications_prefix(self, year: Year) -> Option<String> {
        match self {
            Role::Region(region) => Some(layout::notifications_prefix(year, Some(region))),
            Role::Rcc(rcc) => Some(layout::rcc_notifications_prefix(year, rcc)),
            Role::Assessor | Role::Finance => None,
        }
    }

    /// Whether the role uploads reports (a region's or an RCC's users).
    pub fn uploads_reports(self) -> bool {
        matches!(self, Role::Region(_) | Role::Rcc(_))
    }

    /// Whether the role reads the summaries of every year (the payments, pages, annexes).
    pub fn reads_summaries(self) -> bool {
        matches!(self, Role::Assessor | Role::Finance)
    }

    /// Whether the role records the agency's decisions on regions and the government's on
    /// payments.
    pub fn records_decisions(self) -> bool {
        self == Role::Assessor
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.group())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_is_read_back_from_its_group_and_nothing_else_is_a_role() {
        let roles: Vec<Role> = Role::all().collect();
        assert_eq!(roles.len(), 21 + 6 + 2);
        for role in &roles {
            assert_eq!(Role::from_groups(&[role.group()]), Ok(*role));
        }
        for stranger in [
            "region-1",
            "region-026",
            "region-99",
            "region-",
            "Region-25",
            "rcc-",
            "rcc-Norr",
            "rcc-norr ",
            "assessors",
            "Assessor",
            "admin",
            "",
            "region-25/..",
        ] {
            assert_eq!(
                Role::from_groups(&[stranger]),
                Err(RoleError::Unknown(stranger.to_owned())),
                "{stranger:?}"
            );
        }
    }

    #[test]
    fn no_group_or_two_groups_give_no_role() {
        assert_eq!(Role::from_groups::<&str>(&[]), Err(RoleError::NoGroup));
        assert!(matches!(
            Role::from_groups(&["region-25", "assessor"]),
            Err(RoleError::Several(_))
        ));
        assert!(matches!(
            Role::from_groups(&["region-25", "region-25"]),
            Err(RoleError::Several(_))
        ));
    }

    #[test]
    fn a_region_writes_and_reads_only_under_its_own_prefixes() {
        let year = Year::Y2024;
        for region in Region::ALL {
            let role = Role::Region(region);
            let key = role.report_key(year, "a.json").unwrap();
            assert_eq!(key, format!("reports/2024/{}/a.json", region.code()));
            let mine = role.notifications_prefix(year).unwrap();
            for other in Region::ALL.into_iter().filter(|&r| r != region) {
                let theirs = Role::Region(other).notifications_prefix(year).unwrap();
                assert!(!theirs.starts_with(&mine) && !mine.starts_with(&theirs));
            }
            for rcc in Rcc::ALL {
                let theirs = Role::Rcc(rcc).notifications_prefix(year).unwrap();
                assert!(!theirs.starts_with(&mine) && !mine.starts_with(&theirs));
            }
            assert!(!role.reads_summaries() && !role.records_decisions());
        }
        assert_eq!(Role::Assessor.report_key(year, "a.json"), None);
        assert_eq!(Role::Finance.notifications_prefix(year), None);
        assert!(Role::Finance.reads_summaries() && !Role::Finance.records_decisions());
        assert!(Role::Assessor.reads_summaries() && Role::Assessor.records_decisions());
    }
}
