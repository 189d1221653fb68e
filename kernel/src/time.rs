//! Instants and Swedish dates, without a time-zone database.
//!
//! Reports are due "by 30 September", which ends at midnight Swedish time (Europe/Stockholm):
//! CET (UTC+1), and CEST (UTC+2) in summer. Summer time follows the EU rule: from the last Sunday
//! of March at 01:00 UTC to the last Sunday of October at 01:00 UTC. That rule is all this module
//! knows of time zones, and all it needs.

use core::fmt;

/// A moment in time: whole seconds since 1970-01-01T00:00:00Z (fractions of a second dropped).
///
/// Invariant: between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the years RFC 3339 can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(i64);

/// A calendar date (proleptic Gregorian).
///
/// Invariant: a real date in the years 1–9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not an RFC 3339 instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstantError {
    /// Not of the shape `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    Format,
    /// A field out of range: month 13, 31 April, hour 24, offset +25:00.
    Range,
}

impl fmt::Display for InstantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InstantError::Format => "is not an RFC 3339 time such as 2024-09-30T21:59:59Z",
            InstantError::Range => "has a date, time or offset out of range",
        })
    }
}

impl core::error::Error for InstantError {}

const SECONDS_PER_DAY: i64 = 86_400;

impl Date {
    /// The date `YYYY-MM-DD` names, if it is a real one.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let number = |range: core::ops::Range<usize>| {
            let digits = &b[range];
            digits.iter().all(u8::is_ascii_digit).then(|| {
                digits
                    .iter()
                    .fold(0u16, |v, &c| v * 10 + u16::from(c - b'0'))
            })
        };
        Date::new(
            number(0..4)?,
            u8::try_from(number(5..7)?).ok()?,
            u8::try_from(number(8..10)?).ok()?,
        )
    }

    /// The date, if it exists.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// The day after, if it is still within the year 9999.
    pub fn next(self) -> Option<Date> {
        let next = Date::from_days_since_epoch(self.days_since_epoch() + 1);
        Date::new(next.year, next.month, next.day)
    }

    /// Days from this day to `other`: positive when `other` is later, 0 on the same day.
    pub fn days_until(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }

    /// Days since 1970-01-01 (negative before); Howard Hinnant's `days_from_civil`.
    fn days_since_epoch(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01; Howard Hinnant's `civil_from_days`.
    fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        // In range by construction for the instants this module makes.
        Date {
            year: u16::try_from(year).unwrap_or(0),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// 0 for Sunday … 6 for Saturday.
    fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday (4).
        (self.days_since_epoch() + 4).rem_euclid(7)
    }

    /// The last Sunday of `month` in `year`.
    fn last_sunday(year: u16, month: u8) -> Date {
        let last = Date {
            year,
            month,
            day: days_in_month(year, month),
        };
        let back = u8::try_from(last.weekday()).unwrap_or(0);
        Date {
            day: last.day - back,
            ..last
        }
    }
}

/// `2024-09-30`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Instant {
    /// 1970-01-01T00:00:00Z.
    pub const EPOCH: Instant = Instant(0);

    /// The instant `seconds` after 1970-01-01T00:00:00Z, if within the years 1–9999.
    pub fn from_unix_seconds(seconds: i64) -> Option<Instant> {
        let first = Date {
            year: 1,
            month: 1,
            day: 1,
        }
        .days_since_epoch()
            * SECONDS_PER_DAY;
        let last = (Date {
            year: 9999,
            month: 12,
            day: 31,
        }
        .days_since_epoch()
            + 1)
            * SECONDS_PER_DAY
            - 1;
        (first..=last)
            .contains(&seconds)
            .then_some(Instant(seconds))
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> i64 {
        self.0
    }

    /// Midnight at the start of `date` in Swedish time.
    pub fn stockholm_midnight(date: Date) -> Instant {
        let local = date.days_since_epoch() * SECONDS_PER_DAY;
        // Midnight is never inside a change (those are at 02:00 and 03:00 local), so the offset
        // in force one hour either side of it is the offset at it.
        let offset = stockholm_offset_seconds(Instant(local - 3600));
        Instant(local - offset)
    }

    /// Parses RFC 3339: `2024-09-30T21:59:59Z`, `2024-09-30T23:59:59+02:00`, `…t…z`, with an
    /// optional fraction of a second (dropped: an instant is in whole seconds, and dropping
    /// a fraction never moves an instant across a whole-second deadline).
    ///
    /// # Errors
    /// [`InstantError`].
    pub fn parse_rfc3339(text: &str) -> Result<Instant, InstantError> {
        let b = text.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(InstantError::Format);
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        let (hour, minute, second) = (
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        );
        let mut rest = &b[19..];
        if let Some(fraction) = rest.strip_prefix(b".") {
            let count = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
            if count == 0 {
                return Err(InstantError::Format);
            }
            rest = &fraction[count..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (hours, minutes) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
                if hours > 23 || minutes > 59 {
                    return Err(InstantError::Range);
                }
                let offset = i64::from(hours * 3600 + minutes * 60);
                if *sign == b'-' { -offset } else { offset }
            }
            _ => return Err(InstantError::Format),
        };
        let date = u16::try_from(year)
            .ok()
            .zip(u8::try_from(month).ok())
            .zip(u8::try_from(day).ok())
            .and_then(|((y, m), d)| Date::new(y, m, d))
            .ok_or(InstantError::Range)?;
        // Second 60 is a leap second: RFC 3339 allows it; it counts as the next second's start.
        if hour > 23 || minute > 59 || second > 60 {
            return Err(InstantError::Range);
        }
        let seconds = date.days_since_epoch() * SECONDS_PER_DAY
            + i64::from(hour * 3600 + minute * 60 + second)
            - offset;
        Instant::from_unix_seconds(seconds).ok_or(InstantError::Range)
    }

    /// The date in Sweden at this instant.
    pub fn stockholm_date(self) -> Date {
        let local = self.0 + stockholm_offset_seconds(self);
        Date::from_days_since_epoch(local.div_euclid(SECONDS_PER_DAY))
    }

    /// The date, hour and minute in Sweden at this instant.
    pub fn stockholm_clock(self) -> (Date, u8, u8) {
        let local = self.0 + stockholm_offset_seconds(self);
        let seconds = local.rem_euclid(SECONDS_PER_DAY);
        // Below 24 and 60, so the casts are exact.
        let (hour, minute) = (
            u8::try_from(seconds / 3600).unwrap_or(0),
            u8::try_from(seconds / 60 % 60).unwrap_or(0),
        );
        (
            Date::from_days_since_epoch(local.div_euclid(SECONDS_PER_DAY)),
            hour,
            minute,
        )
    }

    /// The date and time in UTC.
    fn utc_parts(self) -> (Date, i64) {
        (
            Date::from_days_since_epoch(self.0.div_euclid(SECONDS_PER_DAY)),
            self.0.rem_euclid(SECONDS_PER_DAY),
        )
    }
}

/// `2024-09-30T21:59:59Z`.
impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (date, seconds) = self.utc_parts();
        write!(
            f,
            "{date}T{:02}:{:02}:{:02}Z",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

fn digits(bytes: &[u8]) -> Result<u32, InstantError> {
    bytes.iter().try_fold(0u32, |value, &b| {
        if b.is_ascii_digit() {
            Ok(value * 10 + u32::from(b - b'0'))
        } else {
            Err(InstantError::Format)
        }
    })
}

/// Sweden's offset from UTC at `instant`, in seconds: 7200 in summer time, else 3600.
pub fn stockholm_offset_seconds(instant: Instant) -> i64 {
    let (date, _) = instant.utc_parts();
    let at_one_utc = |d: Date| d.days_since_epoch() * SECONDS_PER_DAY + 3600;
    let summer_starts = at_one_utc(Date::last_sunday(date.year, 3));
    let summer_ends = at_one_utc(Date::last_sunday(date.year, 10));
    if (summer_starts..summer_ends).contains(&instant.0) {
        7200
    } else {
        3600
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Instant {
        Instant::parse_rfc3339(text).unwrap()
    }

    #[test]
    fn parses_and_prints_utc() {
        assert_eq!(at("1970-01-01T00:00:00Z").unix_seconds(), 0);
        assert_eq!(at("2024-09-30T21:59:59Z").unix_seconds(), 1_727_733_599);
        assert_eq!(at("2024-09-30T23:59:59+02:00"), at("2024-09-30T21:59:59Z"));
        assert_eq!(
            at("2024-09-30T20:59:59.999-01:00"),
            at("2024-09-30T21:59:59Z")
        );
        assert_eq!(at("2024-02-29t12:00:00z"), at("2024-02-29T12:00:00Z"));
        let mut text = heapless::String::<32>::new();
        core::fmt::write(
            &mut text,
            format_args!("{}", at("2024-09-30T23:59:59+02:00")),
        )
        .unwrap();
        assert_eq!(text.as_str(), "2024-09-30T21:59:59Z");
    }

    #[test]
    fn refuses_what_is_not_rfc3339() {
        for text in [
            "",
            "2024-09-30",
            "2024-09-30T21:59:59",
            "2024-09-30T21:59Z",
            "2024-9-30T21:59:59Z",
            "2024-09-30T21:59:59+0200",
            "2024-09-30T21:59:59.Z",
            "2024-09-30T21:59:59Zjunk",
        ] {
            assert_eq!(
                Instant::parse_rfc3339(text),
                Err(InstantError::Format),
                "{text}"
            );
        }
        for text in [
            "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-09-30T24:00:00Z",
            "2024-09-30T00:00:00+24:00",
            "0000-01-01T00:00:00Z",
        ] {
            assert_eq!(
                Instant::parse_rfc3339(text),
                Err(InstantError::Range),
                "{text}"
            );
        }
    }

    #[test]
    fn summer_time_follows_the_eu_rule() {
        // 2024: summer time from 31 March 01:00 UTC to 27 October 01:00 UTC.
        assert_eq!(stockholm_offset_seconds(at("2024-03-31T00:59:59Z")), 3600);
        assert_eq!(stockholm_offset_seconds(at("2024-03-31T01:00:00Z")), 7200);
        assert_eq!(stockholm_offset_seconds(at("2024-10-27T00:59:59Z")), 7200);
        assert_eq!(stockholm_offset_seconds(at("2024-10-27T01:00:00Z")), 3600);
        // 2026: 29 March and 25 October.
        assert_eq!(stockholm_offset_seconds(at("2026-03-29T01:00:00Z")), 7200);
        assert_eq!(stockholm_offset_seconds(at("2026-10-25T01:00:00Z")), 3600);
    }

    #[test]
    fn midnight_and_dates_in_sweden() {
        let end_of_september = Instant::stockholm_midnight(Date::new(2024, 10, 1).unwrap());
        assert_eq!(end_of_september, at("2024-09-30T22:00:00Z"));
        assert_eq!(
            Instant::stockholm_midnight(Date::new(2024, 1, 1).unwrap()),
            at("2023-12-31T23:00:00Z")
        );
        assert_eq!(
            at("2024-09-30T21:59:59Z").stockholm_date(),
            Date::new(2024, 9, 30).unwrap()
        );
        assert_eq!(
            at("2024-09-30T22:00:00Z").stockholm_date(),
            Date::new(2024, 10, 1).unwrap()
        );
        assert_eq!(
            at("2024-12-31T23:00:00Z").stockholm_date(),
            Date::new(2025, 1, 1).unwrap()
        );
    }

    #[test]
    fn calendar_round_trip() {
        for days in (-719_162..2_932_896).step_by(997) {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.days_since_epoch(), days);
            assert!(Date::new(date.year, date.month, date.day).is_some());
        }
        assert_eq!(Date::last_sunday(2024, 3), Date::new(2024, 3, 31).unwrap());
        assert_eq!(
            Date::last_sunday(2024, 10),
            Date::new(2024, 10, 27).unwrap()
        );
        assert_eq!(
            Date::last_sunday(2022, 10),
            Date::new(2022, 10, 30).unwrap()
        );
    }
}
