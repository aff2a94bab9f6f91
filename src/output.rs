//! What the engine hands out, as serde types: the result document of docs/CONTRACT.md, and the
//! built-in policies. The command line writes them with `serde_json`; the WebAssembly returns them
//! as JS objects through `serde-wasm-bindgen`. There is no hand-written writer.

use crate::error::Error;
use crate::explain::{amount_key, bound_label_key, Bound, Explanation, Step, STEPS};
use crate::messages::{Arg, Catalogue, Message};
use crate::needs::Need;
use rust_decimal::Decimal;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;
use yibao_rules::{money, Care, Group, Policy, Registry};

/// An amount of money: exact, serialised with two decimals and no separators, `"1320.00"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(pub Decimal);

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&money::fmt_amount(self.0))
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&money::fmt_amount(self.0))
    }
}

/// The five amounts, for the year and for each visit (docs/CONTRACT.md, "Result").
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Amounts {
    /// 医疗总费用.
    pub total: Amount,
    /// 基本医保.
    pub basic: Amount,
    /// 大病保险.
    pub critical: Amount,
    /// 医疗救助.
    pub assistance: Amount,
    /// 个人自付: `total − basic − critical − assistance`.
    pub out_of_pocket: Amount,
}

/// The year's contribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// What this person pays.
    pub individual: Amount,
    /// The fiscal subsidy per person.
    pub subsidy: Amount,
    /// The document gives the subsidy as a floor ("不低于"), so `subsidy` is the least amount.
    pub subsidy_is_minimum: bool,
}

/// One step of the explanation, worded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepOut {
    /// `policy`, `enrolment`, `contribution`, `basic`, `critical` or `assistance`.
    pub layer: &'static str,
    /// The visit's index, for per-visit steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visit: Option<u32>,
    /// The title.
    pub title: String,
    /// The arithmetic, with the actual numbers.
    pub arithmetic: String,
    /// The payment this step adds to its layer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Ids of the sentences it applies, in the result's `citations`.
    pub citations: Vec<String>,
    /// Caveats.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The arithmetic's key.
    pub key: &'static str,
    /// The arithmetic's typed arguments.
    #[serde(serialize_with = "serialize_args")]
    pub args: Vec<(&'static str, Arg)>,
}

fn serialize_args<S: Serializer>(args: &[(&'static str, Arg)], s: S) -> Result<S::Ok, S::Error> {
    crate::messages::Args(args).serialize(s)
}

/// A cited sentence, once per result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitationOut {
    /// The document's short id.
    pub doc: String,
    /// The document's title.
    pub document: String,
    /// Its 文号, or empty.
    pub number: String,
    /// The clause, numbered as the result's language numbers it.
    pub clause: String,
    /// The sentence, verbatim.
    pub quote: String,
    /// For an agency's citation: the agency.
    #[cfg(feature = "sets")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// For an agency's citation: the document's date.
    #[cfg(feature = "sets")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// For an agency's citation: where the document is published.
    #[cfg(feature = "sets")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An amount that is a bound, worded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoundOut {
    /// `at_most`, `at_least` or `approximate`.
    pub kind: &'static str,
    /// The words before the amount: `最多`, `至少`, `约`.
    pub label: String,
    /// Why.
    pub reasons: Vec<String>,
}

/// A local parameter the scenario needs, worded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeedOut {
    /// The parameter's id.
    pub param: String,
    /// Its absence is an error for this scenario as it stands.
    pub required: bool,
    /// The scenario gives it.
    pub given: bool,
    /// Why it is asked for.
    pub why: String,
    /// Who gave the value the estimate uses: `scenario` (the resident) or `agency` (a parameter
    /// set); absent when neither did.
    #[cfg(feature = "sets")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<&'static str>,
    /// The agency's value, when a parameter set gives one (also when the resident's own value
    /// overrides it).
    #[cfg(feature = "sets")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<AgencyValueOut>,
}

/// An agency's value for a parameter, with the id of its citation in the result's `citations`.
#[cfg(feature = "sets")]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgencyValueOut {
    /// The value, as the set gives it (a string, or a schedule object).
    pub value: crate::input::Input,
    /// The citation's id (`agency:<param>`).
    pub citation: String,
    /// Whether the resident's own value is used instead.
    pub overridden: bool,
    /// The agency.
    pub agency: String,
    /// The agency's document's title.
    pub document: String,
    /// Its 文号.
    pub number: String,
    /// The clause.
    pub clause: String,
    /// The document's date.
    pub date: String,
    /// Where the document is published, if given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// `[(key, value)]` serialised as a JSON object in this order.
#[derive(Debug, Clone, PartialEq)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// The result document of docs/CONTRACT.md, fields in the contract's order, additions after.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The policy id.
    pub policy: String,
    /// The year's five amounts.
    pub amounts: Amounts,
    /// Each visit's five amounts, in input order.
    pub visits: Vec<Amounts>,
    /// The year's contribution.
    pub contribution: Contribution,
    /// The explanation.
    pub steps: Vec<StepOut>,
    /// What the estimate could not include, and what it assumes.
    pub warnings: Vec<String>,
    /// The amounts that are bounds, keyed by amount.
    pub bounds: Ordered<BoundOut>,
    /// Every sentence the steps cite, keyed by id, in order of first use.
    pub citations: Ordered<CitationOut>,
    /// `warnings` as keys and typed arguments, in the same order (not in the resident's build:
    /// the page shows `warnings`).
    #[cfg(feature = "details")]
    pub warning_messages: Vec<Message>,
    /// The local parameters this scenario needs, in the policy's order.
    pub needs: Vec<NeedOut>,
    /// The language the words are in.
    pub lang: String,
}

// The year's amounts sit at the top level of the result, between `policy` and `visits`: written
// by hand rather than with `#[serde(flatten)]` (DESIGN.md, "Why so few dependencies…").
impl Serialize for Estimate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Estimate", 16)?;
        m.serialize_field("policy", &self.policy)?;
        let a = &self.amounts;
        m.serialize_field("total", &a.total)?;
        m.serialize_field("basic", &a.basic)?;
        m.serialize_field("critical", &a.critical)?;
        m.serialize_field("assistance", &a.assistance)?;
        m.serialize_field("out_of_pocket", &a.out_of_pocket)?;
        m.serialize_field("visits", &self.visits)?;
        m.serialize_field("contribution", &self.contribution)?;
        // The resident's page build has no steps, so none of their serialisation is compiled in
        // (an empty list written as such); the same for the citations only steps make.
        if STEPS {
            m.serialize_field("steps", &self.steps)?;
        } else {
            m.serialize_field("steps", &[(); 0])?;
        }
        m.serialize_field("warnings", &self.warnings)?;
        m.serialize_field("bounds", &self.bounds)?;
        if STEPS {
            m.serialize_field("citations", &self.citations)?;
        } else {
            m.serialize_field("citations", &Ordered::<()>(Vec::new()))?;
        }
        #[cfg(feature = "details")]
        m.serialize_field("warning_messages", &self.warning_messages)?;
        m.serialize_field("needs", &self.needs)?;
        m.serialize_field("lang", &self.lang)?;
        m.end()
    }
}

/// An error, worded, with what the scenario needs (docs/CONTRACT.md, "Errors").
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorOut {
    /// The error (boxed: errors are the rare path, and this keeps `Result<Estimate, ErrorOut>`
    /// small).
    pub error: Box<Error>,
    /// The local parameters the scenario needs, when its policy is known.
    pub needs: Vec<NeedOut>,
}

impl Serialize for ErrorOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Error", 7)?;
        self.error.serialize_fields(&mut m)?;
        m.serialize_field("needs", &self.needs)?;
        m.end()
    }
}

/// A clause as the language numbers it.
pub fn clause(cat: &Catalogue, c: &str) -> String {
    cat.clause(c)
}

pub(crate) fn needs_out(cat: &Catalogue, policy: &Policy, needs: &[Need]) -> Vec<NeedOut> {
    needs
        .iter()
        .map(|n| NeedOut {
            param: policy.params[n.param].id.to_string(),
            required: n.required,
            given: n.given,
            why: cat.render(&n.why),
            #[cfg(feature = "sets")]
            from: None,
            #[cfg(feature = "sets")]
            agency: None,
        })
        .collect()
}

fn step_out(cat: &Catalogue, policy: &Policy, s: &Step) -> StepOut {
    StepOut {
        layer: s.layer,
        visit: s.visit.map(|i| crate::messages::small(i as u64)),
        title: cat.render(&s.title),
        arithmetic: cat.render(&s.arithmetic),
        amount: s.amount.map(Amount),
        citations: s
            .citations
            .iter()
            .map(|&i| policy.citation(i).key.to_string())
            .chain(agency_citations(policy, s))
            .collect(),
        notes: s.notes.iter().map(|n| cat.render(n)).collect(),
        key: s.arithmetic.key,
        args: cat.localize(s.arithmetic.clone()).args,
    }
}

/// The id of an agency's citation for a parameter: `agency:<param>`.
#[cfg(feature = "sets")]
pub(crate) fn agency_citation(policy: &Policy, i: yibao_rules::ParamIdx) -> String {
    ["agency:", &policy.params[i].id].concat()
}

/// The ids of the agency's citations a step names (none in builds without parameter sets).
fn agency_citations<'a>(policy: &'a Policy, s: &'a Step) -> impl Iterator<Item = String> + 'a {
    #[cfg(feature = "sets")]
    return s.agency.iter().map(move |&i| agency_citation(policy, i));
    #[cfg(not(feature = "sets"))]
    {
        let _ = (policy, s);
        std::iter::empty()
    }
}

fn bound_out(cat: &Catalogue, b: &Bound) -> (String, BoundOut) {
    (
        b.amount.to_string(),
        BoundOut {
            kind: b.kind,
            label: cat.render(&Message::new(bound_label_key(b.kind))),
            reasons: b.reasons.iter().map(|r| cat.render(r)).collect(),
        },
    )
}

/// Everything the result needs, gathered by `lib.rs`.
pub(crate) struct Parts<'a> {
    pub reg: &'a Registry,
    pub policy: &'a Policy,
    pub amounts: Amounts,
    pub visits: Vec<Amounts>,
    pub contribution: Contribution,
    pub explanation: Explanation,
    pub needs: Vec<Need>,
}

/// Words a settled scenario in a language.
pub(crate) fn estimate(cat: &Catalogue, parts: Parts) -> Estimate {
    let Parts {
        reg,
        policy,
        amounts,
        visits,
        contribution,
        explanation,
        needs,
    } = parts;
    // Without `steps` there are none (explain.rs). The constant filter at each use, and the
    // constant test before the citation table, let the resident's build leave out their wording
    // and the table; one `if STEPS` slice for both uses instead measured 0.25 KB gzip larger, and
    // the filter alone before the table 0.17 KB larger.
    let mut cited: Vec<usize> = Vec::new();
    for s in explanation.steps.iter().filter(|_| STEPS) {
        for &c in &s.citations {
            if !cited.contains(&c) {
                cited.push(c);
            }
        }
    }
    let citations = if !STEPS {
        Vec::new()
    } else {
        cited
            .into_iter()
            .map(|i| {
                let c = policy.citation(i);
                let d = reg.document(&c.doc);
                (
                    c.key.to_string(),
                    CitationOut {
                        doc: c.doc.to_string(),
                        document: d.map(|d| d.title.to_string()).unwrap_or_default(),
                        number: d.map(|d| d.number.to_string()).unwrap_or_default(),
                        clause: clause(cat, &c.clause),
                        quote: c.quote.to_string(),
                        #[cfg(feature = "sets")]
                        agency: None,
                        #[cfg(feature = "sets")]
                        date: None,
                        #[cfg(feature = "sets")]
                        url: None,
                    },
                )
            })
            .collect()
    };
    Estimate {
        policy: policy.meta.id.to_string(),
        amounts,
        visits,
        contribution,
        steps: explanation
            .steps
            .iter()
            .filter(|_| STEPS)
            .map(|s| step_out(cat, policy, s))
            .collect(),
        warnings: explanation.warnings.iter().map(|w| cat.render(w)).collect(),
        bounds: Ordered(
            explanation
                .bounds
                .iter()
                .map(|b| bound_out(cat, b))
                .collect(),
        ),
        citations: Ordered(citations),
        #[cfg(feature = "details")]
        warning_messages: explanation
            .warnings
            .into_iter()
            .map(|w| cat.localize(w))
            .collect(),
        needs: needs_out(cat, policy, &needs),
        lang: cat.lang.to_string(),
    }
}

// ------------------------------------------------------------------------------------ policies

/// One built-in policy as `yibao policies` lists it (docs/CONTRACT.md). Without the `details`
/// feature (the resident's page build) the fields the page does not read are left out, here and
/// in the types below (Cargo.toml).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)] // the contract documents each field
pub struct PolicyInfo {
    pub id: String,
    pub name: String,
    #[cfg(feature = "details")]
    pub region: String,
    pub year: u16,
    pub summary: String,
    pub notes: Vec<String>,
    pub documents: Vec<DocumentInfo>,
    pub tiers: Vec<TierInfo>,
    pub groups: Vec<GroupInfo>,
    pub params: Vec<ParamInfo>,
    pub care: Vec<CareInfo>,
    /// Every name a form shows, in the chosen language (issue 7): care types, levels, groups,
    /// layers and the five amounts.
    pub vocabulary: Vocabulary,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct DocumentInfo {
    pub id: String,
    pub title: String,
    pub number: String,
    pub date: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct TierInfo {
    pub id: String,
    pub name: String,
    pub description: String,
    pub benefit: String,
    #[cfg(feature = "details")]
    pub benefit_name: String,
    pub individual: String,
    #[cfg(feature = "details")]
    pub individual_is_minimum: bool,
    pub subsidy: String,
    pub subsidy_is_minimum: bool,
    #[cfg(feature = "details")]
    pub subsidy_citations: Vec<CiteInfo>,
    #[cfg(feature = "details")]
    /// The other tiers a person in this tier may choose instead (issue 9), by id; empty where
    /// the person's status decides the tier.
    pub alternatives: Vec<String>,
    #[cfg(feature = "details")]
    /// The sentence that offers the choice, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choice_citation: Option<CiteInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct CiteInfo {
    pub doc: String,
    pub clause: String,
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct GroupInfo {
    pub id: String,
    pub name: String,
    pub definition: String,
    pub citation: CiteInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct ChoiceInfo {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct ParamInfo {
    pub id: String,
    pub label: String,
    pub meaning: String,
    pub unit: &'static str,
    pub required: bool,
    pub need: &'static str,
    pub layer: &'static str,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub care: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<ChoiceInfo>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when_absent: Option<String>,
    #[cfg(feature = "details")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepts_none: Option<bool>,
    #[cfg(feature = "details")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct CareInfo {
    pub care: &'static str,
    pub name: String,
    pub level_matters: bool,
    pub notes: Vec<String>,
}

/// A word of the vocabulary: its id and its name in the chosen language.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct Word {
    pub id: String,
    pub name: String,
}

/// The names a form shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[allow(missing_docs)]
pub struct Vocabulary {
    pub care: Vec<Word>,
    pub levels: Vec<Word>,
    pub groups: Vec<Word>,
    pub layers: Vec<Word>,
    pub amounts: Vec<Word>,
}

fn word(cat: &Catalogue, id: impl Into<String>, key: &str) -> Word {
    Word {
        id: id.into(),
        name: cat.template(key).unwrap_or(key).to_string(),
    }
}

/// The vocabulary in a language.
pub fn vocabulary(cat: &Catalogue) -> Vocabulary {
    Vocabulary {
        care: Care::ALL
            .iter()
            .map(|c| word(cat, c.id(), &["care.", c.id()].concat()))
            .collect(),
        levels: (1..=3)
            .map(|l: u64| {
                let n = money::fmt_count(l);
                word(cat, n.clone(), &["level.", &n].concat())
            })
            .collect(),
        groups: Group::ALL
            .iter()
            .map(|g| word(cat, g.id(), &["group.", g.id()].concat()))
            .collect(),
        layers: [
            "policy",
            "enrolment",
            "contribution",
            "basic",
            "critical",
            "assistance",
        ]
        .iter()
        .map(|l| word(cat, *l, crate::explain::layer_key(l)))
        .collect(),
        amounts: ["total", "basic", "critical", "assistance", "out_of_pocket"]
            .iter()
            .map(|a| word(cat, *a, amount_key(a)))
            .collect(),
    }
}

/// The built-in policies in a language.
pub fn policies(cat: &Catalogue, reg: &Registry) -> Vec<PolicyInfo> {
    let vocabulary = vocabulary(cat);
    reg.policies
        .iter()
        .map(|p| policy_info(cat, reg, p, &vocabulary))
        .collect()
}

fn policy_info(cat: &Catalogue, reg: &Registry, p: &Policy, vocab: &Vocabulary) -> PolicyInfo {
    let t = |s: &str| cat.policy_text(s).to_string();
    let lit = |v: yibao_rules::Value| match v.source {
        yibao_rules::Source::Literal(d) => money::fmt_amount(d),
        _ => String::new(),
    };
    let cite = |i: usize| {
        let c = p.citation(i);
        CiteInfo {
            doc: c.doc.to_string(),
            clause: clause(cat, &c.clause),
            quote: c.quote.to_string(),
        }
    };
    let source = cat.render(&Message::new("tag.param_source"));
    PolicyInfo {
        id: p.meta.id.to_string(),
        name: t(&p.meta.name),
        #[cfg(feature = "details")]
        region: t(&p.meta.region),
        year: p.meta.year,
        summary: t(&p.meta.summary),
        notes: p.meta.notes.iter().map(|n| t(n)).collect(),
        documents: p
            .meta
            .documents
            .iter()
            .filter_map(|d| reg.document(d))
            .map(|d| DocumentInfo {
                id: d.id.to_string(),
                title: d.title.to_string(),
                number: d.number.to_string(),
                date: d.date.to_string(),
                status: d.status.to_string(),
            })
            .collect(),
        tiers: p
            .tiers
            .iter()
            .map(|tier| TierInfo {
                id: tier.id.to_string(),
                name: t(&tier.name),
                description: t(&tier.description),
                benefit: p.benefits[tier.benefit].id.to_string(),
                #[cfg(feature = "details")]
                benefit_name: t(&p.benefits[tier.benefit].name),
                individual: lit(tier.individual),
                #[cfg(feature = "details")]
                individual_is_minimum: tier.individual.minimum,
                subsidy: lit(tier.subsidy),
                subsidy_is_minimum: tier.subsidy.minimum,
                #[cfg(feature = "details")]
                subsidy_citations: tier.subsidy.cites().map(cite).collect(),
                #[cfg(feature = "details")]
                alternatives: p.alternatives(tier)
                    .filter(|o| o.id != tier.id)
                    .map(|o| o.id.to_string())
                    .collect(),
                #[cfg(feature = "details")]
                choice_citation: tier.choice.as_ref().map(|c| cite(c.cite)),
            })
            .collect(),
        groups: p
            .groups
            .iter()
            .map(|g| GroupInfo {
                id: g.group.id().to_string(),
                name: cat.render(&Message::new("text").arg("text", Arg::Group(g.group))),
                definition: t(&g.definition),
                citation: cite(g.cite),
            })
            .collect(),
        params: p
            .params
            .iter()
            .enumerate()
            .map(|(idx, d)| {
                // The identity group a parameter belongs to (an assistance ratio, a contribution
                // aid), so a form can show it only to people in that group.
                let group = p
                    .assistance
                    .groups
                    .iter()
                    .find(|(_, v)| v.param() == Some(idx))
                    .map(|(g, _)| *g)
                    .or_else(|| {
                        p.groups
                            .iter()
                            .find(|g| matches!(g.aid, Some(yibao_rules::Aid::Param(j, _)) if j == idx))
                            .map(|g| g.group)
                    });
                ParamInfo {
                    id: d.id.to_string(),
                    label: t(&d.label),
                    meaning: t(&d.meaning),
                    unit: d.unit.as_str(),
                    required: d.need != yibao_rules::Need::Optional,
                    need: d.need.as_str(),
                    layer: d.layer.as_str(),
                    source: source.clone(),
                    care: d.care.map(Care::id),
                    group: group.map(Group::id),
                    level: d.level,
                    choices: (!d.choices.is_empty()).then(|| {
                        d.choices
                            .iter()
                            .map(|c| ChoiceInfo {
                                value: c.value.to_string(),
                                label: t(&c.label),
                            })
                            .collect()
                    }),
                    when_absent: d.when_absent.as_deref().map(t),
                    #[cfg(feature = "details")]
                    fallback: d.fallback.map(|k| d.choices[k].value.to_string()),
                    accepts_none: d.accepts_none.then_some(true),
                    #[cfg(feature = "details")]
                    part_of: d.part_of.map(|j| p.params[j].id.to_string()),
                }
            })
            .collect(),
        care: Care::ALL
            .iter()
            .map(|c| {
                let r = &p.basic[*c as usize];
                CareInfo {
                    care: c.id(),
                    name: cat.render(&Message::new("text").arg("text", Arg::Care(*c))),
                    level_matters: r.deductible.per_level || r.ratio.iter().any(|l| l.per_level),
                    notes: r.notes.iter().map(|n| t(n)).collect(),
                }
            })
            .collect(),
        vocabulary: vocab.clone(),
    }
}
