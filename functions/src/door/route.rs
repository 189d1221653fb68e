//! The front door's addresses, read strictly: a path is plain ASCII segments of letters,
//! digits, `-`, `_` and `.`, none empty, none `.` or `..`, nothing percent-encoded. Anything
//! else is refused before any token is looked at or any key is built, so no spelling of a path
//! (`../01/`, `%2F`, a look-alike letter) reaches another prefix. The region or RCC an upload
//! is for is never in the path: it is the user's group.

use svf_kernel::region::{Region, Year};
use svf_kernel::vocabulary::PaymentId;

use crate::pipeline::front::DecisionOn;
use crate::present::front::Refusal;

/// A call the door knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `GET /config`.
    Config,
    /// `POST /reports/{year}`.
    Submit(Year),
    /// `GET /notifications/{year}`.
    Notifications(Year),
    /// `GET /notifications/{year}/{id}`.
    Notification(Year, String),
    /// `GET /summary/{year}`.
    SummaryFiles(Year),
    /// `GET /summary/{year}/{name}`.
    SummaryFile(Year, String),
    /// `PUT /decisions/{year}/{region}` or `PUT /decisions/{year}/payments/{payment}`.
    Decision(Year, DecisionOn),
}

impl Route {
    /// The route of `method` on `path`.
    ///
    /// # Errors
    /// [`Refusal::NotPlainAddress`], [`Refusal::NotFound`] (no such address or year),
    /// [`Refusal::Method`] (an address that does not take the method).
    pub fn parse(method: &str, path: &str) -> Result<Route, Refusal> {
        let rest = path.strip_prefix('/').ok_or(Refusal::NotPlainAddress)?;
        if rest.is_empty() {
            return Err(Refusal::NotFound);
        }
        let segments: Vec<&str> = rest.split('/').collect();
        let plain = |s: &&str| {
            !s.is_empty()
                && *s != "."
                && *s != ".."
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        };
        if !segments.iter().all(plain) {
            return Err(Refusal::NotPlainAddress);
        }
        let year = |segment: &str| {
            (segment.len() == 4)
                .then(|| segment.parse().ok().and_then(Year::from_number))
                .flatten()
                .ok_or(Refusal::NotFound)
        };
        let (route, wanted) = match segments.as_slice() {
            ["config"] => (Route::Config, "GET"),
            ["reports", y] => (Route::Submit(year(y)?), "POST"),
            ["notifications", y] => (Route::Notifications(year(y)?), "GET"),
            ["notifications", y, id] => {
                let id = id.strip_suffix(".json").unwrap_or(id);
                (Route::Notification(year(y)?, (*id).to_owned()), "GET")
            }
            ["summary", y] => (Route::SummaryFiles(year(y)?), "GET"),
            ["summary", y, name] => (Route::SummaryFile(year(y)?, (*name).to_owned()), "GET"),
            ["decisions", y, region] => {
                let region = region.strip_suffix(".json").unwrap_or(region);
                let region = Region::ALL
                    .into_iter()
                    .find(|r| r.code() == region)
                    .ok_or(Refusal::NotFound)?;
                (Route::Decision(year(y)?, DecisionOn::Region(region)), "PUT")
            }
            ["decisions", y, "payments", payment] => {
                let payment = payment.strip_suffix(".json").unwrap_or(payment);
                let payment = PaymentId::parse(payment).ok_or(Refusal::NotFound)?;
                (
                    Route::Decision(year(y)?, DecisionOn::Payment(payment)),
                    "PUT",
                )
            }
            _ => return Err(Refusal::NotFound),
        };
        if method == wanted {
            Ok(route)
        } else {
            Err(Refusal::Method)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_addresses_are_read_and_nothing_else() {
        assert_eq!(Route::parse("GET", "/config"), Ok(Route::Config));
        assert_eq!(
            Route::parse("POST", "/reports/2024"),
            Ok(Route::Submit(Year::Y2024))
        );
        assert_eq!(
            Route::parse("GET", "/notifications/2026/abc-1"),
            Ok(Route::Notification(Year::Y2026, "abc-1".into()))
        );
        assert_eq!(
            Route::parse("PUT", "/decisions/2024/12"),
            Ok(Route::Decision(
                Year::Y2024,
                DecisionOn::Region(Region::from_code("12").unwrap())
            ))
        );
        assert_eq!(
            Route::parse("PUT", "/decisions/2024/payments/second.json"),
            Ok(Route::Decision(
                Year::Y2024,
                DecisionOn::Payment(PaymentId::Second)
            ))
        );
        assert_eq!(Route::parse("GET", "/reports/2024"), Err(Refusal::Method));
        for missing in [
            "/reports/2019",
            "/reports/02024",
            "/summary",
            "/",
            "/decisions/2024/1",
            "/decisions/2024/payments/third",
        ] {
            assert_eq!(
                Route::parse("POST", missing),
                Err(Refusal::NotFound),
                "{missing}"
            );
        }
    }

    #[test]
    fn no_spelling_of_a_path_reaches_past_its_segments() {
        for crooked in [
            "/reports/2024/../01",
            "/notifications/2024/../../reports/2024/01/x",
            "/notifications/2024/%2e%2e%2F01",
            "/summary/2024/..%2Fpayments.json",
            "/summary/2024//payments.json",
            "/summary/2024/./payments.json",
            "/summary/2024/payments.json/",
            "/summary/2024/pаyments.json",
            "/notifications/２０２４",
            "reports/2024",
            "/reports/2024?x=1",
            "/reports/2024\\..\\01",
        ] {
            assert_eq!(
                Route::parse("GET", crooked),
                Err(Refusal::NotPlainAddress),
                "{crooked}"
            );
        }
    }
}
