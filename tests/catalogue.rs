//! The words live in one catalogue per language (data/messages/). These tests fail when a key
//! lacks a translation, when a template uses an argument its key does not have, when the engine
//! emits a message without an argument it declares, or when the English output lets Chinese
//! through outside document quotes, document names and bracketed official terms.

use serde_json::Value;
use std::collections::BTreeSet;
use yibao::messages::{self, Catalogue, KEYS, NAMES};

fn placeholders(template: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        if let Some(stripped) = after.strip_prefix('{') {
            rest = stripped;
            continue;
        }
        let j = after.find('}').expect("a closing brace");
        out.insert(after[..j].to_string());
        rest = &after[j + 1..];
    }
    out
}

fn catalogues() -> [&'static Catalogue; 2] {
    [messages::zh(), messages::en()]
}

#[test]
fn every_key_has_a_template_in_both_languages_and_no_template_is_orphaned() {
    let declared: BTreeSet<&str> = KEYS
        .iter()
        .map(|(k, _)| *k)
        .chain(NAMES.iter().copied())
        .chain(["tag.param_source"])
        .collect();
    for cat in catalogues() {
        let have: BTreeSet<&str> = cat.messages.iter().map(|(k, _)| k.as_ref()).collect();
        let missing: Vec<_> = declared.difference(&have).collect();
        let extra: Vec<_> = have.difference(&declared).collect();
        assert!(
            missing.is_empty(),
            "{}: no template for {missing:?}",
            cat.lang
        );
        assert!(
            extra.is_empty(),
            "{}: templates for unknown keys {extra:?}",
            cat.lang
        );
    }
}

#[test]
fn no_template_uses_an_argument_its_key_does_not_have() {
    for cat in catalogues() {
        for (key, args) in KEYS {
            let t = cat.template(key).unwrap();
            let used = placeholders(t);
            let unknown: Vec<_> = used
                .iter()
                .filter(|u| !args.contains(&u.as_str()))
                .collect();
            assert!(
                unknown.is_empty(),
                "{} {key}: {unknown:?} in {t:?}",
                cat.lang
            );
        }
        for key in NAMES {
            assert!(placeholders(cat.template(key).unwrap()).is_empty(), "{key}");
        }
    }
}

#[test]
fn every_figure_a_chinese_template_shows_is_shown_in_english_too() {
    for (key, _) in KEYS {
        let zh = placeholders(messages::zh().template(key).unwrap());
        let en = placeholders(messages::en().template(key).unwrap());
        // `quote.ref` names a document by its 文号 in Chinese and by its title in English.
        let quote_ref = *key == "quote.ref";
        let zh: BTreeSet<_> = zh
            .into_iter()
            .filter(|a| !(quote_ref && a == "doc"))
            .collect();
        let en: BTreeSet<_> = en
            .into_iter()
            .filter(|a| !(quote_ref && a == "title"))
            .collect();
        assert_eq!(zh, en, "{key}");
    }
}

#[test]
fn every_text_of_every_built_in_policy_has_an_english_translation() {
    let en = messages::en();
    let mut missing = Vec::new();
    for p in yibao::registry().policies.iter() {
        let mut texts: Vec<&str> = vec![&p.meta.name, &p.meta.region, &p.meta.summary];
        texts.extend(p.meta.notes.iter().map(|s| s.as_ref()));
        texts.extend(p.benefits.iter().map(|b| b.name.as_ref()));
        for t in p.tiers.iter() {
            texts.extend([t.name.as_ref(), t.description.as_ref()]);
        }
        for g in p.groups.iter() {
            texts.push(&g.definition);
            texts.extend(g.caveat.as_deref());
        }
        for x in p.params.iter() {
            texts.extend([x.label.as_ref(), x.meaning.as_ref()]);
            texts.extend(x.when_absent.as_deref());
            texts.extend(x.choices.iter().map(|c| c.label.as_ref()));
        }
        for r in &p.basic {
            texts.extend(r.notes.iter().map(|s| s.as_ref()));
        }
        texts.extend(p.critical.notes.iter().map(|s| s.as_ref()));
        texts.extend(p.critical.assumptions.iter().map(|a| a.text.as_ref()));
        texts.extend(
            p.critical
                .tilts
                .iter()
                .filter_map(|t| t.assumption.as_ref().map(|a| a.text.as_ref())),
        );
        texts.extend(p.assistance.notes.iter().map(|s| s.as_ref()));
        for t in texts {
            if std::ptr::eq(en.policy_text(t), t) {
                missing.push(format!("{}: {t}", p.meta.id));
            }
        }
    }
    assert!(missing.is_empty(), "untranslated: {missing:#?}");
}

// ------------------------------------------------------------------------------------ the corpus

fn corpus() -> Vec<String> {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string("tests/e2e/scenarios.json").unwrap())
            .unwrap();
    let mut out = Vec::new();
    for c in v["valid"].as_array().unwrap() {
        out.push(c["scenario"].to_string());
    }
    for c in v["invalid"].as_array().unwrap() {
        match c.get("raw") {
            Some(Value::String(raw)) => out.push(raw.clone()),
            _ => out.push(c["scenario"].to_string()),
        }
    }
    out
}

/// Every message in a result or error document: `{ "key", "args" }` objects, nested ones too.
fn messages_in(v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(k)), Some(args @ Value::Object(_))) =
                (m.get("key"), m.get("args"))
            {
                out.push((k.clone(), args.clone()));
            }
            for x in m.values() {
                messages_in(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| messages_in(x, out)),
        _ => {}
    }
}

fn document(text: &str, cat: &Catalogue) -> Value {
    match yibao::estimate_text(text, cat) {
        Ok(e) => serde_json::to_value(e).unwrap(),
        Err(e) => serde_json::json!({ "error": e }),
    }
}

#[test]
fn every_emitted_message_carries_exactly_the_arguments_its_key_declares() {
    let mut seen = BTreeSet::new();
    for text in corpus() {
        let mut found = Vec::new();
        messages_in(&document(&text, messages::zh()), &mut found);
        for (key, args) in found {
            let declared: BTreeSet<&str> = KEYS
                .iter()
                .find(|(k, _)| *k == key)
                .unwrap_or_else(|| panic!("undeclared key {key}"))
                .1
                .iter()
                .copied()
                .collect();
            let given: BTreeSet<&str> = args
                .as_object()
                .unwrap()
                .keys()
                .map(|k| k.as_str())
                .collect();
            assert_eq!(given, declared, "{key}");
            seen.insert(key);
        }
    }
    assert!(seen.len() > 40, "the corpus exercises {} keys", seen.len());
}

/// Chinese characters left after removing what English output may quote: document quotes
/// “…”, document titles 《…》, and bracketed official terms (…).
fn stray_chinese(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut depth = (0, 0, 0);
    for ch in s.chars() {
        match ch {
            '“' => depth.0 += 1,
            '”' => depth.0 -= 1,
            '《' => depth.1 += 1,
            '》' => depth.1 -= 1,
            '(' => depth.2 += 1,
            ')' => depth.2 -= 1,
            c if depth == (0, 0, 0) && is_cjk(c) => out.push(c),
            _ => {}
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `{name}` left in a rendered text.
fn has_placeholder(s: &str) -> bool {
    s.split('{').skip(1).any(|rest| {
        let name: String = rest.chars().take_while(|c| *c != '}').collect();
        rest.len() > name.len()
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF)
}

/// Every text a person reads in a result, except the fields that hold documents' own words.
fn readable(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) => out.push((path.to_string(), s.clone())),
        Value::Object(m) => {
            for (k, x) in m {
                // Documents' own words and names, and the structured arguments (machine-read).
                if ["quote", "document", "number", "args", "citations", "title"]
                    .contains(&k.as_str())
                    && path.ends_with("citation")
                    || [
                        "args",
                        "warning_messages",
                        "citations",
                        "documents",
                        "definition_source",
                    ]
                    .contains(&k.as_str())
                {
                    continue;
                }
                readable(x, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| readable(x, &format!("{path}[{i}]"), out)),
        _ => {}
    }
}

#[test]
fn english_results_and_errors_have_no_chinese_outside_quotes_document_names_and_bracketed_terms() {
    for text in corpus() {
        let doc = document(&text, messages::en());
        let mut texts = Vec::new();
        readable(&doc, "", &mut texts);
        for (path, s) in texts {
            assert!(stray_chinese(&s).is_none(), "{path}: {s}");
            assert!(
                !has_placeholder(&s),
                "{path}: unrendered placeholder in {s}"
            );
        }
    }
}

#[test]
fn english_policies_have_no_chinese_outside_quotes_document_names_and_bracketed_terms() {
    let v = serde_json::to_value(yibao::policies(messages::en())).unwrap();
    let mut texts = Vec::new();
    readable(&v, "", &mut texts);
    for (path, s) in texts {
        // A citation's clause is numbered in figures; its quote is the document's own words.
        if path.ends_with(".quote") {
            continue;
        }
        assert!(stray_chinese(&s).is_none(), "{path}: {s}");
    }
}

#[test]
fn the_plain_text_explanation_in_english_has_no_stray_chinese() {
    for text in corpus().into_iter().take(30) {
        if let Ok(e) = yibao::estimate_text(&text, messages::en()) {
            let t = yibao::explain_text(&e, messages::en());
            for line in t.lines() {
                assert!(stray_chinese(line).is_none(), "{line}");
            }
        }
    }
}

#[test]
fn chinese_stays_the_default_and_english_is_chosen_by_name() {
    let text = r#"{"policy":"tianjin-2022","tier":"high","visits":[{"care":"outpatient","level":1,"total":"3000"}]}"#;
    let zh = document(text, messages::zh());
    let en = document(text, messages::en());
    assert_eq!(zh["lang"], "zh-CN");
    assert_eq!(en["lang"], "en");
    // The figures do not depend on the language.
    for k in ["total", "basic", "critical", "assistance", "out_of_pocket"] {
        assert_eq!(zh[k], en[k]);
    }
    // Structured arguments do not either.
    assert_eq!(zh["steps"][4]["args"], en["steps"][4]["args"]);
    assert_eq!(zh["steps"][4]["key"], en["steps"][4]["key"]);
}

/// The resident's page build has no step templates (DESIGN.md): nothing outside the steps may use
/// one, or that build would show a key instead of a sentence.
#[test]
fn warnings_errors_and_needs_never_use_a_step_only_template() {
    for text in corpus() {
        let doc = document(&text, messages::zh());
        let mut found = Vec::new();
        let mut outside = doc.clone();
        if let Some(o) = outside.as_object_mut() {
            o.remove("steps");
        }
        messages_in(&outside, &mut found);
        for (key, _) in found {
            assert!(
                !yibao_compile::catalogue::is_step_key(&key),
                "{key} is used outside the steps"
            );
        }
    }
}
