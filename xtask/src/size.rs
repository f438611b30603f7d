//! Where the app's wasm bytes go: twiggy on the release build with its function names kept
//! (the deployed file has them stripped), after the same wasm-bindgen and `wasm-opt -Oz` as
//! Trunk runs, so the sizes are those of the shipped code.

use crate::run;
use crate::tools::{self, Toolchain};
use std::collections::BTreeMap;
use std::path::Path;

/// Prints twiggy's ten largest items, dominators and monomorphisations, and the code by crate
/// and by module of the app.
pub fn print(tc: &Toolchain) -> Result<(), String> {
    let built = tools::root().join("target/wasm32-unknown-unknown/release/pulsedeck.wasm");
    let dir = tools::root().join("target/size");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut bindgen = tc.tool("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--out-dir"])
        .arg(&dir)
        .arg(&built);
    run::status(&mut bindgen, "wasm-bindgen (names kept)")?;
    let named = dir.join("named.wasm");
    let mut opt = tc.tool("wasm-opt");
    opt.args(["-Oz", "-g"])
        .arg(dir.join("pulsedeck_bg.wasm"))
        .arg("-o")
        .arg(&named);
    run::status(&mut opt, "wasm-opt -Oz -g")?;
    let twiggy = tc.twiggy()?;
    let section = |title: &str, args: &[&str]| -> Result<(), String> {
        let mut c = tc.tool(&twiggy);
        c.args(args).arg(&named);
        let out = run::capture(&mut c).ok_or_else(|| format!("twiggy {}", args[0]))?;
        println!("\n{title}:");
        for line in out.lines() {
            println!("  {line}");
        }
        Ok(())
    };
    println!(
        "\nSize breakdown of the app's wasm (twiggy 0.8, names kept; {}):",
        named.display()
    );
    section("ten largest items", &["top", "-n", "10"])?;
    section(
        "largest dominators (what removing each would save), four levels deep",
        &["dominators", "-r", "16", "-d", "4"],
    )?;
    section(
        "ten costliest generic functions (monomorphisations)",
        &["monos", "-m", "10", "-n", "3"],
    )?;
    by_path(tc, &twiggy, &named)
}

/// The code's bytes summed by crate, and by module of pulsedeck.
fn by_path(tc: &Toolchain, twiggy: &Path, wasm: &Path) -> Result<(), String> {
    let mut c = tc.tool(twiggy);
    c.args(["top", "-n", "1000000", "--format", "csv"])
        .arg(wasm);
    let csv = run::capture(&mut c).ok_or("twiggy top --format csv")?;
    let (crates, modules) = group(&csv);
    let show = |title: &str, m: BTreeMap<String, usize>| {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by_key(|(_, b)| std::cmp::Reverse(*b));
        println!("\n{title}:");
        for (k, b) in v.iter().take(12) {
            println!("  {b:>9}  {k}");
        }
    };
    show("code and data by crate (bytes, largest 12)", crates);
    show("pulsedeck by module (bytes, largest 12)", modules);
    Ok(())
}

/// Sums twiggy's CSV rows (name, shallow size, …) by crate and by pulsedeck module; the
/// custom sections (names, producers) are not shipped and are left out.
pub fn group(csv: &str) -> (BTreeMap<String, usize>, BTreeMap<String, usize>) {
    let (mut crates, mut modules) = (BTreeMap::new(), BTreeMap::new());
    for line in csv.lines().skip(1) {
        // The name may hold commas (generic arguments): the size is the fourth field from the end.
        let fields: Vec<&str> = line.rsplitn(5, ',').collect();
        let [_, _, _, size, name] = fields[..] else {
            continue;
        };
        let Ok(bytes) = size.parse::<usize>() else {
            continue;
        };
        let name = name.trim_matches('"');
        if name.contains("subsection") || name.starts_with("custom section") {
            continue;
        }
        let mut path = name
            .trim_start_matches(['<', '&', '*'])
            .trim_start_matches("mut ")
            .trim_start_matches("const ");
        // `<T as tachys::…>::f`, `<f64 as core::fmt::Display>::fmt`: a generic or primitive
        // type is charged to the trait's crate.
        let head = path
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if !path[head.len()..].starts_with("::") {
            if let Some((_, tr)) = path.split_once(" as ") {
                path = tr.trim_start_matches(['<', '&']);
            }
        }
        let krate = if path.starts_with("data segment") {
            "(data segments)".to_string()
        } else if path.starts_with("import ")
            || path.starts_with("export ")
            || path.starts_with("elem[")
            || path.starts_with("table[")
        {
            "(imports, exports, tables)".to_string()
        } else if path.starts_with("code[") {
            "(unnamed code)".to_string()
        } else {
            path.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("")
                .to_string()
        };
        let krate = if krate.is_empty() {
            "(other)".to_string()
        } else {
            krate
        };
        if krate == "pulsedeck" {
            let module = path.split("::").nth(1).unwrap_or("").to_string();
            *modules.entry(module).or_insert(0) += bytes;
        }
        *crates.entry(krate).or_insert(0) += bytes;
    }
    (crates, modules)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_crate_and_module_and_skips_custom_sections() {
        let csv = "Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent\n\
            \"function names\" subsection,400,20,400,20\n\
            pulsedeck::fitbit::map::steps::h1,100,1,100,1\n\
            <pulsedeck::model::Snapshot as serde::Serialize>::serialize::h2,50,1,50,1\n\
            \"core::fmt::write<a, b>\",30,1,30,1\n\
            <T as tachys::view::Render>::build::h3,7,1,7,1\n\
            <f64 as core::fmt::Display>::fmt,3,1,3,1\n\
            data segment \".rodata\",20,1,20,1\n";
        let (crates, modules) = group(csv);
        assert_eq!(crates.get("pulsedeck"), Some(&150));
        assert_eq!(crates.get("core"), Some(&33));
        assert_eq!(crates.get("tachys"), Some(&7));
        assert_eq!(crates.get("(data segments)"), Some(&20));
        assert_eq!(crates.len(), 4, "{crates:?}");
        assert_eq!(modules.get("fitbit"), Some(&100));
        assert_eq!(modules.get("model"), Some(&50));
    }
}
