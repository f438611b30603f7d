//! The time zone an export's UTC stamps are placed in (takeout-format.md §3): the person's
//! choice, by IANA name, defaulting to this browser's. Offsets come from the browser's `Intl`
//! (DST rules cost no wasm), in the page and in the import worker alike.

use super::clock::Zone;
use js_sys::{Array, Function, Object, Reflect};
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};

const HOUR_MS: i64 = 3_600_000;

/// This browser's IANA time zone ("America/Bogota").
pub fn browser_zone() -> String {
    js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new())
        .resolved_options()
        .dyn_into::<Object>()
        .ok()
        .and_then(|o| Reflect::get(&o, &"timeZone".into()).ok())
        .and_then(|z| z.as_string())
        .unwrap_or_else(|| "UTC".into())
}

/// Every zone this browser knows, by name (`Intl.supportedValuesOf`); at least this browser's
/// own and UTC where that is missing (browsers before 2022).
pub fn known_zones() -> Vec<String> {
    let listed = Reflect::get(&js_sys::global(), &"Intl".into())
        .ok()
        .and_then(|intl| {
            let f: Function = Reflect::get(&intl, &"supportedValuesOf".into())
                .ok()?
                .dyn_into()
                .ok()?;
            f.call1(&intl, &"timeZone".into()).ok()
        })
        .filter(Array::is_array)
        .map(|a| {
            Array::from(&a)
                .iter()
                .filter_map(|z| z.as_string())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let mut out = listed;
    for z in [browser_zone(), "UTC".to_string()] {
        if !out.contains(&z) {
            out.push(z);
        }
    }
    out.sort();
    out
}

/// This browser's time zone, asked once per hour of UTC time (DST included).
#[derive(Default)]
pub struct BrowserZone {
    hour: i64,
    offset: i64,
}

impl Zone for BrowserZone {
    fn offset_ms(&mut self, utc_ms: i64) -> i64 {
        let hour = utc_ms.div_euclid(3_600_000);
        if hour != self.hour || self.hour == 0 {
            self.hour = hour;
            self.offset = -(js_sys::Date::new(&JsValue::from_f64((hour * 3_600_000) as f64))
                .get_timezone_offset()
                * 60_000.0) as i64;
        }
        self.offset
    }
}

/// Where UTC stamps are placed: the zone the person chose, or this browser's (`Date`'s own
/// offsets, the faster way) when they chose none, chose this one, or chose one it does not know.
pub enum Placing {
    Browser(BrowserZone),
    Named(Named),
}

impl Placing {
    /// The placing for `chosen` (empty: none), and the zone's name as the summary says it.
    pub fn new(chosen: &str) -> (Placing, String) {
        let browser = browser_zone();
        if !chosen.is_empty() && chosen != browser {
            if let Some(z) = Named::new(chosen) {
                return (Placing::Named(z), chosen.to_string());
            }
        }
        (Placing::Browser(BrowserZone::default()), browser)
    }
}

impl Zone for Placing {
    fn offset_ms(&mut self, utc_ms: i64) -> i64 {
        match self {
            Placing::Browser(z) => z.offset_ms(utc_ms),
            Placing::Named(z) => z.offset_ms(utc_ms),
        }
    }
}

/// A named zone's offsets, asked of `Intl` once per hour of UTC time (DST included).
pub struct Named {
    format: Function,
    formatter: JsValue,
    hours: HashMap<i64, i64>,
}

impl Named {
    /// `None` for a zone this browser does not know.
    pub fn new(tz: &str) -> Option<Named> {
        // "2026-04-06, 14:05:09".
        let fields = [
            ("hourCycle", "h23"),
            ("year", "numeric"),
            ("month", "2-digit"),
            ("day", "2-digit"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("second", "2-digit"),
        ];
        let (format, formatter) = crate::here::zone_format(tz, &fields)?;
        Some(Named {
            format,
            formatter,
            hours: HashMap::new(),
        })
    }

    fn ask(&self, utc_ms: i64) -> Option<i64> {
        let text = self
            .format
            .call1(&self.formatter, &JsValue::from_f64(utc_ms as f64))
            .ok()?
            .as_string()?;
        local_ms(&text).map(|local| local - utc_ms)
    }
}

impl Zone for Named {
    fn offset_ms(&mut self, utc_ms: i64) -> i64 {
        let hour = utc_ms.div_euclid(HOUR_MS);
        if let Some(o) = self.hours.get(&hour) {
            return *o;
        }
        let o = self.ask(hour * HOUR_MS).unwrap_or(0);
        self.hours.insert(hour, o);
        o
    }
}

/// "2026-04-06, 14:05:09" (en-CA, 24-hour) → milliseconds since the epoch of that wall time
/// read as UTC.
fn local_ms(text: &str) -> Option<i64> {
    let digits: Vec<i64> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    let [y, mo, d, h, mi, s] = digits[..] else {
        return None;
    };
    let date = crate::date::Date::from_ymd(y as i32, mo as u32, d as u32)?;
    Some(date.days_since_epoch() as i64 * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000)
}

#[cfg(test)]
mod tests {
    #[test]
    fn intl_wall_times_read_as_utc_milliseconds() {
        assert_eq!(super::local_ms("1970-01-02, 01:00:30"), Some(90_030_000));
        assert_eq!(
            super::local_ms("2026-04-06, 14:05:09"),
            Some(1_775_484_309_000)
        );
        assert_eq!(super::local_ms("2026-04-06"), None);
    }
}
