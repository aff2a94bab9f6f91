//! Mistakes in files people write, worded: an agency's parameter set (`invalid_params_set`) or a
//! policy file for a region that is not built in (`invalid_policy_file`). Each names the line, the
//! field and what to change, in the chosen language (docs/CONTRACT.md, "Files").
//!
//! `yibao-compile` finds the mistake and its place ([`Diagnostic`]: a message key and its
//! arguments); this module only words it, from the same catalogue as every other message.

use crate::error::PathPart;
#[cfg(feature = "agency")]
use crate::messages::Arg;
use crate::messages::{small, Args, Catalogue, Message};
use serde::ser::{Serialize, SerializeStruct, Serializer};
#[cfg(feature = "agency")]
use yibao_compile::diag::{Diagnostic, Seg};

/// What kind of file the mistake is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An agency's local parameter set.
    ParamsSet,
    /// A policy file.
    Policy,
}

impl FileKind {
    /// The error code: `invalid_params_set` or `invalid_policy_file`.
    pub fn code(self) -> &'static str {
        match self {
            FileKind::ParamsSet => "invalid_params_set",
            FileKind::Policy => "invalid_policy_file",
        }
    }
}

/// One mistake in a file, worded.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    /// `invalid_params_set` or `invalid_policy_file`.
    pub code: &'static str,
    /// 1-based line (0 when the mistake is about the file as a whole).
    pub line: usize,
    /// 1-based column, in characters (0 when unknown).
    pub column: usize,
    /// The field's path as text, e.g. `params.inpatient_ratio_l1.value`.
    pub field: String,
    /// The same path as parts.
    pub path: Vec<PathPart>,
    /// The sentence, in the chosen language, beginning with the line.
    pub message: String,
    /// The sentence as a key and arguments.
    pub detail: Message,
}

impl FileError {
    /// A mistake in a parameter set's JSON form (no lines: the JSON came as an object).
    #[cfg(feature = "sets")]
    pub fn from_set_error(e: &crate::params_set::SetError, cat: &Catalogue) -> Self {
        let detail = cat.localize(e.message.clone());
        FileError {
            code: FileKind::ParamsSet.code(),
            line: 0,
            column: 0,
            field: e.field.clone(),
            path: e.path.clone(),
            message: cat.render(&detail),
            detail,
        }
    }

    /// Words a diagnostic.
    #[cfg(feature = "agency")]
    pub fn new(kind: FileKind, d: &Diagnostic, cat: &Catalogue) -> Self {
        let mut detail = Message::new(d.key);
        for (name, value) in &d.args {
            detail = detail.arg(name, Arg::Raw(value.clone()));
        }
        for (name, key) in &d.names {
            detail = detail.arg(name, Arg::Name(key));
        }
        FileError::with_message(kind, d, detail, cat)
    }

    /// A mistake at a diagnostic's place, worded by an engine message (a parameter set's value
    /// gets the estimator's own message).
    #[cfg(feature = "agency")]
    pub fn with_message(kind: FileKind, d: &Diagnostic, detail: Message, cat: &Catalogue) -> Self {
        let detail = cat.localize(detail);
        let at = if d.line > 0 {
            Message::new("file.at_line")
                .arg("line", Arg::Count(d.line as u64))
                .arg("field", Arg::Raw(d.field()))
                .arg("message", detail.clone())
        } else {
            Message::new("file.at_file").arg("message", detail.clone())
        };
        FileError {
            code: kind.code(),
            line: d.line,
            column: d.column,
            field: d.field(),
            path: d
                .path
                .iter()
                .map(|s| match s {
                    Seg::Key(k) => PathPart::Key(k.clone()),
                    Seg::Index(i) => PathPart::Index(*i),
                })
                .collect(),
            message: cat.render(&at),
            detail,
        }
    }

    /// `{"error": …}`, as the command line prints it.
    pub fn document(&self) -> FileErrorDocument<'_> {
        FileErrorDocument { error: self }
    }
}

impl Serialize for FileError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("FileError", 8)?;
        m.serialize_field("code", self.code)?;
        m.serialize_field("line", &small(self.line as u64))?;
        m.serialize_field("column", &small(self.column as u64))?;
        m.serialize_field("field", &self.field)?;
        m.serialize_field("path", &self.path)?;
        m.serialize_field("message", &self.message)?;
        m.serialize_field("key", self.detail.key)?;
        m.serialize_field("args", &Args(&self.detail.args))?;
        m.end()
    }
}

/// `{"error": …}`.
#[derive(serde::Serialize)]
pub struct FileErrorDocument<'a> {
    /// The mistake.
    pub error: &'a FileError,
}
