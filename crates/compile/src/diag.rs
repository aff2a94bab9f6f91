//! Diagnostics for files a person writes (a policy file, an agency's parameter set): where the
//! mistake is (line, column, and the path of the field) and what it is (a message key of the
//! engine's catalogue, with its arguments), so that the engine can word it in the person's
//! language. Nothing here writes a sentence.
//!
//! Positions come from the TOML text itself: [`locate`] finds a field's span by its path in a
//! spanned parse of the file (`toml::de::DeTable`), and [`from_toml`] turns a deserialisation error
//! (a mistyped key, a wrong type) into a diagnostic at the place it points to.

use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// One step of a field's path in a file: a key, or an index into an array (of tables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A key of a table.
    Key(String),
    /// An element of an array, from 0.
    Index(usize),
}

/// A mistake in a file: where, and which message (a catalogue key and its arguments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The field's path, e.g. `params[2].unit`; empty for the file as a whole.
    pub path: Vec<Seg>,
    /// 1-based line of the field (0 when the position is unknown).
    pub line: usize,
    /// 1-based column, counted in characters (0 when unknown).
    pub column: usize,
    /// The message key (the engine's `data/messages/*.toml`), e.g. `file.unknown_key`.
    pub key: &'static str,
    /// The message's arguments, each a plain text: ids, values, limits.
    pub args: Vec<(&'static str, String)>,
    /// Arguments that are words of the catalogue, by key (`file.type.text`), so that the reader
    /// gets them in their own language.
    pub names: Vec<(&'static str, &'static str)>,
}

impl Diagnostic {
    /// A diagnostic about the file as a whole, position still unknown.
    pub fn new(key: &'static str) -> Self {
        Diagnostic {
            path: Vec::new(),
            line: 0,
            column: 0,
            key,
            args: Vec::new(),
            names: Vec::new(),
        }
    }

    /// At this path (the position is found later by [`locate`]).
    pub fn at(mut self, path: Vec<Seg>) -> Self {
        self.path = path;
        self
    }

    /// With an argument that is a word of the catalogue, given by its key.
    pub fn name(mut self, name: &'static str, key: &'static str) -> Self {
        self.names.push((name, key));
        self
    }

    /// With an argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The path as text: `params[2].unit`, `critical.schedule.bands[1].upto`.
    pub fn field(&self) -> String {
        path_text(&self.path)
    }
}

impl std::fmt::Display for Diagnostic {
    /// For developers (the build script's failure): `line 12, params[2].unit: file.unknown_unit
    /// (unit = "amout")`. People get the catalogue's sentence instead.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "line {}, ", self.line)?;
        }
        write!(f, "{}: {}", self.field(), self.key)?;
        if !self.args.is_empty() || !self.names.is_empty() {
            let args: Vec<String> = self
                .args
                .iter()
                .map(|(k, v)| format!("{k} = {v:?}"))
                .chain(self.names.iter().map(|(k, v)| format!("{k} = {v}")))
                .collect();
            write!(f, " ({})", args.join(", "))?;
        }
        Ok(())
    }
}

/// A path written as text, the way the engine writes scenario paths.
pub fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// Shorthand for building paths: `path(&["params"]).index(2).key("unit")`.
pub fn key(k: &str) -> Vec<Seg> {
    vec![Seg::Key(k.to_string())]
}

/// Extends a path.
pub trait PathExt {
    /// One key deeper.
    fn key(self, k: &str) -> Vec<Seg>;
    /// One index deeper.
    fn index(self, i: usize) -> Vec<Seg>;
}

impl PathExt for Vec<Seg> {
    fn key(mut self, k: &str) -> Vec<Seg> {
        self.push(Seg::Key(k.to_string()));
        self
    }
    fn index(mut self, i: usize) -> Vec<Seg> {
        self.push(Seg::Index(i));
        self
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text
        .get(line_start..offset)
        .map_or(1, |s| s.chars().count() + 1);
    (line, column)
}

/// Fills in the line and column of a diagnostic from its path: the position of the deepest part
/// of the path that the file has (the key of a field that is there, the table of a field that is
/// missing). A file that does not parse leaves the position unknown.
pub fn locate(text: &str, d: &mut Diagnostic) {
    let Ok(root) = DeTable::parse(text) else {
        return;
    };
    if let Some(span) = span_of(root.get_ref(), &d.path) {
        let (line, column) = position(text, span.start);
        d.line = line;
        d.column = column;
    }
}

/// The span of the deepest part of `path` present in `table`: a key's own span for a key
/// (so the line is the one a person reads the name on), an element's span for an index.
fn span_of(table: &DeTable<'_>, path: &[Seg]) -> Option<Range<usize>> {
    let (first, rest) = path.split_first()?;
    let Seg::Key(k) = first else { return None };
    let (key, value) = table.get_key_value(k.as_str())?;
    let deeper = descend(value, rest);
    Some(deeper.unwrap_or_else(|| key.span()))
}

fn descend(value: &Spanned<DeValue<'_>>, path: &[Seg]) -> Option<Range<usize>> {
    let (first, rest) = path.split_first()?;
    match (value.get_ref(), first) {
        (DeValue::Table(t), Seg::Key(_)) => span_of(t, path),
        (DeValue::Array(a), Seg::Index(i)) => {
            let item = a.get(*i)?;
            Some(descend(item, rest).unwrap_or_else(|| item.span()))
        }
        _ => None,
    }
}

/// The path of the innermost field whose key or value contains byte `offset`.
///
/// Every level is searched, not only the entries whose span covers the offset: a table opened by
/// a header (`[critical.schedule]`, each `[[params]]`) has the span of its header only, and the
/// parser keeps keys sorted, not in the file's order.
fn path_at(table: &DeTable<'_>, offset: usize, out: &mut Vec<Seg>) {
    let mut here = Vec::new();
    let mut best = Vec::new();
    search_table(table, offset, &mut here, &mut best);
    out.extend(best);
}

fn search_table(table: &DeTable<'_>, offset: usize, here: &mut Vec<Seg>, best: &mut Vec<Seg>) {
    for (k, v) in table.iter() {
        here.push(Seg::Key(k.get_ref().to_string()));
        if (k.span().contains(&offset) || v.span().contains(&offset)) && here.len() > best.len() {
            best.clone_from(here);
        }
        search_value(v.get_ref(), offset, here, best);
        here.pop();
    }
}

fn search_value(v: &DeValue<'_>, offset: usize, here: &mut Vec<Seg>, best: &mut Vec<Seg>) {
    match v {
        DeValue::Table(t) => search_table(t, offset, here, best),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                here.push(Seg::Index(i));
                if item.span().contains(&offset) && here.len() > best.len() {
                    best.clone_from(here);
                }
                search_value(item.get_ref(), offset, here, best);
                here.pop();
            }
        }
        _ => {}
    }
}

/// serde's list of what it expected (`one of `a`, `b``, `a` or `b``) as a plain list: `a, b`, so
/// that it reads the same inside a sentence in any language.
fn choices(expected: &str) -> String {
    let list = expected
        .trim()
        .trim_start_matches("one of ")
        .replace(" or ", ", ")
        .replace('`', "");
    list.trim().to_string()
}

/// What serde says was found ("integer `5`", "string \"2020\"", "sequence") as the file has it,
/// in no language: `5`, `"2020"`, `[…]`. Anything else is kept as serde words it.
fn as_written(found: &str) -> String {
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('`'))
            .and_then(|r| r.strip_suffix('`'))
    };
    if let Some(v) = quoted("integer ")
        .or_else(|| quoted("floating point "))
        .or_else(|| quoted("boolean "))
    {
        return v.to_string();
    }
    if let Some(s) = found.strip_prefix("string ") {
        return s.to_string();
    }
    match found {
        "sequence" => "[…]".to_string(),
        "map" => "{…}".to_string(),
        _ => found.to_string(),
    }
}

/// What serde says was expected ("a string", "u16", "struct Val") as the catalogue's word for
/// that kind of value (`file.type.*`), if it is one of them.
fn kind_of(expected: &str) -> Option<&'static str> {
    Some(match expected {
        "a string" => "file.type.text",
        "a boolean" => "file.type.boolean",
        "a sequence" => "file.type.list",
        "a map" => "file.type.table",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "an integer"
        | "f64" | "a number" => "file.type.number",
        e if e.starts_with("struct ") => "file.type.table",
        _ => return None,
    })
}

/// A TOML error (a syntax error, or a field serde could not read) as a diagnostic with its
/// position and path. serde's standard wordings are recognised ("unknown field", "missing
/// field", "invalid type"), so that each becomes a message of its own; anything else is
/// `file.syntax` with the parser's own (English) words as an argument.
pub fn from_toml(text: &str, e: &toml::de::Error) -> Diagnostic {
    let msg = e.message();
    let between = |start: &str| -> Option<String> {
        let rest = msg.split_once(start)?.1;
        Some(rest.split('`').next().unwrap_or("").to_string())
    };
    let mut d = if let Some(k) = between("unknown field `") {
        let expected = msg
            .split_once("expected ")
            .map(|(_, x)| choices(x))
            .unwrap_or_default();
        Diagnostic::new("file.unknown_key")
            .arg("key", k)
            .arg("expected", expected)
    } else if let Some(k) = between("missing field `") {
        Diagnostic::new("file.missing_key").arg("key", k)
    } else if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let d = Diagnostic::new("file.wrong_type").arg("found", as_written(found));
        // Anything else is kept as serde words it.
        match kind_of(expected) {
            Some(kind) => d.name("expected", kind),
            None => d.arg("expected", expected),
        }
    } else if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected
            .split_once("expected ")
            .map(|(_, x)| choices(x))
            .unwrap_or_default();
        Diagnostic::new("file.unknown_value")
            .arg("value", value)
            .arg("expected", expected)
    } else if msg.starts_with("duplicate key") {
        Diagnostic::new("file.duplicate_key")
    } else if msg.contains("untagged enum CiteKeys") {
        // `cite` is one key or a list of keys; serde says only that neither matched.
        Diagnostic::new("file.cite_shape")
    } else {
        Diagnostic::new("file.syntax").arg("detail", msg.trim().to_string())
    };
    if let Some(span) = e.span() {
        let (line, column) = position(text, span.start);
        d.line = line;
        d.column = column;
        if let Ok(root) = DeTable::parse(text) {
            let mut path = Vec::new();
            path_at(root.get_ref(), span.start, &mut path);
            // serde names the unknown key itself; its span points at it, so the path already
            // ends with it. A missing key's span is the table that lacks it: add the key.
            if d.key == "file.missing_key" {
                if let Some((_, k)) = d.args.first() {
                    path.push(Seg::Key(k.clone()));
                }
            }
            d.path = path;
        }
    }
    d
}

/// Where a file is too big or too deep to read at all. Checked before parsing, so that nothing
/// pathological reaches the parser.
pub fn check_limits(text: &str, max_bytes: usize, max_depth: usize) -> Result<(), Diagnostic> {
    if text.len() > max_bytes {
        return Err(Diagnostic::new("file.too_large")
            .arg("max", (max_bytes / 1024).to_string())
            .arg("size", text.len().div_ceil(1024).to_string()));
    }
    // Nesting of inline arrays and tables ([ and { outside strings and comments).
    let mut depth = 0usize;
    let (mut in_str, mut quote, mut comment, mut escape) = (false, '"', false, false);
    for (i, ch) in text.char_indices() {
        if comment {
            comment = ch != '\n';
            continue;
        }
        if in_str {
            if escape {
                escape = false;
            } else if ch == '\\' && quote == '"' {
                escape = true;
            } else if ch == quote {
                in_str = false;
            }
            continue;
        }
        match ch {
            '"' | '\'' => {
                in_str = true;
                quote = ch;
            }
            '#' => comment = true,
            '[' | '{' => {
                depth += 1;
                if depth > max_depth {
                    let (line, column) = position(text, i);
                    let mut d = Diagnostic::new("file.too_deep").arg("max", max_depth.to_string());
                    d.line = line;
                    d.column = column;
                    return Err(d);
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            '\n' => {}
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "id = \"x\"\n\n[[params]]\nid = \"a\"\nunit = \"amount\"\n\n[[params]]\nid = \"b\"\nunit = \"amout\"\n\n[critical.schedule]\ndeductible = { value = \"1\" }\n";

    #[test]
    fn a_path_is_located_on_the_line_of_its_key() {
        let mut d = Diagnostic::new("x").at(key("params").index(1).key("unit"));
        locate(TEXT, &mut d);
        assert_eq!((d.line, d.column), (9, 1));
        let mut d = Diagnostic::new("x").at(key("critical").key("schedule").key("deductible"));
        locate(TEXT, &mut d);
        assert_eq!(d.line, 12);
        // A missing field is placed at the deepest part that exists: here, the second param.
        let mut d = Diagnostic::new("x").at(key("params").index(1).key("label"));
        locate(TEXT, &mut d);
        assert_eq!(d.line, 7);
    }

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct P {
        id: String,
        unit: String,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct F {
        id: String,
        params: Vec<P>,
    }

    #[test]
    fn a_mistyped_key_becomes_unknown_key_with_its_line_and_path() {
        let text = "id = \"x\"\n[[params]]\nid = \"a\"\nunit = \"amount\"\n[[params]]\nid = \"b\"\nunti = \"x\"\n";
        let e = toml::from_str::<F>(text).err().unwrap();
        let d = from_toml(text, &e);
        assert_eq!(d.key, "file.unknown_key");
        assert_eq!(d.args[0], ("key", "unti".to_string()));
        assert_eq!(d.line, 7);
        assert_eq!(d.field(), "params[1].unti");
    }

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct S {
        deductible: String,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct G {
        zebra: Vec<P>,
        alpha: Vec<P>,
        schedule: S,
    }

    #[test]
    fn a_mistyped_key_under_a_header_is_placed_in_its_own_table_whatever_the_key_order() {
        // Headers give tables the span of the header only, and keys come back sorted (`alpha`
        // before `zebra`): the path is still the section the key is written in.
        let text = "[[zebra]]\nid = \"a\"\nunit = \"x\"\n[[alpha]]\nid = \"b\"\nunit = \"y\"\n[[zebra]]\nid = \"c\"\nunti = \"z\"\n[schedule]\ndeductible = \"1\"\n";
        let d = from_toml(text, &toml::from_str::<G>(text).err().unwrap());
        assert_eq!((d.line, d.field()), (9, "zebra[1].unti".to_string()));
        let text = "zebra = []\nalpha = []\n[schedule]\ndeductable = \"1\"\n";
        let d = from_toml(text, &toml::from_str::<G>(text).err().unwrap());
        assert_eq!((d.line, d.field()), (4, "schedule.deductable".to_string()));
    }

    #[test]
    fn a_missing_key_names_the_table_that_lacks_it() {
        let text = "id = \"x\"\n[[params]]\nid = \"a\"\n";
        let e = toml::from_str::<F>(text).err().unwrap();
        let d = from_toml(text, &e);
        assert_eq!(d.key, "file.missing_key");
        assert_eq!(d.field(), "params[0].unit");
    }

    #[test]
    fn limits_refuse_a_huge_or_deep_file_before_parsing() {
        assert_eq!(
            check_limits(&"a".repeat(2048), 1024, 8).unwrap_err().key,
            "file.too_large"
        );
        let deep = format!("x = {}{}", "[".repeat(20), "]".repeat(20));
        assert_eq!(
            check_limits(&deep, 1 << 20, 8).unwrap_err().key,
            "file.too_deep"
        );
        assert!(check_limits("x = \"[[[[[[[[[[[[\" # {{{{{{{{{{\n", 1 << 20, 8).is_ok());
    }
}
