//! Display of base-unit values in the person's own units.
//!
//! The model keeps SI-style base units; conversion happens only here, at the edge, so a
//! preference change never touches stored data.

use crate::model::Unit;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DistanceUnit {
    Kilometers,
    Miles,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightUnit {
    Kilograms,
    Pounds,
    Stone,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VolumeUnit {
    Milliliters,
    FluidOunces,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TemperatureUnit {
    Celsius,
    Fahrenheit,
}

/// Per-quantity preferences (Fitbit profiles mix them, e.g. miles with kilograms).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct UnitPrefs {
    pub distance: DistanceUnit,
    pub weight: WeightUnit,
    pub volume: VolumeUnit,
    pub temperature: TemperatureUnit,
}

impl Default for UnitPrefs {
    fn default() -> Self {
        UnitPrefs {
            distance: DistanceUnit::Kilometers,
            weight: WeightUnit::Kilograms,
            volume: VolumeUnit::Milliliters,
            temperature: TemperatureUnit::Celsius,
        }
    }
}

/// A whole unit system, for the settings override.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum System {
    Metric,
    Us,
    Uk,
}

impl System {
    pub fn prefs(self) -> UnitPrefs {
        match self {
            System::Metric => UnitPrefs::default(),
            System::Us => UnitPrefs {
                distance: DistanceUnit::Miles,
                weight: WeightUnit::Pounds,
                volume: VolumeUnit::FluidOunces,
                temperature: TemperatureUnit::Fahrenheit,
            },
            System::Uk => UnitPrefs {
                distance: DistanceUnit::Miles,
                weight: WeightUnit::Stone,
                volume: VolumeUnit::Milliliters,
                temperature: TemperatureUnit::Celsius,
            },
        }
    }

    /// The name stored in settings.
    pub fn as_str(self) -> &'static str {
        match self {
            System::Metric => "metric",
            System::Us => "us",
            System::Uk => "uk",
        }
    }

    pub fn parse(s: &str) -> Option<System> {
        [System::Metric, System::Us, System::Uk]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

pub const METERS_PER_MILE: f64 = 1_609.344;
pub const KG_PER_POUND: f64 = 0.453_592_37;
pub const ML_PER_US_FL_OZ: f64 = 29.573_529_562_5;

/// A value ready to show: the number as text and its unit symbol.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub number: String,
    pub unit: &'static str,
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.unit.is_empty() {
            f.write_str(&self.number)
        } else {
            write!(f, "{} {}", self.number, self.unit)
        }
    }
}

/// Formats an integer with thousands separators: 12345 → "12,345".
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn fixed(v: f64, decimals: usize) -> String {
    format!("{v:.decimals$}")
}

/// Minutes as "7 h 32 min" (or "45 min").
pub fn duration_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Shows a base-unit value in the person's units.
pub fn show(value: f64, unit: Unit, prefs: &UnitPrefs) -> Shown {
    let (number, unit) = match unit {
        Unit::Count => (grouped(value.round() as i64), ""),
        Unit::Kilocalories => (grouped(value.round() as i64), "kcal"),
        Unit::Minutes => (grouped(value.round() as i64), "min"),
        Unit::BeatsPerMinute => (fixed(value, 0), "bpm"),
        Unit::Milliseconds => (fixed(value, 0), "ms"),
        Unit::Percent => (fixed(value, 1), "%"),
        Unit::KgPerSquareMeter => (fixed(value, 1), ""),
        Unit::BreathsPerMinute => (fixed(value, 1), "br/min"),
        Unit::MlPerKgPerMinute => (fixed(value, 0), "ml/kg/min"),
        Unit::Meters => match prefs.distance {
            DistanceUnit::Kilometers => (fixed(value / 1000.0, 2), "km"),
            DistanceUnit::Miles => (fixed(value / METERS_PER_MILE, 2), "mi"),
        },
        Unit::Kilograms => match prefs.weight {
            WeightUnit::Kilograms => (fixed(value, 1), "kg"),
            WeightUnit::Pounds => (fixed(value / KG_PER_POUND, 1), "lb"),
            WeightUnit::Stone => {
                // UK convention: whole stones and remaining pounds, "11 st 4.2 lb".
                let pounds = value / KG_PER_POUND;
                let stones = (pounds / 14.0).floor();
                let rest = pounds - stones * 14.0;
                // Avoid "10 st 14.0 lb" from rounding.
                let (stones, rest) = if (rest * 10.0).round() >= 140.0 {
                    (stones + 1.0, 0.0)
                } else {
                    (stones, rest)
                };
                return Shown {
                    number: format!("{stones:.0} st {rest:.1}"),
                    unit: "lb",
                };
            }
        },
        Unit::Milliliters => match prefs.volume {
            VolumeUnit::Milliliters => (grouped(value.round() as i64), "ml"),
            VolumeUnit::FluidOunces => (fixed(value / ML_PER_US_FL_OZ, 1), "fl oz"),
        },
        Unit::KelvinDelta => {
            let (v, u) = match prefs.temperature {
                TemperatureUnit::Celsius => (value, "°C"),
                TemperatureUnit::Fahrenheit => (value * 9.0 / 5.0, "°F"),
            };
            (format!("{}{v:.1}", if v > 0.0 { "+" } else { "" }), u)
        }
    };
    Shown { number, unit }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(12_345), "12,345");
        assert_eq!(grouped(-1_234_567), "-1,234,567");
    }

    #[test]
    fn converts_distance_weight_volume_and_temperature() {
        let uk = UnitPrefs {
            distance: DistanceUnit::Miles,
            weight: WeightUnit::Stone,
            volume: VolumeUnit::FluidOunces,
            temperature: TemperatureUnit::Fahrenheit,
        };
        assert_eq!(
            show(5_000.0, Unit::Meters, &UnitPrefs::default()).to_string(),
            "5.00 km"
        );
        assert_eq!(
            show(METERS_PER_MILE * 3.0, Unit::Meters, &uk).to_string(),
            "3.00 mi"
        );
        // 72 kg = 158.73 lb = 11 st 4.7 lb
        assert_eq!(show(72.0, Unit::Kilograms, &uk).to_string(), "11 st 4.7 lb");
        let lb = UnitPrefs {
            weight: WeightUnit::Pounds,
            ..UnitPrefs::default()
        };
        assert_eq!(show(72.0, Unit::Kilograms, &lb).to_string(), "158.7 lb");
        assert_eq!(
            show(ML_PER_US_FL_OZ * 8.0, Unit::Milliliters, &uk).to_string(),
            "8.0 fl oz"
        );
        assert_eq!(show(0.5, Unit::KelvinDelta, &uk).to_string(), "+0.9 °F");
        assert_eq!(
            show(-0.3, Unit::KelvinDelta, &UnitPrefs::default()).to_string(),
            "-0.3 °C"
        );
    }

    #[test]
    fn stone_never_shows_fourteen_pounds() {
        let st = UnitPrefs {
            weight: WeightUnit::Stone,
            ..UnitPrefs::default()
        };
        // 13.99 lb short of 11 st rounds up to a whole 11 st.
        let kg = (11.0 * 14.0 - 0.01) * KG_PER_POUND;
        assert_eq!(show(kg, Unit::Kilograms, &st).to_string(), "11 st 0.0 lb");
    }

    #[test]
    fn unit_systems_round_trip_through_their_names() {
        for sys in [System::Metric, System::Us, System::Uk] {
            assert_eq!(System::parse(sys.as_str()), Some(sys));
        }
        assert_eq!(System::parse("profile"), None);
        assert_eq!(System::Uk.prefs().weight, WeightUnit::Stone);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_minutes(45), "45 min");
        assert_eq!(duration_minutes(420), "7 h");
        assert_eq!(duration_minutes(452), "7 h 32 min");
    }
}
