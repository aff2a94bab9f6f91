//! # yibao-rules: the compiled policies, and exact money
//!
//! A policy file (`data/policies/*.toml`) is compiled by `yibao-compile` into the types of this
//! crate, which are all the engine reads. Every string and list is a `Cow<'static, …>`, so the
//! same types serve two origins:
//!
//! * the built-in policies, compiled at build time and baked into the binary as `static` Rust
//!   values (every `Cow` borrowed: nothing is decoded or allocated at run time);
//! * a policy file an agency loads at run time, compiled in the browser by the separate compiler
//!   build (every `Cow` owned).
//!
//! Why a crate of its own: the build script, the engine, the tests and the run-time compiler all
//! need these types, and none of them should carry another's code. With the `bake` feature the
//! types also know how to write themselves out as Rust (`databake`); only the build script turns it
//! on.
//!
//! Nothing here knows any region by name: every rule is data, and every value carries the citation
//! of the sentence it comes from, or names the local parameter that supplies it.

#![warn(missing_docs)]

pub mod money;

pub use rust_decimal::Decimal;
use std::borrow::Cow;

/// A string that is borrowed from static data when baked, owned when compiled at run time.
pub type Str = Cow<'static, str>;
/// A list that is borrowed from static data when baked, owned when compiled at run time.
pub type List<T> = Cow<'static, [T]>;

/// A parameter index into [`Policy::params`].
pub type ParamIdx = usize;
/// A citation index into [`Policy::citations`].
pub type CiteIdx = usize;

// ------------------------------------------------------------------------------------ vocabulary

/// The care types of the contract (docs/CONTRACT.md, "Scenario").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub enum Care {
    /// 住院.
    Inpatient = 0,
    /// 普通门诊 / 门急诊.
    Outpatient = 1,
    /// 门诊特殊病 / 门诊慢特病.
    SpecialOutpatient = 2,
}

impl Care {
    /// All care types, in the contract's order.
    pub const ALL: [Care; 3] = [Care::Inpatient, Care::Outpatient, Care::SpecialOutpatient];

    /// The care type with this contract id.
    pub fn parse(s: &str) -> Option<Care> {
        Care::ALL.into_iter().find(|c| c.id() == s)
    }

    /// The contract id: `inpatient`, `outpatient` or `special_outpatient`.
    pub fn id(self) -> &'static str {
        match self {
            Care::Inpatient => "inpatient",
            Care::Outpatient => "outpatient",
            Care::SpecialOutpatient => "special_outpatient",
        }
    }
}

/// The identity groups of the contract, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
#[allow(missing_docs)] // each variant is the contract id of the same name
pub enum Group {
    RegisteredPoor,
    Dibao,
    Tekun,
    SevereDisability,
    Assistance,
    Youfu,
    CadreSpouse,
    StudentLoan,
    RelapsedPoor,
}

impl Group {
    /// All groups, in the contract's order.
    pub const ALL: [Group; 9] = [
        Group::RegisteredPoor,
        Group::Dibao,
        Group::Tekun,
        Group::SevereDisability,
        Group::Assistance,
        Group::Youfu,
        Group::CadreSpouse,
        Group::StudentLoan,
        Group::RelapsedPoor,
    ];

    /// The group with this contract id.
    pub fn parse(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.id() == s)
    }

    /// The contract id, e.g. `registered_poor`.
    pub fn id(self) -> &'static str {
        match self {
            Group::RegisteredPoor => "registered_poor",
            Group::Dibao => "dibao",
            Group::Tekun => "tekun",
            Group::SevereDisability => "severe_disability",
            Group::Assistance => "assistance",
            Group::Youfu => "youfu",
            Group::CadreSpouse => "cadre_spouse",
            Group::StudentLoan => "student_loan",
            Group::RelapsedPoor => "relapsed_poor",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of groups, as a bit set: cheap to copy and to test in the settlement loop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Groups(pub u16);

impl Groups {
    /// Adds a group.
    pub fn insert(&mut self, g: Group) {
        self.0 |= g.bit();
    }
    /// Whether the set holds the group.
    pub fn contains(self, g: Group) -> bool {
        self.0 & g.bit() != 0
    }
    /// The groups in the set, in the contract's order.
    pub fn iter(self) -> impl Iterator<Item = Group> {
        Group::ALL.into_iter().filter(move |g| self.contains(*g))
    }
    /// Whether the two sets share a group.
    pub fn intersects(self, other: Groups) -> bool {
        self.0 & other.0 != 0
    }
    /// The set of the given groups.
    pub fn of(it: impl IntoIterator<Item = Group>) -> Groups {
        let mut s = Groups::default();
        for g in it {
            s.insert(g);
        }
        s
    }
}

/// A set of care types: the critical-illness scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct CareSet(pub u8);

impl CareSet {
    /// Whether the set holds the care type.
    pub fn contains(self, c: Care) -> bool {
        self.0 & (1 << c as u8) != 0
    }
    /// Adds a care type.
    pub fn insert(&mut self, c: Care) {
        self.0 |= 1 << c as u8;
    }
    /// Care type ids joined by `+`, e.g. `inpatient+special_outpatient`, each at most once.
    pub fn parse(s: &str) -> Option<CareSet> {
        let mut set = CareSet::default();
        for part in s.split('+') {
            let c = Care::parse(part)?;
            if set.contains(c) {
                return None;
            }
            set.insert(c);
        }
        Some(set)
    }
    /// The care types in the set, in the contract's order.
    pub fn iter(self) -> impl Iterator<Item = Care> {
        Care::ALL.into_iter().filter(move |c| self.contains(*c))
    }
    /// The union of two sets.
    pub fn union(self, other: CareSet) -> CareSet {
        CareSet(self.0 | other.0)
    }
}

/// How a deductible is consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub enum Mode {
    /// Each admission or visit meets the deductible again.
    PerVisit,
    /// One deductible a year, eaten by the earliest visits (e.g. 天津 门诊 "年度起付标准").
    Annual,
}

impl Mode {
    /// `per_visit` or `annual`.
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "per_visit" => Some(Mode::PerVisit),
            "annual" => Some(Mode::Annual),
            _ => None,
        }
    }
}

/// The unit of a local parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub enum Unit {
    /// An amount in 元.
    Yuan,
    /// A ratio from 0 to 1.
    Ratio,
    /// One of a fixed list of choices.
    Choice,
    /// A whole piecewise schedule: a deductible, bands of an upper limit and a ratio, and an
    /// optional cap.
    Schedule,
}

impl Unit {
    /// The unit's id in policy files and in `policies()`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Yuan => "yuan",
            Unit::Ratio => "ratio",
            Unit::Choice => "choice",
            Unit::Schedule => "schedule",
        }
    }
}

/// When the absence of a local parameter is an error (DESIGN.md, "Local parameters").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub enum Need {
    /// Every estimate needs it (e.g. `disposable_income` for the national 大病 deductible).
    Always,
    /// Needed only when a computation uses it (a basic-insurance value for a visit without a
    /// settlement slip amount).
    WhenUsed,
    /// Part of a layer that no document gives: all absent leaves the layer out with a warning;
    /// some present makes the rest required.
    Layer,
    /// Absent has a stated fallback (no cap, no contribution aid), with a warning.
    Optional,
}

impl Need {
    /// The id in policy files and in `policies()`.
    pub fn as_str(self) -> &'static str {
        match self {
            Need::Always => "always",
            Need::WhenUsed => "when_used",
            Need::Layer => "layer",
            Need::Optional => "optional",
        }
    }
}

/// The part of the settlement a parameter or a step belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub enum Layer {
    /// 基本医保.
    Basic,
    /// 大病保险.
    Critical,
    /// 医疗救助.
    Assistance,
    /// The year's contribution (参保缴费).
    Contribution,
}

impl Layer {
    /// The id in policy files and results.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Basic => "basic",
            Layer::Critical => "critical",
            Layer::Assistance => "assistance",
            Layer::Contribution => "contribution",
        }
    }
    /// The layer with this id.
    pub fn parse(s: &str) -> Option<Layer> {
        [
            Layer::Basic,
            Layer::Critical,
            Layer::Assistance,
            Layer::Contribution,
        ]
        .into_iter()
        .find(|l| l.as_str() == s)
    }
}

/// What one choice of a `choice` parameter means to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub enum ChoiceMeaning {
    /// A deductible mode.
    Mode(Mode),
    /// A set of care types (the critical-illness scope).
    Scope(CareSet),
}

impl ChoiceMeaning {
    /// Deductible modes first, then care sets: the two vocabularies do not overlap.
    pub fn parse(s: &str) -> Option<ChoiceMeaning> {
        Mode::parse(s)
            .map(ChoiceMeaning::Mode)
            .or_else(|| CareSet::parse(s).map(ChoiceMeaning::Scope))
    }
}

// ------------------------------------------------------------------------------------ values

/// Where a rule's value comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    /// A number in a document.
    Literal(Decimal),
    /// "No cap": the document abolishes it or sets none.
    NoCap,
    /// A deductible mode stated by the document.
    Mode(Mode),
    /// A set of care types stated by the document.
    Scope(CareSet),
    /// A local parameter, optionally multiplied by a factor the document gives ("的一半").
    Param(ParamIdx, Option<Decimal>),
}

/// A rule's value: its source, its citation (and a second one where the value rests on two
/// sentences together), and whether the document states it as a floor ("不低于").
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Value {
    /// Where the value comes from.
    pub source: Source,
    /// The sentence that gives it.
    pub cite: CiteIdx,
    /// A second sentence it rests on, if any.
    pub also: Option<CiteIdx>,
    /// The document states a floor, not the amount itself.
    pub minimum: bool,
}

impl Value {
    /// The value's citations, the main one first.
    pub fn cites(&self) -> impl Iterator<Item = CiteIdx> {
        std::iter::once(self.cite).chain(self.also)
    }
    /// The local parameter behind the value, if any.
    pub fn param(&self) -> Option<ParamIdx> {
        match self.source {
            Source::Param(i, _) => Some(i),
            _ => None,
        }
    }
}

/// The critical-illness scope: a [`Value`] whose sentence may be absent. A literal set always has
/// the sentence that fixes it; a choice parameter has none where no sentence of the policy's
/// documents addresses the scope (its steps then cite nothing and say 文件未规定).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Scope {
    /// [`Source::Scope`] or [`Source::Param`].
    pub source: Source,
    /// The sentence that fixes or leaves open the scope, if any.
    pub cite: Option<CiteIdx>,
    /// A second sentence it rests on, if any.
    pub also: Option<CiteIdx>,
}

impl Scope {
    /// The scope's citations, the main one first; none where no sentence addresses it.
    pub fn cites(&self) -> impl Iterator<Item = CiteIdx> {
        self.cite.into_iter().chain(self.also)
    }
    /// The choice parameter behind the scope, if any.
    pub fn param(&self) -> Option<ParamIdx> {
        match self.source {
            Source::Param(i, _) => Some(i),
            _ => None,
        }
    }
}

// ------------------------------------------------------------------------------------ the policy

/// A source document, as registered in `data/documents.toml`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Document {
    /// Short id used in citations, e.g. `DY2020`.
    pub id: Str,
    /// Full title.
    pub title: Str,
    /// 文号; empty where the text itself carries none.
    pub number: Str,
    /// Issuing date as printed, or empty.
    pub date: Str,
    /// The file in `data/documents/` holding the official text.
    pub file: Str,
    /// `official`, or `draft` for a 征求意见稿.
    pub status: Str,
}

/// A citation: the document, the clause, and the sentence itself, verbatim.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Citation {
    /// The key in the policy file's `[citations]`; unique within a policy, and the citation's id
    /// in results.
    pub key: Str,
    /// The document's short id.
    pub doc: Str,
    /// The clause, as the document numbers it: `二(五)`.
    pub clause: Str,
    /// The sentence, verbatim.
    pub quote: Str,
}

/// One option of a `choice` parameter.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Choice {
    /// The value a scenario gives.
    pub value: Str,
    /// A label for a form.
    pub label: Str,
    /// What it means to the engine.
    pub meaning: ChoiceMeaning,
}

/// A local parameter: a value the documents leave to the local agency.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Param {
    /// The id a scenario's `params` uses.
    pub id: Str,
    /// A short label for a form field.
    pub label: Str,
    /// What the value means and where to find it.
    pub meaning: Str,
    /// The unit of its value.
    pub unit: Unit,
    /// When its absence is an error.
    pub need: Need,
    /// The layer it belongs to.
    pub layer: Layer,
    /// The care type it belongs to, for basic-insurance parameters.
    pub care: Option<Care>,
    /// The hospital level it belongs to, if any.
    pub level: Option<u8>,
    /// For a `choice`: the options.
    pub choices: List<Choice>,
    /// What happens when an optional parameter is absent.
    pub when_absent: Option<Str>,
    /// For a `choice`: the index of the option used when the parameter is absent.
    pub fallback: Option<usize>,
    /// For a cap: `"none"` is accepted and means the agency states there is no cap.
    pub accepts_none: bool,
    /// The schedule parameter this one is a one-band part of.
    pub part_of: Option<ParamIdx>,
}

/// A benefit tier (待遇档次): ratios are looked up by it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Benefit {
    /// `standard`, `low`, `high`…
    pub id: Str,
    /// Its name.
    pub name: Str,
}

/// An enrolment tier (参保档次), the contract's `tier`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Tier {
    /// The contract id.
    pub id: Str,
    /// Its name.
    pub name: Str,
    /// Who it is for, in plain words.
    pub description: Str,
    /// The benefit tier it gives (index into [`Policy::benefits`]).
    pub benefit: usize,
    /// The sentence that gives it those benefits; none where the policy has one benefit tier.
    pub benefit_cite: Option<CiteIdx>,
    /// The individual contribution for the year.
    pub individual: Value,
    /// The fiscal subsidy per person.
    pub subsidy: Value,
    /// The tiers a person chooses between, if this is one of them (see [`TierChoice`]).
    pub choice: Option<TierChoice>,
}

/// A tier's place among alternatives: every tier with the same `set` is one a person may choose
/// instead (Tianjin's 高档 and 低档, "个人缴费分为高档、低档").
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct TierChoice {
    /// The name the alternatives share.
    pub set: Str,
    /// The sentence that offers the choice.
    pub cite: CiteIdx,
}

/// 资助参保 in the Tianjin style: enrol at a fixed tier, possibly fully subsidised, with a fixed
/// benefit tier.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Enrolment {
    /// The tier whose contribution and subsidy apply.
    pub contribution_tier: usize,
    /// The individual contribution is paid in full (个人缴费全额补贴).
    pub full_aid: bool,
    /// The benefit tier this group gets.
    pub benefit: usize,
    /// Exceptions by chosen tier: (tier, benefit tier).
    pub benefit_by_tier: List<(usize, usize)>,
    /// The sentence that sets the exceptions, where it is not `cite`.
    pub by_tier_cite: Option<CiteIdx>,
    /// The sentence.
    pub cite: CiteIdx,
}

impl Enrolment {
    /// The sentence behind this rule for a person who chose `tier`: the exceptions' own where one
    /// applies (重度残疾人中的学生儿童), else the rule's.
    pub fn cite_for(&self, tier: usize) -> CiteIdx {
        match self.by_tier_cite {
            Some(c) if self.benefit_by_tier.iter().any(|(t, _)| *t == tier) => c,
            _ => self.cite,
        }
    }
}

/// 资助参保 in the national style: part or all of the individual contribution paid by assistance.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub enum Aid {
    /// 全额资助, with its citation.
    Full(CiteIdx),
    /// 定额资助 of an amount given by a local parameter, with its citation.
    Param(ParamIdx, CiteIdx),
}

/// What a policy says about one identity group.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct GroupRule {
    /// The group.
    pub group: Group,
    /// The document's own definition of who belongs.
    pub definition: Str,
    /// The sentence that defines it.
    pub cite: CiteIdx,
    /// Tianjin-style 资助参保.
    pub enrolment: Option<Enrolment>,
    /// National-style 资助参保.
    pub aid: Option<Aid>,
    /// A limit the document puts on who belongs, warned about whenever the group is chosen.
    pub caveat: Option<Str>,
}

/// A value per hospital level.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct ByLevel {
    /// False when the document gives one value for all levels.
    pub per_level: bool,
    /// The values for levels 1, 2 and 3.
    pub values: [Value; 3],
}

/// The basic-insurance rule for one care type.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct BasicRule {
    /// The care type.
    pub care: Care,
    /// The sentence the rule as a whole comes from.
    pub cite: CiteIdx,
    /// The deductible (起付标准).
    pub deductible: ByLevel,
    /// Per visit, or once a year.
    pub mode: Value,
    /// The ratio, per benefit tier (indexed like [`Policy::benefits`]).
    pub ratio: List<ByLevel>,
    /// The fund's annual maximum for this care type (最高支付限额).
    pub cap: Value,
    /// Caveats shown with the first visit of this care type.
    pub notes: List<Str>,
}

/// One band of a piecewise schedule: up to `upto` on the cumulative burden (the last band may be
/// open), paid at `ratio`.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Band<V> {
    /// The band's upper limit on the absolute cumulative burden.
    pub upto: Option<V>,
    /// The ratio paid on the part of the burden inside the band.
    pub ratio: V,
}

/// A piecewise critical-illness schedule on the year's cumulative burden, measured from 0: the
/// first band starts at the deductible, each band runs up to its limit, and the cap limits the
/// year's payment.
///
/// The same type serves as the rule (`Schedule<Value>`, each number cited or a local
/// parameter) and as the rule resolved for one person (`Schedule<Decimal>`, where a `cap` of
/// `None` means no cap).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Schedule<V: Clone + 'static> {
    /// Where the first band starts.
    pub deductible: V,
    /// The bands, in order.
    pub bands: List<Band<V>>,
    /// The annual cap on the payment.
    pub cap: Option<V>,
}

impl Schedule<Decimal> {
    /// Each band's bounds `[lo, hi)` on the cumulative burden and its ratio: the first band starts
    /// at the deductible, each later one where the previous ended.
    pub fn segments(&self) -> impl Iterator<Item = (Decimal, Option<Decimal>, Decimal)> + '_ {
        let mut lo = self.deductible;
        self.bands.iter().map(move |b| {
            let start = lo;
            if let Some(h) = b.upto {
                lo = lo.max(h);
            }
            (start, b.upto, b.ratio)
        })
    }

    /// The schedule's payment on a cumulative burden `b`, before the cap: the sum over bands of
    /// ratio × the part of `[0, b)` inside the band. Bands are on absolute amounts (DY2020 二(二)
    /// measures 10万, 20万 and 30万 from 0), so the year's payment is `F(b_end)` however the burden
    /// was split into visits.
    ///
    /// The loop is [`Schedule::segments`] written out: it runs for every visit of every person a
    /// batch settles, and comparing decimals is most of its cost, so it compares each bound once
    /// (measured in docs/PERFORMANCE.md, "Engine benchmark").
    pub fn value(&self, b: Decimal) -> Decimal {
        let mut f = Decimal::ZERO;
        let mut lo = self.deductible;
        for band in self.bands.iter() {
            if b <= lo {
                break;
            }
            match band.upto {
                // The band ends below `b`: all of it counts, and the next starts at its end.
                Some(hi) if hi < b => {
                    if hi > lo {
                        f += (hi - lo) * band.ratio;
                        lo = hi;
                    }
                }
                // `b` falls in this band (or it is open): the rest counts here, and every later
                // band starts at or above `b`.
                _ => {
                    f += (b - lo) * band.ratio;
                    break;
                }
            }
        }
        f
    }
}

/// Something the estimate assumes that the documents do not say, with the sentences it rests on.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Assumption {
    /// The assumption in words.
    pub text: Str,
    /// The sentences it rests on.
    pub cites: List<CiteIdx>,
}

/// How a tilt's schedule is given.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub enum TiltKind {
    /// A literal table of its own (Dongying's 贫困人口).
    Table(Schedule<Value>),
    /// Derived from the general schedule (national, Tianjin).
    Derive {
        /// The deductible is multiplied by this ("降低一半").
        deductible_factor: Value,
        /// Added to every band's ratio ("提高5个百分点").
        ratio_add: Value,
        /// The sentence that removes the cap.
        no_cap_cite: CiteIdx,
    },
}

/// A critical-illness tilt for some groups.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Tilt {
    /// The groups it applies to.
    pub groups: Groups,
    /// Its own sentence.
    pub cite: CiteIdx,
    /// Its schedule.
    pub kind: TiltKind,
    /// An assumption behind it, warned about whenever it applies.
    pub assumption: Option<Assumption>,
}

/// The critical-illness layer (大病保险).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Critical {
    /// Which care types count: [`Source::Scope`] where a document fixes it, else a choice
    /// parameter with a fallback.
    pub scope: Scope,
    /// Sentences that make the layer apply at all, cited in every step.
    pub basis: List<CiteIdx>,
    /// The general schedule.
    pub schedule: Schedule<Value>,
    /// The whole general schedule as one local parameter (unit `schedule`), which replaces the
    /// values of `schedule` when given.
    pub schedule_param: Option<Value>,
    /// Tilts for groups.
    pub tilts: List<Tilt>,
    /// Caveats shown with the first step.
    pub notes: List<Str>,
    /// Assumptions behind computing the layer at all.
    pub assumptions: List<Assumption>,
}

/// The medical-assistance layer (医疗救助).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Assistance {
    /// The sentence the layer comes from.
    pub cite: CiteIdx,
    /// Who is eligible, each with a ratio.
    pub groups: List<(Group, Value)>,
    /// The annual deductible on the remaining burden.
    pub deductible: Value,
    /// One annual limit shared by outpatient and inpatient care.
    pub annual_limit: Value,
    /// Caveats shown with the first step.
    pub notes: List<Str>,
}

/// What a policy says about itself.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Meta {
    /// The contract id, e.g. `dongying-2020`.
    pub id: Str,
    /// Its name.
    pub name: Str,
    /// The region.
    pub region: Str,
    /// The year.
    pub year: u16,
    /// Document ids, the main one first.
    pub documents: List<Str>,
    /// A summary.
    pub summary: Str,
    /// Plain-language caveats shown with every result.
    pub notes: List<Str>,
}

/// A compiled policy: one region's rules for one year.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Policy {
    /// Its identity.
    pub meta: Meta,
    /// The sentences it cites.
    pub citations: List<Citation>,
    /// The benefit tiers, in ascending order of generosity.
    pub benefits: List<Benefit>,
    /// The enrolment tiers; the first is the default.
    pub tiers: List<Tier>,
    /// The groups it mentions.
    pub groups: List<GroupRule>,
    /// Its local parameters.
    pub params: List<Param>,
    /// The basic-insurance rule for each care type, indexed by [`Care`].
    pub basic: [BasicRule; 3],
    /// Critical illness.
    pub critical: Critical,
    /// Medical assistance.
    pub assistance: Assistance,
}

impl Policy {
    /// The index of the parameter with this id.
    pub fn param_index(&self, id: &str) -> Option<ParamIdx> {
        self.params.iter().position(|p| p.id == id)
    }
    /// The index of the tier with this id.
    pub fn tier_index(&self, id: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.id == id)
    }
    /// What the policy says about a group, if it mentions it.
    pub fn group_rule(&self, g: Group) -> Option<&GroupRule> {
        self.groups.iter().find(|r| r.group == g)
    }
    /// A citation by index.
    pub fn citation(&self, i: CiteIdx) -> &Citation {
        &self.citations[i]
    }
    /// The tiers a person enrolled in `tier` may choose between, in the policy's order (the tier
    /// itself included; just the tier where the policy offers no choice).
    pub fn alternatives<'p>(&'p self, tier: &'p Tier) -> impl Iterator<Item = &'p Tier> + 'p {
        self.tiers
            .iter()
            .filter(move |t| match (&tier.choice, &t.choice) {
                (Some(a), Some(b)) => a.set == b.set,
                _ => t.id == tier.id,
            })
    }
}

/// Policies and the document register.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = yibao_rules))]
pub struct Registry {
    /// The documents the policies cite.
    pub documents: List<Document>,
    /// The policies.
    pub policies: List<Policy>,
}

impl Registry {
    /// The policy with this id.
    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.meta.id == id)
    }
    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }
}

// ------------------------------------------------------------------------------------ baking

/// How a [`Source`] writes itself as Rust. By hand because a `Decimal` is a foreign type: it is
/// written as the `const fn` call that rebuilds it exactly.
#[cfg(feature = "bake")]
mod bake {
    use super::{Decimal, Source};
    use databake::{quote, Bake, BakeSize, CrateEnv, TokenStream};

    fn decimal(d: &Decimal) -> TokenStream {
        let m = d.mantissa().unsigned_abs();
        let (lo, mid, hi) = (m as u32, (m >> 32) as u32, (m >> 64) as u32);
        let (neg, scale) = (d.is_sign_negative(), d.scale());
        quote! { yibao_rules::Decimal::from_parts(#lo, #mid, #hi, #neg, #scale) }
    }

    impl Bake for Source {
        fn bake(&self, env: &CrateEnv) -> TokenStream {
            env.insert("yibao_rules");
            match self {
                Source::Literal(d) => {
                    let d = decimal(d);
                    quote! { yibao_rules::Source::Literal(#d) }
                }
                Source::NoCap => quote! { yibao_rules::Source::NoCap },
                Source::Mode(m) => {
                    let m = m.bake(env);
                    quote! { yibao_rules::Source::Mode(#m) }
                }
                Source::Scope(s) => {
                    let s = s.bake(env);
                    quote! { yibao_rules::Source::Scope(#s) }
                }
                Source::Param(i, f) => {
                    let f = match f {
                        Some(d) => {
                            let d = decimal(d);
                            quote! { Some(#d) }
                        }
                        None => quote! { None },
                    };
                    quote! { yibao_rules::Source::Param(#i, #f) }
                }
            }
        }
    }

    impl BakeSize for Source {
        fn borrows_size(&self) -> usize {
            0
        }
    }
}
