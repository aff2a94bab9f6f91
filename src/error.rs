//! The one error type. Invalid input never panics and never produces a figure: it produces an
//! [`Error`] naming the field at fault, with a sentence a resident can act on.
//!
//! The engine builds an error with a [`Message`] (a key and typed arguments); the public call
//! renders it in the chosen language before handing it out, so `message` is always filled.

use crate::messages::{Arg, Catalogue, Message};
use serde::Serialize;
use std::fmt;

/// The error codes of docs/CONTRACT.md ("Errors"). The list only ever grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input is not JSON, or not a JSON object.
    InvalidJson,
    /// `policy` is missing or names no built-in policy.
    UnknownPolicy,
    /// `tier` is not one of the chosen policy's tiers.
    UnknownTier,
    /// `groups` is not a list, or names a group outside the contract's vocabulary.
    UnknownGroup,
    /// An amount or ratio is not a plain non-negative decimal of the allowed precision.
    InvalidAmount,
    /// A local parameter that the figure cannot be produced without was not supplied.
    MissingParam,
    /// A visit is malformed: unknown care type or level, or amounts that contradict each other.
    InvalidVisit,
    /// A local parameter that takes one of a fixed set of choices, or a schedule, got something
    /// else. (An addition to the original list in docs/CONTRACT.md.)
    InvalidParam,
}

impl ErrorCode {
    /// The contract's code, e.g. `invalid_amount`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::UnknownPolicy => "unknown_policy",
            ErrorCode::UnknownTier => "unknown_tier",
            ErrorCode::UnknownGroup => "unknown_group",
            ErrorCode::InvalidAmount => "invalid_amount",
            ErrorCode::MissingParam => "missing_param",
            ErrorCode::InvalidVisit => "invalid_visit",
            ErrorCode::InvalidParam => "invalid_param",
        }
    }
}

/// An input error: which code, which field (a path such as `visits[0].total`), and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Error {
    /// The contract's code.
    pub code: ErrorCode,
    /// The path of the field at fault, e.g. `visits[0].total`; empty for the input as a whole.
    pub field: String,
    /// The sentence, in the chosen language.
    pub message: String,
    /// The same sentence as a key and typed arguments (serialised as `key` and `args`).
    #[serde(flatten)]
    pub detail: Message,
    /// For `missing_param`: every required local parameter this scenario lacks, the one in
    /// `field` first, so that a form can ask for all of them at once (docs/CONTRACT.md).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<MissingField>,
}

/// One missing local parameter: its path (`params.<id>`) and what to fill in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingField {
    /// `params.<id>`.
    pub field: String,
    /// What to fill in, in the chosen language.
    pub message: String,
    /// The same as a key and arguments.
    #[serde(flatten)]
    pub detail: Message,
}

impl Error {
    /// An error with its message still to be rendered (see [`Error::render`]).
    pub(crate) fn new(code: ErrorCode, field: impl Into<String>, detail: Message) -> Self {
        Error {
            code,
            field: field.into(),
            message: String::new(),
            detail,
            missing: Vec::new(),
        }
    }

    /// `invalid_json` at a line and column (for readers other than the built-in one, such as
    /// the browser's `JSON.parse`).
    pub fn invalid_json(line: usize, column: usize) -> Self {
        Error::new(
            ErrorCode::InvalidJson,
            "",
            Message::new("error.invalid_json")
                .arg("line", Arg::Count(line as u64))
                .arg("column", Arg::Count(column as u64)),
        )
    }

    /// `invalid_json` for an input nested deeper than [`crate::input::MAX_DEPTH`].
    pub fn too_deep() -> Self {
        Error::new(
            ErrorCode::InvalidJson,
            "",
            Message::new("error.too_deep").arg("max", Arg::Count(crate::input::MAX_DEPTH as u64)),
        )
    }

    /// Words the message (and each missing parameter's) in a language.
    pub fn rendered(self, cat: &Catalogue) -> Self {
        self.render(cat)
    }

    /// Words the message (and each missing parameter's) in a language.
    pub(crate) fn render(mut self, cat: &Catalogue) -> Self {
        self.message = cat.render(&self.detail);
        for m in &mut self.missing {
            m.message = cat.render(&m.detail);
        }
        self
    }

    /// The contract's error document: `{"error": {"code", "field", "message", …}}`.
    pub fn document(&self) -> ErrorDocument<'_> {
        ErrorDocument { error: self }
    }
}

/// `{"error": …}`, as the command line prints it.
#[derive(Serialize)]
pub struct ErrorDocument<'a> {
    /// The error.
    pub error: &'a Error,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.code.as_str(),
            self.field,
            self.message
        )
    }
}

impl std::error::Error for Error {}
