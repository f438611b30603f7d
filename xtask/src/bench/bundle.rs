//! The release bundle's bytes: each file raw and gzip-compressed (what static hosts such as
//! GitHub Pages send), grouped by kind, and what a first visit and a returning one transfer.

use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::Path;

pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).expect("in-memory write");
    enc.finish().expect("in-memory gzip").len()
}

/// A file of the bundle: its kind (extension), name, raw and gzip bytes.
type BundleFile = (String, String, usize, usize);

/// Every file of a build, as [`BundleFile`]s.
pub fn sizes(dist: &Path) -> Result<Vec<BundleFile>, String> {
    let mut out: Vec<_> = crate::pwa::files(dist)?
        .into_iter()
        .map(|(name, bytes)| {
            let kind = name
                .rsplit_once('.')
                .map(|(_, e)| e)
                .unwrap_or("other")
                .to_string();
            (kind, name, bytes.len(), gzip_len(&bytes))
        })
        .collect();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    Ok(out)
}

/// Prints every file and the totals of a first visit, a returning one, the service worker's
/// precache and the import worker; returns the first visit's gzip bytes (a budget's figure).
pub fn print(files: &[BundleFile]) -> usize {
    println!("\nRelease bundle (public URL /pulsedeck/), bytes:");
    println!("{:<6} {:<44} {:>10} {:>10}", "kind", "file", "raw", "gzip");
    for (kind, name, raw, gz) in files {
        println!("{kind:<6} {name:<44} {raw:>10} {gz:>10}");
    }
    // A first visit loads the page (its stylesheet inside), the welcome page's glue and wasm,
    // and the icon; the app's glue and wasm come when the person acts there, or at once for a
    // returning person (the worker precaches the whole shell in the background, for offline use).
    let page =
        |f: &&BundleFile| matches!(f.0.as_str(), "html" | "css" | "svg") && f.1 != "404.html";
    let app =
        |f: &&BundleFile| f.1.starts_with("pulsedeck-") && matches!(f.0.as_str(), "js" | "wasm");
    let welcome =
        |f: &&BundleFile| f.1.starts_with("welcome") && matches!(f.0.as_str(), "js" | "wasm");
    // (raw, gzip) bytes of the files `load` takes, printed as a total row.
    let total = |label: &str, load: &dyn Fn(&&BundleFile) -> bool| {
        let (raw, gz) = files
            .iter()
            .filter(load)
            .fold((0, 0), |(r, g), f| (r + f.2, g + f.3));
        println!("{:<6} {:<44} {:>10} {:>10}", "total", label, raw, gz);
        (raw, gz)
    };
    let (raw, gz) = total("first visit (html+css, welcome js+wasm, icon)", &|f| {
        page(f) || welcome(f)
    });
    let (_, rgz) = total("with data (html+css, app js+wasm, icon)", &|f| {
        page(f) || app(f)
    });
    println!(
        "\nfirst-load transfer: {:.1} KiB gzip ({:.1} KiB raw)",
        gz as f64 / 1024.0,
        raw as f64 / 1024.0
    );
    println!("the app, loaded on the first action or for a returning person: {:.1} KiB gzip (page included)", rgz as f64 / 1024.0);
    let sw = files
        .iter()
        .find(|f| f.1 == "sw.js")
        .map(|f| f.3)
        .unwrap_or(0);
    let precache: usize = files
        .iter()
        .filter(|f| crate::pwa::in_shell(&f.1))
        .map(|f| f.3)
        .sum();
    println!(
        "service worker {:.1} KiB gzip; whole precached shell {:.1} KiB gzip",
        sw as f64 / 1024.0,
        precache as f64 / 1024.0
    );
    let worker: usize = files
        .iter()
        .filter(|f| f.1.starts_with("import") && !f.1.ends_with("_loader.js"))
        .map(|f| f.3)
        .sum();
    println!(
        "import worker (fetched when an import starts, not precached): {:.1} KiB gzip",
        worker as f64 / 1024.0
    );
    gz
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_shrinks_repetitive_input() {
        let data = vec![b'a'; 10_000];
        let n = gzip_len(&data);
        assert!(n > 0 && n < 200, "{n}");
    }
}
