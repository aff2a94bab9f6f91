//! The one error type. Invalid input never panics and never produces a figure: it produces an
//! [`Error`] naming the field at fault, with a Chinese sentence a resident can act on.

use crate::json::{Json, ObjBuilder};
use std::fmt;

/// The error codes of docs/CONTRACT.md ("Errors"). The list only ever grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// A local parameter that takes one of a fixed set of choices got something else.
    /// (An addition to the original list in docs/CONTRACT.md, for the choice-valued local parameters.)
    InvalidParam,
}

impl ErrorCode {
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub field: String,
    pub message: String,
    /// For `missing_param`: every required local parameter this scenario lacks, the one in
    /// `field` first, so that a form can ask for all of them at once (docs/CONTRACT.md).
    pub missing: Vec<MissingField>,
}

/// One missing local parameter: its path (`params.<id>`) and what to fill in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingField {
    pub field: String,
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
            field: field.into(),
            message: message.into(),
            missing: Vec::new(),
        }
    }

    /// The CLI's and the contract's error document: `{"error": {"code", "field", "message"}}`,
    /// plus `missing` for `missing_param`.
    pub fn to_json(&self) -> Json {
        let mut inner = ObjBuilder::new()
            .set("code", self.code.as_str())
            .set("field", self.field.as_str())
            .set("message", self.message.as_str());
        if self.code == ErrorCode::MissingParam {
            let list = self
                .missing
                .iter()
                .map(|m| {
                    ObjBuilder::new()
                        .set("field", m.field.as_str())
                        .set("message", m.message.as_str())
                        .build()
                })
                .collect();
            inner = inner.set("missing", Json::Arr(list));
        }
        ObjBuilder::new().set("error", inner.build()).build()
    }
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
