//! Policies: the embedded policy files, checked and compiled into typed rules.
//!
//! A policy file is data (see [`model`]). Compiling it checks everything a person editing it could
//! get wrong (a citation that does not exist, a parameter of the wrong unit, a ratio above 1) and
//! turns every number into a [`CVal`]: a literal with its citation, or a reference to a local
//! parameter. Nothing in this module or the engine knows any region by name.

pub mod codec;
pub mod model;

use crate::money;
use rust_decimal::Decimal;

pub use model::{Citation, Document, PolicyFile};

/// Care types of docs/CONTRACT.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Care {
    Inpatient = 0,
    Outpatient = 1,
    SpecialOutpatient = 2,
}

impl Care {
    pub const ALL: [Care; 3] = [Care::Inpatient, Care::Outpatient, Care::SpecialOutpatient];

    pub fn parse(s: &str) -> Option<Care> {
        match s {
            "inpatient" => Some(Care::Inpatient),
            "outpatient" => Some(Care::Outpatient),
            "special_outpatient" => Some(Care::SpecialOutpatient),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Care::Inpatient => "inpatient",
            Care::Outpatient => "outpatient",
            Care::SpecialOutpatient => "special_outpatient",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Care::Inpatient => "住院",
            Care::Outpatient => "普通门诊",
            Care::SpecialOutpatient => "门诊慢特病",
        }
    }
}

/// The identity groups of docs/CONTRACT.md, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

    pub fn parse(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.id() == s)
    }

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

    /// The contract's Chinese name for the group.
    pub fn name(self) -> &'static str {
        match self {
            Group::RegisteredPoor => "建档立卡贫困人口",
            Group::Dibao => "低保对象",
            Group::Tekun => "特困人员",
            Group::SevereDisability => "重度残疾人",
            Group::Assistance => "医疗救助对象",
            Group::Youfu => "优抚对象（享受定期抚恤补助/享受医疗补助人员）",
            Group::CadreSpouse => "离休干部无固定收入的配偶",
            Group::StudentLoan => "享受国家助学贷款的高校学生",
            Group::RelapsedPoor => "返贫致贫人口",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of groups, as a bit set: cheap to copy and to test in the settlement loop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Groups(u16);

impl Groups {
    pub fn insert(&mut self, g: Group) {
        self.0 |= g.bit();
    }
    pub fn contains(self, g: Group) -> bool {
        self.0 & g.bit() != 0
    }
    pub fn iter(self) -> impl Iterator<Item = Group> {
        Group::ALL.into_iter().filter(move |g| self.contains(*g))
    }
    pub fn intersects(self, other: Groups) -> bool {
        self.0 & other.0 != 0
    }
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
pub struct CareSet(pub u8);

impl CareSet {
    pub fn contains(self, c: Care) -> bool {
        self.0 & (1 << c as u8) != 0
    }
    pub fn insert(&mut self, c: Care) {
        self.0 |= 1 << c as u8;
    }
    /// Care type ids joined by `+`, e.g. `inpatient+special_outpatient`. Each at most once.
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
    pub fn iter(self) -> impl Iterator<Item = Care> {
        Care::ALL.into_iter().filter(move |c| self.contains(*c))
    }
    /// The care types' names joined for a sentence: "住院、门诊慢特病".
    pub fn names(self) -> String {
        self.iter().map(Care::name).collect::<Vec<_>>().join("、")
    }
}

/// How a deductible is consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Each admission or visit meets the deductible again.
    PerVisit,
    /// One deductible a year, eaten by the earliest visits (e.g. 天津 门诊 "年度起付标准").
    Annual,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "per_visit" => Some(Mode::PerVisit),
            "annual" => Some(Mode::Annual),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Mode::PerVisit => "每次分别计算",
            Mode::Annual => "年度内累计计算一次",
        }
    }
}

/// The unit of a local parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Yuan,
    Ratio,
    Choice,
    /// A whole piecewise schedule: a deductible, bands of an upper limit and a ratio, and an
    /// optional cap.
    Schedule,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Yuan => "yuan",
            Unit::Ratio => "ratio",
            Unit::Choice => "choice",
            Unit::Schedule => "schedule",
        }
    }
}

/// What one choice of a `choice` parameter means to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceVal {
    Mode(Mode),
    Scope(CareSet),
}

impl ChoiceVal {
    /// Deductible modes first, then care sets: the two vocabularies do not overlap.
    pub fn parse(s: &str) -> Option<ChoiceVal> {
        Mode::parse(s)
            .map(ChoiceVal::Mode)
            .or_else(|| CareSet::parse(s).map(ChoiceVal::Scope))
    }
}

/// When the absence of a local parameter is an error (see DESIGN.md, "Local parameters").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// A parameter index into [`Policy::params`].
pub type ParamIdx = usize;
/// A citation index into [`Policy::citations`].
pub type CiteIdx = usize;

/// Where a value comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Src {
    /// A number in a document.
    Lit(Decimal),
    /// "No cap": the document abolishes it or sets none.
    NoCap,
    /// A mode stated by the document.
    Mode(Mode),
    /// A set of care types stated by the document.
    Scope(CareSet),
    /// A local parameter, optionally multiplied by a factor the document gives.
    Param(ParamIdx, Option<Decimal>),
}

/// A compiled value: its source, its citation (and a second one where the value rests on two
/// sentences), and whether the document states it as a floor ("不低于").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CVal {
    pub src: Src,
    pub cite: CiteIdx,
    pub also: Option<CiteIdx>,
    pub minimum: bool,
}

impl CVal {
    /// The value's citations, the main one first.
    pub fn cites(&self) -> impl Iterator<Item = CiteIdx> {
        std::iter::once(self.cite).chain(self.also)
    }
    /// The local parameter behind the value, if any.
    pub fn param(&self) -> Option<ParamIdx> {
        match self.src {
            Src::Param(i, _) => Some(i),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ParamInfo {
    pub def: model::ParamDef,
    pub unit: Unit,
    pub need: Need,
    /// For a `choice`: what each of `def.choices` means, in the same order.
    pub choices: Vec<ChoiceVal>,
    /// For a `choice`: the index of the choice used when the parameter is absent.
    pub fallback: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Tier {
    pub id: String,
    pub name: String,
    pub description: String,
    pub benefit: usize,
    pub benefit_cite: Option<CiteIdx>,
    pub individual: CVal,
    pub subsidy: CVal,
}

#[derive(Debug, Clone)]
pub struct Enrolment {
    pub contribution_tier: usize,
    pub full_aid: bool,
    pub benefit: usize,
    pub benefit_by_tier: Vec<(usize, usize)>,
    pub cite: CiteIdx,
}

#[derive(Debug, Clone)]
pub enum Aid {
    Full(CiteIdx),
    Param(ParamIdx, CiteIdx),
}

#[derive(Debug, Clone)]
pub struct GroupRule {
    pub group: Group,
    pub definition: String,
    pub cite: CiteIdx,
    pub enrolment: Option<Enrolment>,
    pub aid: Option<Aid>,
    pub caveat: Option<String>,
}

/// A value per hospital level; `per_level` is false when the document gives one value for all.
#[derive(Debug, Clone)]
pub struct Levels {
    pub per_level: bool,
    pub v: [CVal; 3],
}

#[derive(Debug, Clone)]
pub struct BasicRule {
    pub care: Care,
    pub cite: CiteIdx,
    pub deductible: Levels,
    pub mode: CVal,
    /// Indexed by benefit tier.
    pub ratio: Vec<Levels>,
    pub cap: CVal,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Band {
    pub upto: Option<CVal>,
    pub ratio: CVal,
}

#[derive(Debug, Clone)]
pub struct Schedule {
    /// The whole schedule as one local parameter (unit `schedule`); when given it replaces the
    /// values below.
    pub whole: Option<CVal>,
    pub deductible: CVal,
    pub bands: Vec<Band>,
    pub cap: CVal,
}

/// An assumption the documents do not make, with the sentences it rests on.
#[derive(Debug, Clone)]
pub struct Assumption {
    pub text: String,
    pub cites: Vec<CiteIdx>,
}

#[derive(Debug, Clone)]
pub enum TiltKind {
    Table(Schedule),
    Derive {
        deductible_factor: CVal,
        ratio_add: CVal,
        no_cap_cite: CiteIdx,
    },
}

#[derive(Debug, Clone)]
pub struct Tilt {
    pub groups: Groups,
    pub cite: CiteIdx,
    pub kind: TiltKind,
    pub assumption: Option<Assumption>,
}

#[derive(Debug, Clone)]
pub struct Critical {
    /// Which care types count: `Src::Scope` where a document fixes it, else a choice parameter.
    pub scope: CVal,
    pub basis: Vec<CiteIdx>,
    pub schedule: Schedule,
    pub tilts: Vec<Tilt>,
    pub notes: Vec<String>,
    pub assumptions: Vec<Assumption>,
}

#[derive(Debug, Clone)]
pub struct Assistance {
    pub cite: CiteIdx,
    pub groups: Vec<(Group, CVal)>,
    pub deductible: CVal,
    pub annual_limit: CVal,
    pub notes: Vec<String>,
}

/// What a policy says about itself, for lists and explanations.
#[derive(Debug, Clone)]
pub struct Meta {
    pub id: String,
    pub name: String,
    pub region: String,
    pub year: u16,
    /// Document ids, the main one first.
    pub documents: Vec<String>,
    pub summary: String,
    pub notes: Vec<String>,
}

/// A compiled policy: one region's rules for one year.
#[derive(Debug, Clone)]
pub struct Policy {
    pub meta: Meta,
    pub citations: Vec<(String, Citation)>,
    pub benefits: Vec<model::BenefitDef>,
    pub tiers: Vec<Tier>,
    pub groups: Vec<GroupRule>,
    pub params: Vec<ParamInfo>,
    /// Indexed by [`Care`].
    pub basic: [BasicRule; 3],
    pub critical: Critical,
    pub assistance: Assistance,
}

impl Policy {
    pub fn param_index(&self, id: &str) -> Option<ParamIdx> {
        self.params.iter().position(|p| p.def.id == id)
    }
    pub fn tier_index(&self, id: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.id == id)
    }
    pub fn group_rule(&self, g: Group) -> Option<&GroupRule> {
        self.groups.iter().find(|r| r.group == g)
    }
    pub fn citation(&self, i: CiteIdx) -> &Citation {
        &self.citations[i].1
    }
}

/// All built-in policies and the document register.
#[derive(Debug)]
pub struct Registry {
    pub documents: Vec<Document>,
    pub policies: Vec<Policy>,
}

impl Registry {
    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.meta.id == id)
    }
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }
}

/// Checks a policy file against the document register and compiles it.
pub fn compile(file: PolicyFile, documents: &[Document]) -> Result<Policy, String> {
    let citations: Vec<(String, Citation)> = file
        .citations
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, c) in &citations {
        if !documents.iter().any(|d| d.id == c.doc) {
            return Err(format!("citation {k} names unknown document {}", c.doc));
        }
        if c.quote.trim().is_empty() || c.clause.trim().is_empty() {
            return Err(format!("citation {k} lacks a clause or a quote"));
        }
    }
    for d in &file.documents {
        if !documents.iter().any(|x| &x.id == d) {
            return Err(format!("unknown document {d}"));
        }
    }
    let mut params = Vec::new();
    for p in &file.params {
        let unit = match p.unit.as_str() {
            "yuan" => Unit::Yuan,
            "ratio" => Unit::Ratio,
            "choice" => Unit::Choice,
            "schedule" => Unit::Schedule,
            u => return Err(format!("param {}: unknown unit {u}", p.id)),
        };
        let need = match p.need.as_str() {
            "always" => Need::Always,
            "when_used" => Need::WhenUsed,
            "layer" => Need::Layer,
            "optional" => Need::Optional,
            n => return Err(format!("param {}: unknown need {n}", p.id)),
        };
        let choices: Vec<ChoiceVal> = p
            .choices
            .iter()
            .map(|c| {
                ChoiceVal::parse(&c.value).ok_or(format!(
                    "param {}: choice {} is neither a deductible mode nor a set of care types",
                    p.id, c.value
                ))
            })
            .collect::<Result<_, _>>()?;
        if (unit == Unit::Choice) == choices.is_empty() {
            return Err(format!("param {}: choices go with unit choice", p.id));
        }
        if choices
            .windows(2)
            .any(|w| std::mem::discriminant(&w[0]) != std::mem::discriminant(&w[1]))
        {
            return Err(format!("param {}: choices of one kind only", p.id));
        }
        let fallback = match &p.fallback {
            None => None,
            Some(f) => Some(
                p.choices
                    .iter()
                    .position(|c| &c.value == f)
                    .ok_or(format!("param {}: fallback {f} is not a choice", p.id))?,
            ),
        };
        if fallback.is_some() && p.need != "optional" {
            return Err(format!(
                "param {}: only an optional choice has a fallback",
                p.id
            ));
        }
        if p.accepts_none && unit != Unit::Yuan {
            return Err(format!("param {}: only an amount accepts \"none\"", p.id));
        }
        if params.iter().any(|q: &ParamInfo| q.def.id == p.id) {
            return Err(format!("param {} declared twice", p.id));
        }
        if p.id.is_empty()
            || !p
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(format!("param id {:?} must be lower-case ASCII", p.id));
        }
        params.push(ParamInfo {
            def: p.clone(),
            unit,
            need,
            choices,
            fallback,
        });
    }
    for p in &params {
        if let Some(whole) = &p.def.part_of {
            if !params
                .iter()
                .any(|q| &q.def.id == whole && q.unit == Unit::Schedule)
            {
                return Err(format!(
                    "param {}: part_of {whole} is not a schedule parameter",
                    p.def.id
                ));
            }
        }
    }
    let cx = Cx {
        citations: &citations,
        params: &params,
    };

    let benefits = file.benefits.clone();
    if benefits.is_empty() {
        return Err("no benefit tiers".into());
    }
    let benefit_idx = |id: &str| -> Result<usize, String> {
        benefits
            .iter()
            .position(|b| b.id == id)
            .ok_or(format!("unknown benefit tier {id}"))
    };
    let mut tiers = Vec::new();
    for t in &file.tiers {
        tiers.push(Tier {
            id: t.id.clone(),
            name: t.name.clone(),
            description: t.description.clone(),
            benefit: benefit_idx(&t.benefit)?,
            benefit_cite: t.benefit_cite.as_deref().map(|k| cx.cite(k)).transpose()?,
            individual: cx.amount(&t.individual)?,
            subsidy: cx.amount(&t.subsidy)?,
        });
    }
    if tiers.is_empty() {
        return Err("no tiers".into());
    }
    let tier_idx = |id: &str| -> Result<usize, String> {
        file.tiers
            .iter()
            .position(|t| t.id == id)
            .ok_or(format!("unknown tier {id}"))
    };
    let mut groups = Vec::new();
    for g in &file.groups {
        let group = Group::parse(&g.id).ok_or(format!("unknown group {}", g.id))?;
        let enrolment = match &g.enrolment {
            None => None,
            Some(e) => Some(Enrolment {
                contribution_tier: tier_idx(&e.contribution_tier)?,
                full_aid: e.full_aid,
                benefit: benefit_idx(&e.benefit)?,
                benefit_by_tier: e
                    .benefit_by_tier
                    .iter()
                    .map(|(t, b)| Ok((tier_idx(t)?, benefit_idx(b)?)))
                    .collect::<Result<_, String>>()?,
                cite: cx.cite(&e.cite)?,
            }),
        };
        let aid = match &g.contribution_aid {
            None => None,
            Some(a) => match (a.full, &a.param) {
                (true, None) => Some(Aid::Full(cx.cite(&a.cite)?)),
                (false, Some(p)) => {
                    let i = cx.param(p, Unit::Yuan)?;
                    Some(Aid::Param(i, cx.cite(&a.cite)?))
                }
                _ => return Err(format!("group {}: aid is either full or a param", g.id)),
            },
        };
        if groups.iter().any(|r: &GroupRule| r.group == group) {
            return Err(format!("group {} listed twice", g.id));
        }
        groups.push(GroupRule {
            group,
            definition: g.definition.clone(),
            cite: cx.cite(&g.cite)?,
            enrolment,
            aid,
            caveat: g.caveat.clone(),
        });
    }
    let mentioned = Groups::of(groups.iter().map(|g| g.group));
    let group_set = |ids: &[String]| -> Result<Groups, String> {
        let mut s = Groups::default();
        for id in ids {
            let g = Group::parse(id).ok_or(format!("unknown group {id}"))?;
            if !mentioned.contains(g) {
                return Err(format!("group {id} is used but not listed in [[groups]]"));
            }
            s.insert(g);
        }
        Ok(s)
    };

    let mut basic: Vec<Option<BasicRule>> = vec![None, None, None];
    for r in &file.basic {
        let care = Care::parse(&r.care).ok_or(format!("unknown care {}", r.care))?;
        if basic[care as usize].is_some() {
            return Err(format!("two basic rules for {}", r.care));
        }
        let mut ratio = Vec::new();
        for b in &benefits {
            let levels = r.ratio.get(&b.id).ok_or(format!(
                "basic {}: no ratio for benefit tier {}",
                r.care, b.id
            ))?;
            ratio.push(cx.levels(levels, Unit::Ratio)?);
        }
        if let Some(k) = r.ratio.keys().find(|k| benefit_idx(k).is_err()) {
            return Err(format!("basic {}: unknown benefit tier {k}", r.care));
        }
        basic[care as usize] = Some(BasicRule {
            care,
            cite: cx.cite(&r.cite)?,
            deductible: cx.levels(&r.deductible, Unit::Yuan)?,
            mode: cx.mode(&r.deductible_mode)?,
            ratio,
            cap: cx.cap(&r.cap)?,
            notes: r.notes.clone(),
        });
    }
    let [b0, b1, b2] = <[Option<BasicRule>; 3]>::try_from(basic).expect("three slots");
    let basic = [
        b0.ok_or("no basic rule for inpatient")?,
        b1.ok_or("no basic rule for outpatient")?,
        b2.ok_or("no basic rule for special_outpatient")?,
    ];

    let c = &file.critical;
    let scope = cx.scope(&c.scope)?;
    let mut tilts = Vec::new();
    for t in &c.tilts {
        let kind = match (&t.schedule, &t.derive) {
            (Some(s), None) => TiltKind::Table(cx.schedule(s)?),
            (None, Some(d)) => TiltKind::Derive {
                deductible_factor: cx.ratio_lit(&d.deductible_factor)?,
                ratio_add: cx.ratio_lit(&d.ratio_add)?,
                no_cap_cite: cx.cite(&d.no_cap_cite)?,
            },
            _ => return Err("a tilt has either a schedule or a derivation".into()),
        };
        let tg = group_set(&t.groups)?;
        if tilts.iter().any(|x: &Tilt| x.groups.intersects(tg)) {
            return Err("a group is in two critical-illness tilts".into());
        }
        tilts.push(Tilt {
            groups: tg,
            cite: cx.cite(&t.cite)?,
            kind,
            assumption: t
                .assumption
                .as_ref()
                .map(|a| cx.assumption(a))
                .transpose()?,
        });
    }
    let critical = Critical {
        scope,
        basis: c
            .basis
            .iter()
            .map(|k| cx.cite(k))
            .collect::<Result<_, _>>()?,
        schedule: cx.schedule(&c.schedule)?,
        tilts,
        notes: c.notes.clone(),
        assumptions: c
            .assumptions
            .iter()
            .map(|a| cx.assumption(a))
            .collect::<Result<_, _>>()?,
    };

    let a = &file.assistance;
    let mut agroups = Vec::new();
    for g in &a.groups {
        let grp = Group::parse(&g.group).ok_or(format!("unknown group {}", g.group))?;
        group_set(std::slice::from_ref(&g.group))?;
        agroups.push((grp, cx.ratio(&g.ratio)?));
    }
    let assistance = Assistance {
        cite: cx.cite(&a.cite)?,
        groups: agroups,
        deductible: cx.amount(&a.deductible)?,
        annual_limit: cx.cap(&a.annual_limit)?,
        notes: a.notes.clone(),
    };

    // Every declared parameter is used somewhere.
    let mut used = Vec::new();
    for b in &basic {
        for v in b
            .deductible
            .v
            .iter()
            .chain(b.ratio.iter().flat_map(|l| l.v.iter()))
        {
            used.push(*v);
        }
        used.extend([b.mode, b.cap]);
    }
    used.push(critical.scope);
    let mut sched = |s: &Schedule| {
        used.extend(s.whole);
        used.extend([s.deductible, s.cap]);
        for b in &s.bands {
            used.extend(b.upto);
            used.push(b.ratio);
        }
    };
    sched(&critical.schedule);
    for t in &critical.tilts {
        if let TiltKind::Table(s) = &t.kind {
            sched(s);
        }
    }
    used.extend(assistance.groups.iter().map(|(_, v)| *v));
    used.extend([assistance.deductible, assistance.annual_limit]);
    used.extend(tiers.iter().flat_map(|t| [t.individual, t.subsidy]));
    let aid_params: Vec<ParamIdx> = groups
        .iter()
        .filter_map(|g| match g.aid {
            Some(Aid::Param(i, _)) => Some(i),
            _ => None,
        })
        .collect();
    for (i, p) in params.iter().enumerate() {
        let in_rule = used
            .iter()
            .any(|v| matches!(v.src, Src::Param(j, _) if j == i));
        if !in_rule && !aid_params.contains(&i) {
            return Err(format!("param {} is declared but not used", p.def.id));
        }
    }

    Ok(Policy {
        meta: Meta {
            id: file.id.clone(),
            name: file.name.clone(),
            region: file.region.clone(),
            year: file.year,
            documents: file.documents.clone(),
            summary: file.summary.clone(),
            notes: file.notes.clone(),
        },
        citations,
        benefits,
        tiers,
        groups,
        params,
        basic,
        critical,
        assistance,
    })
}

/// Compilation context: resolves citation keys and parameter ids.
struct Cx<'a> {
    citations: &'a [(String, Citation)],
    params: &'a [ParamInfo],
}

impl Cx<'_> {
    fn cite(&self, key: &str) -> Result<CiteIdx, String> {
        self.citations
            .iter()
            .position(|(k, _)| k == key)
            .ok_or(format!("unknown citation {key}"))
    }

    /// The main citation and, where a value rests on two sentences, the second.
    fn cites(&self, keys: &model::CiteKeys) -> Result<(CiteIdx, Option<CiteIdx>), String> {
        match keys.keys().as_slice() {
            [a] => Ok((self.cite(a)?, None)),
            [a, b] => Ok((self.cite(a)?, Some(self.cite(b)?))),
            _ => Err("a value cites one or two sentences".into()),
        }
    }

    fn assumption(&self, a: &model::Assumption) -> Result<Assumption, String> {
        if a.cite.is_empty() {
            return Err("an assumption cites the sentences it rests on".into());
        }
        Ok(Assumption {
            text: a.text.clone(),
            cites: a
                .cite
                .iter()
                .map(|k| self.cite(k))
                .collect::<Result<_, _>>()?,
        })
    }

    /// The critical-illness scope: a literal set of care types, or a choice parameter whose
    /// choices are sets of care types and which has a fallback.
    fn scope(&self, v: &model::Val) -> Result<CVal, String> {
        let (cite, also) = self.cites(&v.cite)?;
        let src = match (&v.value, &v.param) {
            (Some(s), None) => Src::Scope(CareSet::parse(s).ok_or(format!("unknown scope {s}"))?),
            (None, Some(p)) => {
                let i = self.param(p, Unit::Choice)?;
                let info = &self.params[i];
                if !info
                    .choices
                    .iter()
                    .all(|c| matches!(c, ChoiceVal::Scope(_)))
                {
                    return Err(format!(
                        "param {p}: the scope's choices are sets of care types"
                    ));
                }
                if info.fallback.is_none() {
                    return Err(format!("param {p}: the scope needs a fallback"));
                }
                Src::Param(i, None)
            }
            _ => return Err("the scope is a value or a param".into()),
        };
        Ok(CVal {
            src,
            cite,
            also,
            minimum: false,
        })
    }

    fn param(&self, id: &str, unit: Unit) -> Result<ParamIdx, String> {
        let i = self
            .params
            .iter()
            .position(|p| p.def.id == id)
            .ok_or(format!("unknown param {id}"))?;
        if self.params[i].unit != unit {
            return Err(format!("param {id} has the wrong unit here"));
        }
        Ok(i)
    }

    fn val(&self, v: &model::Val, unit: Unit, allow_none: bool) -> Result<CVal, String> {
        let (cite, also) = self.cites(&v.cite)?;
        if v.minimum && (unit != Unit::Yuan || v.value.is_none()) {
            return Err("only a literal amount can be a minimum".into());
        }
        let src = match (&v.value, &v.param) {
            (Some(s), None) => {
                if v.factor.is_some() {
                    return Err("a factor goes with a param".into());
                }
                match unit {
                    _ if allow_none && s == "none" => Src::NoCap,
                    Unit::Yuan => {
                        Src::Lit(money::parse_amount(s).map_err(|e| format!("{s}: {e:?}"))?)
                    }
                    Unit::Ratio => {
                        Src::Lit(money::parse_ratio(s).map_err(|e| format!("{s}: {e:?}"))?)
                    }
                    Unit::Choice => Src::Mode(Mode::parse(s).ok_or(format!("unknown mode {s}"))?),
                    Unit::Schedule => return Err("a schedule is never a literal value".into()),
                }
            }
            (None, Some(p)) => {
                let factor = match &v.factor {
                    None => None,
                    Some(f) => {
                        Some(money::parse_ratio(f).map_err(|e| format!("factor {f}: {e:?}"))?)
                    }
                };
                let i = self.param(p, unit)?;
                if unit == Unit::Choice
                    && !self.params[i]
                        .choices
                        .iter()
                        .all(|c| matches!(c, ChoiceVal::Mode(_)))
                {
                    return Err(format!("param {p}: a deductible mode's choices are modes"));
                }
                if self.params[i].def.accepts_none && !allow_none {
                    return Err(format!("param {p}: only a cap accepts \"none\""));
                }
                Src::Param(i, factor)
            }
            _ => {
                return Err(format!(
                    "a value needs exactly one of value and param (cite {:?})",
                    v.cite
                ))
            }
        };
        Ok(CVal {
            src,
            cite,
            also,
            minimum: v.minimum,
        })
    }

    fn amount(&self, v: &model::Val) -> Result<CVal, String> {
        self.val(v, Unit::Yuan, false)
    }
    fn cap(&self, v: &model::Val) -> Result<CVal, String> {
        self.val(v, Unit::Yuan, true)
    }
    fn ratio(&self, v: &model::Val) -> Result<CVal, String> {
        self.val(v, Unit::Ratio, false)
    }
    fn mode(&self, v: &model::Val) -> Result<CVal, String> {
        self.val(v, Unit::Choice, false)
    }
    fn ratio_lit(&self, v: &model::Val) -> Result<CVal, String> {
        let c = self.ratio(v)?;
        match c.src {
            Src::Lit(_) => Ok(c),
            _ => Err("a tilt's factor and addition come from the document".into()),
        }
    }

    fn levels(&self, l: &model::ByLevel, unit: Unit) -> Result<Levels, String> {
        match (&l.all, &l.l1, &l.l2, &l.l3) {
            (Some(a), None, None, None) => {
                let v = self.val(a, unit, false)?;
                Ok(Levels {
                    per_level: false,
                    v: [v, v, v],
                })
            }
            (None, Some(a), Some(b), Some(c)) => Ok(Levels {
                per_level: true,
                v: [
                    self.val(a, unit, false)?,
                    self.val(b, unit, false)?,
                    self.val(c, unit, false)?,
                ],
            }),
            _ => Err("by-level values need either `all` or all of l1, l2, l3".into()),
        }
    }

    fn schedule(&self, s: &model::Schedule) -> Result<Schedule, String> {
        if s.bands.is_empty() {
            return Err("a schedule needs at least one band".into());
        }
        let mut bands = Vec::new();
        let mut last: Option<Decimal> = None;
        for (i, b) in s.bands.iter().enumerate() {
            let upto = match &b.upto {
                None if i + 1 == s.bands.len() => None,
                None => return Err("only the last band may be open-ended".into()),
                Some(u) => {
                    let v = self.amount(u)?;
                    if let Src::Lit(x) = v.src {
                        if last.is_some_and(|l| x <= l) {
                            return Err("band limits must increase".into());
                        }
                        last = Some(x);
                    }
                    Some(v)
                }
            };
            bands.push(Band {
                upto,
                ratio: self.ratio(&b.ratio)?,
            });
        }
        let whole = match &s.whole {
            None => None,
            Some(w) => {
                let v = self.val(w, Unit::Schedule, false)?;
                let Some(i) = v.param() else {
                    return Err("a whole schedule is a param".into());
                };
                let id = &self.params[i].def.id;
                // The separate values are the one-band form of the same parameter.
                let parts_ok = s
                    .bands
                    .iter()
                    .map(|b| b.ratio.param.as_ref())
                    .chain([s.deductible.param.as_ref(), s.cap.param.as_ref()])
                    .flatten()
                    .all(|p| {
                        self.params
                            .iter()
                            .any(|q| &q.def.id == p && q.def.part_of.as_ref() == Some(id))
                    });
                if !parts_ok {
                    return Err(format!(
                        "the parts of schedule {id} must say part_of = {id}"
                    ));
                }
                Some(v)
            }
        };
        Ok(Schedule {
            whole,
            deductible: self.amount(&s.deductible)?,
            bands,
            cap: self.cap(&s.cap)?,
        })
    }
}
