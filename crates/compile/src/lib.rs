//! # yibao-compile: policy files into rules
//!
//! A policy file is data ([`model`]): a person edits it, and it may be wrong. [`compile`] checks
//! everything such a person could get wrong — a citation that does not exist, a parameter of the
//! wrong unit, a ratio above 1, band limits that do not rise, a parameter declared and never used
//! — and turns every number into a [`yibao_rules::Value`]: a literal with its citation, or a
//! reference to a local parameter. Nothing here knows any region by name.
//!
//! Three users, none of which carries another's code:
//!
//! * the engine's build script, which compiles `data/policies/*.toml` and, with the `bake` feature,
//!   writes the result out as static Rust (`bake`);
//! * the tests, which compile the same files and check that the baked data equals them;
//! * the separate WebAssembly build that compiles a policy file an agency loads at run time.

#![warn(missing_docs)]

pub mod catalogue;
pub mod model;

use model::{DocumentsFile, PolicyFile};
use std::borrow::Cow;
use yibao_rules::{
    money, Aid, Assistance, Assumption, Band, BasicRule, Benefit, ByLevel, Care, CareSet, Choice,
    ChoiceMeaning, Citation, CiteIdx, Critical, Document, Enrolment, Group, GroupRule, Groups,
    Layer, Meta, Mode, Need, Param, ParamIdx, Policy, Registry, Schedule, Source, Tier, Tilt,
    TiltKind, Unit, Value,
};

/// Reads the document register (`data/documents.toml`).
pub fn documents(toml_text: &str) -> Result<Vec<Document>, String> {
    let file: DocumentsFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
    Ok(file
        .documents
        .into_iter()
        .map(|d| Document {
            id: d.id.into(),
            title: d.title.into(),
            number: d.number.into(),
            date: d.date.into(),
            file: d.file.into(),
            status: d.status.into(),
        })
        .collect())
}

/// Reads and compiles one policy file's text.
pub fn compile_text(toml_text: &str, documents: &[Document]) -> Result<Policy, String> {
    let file: PolicyFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
    compile(file, documents)
}

/// Compiles the document register and policy files into a registry, policies in the given order.
pub fn registry<'a>(
    documents_toml: &str,
    policies: impl IntoIterator<Item = (&'a str, String)>,
) -> Result<Registry, String> {
    let documents = documents(documents_toml).map_err(|e| format!("documents.toml: {e}"))?;
    let mut compiled = Vec::new();
    for (name, text) in policies {
        compiled.push(compile_text(&text, &documents).map_err(|e| format!("{name}: {e}"))?);
    }
    Ok(Registry {
        documents: documents.into(),
        policies: compiled.into(),
    })
}

/// Writes a registry out as the Rust expression that rebuilds it, every string and list
/// borrowed from static data: `static REGISTRY: yibao_rules::Registry = <this>;`.
#[cfg(feature = "bake")]
pub fn bake(registry: &Registry) -> String {
    use databake::Bake;
    let env = databake::CrateEnv::default();
    registry.bake(&env).to_string()
}

fn owned(s: &str) -> Cow<'static, str> {
    Cow::Owned(s.to_string())
}

/// Checks a policy file against the document register and compiles it.
pub fn compile(file: PolicyFile, documents: &[Document]) -> Result<Policy, String> {
    let citations: Vec<Citation> = file
        .citations
        .iter()
        .map(|(k, v)| Citation {
            key: owned(k),
            doc: owned(&v.doc),
            clause: owned(&v.clause),
            quote: owned(&v.quote),
        })
        .collect();
    for c in &citations {
        if !documents.iter().any(|d| d.id == c.doc) {
            return Err(format!(
                "citation {} names unknown document {}",
                c.key, c.doc
            ));
        }
        if c.quote.trim().is_empty() || c.clause.trim().is_empty() {
            return Err(format!("citation {} lacks a clause or a quote", c.key));
        }
    }
    for d in &file.documents {
        if !documents.iter().any(|x| x.id == *d) {
            return Err(format!("unknown document {d}"));
        }
    }
    let mut params: Vec<Param> = Vec::new();
    for p in &file.params {
        params.push(param(p, &params)?);
    }
    // `part_of` names a schedule parameter, which may be declared after its parts.
    for (i, p) in file.params.iter().enumerate() {
        if let Some(whole) = &p.part_of {
            let j = params
                .iter()
                .position(|q| q.id == *whole && q.unit == Unit::Schedule)
                .ok_or(format!(
                    "param {}: part_of {whole} is not a schedule parameter",
                    p.id
                ))?;
            params[i].part_of = Some(j);
        }
    }
    let cx = Compiler {
        citations: &citations,
        params: &params,
    };

    let benefits: Vec<Benefit> = file
        .benefits
        .iter()
        .map(|b| Benefit {
            id: owned(&b.id),
            name: owned(&b.name),
        })
        .collect();
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
            id: owned(&t.id),
            name: owned(&t.name),
            description: owned(&t.description),
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
    let mut groups: Vec<GroupRule> = Vec::new();
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
                    .collect::<Result<Vec<_>, String>>()?
                    .into(),
                cite: cx.cite(&e.cite)?,
            }),
        };
        let aid = match &g.contribution_aid {
            None => None,
            Some(a) => match (a.full, &a.param) {
                (true, None) => Some(Aid::Full(cx.cite(&a.cite)?)),
                (false, Some(p)) => Some(Aid::Param(cx.param(p, Unit::Yuan)?, cx.cite(&a.cite)?)),
                _ => return Err(format!("group {}: aid is either full or a param", g.id)),
            },
        };
        if groups.iter().any(|r| r.group == group) {
            return Err(format!("group {} listed twice", g.id));
        }
        groups.push(GroupRule {
            group,
            definition: owned(&g.definition),
            cite: cx.cite(&g.cite)?,
            enrolment,
            aid,
            caveat: g.caveat.as_deref().map(owned),
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

    let mut basic: [Option<BasicRule>; 3] = [None, None, None];
    for r in &file.basic {
        let care = Care::parse(&r.care).ok_or(format!("unknown care {}", r.care))?;
        if basic[care as usize].is_some() {
            return Err(format!("two basic rules for {}", r.care));
        }
        let mut ratio = Vec::new();
        for b in &benefits {
            let levels = r.ratio.get(b.id.as_ref()).ok_or(format!(
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
            ratio: ratio.into(),
            cap: cx.cap(&r.cap)?,
            notes: strings(&r.notes),
        });
    }
    let [b0, b1, b2] = basic;
    let basic = [
        b0.ok_or("no basic rule for inpatient")?,
        b1.ok_or("no basic rule for outpatient")?,
        b2.ok_or("no basic rule for special_outpatient")?,
    ];

    let c = &file.critical;
    let mut tilts: Vec<Tilt> = Vec::new();
    for t in &c.tilts {
        let kind = match (&t.schedule, &t.derive) {
            (Some(s), None) => {
                if s.whole.is_some() {
                    return Err("a tilt's table is literal: it has no whole-schedule param".into());
                }
                TiltKind::Table(cx.schedule(s)?)
            }
            (None, Some(d)) => TiltKind::Derive {
                deductible_factor: cx.ratio_literal(&d.deductible_factor)?,
                ratio_add: cx.ratio_literal(&d.ratio_add)?,
                no_cap_cite: cx.cite(&d.no_cap_cite)?,
            },
            _ => return Err("a tilt has either a schedule or a derivation".into()),
        };
        let tg = group_set(&t.groups)?;
        if tilts.iter().any(|x| x.groups.intersects(tg)) {
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
    let schedule_param = match &c.schedule.whole {
        None => None,
        Some(w) => Some(cx.whole_schedule(w, &c.schedule)?),
    };
    let critical = Critical {
        scope: cx.scope(&c.scope)?,
        basis: c
            .basis
            .iter()
            .map(|k| cx.cite(k))
            .collect::<Result<Vec<_>, _>>()?
            .into(),
        schedule: cx.schedule(&c.schedule)?,
        schedule_param,
        tilts: tilts.into(),
        notes: strings(&c.notes),
        assumptions: c
            .assumptions
            .iter()
            .map(|a| cx.assumption(a))
            .collect::<Result<Vec<_>, _>>()?
            .into(),
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
        groups: agroups.into(),
        deductible: cx.amount(&a.deductible)?,
        annual_limit: cx.cap(&a.annual_limit)?,
        notes: strings(&a.notes),
    };

    // Every declared parameter is used somewhere.
    let mut used: Vec<Value> = Vec::new();
    for b in &basic {
        used.extend(b.deductible.values);
        used.extend(b.ratio.iter().flat_map(|l| l.values));
        used.extend([b.mode, b.cap]);
    }
    used.push(critical.scope);
    used.extend(critical.schedule_param);
    let mut sched = |s: &Schedule<Value>| {
        used.push(s.deductible);
        used.extend(s.cap);
        for b in s.bands.iter() {
            used.extend(b.upto);
            used.push(b.ratio);
        }
    };
    sched(&critical.schedule);
    for t in critical.tilts.iter() {
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
        if !used.iter().any(|v| v.param() == Some(i)) && !aid_params.contains(&i) {
            return Err(format!("param {} is declared but not used", p.id));
        }
    }

    Ok(Policy {
        meta: Meta {
            id: owned(&file.id),
            name: owned(&file.name),
            region: owned(&file.region),
            year: file.year,
            documents: file
                .documents
                .iter()
                .map(|d| owned(d))
                .collect::<Vec<_>>()
                .into(),
            summary: owned(&file.summary),
            notes: strings(&file.notes),
        },
        citations: citations.into(),
        benefits: benefits.into(),
        tiers: tiers.into(),
        groups: groups.into(),
        params: params.into(),
        basic,
        critical,
        assistance,
    })
}

fn strings(v: &[String]) -> Cow<'static, [Cow<'static, str>]> {
    v.iter().map(|s| owned(s)).collect::<Vec<_>>().into()
}

/// One `[[params]]` entry, checked on its own (its `part_of` is resolved by the caller).
fn param(p: &model::ParamDef, earlier: &[Param]) -> Result<Param, String> {
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
    let layer =
        Layer::parse(&p.layer).ok_or(format!("param {}: unknown layer {}", p.id, p.layer))?;
    let care = match &p.care {
        None => None,
        Some(c) => Some(Care::parse(c).ok_or(format!("param {}: unknown care {c}", p.id))?),
    };
    if p.level.is_some_and(|l| !(1..=3).contains(&l)) {
        return Err(format!("param {}: level is 1, 2 or 3", p.id));
    }
    let choices: Vec<Choice> = p
        .choices
        .iter()
        .map(|c| {
            let meaning = ChoiceMeaning::parse(&c.value).ok_or(format!(
                "param {}: choice {} is neither a deductible mode nor a set of care types",
                p.id, c.value
            ))?;
            Ok(Choice {
                value: owned(&c.value),
                label: owned(&c.label),
                meaning,
            })
        })
        .collect::<Result<_, String>>()?;
    if (unit == Unit::Choice) == choices.is_empty() {
        return Err(format!("param {}: choices go with unit choice", p.id));
    }
    if choices
        .windows(2)
        .any(|w| std::mem::discriminant(&w[0].meaning) != std::mem::discriminant(&w[1].meaning))
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
    if fallback.is_some() && need != Need::Optional {
        return Err(format!(
            "param {}: only an optional choice has a fallback",
            p.id
        ));
    }
    if p.accepts_none && unit != Unit::Yuan {
        return Err(format!("param {}: only an amount accepts \"none\"", p.id));
    }
    if earlier.iter().any(|q| q.id == p.id) {
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
    Ok(Param {
        id: owned(&p.id),
        label: owned(&p.label),
        meaning: owned(&p.meaning),
        unit,
        need,
        layer,
        care,
        level: p.level,
        choices: choices.into(),
        when_absent: p.when_absent.as_deref().map(owned),
        fallback,
        accepts_none: p.accepts_none,
        part_of: None,
    })
}

/// Resolves citation keys and parameter ids while compiling one file.
struct Compiler<'a> {
    citations: &'a [Citation],
    params: &'a [Param],
}

impl Compiler<'_> {
    fn cite(&self, key: &str) -> Result<CiteIdx, String> {
        self.citations
            .iter()
            .position(|c| c.key == key)
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
            text: owned(&a.text),
            cites: a
                .cite
                .iter()
                .map(|k| self.cite(k))
                .collect::<Result<Vec<_>, _>>()?
                .into(),
        })
    }

    fn param(&self, id: &str, unit: Unit) -> Result<ParamIdx, String> {
        let i = self
            .params
            .iter()
            .position(|p| p.id == id)
            .ok_or(format!("unknown param {id}"))?;
        if self.params[i].unit != unit {
            return Err(format!("param {id} has the wrong unit here"));
        }
        Ok(i)
    }

    /// The critical-illness scope: a literal set of care types, or a choice parameter whose
    /// choices are sets of care types and which has a fallback.
    fn scope(&self, v: &model::Val) -> Result<Value, String> {
        let (cite, also) = self.cites(&v.cite)?;
        let source = match (&v.value, &v.param) {
            (Some(s), None) => {
                Source::Scope(CareSet::parse(s).ok_or(format!("unknown scope {s}"))?)
            }
            (None, Some(p)) => {
                let i = self.param(p, Unit::Choice)?;
                let info = &self.params[i];
                if !info
                    .choices
                    .iter()
                    .all(|c| matches!(c.meaning, ChoiceMeaning::Scope(_)))
                {
                    return Err(format!(
                        "param {p}: the scope's choices are sets of care types"
                    ));
                }
                if info.fallback.is_none() {
                    return Err(format!("param {p}: the scope needs a fallback"));
                }
                Source::Param(i, None)
            }
            _ => return Err("the scope is a value or a param".into()),
        };
        Ok(Value {
            source,
            cite,
            also,
            minimum: false,
        })
    }

    fn val(&self, v: &model::Val, unit: Unit, allow_none: bool) -> Result<Value, String> {
        let (cite, also) = self.cites(&v.cite)?;
        if v.minimum && (unit != Unit::Yuan || v.value.is_none()) {
            return Err("only a literal amount can be a minimum".into());
        }
        let source = match (&v.value, &v.param) {
            (Some(s), None) => {
                if v.factor.is_some() {
                    return Err("a factor goes with a param".into());
                }
                match unit {
                    _ if allow_none && s == "none" => Source::NoCap,
                    Unit::Yuan => {
                        Source::Literal(money::parse_amount(s).map_err(|e| format!("{s}: {e:?}"))?)
                    }
                    Unit::Ratio => {
                        Source::Literal(money::parse_ratio(s).map_err(|e| format!("{s}: {e:?}"))?)
                    }
                    Unit::Choice => {
                        Source::Mode(Mode::parse(s).ok_or(format!("unknown mode {s}"))?)
                    }
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
                        .all(|c| matches!(c.meaning, ChoiceMeaning::Mode(_)))
                {
                    return Err(format!("param {p}: a deductible mode's choices are modes"));
                }
                if self.params[i].accepts_none && !allow_none {
                    return Err(format!("param {p}: only a cap accepts \"none\""));
                }
                Source::Param(i, factor)
            }
            _ => {
                return Err(format!(
                    "a value needs exactly one of value and param (cite {:?})",
                    v.cite
                ))
            }
        };
        Ok(Value {
            source,
            cite,
            also,
            minimum: v.minimum,
        })
    }

    fn amount(&self, v: &model::Val) -> Result<Value, String> {
        self.val(v, Unit::Yuan, false)
    }
    fn cap(&self, v: &model::Val) -> Result<Value, String> {
        self.val(v, Unit::Yuan, true)
    }
    fn ratio(&self, v: &model::Val) -> Result<Value, String> {
        self.val(v, Unit::Ratio, false)
    }
    fn mode(&self, v: &model::Val) -> Result<Value, String> {
        self.val(v, Unit::Choice, false)
    }
    fn ratio_literal(&self, v: &model::Val) -> Result<Value, String> {
        let c = self.ratio(v)?;
        match c.source {
            Source::Literal(_) => Ok(c),
            _ => Err("a tilt's factor and addition come from the document".into()),
        }
    }

    fn levels(&self, l: &model::ByLevel, unit: Unit) -> Result<ByLevel, String> {
        match (&l.all, &l.l1, &l.l2, &l.l3) {
            (Some(a), None, None, None) => {
                let v = self.val(a, unit, false)?;
                Ok(ByLevel {
                    per_level: false,
                    values: [v, v, v],
                })
            }
            (None, Some(a), Some(b), Some(c)) => Ok(ByLevel {
                per_level: true,
                values: [
                    self.val(a, unit, false)?,
                    self.val(b, unit, false)?,
                    self.val(c, unit, false)?,
                ],
            }),
            _ => Err("by-level values need either `all` or all of l1, l2, l3".into()),
        }
    }

    fn schedule(&self, s: &model::Schedule) -> Result<Schedule<Value>, String> {
        if s.bands.is_empty() {
            return Err("a schedule needs at least one band".into());
        }
        let mut bands = Vec::new();
        let mut last: Option<yibao_rules::Decimal> = None;
        for (i, b) in s.bands.iter().enumerate() {
            let upto = match &b.upto {
                None if i + 1 == s.bands.len() => None,
                None => return Err("only the last band may be open-ended".into()),
                Some(u) => {
                    let v = self.amount(u)?;
                    if let Source::Literal(x) = v.source {
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
        Ok(Schedule {
            deductible: self.amount(&s.deductible)?,
            bands: bands.into(),
            cap: Some(self.cap(&s.cap)?),
        })
    }

    /// The whole general schedule as one parameter of unit `schedule`; the file's separate
    /// values must then be its one-band parts.
    fn whole_schedule(&self, w: &model::Val, s: &model::Schedule) -> Result<Value, String> {
        let v = self.val(w, Unit::Schedule, false)?;
        let Some(i) = v.param() else {
            return Err("a whole schedule is a param".into());
        };
        let parts_ok = s
            .bands
            .iter()
            .map(|b| b.ratio.param.as_ref())
            .chain([s.deductible.param.as_ref(), s.cap.param.as_ref()])
            .flatten()
            .all(|p| {
                self.params
                    .iter()
                    .position(|q| q.id == *p)
                    .is_some_and(|j| self.params[j].part_of == Some(i))
            });
        if !parts_ok {
            return Err(format!(
                "the parts of schedule {} must say part_of = {}",
                self.params[i].id, self.params[i].id
            ));
        }
        Ok(v)
    }
}
