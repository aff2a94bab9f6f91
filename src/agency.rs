//! Reading the files an agency writes, as TOML: a parameter set (`yibao params check`,
//! `yibao estimate --params-set`, the page's `data-params-src`). Each mistake is reported with
//! its line, its field and a sentence in the chosen language ([`FileError`]).
//!
//! A set's TOML is turned into the same input tree as its JSON form, then checked by
//! [`ParamSet::read`]; so both forms accept and refuse exactly the same sets.

use crate::file_error::{FileError, FileKind};
use crate::input::Input;
use crate::messages::Catalogue;
use crate::params_set::{ParamSet, SetError};
use crate::registry;
use yibao_compile::diag::{self, Diagnostic, Seg};
use yibao_rules::Registry;

/// The largest parameter-set file read, in bytes.
pub const MAX_SET_BYTES: usize = 64 * 1024;
/// The deepest nesting of arrays and inline tables in a set (a schedule needs 3).
pub const MAX_SET_DEPTH: usize = 8;

/// A TOML value as an input tree. Integers keep their value when non-negative (like JSON's);
/// floats are numbers with no exact value, which every amount and ratio check refuses with the
/// estimator's own message ("写成带引号的文字"); a date is its text.
fn to_input(v: &toml::Value) -> Input {
    match v {
        toml::Value::String(s) => Input::Str(s.clone()),
        toml::Value::Integer(i) => Input::Number(u64::try_from(*i).ok()),
        toml::Value::Float(_) => Input::Number(None),
        toml::Value::Boolean(b) => Input::Bool(*b),
        toml::Value::Datetime(d) => Input::Str(d.to_string()),
        toml::Value::Array(a) => Input::Array(a.iter().map(to_input).collect()),
        toml::Value::Table(t) => {
            Input::Object(t.iter().map(|(k, v)| (k.clone(), to_input(v))).collect())
        }
    }
}

/// A set's mistake, placed on its line in the text (`text` is `None` for the JSON form).
pub fn set_error(e: &SetError, text: Option<&str>, cat: &Catalogue) -> FileError {
    let mut d = Diagnostic::new("text").at(e
        .path
        .iter()
        .map(|p| match p {
            crate::error::PathPart::Key(k) => Seg::Key(k.clone()),
            crate::error::PathPart::Index(i) => Seg::Index(*i),
        })
        .collect());
    if let Some(t) = text {
        diag::locate(t, &mut d);
    }
    FileError::with_message(FileKind::ParamsSet, &d, e.message.clone(), cat)
}

/// Reads and checks a parameter set written in TOML, for a built-in policy.
pub fn read_set_toml(text: &str, cat: &Catalogue) -> Result<ParamSet, FileError> {
    read_set_toml_in(registry(), text, cat)
}

/// Reads and checks a parameter set written in TOML, for a policy of `reg`.
pub fn read_set_toml_in(
    reg: &Registry,
    text: &str,
    cat: &Catalogue,
) -> Result<ParamSet, FileError> {
    let fail = |d: Diagnostic| FileError::new(FileKind::ParamsSet, &d, cat);
    diag::check_limits(text, MAX_SET_BYTES, MAX_SET_DEPTH).map_err(fail)?;
    let table: toml::Table = toml::from_str(text).map_err(|e| fail(diag::from_toml(text, &e)))?;
    let input = to_input(&toml::Value::Table(table));
    ParamSet::read(&input, reg).map_err(|e| set_error(&e, Some(text), cat))
}

/// Reads and checks a parameter set in either form: JSON when the text starts with `{`, TOML
/// otherwise.
pub fn read_set_text(text: &str, cat: &Catalogue) -> Result<ParamSet, FileError> {
    read_set_text_in(registry(), text, cat)
}

/// [`read_set_text`] for a policy of `reg` (built-in or loaded).
pub fn read_set_text_in(
    reg: &Registry,
    text: &str,
    cat: &Catalogue,
) -> Result<ParamSet, FileError> {
    let t = text.trim_start_matches('\u{feff}');
    if t.trim_start().starts_with('{') {
        read_set_json_in(reg, t, cat)
    } else {
        read_set_toml_in(reg, t, cat)
    }
}

/// Reads and checks a parameter set in its JSON form, for a policy of `reg`.
pub fn read_set_json_in(
    reg: &Registry,
    text: &str,
    cat: &Catalogue,
) -> Result<ParamSet, FileError> {
    if text.len() > MAX_SET_BYTES {
        let d = Diagnostic::new("file.too_large")
            .arg("max", (MAX_SET_BYTES / 1024).to_string())
            .arg("size", text.len().div_ceil(1024).to_string());
        return Err(FileError::new(FileKind::ParamsSet, &d, cat));
    }
    let input = crate::input::from_text(text).map_err(|(line, column)| {
        let mut d = Diagnostic::new("file.syntax").arg("detail", "JSON");
        d.line = line;
        d.column = column;
        FileError::new(FileKind::ParamsSet, &d, cat)
    })?;
    ParamSet::read(&input, reg).map_err(|e| set_error(&e, None, cat))
}
