//! Installing pulsedeck where the browser never offers it (`beforeinstallprompt` is Chromium's
//! alone): Safari on iPhone and iPad (Share → Add to Home Screen) and on a Mac (File → Add to
//! Dock), Firefox on Android (its menu → Install), GNOME Web (its menu → Install Site as Web
//! Application); Firefox on a computer installs no web apps, and says so. Read from the user
//! agent, a pure function so every case is tested natively. Also whether the engine is WebKit,
//! whose storage rules differ (a site not added to the Home Screen is cleared after 7 days
//! without use).

/// The instructions shown by "Install app" where the browser has no install dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstallHelp {
    Ios,
    MacSafari,
    FirefoxAndroid,
    FirefoxDesktop,
    GnomeWeb,
}

/// Any browser on iOS or iPadOS (all are WebKit; iPadOS reports itself as a Mac with touch).
fn is_ios(ua: &str, touch_points: i32) -> bool {
    ua.contains("iPhone")
        || ua.contains("iPad")
        || ua.contains("iPod")
        || (ua.contains("Macintosh") && touch_points > 1)
}

fn is_chromium(ua: &str) -> bool {
    ["Chrome/", "Chromium/", "Edg/", "OPR/"]
        .iter()
        .any(|m| ua.contains(m))
}

/// Which instructions this browser needs; None where it offers its own dialog (Chromium) or
/// where no way to install is known.
pub fn install_help(ua: &str, touch_points: i32) -> Option<InstallHelp> {
    if is_ios(ua, touch_points) {
        return Some(InstallHelp::Ios);
    }
    if ua.contains("Firefox/") {
        return Some(if ua.contains("Android") {
            InstallHelp::FirefoxAndroid
        } else {
            InstallHelp::FirefoxDesktop
        });
    }
    if is_chromium(ua) || !ua.contains("AppleWebKit/") || !ua.contains("Safari/") {
        return None;
    }
    if ua.contains("Macintosh") {
        Some(InstallHelp::MacSafari)
    } else if ua.contains("Linux") {
        Some(InstallHelp::GnomeWeb)
    } else {
        None
    }
}

/// Whether the engine is WebKit (Safari, any iOS browser, GNOME Web).
pub fn is_webkit(ua: &str, touch_points: i32) -> bool {
    is_ios(ua, touch_points)
        || (ua.contains("AppleWebKit/") && !is_chromium(ua) && !ua.contains("Firefox/"))
}

impl InstallHelp {
    /// The sentence before the steps, the steps (shown in bold, joined by ", then "), and what
    /// follows them.
    pub fn text(self) -> (&'static str, &'static [&'static str], &'static str) {
        match self {
            InstallHelp::Ios => (
                "To install pulsedeck on an iPhone or iPad: open this page in Safari, tap ",
                &["Share", "Add to Home Screen"],
                ".",
            ),
            InstallHelp::MacSafari => (
                "To install pulsedeck on this Mac (macOS Sonoma or later): in Safari's menu bar choose ",
                &["File", "Add to Dock"],
                ".",
            ),
            InstallHelp::FirefoxAndroid => (
                "To install pulsedeck: open Firefox's menu ",
                &["⋮", "Install"],
                ".",
            ),
            InstallHelp::FirefoxDesktop => (
                "Firefox on a computer does not install web apps. pulsedeck works the same in this tab, \
                 and offline once opened; to have it as an app of its own, open this page in Chrome, \
                 Edge or Safari.",
                &[],
                "",
            ),
            InstallHelp::GnomeWeb => (
                "To install pulsedeck in GNOME Web: open its menu ",
                &["☰", "Install Site as Web Application"],
                ".",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InstallHelp::*;

    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1";
    const IPHONE_CHROME: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/138.0 Mobile/15E148 Safari/604.1";
    const MAC_SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15";
    const MAC_CHROME: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
    const LINUX_FIREFOX: &str =
        "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    const ANDROID_FIREFOX: &str =
        "Mozilla/5.0 (Android 15; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0";
    const WEBKITGTK: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15";
    const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36";

    #[test]
    fn each_browser_without_an_install_dialog_gets_its_own_steps() {
        assert_eq!(install_help(IPHONE, 5), Some(Ios));
        assert_eq!(install_help(IPHONE_CHROME, 5), Some(Ios));
        assert_eq!(
            install_help(MAC_SAFARI, 5),
            Some(Ios),
            "an iPad asks for the desktop site"
        );
        assert_eq!(install_help(MAC_SAFARI, 0), Some(MacSafari));
        assert_eq!(install_help(LINUX_FIREFOX, 0), Some(FirefoxDesktop));
        assert_eq!(install_help(ANDROID_FIREFOX, 5), Some(FirefoxAndroid));
        assert_eq!(install_help(WEBKITGTK, 0), Some(GnomeWeb));
    }

    #[test]
    fn chromium_offers_its_own_dialog() {
        assert_eq!(install_help(MAC_CHROME, 0), None);
        assert_eq!(install_help(ANDROID_CHROME, 5), None);
    }

    #[test]
    fn webkit_is_safari_any_ios_browser_and_gnome_web() {
        for ua in [IPHONE, IPHONE_CHROME, MAC_SAFARI, WEBKITGTK] {
            assert!(is_webkit(ua, 0) || is_webkit(ua, 5), "{ua}");
        }
        for ua in [MAC_CHROME, LINUX_FIREFOX, ANDROID_FIREFOX, ANDROID_CHROME] {
            assert!(!is_webkit(ua, 0), "{ua}");
        }
    }
}
