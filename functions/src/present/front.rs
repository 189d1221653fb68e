//! The front door's refusals in words (contract §10): why a request through the HTTPS API is
//! refused, in Swedish and in English. The API (`door`) decides the refusal and its HTTP
//! status; this module only words it.

use serde::Serialize;

use crate::contract::access::RoleError;

/// Why a token is not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    /// No `Authorization: Bearer …` header.
    Missing,
    /// Not a JSON web token, or not one signed with RS256 by a key of the pool.
    Signature,
    /// Past its expiry.
    Expired,
    /// Issued by another user pool.
    Issuer,
    /// Issued to another app of the pool.
    Client,
    /// An ID token or a refresh token where an access token is needed.
    Use,
}

/// Why a request is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The user is not signed in, or the token is not the pool's (401).
    Token(TokenProblem),
    /// The user's groups give no role (403).
    Role(RoleError),
    /// The user's role may not do this (403).
    NotYours,
    /// No such address, year or file (404).
    NotFound,
    /// The body is larger than the most a report may have (413).
    TooLarge {
        /// The most bytes taken.
        max: usize,
    },
    /// The body is not JSON at all (400): nothing stored.
    NotJson,
    /// The address is not plain: encoded characters, `.` or `..` segments, an empty segment
    /// (400).
    NotPlainAddress,
    /// A method the address does not take (405).
    Method,
    /// The page's origin is not the one the API serves (403).
    Origin,
    /// The store or the year's configuration failed; worth a retry (503).
    Unavailable,
}

impl Refusal {
    /// The refusal in Swedish.
    pub fn swedish(&self) -> String {
        match self {
            Refusal::Token(problem) => format!(
                "Du är inte inloggad, eller så gäller inte inloggningen: {}. Logga in igen.",
                match problem {
                    TokenProblem::Missing => "ingen inloggning följde med",
                    TokenProblem::Signature => "den är inte utfärdad av SVF:s kontotjänst",
                    TokenProblem::Expired => "den har gått ut",
                    TokenProblem::Issuer => "den är utfärdad av en annan kontotjänst",
                    TokenProblem::Client => "den är utfärdad till en annan app",
                    TokenProblem::Use => "det är inte en åtkomstbiljett",
                }
            ),
            Refusal::Role(RoleError::NoGroup) => {
                "Ditt konto hör inte till någon grupp ännu. Be myndigheten lägga till det i din regions, ditt RCC:s eller din funktions grupp.".to_owned()
            }
            Refusal::Role(RoleError::Unknown(group)) => format!(
                "Ditt konto hör till gruppen {group}, som SVF inte känner till. Be myndigheten rätta det."
            ),
            Refusal::Role(RoleError::Several(groups)) => format!(
                "Ditt konto hör till flera grupper ({}); ett konto får höra till en. Be myndigheten rätta det.",
                groups.join(", ")
            ),
            Refusal::NotYours => {
                "Det här får ditt konto inte göra: en region eller ett RCC når bara sina egna rapporter och aviseringar, ekonomi läser bara.".to_owned()
            }
            Refusal::NotFound => "Det finns inget här.".to_owned(),
            Refusal::TooLarge { max } => format!(
                "Filen är för stor: en rapport får vara högst {max} byte."
            ),
            Refusal::NotJson => {
                "Det skickade är inte JSON, så det är ingen rapport. Inget sparades.".to_owned()
            }
            Refusal::NotPlainAddress => {
                "Adressen är inte en av SVF:s: den innehåller kodade tecken, tomma delar eller . och ..".to_owned()
            }
            Refusal::Method => "Adressen tar inte emot den sortens anrop.".to_owned(),
            Refusal::Origin => "Sidan du kommer från får inte anropa SVF.".to_owned(),
            Refusal::Unavailable => {
                "SVF kunde inte nå lagringen just nu. Försök igen om en stund; inget gick förlorat.".to_owned()
            }
        }
    }

    /// The refusal in English.
    pub fn english(&self) -> String {
        match self {
            Refusal::Token(problem) => format!(
                "You are not signed in, or your sign-in is not valid: {}. Sign in again.",
                match problem {
                    TokenProblem::Missing => "no token came with the request",
                    TokenProblem::Signature => "it was not issued by svf's user pool",
                    TokenProblem::Expired => "it has expired",
                    TokenProblem::Issuer => "it was issued by another user pool",
                    TokenProblem::Client => "it was issued to another app",
                    TokenProblem::Use => "it is not an access token",
                }
            ),
            Refusal::Role(RoleError::NoGroup) => {
                "Your account is in no group yet. Ask the agency to add it to your region's, RCC's or function's group.".to_owned()
            }
            Refusal::Role(RoleError::Unknown(group)) => format!(
                "Your account is in the group {group}, which svf does not know. Ask the agency to correct it."
            ),
            Refusal::Role(RoleError::Several(groups)) => format!(
                "Your account is in several groups ({}); an account may be in one. Ask the agency to correct it.",
                groups.join(", ")
            ),
            Refusal::NotYours => {
                "Your account may not do this: a region or RCC reaches only its own reports and notifications, finance only reads.".to_owned()
            }
            Refusal::NotFound => "There is nothing here.".to_owned(),
            Refusal::TooLarge { max } => {
                format!("The file is too large: a report may have at most {max} bytes.")
            }
            Refusal::NotJson => {
                "What was sent is not JSON, so it is no report. Nothing was stored.".to_owned()
            }
            Refusal::NotPlainAddress => {
                "The address is not one of svf's: it has encoded characters, empty segments, or . and ..".to_owned()
            }
            Refusal::Method => "The address does not take this kind of request.".to_owned(),
            Refusal::Origin => "The page you come from may not call svf.".to_owned(),
            Refusal::Unavailable => {
                "svf could not reach its storage just now. Try again in a while; nothing was lost.".to_owned()
            }
        }
    }

    /// The refusal as the API's answer: `{"error": …, "message_sv": …, "message": …}`.
    pub fn body(&self) -> RefusalBody {
        RefusalBody {
            error: self.code(),
            message_sv: self.swedish(),
            message: self.english(),
        }
    }

    /// A stable code a program can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Token(TokenProblem::Missing) => "not_signed_in",
            Refusal::Token(_) => "token_not_valid",
            Refusal::Role(_) => "no_role",
            Refusal::NotYours => "forbidden",
            Refusal::NotFound => "not_found",
            Refusal::TooLarge { .. } => "too_large",
            Refusal::NotJson => "not_json",
            Refusal::NotPlainAddress => "address_not_plain",
            Refusal::Method => "method_not_allowed",
            Refusal::Origin => "origin_not_allowed",
            Refusal::Unavailable => "unavailable",
        }
    }
}

/// A refusal as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RefusalBody {
    /// [`Refusal::code`].
    pub error: &'static str,
    /// In Swedish, first: the users are Swedish.
    pub message_sv: String,
    /// In English.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_worded_in_both_languages_and_differently() {
        let problems = [
            TokenProblem::Missing,
            TokenProblem::Signature,
            TokenProblem::Expired,
            TokenProblem::Issuer,
            TokenProblem::Client,
            TokenProblem::Use,
        ];
        let mut refusals: Vec<Refusal> = problems.into_iter().map(Refusal::Token).collect();
        refusals.extend([
            Refusal::Role(RoleError::NoGroup),
            Refusal::Role(RoleError::Unknown("admin".into())),
            Refusal::Role(RoleError::Several(vec![
                "region-25".into(),
                "finance".into(),
            ])),
            Refusal::NotYours,
            Refusal::NotFound,
            Refusal::TooLarge { max: 1 << 20 },
            Refusal::NotJson,
            Refusal::NotPlainAddress,
            Refusal::Method,
            Refusal::Origin,
            Refusal::Unavailable,
        ]);
        let mut seen = std::collections::BTreeSet::new();
        for refusal in &refusals {
            let (sv, en) = (refusal.swedish(), refusal.english());
            assert!(!sv.is_empty() && !en.is_empty() && sv != en, "{refusal:?}");
            assert!(seen.insert(sv.clone()), "two refusals worded alike: {sv}");
        }
    }
}
