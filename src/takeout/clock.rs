//! The clocks of an export (takeout-format.md §3): every stamp is parsed by hand into a
//! calendar date and a time of day, with its zone when it states one. A stamp in UTC (stated,
//! or known for its family) is moved to the person's local date with a [`Zone`]; a local or a
//! calendar-label stamp is taken as written, never shifted.

use crate::date::Date;

/// A parsed stamp: the date and seconds of the day as written, and the offset it states.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stamp {
    pub date: Date,
    pub secs: u32,
    /// Minutes east of UTC when the stamp says (`Z`, `+0000`, `-04:00`); `None` when naive.
    pub offset_min: Option<i32>,
}

/// The person's UTC offset at an instant (DST included).
pub trait Zone {
    fn offset_ms(&mut self, utc_ms: i64) -> i64;
}

/// A zone that never changes (tests; a person who chose a fixed offset).
pub struct Fixed(pub i64);

impl Zone for Fixed {
    fn offset_ms(&mut self, _utc_ms: i64) -> i64 {
        self.0
    }
}

const DAY_MS: i64 = 86_400_000;

fn num(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `HH:MM[:SS[.fraction]]` → seconds of the day.
fn time(s: &str) -> Option<u32> {
    let mut it = s.split(':');
    let (h, m) = (num(it.next()?)?, num(it.next()?)?);
    let sec = match it.next() {
        Some(sec) => num(sec.split('.').next()?)?,
        None => 0,
    };
    (it.next().is_none() && h < 24 && m < 60 && sec < 61).then_some(h * 3600 + m * 60 + sec.min(59))
}

/// `Z`, `+0000`, `+00:00`, `-04:00` → minutes east of UTC.
fn offset(s: &str) -> Option<i32> {
    if s == "Z" {
        return Some(0);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 {
        return None;
    }
    Some(sign * (num(&digits[..2])? * 60 + num(&digits[2..])?) as i32)
}

impl Stamp {
    /// Any of the export's forms: `2026-04-06T02:44:00Z`, `…T01:15:09.096319Z`,
    /// `2026-04-10T02:32` (no seconds), `2026-04-12 05:45:30+0000`, `…-04:00`, a bare
    /// `2026-04-13`, and the legacy `04/06/26 02:44:00` or `04/06/2026 02:44:00`.
    pub fn parse(s: &str) -> Option<Stamp> {
        Stamp::parse_bytes(s.as_bytes())
    }

    /// [`Stamp::parse`] of bytes: the CSV tree's `2026-04-06T02:44:00Z` (tens of millions of
    /// rows) read by position, any other form as text.
    pub fn parse_bytes(b: &[u8]) -> Option<Stamp> {
        if let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, b'T', h1, h2, b':', n1, n2, b':', s1, s2, b'Z'] =
            *b
        {
            let all = [y1, y2, y3, y4, m1, m2, d1, d2, h1, h2, n1, n2, s1, s2];
            if all.iter().all(u8::is_ascii_digit) {
                let v = |a: u8, b: u8| (a - b'0') as u32 * 10 + (b - b'0') as u32;
                let (h, m, sec) = (v(h1, h2), v(n1, n2), v(s1, s2));
                if h < 24 && m < 60 && sec < 60 {
                    let date =
                        Date::from_ymd((v(y1, y2) * 100 + v(y3, y4)) as i32, v(m1, m2), v(d1, d2))?;
                    return Some(Stamp {
                        date,
                        secs: h * 3600 + m * 60 + sec,
                        offset_min: Some(0),
                    });
                }
            }
        }
        Stamp::parse_text(std::str::from_utf8(b).ok()?)
    }

    fn parse_text(s: &str) -> Option<Stamp> {
        let s = s.trim();
        if s.as_bytes().get(2) == Some(&b'/') {
            let (d, t) = s.split_once(' ').unwrap_or((s, "00:00:00"));
            let mut p = d.split('/');
            let (m, day, y) = (num(p.next()?)?, num(p.next()?)?, p.next()?);
            let year = match y.len() {
                2 => 2000 + num(y)? as i32,
                4 => num(y)? as i32,
                _ => return None,
            };
            return Some(Stamp {
                date: Date::from_ymd(year, m, day)?,
                secs: time(t)?,
                offset_min: None,
            });
        }
        let date = Date::parse(s.get(..10)?).ok()?;
        let rest = &s[10..];
        if rest.is_empty() {
            return Some(Stamp {
                date,
                secs: 0,
                offset_min: None,
            });
        }
        let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
        // The zone starts at the first Z, + or - after the time.
        let cut = rest.find(['Z', '+', '-']).unwrap_or(rest.len());
        let (t, z) = rest.split_at(cut);
        Some(Stamp {
            date,
            secs: time(t)?,
            offset_min: if z.is_empty() { None } else { Some(offset(z)?) },
        })
    }

    /// Milliseconds since the epoch, reading a naive stamp as UTC.
    fn as_utc_ms(self) -> i64 {
        self.date.days_since_epoch() as i64 * DAY_MS + self.secs as i64 * 1000
            - self.offset_min.unwrap_or(0) as i64 * 60_000
    }

    /// The person's local date and seconds of the day, reading a naive stamp as UTC (the
    /// families whose clock is unmarked UTC).
    pub fn local_from_utc(self, zone: &mut impl Zone) -> (Date, u32) {
        let utc = self.as_utc_ms();
        let local = utc + zone.offset_ms(utc);
        (
            Date::from_days_since_epoch(local.div_euclid(DAY_MS) as i32),
            (local.rem_euclid(DAY_MS) / 1000) as u32,
        )
    }

    /// The person's local date and seconds: a stamp with a zone is moved into theirs, a naive
    /// one is already local.
    pub fn local(self, zone: &mut impl Zone) -> (Date, u32) {
        match self.offset_min {
            Some(_) => self.local_from_utc(zone),
            None => (self.date, self.secs),
        }
    }

    /// A calendar label (`2026-04-06T00:00:00Z`, a bare date, `03/18/26 00:00:00`): its date
    /// as written. A real instant (not midnight) with a zone is moved into the person's zone
    /// (an Apple Health row in `daily_resting_heart_rate.csv`, §3.1).
    pub fn label(self, zone: &mut impl Zone) -> Date {
        if self.secs == 0 || self.offset_min.is_none() {
            self.date
        } else {
            self.local_from_utc(zone).0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn every_form_the_reference_lists_parses() {
        let cases = [
            (
                "2026-04-06T02:44:00Z",
                d("2026-04-06"),
                2 * 3600 + 44 * 60,
                Some(0),
            ),
            (
                "2026-08-01T01:15:09.096319Z",
                d("2026-08-01"),
                3600 + 15 * 60 + 9,
                Some(0),
            ),
            (
                "2026-04-10T02:32",
                d("2026-04-10"),
                2 * 3600 + 32 * 60,
                None,
            ),
            (
                "2026-04-12 05:45:30+0000",
                d("2026-04-12"),
                5 * 3600 + 45 * 60 + 30,
                Some(0),
            ),
            (
                "2026-05-27T22:01:13-04:00",
                d("2026-05-27"),
                22 * 3600 + 60 + 13,
                Some(-240),
            ),
            (
                "2026-04-13T13:35:25.51",
                d("2026-04-13"),
                13 * 3600 + 35 * 60 + 25,
                None,
            ),
            ("2026-04-13", d("2026-04-13"), 0, None),
            (
                "04/06/26 02:44:00",
                d("2026-04-06"),
                2 * 3600 + 44 * 60,
                None,
            ),
            (
                "04/06/2026 02:44:00",
                d("2026-04-06"),
                2 * 3600 + 44 * 60,
                None,
            ),
            ("03/18/26", d("2026-03-18"), 0, None),
        ];
        for (text, date, secs, offset_min) in cases {
            assert_eq!(
                Stamp::parse(text),
                Some(Stamp {
                    date,
                    secs,
                    offset_min
                }),
                "{text}"
            );
        }
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-04-06T25:00:00Z",
            "13/45/26 00:00:00",
            "2026-04-06T02:44:00+5",
        ] {
            assert_eq!(Stamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn utc_stamps_move_to_the_local_day_east_and_west_labels_never_move() {
        let mut new_york = Fixed(-4 * 3_600_000);
        let mut bangkok = Fixed(7 * 3_600_000);
        // The pair from the 2026-04 archive: 02:44Z on the 6th is 22:44 on the 5th in New York.
        let steps = Stamp::parse("04/06/26 02:44:00").unwrap();
        assert_eq!(
            steps.local_from_utc(&mut new_york),
            (d("2026-04-05"), 22 * 3600 + 44 * 60)
        );
        // The 2025-08 archive (UTC+7): 17:00Z on 31 July is local midnight of 1 August.
        let hr = Stamp::parse("2025-07-31T17:00:00Z").unwrap();
        assert_eq!(hr.local(&mut bangkok), (d("2025-08-01"), 0));
        // Calories are local in the JSON: taken as written.
        assert_eq!(
            Stamp::parse("04/09/26 21:38:00")
                .unwrap()
                .local(&mut new_york),
            (d("2026-04-09"), 21 * 3600 + 38 * 60)
        );
        // A daily label stays on its date in any zone.
        for zone in [&mut new_york, &mut bangkok] {
            assert_eq!(
                Stamp::parse("2026-04-06T00:00:00Z").unwrap().label(zone),
                d("2026-04-06")
            );
        }
        // An instant in a daily file is a real time: moved.
        assert_eq!(
            Stamp::parse("2026-05-27T22:01:13Z")
                .unwrap()
                .label(&mut bangkok),
            d("2026-05-28")
        );
    }

    /// Berlin across the change to summer time (29 March 2026, 01:00Z): the offset the zone
    /// gives at each instant decides the day.
    #[test]
    fn a_dst_day_follows_the_zone() {
        struct Berlin;
        impl Zone for Berlin {
            fn offset_ms(&mut self, utc_ms: i64) -> i64 {
                let change = Stamp::parse("2026-03-29T01:00:00Z").unwrap().as_utc_ms();
                if utc_ms < change {
                    3_600_000
                } else {
                    7_200_000
                }
            }
        }
        assert_eq!(
            Stamp::parse("2026-03-28T22:59:00Z")
                .unwrap()
                .local(&mut Berlin),
            (d("2026-03-28"), 23 * 3600 + 59 * 60)
        );
        assert_eq!(
            Stamp::parse("2026-03-29T22:30:00Z")
                .unwrap()
                .local(&mut Berlin),
            (d("2026-03-30"), 30 * 60)
        );
        assert_eq!(
            Stamp::parse("2026-03-28T23:30:00Z")
                .unwrap()
                .local(&mut Berlin),
            (d("2026-03-29"), 30 * 60)
        );
    }
}
