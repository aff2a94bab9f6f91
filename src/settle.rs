//! The settlement: basic insurance, then critical illness, then medical assistance, visit by visit
//! in time order, with the year's deductibles, segments and caps accumulating across visits.
//!
//! It runs in two stages. [`plan`] resolves the policy for one person: which benefit tier, which
//! critical-illness schedule (general or a group's tilt), which local parameters fill the gaps, and
//! the year's contribution. [`settle`] then walks the visits. The split keeps the loop free of
//! lookups and strings, which is what makes it fast (docs/PERFORMANCE.md), and keeps every number
//! the explanation needs in plain structs ([`VisitCalc`]).
//!
//! Rounding (DESIGN.md, "Rounding"): every payment is computed exactly, capped, and then rounded
//! to the 分 by [`crate::money::to_fen`], the only rounding in the engine. Running totals (cumulative
//! burden, the schedule's value at it, payments so far) stay exact. A later layer's base uses the
//! earlier layers' rounded payments, because that is what the person was actually left to pay; it
//! also keeps every visit's out-of-pocket non-negative. A critical-illness payment is what the
//! year's schedule owes at the new cumulative burden less what was already paid, so the year's
//! total does not depend on how costs are split into visits.

use crate::error::{Error, ErrorCode, MissingField};
use crate::money::to_fen;
use crate::policy::{
    CVal, Care, CareSet, ChoiceVal, Group, Mode, Need, ParamIdx, Policy, Schedule, Src, TiltKind,
};
use crate::scenario::{visit_label, CapParam, PVal, Scenario, Visit};
use rust_decimal::Decimal;

/// A value the settlement may need, or the local parameter that would supply it.
pub type Slot<T> = Result<T, ParamIdx>;

/// The basic-insurance rule for one care type, resolved for this person.
#[derive(Debug, Clone)]
pub struct BasicPlan {
    pub level_needed: bool,
    pub deductible: [Slot<Decimal>; 3],
    pub mode: Slot<Mode>,
    pub ratio: [Slot<Decimal>; 3],
    pub cap: Slot<Option<Decimal>>,
}

/// One band of a resolved schedule: `[lo, hi)` of the cumulative burden at `ratio`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SBand {
    pub lo: Decimal,
    pub hi: Option<Decimal>,
    pub ratio: Decimal,
}

/// A critical-illness schedule resolved to numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Sched {
    pub deductible: Decimal,
    pub bands: Vec<SBand>,
    pub cap: Option<Decimal>,
}

/// Where the resolved critical-illness deductible came from, so the explanation can show the
/// arithmetic ("居民人均可支配收入 35128 × 50% = 17564 × 50% = 8782").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeductibleOrigin {
    /// The local parameter the general deductible is derived from, its value and the factor the
    /// document applies to it.
    pub from_param: Option<(ParamIdx, Decimal, Decimal)>,
    /// The general schedule's deductible.
    pub general: Decimal,
    /// A tilt's factor on the general deductible ("降低一半").
    pub tilt_factor: Option<Decimal>,
}

impl Sched {
    /// The schedule's payment on a cumulative burden `b`, before the cap: the sum over bands of
    /// ratio × the part of `[0, b)` inside the band. Bands are on absolute amounts (DY2020 二(二)
    /// measures 10万, 20万 and 30万 from 0), so the year's payment is `F(b_end)` however the burden was split into visits.
    pub fn value(&self, b: Decimal) -> Decimal {
        let mut f = Decimal::ZERO;
        for band in &self.bands {
            if b <= band.lo {
                break;
            }
            let top = match band.hi {
                Some(h) if h < b => h,
                _ => b,
            };
            if top > band.lo {
                f += (top - band.lo) * band.ratio;
            }
        }
        f
    }
}

/// Why a layer is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Off {
    /// The person is in no group the layer serves.
    NotEligible,
    /// No document gives the layer's figures and no local parameter supplied them.
    NoParams,
}

// One plan per person, never stored in bulk: the size of the `On` variant costs nothing worth a
// box and an indirection in the settlement loop.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum CritPlan {
    Off(Off),
    On {
        sched: Sched,
        tilt: Option<usize>,
        /// The cap is a local parameter that was not given: the figure is computed without a cap
        /// and is an upper bound (docs/CONTRACT.md, `bounds`).
        cap_absent: bool,
        origin: DeductibleOrigin,
        /// The schedule came from a local parameter of unit `schedule`.
        from_schedule_param: Option<ParamIdx>,
        /// A tilt's addition to every ratio ("提高5个百分点").
        tilt_add: Option<Decimal>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AssistPlan {
    Off(Off),
    On {
        group: Group,
        ratio: Decimal,
        deductible: Decimal,
        limit: Option<Decimal>,
    },
}

/// The year's contribution for this person.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The tier whose contribution applies (differs from the chosen tier for 资助参保 groups).
    pub tier: usize,
    /// The standard individual contribution of that tier.
    pub standard: Decimal,
    /// What the person pays.
    pub individual: Decimal,
    pub subsidy: Decimal,
    /// The group whose 资助 pays the whole individual contribution, if any.
    pub full_aid: Option<Group>,
    /// A fixed 资助 amount deducted, and from which group.
    pub aid: Option<(Group, Decimal)>,
    /// Groups with a fixed 资助 whose amount was not supplied.
    pub aid_missing: Vec<Group>,
}

/// Everything resolved for one person before the visits are walked.
#[derive(Debug, Clone)]
pub struct Plan {
    pub benefit: usize,
    /// The group whose enrolment rule set the benefit tier, if any.
    pub benefit_from: Option<Group>,
    pub basic: [BasicPlan; 3],
    /// The care types whose burden counts towards critical illness.
    pub scope: CareSet,
    /// The scope's local parameter, when it was not given and its fallback is used.
    pub scope_fallback: Option<ParamIdx>,
    /// Every care type that one of the scope's choices includes: what a local agency could count.
    pub scope_widest: CareSet,
    pub critical: CritPlan,
    pub assistance: AssistPlan,
    pub contribution: Contribution,
}

/// How a visit's basic-insurance payment came about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BasicCalc {
    /// Taken from the settlement slip (`basic_paid`).
    Slip,
    Computed {
        level: usize,
        mode: Mode,
        deductible: Decimal,
        /// The deductible still to meet before this visit.
        deductible_due: Decimal,
        deductible_used: Decimal,
        base: Decimal,
        ratio: Decimal,
        /// `base × ratio`, before the cap.
        raw: Decimal,
        cap: Option<Decimal>,
        /// The cap left before this visit.
        cap_left: Option<Decimal>,
        exact: Decimal,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CritCalc {
    /// Care type outside the critical-illness base, or the layer is off.
    None,
    Computed {
        burden: Decimal,
        before: Decimal,
        after: Decimal,
        f_before: Decimal,
        f_after: Decimal,
        /// Critical-illness payments made by earlier visits this year.
        paid_before: Decimal,
        cap_left: Option<Decimal>,
        exact: Decimal,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AssistCalc {
    None,
    Computed {
        remaining: Decimal,
        deductible_used: Decimal,
        base: Decimal,
        ratio: Decimal,
        limit_left: Option<Decimal>,
        exact: Decimal,
    },
}

/// One visit's settlement, with every intermediate number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VisitCalc {
    pub eligible: Decimal,
    pub basic: Decimal,
    pub critical: Decimal,
    pub assistance: Decimal,
    pub out_of_pocket: Decimal,
    pub basic_calc: BasicCalc,
    pub crit_calc: CritCalc,
    pub assist_calc: AssistCalc,
}

/// The year's settlement.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    pub visits: Vec<VisitCalc>,
    pub total: Decimal,
    pub basic: Decimal,
    pub critical: Decimal,
    pub assistance: Decimal,
    pub out_of_pocket: Decimal,
}

fn missing_param(policy: &Policy, idx: ParamIdx, context: &str) -> Error {
    let def = &policy.params[idx].def;
    Error::new(
        ErrorCode::MissingParam,
        format!("params.{}", def.id),
        format!("{context}需要填写“{}”：{}", def.label, def.meaning),
    )
}

/// The missing local parameters met so far, in the order the computation meets them, so that
/// all of them are reported in one answer rather than one per run (docs/CONTRACT.md, `missing`).
#[derive(Debug, Default)]
pub struct Missing(Vec<Error>);

impl Missing {
    fn add(&mut self, e: Error) {
        if !self.0.iter().any(|x| x.field == e.field) {
            self.0.push(e);
        }
    }

    /// A non-parameter error met after some missing parameters: the missing ones came first, so
    /// they are the answer; otherwise this error is.
    fn or(self, e: Error) -> Error {
        self.into_error().unwrap_or(e)
    }

    /// The first missing parameter's error, carrying the whole list; `None` when nothing is missing.
    pub fn into_error(self) -> Option<Error> {
        let list: Vec<MissingField> = self
            .0
            .iter()
            .map(|e| MissingField {
                field: e.field.clone(),
                message: e.message.clone(),
            })
            .collect();
        let mut first = self.0.into_iter().next()?;
        first.missing = list;
        Some(first)
    }
}

/// Resolves a value against the scenario's parameters.
fn num(c: CVal, sc: &Scenario) -> Slot<Decimal> {
    match c.src {
        Src::Lit(d) => Ok(d),
        Src::Param(i, factor) => match sc.param(i) {
            Some(PVal::Num(d)) => Ok(factor.map_or(*d, |f| *d * f)),
            _ => Err(i),
        },
        // Compilation gives caps, modes and scopes their own resolvers; a number never holds these.
        Src::NoCap | Src::Mode(_) | Src::Scope(_) => Ok(Decimal::ZERO),
    }
}

fn cap(c: CVal, sc: &Scenario) -> Slot<Option<Decimal>> {
    match (c.src, c.param().and_then(|i| sc.param(i))) {
        (Src::NoCap, _) | (_, Some(PVal::NoCap)) => Ok(None),
        _ => num(c, sc).map(Some),
    }
}

fn mode(c: CVal, sc: &Scenario) -> Slot<Mode> {
    match c.src {
        Src::Mode(m) => Ok(m),
        Src::Param(i, _) => match sc.param(i) {
            Some(PVal::Choice(k)) => match sc.policy.params[i].choices.get(*k) {
                Some(ChoiceVal::Mode(m)) => Ok(*m),
                _ => Err(i),
            },
            _ => Err(i),
        },
        _ => Ok(Mode::PerVisit),
    }
}

/// The critical-illness scope, the fallback's parameter when it was used, and the widest scope
/// the parameter's choices allow.
fn scope(sc: &Scenario) -> (CareSet, Option<ParamIdx>, CareSet) {
    let c = sc.policy.critical.scope;
    match c.src {
        Src::Scope(s) => (s, None, s),
        Src::Param(i, _) => {
            let info = &sc.policy.params[i];
            let as_set = |k: usize| match info.choices.get(k) {
                Some(ChoiceVal::Scope(s)) => *s,
                _ => CareSet::default(),
            };
            let mut widest = CareSet::default();
            for k in 0..info.choices.len() {
                widest.0 |= as_set(k).0;
            }
            match sc.param(i) {
                Some(PVal::Choice(k)) => (as_set(*k), None, widest),
                _ => (as_set(info.fallback.unwrap_or(0)), Some(i), widest),
            }
        }
        _ => (CareSet::default(), None, CareSet::default()),
    }
}

/// Resolves everything about this person that does not depend on the visits.
///
/// Every missing required parameter is an error; the first carries the list of all of them.
pub fn plan(sc: &Scenario) -> Result<Plan, Error> {
    let mut missing = Missing::default();
    let plan = plan_collecting(sc, &mut missing)?;
    match missing.into_error() {
        Some(e) => Err(e),
        None => Ok(plan),
    }
}

/// Plans and settles the year, reporting every missing local parameter at once.
pub fn run(sc: &Scenario) -> Result<(Plan, Settlement), Error> {
    let mut missing = Missing::default();
    let plan = plan_collecting(sc, &mut missing)?;
    let settlement = settle_collecting(sc.policy, &plan, &sc.visits, &mut missing);
    let settlement = match settlement {
        Ok(s) => s,
        Err(e) => return Err(missing.or(e)),
    };
    match missing.into_error() {
        Some(e) => Err(e),
        None => Ok((plan, settlement)),
    }
}

/// [`plan`], adding missing parameters to `missing` instead of stopping at the first. A layer
/// whose parameters are missing is planned as off; the caller reports the missing ones.
fn plan_collecting(sc: &Scenario, missing: &mut Missing) -> Result<Plan, Error> {
    let p = sc.policy;

    // Parameters every estimate of this policy needs (e.g. the income behind the national
    // critical-illness deductible) are demanded up front, before any visit is looked at.
    for (i, info) in p.params.iter().enumerate() {
        if info.need == Need::Always && sc.param(i).is_none() {
            missing.add(missing_param(p, i, "本政策计算"));
        }
    }

    // Benefit tier and contribution tier are separate attributes (TJ2021D 一(一), 一(三)):
    // a 资助参保 group may enrol at one tier and be paid benefits at another.
    let chosen = &p.tiers[sc.tier];
    let mut benefit = chosen.benefit;
    let mut benefit_from = None;
    let mut contribution_tier = sc.tier;
    let mut full_aid = None;
    let mut best_override: Option<usize> = None;
    for g in sc.groups.iter() {
        let Some(rule) = p.group_rule(g) else {
            continue;
        };
        if let Some(e) = &rule.enrolment {
            let b = e
                .benefit_by_tier
                .iter()
                .find(|(t, _)| *t == sc.tier)
                .map_or(e.benefit, |(_, b)| *b);
            // When several groups apply, the most generous benefit tier wins: the document's
            // "不符合上述人员身份的重度残疾人" gets low benefits only if no other group applies.
            if best_override.is_none_or(|cur| b > cur) {
                best_override = Some(b);
                benefit_from = Some(g);
            }
            contribution_tier = e.contribution_tier;
            if e.full_aid && full_aid.is_none() {
                full_aid = Some(g);
            }
        }
        if let Some(crate::policy::Aid::Full(_)) = rule.aid {
            if full_aid.is_none() {
                full_aid = Some(g);
            }
        }
    }
    if let Some(b) = best_override {
        benefit = b;
    }

    let ct = &p.tiers[contribution_tier];
    // The shipped files give contributions as literals; were one a local parameter, its absence
    // would be `missing_param`, since the year's contribution cannot be stated without it.
    let standard = num(ct.individual, sc).unwrap_or_else(|i| {
        missing.add(missing_param(p, i, "个人缴费"));
        Decimal::ZERO
    });
    let subsidy = num(ct.subsidy, sc).unwrap_or_else(|i| {
        missing.add(missing_param(p, i, "财政补助"));
        Decimal::ZERO
    });
    let mut aid = None;
    let mut aid_missing = Vec::new();
    if full_aid.is_none() {
        for g in sc.groups.iter() {
            let Some(rule) = p.group_rule(g) else {
                continue;
            };
            if let Some(crate::policy::Aid::Param(i, _)) = rule.aid {
                match sc.param(i).cloned() {
                    Some(PVal::Num(a)) => {
                        if aid.is_none_or(|(_, cur)| a > cur) {
                            aid = Some((g, a));
                        }
                    }
                    _ => aid_missing.push(g),
                }
            }
        }
    }
    let individual = if full_aid.is_some() {
        Decimal::ZERO
    } else {
        match aid {
            Some((_, a)) if a >= standard => Decimal::ZERO,
            Some((_, a)) => standard - a,
            None => standard,
        }
    };
    let contribution = Contribution {
        tier: contribution_tier,
        standard,
        individual,
        subsidy,
        full_aid,
        aid,
        aid_missing,
    };

    let basic = Care::ALL.map(|care| {
        let r = &p.basic[care as usize];
        let ratio = &r.ratio[benefit];
        BasicPlan {
            level_needed: r.deductible.per_level || ratio.per_level,
            deductible: r.deductible.v.map(|v| num(v, sc)),
            mode: mode(r.mode, sc),
            ratio: ratio.v.map(|v| num(v, sc)),
            cap: cap(r.cap, sc),
        }
    });

    let (scope, scope_fallback, scope_widest) = scope(sc);
    Ok(Plan {
        benefit,
        benefit_from,
        basic,
        scope,
        scope_fallback,
        scope_widest,
        critical: plan_critical(sc, missing)?,
        assistance: plan_assistance(sc, missing),
        contribution,
    })
}

/// Applies the "all or nothing" rule of layer parameters: none given leaves the layer out; some
/// given makes the rest required, because a half-configured layer would print a wrong figure.
///
/// `needed` are the parameters this person's computation cannot do without; `related` are all
/// of the layer's parameters that concern this person (e.g. the ratios of each of their groups),
/// any of which, once given, shows that the user meant the layer to be computed.
///
/// Returns whether the layer is computed; the parameters it still lacks go to `out`.
fn layer_gate(
    sc: &Scenario,
    needed: &[ParamIdx],
    related: &[ParamIdx],
    context: &str,
    out: &mut Missing,
) -> bool {
    let missing: Vec<_> = needed
        .iter()
        .copied()
        .filter(|&i| sc.param(i).is_none())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let any_given = needed
        .iter()
        .chain(related)
        .any(|&i| sc.policy.params[i].need == Need::Layer && sc.param(i).is_some());
    let required: Vec<ParamIdx> = if any_given {
        missing
    } else {
        missing
            .into_iter()
            .filter(|&i| sc.policy.params[i].need != Need::Layer)
            .collect()
    };
    for &i in &required {
        out.add(missing_param(sc.policy, i, context));
    }
    false
}

fn schedule_params(s: &Schedule, out: &mut Vec<ParamIdx>, with_cap: bool) {
    let mut push = |c: CVal| out.extend(c.param());
    push(s.deductible);
    for b in &s.bands {
        if let Some(u) = b.upto {
            push(u);
        }
        push(b.ratio);
    }
    if with_cap {
        push(s.cap);
    }
}

/// A schedule resolved to numbers: whether its cap was an absent parameter, and where its
/// deductible came from.
struct Resolved {
    sched: Sched,
    cap_absent: bool,
    from_param: Option<(ParamIdx, Decimal, Decimal)>,
}

fn resolve_schedule(s: &Schedule, sc: &Scenario) -> Result<Resolved, ParamIdx> {
    let deductible = num(s.deductible, sc)?;
    let from_param = match (
        s.deductible.src,
        s.deductible.param().and_then(|i| sc.param(i)),
    ) {
        (Src::Param(i, f), Some(PVal::Num(v))) => Some((i, *v, f.unwrap_or(Decimal::ONE))),
        _ => None,
    };
    let (cap, cap_absent) = match cap(s.cap, sc) {
        Ok(c) => (c, false),
        // Only an optional cap parameter can be absent here (layer_gate checked the rest).
        Err(_) => (None, true),
    };
    let mut limits = Vec::with_capacity(s.bands.len());
    for b in &s.bands {
        let hi = match b.upto {
            Some(u) => Some(num(u, sc)?),
            None => None,
        };
        limits.push((hi, num(b.ratio, sc)?));
    }
    Ok(Resolved {
        sched: bands_from(deductible, &limits, cap),
        cap_absent,
        from_param,
    })
}

/// The bands `[lo, hi)` from a deductible and each band's upper limit: the first band starts at
/// the deductible, each later one where the previous ended.
fn bands_from(
    deductible: Decimal,
    limits: &[(Option<Decimal>, Decimal)],
    cap: Option<Decimal>,
) -> Sched {
    let mut bands = Vec::with_capacity(limits.len());
    let mut lo = deductible;
    for &(hi, ratio) in limits {
        bands.push(SBand { lo, hi, ratio });
        if let Some(h) = hi {
            lo = lo.max(h);
        }
    }
    Sched {
        deductible,
        bands,
        cap,
    }
}

fn plan_critical(sc: &Scenario, missing: &mut Missing) -> Result<CritPlan, Error> {
    let p = sc.policy;
    let c = &p.critical;
    let tilt = c.tilts.iter().position(|t| t.groups.intersects(sc.groups));
    let table = match tilt.map(|t| &c.tilts[t].kind) {
        Some(TiltKind::Table(s)) => s,
        _ => &c.schedule,
    };
    // The whole schedule as one parameter (unit `schedule`) replaces its one-band parts.
    let whole = table.whole.and_then(|w| {
        let i = w.param()?;
        match sc.param(i) {
            Some(PVal::Schedule(v)) => Some((i, v)),
            _ => None,
        }
    });
    let resolved = if let Some((wi, v)) = whole {
        let mut parts = Vec::new();
        schedule_params(table, &mut parts, true);
        if let Some(&i) = parts.iter().find(|&&i| sc.param(i).is_some()) {
            return Err(Error::new(
                ErrorCode::InvalidParam,
                format!("params.{}", p.params[i].def.id),
                format!(
                    "已填写“{}”，其中已包括起付标准、分段比例和封顶线；请不要再单独填写“{}”。",
                    p.params[wi].def.label, p.params[i].def.label
                ),
            ));
        }
        let (cap, cap_absent) = match v.cap {
            CapParam::Unknown => (None, true),
            CapParam::NoCap => (None, false),
            CapParam::Amount(a) => (Some(a), false),
        };
        Resolved {
            sched: bands_from(v.deductible, &v.bands, cap),
            cap_absent,
            from_param: None,
        }
    } else {
        let mut needed = Vec::new();
        schedule_params(table, &mut needed, false);
        if !layer_gate(sc, &needed, &[], "大病保险计算", missing) {
            return Ok(CritPlan::Off(Off::NoParams));
        }
        match resolve_schedule(table, sc) {
            Ok(r) => r,
            Err(i) => {
                missing.add(missing_param(p, i, "大病保险计算"));
                return Ok(CritPlan::Off(Off::NoParams));
            }
        }
    };
    let Resolved {
        mut sched,
        mut cap_absent,
        from_param,
    } = resolved;
    let general = sched.deductible;
    let mut tilt_factor = None;
    let mut tilt_add = None;
    if let Some(TiltKind::Derive {
        deductible_factor,
        ratio_add,
        ..
    }) = tilt.map(|t| &c.tilts[t].kind)
    {
        // National and Tianjin tilts are stated relative to the general schedule: the deductible
        // scaled ("降低一半"), every ratio raised ("提高5个百分点"), and no cap ("取消封顶线").
        let f = num(*deductible_factor, sc).unwrap_or(Decimal::ONE);
        let add = num(*ratio_add, sc).unwrap_or(Decimal::ZERO);
        let new_ded = sched.deductible * f;
        for (i, b) in sched.bands.iter_mut().enumerate() {
            if i == 0 {
                b.lo = new_ded;
            }
            // A ratio above 100% would pay more than the person spent.
            b.ratio = (b.ratio + add).min(Decimal::ONE);
        }
        sched.deductible = new_ded;
        sched.cap = None;
        cap_absent = false;
        tilt_factor = Some(f);
        tilt_add = Some(add);
    }
    Ok(CritPlan::On {
        sched,
        tilt,
        cap_absent,
        origin: DeductibleOrigin {
            from_param,
            general,
            tilt_factor,
        },
        from_schedule_param: whole.map(|(i, _)| i),
        tilt_add,
    })
}

fn plan_assistance(sc: &Scenario, missing: &mut Missing) -> AssistPlan {
    let p = sc.policy;
    let a = &p.assistance;
    let eligible: Vec<(Group, CVal)> = a
        .groups
        .iter()
        .copied()
        .filter(|(g, _)| sc.groups.contains(*g))
        .collect();
    if eligible.is_empty() {
        return AssistPlan::Off(Off::NotEligible);
    }
    // The person's ratio is the highest among their groups' supplied ratios.
    let mut best: Option<(Group, Decimal)> = None;
    let mut first_missing = None;
    for (g, v) in &eligible {
        match num(*v, sc) {
            Ok(r) => {
                if best.is_none_or(|(_, cur)| r > cur) {
                    best = Some((*g, r));
                }
            }
            Err(i) => {
                first_missing.get_or_insert(i);
            }
        }
    }
    let mut needed = Vec::new();
    if best.is_none() {
        needed.extend(first_missing);
    }
    for c in [a.deductible, a.annual_limit] {
        needed.extend(c.param());
    }
    let related: Vec<ParamIdx> = eligible.iter().filter_map(|(_, v)| v.param()).collect();
    if !layer_gate(sc, &needed, &related, "医疗救助计算", missing) {
        return AssistPlan::Off(Off::NoParams);
    }
    let Some((group, ratio)) = best else {
        return AssistPlan::Off(Off::NoParams);
    };
    let deductible = num(a.deductible, sc);
    let limit = cap(a.annual_limit, sc);
    match (deductible, limit) {
        (Ok(deductible), Ok(limit)) => AssistPlan::On {
            group,
            ratio,
            deductible,
            limit,
        },
        (d, l) => {
            for i in [d.err(), l.err()].into_iter().flatten() {
                missing.add(missing_param(p, i, "医疗救助计算"));
            }
            AssistPlan::Off(Off::NoParams)
        }
    }
}

/// `min(raw, left)` where `left` is what a cap leaves; `None` means no cap.
fn capped(raw: Decimal, left: Option<Decimal>) -> Decimal {
    match left {
        Some(l) if raw > l => l,
        _ => raw,
    }
}

/// Walks the year's visits in order and settles each through the three layers.
pub fn settle(policy: &Policy, plan: &Plan, visits: &[Visit]) -> Result<Settlement, Error> {
    let mut missing = Missing::default();
    match settle_collecting(policy, plan, visits, &mut missing) {
        Ok(s) => match missing.into_error() {
            Some(e) => Err(e),
            None => Ok(s),
        },
        Err(e) => Err(missing.or(e)),
    }
}

/// [`settle`], adding each visit's missing basic-insurance parameters to `missing` and going on
/// (with that visit's basic payment taken as 0), so every missing parameter is found in one run.
fn settle_collecting(
    policy: &Policy,
    plan: &Plan,
    visits: &[Visit],
    missing: &mut Missing,
) -> Result<Settlement, Error> {
    let zero = Decimal::ZERO;
    // Per care type: the part of an annual deductible already met, and the fund's payments so far.
    let mut ded_met = [zero; 3];
    let mut basic_paid = [zero; 3];
    // Critical illness: cumulative burden, the schedule's value at it, and payments so far.
    let mut burden_cum = zero;
    let mut f_cum = zero;
    let mut crit_paid = zero;
    // Assistance: the annual deductible met, and payments so far against the shared limit.
    let mut a_ded_met = zero;
    let mut a_paid = zero;

    let mut out = Vec::with_capacity(visits.len());
    let (mut t_total, mut t_basic, mut t_crit, mut t_assist) = (zero, zero, zero, zero);

    for (i, v) in visits.iter().enumerate() {
        let care = v.care as usize;
        let eligible = v.eligible();
        let bp = &plan.basic[care];

        // 1. Basic insurance.
        let (basic, basic_calc) = match v.basic_paid {
            Some(paid) => {
                // The slip's amount replaces the computation. The visit still uses up an annual
                // deductible and counts against the annual cap, as it did at the hospital.
                let li = v.level.map_or(0, |l| usize::from(l - 1));
                if let (Ok(Mode::Annual), Ok(d)) = (bp.mode, bp.deductible[li]) {
                    let due = (d - ded_met[care]).max(zero);
                    ded_met[care] += due.min(eligible);
                }
                basic_paid[care] += paid;
                (paid, BasicCalc::Slip)
            }
            None => {
                let ctx = || format!("{}（{}）", visit_label(i), v.care.name());
                let level = match (bp.level_needed, v.level) {
                    (_, Some(l)) => usize::from(l - 1),
                    (false, None) => 0,
                    (true, None) => {
                        return Err(Error::new(
                            ErrorCode::InvalidVisit,
                            format!("visits[{i}].level"),
                            format!(
                                "{}的报销比例按医院级别不同，请选择医院级别（一级、二级或三级），或从结算单填写基本医保支付金额。",
                                ctx()
                            ),
                        ))
                    }
                };
                let mut lacking = |slot_err: ParamIdx| {
                    let mut e = missing_param(policy, slot_err, &ctx());
                    e.message
                        .push_str("也可以从结算单填写这次就诊的基本医保支付金额。");
                    missing.add(e);
                };
                let (deductible, mode, ratio, cap) =
                    match (bp.deductible[level], bp.mode, bp.ratio[level], bp.cap) {
                        (Ok(d), Ok(m), Ok(r), Ok(c)) => (d, m, r, c),
                        (d, m, r, c) => {
                            for i in [d.err(), m.err(), r.err(), c.err()].into_iter().flatten() {
                                lacking(i);
                            }
                            // Not computable; the caller reports the missing parameters.
                            (Decimal::ZERO, Mode::PerVisit, Decimal::ZERO, None)
                        }
                    };
                let due = match mode {
                    Mode::PerVisit => deductible,
                    Mode::Annual => (deductible - ded_met[care]).max(zero),
                };
                let used = due.min(eligible);
                if mode == Mode::Annual {
                    ded_met[care] += used;
                }
                let base = eligible - used;
                let raw = base * ratio;
                let cap_left = cap.map(|c| (c - basic_paid[care]).max(zero));
                let exact = capped(raw, cap_left);
                let paid = to_fen(exact);
                basic_paid[care] += paid;
                (
                    paid,
                    BasicCalc::Computed {
                        level,
                        mode,
                        deductible,
                        deductible_due: due,
                        deductible_used: used,
                        base,
                        ratio,
                        raw,
                        cap,
                        cap_left,
                        exact,
                    },
                )
            }
        };

        // 2. Critical illness, on the cumulative in-policy burden left after basic insurance.
        let (critical, crit_calc) = match &plan.critical {
            CritPlan::On { sched, .. } if plan.scope.contains(v.care) => {
                let burden = eligible - basic;
                let before = burden_cum;
                let after = before + burden;
                let f_after = sched.value(after);
                let cap_left = sched.cap.map(|c| (c - crit_paid).max(zero));
                // What the year's schedule owes so far, less what earlier visits were actually
                // paid (the settlement systems' "累计大病保险补偿额", DESIGN.md). Measured against the rounded
                // payments, the year's total is exactly F(year's burden) rounded once, however
                // the costs were split into visits. Never negative: a previous payment may have
                // been rounded up by less than half a 分.
                let owed = (f_after - crit_paid).max(zero);
                let exact = capped(owed, cap_left);
                let paid = to_fen(exact);
                let calc = CritCalc::Computed {
                    burden,
                    before,
                    after,
                    f_before: f_cum,
                    f_after,
                    paid_before: crit_paid,
                    cap_left,
                    exact,
                };
                burden_cum = after;
                f_cum = f_after;
                crit_paid += paid;
                (paid, calc)
            }
            _ => (zero, CritCalc::None),
        };

        // 3. Medical assistance, on what is still in-policy and unpaid, after both insurances.
        let (assistance, assist_calc) = match plan.assistance {
            AssistPlan::On {
                ratio,
                deductible,
                limit,
                ..
            } => {
                let remaining = eligible - basic - critical;
                let used = (deductible - a_ded_met).max(zero).min(remaining);
                a_ded_met += used;
                let base = remaining - used;
                let limit_left = limit.map(|l| (l - a_paid).max(zero));
                let exact = capped(base * ratio, limit_left);
                let paid = to_fen(exact);
                a_paid += paid;
                (
                    paid,
                    AssistCalc::Computed {
                        remaining,
                        deductible_used: used,
                        base,
                        ratio,
                        limit_left,
                        exact,
                    },
                )
            }
            AssistPlan::Off(_) => (zero, AssistCalc::None),
        };

        let out_of_pocket = v.total - basic - critical - assistance;
        t_total += v.total;
        t_basic += basic;
        t_crit += critical;
        t_assist += assistance;
        out.push(VisitCalc {
            eligible,
            basic,
            critical,
            assistance,
            out_of_pocket,
            basic_calc,
            crit_calc,
            assist_calc,
        });
    }

    Ok(Settlement {
        visits: out,
        total: t_total,
        basic: t_basic,
        critical: t_crit,
        assistance: t_assist,
        out_of_pocket: t_total - t_basic - t_crit - t_assist,
    })
}
