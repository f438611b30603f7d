//! What the page asks the worker for, as a query string (the page's controls, the person's
//! units): the insights, or a report of a range of days.

use crate::date::Date;
use crate::history::stats::Range;
use crate::model::Metric;
use crate::units::{DistanceUnit, TemperatureUnit, UnitPrefs, VolumeUnit, WeightUnit};

/// The report's metrics unless the person chooses others.
pub const REPORT_DEFAULTS: [Metric; 6] = [
    Metric::RestingHeartRate,
    Metric::HeartRateVariability,
    Metric::OxygenSaturation,
    Metric::MinutesAsleep,
    Metric::Weight,
    Metric::Steps,
];

#[derive(Clone, Debug, PartialEq)]
pub struct Ask {
    /// A report (else the insights).
    pub report: bool,
    /// The last day with data: "recent" and "last night" end here.
    pub end: Date,
    /// Relationships: `y` taken `lag` days after `x`.
    pub x: Metric,
    pub y: Metric,
    pub lag: i32,
    /// The metric of the weekday and month profiles.
    pub profile: Metric,
    /// Compare periods: week, month or year.
    pub period: Range,
    /// The report's days and metrics.
    pub from: Date,
    pub to: Date,
    pub metrics: Vec<Metric>,
    pub units: UnitPrefs,
}

impl Ask {
    /// The insights' defaults up to `end`: last night's sleep against the next day's steps.
    pub fn new(end: Date) -> Ask {
        Ask {
            report: false,
            end,
            x: Metric::MinutesAsleep,
            y: Metric::Steps,
            lag: 1,
            profile: Metric::Steps,
            period: Range::Month,
            from: end.add_days(-89),
            to: end,
            metrics: REPORT_DEFAULTS.to_vec(),
            units: UnitPrefs::default(),
        }
    }

    pub fn query(&self) -> String {
        let u = &self.units;
        let metrics: Vec<&str> = self.metrics.iter().map(|m| m.key()).collect();
        format!(
            "report={}&end={}&x={}&y={}&lag={}&profile={}&period={}&from={}&to={}&metrics={}&units={}{}{}{}",
            u8::from(self.report),
            self.end,
            self.x.key(),
            self.y.key(),
            self.lag,
            self.profile.key(),
            self.period.key(),
            self.from,
            self.to,
            metrics.join(","),
            u8::from(u.distance == DistanceUnit::Miles),
            match u.weight {
                WeightUnit::Kilograms => 0,
                WeightUnit::Pounds => 1,
                WeightUnit::Stone => 2,
            },
            u8::from(u.volume == VolumeUnit::FluidOunces),
            u8::from(u.temperature == TemperatureUnit::Fahrenheit),
        )
    }

    /// The ask in `q`; what is missing or unknown is the default's.
    pub fn parse(q: &str) -> Ask {
        let params = crate::env::form_decode(q);
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let date = |k| get(k).and_then(|d| Date::parse(d).ok());
        let metric = |k, or| get(k).and_then(Metric::from_key).unwrap_or(or);
        let d = Ask::new(date("end").unwrap_or(Date::from_days_since_epoch(0)));
        let u: Vec<u8> = get("units")
            .unwrap_or("0000")
            .bytes()
            .map(|b| b.wrapping_sub(b'0'))
            .collect();
        // A digit out of range (a hand-edited address) is the default.
        let bit = |i: usize| u.get(i).copied().filter(|b| *b <= 2).unwrap_or(0);
        Ask {
            report: get("report") == Some("1"),
            x: metric("x", d.x),
            y: metric("y", d.y),
            lag: get("lag")
                .and_then(|l| l.parse().ok())
                .unwrap_or(d.lag)
                .clamp(0, 1),
            profile: metric("profile", d.profile),
            period: get("period").and_then(Range::parse).unwrap_or(d.period),
            from: date("from").unwrap_or(d.from),
            to: date("to").unwrap_or(d.to),
            metrics: get("metrics")
                .map(|m| m.split(',').filter_map(Metric::from_key).collect())
                .unwrap_or(d.metrics.clone()),
            units: UnitPrefs {
                distance: [DistanceUnit::Kilometers, DistanceUnit::Miles][bit(0).min(1) as usize],
                weight: [WeightUnit::Kilograms, WeightUnit::Pounds, WeightUnit::Stone]
                    [bit(1).min(2) as usize],
                volume: [VolumeUnit::Milliliters, VolumeUnit::FluidOunces][bit(2).min(1) as usize],
                temperature: [TemperatureUnit::Celsius, TemperatureUnit::Fahrenheit]
                    [bit(3).min(1) as usize],
            },
            ..d
        }
    }
}
