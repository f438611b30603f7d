//! `cargo xtask bench`: measured figures, not tests.
//!
//! Builds the release bundle as deployed (under `/pulsedeck/`) and prints the bytes a first
//! visit transfers: each file raw and gzip-compressed (what static hosts such as GitHub Pages
//! send), grouped by kind.

use crate::tools::{self, Toolchain};
use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::Path;

pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).expect("in-memory write");
    enc.finish().expect("in-memory gzip").len()
}

/// (kind, name, raw bytes, gzip bytes) for every file of a build.
pub fn sizes(dist: &Path) -> Result<Vec<(String, String, usize, usize)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dist.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
            let kind = path.extension().and_then(|e| e.to_str()).unwrap_or("other").to_string();
            let name = path.strip_prefix(dist).unwrap_or(&path).display().to_string();
            out.push((kind, name, bytes.len(), gzip_len(&bytes)));
        }
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    Ok(out)
}

pub fn run(_args: &[String]) -> Result<(), String> {
    let tc = Toolchain::setup(false)?;
    let dist = tools::root().join("target").join("bench-dist");
    let _ = std::fs::remove_dir_all(&dist);
    tc.release_build("/pulsedeck/", &dist)?;
    let files = sizes(&dist)?;

    println!("\nRelease bundle (public URL /pulsedeck/), bytes:");
    println!("{:<6} {:<44} {:>10} {:>10}", "kind", "file", "raw", "gzip");
    for (kind, name, raw, gz) in &files {
        println!("{kind:<6} {name:<44} {raw:>10} {gz:>10}");
    }
    // A first visit loads the page, its loader, the wasm, the stylesheet and the icon.
    let first_load: Vec<_> = files.iter().filter(|f| matches!(f.0.as_str(), "html" | "js" | "wasm" | "css" | "svg")).collect();
    let raw: usize = first_load.iter().map(|f| f.2).sum();
    let gz: usize = first_load.iter().map(|f| f.3).sum();
    println!("{:<6} {:<44} {:>10} {:>10}", "total", "first load (html+js+wasm+css+icon)", raw, gz);
    println!("\nfirst-load transfer: {:.1} KiB gzip ({:.1} KiB raw)", gz as f64 / 1024.0, raw as f64 / 1024.0);
    Ok(())
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
