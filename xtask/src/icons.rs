//! `cargo xtask icons`: renders the PNG icons the manifest and iOS need from the one drawing in
//! `public/icon.svg`. The PNGs are committed (like a lockfile), so builds and CI need no
//! rasteriser; run this after changing the SVG. resvg is compiled only for this command
//! (feature `icons`).

// Without the feature only the tests read the variants.
#![cfg_attr(not(feature = "icons"), allow(dead_code))]

use std::path::Path;

/// The pulse line of `public/icon.svg`, which every variant draws.
const PULSE: &str = r##"<path d="M8 36h12l5-14 8 26 6-18 4 6h13" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>"##;
const TEAL: &str = "#0b7a75";

/// Full-bleed square with the line scaled into the middle: maskable icons keep their content
/// inside the central 80% circle; iOS rounds the corners of the touch icon itself.
fn full_bleed(scale: f64) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="{TEAL}"/><g transform="translate(32 32) scale({scale}) translate(-32.5 -35)">{PULSE}</g></svg>"##
    )
}

/// (file under public/icons, SVG source, size in pixels)
pub fn variants(any_svg: &str) -> Vec<(&'static str, String, u32)> {
    vec![
        ("icon-192.png", any_svg.to_string(), 192),
        ("icon-512.png", any_svg.to_string(), 512),
        ("maskable-192.png", full_bleed(0.75), 192),
        ("maskable-512.png", full_bleed(0.75), 512),
        ("apple-touch-icon.png", full_bleed(0.9), 180),
    ]
}

#[cfg(feature = "icons")]
pub fn render(root: &Path) -> Result<(), String> {
    let svg = std::fs::read_to_string(root.join("public/icon.svg"))
        .map_err(|e| format!("public/icon.svg: {e}"))?;
    let out = root.join("public/icons");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    for (name, source, size) in variants(&svg) {
        let tree = resvg::usvg::Tree::from_str(&source, &resvg::usvg::Options::default())
            .map_err(|e| format!("{name}: {e}"))?;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size).ok_or("bad size")?;
        let k = size as f32 / tree.size().width();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(k, k),
            &mut pixmap.as_mut(),
        );
        pixmap
            .save_png(out.join(name))
            .map_err(|e| format!("{name}: {e}"))?;
        println!("wrote public/icons/{name} ({size}×{size})");
    }
    Ok(())
}

/// Without the `icons` feature, build the xtask again with it (resvg stays out of everyday builds).
#[cfg(not(feature = "icons"))]
pub fn render(root: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut c = std::process::Command::new(cargo);
    c.current_dir(root).args([
        "run",
        "--quiet",
        "--release",
        "--package",
        "xtask",
        "--features",
        "icons",
        "--",
        "icons",
    ]);
    crate::run::status(&mut c, "xtask icons")
}

/// Width and height from a PNG's IHDR chunk, or None if `bytes` is not a PNG.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    Some((be(16), be(20)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_icons_exist_at_their_sizes() {
        let root = crate::tools::root();
        let svg = std::fs::read_to_string(root.join("public/icon.svg")).unwrap();
        assert!(
            svg.contains(PULSE),
            "public/icon.svg changed its line: update PULSE here, then run `cargo xtask icons`"
        );
        for (name, _, size) in variants(&svg) {
            let bytes = std::fs::read(root.join("public/icons").join(name))
                .unwrap_or_else(|e| panic!("{name}: {e} (run `cargo xtask icons`)"));
            assert_eq!(png_size(&bytes), Some((size, size)), "{name}");
        }
    }

    #[test]
    fn png_size_reads_the_header_and_rejects_other_files() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(192u32.to_be_bytes());
        png.extend(180u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((192, 180)));
        assert_eq!(png_size(b"GIF89a................."), None);
    }
}
