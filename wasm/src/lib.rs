//! The WebAssembly binding: a thin layer with no rule logic in it.
//!
//! `estimate(scenario)` and `policies()` take and return plain JS objects of the shapes in
//! docs/CONTRACT.md. A scenario is turned into JSON text with the browser's own `JSON.stringify` and
//! read by the same code as the command line, so the page and the CLI cannot disagree. Errors are
//! thrown as an `Error` whose `message` is the Chinese sentence and which carries `code` and
//! `field`.

use js_sys::{Error as JsError, Reflect, JSON};
use wasm_bindgen::prelude::*;

/// Hands a JSON document to JS as a plain object. Why through text: the browser's `JSON.parse` is
/// fast and already there, while a serde-to-JS serializer would add kilobytes to every download.
fn to_js(json: &str) -> JsValue {
    JSON::parse(json).unwrap_or(JsValue::NULL)
}

fn throw(code: &str, field: &str, message: &str) -> JsValue {
    let e = JsError::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    let _ = Reflect::set(&e, &"field".into(), &field.into());
    e.into()
}

/// An engine error as a thrown `Error`: `code`, `field`, and for `missing_param` the `missing`
/// list of every parameter still to fill in (docs/CONTRACT.md).
fn throw_error(e: &yibao::Error) -> JsValue {
    let js = throw(e.code.as_str(), &e.field, &e.message);
    if e.code == yibao::ErrorCode::MissingParam {
        let doc = to_js(&e.to_json().to_text());
        let missing = Reflect::get(&doc, &"error".into())
            .and_then(|inner| Reflect::get(&inner, &"missing".into()))
            .unwrap_or(JsValue::NULL);
        let _ = Reflect::set(&js, &"missing".into(), &missing);
    }
    js
}

/// Settles a scenario (a plain object, or its JSON text) and returns the result object.
#[wasm_bindgen]
pub fn estimate(scenario: JsValue) -> Result<JsValue, JsValue> {
    let text = scenario_text(&scenario)?;
    yibao::estimate_json(&text)
        .map(|v| to_js(&v))
        .map_err(|e| throw_error(&e))
}

/// The built-in policies, as `yibao policies` prints them.
#[wasm_bindgen]
pub fn policies() -> JsValue {
    to_js(&yibao::policies_json().to_text())
}

/// The plain-text explanation of a scenario, as `yibao explain` prints it.
#[wasm_bindgen(js_name = explainText)]
pub fn explain_text(scenario: JsValue) -> Result<String, JsValue> {
    let text = scenario_text(&scenario)?;
    yibao::explain_str(&text).map_err(|e| throw_error(&e))
}

/// A scenario given as JSON text is taken as is; an object is stringified by the browser.
fn scenario_text(scenario: &JsValue) -> Result<String, JsValue> {
    match scenario.as_string() {
        Some(s) => Ok(s),
        None => JSON::stringify(scenario)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| throw("invalid_json", "", "输入无法转换为 JSON 数据。")),
    }
}
