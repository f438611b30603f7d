//! Rules about the source itself (ARCHITECTURE.md, "Invariants"), checked by reading it.

use std::path::Path;

/// Every `.rs` file under `dir`, with its text up to its `#[cfg(test)]` module (a module's
/// tests kept in their own `tests.rs` are left out whole).
fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !path.ends_with("testing.rs")
            && !path.ends_with("tests.rs")
        {
            let text = std::fs::read_to_string(&path).expect("readable");
            let code = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or_default()
                .to_string();
            out.push((path.display().to_string(), code));
        }
    }
}

#[test]
fn no_debug_formatting_in_app_code() {
    // A `{:?}` shows a struct's insides (and could show a token) in a message or a log; every
    // error has words of its own (`message()`), and `TokenSet`'s Debug is redacted anyway.
    let mut files = vec![];
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 30, "found the sources");
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|(path, code)| {
            code.lines()
                .enumerate()
                .filter(|(_, l)| l.contains(":?}") || l.contains(":#?}"))
                .map(move |(i, l)| format!("{path}:{}: {}", i + 1, l.trim()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "Debug formatting outside tests:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn stored_records_are_read_by_from_json_not_by_derived_deserialisers() {
    // serde's derived readers were the largest part of our own wasm (ARCHITECTURE.md, "Size"):
    // records are read by `jsontext::FromJson`, loose answers as one `serde_json::Value`.
    let mut files = vec![];
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|(path, code)| {
            code.lines()
                .enumerate()
                .filter(|(_, l)| {
                    (l.contains("derive(") && l.contains("Deserialize"))
                        || l.contains("DeserializeOwned")
                })
                .map(move |(i, l)| format!("{path}:{}: {}", i + 1, l.trim()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "derived Deserialize outside tests:\n{}",
        offenders.join("\n")
    );
}
