//! Calendar dates without a time zone ("the user's day").
//!
//! Fitbit (and the Google Health API) key daily data by the user's local calendar date, so the
//! model does too. This is a tiny proleptic-Gregorian day counter rather than `chrono`/`time`:
//! the dashboard needs only parse, format, add days and weekday, and every kilobyte of wasm is
//! paid on first load.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date, stored as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a date (expected YYYY-MM-DD): \"{}\"", self.0)
    }
}

impl Date {
    /// Builds a date; `None` if the month or day is out of range.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    pub fn from_days_since_epoch(days: i32) -> Date {
        Date(days)
    }

    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// The local date of an instant, given the instant and the UTC offset in force there.
    pub fn from_unix_millis(millis: i64, utc_offset_millis: i64) -> Date {
        Date((millis + utc_offset_millis).div_euclid(86_400_000) as i32)
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn add_days(self, n: i32) -> Date {
        Date(self.0 + n)
    }

    /// Days from `earlier` to `self` (negative if `self` is earlier).
    pub fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u32
    }

    pub fn parse(s: &str) -> Result<Date, DateError> {
        let err = || DateError(s.to_string());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part = &s[r];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(err());
            }
            part.parse().map_err(|_| err())
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::from_ymd(y as i32, m, d).ok_or_else(err)
    }

    /// A label with the year, for ranges that span years: "Mar 4, 2024".
    pub fn short_label_y(self) -> String {
        format!("{}, {}", self.short_label(), self.ymd().0)
    }

    /// Short label for chart axes, e.g. "Mar 4" (a no-break space: a figure's "since Nov 8"
    /// never ends a line on "Nov").
    pub fn short_label(self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (_, m, d) = self.ymd();
        format!("{}\u{a0}{}", MONTHS[(m - 1) as usize], d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's `days_from_civil` / `civil_from_days` (public-domain algorithms).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// How long ago `then_ms` was, in words: "just now", "5 minutes ago", "3 hours ago", "2 days ago".
pub fn age_text(now_ms: i64, then_ms: i64) -> String {
    let minutes = (now_ms - then_ms).max(0) / 60_000;
    let plural = |n: i64, unit: &str| format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" });
    match minutes {
        0 => "just now".into(),
        1..=59 => plural(minutes, "minute"),
        60..=2879 => plural(minutes / 60, "hour"),
        _ => plural(minutes / 1440, "day"),
    }
}

/// The minute of the day of a local time written "HH:MM" (seconds after it are ignored).
pub fn minute_of_day(hh_mm: &str) -> Option<u32> {
    let h: u32 = hh_mm.get(..2)?.parse().ok()?;
    let m: u32 = hh_mm.get(3..5)?.parse().ok()?;
    Some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::from_ymd(2000, 3, 1).unwrap().days_since_epoch(),
            11_017
        );
        assert_eq!(
            Date::from_ymd(2026, 11, 21).unwrap().to_string(),
            "2026-11-21"
        );
        // 2026-11-21 is a Saturday.
        assert_eq!(Date::from_ymd(2026, 11, 21).unwrap().weekday(), 5);
    }

    #[test]
    fn round_trips_every_day_of_four_centuries() {
        let start = Date::from_ymd(1900, 1, 1).unwrap();
        for n in 0..(400 * 366) {
            let d = start.add_days(n);
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(d));
            assert_eq!(Date::parse(&d.to_string()), Ok(d));
        }
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2025-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "20240101",
            "2024-01-3x",
            "",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad} should not parse");
        }
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn local_date_of_an_instant_honours_the_offset() {
        // 2026-11-21T23:30:00Z
        let ms = Date::from_ymd(2026, 11, 21).unwrap().days_since_epoch() as i64 * 86_400_000
            + (23 * 60 + 30) * 60_000;
        assert_eq!(Date::from_unix_millis(ms, 0).to_string(), "2026-11-21");
        assert_eq!(
            Date::from_unix_millis(ms, 3_600_000).to_string(),
            "2026-11-22"
        );
        assert_eq!(
            Date::from_unix_millis(ms, -10 * 3_600_000).to_string(),
            "2026-11-21"
        );
    }

    #[test]
    fn serde_uses_the_iso_string() {
        let d = Date::from_ymd(2024, 2, 29).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-02-29\"");
        assert_eq!(serde_json::from_str::<Date>("\"2024-02-29\"").unwrap(), d);
        assert!(serde_json::from_str::<Date>("\"2024-02-30\"").is_err());
    }

    #[test]
    fn ages_in_words() {
        let h = 3_600_000;
        assert_eq!(
            age_text(10 * h, 10 * h + 5),
            "just now",
            "a clock a little behind is not the future"
        );
        assert_eq!(age_text(10 * h, 10 * h - 60_000), "1 minute ago");
        assert_eq!(age_text(10 * h, 9 * h), "1 hour ago");
        assert_eq!(age_text(10 * h, 10 * h - 59 * 60_000), "59 minutes ago");
        assert_eq!(age_text(100 * h, 53 * h), "47 hours ago");
        assert_eq!(age_text(100 * h, 52 * h), "2 days ago");
    }
}
