//! The one error type. Invalid input never panics and never produces a figure: it produces an
//! [`Error`] naming the field at fault, with a sentence a resident can act on.
//!
//! The engine builds an error with a [`Message`] (a key and typed arguments); the public call
//! renders it in the chosen language before handing it out, so `message` is always filled.

#[cfg(feature = "details")]
use crate::messages::Args;
use crate::messages::{Arg, Catalogue, Message};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::fmt;

/// The error codes of docs/CONTRACT.md ("Errors"). The list only ever grows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// The contract's code.
    pub code: ErrorCode,
    /// The path of the field at fault, e.g. `visits[0].total`; empty for the input as a whole.
    pub field: String,
    /// The same path as parts, e.g. `["visits", 0, "total"]`, so that a form finds the field
    /// without re-parsing `field` (a key of the input may itself contain `.` or `[`).
    pub path: Vec<PathPart>,
    /// The sentence, in the chosen language.
    pub message: String,
    /// The same sentence as a key and typed arguments (serialised as `key` and `args`).
    pub detail: Message,
    /// For `missing_param`: every required local parameter this scenario lacks, the one in
    /// `field` first, so that a form can ask for all of them at once (docs/CONTRACT.md).
    pub missing: Vec<MissingField>,
}

/// One missing local parameter: its path (`params.<id>`) and what to fill in.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingField {
    /// `params.<id>`.
    pub field: String,
    /// The same path as parts: `["params", "<id>"]`.
    pub path: Vec<PathPart>,
    /// What to fill in, in the chosen language.
    pub message: String,
    /// The same as a key and arguments.
    pub detail: Message,
}

// Written out by hand rather than with `#[serde(flatten)]`, whose generic machinery costs the
// WebAssembly several kilobytes (DESIGN.md, "Why so few dependencies in the WebAssembly?").
impl Serialize for MissingField {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("MissingField", 5)?;
        m.serialize_field("field", &self.field)?;
        m.serialize_field("path", &self.path)?;
        m.serialize_field("message", &self.message)?;
        serialize_detail(&self.detail, &mut m)?;
        m.end()
    }
}

/// A message's key and typed arguments, as members of the error (or missing parameter) being
/// serialised. Only with `details`: the resident's page build shows `message` alone.
fn serialize_detail<M: SerializeStruct>(detail: &Message, m: &mut M) -> Result<(), M::Error> {
    #[cfg(feature = "details")]
    {
        m.serialize_field("key", detail.key)?;
        m.serialize_field("args", &Args(&detail.args))?;
    }
    #[cfg(not(feature = "details"))]
    let _ = (detail, m);
    Ok(())
}

impl Error {
    /// Writes the error's members into a struct being serialised (also used by the result's
    /// error document, which adds `needs`).
    pub(crate) fn serialize_fields<M: SerializeStruct>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_field("code", &self.code)?;
        m.serialize_field("field", &self.field)?;
        m.serialize_field("path", &self.path)?;
        m.serialize_field("message", &self.message)?;
        serialize_detail(&self.detail, m)?;
        if !self.missing.is_empty() {
            m.serialize_field("missing", &self.missing)?;
        }
        Ok(())
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Error", 6)?;
        self.serialize_fields(&mut m)?;
        m.end()
    }
}

impl Error {
    /// An error with its message still to be rendered (see [`Error::render`]).
    pub(crate) fn new(code: ErrorCode, field: impl Into<Path>, detail: Message) -> Self {
        let Path { text, parts } = field.into();
        Error {
            code,
            field: text,
            path: parts,
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
        // The typed arguments are written out only with `details`: the resident's page build
        // shows `message` alone, and leaves their localising out too.
        let details = cfg!(feature = "details");
        self.message = cat.render(&self.detail);
        if details {
            self.detail = cat.localize(self.detail);
        }
        for m in &mut self.missing {
            m.message = cat.render(&m.detail);
            if details {
                m.detail = cat.localize(std::mem::replace(&mut m.detail, Message::new("text")));
            }
        }
        self
    }

    /// The contract's error document: `{"error": {"code", "field", "message", …}}`.
    pub fn document(&self) -> ErrorDocument<'_> {
        ErrorDocument { error: self }
    }
}

/// One step of a field's path: a member's name or a list's index (serialised as a string or a
/// number, so `visits[0].total` is `["visits", 0, "total"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// A member of an object.
    Key(String),
    /// An element of a list, from 0.
    Index(usize),
}

impl Serialize for PathPart {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PathPart::Key(k) => s.serialize_str(k),
            PathPart::Index(i) => s.serialize_u32(crate::messages::small(*i as u64)),
        }
    }
}

/// A field's path, built once as text (`visits[0].total`) and as parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Path {
    text: String,
    parts: Vec<PathPart>,
}

/// A top-level member (`"policy"`), or the whole input (`""`).
impl From<&str> for Path {
    fn from(key: &str) -> Self {
        if key.is_empty() {
            return Path::default();
        }
        Path {
            text: key.into(),
            parts: vec![PathPart::Key(key.into())],
        }
    }
}

impl From<&Path> for Path {
    fn from(p: &Path) -> Self {
        p.clone()
    }
}

/// A field path one member deeper: `params` + `x` → `params.x`.
///
/// (Paths are built by concatenation rather than `format!`, which would bring the general
/// formatting machinery into the WebAssembly for nothing else.)
pub(crate) fn member(base: impl Into<Path>, key: &str) -> Path {
    let mut p = base.into();
    p.text = if p.text.is_empty() {
        key.into()
    } else {
        [&p.text, ".", key].concat()
    };
    p.parts.push(PathPart::Key(key.into()));
    p
}

/// A field path one index deeper: `visits` + 2 → `visits[2]`.
pub(crate) fn indexed(base: impl Into<Path>, i: usize) -> Path {
    let mut p = base.into();
    p.text = [&p.text, "[", &yibao_rules::money::fmt_count(i as u64), "]"].concat();
    p.parts.push(PathPart::Index(i));
    p
}

/// `{"error": …}`, as the command line prints it.
#[derive(serde::Serialize)]
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
