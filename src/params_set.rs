//! An agency's local parameter set: the values its documents give for a built-in policy's local
//! parameters, each with the agency's own citation (docs/CONTRACT.md, "Parameter sets").
//!
//! A set is read from the input tree, so it arrives in the same shape from any source: JSON (the
//! page, `data-params`), or TOML (`yibao params check`, `--params-set`, `data-params-src`), which
//! the `agency` feature turns into the same tree first ([`crate::agency`]). Every value is checked
//! exactly as the scenario's `params` are ([`crate::scenario`]), so a wrong value gets the same
//! message as in the estimator.
//!
//! How a set is used: its values fill the parameters the scenario leaves out ([`ParamSet::merge`]);
//! a value the resident gives overrides the set's. Each step that uses a set's value says
//! "本地经办机构设定" with the agency's citation instead of "文件未规定".

use crate::error::{indexed, member, ErrorCode, Path, PathPart};
use crate::explain::Explanation;
use crate::input::Input;
use crate::messages::{clip, Arg, Catalogue, Message};
use crate::output::{agency_citation, AgencyValueOut, CitationOut, Estimate, NeedOut};
use crate::scenario;
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use yibao_rules::{ParamIdx, Policy, Registry};

/// The most values a set may give (no policy has more parameters).
pub const MAX_VALUES: usize = 64;
/// The longest text a set may hold in one field, in characters.
pub const MAX_TEXT: usize = 2000;

/// The agency that publishes a set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// Its name, e.g. 天津市医疗保障局.
    pub name: String,
    /// Its website (`https://…`), if given.
    pub website: Option<String>,
}

/// Where a set's value comes from: the agency's own document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencySource {
    /// The agency's name.
    pub agency: String,
    /// The document's title.
    pub document: String,
    /// Its 文号.
    pub number: String,
    /// The clause.
    pub clause: String,
    /// The document's date, as written (e.g. `2022-01-01`).
    pub date: String,
    /// The sentence, verbatim, if given.
    pub quote: Option<String>,
    /// Where the document is published (`https://…`), if given.
    pub url: Option<String>,
}

/// One value of a set.
#[derive(Debug, Clone, PartialEq)]
pub struct SetValue {
    /// The parameter's id.
    pub param: String,
    /// The value, exactly as a scenario's `params` would give it.
    pub value: Input,
    /// The agency's citation.
    pub source: AgencySource,
}

/// A checked parameter set.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSet {
    /// The built-in policy it is for.
    pub policy: String,
    /// Who publishes it.
    pub agency: Agency,
    /// Its values, in the policy's order of parameters.
    pub values: Vec<SetValue>,
}

/// A mistake in a set: where (a path in the set), and what.
#[derive(Debug, Clone, PartialEq)]
pub struct SetError {
    /// The field's path in the set, e.g. `params.inpatient_ratio_l1.value`.
    pub path: Vec<PathPart>,
    /// The same as text.
    pub field: String,
    /// What is wrong (a message of the catalogue).
    pub message: Message,
}

impl SetError {
    fn new(path: Path, message: Message) -> Self {
        let e = crate::error::Error::new(ErrorCode::InvalidJson, path, message);
        SetError {
            path: e.path,
            field: e.field,
            message: e.detail,
        }
    }

    /// The error from reading a value as a scenario parameter, moved under the set's
    /// `params.<id>.value` (the engine names `params.<id>…`).
    fn from_value(id: &str, e: crate::error::Error) -> Self {
        let mut path = Path::from("params");
        path = member(path, id);
        path = member(path, "value");
        // Skip the engine's own `params.<id>` prefix and keep what is inside the value.
        for part in e.path.iter().skip(2) {
            path = match part {
                PathPart::Key(k) => member(path, k),
                PathPart::Index(i) => indexed(path, *i),
            };
        }
        SetError::new(path, e.detail)
    }
}

/// Whether a URL may be shown as a link: only `https://` and `http://` (never `javascript:`).
fn web_address(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > 8
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<')
}

/// A text member: present, a string, not blank, not too long.
fn text(
    obj: &Input,
    base: &Path,
    key: &'static str,
    required: bool,
) -> Result<Option<String>, SetError> {
    let path = member(base, key);
    match obj.get(key) {
        None | Some(Input::Null) if required => Err(SetError::new(
            path,
            Message::new("set.missing").arg("key", Arg::Raw(key.into())),
        )),
        None | Some(Input::Null) => Ok(None),
        Some(Input::Str(s)) if s.trim().is_empty() && required => Err(SetError::new(
            path,
            Message::new("set.blank").arg("key", Arg::Raw(key.into())),
        )),
        Some(Input::Str(s)) if s.chars().count() > MAX_TEXT => Err(SetError::new(
            path,
            Message::new("set.too_long")
                .arg("key", Arg::Raw(key.into()))
                .arg("max", Arg::Count(MAX_TEXT as u64)),
        )),
        Some(Input::Str(s)) if s.trim().is_empty() => Ok(None),
        Some(Input::Str(s)) => Ok(Some(s.trim().to_string())),
        Some(_) => Err(SetError::new(
            path,
            Message::new("set.not_text").arg("key", Arg::Raw(key.into())),
        )),
    }
}

/// Refuses members outside `allowed`.
fn only(obj: &Input, base: &Path, allowed: &[&str]) -> Result<(), SetError> {
    if let Input::Object(members) = obj {
        for (k, _) in members {
            if !allowed.contains(&k.as_str()) {
                return Err(SetError::new(
                    member(base, k),
                    Message::new("set.unknown_key")
                        .arg("key", clip(k))
                        .arg("expected", Arg::Raw(allowed.join(", "))),
                ));
            }
        }
    }
    Ok(())
}

fn url(obj: &Input, base: &Path, key: &'static str) -> Result<Option<String>, SetError> {
    let v = text(obj, base, key, false)?;
    if let Some(u) = &v {
        if !web_address(u) {
            return Err(SetError::new(
                member(base, key),
                Message::new("set.bad_url").arg("value", clip(u)),
            ));
        }
    }
    Ok(v)
}

impl ParamSet {
    /// Reads and checks a set against the built-in policies.
    pub fn read(input: &Input, reg: &Registry) -> Result<ParamSet, SetError> {
        let root = Path::default();
        if !matches!(input, Input::Object(_)) {
            return Err(SetError::new(root, Message::new("set.not_object")));
        }
        only(input, &root, &["policy", "agency", "params"])?;
        let id = text(input, &root, "policy", true)?.unwrap_or_default();
        let policy: &Policy = reg.policy(&id).ok_or_else(|| {
            SetError::new(
                Path::from("policy"),
                Message::new("set.unknown_policy")
                    .arg("value", clip(&id))
                    .arg(
                        "choices",
                        Arg::List(
                            reg.policies
                                .iter()
                                .map(|p| Arg::Raw(p.meta.id.to_string()))
                                .collect(),
                        ),
                    ),
            )
        })?;
        let agency_path = Path::from("agency");
        let agency_obj = match input.get("agency") {
            Some(a @ Input::Object(_)) => a,
            Some(_) => {
                return Err(SetError::new(
                    agency_path,
                    Message::new("set.agency_not_table"),
                ))
            }
            None => {
                return Err(SetError::new(
                    agency_path,
                    Message::new("set.missing").arg("key", Arg::Raw("agency".into())),
                ))
            }
        };
        only(agency_obj, &agency_path, &["name", "website"])?;
        let agency = Agency {
            name: text(agency_obj, &agency_path, "name", true)?.unwrap_or_default(),
            website: url(agency_obj, &agency_path, "website")?,
        };
        let params_path = Path::from("params");
        let members = match input.get("params") {
            Some(Input::Object(m)) => m,
            Some(_) => {
                return Err(SetError::new(
                    params_path,
                    Message::new("set.params_not_table"),
                ))
            }
            None => {
                return Err(SetError::new(
                    params_path,
                    Message::new("set.missing").arg("key", Arg::Raw("params".into())),
                ))
            }
        };
        if members.len() > MAX_VALUES {
            return Err(SetError::new(
                params_path,
                Message::new("set.too_many").arg("max", Arg::Count(MAX_VALUES as u64)),
            ));
        }
        let mut values: Vec<(usize, SetValue)> = Vec::new();
        for (pid, entry) in members {
            let base = member(&params_path, pid);
            let Some(idx) = policy.param_index(pid) else {
                return Err(SetError::new(
                    base,
                    Message::new("set.unknown_param")
                        .arg("value", clip(pid))
                        .arg("policy", Arg::Text(policy.meta.name.clone()))
                        .arg(
                            "choices",
                            Arg::List(
                                policy
                                    .params
                                    .iter()
                                    .map(|p| Arg::Raw(p.id.to_string()))
                                    .collect(),
                            ),
                        ),
                ));
            };
            if values.iter().any(|(i, _)| *i == idx) {
                return Err(SetError::new(base, Message::new("set.repeated")));
            }
            if !matches!(entry, Input::Object(_)) {
                return Err(SetError::new(
                    base,
                    Message::new("set.value_not_table").arg("param", Arg::Raw(pid.clone())),
                ));
            }
            only(
                entry,
                &base,
                &[
                    "value", "document", "number", "clause", "date", "quote", "url",
                ],
            )?;
            let value = match entry.get("value") {
                None | Some(Input::Null) => {
                    return Err(SetError::new(
                        member(&base, "value"),
                        Message::new("set.missing").arg("key", Arg::Raw("value".into())),
                    ))
                }
                Some(v) => v.clone(),
            };
            // The same check, and the same message, as a scenario's `params.<id>`.
            scenario::check_param(policy, idx, &value).map_err(|e| SetError::from_value(pid, e))?;
            // A value without its citation is refused: each part is required.
            let source = AgencySource {
                agency: agency.name.clone(),
                document: text(entry, &base, "document", true)?.unwrap_or_default(),
                number: text(entry, &base, "number", true)?.unwrap_or_default(),
                clause: text(entry, &base, "clause", true)?.unwrap_or_default(),
                date: text(entry, &base, "date", true)?.unwrap_or_default(),
                quote: text(entry, &base, "quote", false)?,
                url: url(entry, &base, "url")?,
            };
            values.push((
                idx,
                SetValue {
                    param: pid.clone(),
                    value,
                    source,
                },
            ));
        }
        values.sort_by_key(|(i, _)| *i);
        Ok(ParamSet {
            policy: id,
            agency,
            values: values.into_iter().map(|(_, v)| v).collect(),
        })
    }

    /// The value the set gives for a parameter.
    pub fn get(&self, param: &str) -> Option<&SetValue> {
        self.values.iter().find(|v| v.param == param)
    }

    /// The scenario with the set's values filling the parameters it leaves out, when the set is
    /// for the scenario's policy (`None` otherwise, or when the scenario is not an object: the
    /// scenario is then read as it is, and gets its own errors).
    pub fn merge(&self, scenario: &Input) -> Option<Input> {
        let Input::Object(members) = scenario else {
            return None;
        };
        if scenario.get("policy").and_then(Input::as_str) != Some(self.policy.as_str()) {
            return None;
        }
        let mut params: Vec<(String, Input)> = match scenario.get("params") {
            Some(Input::Object(m)) => m.clone(),
            None | Some(Input::Null) => Vec::new(),
            // Not an object: the scenario's own error is the one to show.
            Some(_) => return None,
        };
        for v in &self.values {
            let given = params
                .iter()
                .rev()
                .find(|(k, _)| *k == v.param)
                .is_some_and(|(_, x)| !matches!(x, Input::Null));
            if !given {
                params.retain(|(k, _)| *k != v.param);
                params.push((v.param.clone(), v.value.clone()));
            }
        }
        let mut out: Vec<(String, Input)> = members
            .iter()
            .filter(|(k, _)| k != "params")
            .cloned()
            .collect();
        out.push(("params".into(), Input::Object(params)));
        Some(Input::Object(out))
    }
}

/// Where each of a policy's parameters came from in one estimate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Origin {
    /// Not given.
    Absent,
    /// The scenario's `params` (the set has no value for it).
    Scenario,
    /// The set (the scenario left it out).
    Agency(SetValue),
    /// The scenario's `params`, over the set's value.
    Overrides(SetValue),
}

/// Each parameter's origin, in the policy's order: `scenario` is the resident's own input.
pub(crate) fn origins(policy: &Policy, scenario: &Input, set: Option<&ParamSet>) -> Vec<Origin> {
    let set = set.filter(|s| s.policy == policy.meta.id);
    policy
        .params
        .iter()
        .map(|p| {
            let own = scenario
                .get("params")
                .and_then(|m| m.get(&p.id))
                .is_some_and(|v| !matches!(v, Input::Null));
            match (own, set.and_then(|s| s.get(&p.id))) {
                (true, Some(v)) => Origin::Overrides(v.clone()),
                (true, None) => Origin::Scenario,
                (false, Some(v)) => Origin::Agency(v.clone()),
                (false, None) => Origin::Absent,
            }
        })
        .collect()
}

/// The note a step carries for a value the agency's set gives.
fn agency_note(note: &Message, v: &SetValue) -> Message {
    let param = note
        .args
        .iter()
        .find(|(k, _)| *k == "param")
        .map(|(_, a)| a.clone())
        .unwrap_or_else(|| Arg::Raw(v.param.clone()));
    let c = &v.source;
    Message::new("note.agency_param")
        .arg("param", param)
        .arg("agency", Arg::Raw(c.agency.clone()))
        .arg("document", Arg::Raw(c.document.clone()))
        .arg("number", Arg::Raw(c.number.clone()))
        .arg("clause", Arg::Raw(c.clause.clone()))
        .arg("date", Arg::Raw(c.date.clone()))
}

/// The parameter a `note.local_param` note is about.
fn noted_param(policy: &Policy, note: &Message) -> Option<ParamIdx> {
    if note.key != "note.local_param" {
        return None;
    }
    note.args.iter().find_map(|(k, a)| match (k, a) {
        (&"param", Arg::Param(id, _)) => policy.param_index(id),
        _ => None,
    })
}

/// Each step that uses a value from the set says so, with the agency's citation, instead of
/// "文件未规定". A layer's caveat about local values goes with its first step only; the steps
/// after it in the same layer use the same values, so they get the note and citation too.
pub(crate) fn annotate_steps(x: &mut Explanation, policy: &Policy, origins: &[Origin]) {
    let mut layer_notes: Vec<(&'static str, Vec<Message>)> = Vec::new();
    for step in &mut x.steps {
        let mut used: Vec<ParamIdx> = Vec::new();
        for note in &mut step.notes {
            if let Some(i) = noted_param(policy, note) {
                if let Some(Origin::Agency(v)) = origins.get(i) {
                    *note = agency_note(note, v);
                    used.push(i);
                }
            }
        }
        if step.layer == "critical" || step.layer == "assistance" {
            match layer_notes.iter().position(|(l, _)| *l == step.layer) {
                None if !used.is_empty() => {
                    let notes = step
                        .notes
                        .iter()
                        .filter(|n| n.key == "note.agency_param")
                        .cloned()
                        .collect();
                    layer_notes.push((step.layer, notes));
                }
                Some(k) if used.is_empty() && step.visit.is_some() => {
                    // A later step of the layer: the same values.
                    for n in &layer_notes[k].1 {
                        if !step.notes.contains(n) {
                            step.notes.push(n.clone());
                        }
                    }
                    used = agency_params_of(policy, &layer_notes[k].1, origins);
                }
                _ => {}
            }
        }
        for i in used {
            if !step.agency.contains(&i) {
                step.agency.push(i);
            }
        }
    }
}

/// The parameters whose agency notes these are.
fn agency_params_of(policy: &Policy, notes: &[Message], origins: &[Origin]) -> Vec<ParamIdx> {
    policy
        .params
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            matches!(origins.get(*i), Some(Origin::Agency(v))
                if notes.iter().any(|n| n.args.iter().any(|(k, a)| *k == "param"
                    && matches!(a, Arg::Param(id, _) if *id == v.param))))
        })
        .map(|(i, _)| i)
        .collect()
}

/// `needs`: who gave each value, and the agency's value where the set has one.
pub(crate) fn annotate_needs(needs: &mut [NeedOut], policy: &Policy, origins: &[Origin]) {
    for n in needs {
        let Some(i) = policy.param_index(&n.param) else {
            continue;
        };
        let (from, agency) = match origins.get(i) {
            Some(Origin::Scenario) => (Some("scenario"), None),
            Some(Origin::Agency(v)) => (Some("agency"), Some((v, false))),
            Some(Origin::Overrides(v)) => (Some("scenario"), Some((v, true))),
            _ => (None, None),
        };
        n.from = from;
        n.agency = agency.map(|(v, overridden)| AgencyValueOut {
            value: v.value.clone(),
            citation: agency_citation(policy, i),
            overridden,
            agency: v.source.agency.clone(),
            document: v.source.document.clone(),
            number: v.source.number.clone(),
            clause: v.source.clause.clone(),
            date: v.source.date.clone(),
            url: v.source.url.clone(),
        });
    }
}

/// The agency's citations in the result's table: every one a step or a need names.
pub(crate) fn add_citations(e: &mut Estimate, policy: &Policy, origins: &[Origin]) {
    for (i, o) in origins.iter().enumerate() {
        let (Origin::Agency(v) | Origin::Overrides(v)) = o else {
            continue;
        };
        let id = agency_citation(policy, i);
        let named = e.steps.iter().any(|s| s.citations.contains(&id))
            || e.needs
                .iter()
                .any(|n| n.agency.as_ref().is_some_and(|a| a.citation == id));
        if !named || e.citations.0.iter().any(|(k, _)| *k == id) {
            continue;
        }
        let c = &v.source;
        e.citations.0.push((
            id,
            CitationOut {
                doc: "agency".into(),
                document: c.document.clone(),
                number: c.number.clone(),
                clause: c.clause.clone(),
                quote: c.quote.clone().unwrap_or_default(),
                agency: Some(c.agency.clone()),
                date: Some(c.date.clone()),
                url: c.url.clone(),
            },
        ));
    }
}

/// A set for another policy is not used; the result says so.
pub(crate) fn warn_other_policy(e: &mut Estimate, set: &ParamSet, cat: &Catalogue) {
    if e.policy == set.policy {
        return;
    }
    let m = Message::new("set.other_policy")
        .arg("set", Arg::Raw(set.policy.clone()))
        .arg("agency", Arg::Raw(set.agency.name.clone()))
        .arg("policy", Arg::Raw(e.policy.clone()));
    e.warnings.push(cat.render(&m));
    e.warning_messages.push(cat.localize(m));
}

// ------------------------------------------------------------------------------- serialisation

/// The set in its JSON form (docs/CONTRACT.md): what `ParamSet::read` reads back.
impl Serialize for ParamSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct AgencyOut<'a>(&'a Agency);
        impl Serialize for AgencyOut<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("name", &self.0.name)?;
                if let Some(w) = &self.0.website {
                    m.serialize_entry("website", w)?;
                }
                m.end()
            }
        }
        struct Params<'a>(&'a [SetValue]);
        impl Serialize for Params<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for v in self.0 {
                    m.serialize_entry(&v.param, &Entry(v))?;
                }
                m.end()
            }
        }
        struct Entry<'a>(&'a SetValue);
        impl Serialize for Entry<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let (v, c) = (self.0, &self.0.source);
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("value", &v.value)?;
                m.serialize_entry("document", &c.document)?;
                m.serialize_entry("number", &c.number)?;
                m.serialize_entry("clause", &c.clause)?;
                m.serialize_entry("date", &c.date)?;
                if let Some(q) = &c.quote {
                    m.serialize_entry("quote", q)?;
                }
                if let Some(u) = &c.url {
                    m.serialize_entry("url", u)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_struct("ParamSet", 3)?;
        m.serialize_field("policy", &self.policy)?;
        m.serialize_field("agency", &AgencyOut(&self.agency))?;
        m.serialize_field("params", &Params(&self.values))?;
        m.end()
    }
}
