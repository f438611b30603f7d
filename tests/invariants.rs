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

/// The braces of a line of code, not those in a string (which may go on from the line
/// before: `in_str`), a char literal or a comment.
fn braces(line: &str, in_str: &mut bool) -> Vec<char> {
    let (mut out, mut chars) = (Vec::new(), line.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '\\' if *in_str => {
                chars.next();
            }
            '"' => *in_str = !*in_str,
            _ if *in_str => {}
            '/' if chars.peek() == Some(&'/') => break,
            // A char literal ('{', '\'') is skipped whole; a lifetime ('a) is not one.
            '\'' => {
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') {
                    chars.nth(2);
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.nth(1);
                }
            }
            '{' | '}' => out.push(c),
            _ => {}
        }
    }
    out
}

/// Each function item of `code` (up to its tests): (name, lines from `fn` to its closing brace).
fn functions(code: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        let t = t
            .strip_prefix("pub(crate) ")
            .or_else(|| t.strip_prefix("pub(super) "))
            .or_else(|| t.strip_prefix("pub "))
            .unwrap_or(t);
        let t = t.strip_prefix("const ").unwrap_or(t);
        let t = t.strip_prefix("async ").unwrap_or(t);
        let Some(rest) = t.strip_prefix("fn ") else {
            i += 1;
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let (mut depth, mut started, mut j, mut in_str) = (0i32, false, i, false);
        while j < lines.len() {
            for c in braces(lines[j], &mut in_str) {
                match c {
                    '{' => (depth, started) = (depth + 1, true),
                    _ => depth -= 1,
                }
            }
            if (started && depth <= 0) || (!started && lines[j].trim_end().ends_with(';')) {
                break;
            }
            j += 1;
        }
        if started {
            out.push((name, j - i + 1));
        }
        i = j + 1;
    }
    out
}

#[test]
fn no_file_passes_400_lines_and_no_function_80_tests_and_generated_fixtures_aside() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![];
    sources(&root.join("src"), &mut files);
    sources(&root.join("xtask").join("src"), &mut files);
    let mut over = vec![];
    for (path, code) in &files {
        let rel = path
            .strip_prefix(&format!("{}/", root.display()))
            .unwrap_or(path);
        // The synthetic exports (a test fixture generator) and the tests' own files.
        if rel.contains("/takeout/gen/") || rel.contains("/tests_") {
            continue;
        }
        let budget = 400;
        let n = code.lines().count();
        if n > budget {
            over.push(format!("{rel}: {n} lines (budget {budget})"));
        }
        for (name, n) in functions(code) {
            let budget = 80;
            if n > budget {
                over.push(format!("{rel}: fn {name}: {n} lines (budget {budget})"));
            }
        }
    }
    assert!(files.len() > 40, "found the sources");
    assert!(over.is_empty(), "over budget:\n{}", over.join("\n"));
}

#[test]
fn braces_in_strings_chars_and_comments_do_not_end_a_function() {
    let code = "fn a() {\n    let s = \"}}\";\n    let c = '}';\n    let q = '\\'';\n    // }\n    let l: &'static str = \"\\\"{\";\n}\nfn b() {\n}\n";
    assert_eq!(
        functions(code),
        vec![("a".to_string(), 7), ("b".to_string(), 2)]
    );
}

/// No screen, widget, chart or shell code branches on a source by name: they ask the
/// capability row (`source.rs`) or `app/sources.rs`, so a new source is a folder and a row.
#[test]
fn no_screen_widget_or_shell_code_names_a_source() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![];
    for dir in ["src/screens", "src/widgets", "src/components"] {
        sources(&root.join(dir), &mut files);
    }
    for file in ["src/shell.rs", "src/app/screen.rs"] {
        let path = root.join(file);
        files.push((
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        ));
    }
    let names = [
        "Origin::Fitbit",
        "Origin::GoogleHealth",
        "Origin::Archive",
        "FitbitConn",
        "GoogleConn",
    ];
    let found: Vec<String> = files
        .iter()
        .flat_map(|(path, code)| {
            let code = code.split("#[cfg(test)]").next().unwrap_or(code);
            names
                .iter()
                .filter(|n| code.contains(*n))
                .map(move |n| format!("{path}: {n}"))
        })
        .collect();
    assert!(files.len() > 20, "found the screens");
    assert!(
        found.is_empty(),
        "sources named by screens:\n{}",
        found.join("\n")
    );
}
