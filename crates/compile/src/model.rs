//! The shape of a policy file (`data/policies/*.toml`), exactly as a person edits it.
//!
//! Every struct rejects unknown keys, so a misspelt key is an error rather than a silently
//! ignored rule. Every number is a [`Val`], and a `Val` cannot exist without a `cite`: a value
//! either comes from a document (with the clause and the verbatim sentence) or is a local
//! parameter that the deploying agency or the user supplies. See DESIGN.md, "How is a policy file
//! read?".

use serde::Deserialize;
use std::collections::BTreeMap;

/// The register of source documents (`data/documents.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentsFile {
    /// One `[[documents]]` entry per source text; citations and policy headers name them by `id`.
    pub documents: Vec<Document>,
}

/// One source document: an official notice (or a draft for comment) whose text is kept verbatim
/// in `data/documents/`, so that every quote can be checked against it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Short id used in citations (`doc = "…"`) and in a policy's `documents`, e.g. `DY2020`.
    pub id: String,
    /// Full official title, in Chinese, as printed on the document.
    pub title: String,
    /// 文号, e.g. `东医保发〔2020〕56号`; empty where the text itself carries none.
    #[serde(default)]
    pub number: String,
    /// Issuing date as printed (e.g. `2022-06-30`), or empty where the text gives none.
    #[serde(default)]
    pub date: String,
    /// File name in `data/documents/` holding the official text, e.g. `dy2020.txt`.
    pub file: String,
    /// `official`, or `draft` for a 征求意见稿 (the page then marks the document as a draft).
    pub status: String,
}

/// A citation: the document, the clause, and the sentence itself, verbatim.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The `id` of a document in `data/documents.toml`, e.g. `TJ2021D`; an unknown id is refused.
    pub doc: String,
    /// The clause as the document numbers it, e.g. `二(二)`; must not be empty.
    pub clause: String,
    /// The sentence copied verbatim from the document; it must occur in the document's text and
    /// contain every literal number that cites it.
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
    /// `cite = "key"`: the value rests on one sentence.
    One(String),
    /// `cite = ["main", "second"]`: the value rests on two sentences, the main one first; a list
    /// of any other length is refused.
    Many(Vec<String>),
}

impl CiteKeys {
    /// The citation keys in the order written, the main one first.
    pub fn keys(&self) -> Vec<&str> {
        match self {
            CiteKeys::One(k) => vec![k.as_str()],
            CiteKeys::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// One value of a rule: a literal from a document, or a local parameter (optionally scaled by a
/// factor that itself comes from the document, as in "居民人均可支配收入的一半").
///
/// Exactly one of `value` and `param` is given, e.g. `{ value = "600", cite = "outpatient" }` or
/// `{ param = "inpatient_cap", cite = "inpatient" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Val {
    /// The literal as a decimal string: an amount in 元 (`"16000"`), a ratio from 0 to 1
    /// (`"0.60"`), a mode or scope (`"annual"`), or `"none"` where a cap may be absent.
    #[serde(default)]
    pub value: Option<String>,
    /// The id of a `[[params]]` entry whose unit fits this place (e.g. `yuan` for a deductible),
    /// used where the document leaves the value to the local agency.
    #[serde(default)]
    pub param: Option<String>,
    /// With `param` only: a ratio from the document that the parameter is multiplied by, e.g.
    /// `"0.5"` for "居民人均可支配收入的一半".
    #[serde(default)]
    pub factor: Option<String>,
    /// `true` where the document states a floor ("不低于550元"), not the amount itself; only for a
    /// literal amount. Results then say "不低于".
    #[serde(default)]
    pub minimum: bool,
    /// Key(s) into the file's `[citations]`: the sentence(s) the value comes from or, for a
    /// parameter, the sentence of the rule it fills in.
    pub cite: CiteKeys,
}

/// A value that may differ by hospital level: either `all` or each of `l1`, `l2`, `l3`.
///
/// Mixing the two forms, or leaving out one level, is refused: no level may be guessed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByLevel {
    /// One value for every hospital level (e.g. Tianjin's outpatient deductible of 600元).
    #[serde(default)]
    pub all: Option<Val>,
    /// The value at a 一级 (level 1) hospital.
    #[serde(default)]
    pub l1: Option<Val>,
    /// The value at a 二级 (level 2) hospital.
    #[serde(default)]
    pub l2: Option<Val>,
    /// The value at a 三级 (level 3) hospital.
    #[serde(default)]
    pub l3: Option<Val>,
}

/// One policy file: one region's rules for one year (`data/policies/<id>.toml`).
///
/// Unknown keys are refused here and in every table below: a misspelt key must not silently drop
/// a rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// The policy id that scenarios name in `policy`, region then year, e.g. `tianjin-2022`.
    pub id: String,
    /// Display name in Chinese, e.g. `天津市 2022年度（征求意见稿）`.
    pub name: String,
    /// The region in Chinese, e.g. `山东省东营市`, or `全国` for a national policy.
    pub region: String,
    /// The policy year (医疗年度) the rules apply to, e.g. `2022`.
    pub year: u16,
    /// Document ids this policy draws on, the main one first.
    pub documents: Vec<String>,
    /// One Chinese paragraph saying what the documents fix and what they leave to the agency.
    pub summary: String,
    /// Plain-language caveats shown with the policy (e.g. that a text is a draft).
    #[serde(default)]
    pub notes: Vec<String>,
    /// Every sentence the file cites, by key: `key = { doc, clause, quote }`. Each must be used.
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
    /// Basic insurance (基本医保): exactly one `[[basic]]` rule for each of the three care types.
    pub basic: Vec<BasicRule>,
    /// Critical-illness insurance (大病保险), paid on what basic insurance left.
    pub critical: CriticalDef,
    /// Medical assistance (医疗救助), paid on what both insurances left.
    pub assistance: AssistanceDef,
    /// Documents a policy file loaded at run time cites that are not in the built-in register
    /// (`[[register]]`), each with an id no built-in document has. Built-in files have none:
    /// their documents are in `data/documents.toml`, with their texts.
    #[serde(default)]
    pub register: Vec<RegisterDocument>,
}

/// A document declared by a policy file loaded at run time (`[[register]]`): the register entry
/// of a built-in document without its `file`, since no text comes with it (quotes are then only
/// checked to be non-empty).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterDocument {
    /// Short id used in citations (`doc = "…"`) and in the policy's `documents`: ASCII letters,
    /// digits, `-` and `_`, and not the id of a built-in document.
    pub id: String,
    /// Full official title, in Chinese, as printed on the document.
    pub title: String,
    /// 文号; empty where the text carries none.
    #[serde(default)]
    pub number: String,
    /// Issuing date as printed, or empty.
    #[serde(default)]
    pub date: String,
    /// `official`, or `draft` for a 征求意见稿.
    pub status: String,
    /// Where the official text is published (`https://…`), if anywhere.
    #[serde(default)]
    pub url: Option<String>,
}

/// A benefit tier (待遇档次): the set of ratios a person is paid at, e.g. `low` or `high`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitDef {
    /// Short id, e.g. `standard`, `low`, `high`; the key of each `ratio.<id>` in `[[basic]]`.
    pub id: String,
    /// Display name in Chinese, e.g. `高档报销待遇`.
    pub name: String,
}

/// An enrollment tier (缴费档次): what a person pays and which benefits that buys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierDef {
    /// The value scenarios give in `tier`, e.g. `resident`, `student`, `high`, `low`.
    pub id: String,
    /// Display name in Chinese, e.g. `学生儿童`.
    pub name: String,
    /// Who this tier is for, in plain words.
    pub description: String,
    /// The id of a `[[benefits]]` tier this tier gets (the key into the basic rules' ratios).
    pub benefit: String,
    /// The sentence that gives this tier its benefits. Absent where the policy has a single
    /// benefit tier: then no sentence ties benefits to a tier, and none is cited.
    #[serde(default)]
    pub benefit_cite: Option<String>,
    /// The individual's contribution for the year, in 元 (e.g. `{ value = "320", … }`).
    pub individual: Val,
    /// The fiscal subsidy per person for the year, in 元; `minimum = true` where it is a floor.
    pub subsidy: Val,
    /// Tiers a person chooses between: every tier with the same `set` is an alternative to this
    /// one (Tianjin's 高档 and 低档), with the sentence that offers the choice. Absent where the
    /// person's status decides the tier (学生儿童, Dongying's 学生).
    #[serde(default)]
    pub choice: Option<ChoiceDef>,
}

/// A tier's place among the tiers a person may choose between.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceDef {
    /// A name shared by the tiers that are alternatives to each other, e.g. `adult`.
    pub set: String,
    /// The sentence that offers the choice.
    pub cite: String,
}

/// An identity group the policy mentions, and what it changes at enrolment.
///
/// What a group changes in critical illness and assistance is said in `[[critical.tilts]]` and
/// `[[assistance.groups]]`, which may only name groups listed here.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupDef {
    /// A group id from the contract's vocabulary, e.g. `dibao`, `severe_disability`; at most once.
    pub id: String,
    /// The document's own definition of who belongs.
    pub definition: String,
    /// Key into `[citations]`: the sentence that names this group.
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

/// Tianjin-style 资助参保: the group's contribution tier and benefit tier are fixed by the document,
/// whatever tier the person chose.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// The id of the `[[tiers]]` entry whose contribution and subsidy apply, e.g. `low`.
    pub contribution_tier: String,
    /// `true` where the individual contribution is paid in full by the subsidy (个人缴费全额补贴).
    pub full_aid: bool,
    /// The id of the `[[benefits]]` tier this group gets, e.g. `high`.
    pub benefit: String,
    /// Exceptions by chosen tier, `{ tier id = benefit id }`, e.g. `{ student = "high" }` for
    /// 重度残疾人中的学生儿童.
    #[serde(default)]
    pub benefit_by_tier: BTreeMap<String, String>,
    /// Key into `[citations]`: the sentence that sets the exceptions, where it is not `cite`
    /// (Tianjin: "…重度残疾人中的学生儿童…享受高档报销待遇" beside the rule for the others); cited
    /// instead of `cite` when an exception applies. Only with `benefit_by_tier`.
    #[serde(default)]
    pub benefit_by_tier_cite: Option<String>,
    /// Key into `[citations]`: the sentence that sets this enrolment rule.
    pub cite: String,
}

/// National-style 资助参保: assistance pays part or all of the individual contribution. Give
/// either `full = true` or a `param`, not both.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aid {
    /// `true` for 全额资助: the whole individual contribution is paid.
    #[serde(default)]
    pub full: bool,
    /// 定额资助 of an amount the documents do not give: the id of a `yuan` parameter, usually
    /// `need = "optional"` (absent, nothing is deducted).
    #[serde(default)]
    pub param: Option<String>,
    /// Key into `[citations]`: the sentence that grants the aid.
    pub cite: String,
}

/// A local parameter: a value the documents leave to the local agency, which the agency or the
/// user supplies in a scenario's `params` ("never invent a number").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamDef {
    /// The key in a scenario's `params`: lower-case ASCII letters, digits and `_`, unique in the
    /// file, e.g. `inpatient_ratio_l1`. Every declared parameter must be used.
    pub id: String,
    /// Short label for a form field.
    pub label: String,
    /// What the value means and where to find it.
    pub meaning: String,
    /// `yuan` (an amount), `ratio` (0 to 1), `choice` (one of `choices`) or `schedule` (a
    /// deductible, bands and an optional cap). It must fit every place the parameter is used.
    pub unit: String,
    /// When absence is an error: `always`, `when_used` (only if a visit needs it), `layer` (all
    /// absent turns the layer off) or `optional` (a stated fallback); see DESIGN.md.
    pub need: String,
    /// The layer it belongs to: `basic`, `critical`, `assistance` or `contribution`.
    pub layer: String,
    /// For a basic-insurance parameter: its care type, `inpatient`, `outpatient` or
    /// `special_outpatient` (used to group form fields).
    #[serde(default)]
    pub care: Option<String>,
    /// For a per-level value: the hospital level it applies to, 1, 2 or 3.
    #[serde(default)]
    pub level: Option<u8>,
    /// For a `choice` (and only then): the allowed values, written as `[[params.choices]]`; all
    /// deductible modes or all care-type sets, never a mix.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// A Chinese sentence telling the user what the estimate does when the parameter is left
    /// out (for `layer` and `optional` parameters), e.g. "不计算医疗救助，结果中医疗救助为0。".
    #[serde(default)]
    pub when_absent: Option<String>,
    /// For an `optional` `choice`: the choice the estimate falls back on when the parameter is
    /// absent (with a warning, since the document does not make it); one of the `choices`.
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

/// One allowed value of a `choice` parameter, with its label for the form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// A deductible mode (`per_visit`, `annual`), or a set of care types joined by `+`
    /// (`inpatient+special_outpatient`) for the critical-illness scope.
    pub value: String,
    /// What the choice means, in Chinese, as the form shows it, e.g. `只计入住院费用`.
    pub label: String,
}

/// The basic-insurance (基本医保) rule for one care type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasicRule {
    /// `inpatient`, `outpatient` or `special_outpatient`.
    pub care: String,
    /// Key into `[citations]`: the rule's main sentence, cited in each visit's basic step.
    pub cite: String,
    /// The deductible (起付标准) in 元, per hospital level or `all`.
    pub deductible: ByLevel,
    /// `per_visit` (met again at each visit) or `annual` (met once a year by the earliest
    /// visits); a literal, or a `choice` parameter with those two choices.
    pub deductible_mode: Val,
    /// Benefit tier id -> ratio (0 to 1) by level, e.g. `ratio.high = { l1 = …, l2 = …, l3 = … }`;
    /// every `[[benefits]]` tier needs one.
    pub ratio: BTreeMap<String, ByLevel>,
    /// Annual cap in 元 on the fund's payment for this care type; `"none"` for no cap.
    pub cap: Val,
    /// Chinese caveats shown with this care type's visits (e.g. that "70%" is a target, not a
    /// per-visit ratio).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Something the estimate assumes that the documents do not say, shown as a warning with the
/// sentences it rests on quoted.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    /// The warning in Chinese, saying plainly that it is an inference, e.g. "本估算假定…这是推定".
    pub text: String,
    /// Keys into `[citations]`: the sentences the assumption rests on; at least one.
    pub cite: Vec<String>,
}

/// The critical-illness (大病保险) layer: which burden counts, the general schedule, and the
/// tilts for some groups.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriticalDef {
    /// Care types whose after-basic burden counts towards the critical-illness base: a literal
    /// set (`value = "inpatient+special_outpatient"`) where a document fixes it, otherwise a
    /// `choice` parameter with a fallback.
    pub scope: ScopeVal,
    /// Citations that make this layer apply at all in this policy (e.g. a later notice carrying an
    /// earlier notice's rule forward); cited in every critical-illness step.
    #[serde(default)]
    pub basis: Vec<String>,
    /// The general schedule, for everyone not in a tilt's groups.
    pub schedule: Schedule,
    /// More generous schedules for some groups (`[[critical.tilts]]`); a group is in at most one.
    #[serde(default)]
    pub tilts: Vec<Tilt>,
    /// Chinese caveats shown with the critical-illness steps (e.g. what the scope leaves out).
    #[serde(default)]
    pub notes: Vec<String>,
    /// Assumptions behind applying this layer at all (e.g. a later notice carrying an earlier
    /// rule forward), warned about whenever the layer is computed.
    #[serde(default)]
    pub assumptions: Vec<Assumption>,
}

/// The critical-illness scope: `{ value, cite }`, a literal set with the sentence that fixes it,
/// or `{ param, cite }`, a `choice` parameter with the sentence that leaves it open (N2022 二
/// "探索将…纳入…计算口径"). Where no sentence of the policy's documents addresses the scope at
/// all, a parameter leaves out `cite`: the steps then cite nothing and say 文件未规定, rather than
/// cite a sentence about something else.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeVal {
    /// The literal set of care types, e.g. `"inpatient+special_outpatient"`.
    #[serde(default)]
    pub value: Option<String>,
    /// The id of a `choice` parameter whose choices are sets of care types, with a fallback.
    #[serde(default)]
    pub param: Option<String>,
    /// The sentence: required with `value`, optional with `param`.
    #[serde(default)]
    pub cite: Option<CiteKeys>,
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
    /// The year's deductible in 元: a literal, a parameter, or a parameter times a `factor`
    /// (national: half the 居民人均可支配收入).
    pub deductible: Val,
    /// The bands (`[[….bands]]`), at least one, in rising order of `upto`.
    pub bands: Vec<Band>,
    /// The cap on the year's payment in 元; `"none"` for no cap, or a parameter where unknown.
    pub cap: Val,
}

/// One band of a schedule: the ratio paid on the part of the cumulative burden between the
/// previous limit (or the deductible) and `upto`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Upper limit of the band in 元, on the absolute cumulative burden (measured from 0, not
    /// from the deductible), higher than the band before; only the last band may leave it out.
    #[serde(default)]
    pub upto: Option<Val>,
    /// The share (0 to 1) of the burden within this band that is paid, e.g. `"0.60"`.
    pub ratio: Val,
}

/// A critical-illness tilt for some groups: either its own literal table (Dongying) or a
/// derivation from the general schedule (national, Tianjin).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tilt {
    /// Ids of the groups it applies to; each must be listed in `[[groups]]`.
    pub groups: Vec<String>,
    /// Key into `[citations]`: the sentence that grants the tilt to these groups.
    pub cite: String,
    /// The tilt's own literal table, where the document gives one; it may not have `whole`.
    /// Give either this or `derive`.
    #[serde(default)]
    pub schedule: Option<Schedule>,
    /// The tilt as a change to the general schedule, where the document states it so.
    /// Give either this or `schedule`.
    #[serde(default)]
    pub derive: Option<Derive>,
    /// An assumption behind the tilt, warned about whenever it applies.
    #[serde(default)]
    pub assumption: Option<Assumption>,
}

/// A tilt stated relative to the general schedule: the deductible scaled, every band's ratio
/// raised, and the cap removed. Both numbers are literals from the document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derive {
    /// The deductible is multiplied by this (0.5 for "降低一半").
    pub deductible_factor: Val,
    /// Added to every band's ratio (0.05 for "提高5个百分点"); the engine limits the sum to 1.
    pub ratio_add: Val,
    /// The citation that removes the cap (取消封顶线).
    pub no_cap_cite: String,
}

/// The medical-assistance (医疗救助) layer, paid on the in-policy burden both insurances left.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistanceDef {
    /// Key into `[citations]`: the layer's main sentence, cited in its steps.
    pub cite: String,
    /// Who is eligible, each with a ratio (a local parameter: no seed gives one).
    pub groups: Vec<AssistGroup>,
    /// Annual deductible on the remaining in-policy burden.
    pub deductible: Val,
    /// One annual limit shared by outpatient and inpatient care.
    pub annual_limit: Val,
    /// Chinese caveats shown with the assistance steps (e.g. that no figures are given).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One group eligible for medical assistance; with several, the highest ratio applies.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssistGroup {
    /// A group id listed in `[[groups]]`, e.g. `dibao`.
    pub group: String,
    /// The share (0 to 1) of the remaining burden that assistance pays for this group.
    pub ratio: Val,
}
