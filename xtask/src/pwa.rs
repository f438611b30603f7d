//! Trunk post-build, part two: what makes the build an installable, offline-capable app on a
//! static host.
//!
//! - `sw.js`: the service worker, from `xtask/assets/sw.js` with this build's file list and a
//!   cache name derived from the files' names and contents (no version constant to keep in step).
//!   The cache name is the build's version: index.html carries it too (`<meta
//!   name=pulsedeck-version>`), so each open page can tell the worker which version it runs and
//!   an older version's files are kept while a page of it is open.
//! - `404.html`: GitHub Pages serves it for any unknown path under the site; it sends the
//!   browser back to the app's root, without carrying the unknown path's query along.

use sha2::{Digest, Sha256};
use std::path::Path;

const SW_TEMPLATE: &str = include_str!("../assets/sw.js");
pub const SW_FILE: &str = "sw.js";
pub const NOT_FOUND_FILE: &str = "404.html";

/// Whether a built file belongs in the precached app shell. Screenshots are for install
/// dialogs only; the service worker and the 404 page are not part of the app; the import
/// worker's files are fetched (and then kept) only when an import starts.
pub fn in_shell(rel: &str) -> bool {
    if rel == SW_FILE || rel == NOT_FOUND_FILE || rel.starts_with("screenshots/") || in_import(rel)
    {
        return false;
    }
    let ext = rel.rsplit('.').next().unwrap_or("");
    matches!(
        ext,
        "html" | "js" | "wasm" | "css" | "webmanifest" | "svg" | "png"
    )
}

/// Whether a shell file is one a first look needs offline (the page, the welcome page, what
/// the page itself links): the rest of the shell, the app, is kept once the person opens it.
pub fn in_first(rel: &str) -> bool {
    in_shell(rel)
        && (rel == "index.html"
            || rel.starts_with("welcome")
            || rel == "icon.svg"
            || rel == "manifest.webmanifest")
}

/// Every file under `dir`, as (path relative to `dir` with `/` separators, bytes), sorted.
/// (Also what `cargo xtask bench` measures.)
pub fn files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(dir).map_err(|e| e.to_string())?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            out.push((rel, bytes));
        }
    }
    out.sort();
    Ok(out)
}

/// The import worker's files: not precached (fetched when an import starts), and unhashed.
fn in_import(rel: &str) -> bool {
    rel.starts_with("import")
}

const VERSION_META: &str = "<meta name=pulsedeck-version content=";

/// `html` without its version `<meta>` (what the version is computed from).
fn unstamped(html: &str) -> String {
    match html.find(VERSION_META) {
        Some(at) => {
            let end = at + html[at..].find('>').map_or(html.len() - at, |i| i + 1);
            format!("{}{}", &html[..at], &html[end..])
        }
        None => html.to_string(),
    }
}

/// `html` carrying `version` in its `<meta name=pulsedeck-version>` (right after the charset's
/// `<meta>`; any earlier one replaced): `src/pwa.rs` reads it.
pub fn stamp(html: &str, version: &str) -> Result<String, String> {
    let html = unstamped(html);
    let charset = html
        .find("<meta charset")
        .ok_or("index.html has no <meta charset> to put the version after")?;
    let at = charset
        + html[charset..]
            .find('>')
            .ok_or("unterminated <meta charset>")?
        + 1;
    Ok(format!(
        "{}{VERSION_META}{version}>{}",
        &html[..at],
        &html[at..]
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A build's version, which is also its cache's name: `pulsedeck-` and a hash of the names and
/// contents of the shell's files (index.html without its version) and the import worker's
/// (Trunk does not hash a worker's names: a new build of them is a new version too).
pub fn version(files: &[(String, Vec<u8>)]) -> Result<String, String> {
    if !files.iter().any(|(rel, _)| rel == "index.html") {
        return Err("the build has no index.html to precache".into());
    }
    let mut hasher = Sha256::new();
    for (rel, bytes) in files
        .iter()
        .filter(|(rel, _)| in_shell(rel) || in_import(rel))
    {
        let bytes = if rel == "index.html" {
            unstamped(&String::from_utf8_lossy(bytes)).into_bytes()
        } else {
            bytes.clone()
        };
        hasher.update(rel.as_bytes());
        hasher.update([0]);
        hasher.update(Sha256::digest(&bytes));
    }
    Ok(format!("pulsedeck-{}", hex(&hasher.finalize()[..8])))
}

/// The worker for a build: keeps the first look's files at install and the app's when asked
/// (index.html as `./`, the app's root URL), each checked against its SHA-256, and knows the
/// import worker's files by theirs (kept only if they are this build's).
pub fn service_worker(files: &[(String, Vec<u8>)]) -> Result<String, String> {
    let name = version(files)?;
    let url = |rel: &str| {
        if rel == "index.html" {
            "./".to_string()
        } else {
            format!("./{rel}")
        }
    };
    let shell = || files.iter().filter(|(rel, _)| in_shell(rel));
    let list = |first: bool| {
        let urls: Vec<String> = shell()
            .filter(|(rel, _)| in_first(rel) == first)
            .map(|(rel, _)| url(rel))
            .collect();
        serde_json::to_string(&urls).map_err(|e| e.to_string())
    };
    let digests: serde_json::Map<String, serde_json::Value> = shell()
        .map(|(rel, bytes)| (url(rel), hex(&Sha256::digest(bytes)).into()))
        .collect();
    let import: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .filter(|(rel, _)| in_import(rel))
        .map(|(rel, bytes)| (format!("./{rel}"), hex(&Sha256::digest(bytes)).into()))
        .collect();
    let json = |m| serde_json::to_string(&m).map_err(|e| e.to_string());
    Ok(SW_TEMPLATE
        .replace("__CACHE_NAME__", &name)
        .replace("__FIRST_FILES__", &list(true)?)
        .replace("__APP_FILES__", &list(false)?)
        .replace("__DIGESTS__", &json(digests)?)
        .replace("__IMPORT_FILES__", &json(import)?))
}

/// A base path safe to write into HTML and a URL unescaped: `/`, or `/segments/`.
pub fn check_base(base: &str) -> Result<(), String> {
    let ok = base.starts_with('/')
        && base.ends_with('/')
        && base
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-._~".contains(c))
        && !base.contains("//");
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the public URL {base:?} must be a path like /pulsedeck/ (letters, digits, - . _ ~)"
        ))
    }
}

/// The page GitHub Pages serves for unknown paths: back to the app root, no script needed.
pub fn not_found_page(base: &str) -> Result<String, String> {
    check_base(base)?;
    Ok(format!(
        r#"<!doctype html>
<html lang="en">
<head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; base-uri 'none'; form-action 'none'">
    <meta name="referrer" content="no-referrer">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex">
    <meta http-equiv="refresh" content="0; url={base}">
    <title>pulsedeck</title>
</head>
<body>
    <p>This page is not part of pulsedeck. <a href="{base}">Open pulsedeck</a>.</p>
</body>
</html>
"#
    ))
}

/// Writes 404.html and then sw.js (last, so it sees every other file) into a built directory.
pub fn write(dir: &Path, base: &str) -> Result<(), String> {
    std::fs::write(dir.join(NOT_FOUND_FILE), not_found_page(base)?)
        .map_err(|e| format!("writing 404.html: {e}"))?;
    write_worker(dir)
}

/// (Re)writes sw.js for the files now in `dir`, and stamps index.html with their version;
/// `cargo xtask sw <dir>` runs only this.
pub fn write_worker(dir: &Path) -> Result<(), String> {
    let mut files = files(dir)?;
    let version = version(&files)?;
    // Stamped first: the worker checks index.html by the bytes the server will send.
    for (rel, bytes) in files.iter_mut().filter(|(rel, _)| rel == "index.html") {
        *bytes = stamp(&String::from_utf8_lossy(bytes), &version)?.into_bytes();
        std::fs::write(dir.join(rel.as_str()), &bytes)
            .map_err(|e| format!("writing index.html: {e}"))?;
    }
    let sw = service_worker(&files)?;
    std::fs::write(dir.join(SW_FILE), sw).map_err(|e| format!("writing sw.js: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(extra: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        let mut f: Vec<(String, Vec<u8>)> = [
            ("index.html", "<html>"),
            ("pulsedeck-abc.js", "js"),
            ("pulsedeck-abc_bg.wasm", "wasm"),
            ("main-def.css", "css"),
            ("manifest.webmanifest", "{}"),
            ("icons/icon-192.png", "png"),
            ("icon.svg", "<svg/>"),
            ("screenshots/wide.jpg", "jpg"),
            ("404.html", "old"),
            ("sw.js", "old"),
        ]
        .iter()
        .chain(extra)
        .map(|(a, b)| (a.to_string(), b.as_bytes().to_vec()))
        .collect();
        f.sort();
        f
    }

    fn cache_name(sw: &str) -> &str {
        let start = sw.find("const CACHE = '").unwrap() + 15;
        &sw[start..start + sw[start..].find('\'').unwrap()]
    }

    #[test]
    fn keeps_the_first_look_at_install_and_the_app_when_opened() {
        let sw = service_worker(&build(&[("welcome.js", "w"), ("welcome_bg.wasm", "ww")])).unwrap();
        assert!(sw.contains(r#"const FIRST = ["./icon.svg","./","./manifest.webmanifest","./welcome.js","./welcome_bg.wasm"];"#), "{sw}");
        assert!(sw.contains(r#"const APP = ["./icons/icon-192.png","./main-def.css","./pulsedeck-abc.js","./pulsedeck-abc_bg.wasm"];"#), "{sw}");
        // Each kept file is checked against its bytes (sha256("js")).
        let digest = format!("\"./pulsedeck-abc.js\":\"{}\"", hex(&Sha256::digest(b"js")));
        assert!(sw.contains(&digest), "{sw}");
        assert!(!sw.contains("__"), "a placeholder was left: {sw}");
        assert!(cache_name(&sw).starts_with("pulsedeck-") && cache_name(&sw).len() == 26);
    }

    #[test]
    fn the_cache_name_follows_the_files_not_a_version_constant() {
        let a = service_worker(&build(&[])).unwrap();
        assert_eq!(
            cache_name(&a),
            cache_name(&service_worker(&build(&[])).unwrap()),
            "same build, same name"
        );
        // A changed icon (its name is not hashed) is a new version…
        let mut changed = build(&[]);
        changed.iter_mut().find(|(r, _)| r == "icon.svg").unwrap().1 = b"<svg></svg>".to_vec();
        assert_ne!(
            cache_name(&a),
            cache_name(&service_worker(&changed).unwrap())
        );
        // …and so is a new file; a new screenshot is not.
        assert_ne!(
            cache_name(&a),
            cache_name(&service_worker(&build(&[("extra.css", "x")])).unwrap())
        );
        assert_eq!(
            cache_name(&a),
            cache_name(&service_worker(&build(&[("screenshots/n.jpg", "x")])).unwrap())
        );
    }

    #[test]
    fn the_worker_never_handles_other_origins_and_never_skips_waiting_by_itself() {
        let sw = service_worker(&build(&[])).unwrap();
        assert!(sw.contains("url.origin !== self.location.origin) return;"));
        // Only the message handler may call skipWaiting (the "Reload" banner).
        let calls: Vec<_> = sw.match_indices("self.skipWaiting()").collect();
        assert_eq!(calls.len(), 1);
        assert!(
            sw[..calls[0].0].rfind("addEventListener('message'")
                > sw[..calls[0].0].rfind("addEventListener('install'")
        );
    }

    #[test]
    fn the_page_carries_its_version_and_the_worker_knows_its_import_files() {
        let files = build(&[("import_loader.js", "loader"), ("import_bg.wasm", "wasm")]);
        let sw = service_worker(&files).unwrap();
        let v = version(&files).unwrap();
        assert_eq!(cache_name(&sw), v);
        let html = "<!doctype html><html><head><meta charset=utf-8><title>p</title>";
        let stamped = stamp(html, &v).unwrap();
        assert_eq!(stamped, format!("<!doctype html><html><head><meta charset=utf-8><meta name=pulsedeck-version content={v}><title>p</title>"));
        // Stamped again (`cargo xtask sw` on a built directory): replaced, not added.
        assert_eq!(stamp(&stamped, &v).unwrap(), stamped);
        assert_eq!(
            stamp(&stamped, "pulsedeck-00")
                .unwrap()
                .matches("pulsedeck-version")
                .count(),
            1
        );
        // The version is computed without the stamp, so stamping does not change it.
        let mut with_stamp = build(&[("import_loader.js", "loader"), ("import_bg.wasm", "wasm")]);
        with_stamp
            .iter_mut()
            .find(|(r, _)| r == "index.html")
            .unwrap()
            .1 = stamp("<html><meta charset=utf-8>", &v)
            .unwrap()
            .into_bytes();
        let mut without = files.clone();
        without
            .iter_mut()
            .find(|(r, _)| r == "index.html")
            .unwrap()
            .1 = b"<html><meta charset=utf-8>".to_vec();
        assert_eq!(version(&with_stamp).unwrap(), version(&without).unwrap());
        // The import worker's files by their SHA-256, and nothing else.
        let sha = |s: &str| hex(&Sha256::digest(s.as_bytes()));
        assert!(
            sw.contains(&format!(
                r#"const IMPORT = {{"./import_bg.wasm":"{}","./import_loader.js":"{}"}};"#,
                sha("wasm"),
                sha("loader")
            )),
            "{sw}"
        );
        assert!(!sw.contains("__"), "a placeholder was left: {sw}");
        assert!(stamp("<html>", &v).is_err());
    }

    #[test]
    fn a_build_without_index_is_an_error() {
        assert!(service_worker(&[("a.js".into(), vec![])]).is_err());
    }

    #[test]
    fn the_404_page_returns_to_the_root_of_the_base_path() {
        let p = not_found_page("/pulsedeck/").unwrap();
        assert!(p.contains(r#"<meta http-equiv="refresh" content="0; url=/pulsedeck/">"#));
        assert!(p.contains(r#"<a href="/pulsedeck/">"#));
        assert!(
            !p.contains("<script"),
            "no script, so the strict policy needs no hash"
        );
        assert!(not_found_page("/").unwrap().contains("url=/\""));
    }

    #[test]
    fn odd_base_paths_are_refused() {
        for bad in [
            "pulsedeck/",
            "/pulsedeck",
            "/a\"b/",
            "//evil.example/",
            "/a b/",
            "/<x>/",
        ] {
            assert!(check_base(bad).is_err(), "{bad}");
        }
        for good in ["/", "/pulsedeck/", "/my.site/app-2/"] {
            assert!(check_base(good).is_ok(), "{good}");
        }
    }
}
