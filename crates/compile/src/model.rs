//! The shape of a policy file (`data/policies/*.toml`), exactly as a person edits it.
//!
//! Every struct rejects unknown keys, so a misspelt key is an error rather than a silently ignored
//! rule. Every number is a [`Val`], and a `Val` cannot exist without a `cite`: a value either comes
//! from a document (with the clause and the verbatim sentence) or is a local parameter that the
//! deploying agency or the user supplies. See DESIGN.md, "How a policy file is read".

use serde::Deserialize;
use std::collections::BTreeMap;

/// The register of source documents (`data/documents.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentsFile {
    pub documents: Vec<Document>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Short id used in citations, e.g. `DY2020`.
    pub id: String,
    /// Full title.
    pub title: String,
    /// 文号, e.g. `东医保发〔2020〕56号`; empty where the text itself carries none.
    #[serde(default)]
    pub number: String,
    /// Issuing date as printed, or empty.
    #[serde(default)]
    pub date: String,
    /// The file in `data/documents/` holding the official text.
    pub file: String,
    /// `official`, or `draft` for a 征求意见稿.
    pub status: String,
}

/// A citation: the document, the clause, and the sentence itself, verbatim.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    pub doc: String,
    pub clause: String,
    pub quote: String,
}

/// One or two keys into the file's `[citations]`: `cite = "a"` or `cite = ["a", "b"]`.
///
/// Why two: some values rest on two sentences together, e.g. Tianjin's 学生儿童 subsidy is "按照
/// 调整后低档财政补助标准执行" plus the low tier's "580元/人"; each sentence alone does not give
/// the figure.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CiteKeys {
    One(String),
    Many(Vec<String>),
}

impl CiteKeys {
    pub fn keys(&self) -> Vec<&str> {
        match self {
            CiteKeys::One(k) => vec![k.as_str()],
            CiteKeys::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// One value of a rule: a literal from a document, or a local parameter (optionally scaled by a
/// factor that itself comes from the document, as in "居民人均可支配收入的一半").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Val {
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub param: Option<String>,
    #[serde(default)]
    pub factor: Option<String>,
    /// The document states a floor ("不低于550元"), not the amount itself.
    #[serde(default)]
    pub minimum: bool,
    /// Key(s) into the file's `[citations]`.
    pub cite: CiteKeys,
}

/// A value that may differ by hospital level: either `all` or each of `l1`, `l2`, `l3`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByLevel {
    #[serde(default)]
    pub all: Option<Val>,
    #[serde(default)]
    pub l1: Option<Val>,
    #[serde(default)]
    pub l2: Option<Val>,
    #[serde(default)]
    pub l3: Option<Val>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    pub id: String,
    pub name: String,
    pub region: String,
    pub year: u16,
    /// Document ids this policy draws on, the main one first.
    pub documents: Vec<String>,
    pub summary: String,
    /// Plain-language caveats shown with the policy (e.g. that a text is a draft).
    #[serde(default)]
    pub notes: Vec<String>,
    pub citations: BTreeMap<String, Citation>,
    /// Benefit tiers in ascending order of generosity (e.g. low, high).
    pub benefits: Vec<BenefitDef>,
    /// Enrollment tiers; the first is the default.
    pub tiers: Vec<TierDef>,
    /// The identity groups this policy mentions. Any other group changes nothing here.
    #[serde(default)]
    pub groups: Vec<GroupDef>,
    /// Local parameters: values the documents leave to the local agency.
    #[serde(default)]
    pub params: Vec<ParamDef>,
    pub basic: Vec<BasicRule>,
    pub critical: CriticalDef,
    pub assistance: AssistanceDef,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitDef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierDef {
    pub id: String,
    pub name: String,
    /// Who this tier is for, in plain words.
    pub description: String,
    /// The benefit tier (key into the basic rules' ratio tables).
    pub benefit: String,
    /// The sentence that gives this tier its benefits. Absent where the policy has a single
    /// benefit tier: then no sentence ties benefits to a tier, and none is cited.
    #[serde(default)]
    pub benefit_cite: Option<String>,
    /// The individual's contribution for the year.
    pub individual: Val,
    /// The fiscal subsidy per person.
    pub subsidy: Val,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    pub id: String,
    /// The document's own definition of who belongs.
    pub definition: String,
    pub cite: String,
    /// Tianjin-style 资助参保: the person enrols at a fixed contribution tier, possibly fully
    /// subsidised, and gets a fixed benefit tier.
    #[serde(default)]
    pub enrolment: Option<Enrolment>,
    /// National-style 资助参保: part or all of the individual contribution is paid by assistance.
    #[serde(default)]
    pub contribution_aid: Option<Aid>,
    /// A limit the document puts on who belongs, repeated as a warning whenever the group is
    /// chosen (e.g. Dongying counts only some 重度残疾人 as 贫困人口).
    #[serde(default)]
    pub caveat: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// The tier whose contribution and subsidy apply.
    pub contribution_tier: String,
    /// The individual contribution is paid in full by the subsidy (个人缴费全额补贴).
    pub full_aid: bool,
    /// The benefit tier this group gets.
    pub benefit: String,
    /// Exceptions by chosen tier, e.g. 重度残疾人中的学生儿童 get high benefits.
    #[serde(default)]
    pub benefit_by_tier: BTreeMap<String, String>,
    pub cite: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aid {
    /// 全额资助: the whole individual contribution.
    #[serde(default)]
    pub full: bool,
    /// 定额资助 of an amount the documents do not give: an optional local parameter.
    #[serde(default)]
    pub param: Option<String>,
    pub cite: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamDef {
    pub id: String,
    /// Short label for a form field.
    pub label: String,
    /// What the value means and where to find it.
    pub meaning: String,
    /// `yuan`, `ratio`, `choice` or `schedule` (a deductible, bands and an optional cap).
    pub unit: String,
    /// `always`, `when_used`, `layer` or `optional`; see DESIGN.md.
    pub need: String,
    /// `basic`, `critical`, `assistance` or `contribution`.
    pub layer: String,
    #[serde(default)]
    pub care: Option<String>,
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// What happens when an optional parameter is absent.
    #[serde(default)]
    pub when_absent: Option<String>,
    /// For a `choice`: the choice the estimate falls back on when the parameter is absent (with
    /// a warning, since the document does not make it).
    #[serde(default)]
    pub fallback: Option<String>,
    /// For a `yuan` cap: the value `"none"` is accepted and means the agency states there is no
    /// cap, which is different from not knowing the cap.
    #[serde(default)]
    pub accepts_none: bool,
    /// This parameter is one part of the given `schedule` parameter, kept so that scenarios
    /// written before schedules had bands still work. Forms show the schedule instead.
    #[serde(default)]
    pub part_of: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// A deductible mode (`per_visit`, `annual`), or a set of care types joined by `+`
    /// (`inpatient+special_outpatient`) for the critical-illness scope.
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicRule {
    /// `inpatient`, `outpatient` or `special_outpatient`.
    pub care: String,
    pub cite: String,
    pub deductible: ByLevel,
    /// `per_visit` or `annual`.
    pub deductible_mode: Val,
    /// Benefit tier id -> ratio by level.
    pub ratio: BTreeMap<String, ByLevel>,
    /// Annual cap on the fund's payment for this care type.
    pub cap: Val,
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Something the estimate assumes that the documents do not say, shown as a warning with the
/// sentences it rests on quoted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    pub text: String,
    pub cite: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriticalDef {
    /// Care types whose after-basic burden counts towards the critical-illness base: a literal
    /// set (`value = "inpatient+special_outpatient"`) where a document fixes it, otherwise a
    /// `choice` parameter with a fallback.
    pub scope: Val,
    /// Citations that make this layer apply at all in this policy (e.g. a later notice carrying an
    /// earlier notice's rule forward); cited in every critical-illness step.
    #[serde(default)]
    pub basis: Vec<String>,
    pub schedule: Schedule,
    #[serde(default)]
    pub tilts: Vec<Tilt>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// Assumptions behind applying this layer at all (e.g. a later notice carrying an earlier
    /// rule forward), warned about whenever the layer is computed.
    #[serde(default)]
    pub assumptions: Vec<Assumption>,
}

/// A piecewise schedule on the absolute cumulative burden: the first band starts at the
/// deductible, each band runs up to its `upto` (the last has none), and the cap limits the
/// year's payment (`value = "none"` for no cap).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The whole schedule as one local parameter of unit `schedule`. When given, it replaces
    /// the values below, which are then the one-band form of the same parameter.
    #[serde(default)]
    pub whole: Option<Val>,
    pub deductible: Val,
    pub bands: Vec<Band>,
    pub cap: Val,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    #[serde(default)]
    pub upto: Option<Val>,
    pub ratio: Val,
}

/// A critical-illness tilt for some groups: either its own literal table (Dongying) or a
/// derivation from the general schedule (national, Tianjin).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tilt {
    pub groups: Vec<String>,
    pub cite: String,
    #[serde(default)]
    pub schedule: Option<Schedule>,
    #[serde(default)]
    pub derive: Option<Derive>,
    /// An assumption behind the tilt, warned about whenever it applies.
    #[serde(default)]
    pub assumption: Option<Assumption>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derive {
    /// The deductible is multiplied by this (0.5 for "降低一半").
    pub deductible_factor: Val,
    /// Added to every band's ratio (0.05 for "提高5个百分点").
    pub ratio_add: Val,
    /// The citation that removes the cap (取消封顶线).
    pub no_cap_cite: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistanceDef {
    pub cite: String,
    /// Who is eligible, each with a ratio (a local parameter: no seed gives one).
    pub groups: Vec<AssistGroup>,
    /// Annual deductible on the remaining in-policy burden.
    pub deductible: Val,
    /// One annual limit shared by outpatient and inpatient care.
    pub annual_limit: Val,
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistGroup {
    pub group: String,
    pub ratio: Val,
}
