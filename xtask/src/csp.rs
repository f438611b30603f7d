//! Trunk post-build hook: keep the Content-Security-Policy strict.
//!
//! Trunk writes an inline `<script type="module">` loader into index.html, and inlines the
//! stylesheet (so the first paint waits for no second request). Rather than allowing
//! `'unsafe-inline'`, this hook hashes every inline script and style of the built page and writes
//! the hashes in place of the `INLINE_SCRIPT_HASHES` and `INLINE_STYLE_HASHES` placeholders of
//! the CSP `<meta>`.

use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

pub const PLACEHOLDER: &str = "INLINE_SCRIPT_HASHES";
pub const STYLE_PLACEHOLDER: &str = "INLINE_STYLE_HASHES";

pub fn write(staging: &Path) -> Result<(), String> {
    let index = staging.join("index.html");
    let html =
        std::fs::read_to_string(&index).map_err(|e| format!("reading {}: {e}", index.display()))?;
    let out = apply(&html)?;
    std::fs::write(&index, out).map_err(|e| format!("writing {}: {e}", index.display()))?;
    Ok(())
}

/// The bodies of all inline `<script>` elements (those without `src`).
/// The contents of every `<tag>…</tag>` of `html` that is not loaded from a `src`.
pub fn inline_blocks<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let attrs = &after[..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(end) = body_and_more.find(&close) else {
            break;
        };
        if !attrs.contains(" src=") {
            out.push(&body_and_more[..end]);
        }
        rest = &body_and_more[end + close.len()..];
    }
    out
}

pub fn csp_hash(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Replaces the placeholder with the hashes of the page's inline scripts.
pub fn apply(html: &str) -> Result<String, String> {
    if !html.contains(PLACEHOLDER) {
        return Err(format!(
            "index.html has no {PLACEHOLDER} placeholder in its CSP"
        ));
    }
    // Only the CSP <meta> itself is rewritten (the placeholder's name may appear elsewhere).
    let meta_start = html
        // Quoted as written, unquoted once Trunk has minified the page.
        .find("http-equiv=\"Content-Security-Policy\"")
        .or_else(|| html.find("http-equiv=Content-Security-Policy"))
        .and_then(|i| html[..i].rfind("<meta"))
        .ok_or("index.html has no Content-Security-Policy <meta>")?;
    let meta_end = meta_start
        + html[meta_start..]
            .find('>')
            .ok_or("unterminated CSP <meta>")?;
    let meta = &html[meta_start..meta_end];
    if !meta.contains(PLACEHOLDER) {
        return Err(format!("the CSP <meta> has no {PLACEHOLDER} placeholder"));
    }
    let hashes = |tag: &str| {
        let mut h: Vec<String> = inline_blocks(html, tag).into_iter().map(csp_hash).collect();
        h.sort();
        h.dedup();
        h.join(" ")
    };
    // With no inline script, leave nothing behind (an empty list is still a valid policy).
    let meta = meta.replacen(PLACEHOLDER, &hashes("script"), 1).replacen(
        STYLE_PLACEHOLDER,
        &hashes("style"),
        1,
    );
    Ok(format!(
        "{}{}{}",
        &html[..meta_start],
        meta,
        &html[meta_end..]
    ))
}

/// Development builds only (`trunk serve`): Trunk's live-reload script names the server's
/// address and path by placeholders the server fills in when it serves the page, after this
/// hook hashed the script (so the CSP refused the served text), and opens a WebSocket that
/// `connect-src` did not allow. Here the script reads the address from the page itself and
/// gets the path written in, so its hash holds, and the dev server's socket is allowed. A
/// release build never calls this: its CSP stays as strict as written.
pub fn dev_reload(html: &str, base: &str) -> String {
    html.replace("'{{__TRUNK_ADDRESS__}}'", "window.location.host")
        .replace("'{{__TRUNK_WS_BASE__}}'", &format!("'{base}'"))
        .replacen(
            "connect-src 'self'",
            "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
            1,
        )
}

pub fn write_dev_reload(staging: &Path, base: &str) -> Result<(), String> {
    let index = staging.join("index.html");
    let html =
        std::fs::read_to_string(&index).map_err(|e| format!("reading {}: {e}", index.display()))?;
    std::fs::write(&index, dev_reload(&html, base))
        .map_err(|e| format!("writing {}: {e}", index.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_development_page_allows_truncs_live_reload_and_its_hash_holds() {
        let trunk =
            "const address = '{{__TRUNK_ADDRESS__}}';\n    const base = '{{__TRUNK_WS_BASE__}}';";
        let html = format!(
            r#"<meta http-equiv="Content-Security-Policy" content="script-src 'self' INLINE_SCRIPT_HASHES; connect-src 'self' https://api.fitbit.com"><script>{trunk}</script>"#
        );
        let dev = apply(&dev_reload(&html, "/")).unwrap();
        // What the dev server serves is what was hashed: no placeholder left for it to fill.
        assert!(!dev.contains("{{__TRUNK"));
        let script = inline_blocks(&dev, "script")[0];
        assert!(
            script.contains("const address = window.location.host;"),
            "{script}"
        );
        assert!(dev.contains(&csp_hash(script)));
        assert!(dev.contains(
            "connect-src 'self' ws://127.0.0.1:* ws://localhost:* https://api.fitbit.com"
        ));
        // A release page is never touched: no socket allowed.
        assert!(!apply(&html).unwrap().contains("ws://"));
    }

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<meta http-equiv="Content-Security-Policy" content="script-src 'self' INLINE_SCRIPT_HASHES"><script src="a.js"></script><script type="module" nonce="x">import init from '/a.js';</script>"#;
        assert_eq!(
            inline_blocks(html, "script"),
            vec!["import init from '/a.js';"]
        );
        let out = apply(html).unwrap();
        assert!(!out.contains(PLACEHOLDER));
        assert!(out.contains(&csp_hash("import init from '/a.js';")));
    }

    #[test]
    fn hash_matches_the_csp_spec_example_form() {
        // echo -n "alert('Hello, world.');" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
    }

    #[test]
    fn only_the_csp_meta_is_rewritten() {
        let html = r#"<!-- INLINE_SCRIPT_HASHES is replaced --><meta http-equiv="Content-Security-Policy" content="script-src INLINE_SCRIPT_HASHES"><script>x()</script>"#;
        let out = apply(html).unwrap();
        assert!(
            out.starts_with("<!-- INLINE_SCRIPT_HASHES is replaced -->"),
            "{out}"
        );
        assert!(
            out.contains(&format!("content=\"script-src {}\"", csp_hash("x()"))),
            "{out}"
        );
    }

    #[test]
    fn a_minified_page_is_rewritten_too() {
        let html = r#"<meta content="script-src INLINE_SCRIPT_HASHES" http-equiv=Content-Security-Policy><script>x()</script>"#;
        let out = apply(html).unwrap();
        assert!(
            out.starts_with(&format!(
                "<meta content=\"script-src {}\" http-equiv=Content-Security-Policy>",
                csp_hash("x()")
            )),
            "{out}"
        );
    }

    #[test]
    fn inline_styles_are_hashed_into_style_src() {
        let html = r#"<meta http-equiv="Content-Security-Policy" content="script-src INLINE_SCRIPT_HASHES; style-src 'self' INLINE_STYLE_HASHES"><style>body{margin:0}</style><script>x()</script>"#;
        let out = apply(html).unwrap();
        assert!(
            out.contains(&format!(
                "style-src 'self' {}\"",
                csp_hash("body{margin:0}")
            )),
            "{out}"
        );
        assert!(
            out.contains(&format!("script-src {};", csp_hash("x()"))),
            "{out}"
        );
    }

    #[test]
    fn a_page_without_the_placeholder_is_an_error() {
        assert!(apply("<html></html>").is_err());
    }
}
