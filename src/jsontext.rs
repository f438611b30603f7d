//! JSON text taken apart by hand: the elements of an array, the members of an object, as
//! slices of the text. The store and the stored snapshot read their records with these and
//! read each record with [`FromJson`]: serde's derived readers of the stored records cost
//! ~27 KiB gzip of wasm (measured), these a few hundred bytes each.

/// The top-level items of a JSON array or object body (between `open` and `close`), as
/// texts; strings and nesting respected. `None` if `text` is not one such value.
fn items(text: &str, open: char, close: char) -> Option<Vec<&str>> {
    let inner = text.trim().strip_prefix(open)?.strip_suffix(close)?;
    let (mut out, mut depth, mut in_str, mut escaped, mut from) =
        (Vec::new(), 0i32, false, false, 0);
    for (i, c) in inner.char_indices() {
        if in_str {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(inner[from..i].trim());
                from = i + 1;
            }
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    if depth != 0 || in_str {
        return None;
    }
    let last = inner[from..].trim();
    if !last.is_empty() || !out.is_empty() {
        out.push(last);
    }
    out.iter().all(|e| !e.is_empty()).then_some(out)
}

/// The elements of a JSON array, as texts; `None` if `text` is not one array.
pub fn array(text: &str) -> Option<Vec<&str>> {
    items(text, '[', ']')
}

/// The members of a JSON object: (key, value text), in the order written; `None` if `text`
/// is not one object.
pub fn object(text: &str) -> Option<Vec<(String, &str)>> {
    items(text, '{', '}')?
        .into_iter()
        .map(|m| {
            // The key is a string: its closing quote is the first one not escaped.
            let body = m.strip_prefix('"')?;
            let mut escaped = false;
            let end = body
                .char_indices()
                .find(|&(_, c)| {
                    let closes = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    closes
                })?
                .0;
            let value = body[end + 1..].trim_start().strip_prefix(':')?.trim();
            (!value.is_empty()).then_some((string(&m[..end + 2])?, value))
        })
        .collect()
}

/// A JSON string's value (escapes undone); `None` for anything else.
pub fn string(text: &str) -> Option<String> {
    serde_json::from_str(text).ok()
}

/// A JSON number (or `None` for anything else, `null` included).
pub fn num<T: std::str::FromStr>(text: &str) -> Option<T> {
    text.parse().ok()
}

/// A value read from its JSON text, in the shape serde's derived `Serialize` writes it.
/// Implemented for the leaves here, for records by [`from_json_struct!`]; round-trip tests
/// next to each record check it against serde's output.
pub trait FromJson: Sized {
    fn from_json(text: &str) -> Option<Self>;
    /// The value of a member that is absent: none for an option (as serde reads it), else
    /// the record is unreadable.
    fn missing() -> Option<Self> {
        None
    }
}

impl FromJson for String {
    fn from_json(text: &str) -> Option<Self> {
        string(text)
    }
}

impl FromJson for bool {
    fn from_json(text: &str) -> Option<Self> {
        num(text)
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(text: &str) -> Option<Self> {
                num(text)
            }
        }
    )*};
}
numbers!(u8, u16, u32, u64, i32, i64, f64);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(text: &str) -> Option<Self> {
        if text == "null" {
            Some(None)
        } else {
            T::from_json(text).map(Some)
        }
    }
    fn missing() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(text: &str) -> Option<Self> {
        array(text)?.into_iter().map(T::from_json).collect()
    }
}

impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(text: &str) -> Option<Self> {
        match array(text)?.as_slice() {
            [a, b] => Some((A::from_json(a)?, B::from_json(b)?)),
            _ => None,
        }
    }
}

impl FromJson for crate::date::Date {
    fn from_json(text: &str) -> Option<Self> {
        crate::date::Date::parse(&string(text)?).ok()
    }
}

/// An object's members, looked up by name.
pub struct Members<'a>(Vec<(String, &'a str)>);

impl<'a> Members<'a> {
    pub fn new(text: &'a str) -> Option<Self> {
        object(text).map(Members)
    }

    /// The member `name`, read as a `T` (see [`FromJson::missing`] when it is absent).
    pub fn get<T: FromJson>(&self, name: &str) -> Option<T> {
        match self.0.iter().find(|(k, _)| k == name) {
            Some((_, v)) => T::from_json(v),
            None => T::missing(),
        }
    }
}

/// `FromJson` for a struct whose fields are all `FromJson`, read from the object serde
/// writes for it (unknown members ignored, as serde does).
#[macro_export]
macro_rules! from_json_struct {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl $crate::jsontext::FromJson for $ty {
            fn from_json(text: &str) -> Option<Self> {
                let m = $crate::jsontext::Members::new(text)?;
                Some($ty { $($field: m.get(stringify!($field))?),* })
            }
        }
    )*};
}

/// `FromJson` for a unit-only enum from its serde names (a test beside each use checks
/// them against serde's).
#[macro_export]
macro_rules! from_json_names {
    ($($ty:ident { $($variant:ident = $name:literal),* $(,)? })*) => {$(
        impl $crate::jsontext::FromJson for $ty {
            fn from_json(text: &str) -> Option<Self> {
                match $crate::jsontext::string(text)?.as_str() {
                    $($name => Some($ty::$variant),)*
                    _ => None,
                }
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_split_respecting_strings_and_nesting() {
        assert_eq!(
            array(r#"[1, "a,]\"[", {"b":[2,3]}, [4,[5]]]"#),
            Some(vec!["1", r#""a,]\"[""#, r#"{"b":[2,3]}"#, "[4,[5]]"])
        );
        assert_eq!(array("[]"), Some(vec![]));
        for bad in ["", "[", "[1,]", "[1,,2]", "[[1]", "{}", r#"["x]"#] {
            assert_eq!(array(bad), None, "{bad}");
        }
    }

    #[test]
    fn objects_split_into_keys_and_value_texts() {
        let text = r#"{"a":1, "b\"{,":"x,}" , "c" : {"d":[1,{"e":2}]}, "":null}"#;
        assert_eq!(
            object(text),
            Some(vec![
                ("a".into(), "1"),
                ("b\"{,".into(), r#""x,}""#),
                ("c".into(), r#"{"d":[1,{"e":2}]}"#),
                ("".into(), "null")
            ])
        );
        assert_eq!(object("{}"), Some(vec![]));
        for bad in [
            "",
            "{",
            "[]",
            r#"{"a"}"#,
            r#"{"a":}"#,
            r#"{a:1}"#,
            r#"{"a":1,}"#,
            r#"{"a:1}"#,
        ] {
            assert_eq!(object(bad), None, "{bad}");
        }
    }

    #[test]
    fn strings_and_numbers() {
        assert_eq!(string(r#""a\"b\u00e9""#).as_deref(), Some("a\"bé"));
        assert_eq!(string("1"), None);
        assert_eq!(num::<f64>("-1.5e3"), Some(-1500.0));
        assert_eq!(num::<f64>("null"), None);
    }

    #[derive(Debug, PartialEq, serde::Serialize)]
    struct Row {
        a: u32,
        b: Option<String>,
        c: Vec<(u16, f64)>,
        d: bool,
    }
    crate::from_json_struct! { Row { a, b, c, d } }

    #[test]
    fn records_read_back_what_serde_wrote() {
        for row in [
            Row {
                a: 1,
                b: Some("x\"y".into()),
                c: vec![(1, 2.5), (3, -4.0)],
                d: true,
            },
            Row {
                a: 0,
                b: None,
                c: vec![],
                d: false,
            },
        ] {
            assert_eq!(
                Row::from_json(&serde_json::to_string_pretty(&row).unwrap()),
                Some(row)
            );
        }
        assert_eq!(
            Row::from_json(r#"{"a":1,"c":[],"d":true,"extra":[{}]}"#),
            Some(Row {
                a: 1,
                b: None,
                c: vec![],
                d: true
            }),
            "a missing option is none"
        );
        for bad in [
            r#"{"a":1,"b":null,"c":[]}"#,
            r#"{"a":-1,"b":null,"c":[],"d":true}"#,
            r#"{"a":1,"b":2,"c":[],"d":true}"#,
            r#"{"a":1,"b":null,"c":[[1]],"d":true}"#,
        ] {
            assert_eq!(Row::from_json(bad), None, "{bad}");
        }
    }
}
