//! Words out of the engine: every sentence the engine says is a [`Message`] — a key and typed
//! arguments — rendered from one catalogue per language.
//!
//! Why: the engine decides and the catalogue words it. Results carry each message's key and
//! arguments beside the rendered text, so a program can read the figures without parsing Chinese;
//! a second language is a second catalogue, not a second engine; and the page and the command line
//! render from the same catalogue data, so the two cannot drift.
//!
//! The catalogues are data: `data/messages/zh-CN.toml` (baked into every build) and
//! `data/messages/en.toml` (baked into the command line; fetched by the page only when English is
//! chosen). A template names its arguments in braces: `"（{total} − {excluded}）× {ratio}"`.
//! [`KEYS`] lists every key with the arguments the engine gives it; a test checks that every key
//! has a template in both languages and that no template uses an argument the key lacks.

use rust_decimal::Decimal;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use yibao_rules::{money, Care, Group, Param, Str};

/// A sentence the engine says, before it is worded in a language.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The catalogue key, e.g. `step.critical.computed`.
    pub key: &'static str,
    /// The named arguments, in the order given.
    pub args: Vec<(&'static str, Arg)>,
}

/// A typed argument of a [`Message`].
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// An amount of money, shown with two decimals: `1320.00`.
    Amount(Decimal),
    /// An exact intermediate number, never rounded: `26791.7`.
    Number(Decimal),
    /// A ratio, shown as a percentage: `0.55` → `55%`.
    Ratio(Decimal),
    /// A whole number: a line, a column, a limit.
    Count(u64),
    /// A visit, by its index in the scenario (0-based): `第1次就诊` / `visit 1`.
    Visit(usize),
    /// A care type.
    Care(Care),
    /// A hospital level, 1 to 3.
    Level(u8),
    /// An identity group.
    Group(Group),
    /// A word of the catalogue's vocabulary, e.g. `amount.critical`.
    Name(&'static str),
    /// A local parameter: its id, and its label from the policy file.
    Param(Str, Str),
    /// A text from a policy file (a definition, a note, a label), translated through the
    /// catalogue's policy texts where a translation exists.
    Text(Str),
    /// The person's own input quoted back (clipped), or a document's own words: never translated.
    Raw(String),
    /// A clause of a document, as the document numbers it (`二(五)`); languages other than
    /// Chinese show it in Arabic figures (`2(5)`).
    Clause(Str),
    /// A message inside a message.
    Message(Box<Message>),
    /// Items joined by the catalogue's list separator ("、", ", ").
    List(Vec<Arg>),
    /// Terms joined by " + ".
    Sum(Vec<Arg>),
    /// Clauses joined by the catalogue's series separator ("；", "; ").
    Series(Vec<Arg>),
}

impl Message {
    /// A message with no arguments yet.
    #[inline(never)]
    pub fn new(key: &'static str) -> Message {
        debug_assert!(
            KEYS.iter().any(|(k, _)| *k == key),
            "message key {key} is not in KEYS"
        );
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// Adds a named argument.
    #[inline(never)]
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        debug_assert!(
            KEYS.iter()
                .any(|(k, args)| *k == self.key && args.contains(&name)),
            "message {} has no argument {name} in KEYS",
            self.key
        );
        self.args.push((name, value.into()));
        self
    }

    fn get(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }
}

/// A policy-file text as a message of its own (`{text}`), for notes and definitions.
pub fn text(t: &Str) -> Message {
    Message::new("text").arg("text", Arg::Text(t.clone()))
}

/// A local parameter as an argument.
pub fn param(p: &Param) -> Arg {
    Arg::Param(p.id.clone(), p.label.clone())
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(Box::new(m))
    }
}

/// Shortens the person's text quoted back in a message, so a huge string cannot flood the page.
pub fn clip(s: &str) -> Arg {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    Arg::Raw(out)
}

// ------------------------------------------------------------------------------------ catalogues

/// A language's words: message templates, and translations of policy-file texts.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The language tag, `zh-CN` or `en`.
    pub lang: Str,
    /// `(key, template)`, sorted by key.
    pub messages: Cow<'static, [(Str, Str)]>,
    /// `(Chinese text of a policy file, translation)`, sorted by the Chinese text. Empty for
    /// Chinese, whose policy texts are the files' own.
    pub policy_texts: Cow<'static, [(Str, Str)]>,
}

fn lookup<'a>(table: &'a [(Str, Str)], key: &str) -> Option<&'a str> {
    table
        .binary_search_by(|(k, _)| k.as_ref().cmp(key))
        .ok()
        .map(|i| table[i].1.as_ref())
}

impl Catalogue {
    /// A message's template, if the catalogue has its key.
    pub fn template(&self, key: &str) -> Option<&str> {
        lookup(&self.messages, key)
    }

    /// A policy-file text in this language: the translation, or the original where none exists
    /// (a region's own file need not be translated).
    pub fn policy_text<'a>(&'a self, zh: &'a str) -> &'a str {
        lookup(&self.policy_texts, zh).unwrap_or(zh)
    }

    /// Reads a catalogue from its JSON form (what the page fetches for a language other than
    /// Chinese): `{"lang", "messages": {key: template}, "policy_texts": {zh: text}}`.
    pub fn from_json_parts(
        lang: String,
        mut messages: Vec<(String, String)>,
        mut policy_texts: Vec<(String, String)>,
    ) -> Catalogue {
        messages.sort();
        policy_texts.sort();
        let own = |v: Vec<(String, String)>| -> Cow<'static, [(Str, Str)]> {
            Cow::Owned(
                v.into_iter()
                    .map(|(a, b)| (Cow::Owned(a), Cow::Owned(b)))
                    .collect(),
            )
        };
        Catalogue {
            lang: Cow::Owned(lang),
            messages: own(messages),
            policy_texts: own(policy_texts),
        }
    }

    /// Renders a message in this language.
    pub fn render(&self, m: &Message) -> String {
        let mut out = String::new();
        self.render_into(m, &mut out);
        out
    }

    fn render_into(&self, m: &Message, out: &mut String) {
        let Some(template) = self.template(m.key) else {
            // A catalogue loaded at run time may lack a key; the key itself is more useful than
            // nothing, and the tests make sure the built-in catalogues lack none.
            out.push_str(m.key);
            return;
        };
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            if let Some(stripped) = after.strip_prefix('{') {
                out.push('{');
                rest = stripped;
                continue;
            }
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return;
            };
            let name = &after[..close];
            match m.get(name) {
                Some(a) => self.render_arg(a, out),
                None => {
                    debug_assert!(false, "message {} lacks argument {name}", m.key);
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
    }

    /// A clause as this language numbers it: Chinese numerals for Chinese, Arabic figures
    /// otherwise ("二(五)" → "2(5)", "六(十七)" → "6(17)").
    pub fn clause(&self, c: &str) -> String {
        if self.lang.starts_with("zh") {
            return c.to_string();
        }
        let digit = |ch: char| "零一二三四五六七八九".chars().position(|d| d == ch);
        let chars: Vec<char> = c.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let start = i;
            while i < chars.len() && (digit(chars[i]).is_some() || chars[i] == '十') {
                i += 1;
            }
            if i == start {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            let n = match &chars[start..i] {
                ['十'] => 10,
                ['十', d] => 10 + digit(*d).unwrap_or(0),
                [t, '十'] => digit(*t).unwrap_or(0) * 10,
                [t, '十', d] => digit(*t).unwrap_or(0) * 10 + digit(*d).unwrap_or(0),
                run => run.iter().fold(0, |n, ch| n * 10 + digit(*ch).unwrap_or(0)),
            };
            out.push_str(&money::fmt_count(n as u64));
        }
        out
    }

    fn word(&self, key: &str, out: &mut String) {
        out.push_str(self.template(key).unwrap_or(key));
    }

    /// A message's arguments as this language shows them: a policy file's text translated and a
    /// clause numbered in this language's figures, so that a result in English carries no Chinese
    /// outside documents' own words, even in `args`. Every other argument is a value and stays
    /// as it is. Chinese returns the message unchanged.
    pub fn localize(&self, m: Message) -> Message {
        if self.lang.starts_with("zh") {
            return m;
        }
        Message {
            key: m.key,
            args: m
                .args
                .into_iter()
                .map(|(k, a)| (k, self.localize_arg(a)))
                .collect(),
        }
    }

    fn localize_arg(&self, a: Arg) -> Arg {
        match a {
            Arg::Text(t) => Arg::Text(Cow::Owned(self.policy_text(&t).to_string())),
            Arg::Param(id, label) => {
                Arg::Param(id, Cow::Owned(self.policy_text(&label).to_string()))
            }
            Arg::Clause(c) => Arg::Clause(Cow::Owned(self.clause(&c))),
            Arg::Message(m) => Arg::Message(Box::new(self.localize(*m))),
            Arg::List(v) => Arg::List(v.into_iter().map(|x| self.localize_arg(x)).collect()),
            Arg::Sum(v) => Arg::Sum(v.into_iter().map(|x| self.localize_arg(x)).collect()),
            Arg::Series(v) => Arg::Series(v.into_iter().map(|x| self.localize_arg(x)).collect()),
            other => other,
        }
    }

    fn render_arg(&self, a: &Arg, out: &mut String) {
        match a {
            Arg::Amount(d) => out.push_str(&money::fmt_amount(*d)),
            Arg::Number(d) => out.push_str(&money::fmt_exact(*d)),
            Arg::Ratio(r) => out.push_str(&money::fmt_percent(*r)),
            Arg::Count(n) => out.push_str(&money::fmt_count(*n)),
            Arg::Visit(i) => {
                let m = Message::new("visit.label").arg("n", Arg::Count(*i as u64 + 1));
                self.render_into(&m, out);
            }
            Arg::Care(c) => self.word(&["care.", c.id()].concat(), out),
            Arg::Level(l) => self.word(&["level.", &money::fmt_count(u64::from(*l))].concat(), out),
            Arg::Group(g) => self.word(&["group.", g.id()].concat(), out),
            Arg::Name(k) => self.word(k, out),
            Arg::Param(_, label) => out.push_str(self.policy_text(label)),
            Arg::Text(t) => out.push_str(self.policy_text(t)),
            Arg::Raw(s) => out.push_str(s),
            Arg::Clause(c) => out.push_str(&self.clause(c)),
            Arg::Message(m) => self.render_into(m, out),
            Arg::List(items) | Arg::Sum(items) | Arg::Series(items) => {
                let sep_key = match a {
                    Arg::Sum(_) => "sep.sum",
                    Arg::Series(_) => "sep.series",
                    _ => "sep.list",
                };
                let sep = self.template(sep_key).unwrap_or(", ");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(sep);
                    }
                    self.render_arg(item, out);
                }
            }
        }
    }
}

/// The built-in catalogues, baked from `data/messages/` at build time.
mod baked {
    include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));
}

/// The Chinese catalogue, always built in.
pub fn zh() -> &'static Catalogue {
    &baked::ZH
}

/// The English catalogue, built into the command line and native callers. The WebAssembly leaves
/// it out: the page fetches it only when English is chosen.
#[cfg(feature = "en")]
pub fn en() -> &'static Catalogue {
    &baked::EN
}

// ------------------------------------------------------------------------------------ JSON

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("key", self.key)?;
        m.serialize_entry("args", &Args(&self.args))?;
        m.end()
    }
}

/// A message's arguments as a JSON object: `{"name": {"amount": "1320.00"}, …}`.
pub struct Args<'a>(pub &'a [(&'static str, Arg)]);

impl Serialize for Args<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A count or index as a `u32`. serde-wasm-bindgen's JSON-compatible serialiser checks every
/// `u64` against JavaScript's safe-integer range and formats an error message for the ones above
/// it, which brings the whole `core::fmt` machinery into the WebAssembly (about 1 KB gzip,
/// measured with twiggy). No count here comes near `u32::MAX` (visits are at most 500), and a
/// `u32` is always a safe integer.
pub(crate) fn small(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Each argument is an object with one member naming its type: `{"amount": "1320.00"}`,
/// `{"ratio": "0.55"}`, `{"visit": 0}`, `{"param": "critical_cap"}`, `{"message": {…}}`.
impl Serialize for Arg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(1))?;
        match self {
            Arg::Amount(d) => m.serialize_entry("amount", &money::fmt_amount(*d))?,
            Arg::Number(d) => m.serialize_entry("number", &money::fmt_exact(*d))?,
            Arg::Ratio(d) => m.serialize_entry("ratio", &money::fmt_exact(*d))?,
            Arg::Count(n) => m.serialize_entry("count", &small(*n))?,
            Arg::Visit(i) => m.serialize_entry("visit", &small(*i as u64))?,
            Arg::Care(c) => m.serialize_entry("care", c.id())?,
            Arg::Level(l) => m.serialize_entry("level", l)?,
            Arg::Group(g) => m.serialize_entry("group", g.id())?,
            Arg::Name(k) => m.serialize_entry("name", k)?,
            Arg::Param(id, _) => m.serialize_entry("param", id)?,
            Arg::Text(t) => m.serialize_entry("text", t)?,
            Arg::Raw(t) => m.serialize_entry("raw", t)?,
            Arg::Clause(c) => m.serialize_entry("clause", c)?,
            Arg::Message(msg) => m.serialize_entry("message", msg)?,
            Arg::List(items) => m.serialize_entry("list", items)?,
            Arg::Sum(items) => m.serialize_entry("sum", items)?,
            Arg::Series(items) => m.serialize_entry("series", items)?,
        }
        m.end()
    }
}

// ------------------------------------------------------------------------------------ the keys

/// The arguments of the four tier-override warnings (a tier chosen or defaulted, for a group
/// enrolled with or without full aid): one sentence in four forms.
const TIER_OVERRIDE_ARGS: &[&str] = &[
    "chosen",
    "group",
    "tier",
    "benefit",
    "clause",
    "quote",
    "individual",
];

/// Every message key, with the arguments the engine gives it. The catalogues' templates may use
/// any of these arguments and no other.
pub const KEYS: &[(&str, &[&str])] = &[
    ("text", &["text"]),
    ("sep.list", &[]),
    ("sep.sum", &[]),
    ("sep.series", &[]),
    ("sep.end", &[]),
    ("visit.label", &["n"]),
    ("tag.local", &[]),
    ("tag.none", &[]),
    ("tag.param_source", &[]),
    // Errors.
    ("error.invalid_json", &["line", "column"]),
    ("error.not_object", &[]),
    ("error.too_deep", &["max"]),
    // Files people write (`agency`): where, and the generic mistakes any TOML file can have.
    ("file.at_line", &["line", "field", "message"]),
    ("file.at_file", &["message"]),
    ("file.syntax", &["detail"]),
    ("file.unknown_key", &["key", "expected"]),
    ("file.missing_key", &["key"]),
    ("file.wrong_type", &["found", "expected"]),
    ("file.unknown_value", &["value", "expected"]),
    ("file.duplicate_key", &[]),
    ("file.cite_shape", &[]),
    // The kinds of value a wrong type names as expected (`file.wrong_type`'s `expected`).
    ("file.type.text", &[]),
    ("file.type.number", &[]),
    ("file.type.boolean", &[]),
    ("file.type.list", &[]),
    ("file.type.table", &[]),
    ("file.too_large", &["max", "size"]),
    ("file.too_deep", &["max"]),
    // Policy files (`agency`): a policy file for a region that is not built in, checked by
    // `yibao_compile::check_policy`. Every argument is the file's own text (an id, a value) or a
    // limit.
    ("policy_file.unknown_document", &["doc", "choices"]),
    ("policy_file.empty_clause", &["cite"]),
    ("policy_file.empty_quote", &["cite"]),
    ("policy_file.unknown_citation", &["cite"]),
    ("policy_file.cite_count", &["count"]),
    ("policy_file.assumption_without_cite", &[]),
    ("policy_file.blank", &["key"]),
    ("policy_file.bad_policy_id", &["value"]),
    ("policy_file.bad_document_id", &["doc"]),
    ("policy_file.register_clashes", &["doc"]),
    ("policy_file.register_twice", &["doc"]),
    ("policy_file.unknown_status", &["value"]),
    ("policy_file.bad_url", &["value"]),
    ("policy_file.too_many_citations", &["max", "count"]),
    ("policy_file.too_many_params", &["max", "count"]),
    ("policy_file.too_many_benefits", &["max", "count"]),
    ("policy_file.too_many_tiers", &["max", "count"]),
    ("policy_file.too_many_groups", &["max", "count"]),
    ("policy_file.too_many_documents", &["max", "count"]),
    ("policy_file.too_many_bands", &["max", "count"]),
    ("policy_file.bad_param_id", &["param"]),
    ("policy_file.param_twice", &["param"]),
    ("policy_file.unknown_unit", &["param", "value"]),
    ("policy_file.unknown_need", &["param", "value"]),
    ("policy_file.unknown_layer", &["param", "value"]),
    ("policy_file.unknown_care", &["value", "choices"]),
    ("policy_file.bad_level", &["param", "value"]),
    ("policy_file.unknown_choice", &["param", "value"]),
    ("policy_file.mixed_choices", &["param", "value"]),
    ("policy_file.choice_without_choices", &["param"]),
    (
        "policy_file.choices_without_choice_unit",
        &["param", "unit"],
    ),
    (
        "policy_file.fallback_not_choice",
        &["param", "value", "choices"],
    ),
    ("policy_file.fallback_not_optional", &["param"]),
    ("policy_file.none_not_amount", &["param"]),
    ("policy_file.part_of_not_schedule", &["param", "value"]),
    ("policy_file.part_of_missing", &["param", "whole"]),
    ("policy_file.param_unused", &["param"]),
    ("policy_file.unknown_param", &["param"]),
    (
        "policy_file.param_wrong_unit",
        &["param", "unit", "expected"],
    ),
    ("policy_file.benefit_twice", &["value"]),
    ("policy_file.no_benefits", &[]),
    ("policy_file.unknown_benefit", &["value", "choices"]),
    ("policy_file.tier_twice", &["value"]),
    ("policy_file.no_tiers", &[]),
    ("policy_file.unknown_tier", &["value", "choices"]),
    ("policy_file.unknown_group", &["value", "choices"]),
    ("policy_file.group_twice", &["value"]),
    ("policy_file.group_not_listed", &["value"]),
    ("policy_file.aid_full_or_param", &["group"]),
    ("policy_file.basic_twice", &["care"]),
    ("policy_file.missing_ratio", &["care", "benefit"]),
    ("policy_file.missing_basic", &["care"]),
    ("policy_file.tilt_whole", &[]),
    ("policy_file.tilt_schedule_or_derive", &[]),
    ("policy_file.group_in_two_tilts", &["value"]),
    ("policy_file.derive_not_literal", &[]),
    ("policy_file.unknown_scope", &["value"]),
    ("policy_file.scope_choices", &["param"]),
    ("policy_file.scope_needs_fallback", &["param"]),
    ("policy_file.value_and_param", &[]),
    ("policy_file.no_value", &[]),
    ("policy_file.minimum_not_amount", &[]),
    ("policy_file.factor_without_param", &[]),
    ("policy_file.number_empty", &[]),
    ("policy_file.number_negative", &["value"]),
    ("policy_file.too_many_decimals", &["max", "value"]),
    ("policy_file.number_not_plain", &["value"]),
    ("policy_file.number_too_large", &["value"]),
    ("policy_file.ratio_above_one", &["value"]),
    ("policy_file.unknown_mode", &["value"]),
    ("policy_file.schedule_literal", &[]),
    ("policy_file.mode_choices", &["param"]),
    ("policy_file.none_not_cap", &["param"]),
    ("policy_file.levels", &[]),
    ("policy_file.no_bands", &[]),
    ("policy_file.open_band", &[]),
    ("policy_file.bands_not_rising", &["value", "previous"]),
    // Claims files (`batch`).
    ("batch.person_missing", &[]),
    ("batch.seq_invalid", &["value"]),
    ("batch.seq_repeated", &["seq"]),
    ("batch.person_differs", &["column", "line"]),
    ("batch.missing_column", &["column", "columns"]),
    ("batch.row_unreadable", &["detail"]),
    ("batch.row_not_utf8", &[]),
    ("batch.row_not_json", &["column"]),
    ("batch.row_not_object", &[]),
    ("batch.internal", &[]),
    ("curve.basic_deductible", &["care"]),
    ("curve.basic_cap", &["care"]),
    ("curve.critical_deductible", &[]),
    ("curve.critical_band", &["band", "ratio"]),
    ("curve.critical_cap", &[]),
    ("curve.assistance_deductible", &[]),
    ("curve.assistance_limit", &[]),
    (
        "compare.break_even",
        &["higher", "lower", "extra", "total", "eligible"],
    ),
    (
        "compare.never",
        &["higher", "lower", "extra", "gain", "total"],
    ),
    ("compare.never_no_gain", &["higher", "lower", "extra"]),
    ("compare.no_cost", &["higher", "lower"]),
    ("compare.same_premium", &["higher", "lower"]),
    ("compare.no_alternatives", &["tier", "description"]),
    ("compare.fixed_by_group", &["tier"]),
    ("compare.slip_ignored", &[]),
    ("batch.set_other_policy", &["agency", "set", "policy"]),
    ("batch.reform_other_policy", &["agency", "set", "policy"]),
    // Parameter sets (`sets`): an agency's values with their citations.
    ("set.not_object", &[]),
    ("set.missing", &["key"]),
    ("set.blank", &["key"]),
    ("set.too_long", &["key", "max"]),
    ("set.not_text", &["key"]),
    ("set.unknown_key", &["key", "expected"]),
    ("set.bad_url", &["value"]),
    ("set.unknown_policy", &["value", "choices"]),
    ("set.agency_not_table", &[]),
    ("set.params_not_table", &[]),
    ("set.too_many", &["max"]),
    ("set.unknown_param", &["value", "policy", "choices"]),
    ("set.repeated", &[]),
    ("set.value_not_table", &["param"]),
    ("set.other_policy", &["set", "agency", "policy"]),
    ("error.policy_missing", &["choices"]),
    ("error.policy_unknown", &["value", "choices"]),
    ("error.policy_not_text", &["choices"]),
    ("error.tier_unknown", &["value", "policy", "choices"]),
    ("error.tier_not_text", &["choices"]),
    ("error.group_unknown", &["value", "choices"]),
    ("error.group_not_text", &["choices"]),
    ("error.groups_not_list", &[]),
    ("error.params_not_object", &[]),
    ("error.param_choice_not_text", &["param"]),
    ("error.param_ratio_not_text", &["param"]),
    ("error.param_amount_not_text", &["param"]),
    ("error.param_choice_unknown", &["param", "choices"]),
    ("error.number.empty", &["name"]),
    ("error.number.negative", &["name"]),
    ("error.number.too_many_decimals", &["name"]),
    ("error.number.ratio_too_many_decimals", &["name"]),
    ("error.number.not_plain", &["name"]),
    ("error.number.ratio_not_plain", &["name"]),
    ("error.number.too_large", &["name"]),
    ("error.number.ratio_above_one", &["name"]),
    ("error.schedule_shape", &["param"]),
    ("error.schedule_unknown_key", &["param", "key"]),
    ("error.schedule_deductible_missing", &["param"]),
    ("error.schedule_bands_missing", &["param"]),
    ("error.schedule_too_many_bands", &["param", "max"]),
    ("error.schedule_band_not_object", &["band"]),
    ("error.schedule_ratio_missing", &["band"]),
    ("error.schedule_ratio_not_text", &["band"]),
    ("error.schedule_upto_missing", &["band"]),
    (
        "error.schedule_upto_not_rising",
        &["band", "upto", "previous", "last"],
    ),
    ("error.schedule_amount_not_text", &["name"]),
    ("error.schedule_and_part", &["whole", "part"]),
    ("error.visits_not_list", &[]),
    ("error.too_many_visits", &["max"]),
    ("error.visit_not_object", &["visit"]),
    ("error.visit_care", &["visit"]),
    ("error.visit_level", &["visit"]),
    ("error.visit_amount_missing", &["name"]),
    ("error.visit_amount_not_text", &["name"]),
    (
        "error.excluded_above_total",
        &["visit", "excluded", "total"],
    ),
    (
        "error.basic_paid_above_eligible",
        &["visit", "paid", "eligible"],
    ),
    ("error.level_needed", &["visit", "care"]),
    ("error.missing_param", &["context", "param", "meaning"]),
    (
        "error.missing_param_visit",
        &["visit", "care", "param", "meaning"],
    ),
    ("error.not_convertible", &[]),
    ("error.unknown_language", &["lang"]),
    // Names of fields, inside error messages.
    ("field.visit_amount", &["visit", "field"]),
    ("field.param", &["param"]),
    ("field.schedule_part", &["param", "part"]),
    ("field.schedule_band_part", &["param", "band", "part"]),
    ("schedule.band", &["param", "band"]),
    ("schedule.deductible", &[]),
    ("schedule.previous_band", &["band"]),
    ("choice.item", &["id", "name"]),
    ("context.policy", &[]),
    ("context.individual", &[]),
    ("context.subsidy", &[]),
    ("context.critical", &[]),
    ("context.assistance", &[]),
    // Steps: the policy, enrolment and contribution.
    ("step.policy.title", &["policy"]),
    ("step.tier.title", &["tier"]),
    ("step.tier.plain", &["tier", "description"]),
    (
        "step.tier.plain_benefit",
        &["tier", "description", "benefit"],
    ),
    ("step.tier.enrolment", &["group", "tier", "benefit", "note"]),
    (
        "step.tier.enrolment_aided",
        &["group", "tier", "benefit", "note"],
    ),
    ("step.tier.chosen_not_applicable", &["chosen"]),
    ("step.tier.default_not_applicable", &["chosen"]),
    ("step.group.title", &["group"]),
    ("step.group.unmentioned", &["policy", "group"]),
    ("step.contribution.title", &[]),
    ("step.contribution", &["tier", "standard", "aid", "subsidy"]),
    ("contribution.full_aid", &["group"]),
    ("contribution.aid", &["group", "aid", "individual"]),
    ("contribution.plain", &["individual"]),
    ("contribution.subsidy", &["subsidy"]),
    ("contribution.subsidy_minimum", &["subsidy"]),
    // Steps: each visit.
    ("visit.head", &["visit", "care"]),
    ("visit.head_level", &["visit", "care", "level"]),
    ("step.basic.title", &["head"]),
    ("step.critical.title", &["head"]),
    ("step.assistance.title", &["head"]),
    (
        "step.basic.slip",
        &["total", "excluded", "eligible", "paid"],
    ),
    (
        "step.basic.computed",
        &[
            "total",
            "excluded",
            "eligible",
            "deductible",
            "used",
            "ratio",
            "where",
            "ratio_tag",
            "raw",
            "cap",
            "paid",
        ],
    ),
    (
        "basic.deductible_annual",
        &["deductible", "tag", "due", "used"],
    ),
    ("basic.deductible_per_visit", &["deductible", "tag", "used"]),
    ("basic.all_levels", &[]),
    ("basic.cap_exceeded", &["cap", "tag", "left", "exact"]),
    ("basic.cap_within", &["cap", "tag", "left"]),
    ("basic.no_cap", &[]),
    (
        "step.critical.computed",
        &[
            "eligible",
            "basic",
            "burden",
            "before",
            "after",
            "who",
            "deductible",
            "tilt",
            "segments",
            "owed_total",
            "paid_before",
            "owed",
            "cap",
            "paid",
        ],
    ),
    ("critical.who_tilt", &["groups"]),
    ("critical.who_general", &[]),
    ("critical.deductible_literal", &["deductible"]),
    ("critical.deductible_param", &["param", "deductible"]),
    (
        "critical.deductible_param_factor",
        &["param", "value", "factor", "deductible"],
    ),
    ("critical.deductible_schedule", &["param", "deductible"]),
    (
        "critical.deductible_tilt",
        &["base", "factor", "deductible"],
    ),
    ("critical.tilt_add", &["points"]),
    ("critical.no_tilt", &[]),
    ("critical.segments", &["parts", "sum"]),
    (
        "critical.segment",
        &["hi", "hi_tag", "lo", "lo_tag", "ratio", "ratio_tag"],
    ),
    ("critical.ratio_raised", &["base", "points"]),
    ("critical.no_segment", &[]),
    ("critical.cap_exceeded", &["cap", "tag", "left", "exact"]),
    ("critical.cap_within", &["cap", "tag"]),
    ("critical.cap_unknown", &[]),
    ("critical.cap_tilt_none", &[]),
    ("critical.cap_none", &[]),
    ("critical.cap_local_none", &[]),
    (
        "step.critical.out_of_scope_fallback",
        &["care", "param", "scope"],
    ),
    (
        "step.critical.out_of_scope_fallback_lower",
        &["care", "param", "scope", "eligible", "basic", "burden"],
    ),
    ("step.critical.out_of_scope_param", &["param", "care"]),
    ("step.critical.out_of_scope_document", &["scope", "care"]),
    ("step.critical.off", &[]),
    (
        "step.assistance.computed",
        &[
            "eligible",
            "basic",
            "critical",
            "remaining",
            "group",
            "ratio",
            "ratio_tag",
            "deductible",
            "deductible_tag",
            "used",
            "base",
            "raw",
            "limit",
            "paid",
        ],
    ),
    (
        "assistance.limit_exceeded",
        &["limit", "tag", "left", "exact"],
    ),
    ("assistance.limit_within", &["limit", "tag"]),
    ("assistance.no_limit", &[]),
    ("step.assistance.not_eligible", &["groups"]),
    ("step.assistance.off", &[]),
    ("note.local_param", &["param"]),
    ("note.scope_fallback", &["param", "scope"]),
    (
        "note.agency_param",
        &["param", "agency", "document", "number", "clause", "date"],
    ),
    ("note.tilt_derived", &[]),
    // Warnings.
    ("warning.aid_missing", &["group", "standard", "param"]),
    ("warning.tier_override", TIER_OVERRIDE_ARGS),
    ("warning.tier_override_aided", TIER_OVERRIDE_ARGS),
    ("warning.tier_override_default", TIER_OVERRIDE_ARGS),
    ("warning.tier_override_default_aided", TIER_OVERRIDE_ARGS),
    ("warning.critical_off", &["params"]),
    ("warning.cap_unknown", &["critical", "param"]),
    ("warning.cap_unknown_schedule", &["critical", "param"]),
    (
        "warning.scope_fallback",
        &["visits", "param", "scope", "critical"],
    ),
    ("warning.scope_param", &["param", "scope", "visits"]),
    ("warning.visit_ref", &["visit", "care"]),
    ("warning.assumption", &["text", "quotes", "end"]),
    ("quote.ref", &["doc", "title", "clause", "quote"]),
    ("warning.assistance_off", &["params"]),
    ("warning.ignored_param", &["id", "policy"]),
    // Bounds.
    ("bound.label.at_most", &[]),
    ("bound.label.at_least", &[]),
    ("bound.label.approximate", &[]),
    ("bound.cap.critical", &[]),
    ("bound.cap.other", &["amount"]),
    ("bound.scope.critical", &[]),
    ("bound.scope.other", &["amount"]),
    // The plain-text explanation.
    (
        "explain.summary",
        &["total", "basic", "critical", "assistance", "out_of_pocket"],
    ),
    ("explain.bounded", &["label", "amount"]),
    ("explain.contribution", &["individual", "subsidy"]),
    (
        "explain.bound_note",
        &["name", "label", "amount", "reasons"],
    ),
    ("explain.step", &["n", "layer", "title"]),
    ("explain.amount", &["amount"]),
    (
        "explain.citation",
        &["document", "number", "clause", "quote"],
    ),
    (
        "explain.citation_no_number",
        &["document", "clause", "quote"],
    ),
    ("explain.note", &["note"]),
    ("explain.warnings", &[]),
    ("explain.warning", &["warning"]),
    // Needs: why a local parameter is asked for.
    ("need.always", &[]),
    ("need.visit", &["visits"]),
    ("need.layer", &[]),
    ("need.optional", &[]),
    ("need.group", &["group"]),
    ("need.given", &[]),
];

/// The vocabulary: words a message names with [`Arg::Name`], [`Arg::Care`], [`Arg::Level`] or
/// [`Arg::Group`]. Each is a catalogue key with a template of its own.
pub const NAMES: &[&str] = &[
    "care.inpatient",
    "care.outpatient",
    "care.special_outpatient",
    "level.1",
    "level.2",
    "level.3",
    "level.short.1",
    "level.short.2",
    "level.short.3",
    "group.registered_poor",
    "group.dibao",
    "group.tekun",
    "group.severe_disability",
    "group.assistance",
    "group.youfu",
    "group.cadre_spouse",
    "group.student_loan",
    "group.relapsed_poor",
    "amount.total",
    "amount.basic",
    "amount.critical",
    "amount.assistance",
    "amount.out_of_pocket",
    "layer.policy",
    "layer.enrolment",
    "layer.contribution",
    "layer.basic",
    "layer.critical",
    "layer.assistance",
    "field.total",
    "field.excluded",
    "field.basic_paid",
    "schedule.part.deductible",
    "schedule.part.upto",
    "schedule.part.ratio",
    "schedule.part.cap",
];
