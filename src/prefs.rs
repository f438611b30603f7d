//! What the person chose in this browser, for every source: localStorage (`local`), the theme,
//! the refresh interval, minute-by-minute curves and the widget layout.

use crate::browser::WebStorage;
use crate::env::KvStore;
use crate::layout::Layout;

pub const REFRESH_MINUTES_KEY: &str = crate::keys::REFRESH_MINUTES;
pub const THEME_KEY: &str = crate::keys::THEME;
pub const INTRADAY_KEY: &str = crate::keys::INTRADAY;

pub fn local() -> WebStorage {
    WebStorage
}

/// Whether minute-by-minute curves are wanted (off by default: they need a Personal app).
pub fn intraday_on() -> bool {
    local().get(INTRADAY_KEY).as_deref() == Some("on")
}

/// The saved widget layout.
pub fn saved_layout() -> Layout {
    Layout::parse(local().get(crate::layout::KEY).as_deref())
}

/// Minutes between automatic refreshes (0: off); 15 unless chosen otherwise.
pub fn refresh_minutes() -> u32 {
    local()
        .get(REFRESH_MINUTES_KEY)
        .and_then(|s| s.parse().ok())
        .unwrap_or(15)
}
