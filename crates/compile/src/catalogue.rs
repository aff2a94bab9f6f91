//! Message catalogues (`data/messages/<lang>.toml`): one template per message key, and for
//! languages other than Chinese, translations of the policy files' texts.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Keys used only by the step-by-step explanation. A build without the explanation (the
/// resident's page build, DESIGN.md) leaves their templates out of its catalogue.
pub const STEP_PREFIXES: &[&str] = &[
    "step.",
    "contribution.",
    "visit.head",
    "basic.",
    "critical.",
    "assistance.",
    "note.",
    "explain.",
    "tag.local",
    "level.short.",
];

/// Whether a key belongs to the step-by-step explanation only.
pub fn is_step_key(key: &str) -> bool {
    STEP_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// Keys of messages about files a person writes (policy files, the TOML of parameter sets), only
/// needed by builds that read such files (the command line, the agencies' WebAssembly).
pub const FILE_PREFIXES: &[&str] = &["file.", "policy_file."];

/// Keys of messages about parameter sets, needed by builds that use them (not the resident's),
/// and of the tier comparison and the cost curve, which are built with them: the resident's page
/// loads the full engine for those, as it does for the explanation.
pub const SET_PREFIXES: &[&str] = &["set.", "compare.", "curve."];

/// Keys of messages about claims files, needed only by builds with the batch.
pub const BATCH_PREFIXES: &[&str] = &["batch."];

/// The catalogue without the messages about claims files.
pub fn without_batch(mut t: Tables) -> Tables {
    t.messages
        .retain(|(k, _)| !BATCH_PREFIXES.iter().any(|p| k.starts_with(p)));
    t
}

/// Whether a key is about parameter sets (see [`SET_PREFIXES`]).
pub fn is_set_key(key: &str) -> bool {
    SET_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// The catalogue without the messages about parameter sets.
pub fn without_sets(mut t: Tables) -> Tables {
    t.messages.retain(|(k, _)| !is_set_key(k));
    t
}

/// Whether a key is about files a person writes (see [`FILE_PREFIXES`]).
pub fn is_file_key(key: &str) -> bool {
    FILE_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// The catalogue without the messages about files.
pub fn without_files(mut t: Tables) -> Tables {
    t.messages.retain(|(k, _)| !is_file_key(k));
    t
}

/// The catalogue without the explanation's templates.
pub fn without_steps(mut t: Tables) -> Tables {
    t.messages.retain(|(k, _)| !is_step_key(k));
    t
}

/// A catalogue file, as a person edits it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    /// The language tag, `zh-CN` or `en`.
    pub lang: String,
    /// Key → template.
    pub messages: BTreeMap<String, String>,
    /// The policy files' texts in this language (empty for Chinese).
    #[serde(default)]
    pub policy_texts: Vec<PolicyText>,
}

/// One policy-file text and its translation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyText {
    /// The text as the policy file has it.
    pub zh: String,
    /// The translation.
    pub text: String,
}

/// A catalogue's tables, sorted for binary search.
#[derive(Debug, Clone, PartialEq)]
pub struct Tables {
    /// The language tag.
    pub lang: String,
    /// `(key, template)`, sorted by key.
    pub messages: Vec<(String, String)>,
    /// `(Chinese, translation)`, sorted by the Chinese.
    pub policy_texts: Vec<(String, String)>,
}

/// Reads a catalogue file; a policy text translated twice is an error.
pub fn read(toml_text: &str) -> Result<Tables, String> {
    let file: CatalogueFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
    let messages: Vec<(String, String)> = file.messages.into_iter().collect();
    let mut texts: Vec<(String, String)> = file
        .policy_texts
        .into_iter()
        .map(|t| (t.zh, t.text))
        .collect();
    texts.sort();
    if let Some(w) = texts.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!("policy text translated twice: {}", w[0].0));
    }
    Ok(Tables {
        lang: file.lang,
        messages,
        policy_texts: texts,
    })
}

/// The Rust expression of a catalogue's two tables as static slices of `(Cow<str>, Cow<str>)`.
#[cfg(feature = "bake")]
pub fn bake_tables(t: &Tables) -> (String, String) {
    use databake::Bake;
    use std::borrow::Cow;
    let table = |v: &[(String, String)]| {
        let cows: Vec<(Cow<'static, str>, Cow<'static, str>)> = v
            .iter()
            .map(|(a, b)| (Cow::Owned(a.clone()), Cow::Owned(b.clone())))
            .collect();
        let cow: Cow<'static, [(Cow<'static, str>, Cow<'static, str>)]> = Cow::Owned(cows);
        cow.bake(&Default::default()).to_string()
    };
    (table(&t.messages), table(&t.policy_texts))
}
