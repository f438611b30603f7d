//! Post-build: which wasm a visit loads. A first visit needs only the welcome page (the setup
//! screen: `src/bin/welcome.rs`, a fraction of the app's size); the app itself is loaded when
//! the person acts there (demo, export, a sign-in's answer) or when they come back with data.
//!
//! Trunk writes a `<script type="module">` that always starts the app, and preloads its files.
//! This replaces both: the loader below starts the welcome page unless the frame script marked a
//! returning person (`<html class="returning">`) or the address carries something for the app
//! (a sign-in's answer, a view); and it defines `pulsedeckApp()`, which the welcome page calls.

use std::path::Path;

pub fn write(staging: &Path) -> Result<(), String> {
    let index = staging.join("index.html");
    let html =
        std::fs::read_to_string(&index).map_err(|e| format!("reading {}: {e}", index.display()))?;
    std::fs::write(&index, rewrite(&html)?).map_err(|e| format!("writing {}: {e}", index.display()))
}

/// `html` with Trunk's loader replaced and the app's preloads removed.
pub fn rewrite(html: &str) -> Result<String, String> {
    const IMPORT: &str = "import init, * as bindings from '";
    const WASM: &str = "module_or_path: '";
    let start = html
        .find(IMPORT)
        .and_then(|i| html[..i].rfind("<script"))
        .ok_or("index.html has no Trunk loader for the app")?;
    let end = start
        + html[start..]
            .find("</script>")
            .ok_or("unterminated loader")?
        + "</script>".len();
    let trunk = &html[start..end];
    let quoted = |after: &str| {
        trunk
            .find(after)
            .map(|i| &trunk[i + after.len()..])
            .and_then(|s| s.split('\'').next())
    };
    let (js, wasm) = (
        quoted(IMPORT).ok_or("no app module in the loader")?,
        quoted(WASM).ok_or("no app wasm in the loader")?,
    );
    let base = &js[..js.rfind('/').map_or(0, |i| i + 1)];
    let loader = format!(
        "<script type=module>\
const app = () => window.pulsedeckStarted ??= import('{js}').then(async (bindings) => {{\
const wasm = await bindings.default({{ module_or_path: '{wasm}' }});\
window.wasmBindings = bindings;\
dispatchEvent(new CustomEvent('TrunkApplicationStarted', {{ detail: {{ wasm }} }}));\
}}).catch((e) => {{ window.pulsedeckStarted = null; throw e; }});\
window.pulsedeckApp = app;\
if (document.documentElement.classList.contains('returning') || location.search || location.hash) app();\
else {{ const s = document.createElement('script'); s.src = '{base}welcome.js';\
s.onload = () => wasm_bindgen({{ module_or_path: '{base}welcome_bg.wasm' }}); document.head.append(s); }}\
</script>"
    );
    let mut out = format!("{}{}{}", &html[..start], loader, &html[end..]);
    // The app's preloads would fetch it on every first visit.
    for file in [js, wasm] {
        while let Some(at) = out
            .find(&format!("href={file} "))
            .or_else(|| out.find(&format!("href=\"{file}\"")))
        {
            let open = out[..at]
                .rfind("<link")
                .ok_or("a preload outside a <link>")?;
            let close = at + out[at..].find('>').ok_or("unterminated <link>")? + 1;
            out.replace_range(open..close, "");
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = "<head><link crossorigin href=/p/app-1.js integrity=sha384-x rel=modulepreload><link as=fetch crossorigin href=/p/app-1_bg.wasm rel=preload type=application/wasm>\
<script type=module>import init, * as bindings from '/p/app-1.js';\nconst wasm = await init({ module_or_path: '/p/app-1_bg.wasm' });\nwindow.wasmBindings = bindings;</script></head><body><script>frame()</script></body>";

    #[test]
    fn the_app_is_loaded_on_demand_and_the_welcome_page_otherwise() {
        let out = rewrite(TRUNK).unwrap();
        assert!(
            !out.contains("modulepreload") && !out.contains("rel=preload"),
            "{out}"
        );
        assert!(
            out.contains("import('/p/app-1.js')")
                && out.contains("module_or_path: '/p/app-1_bg.wasm'"),
            "{out}"
        );
        assert!(
            out.contains("s.src = '/p/welcome.js'") && out.contains("'/p/welcome_bg.wasm'"),
            "{out}"
        );
        assert!(out.contains("window.pulsedeckApp = app"));
        assert!(
            out.ends_with("<script>frame()</script></body>"),
            "other scripts are left alone: {out}"
        );
        assert_eq!(out.matches("<script").count(), 2);
    }

    #[test]
    fn a_page_without_trunks_loader_is_an_error() {
        assert!(rewrite("<html><script>x()</script></html>").is_err());
    }
}
