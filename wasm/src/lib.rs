//! The WebAssembly binding: a thin layer with no rule logic in it.
//!
//! * In: a scenario is a plain JS object, read directly into the engine's small input tree
//!   ([`yibao::Input`]); text is parsed by the browser's own `JSON.parse` first. No JSON library
//!   and no serde deserialiser is compiled in: see DESIGN.md ("Why not serde-wasm-bindgen for
//!   input?") for the measurement.
//! * Out: results, policies and errors are serde types, handed to JS as plain objects by
//!   `serde-wasm-bindgen` (`Serializer::json_compatible`): the same shapes the command line prints.
//! * Words: Chinese is built in; another language's catalogue is added with `addCatalogue` (the
//!   page fetches it only when that language is chosen) and chosen with `{ lang }`.
//!
//! Errors are thrown as an `Error` whose `message` is the sentence and which carries `code`,
//! `field`, `path`, `key`, `args`, `missing` (for `missing_param`) and `needs`.

#![warn(missing_docs)]

#[cfg(feature = "text")]
use js_sys::JSON;
use js_sys::{Array, Error as JsError, Object, Reflect};
use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use yibao::{messages, Catalogue, ErrorOut, Input};

/// Talc instead of the default dlmalloc: the page is single-threaded, and talc is smaller
/// (DESIGN.md, "Why so few dependencies in the WebAssembly?").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: the estimator runs in the page's single thread; talc's WasmHandler grows the memory.
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

thread_local! {
    /// Languages added at run time with `addCatalogue`, leaked once so they live as long as the
    /// module (a page adds at most a handful).
    static LOADED: RefCell<Vec<&'static Catalogue>> = const { RefCell::new(Vec::new()) };
}

/// A serde value as a plain JS object (maps as objects, as JSON would have them).
fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// An engine error as a thrown `Error` with the contract's properties.
fn throw(e: &ErrorOut) -> JsValue {
    let js: JsValue = JsError::new(&e.error.message).into();
    let props = to_js(e);
    for key in ["code", "field", "path", "key", "args", "missing", "needs"] {
        if let Ok(v) = Reflect::get(&props, &JsValue::from_str(key)) {
            if !v.is_undefined() {
                set(&js, key, &v);
            }
        }
    }
    js
}

/// A thrown `Error` that is about the call itself, not the scenario.
fn throw_plain(code: &str, message: &str) -> JsValue {
    let js: JsValue = JsError::new(message).into();
    set(&js, "code", &JsValue::from_str(code));
    set(&js, "field", &JsValue::from_str(""));
    set(&js, "path", &js_sys::Array::new());
    js
}

/// The catalogue `options.lang` names: Chinese unless another loaded language is asked for.
fn catalogue(options: &JsValue) -> Result<&'static Catalogue, JsValue> {
    let lang = if options.is_object() {
        Reflect::get(options, &JsValue::from_str("lang"))
            .ok()
            .and_then(|v| v.as_string())
    } else {
        None
    };
    match lang.as_deref() {
        None | Some("zh") | Some("zh-CN") => Ok(messages::zh()),
        #[cfg(feature = "en")]
        Some("en") => Ok(messages::en()),
        Some(l) => LOADED
            .with(|c| c.borrow().iter().find(|c| c.lang == l).copied())
            .ok_or_else(|| {
                let zh = messages::zh();
                let m = zh.render(
                    &messages::Message::new("error.unknown_language")
                        .arg("lang", messages::clip(l)),
                );
                throw_plain("unknown_language", &m)
            }),
    }
}

/// Reads a JS value into the input tree, as `JSON.stringify` would see it: `undefined` and
/// functions are null, numbers keep only whether they are small exact integers.
fn read(v: &JsValue, depth: usize) -> Result<Input, ()> {
    if depth > yibao::input::MAX_DEPTH {
        return Err(());
    }
    if v.is_null() || v.is_undefined() {
        return Ok(Input::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Input::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        let exact = n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0;
        return Ok(Input::Number(exact.then_some(n as u64)));
    }
    if let Some(s) = v.as_string() {
        return Ok(Input::Str(s));
    }
    if Array::is_array(v) {
        let a = Array::from(v);
        return a
            .iter()
            .map(|x| read(&x, depth + 1))
            .collect::<Result<_, _>>()
            .map(Input::Array);
    }
    if v.is_object() && !v.is_function() {
        let mut members = Vec::new();
        for pair in Object::entries(&Object::from(v.clone())).iter() {
            let pair = Array::from(&pair);
            let key = pair.get(0).as_string().unwrap_or_default();
            members.push((key, read(&pair.get(1), depth + 1)?));
        }
        return Ok(Input::Object(members));
    }
    Ok(Input::Null)
}

/// The scenario as an input tree: text through `JSON.parse`, objects read directly.
fn input(scenario: &JsValue, cat: &'static Catalogue) -> Result<Input, JsValue> {
    #[cfg(feature = "text")]
    let value = match scenario.as_string() {
        Some(text) => JSON::parse(&text).map_err(|e| {
            let (line, column) = position(&text, &e);
            let err = yibao::Error::invalid_json(line, column);
            throw(&ErrorOut {
                error: Box::new(err.rendered(cat)),
                needs: Vec::new(),
            })
        })?,
        None => scenario.clone(),
    };
    #[cfg(not(feature = "text"))]
    let value = scenario.clone();
    read(&value, 0).map_err(|()| {
        let err = yibao::Error::too_deep();
        throw(&ErrorOut {
            error: Box::new(err.rendered(cat)),
            needs: Vec::new(),
        })
    })
}

#[cfg(feature = "text")]
/// Where `JSON.parse` stopped, as a 1-based line and column: from the browser's message where it
/// gives one ("line 1 column 2", or "position 10" counted in the text), else the end of the text.
fn position(text: &str, e: &JsValue) -> (usize, usize) {
    let msg = Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    let number_after = |word: &str| -> Option<usize> {
        let i = msg.find(word)? + word.len();
        let digits: String = msg[i..].chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    if let (Some(l), Some(c)) = (number_after("line "), number_after("column ")) {
        return (l, c);
    }
    // A position counts UTF-16 code units from 0.
    let at = number_after("position ").unwrap_or(usize::MAX);
    let (mut line, mut column, mut units) = (1, 1, 0);
    for ch in text.chars() {
        if units >= at {
            break;
        }
        units += ch.len_utf16();
        if ch == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// Settles a scenario (a plain object, or its JSON text) and returns the result object.
/// `options` may be `{ lang: "en" }` once that catalogue has been added; in builds with
/// parameter sets, `{ paramsSet }` is an agency's set in its JSON form (docs/CONTRACT.md).
#[wasm_bindgen]
pub fn estimate(scenario: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let cat = catalogue(&options)?;
    let input = input(&scenario, cat)?;
    #[cfg(feature = "sets")]
    {
        let reg = sets::registry();
        let set = sets::option_set(&options, reg, cat)?;
        yibao::estimate_in(reg, &input, set.as_ref(), cat)
            .map(|r| to_js(&r))
            .map_err(|e| throw(&e))
    }
    #[cfg(not(feature = "sets"))]
    yibao::estimate_input(&input, cat)
        .map(|r| to_js(&r))
        .map_err(|e| throw(&e))
}

/// Compares the tiers this person may enrol in, with the break-even spending
/// (docs/CONTRACT.md, "Tier comparison"): what `yibao compare` prints. Takes the scenario and
/// options as `estimate` does; a scenario it refuses is thrown as `estimate` throws it.
#[cfg(feature = "sets")]
#[wasm_bindgen(js_name = compareTiers)]
pub fn compare_tiers(scenario: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let cat = catalogue(&options)?;
    let input = input(&scenario, cat)?;
    let reg = sets::registry();
    let set = sets::option_set(&options, reg, cat)?;
    yibao::compare::compare(reg, &input, set.as_ref(), cat)
        .map(|r| to_js(&r))
        .map_err(|e| throw(&e))
}

/// The cost curve of one more visit (docs/CONTRACT.md, "Cost curve"): what `yibao curve` prints.
/// `visit` is `{ care, level }`; the scenario and options are as for `estimate`.
#[cfg(feature = "sets")]
#[wasm_bindgen(js_name = costCurve)]
pub fn cost_curve(scenario: JsValue, visit: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let cat = catalogue(&options)?;
    let input = input(&scenario, cat)?;
    let get = |k: &str| Reflect::get(&visit, &JsValue::from_str(k)).ok();
    let Some(care) = get("care")
        .and_then(|c| c.as_string())
        .and_then(|c| yibao::rules::Care::parse(&c))
    else {
        return Err(throw_plain("invalid_visit", "visit.care"));
    };
    let level = get("level")
        .and_then(|l| l.as_f64())
        .filter(|l| (1.0..=3.0).contains(l) && l.fract() == 0.0)
        .map(|l| l as u8);
    let reg = sets::registry();
    let set = sets::option_set(&options, reg, cat)?;
    yibao::curve::curve(reg, &input, set.as_ref(), care, level, cat)
        .map(|r| to_js(&r))
        .map_err(|e| throw(&e))
}

/// The policies, as `yibao policies` prints them, in the chosen language (in the agencies'
/// build, with the policy files loaded by `loadPolicy` after the built-in ones).
#[wasm_bindgen]
pub fn policies(options: JsValue) -> Result<JsValue, JsValue> {
    let cat = catalogue(&options)?;
    #[cfg(feature = "agency")]
    return Ok(to_js(&yibao::policies_in(sets::registry(), cat)));
    #[cfg(not(feature = "agency"))]
    Ok(to_js(&yibao::policies(cat)))
}

/// Parameter sets (the full API and the agencies' build; not the resident's page build).
#[cfg(feature = "sets")]
mod sets {
    use super::*;
    use yibao::params_set::ParamSet;
    use yibao::rules::Registry;

    #[cfg(feature = "agency")]
    thread_local! {
        /// The built-in policies plus those loaded with `loadPolicy`, leaked once per load (an
        /// official loads a handful).
        pub(crate) static CUSTOM: RefCell<Option<&'static Registry>> = const { RefCell::new(None) };
    }

    /// The registry estimates use.
    pub(crate) fn registry() -> &'static Registry {
        #[cfg(feature = "agency")]
        if let Some(r) = CUSTOM.with(|c| *c.borrow()) {
            return r;
        }
        yibao::registry()
    }

    /// A mistake in a parameter set as a thrown `Error` with `code`, `field`, `path`, `line`,
    /// `column`, `key` and `args`.
    pub(crate) fn throw_file<T: Serialize>(message: &str, e: &T) -> JsValue {
        let js: JsValue = JsError::new(message).into();
        let props = to_js(e);
        for key in ["code", "line", "column", "field", "path", "key", "args"] {
            if let Ok(v) = Reflect::get(&props, &JsValue::from_str(key)) {
                if !v.is_undefined() {
                    set(&js, key, &v);
                }
            }
        }
        js
    }

    /// `options.paramsSet`, checked.
    pub(crate) fn option_set(
        options: &JsValue,
        reg: &Registry,
        cat: &'static Catalogue,
    ) -> Result<Option<ParamSet>, JsValue> {
        if !options.is_object() {
            return Ok(None);
        }
        let v = Reflect::get(options, &JsValue::from_str("paramsSet")).unwrap_or(JsValue::NULL);
        if v.is_null() || v.is_undefined() {
            return Ok(None);
        }
        check(&v, reg, cat).map(Some)
    }

    /// Reads a set's JSON form (an object) and checks it.
    pub(crate) fn check(
        v: &JsValue,
        reg: &Registry,
        cat: &'static Catalogue,
    ) -> Result<ParamSet, JsValue> {
        let tree = read(v, 0).map_err(|()| {
            let err = yibao::Error::too_deep();
            throw(&ErrorOut {
                error: Box::new(err.rendered(cat)),
                needs: Vec::new(),
            })
        })?;
        ParamSet::read(&tree, reg).map_err(|e| {
            let out = yibao::file_error::FileError::from_set_error(&e, cat);
            throw_file(&out.message, &out)
        })
    }
}

/// Checks an agency's parameter set given as an object (its JSON form) and returns it as the
/// engine reads it; a mistake is thrown with its field and message (`invalid_params_set`).
#[cfg(feature = "sets")]
#[wasm_bindgen(js_name = checkParamsSet)]
pub fn check_params_set(set: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let cat = catalogue(&options)?;
    sets::check(&set, sets::registry(), cat).map(|s| to_js(&s))
}

/// Reads an agency's parameter set from its text, TOML or JSON (`data-params-src`), and returns
/// its JSON form; a mistake is thrown with its line, field and message.
#[cfg(feature = "agency")]
#[wasm_bindgen(js_name = readParamsSet)]
pub fn read_params_set(text: String, options: JsValue) -> Result<JsValue, JsValue> {
    let cat = catalogue(&options)?;
    yibao::agency::read_set_text_in(sets::registry(), &text, cat)
        .map(|s| to_js(&s))
        .map_err(|e| sets::throw_file(&e.message, &e))
}

/// Compiles a policy file for a region that is not built in and adds it to the policies this
/// module estimates with (replacing a loaded one of the same id); returns its entry as
/// `policies()` lists it. A mistake is thrown with its line, field and message
/// (`invalid_policy_file`).
#[cfg(feature = "agency")]
#[wasm_bindgen(js_name = loadPolicy)]
pub fn load_policy(text: String, options: JsValue) -> Result<JsValue, JsValue> {
    use std::borrow::Cow;
    let cat = catalogue(&options)?;
    let (policy, documents) = yibao::policy_file::check_policy_text(&text, cat)
        .map_err(|e| sets::throw_file(&e.message, &e))?;
    let id = policy.meta.id.clone();
    let base = sets::registry();
    let mut docs = base.documents.to_vec();
    for d in documents {
        docs.retain(|x| x.id != d.id);
        docs.push(d);
    }
    let mut list = base.policies.to_vec();
    list.retain(|p| p.meta.id != id);
    list.push(policy);
    let reg: &'static yibao::rules::Registry = Box::leak(Box::new(yibao::rules::Registry {
        documents: Cow::Owned(docs),
        policies: Cow::Owned(list),
    }));
    sets::CUSTOM.with(|c| *c.borrow_mut() = Some(reg));
    let info = yibao::policies_in(reg, cat)
        .into_iter()
        .find(|p| p.id == id.as_ref());
    Ok(to_js(&info))
}

/// The plain-text explanation of a scenario, as `yibao explain` prints it.
#[cfg(feature = "steps")]
#[wasm_bindgen(js_name = explainText)]
pub fn explain_text(scenario: JsValue, options: JsValue) -> Result<String, JsValue> {
    let cat = catalogue(&options)?;
    let input = input(&scenario, cat)?;
    yibao::estimate_input(&input, cat)
        .map(|e| yibao::explain_text(&e, cat))
        .map_err(|e| throw(&e))
}

/// Adds a language: `{ lang, messages: {key: template}, policy_texts: {chinese: text} }`, as the
/// site publishes it in `i18n/engine-<lang>.json`.
#[wasm_bindgen(js_name = addCatalogue)]
pub fn add_catalogue(catalogue: JsValue) -> Result<(), JsValue> {
    let get = |k: &str| Reflect::get(&catalogue, &JsValue::from_str(k)).unwrap_or(JsValue::NULL);
    let pairs = |v: JsValue| -> Vec<(String, String)> {
        if !v.is_object() {
            return Vec::new();
        }
        Object::entries(&Object::from(v))
            .iter()
            .map(|p| {
                let p = Array::from(&p);
                (
                    p.get(0).as_string().unwrap_or_default(),
                    p.get(1).as_string().unwrap_or_default(),
                )
            })
            .collect()
    };
    let lang = get("lang")
        .as_string()
        .ok_or_else(|| throw_plain("invalid_catalogue", "catalogue.lang is missing"))?;
    let cat = Catalogue::from_json_parts(lang, pairs(get("messages")), pairs(get("policy_texts")));
    let cat: &'static Catalogue = Box::leak(Box::new(cat));
    LOADED.with(|c| {
        let mut c = c.borrow_mut();
        c.retain(|x| x.lang != cat.lang);
        c.push(cat);
    });
    Ok(())
}

#[cfg(feature = "batch")]
mod batch;
