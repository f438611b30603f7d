//! Where and when this page is, for every source: today on this device, the date in a time
//! zone, a local clock time, the page's root (the Redirect URL every sign-in comes back to),
//! and an answer's parameters cleared from the address.

use crate::browser::window;
use crate::date::Date;

/// This page's root URL: the Redirect URL to register with a provider (dev.fitbit.com, a
/// Google Cloud client). It follows the page's `<base>` (the public URL the build was made for), so it is the same
/// from any path the app is opened at.
pub fn redirect_uri() -> String {
    let loc = window().location();
    let base_path = window()
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|b| web_sys::Url::new(&b).ok())
        .map(|u| u.pathname());
    let path = base_path.unwrap_or_else(|| loc.pathname().unwrap_or_else(|_| "/".into()));
    app_root(&loc.origin().unwrap_or_default(), &path)
}

/// The app's root URL, which is also the Redirect URL to register: the page's directory
/// (`https://user.github.io/pulsedeck/` for `/pulsedeck/` or `/pulsedeck/index.html`).
pub fn app_root(origin: &str, pathname: &str) -> String {
    let last = pathname.rsplit('/').next().unwrap_or("");
    let dir = if last.contains('.') {
        &pathname[..pathname.len() - last.len()]
    } else if last.is_empty() {
        pathname
    } else {
        // "/pulsedeck" without the trailing slash is the directory itself.
        return format!("{origin}{pathname}/");
    };
    format!("{origin}{}", if dir.is_empty() { "/" } else { dir })
}

/// Removes the callback's code and state from the address bar and the history entry.
pub fn clean_callback_url() {
    let loc = window().location();
    let path = loc.pathname().unwrap_or_else(|_| "/".into());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
}

/// Today's date on this device's clock, in its local time zone.
pub fn device_today() -> Date {
    let now = js_sys::Date::new_0();
    Date::from_ymd(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_else(|| Date::from_ymd(1970, 1, 1).expect("valid"))
}

/// An `Intl.DateTimeFormat` of the IANA zone `tz` in `en-CA` (dates as YYYY-MM-DD) with
/// `fields`, and its `format`; `None` for a zone the browser does not know (a RangeError). The
/// page and the import worker both have `Intl`, so DST rules cost no wasm.
pub fn zone_format(
    tz: &str,
    fields: &[(&str, &str)],
) -> Option<(js_sys::Function, wasm_bindgen::JsValue)> {
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::JsCast;
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: Function = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let opts = Object::new();
    Reflect::set(&opts, &"timeZone".into(), &tz.into()).ok()?;
    for (k, v) in fields {
        Reflect::set(&opts, &(*k).into(), &(*v).into()).ok()?;
    }
    let fmt = Reflect::construct(&ctor, &Array::of2(&"en-CA".into(), &opts)).ok()?;
    let format: Function = Reflect::get(&fmt, &"format".into()).ok()?.dyn_into().ok()?;
    Some((format, fmt))
}

/// The calendar date at `now_ms` in the IANA time zone `tz`; `None` for a zone the browser
/// does not know.
pub fn zone_date(tz: &str, now_ms: i64) -> Option<Date> {
    let fields = [
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
    ];
    let (format, fmt) = zone_format(tz, &fields)?;
    let text = format
        .call1(&fmt, &wasm_bindgen::JsValue::from_f64(now_ms as f64))
        .ok()?
        .as_string()?;
    Date::parse(&text).ok()
}

/// Local "HH:MM" of an instant, for messages.
pub fn clock_time(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// Local "Dec 7, 2026, 14:32" of an instant.
pub fn date_time(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let day =
        crate::date::Date::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date());
    let day = day.map(|x| x.short_label_y()).unwrap_or_default();
    format!("{day}, {}", clock_time(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redirect_url_is_the_app_root() {
        assert_eq!(
            app_root("https://u.github.io", "/pulsedeck/"),
            "https://u.github.io/pulsedeck/"
        );
        assert_eq!(
            app_root("https://u.github.io", "/pulsedeck/index.html"),
            "https://u.github.io/pulsedeck/"
        );
        assert_eq!(
            app_root("https://u.github.io", "/pulsedeck"),
            "https://u.github.io/pulsedeck/"
        );
        assert_eq!(
            app_root("http://127.0.0.1:8080", "/"),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            app_root("https://pulse.example", "/index.html"),
            "https://pulse.example/"
        );
    }
}
