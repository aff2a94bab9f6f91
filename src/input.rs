//! The small input tree a scenario arrives as, before it is validated.
//!
//! Two readers produce it: `serde_json` for text (the command line and Rust callers, through the
//! [`serde::Deserialize`] impl below), and the WebAssembly binding, which walks the browser's JS
//! object directly. Both give the same tree, so [`crate::scenario`] validates every scenario the
//! same way, with the same codes, field paths and messages.
//!
//! Why a tree of our own rather than `serde_json::Value`: object members keep their order and
//! their repeats (the last of repeated keys wins, docs/CONTRACT.md), numbers say only what the
//! scenario can use of them (whether they are a small exact integer), and the WebAssembly needs no
//! JSON library at all.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// How deep a tree may nest. A scenario needs four levels (`params.x.bands[0].ratio`); the limit
/// keeps a hostile or cyclic JS object from exhausting the stack.
pub const MAX_DEPTH: usize = 32;

/// A JSON-shaped value.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// `null` (and, from JS, `undefined`).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number: only whether it is a non-negative integer matters (the hospital level); amounts
    /// are never numbers.
    Number(Option<u64>),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Input>),
    /// An object, members in order, repeats kept.
    Object(Vec<(String, Input)>),
}

impl Input {
    /// The member `key` of an object: the last of repeated keys wins.
    pub fn get(&self, key: &str) -> Option<&Input> {
        match self {
            Input::Object(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Input::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The depth of the deepest value, counting this one.
    pub fn depth(&self) -> usize {
        match self {
            Input::Array(a) => 1 + a.iter().map(Input::depth).max().unwrap_or(0),
            Input::Object(m) => 1 + m.iter().map(|(_, v)| v.depth()).max().unwrap_or(0),
            _ => 1,
        }
    }
}

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Input, D::Error> {
        d.deserialize_any(InputVisitor)
    }
}

struct InputVisitor;

impl<'de> Visitor<'de> for InputVisitor {
    type Value = Input;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Input, E> {
        Ok(Input::Null)
    }
    fn visit_none<E>(self) -> Result<Input, E> {
        Ok(Input::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Input, E> {
        Ok(Input::Bool(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Input, E> {
        Ok(Input::Number(Some(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Input, E> {
        Ok(Input::Number(u64::try_from(v).ok()))
    }
    // "1.0", "1e3": written as fractions or exponents, so not the plain integers a level is.
    fn visit_f64<E>(self, _: f64) -> Result<Input, E> {
        Ok(Input::Number(None))
    }
    fn visit_str<E>(self, v: &str) -> Result<Input, E> {
        Ok(Input::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Input, E> {
        Ok(Input::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Input, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Input::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Input, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Input>()? {
            out.push((k, v));
        }
        Ok(Input::Object(out))
    }
}

/// Reads JSON text; on failure, the 1-based line and column where it stops being JSON.
#[cfg(feature = "text")]
pub fn from_text(text: &str) -> Result<Input, (usize, usize)> {
    serde_json::from_str(text).map_err(|e: serde_json::Error| (e.line(), e.column()))
}

/// The tree written back as JSON would have it (an agency's set returns its values this way).
/// A number with no exact value is written as `null`.
#[cfg(feature = "sets")]
impl serde::Serialize for Input {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Input::Null => s.serialize_unit(),
            Input::Bool(b) => s.serialize_bool(*b),
            Input::Number(Some(n)) => s.serialize_u32(crate::messages::small(*n)),
            Input::Number(None) => s.serialize_unit(),
            Input::Str(t) => s.serialize_str(t),
            Input::Array(a) => a.serialize(s),
            Input::Object(m) => {
                let mut map = serde::Serializer::serialize_map(s, Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}
