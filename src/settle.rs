//! The settlement: basic insurance, then critical illness, then medical assistance, visit by visit
//! in time order, with the year's deductibles, segments and caps accumulating across visits.
//!
//! It runs in two stages. [`plan`] resolves the policy for one person: which benefit tier, which
//! critical-illness schedule (general or a group's tilt), which local parameters fill the gaps, and
//! the year's contribution. [`settle`] then walks the visits. The split keeps the loop free of
//! lookups and strings, which is what makes it fast (docs/PERFORMANCE.md), and keeps every number
//! the explanation needs in plain structs ([`VisitRecord`]): the explanation reads them and
//! computes nothing itself.
//!
//! Rounding (DESIGN.md, "Rounding"): every payment is computed exactly, capped, and then rounded
//! to the 分 by [`yibao_rules::money::to_fen`], the only rounding in the engine. Running totals (cumulative
//! burden, the schedule's value at it, payments so far) stay exact. A later layer's base uses the
//! earlier layers' rounded payments, because that is what the person was actually left to pay; it
//! also keeps every visit's out-of-pocket non-negative. A critical-illness payment is what the
//! year's schedule owes at the new cumulative burden less what was already paid, so the year's
//! total does not depend on how costs are split into visits.

use crate::error::{indexed, member, Error, ErrorCode, MissingField};
use crate::messages::{param as param_arg, Arg, Message};
use crate::scenario::{CapParam, ParamValue, Scenario, Visit};
use rust_decimal::Decimal;
use std::borrow::Cow;
use yibao_rules::money::to_fen;
use yibao_rules::{
    Band, CareSet, ChoiceMeaning, Group, Mode, Need, ParamIdx, Policy, Schedule, Source, TiltKind,
    Value,
};

/// A value the settlement may need, or the index of the missing local parameter that would
/// supply it.
pub type OrMissing<T> = Result<T, ParamIdx>;

/// The basic-insurance rule for one care type, resolved for this person.
#[derive(Debug, Clone)]
pub struct BasicPlan {
    /// Whether the rule differs by hospital level (so a visit needs its level).
    pub level_needed: bool,
    /// The deductible at each level.
    pub deductible: [OrMissing<Decimal>; 3],
    /// Per visit or annual.
    pub mode: OrMissing<Mode>,
    /// The ratio at each level, for this person's benefit tier.
    pub ratio: [OrMissing<Decimal>; 3],
    /// The fund's annual cap (`None`: no cap).
    pub cap: OrMissing<Option<Decimal>>,
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

/// Why a layer is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Off {
    /// The person is in no group the layer serves.
    NotEligible,
    /// No document gives the layer's figures and no local parameter supplied them.
    NoParams,
}

/// The critical-illness layer, resolved for this person.
// One plan per person, never stored in bulk: the size of the `On` variant costs nothing worth a
// box and an indirection in the settlement loop.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum CriticalPlan {
    /// The layer is left out.
    Off(Off),
    /// The layer is computed with this schedule.
    On {
        /// The schedule, in numbers.
        schedule: Schedule<Decimal>,
        /// The tilt that applies (index into the policy's tilts).
        tilt: Option<usize>,
        /// The cap is a local parameter that was not given: the figure is computed without a cap
        /// and is an upper bound (docs/CONTRACT.md, `bounds`).
        cap_absent: bool,
        /// Where the deductible came from.
        origin: DeductibleOrigin,
        /// The schedule came from a local parameter of unit `schedule`.
        from_schedule_param: Option<ParamIdx>,
        /// A tilt's addition to every ratio ("提高5个百分点").
        tilt_add: Option<Decimal>,
        /// With such a tilt, each band's ratio before the addition (for the explanation, which
        /// shows "65%（当地参数 60% 提高 5 个百分点）"); empty otherwise.
        base_ratios: Vec<Decimal>,
    },
}

/// The medical-assistance layer, resolved for this person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AssistancePlan {
    /// The layer is left out.
    Off(Off),
    /// The layer is computed.
    On {
        /// The group whose ratio applies (the highest of the person's).
        group: Group,
        /// The ratio.
        ratio: Decimal,
        /// The annual deductible.
        deductible: Decimal,
        /// The annual limit (`None`: no limit).
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
    /// The fiscal subsidy per person.
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
    /// The benefit tier (index into the policy's benefits).
    pub benefit: usize,
    /// The group whose enrolment rule set the benefit tier, if any.
    pub benefit_from: Option<Group>,
    /// The basic-insurance rule for each care type.
    pub basic: [BasicPlan; 3],
    /// The care types whose burden counts towards critical illness.
    pub scope: CareSet,
    /// The scope's local parameter, when it was not given and its fallback is used.
    pub scope_fallback: Option<ParamIdx>,
    /// Every care type that one of the scope's choices includes: what a local agency could count.
    pub scope_widest: CareSet,
    /// Critical illness.
    pub critical: CriticalPlan,
    /// Medical assistance.
    pub assistance: AssistancePlan,
    /// The year's contribution.
    pub contribution: Contribution,
}

/// How a visit's basic-insurance payment came about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BasicRecord {
    /// Not recorded: [`settle`], the batch's fast path, keeps only the amounts.
    NotRecorded,
    /// Taken from the settlement slip (`basic_paid`).
    Slip,
    /// Computed from the rule.
    Computed {
        /// The level used (0-based).
        level: usize,
        /// Per visit or annual.
        mode: Mode,
        /// The deductible.
        deductible: Decimal,
        /// The deductible still to meet before this visit.
        deductible_due: Decimal,
        /// The part of it this visit met.
        deductible_used: Decimal,
        /// The in-policy cost above the deductible.
        base: Decimal,
        /// The ratio.
        ratio: Decimal,
        /// `base × ratio`, before the cap.
        raw: Decimal,
        /// The annual cap.
        cap: Option<Decimal>,
        /// The cap left before this visit.
        cap_left: Option<Decimal>,
        /// The payment before rounding.
        exact: Decimal,
    },
}

/// The part of one band a visit's burden fell into: `(hi − lo) × ratio`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// The band (index into the schedule's bands).
    pub band: usize,
    /// Where the visit's part of the band starts.
    pub lo: Decimal,
    /// Where it ends.
    pub hi: Decimal,
    /// The band's ratio.
    pub ratio: Decimal,
}

/// How a visit's critical-illness payment came about.
#[derive(Debug, Clone, PartialEq)]
pub enum CriticalRecord {
    /// Not recorded: [`settle`], the batch's fast path, keeps only the amounts.
    NotRecorded,
    /// Care type outside the critical-illness scope, or the layer is off.
    None,
    /// Computed from the schedule.
    Computed {
        /// This visit's in-policy burden after basic insurance.
        burden: Decimal,
        /// The cumulative burden before this visit.
        before: Decimal,
        /// And after it.
        after: Decimal,
        /// The schedule's value gained on this visit: `F(after) − F(before)`.
        gain: Decimal,
        /// The schedule's value at `after`: what the year owes so far.
        owed_total: Decimal,
        /// Critical-illness payments made by earlier visits this year.
        paid_before: Decimal,
        /// What this visit owes: `owed_total − paid_before`, never negative.
        owed: Decimal,
        /// The cap left before this visit.
        cap_left: Option<Decimal>,
        /// The payment before rounding.
        exact: Decimal,
        /// The bands this visit's burden crossed (recorded only for an explanation).
        segments: Vec<Segment>,
    },
}

/// How a visit's assistance payment came about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AssistanceRecord {
    /// Not recorded: [`settle`], the batch's fast path, keeps only the amounts.
    NotRecorded,
    /// The layer is off.
    None,
    /// Computed.
    Computed {
        /// In-policy and unpaid after both insurances.
        remaining: Decimal,
        /// The part of the annual deductible this visit met.
        deductible_used: Decimal,
        /// What the ratio applies to.
        base: Decimal,
        /// The ratio.
        ratio: Decimal,
        /// `base × ratio`, before the limit.
        raw: Decimal,
        /// The limit left before this visit.
        limit_left: Option<Decimal>,
        /// The payment before rounding.
        exact: Decimal,
    },
}

/// One visit's settlement, with every intermediate number.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitRecord {
    /// The in-policy cost.
    pub eligible: Decimal,
    /// 基本医保.
    pub basic: Decimal,
    /// 大病保险.
    pub critical: Decimal,
    /// 医疗救助.
    pub assistance: Decimal,
    /// What the person pays.
    pub out_of_pocket: Decimal,
    /// How basic insurance came about.
    pub basic_record: BasicRecord,
    /// How critical illness came about.
    pub critical_record: CriticalRecord,
    /// How assistance came about.
    pub assistance_record: AssistanceRecord,
}

/// The year's settlement.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    /// Each visit, in order.
    pub visits: Vec<VisitRecord>,
    /// 医疗总费用.
    pub total: Decimal,
    /// 基本医保.
    pub basic: Decimal,
    /// 大病保险.
    pub critical: Decimal,
    /// 医疗救助.
    pub assistance: Decimal,
    /// 个人自付.
    pub out_of_pocket: Decimal,
}

fn missing_param(policy: &Policy, idx: ParamIdx, context: &'static str) -> Error {
    let p = &policy.params[idx];
    Error::new(
        ErrorCode::MissingParam,
        member("params", &p.id),
        Message::new("error.missing_param")
            .arg("context", Message::new(context))
            .arg("param", param_arg(p))
            .arg("meaning", Arg::Text(p.meaning.clone())),
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

    /// The indices of the missing parameters, in order.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|e| e.field.as_str())
    }

    /// A non-parameter error met after some missing parameters: the missing ones came first, so
    /// they are the answer; otherwise this error is.
    fn or(self, e: Error) -> Error {
        self.into_error().unwrap_or(e)
    }

    /// The first missing parameter's error, carrying the whole list; `None` when nothing is
    /// missing.
    pub fn into_error(self) -> Option<Error> {
        if self.0.is_empty() {
            return None;
        }
        let list: Vec<MissingField> = self
            .0
            .iter()
            .map(|e| MissingField {
                field: e.field.clone(),
                path: e.path.clone(),
                message: String::new(),
                detail: e.detail.clone(),
            })
            .collect();
        let mut first = self.0.into_iter().next()?;
        first.missing = list;
        Some(first)
    }
}

/// Resolves a value against the scenario's parameters.
fn num(c: Value, sc: &Scenario) -> OrMissing<Decimal> {
    match c.source {
        Source::Literal(d) => Ok(d),
        Source::Param(i, factor) => match sc.param(i) {
            Some(ParamValue::Number(d)) => Ok(factor.map_or(*d, |f| *d * f)),
            _ => Err(i),
        },
        // Caps, modes and scopes have their own resolvers; a number never holds these.
        Source::NoCap | Source::Mode(_) | Source::Scope(_) => Ok(Decimal::ZERO),
    }
}

fn cap(c: Value, sc: &Scenario) -> OrMissing<Option<Decimal>> {
    match (c.source, c.param().and_then(|i| sc.param(i))) {
        (Source::NoCap, _) | (_, Some(ParamValue::NoCap)) => Ok(None),
        _ => num(c, sc).map(Some),
    }
}

fn mode(c: Value, sc: &Scenario) -> OrMissing<Mode> {
    match c.source {
        Source::Mode(m) => Ok(m),
        Source::Param(i, _) => match sc.param(i) {
            Some(ParamValue::Choice(k)) => match sc.policy.params[i].choices.get(*k) {
                Some(c) => match c.meaning {
                    ChoiceMeaning::Mode(m) => Ok(m),
                    ChoiceMeaning::Scope(_) => Err(i),
                },
                None => Err(i),
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
    match c.source {
        Source::Scope(s) => (s, None, s),
        Source::Param(i, _) => {
            let info = &sc.policy.params[i];
            let as_set = |k: usize| match info.choices.get(k).map(|c| c.meaning) {
                Some(ChoiceMeaning::Scope(s)) => s,
                _ => CareSet::default(),
            };
            let widest =
                (0..info.choices.len()).fold(CareSet::default(), |w, k| w.union(as_set(k)));
            match sc.param(i) {
                Some(ParamValue::Choice(k)) => (as_set(*k), None, widest),
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

/// Plans and settles the year with everything the explanation needs, reporting every missing
/// local parameter at once. A build without the steps records nothing: only the steps read the
/// records (the page's engine is 1.4 KB gzip smaller without the recording code).
pub fn run(sc: &Scenario) -> Result<(Plan, Settlement), Error> {
    let mut missing = Missing::default();
    let plan = plan_collecting(sc, &mut missing)?;
    let settlement = match settle_collecting::<{ crate::explain::STEPS }>(
        sc.policy,
        &plan,
        &sc.visits,
        &mut missing,
    ) {
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
            missing.add(missing_param(p, i, "context.policy"));
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
        if let Some(yibao_rules::Aid::Full(_)) = rule.aid {
            if full_aid.is_none() {
                full_aid = Some(g);
            }
        }
    }
    if let Some(b) = best_override {
        benefit = b;
    }

    let ct = &p.tiers[contribution_tier];
    let standard = num(ct.individual, sc).unwrap_or_else(|i| {
        missing.add(missing_param(p, i, "context.individual"));
        Decimal::ZERO
    });
    let subsidy = num(ct.subsidy, sc).unwrap_or_else(|i| {
        missing.add(missing_param(p, i, "context.subsidy"));
        Decimal::ZERO
    });
    let mut aid = None;
    let mut aid_missing = Vec::new();
    if full_aid.is_none() {
        for g in sc.groups.iter() {
            let Some(rule) = p.group_rule(g) else {
                continue;
            };
            if let Some(yibao_rules::Aid::Param(i, _)) = rule.aid {
                match sc.param(i) {
                    Some(ParamValue::Number(a)) => {
                        if aid.is_none_or(|(_, cur)| *a > cur) {
                            aid = Some((g, *a));
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

    let basic = [0, 1, 2].map(|care| {
        let r = &p.basic[care];
        let ratio = &r.ratio[benefit];
        BasicPlan {
            level_needed: r.deductible.per_level || ratio.per_level,
            deductible: r.deductible.values.map(|v| num(v, sc)),
            mode: mode(r.mode, sc),
            ratio: ratio.values.map(|v| num(v, sc)),
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
    context: &'static str,
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

/// The local parameters a schedule rule reads.
pub(crate) fn schedule_params(s: &Schedule<Value>, with_cap: bool) -> Vec<ParamIdx> {
    let mut out = Vec::new();
    out.extend(s.deductible.param());
    for b in s.bands.iter() {
        out.extend(b.upto.and_then(|u| u.param()));
        out.extend(b.ratio.param());
    }
    if with_cap {
        out.extend(s.cap.and_then(|c| c.param()));
    }
    out
}

/// A schedule resolved to numbers: whether its cap was an absent parameter, and where its
/// deductible came from.
struct Resolved {
    schedule: Schedule<Decimal>,
    cap_absent: bool,
    from_param: Option<(ParamIdx, Decimal, Decimal)>,
}

fn resolve_schedule(s: &Schedule<Value>, sc: &Scenario) -> Result<Resolved, ParamIdx> {
    let deductible = num(s.deductible, sc)?;
    let from_param = match (
        s.deductible.source,
        s.deductible.param().and_then(|i| sc.param(i)),
    ) {
        (Source::Param(i, f), Some(ParamValue::Number(v))) => {
            Some((i, *v, f.unwrap_or(Decimal::ONE)))
        }
        _ => None,
    };
    let (cap, cap_absent) = match s.cap.map(|c| cap(c, sc)) {
        Some(Ok(c)) => (c, false),
        None => (None, false),
        // Only an optional cap parameter can be absent here (layer_gate checked the rest).
        Some(Err(_)) => (None, true),
    };
    let mut bands = Vec::with_capacity(s.bands.len());
    for b in s.bands.iter() {
        let upto = match b.upto {
            Some(u) => Some(num(u, sc)?),
            None => None,
        };
        bands.push(Band {
            upto,
            ratio: num(b.ratio, sc)?,
        });
    }
    Ok(Resolved {
        schedule: Schedule {
            deductible,
            bands: Cow::Owned(bands),
            cap,
        },
        cap_absent,
        from_param,
    })
}

fn plan_critical(sc: &Scenario, missing: &mut Missing) -> Result<CriticalPlan, Error> {
    let p = sc.policy;
    let c = &p.critical;
    let tilt = c.tilts.iter().position(|t| t.groups.intersects(sc.groups));
    let (table, is_general) = match tilt.map(|t| &c.tilts[t].kind) {
        Some(TiltKind::Table(s)) => (s, false),
        _ => (&c.schedule, true),
    };
    // The whole schedule as one parameter (unit `schedule`) replaces its one-band parts.
    let whole = c.schedule_param.filter(|_| is_general).and_then(|w| {
        let i = w.param()?;
        match sc.param(i) {
            Some(ParamValue::Schedule(v)) => Some((i, v)),
            _ => None,
        }
    });
    let resolved = if let Some((wi, v)) = whole {
        if let Some(&i) = schedule_params(table, true)
            .iter()
            .find(|&&i| sc.param(i).is_some())
        {
            return Err(Error::new(
                ErrorCode::InvalidParam,
                member("params", &p.params[i].id),
                Message::new("error.schedule_and_part")
                    .arg("whole", param_arg(&p.params[wi]))
                    .arg("part", param_arg(&p.params[i])),
            ));
        }
        let (cap, cap_absent) = match v.cap {
            CapParam::Unknown => (None, true),
            CapParam::NoCap => (None, false),
            CapParam::Amount(a) => (Some(a), false),
        };
        Resolved {
            schedule: Schedule {
                deductible: v.deductible,
                bands: Cow::Owned(
                    v.bands
                        .iter()
                        .map(|&(upto, ratio)| Band { upto, ratio })
                        .collect(),
                ),
                cap,
            },
            cap_absent,
            from_param: None,
        }
    } else {
        let needed = schedule_params(table, false);
        if !layer_gate(sc, &needed, &[], "context.critical", missing) {
            return Ok(CriticalPlan::Off(Off::NoParams));
        }
        match resolve_schedule(table, sc) {
            Ok(r) => r,
            Err(i) => {
                missing.add(missing_param(p, i, "context.critical"));
                return Ok(CriticalPlan::Off(Off::NoParams));
            }
        }
    };
    let Resolved {
        mut schedule,
        mut cap_absent,
        from_param,
    } = resolved;
    let general = schedule.deductible;
    let mut tilt_factor = None;
    let mut tilt_add = None;
    let mut base_ratios = Vec::new();
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
        schedule.deductible *= f;
        base_ratios = schedule.bands.iter().map(|b| b.ratio).collect();
        for b in schedule.bands.to_mut().iter_mut() {
            // A ratio above 100% would pay more than the person spent.
            b.ratio = (b.ratio + add).min(Decimal::ONE);
        }
        schedule.cap = None;
        cap_absent = false;
        tilt_factor = Some(f);
        tilt_add = Some(add);
    }
    Ok(CriticalPlan::On {
        schedule,
        tilt,
        cap_absent,
        origin: DeductibleOrigin {
            from_param,
            general,
            tilt_factor,
        },
        from_schedule_param: whole.map(|(i, _)| i),
        tilt_add,
        base_ratios,
    })
}

fn plan_assistance(sc: &Scenario, missing: &mut Missing) -> AssistancePlan {
    let p = sc.policy;
    let a = &p.assistance;
    let eligible: Vec<(Group, Value)> = a
        .groups
        .iter()
        .copied()
        .filter(|(g, _)| sc.groups.contains(*g))
        .collect();
    if eligible.is_empty() {
        return AssistancePlan::Off(Off::NotEligible);
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
    if !layer_gate(sc, &needed, &related, "context.assistance", missing) {
        return AssistancePlan::Off(Off::NoParams);
    }
    let Some((group, ratio)) = best else {
        return AssistancePlan::Off(Off::NoParams);
    };
    match (num(a.deductible, sc), cap(a.annual_limit, sc)) {
        (Ok(deductible), Ok(limit)) => AssistancePlan::On {
            group,
            ratio,
            deductible,
            limit,
        },
        (d, l) => {
            for i in [d.err(), l.err()].into_iter().flatten() {
                missing.add(missing_param(p, i, "context.assistance"));
            }
            AssistancePlan::Off(Off::NoParams)
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

/// Walks the year's visits in order and settles each through the three layers. This is the fast
/// path: it keeps each visit's amounts and records nothing for the explanation (the records are
/// `NotRecorded`; [`run`] records everything the explanation needs).
pub fn settle(policy: &Policy, plan: &Plan, visits: &[Visit]) -> Result<Settlement, Error> {
    settle_reporting::<false>(policy, plan, visits)
}

/// [`settle`] with every record the explanation reads (as [`run`] settles), for callers that
/// settle one plan many times and need to know how each payment came about (the tier
/// comparison's break-even search).
pub fn settle_recorded(
    policy: &Policy,
    plan: &Plan,
    visits: &[Visit],
) -> Result<Settlement, Error> {
    settle_reporting::<true>(policy, plan, visits)
}

/// [`settle_collecting`] with every missing parameter reported in one error.
fn settle_reporting<const EXPLAIN: bool>(
    policy: &Policy,
    plan: &Plan,
    visits: &[Visit],
) -> Result<Settlement, Error> {
    let mut missing = Missing::default();
    match settle_collecting::<EXPLAIN>(policy, plan, visits, &mut missing) {
        Ok(s) => match missing.into_error() {
            Some(e) => Err(e),
            None => Ok(s),
        },
        Err(e) => Err(missing.or(e)),
    }
}

/// [`settle`], adding each visit's missing basic-insurance parameters to `missing` and going on
/// (with that visit's basic payment taken as 0), so every missing parameter is found in one run.
/// With `EXPLAIN`, each visit also records the band segments its burden crossed.
fn settle_collecting<const EXPLAIN: bool>(
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
        let (basic, basic_record) = match v.basic_paid {
            Some(paid) => {
                // The slip's amount replaces the computation. The visit still uses up an annual
                // deductible and counts against the annual cap, as it did at the hospital.
                let li = v.level.map_or(0, |l| usize::from(l - 1));
                if let (Ok(Mode::Annual), Ok(d)) = (bp.mode, bp.deductible[li]) {
                    let due = (d - ded_met[care]).max(zero);
                    ded_met[care] += due.min(eligible);
                }
                basic_paid[care] += paid;
                let record = if EXPLAIN {
                    BasicRecord::Slip
                } else {
                    BasicRecord::NotRecorded
                };
                (paid, record)
            }
            None => {
                let level = match (bp.level_needed, v.level) {
                    (_, Some(l)) => usize::from(l - 1),
                    (false, None) => 0,
                    (true, None) => {
                        return Err(Error::new(
                            ErrorCode::InvalidVisit,
                            member(indexed("visits", i), "level"),
                            Message::new("error.level_needed")
                                .arg("visit", Arg::Visit(i))
                                .arg("care", Arg::Care(v.care)),
                        ))
                    }
                };
                let (deductible, mode, ratio, cap) =
                    match (bp.deductible[level], bp.mode, bp.ratio[level], bp.cap) {
                        (Ok(d), Ok(m), Ok(r), Ok(c)) => (d, m, r, c),
                        (d, m, r, c) => {
                            for idx in [d.err(), m.err(), r.err(), c.err()].into_iter().flatten() {
                                let info = &policy.params[idx];
                                missing.add(Error::new(
                                    ErrorCode::MissingParam,
                                    member("params", &info.id),
                                    Message::new("error.missing_param_visit")
                                        .arg("visit", Arg::Visit(i))
                                        .arg("care", Arg::Care(v.care))
                                        .arg("param", param_arg(info))
                                        .arg("meaning", Arg::Text(info.meaning.clone())),
                                ));
                            }
                            // Not computable; the caller reports the missing parameters.
                            (zero, Mode::PerVisit, zero, None)
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
                let record = if EXPLAIN {
                    BasicRecord::Computed {
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
                    }
                } else {
                    BasicRecord::NotRecorded
                };
                (paid, record)
            }
        };

        // 2. Critical illness, on the cumulative in-policy burden left after basic insurance.
        let (critical, critical_record) = match &plan.critical {
            CriticalPlan::On { schedule, .. } if plan.scope.contains(v.care) => {
                let burden = eligible - basic;
                let before = burden_cum;
                let after = before + burden;
                let f_after = schedule.value(after);
                let cap_left = schedule.cap.map(|c| (c - crit_paid).max(zero));
                // What the year's schedule owes so far, less what earlier visits were actually
                // paid (the settlement systems' "累计大病保险补偿额", DESIGN.md). Measured against
                // the rounded payments, the year's total is exactly F(year's burden) rounded once,
                // however the costs were split into visits. Never negative: a previous payment
                // may have been rounded up by less than half a 分.
                let owed = (f_after - crit_paid).max(zero);
                let exact = capped(owed, cap_left);
                let paid = to_fen(exact);
                let record = if EXPLAIN {
                    let mut segments = Vec::new();
                    for (band, (lo, hi, ratio)) in schedule.segments().enumerate() {
                        let lo = lo.max(before);
                        let hi = hi.map_or(after, |h| h.min(after));
                        if hi > lo {
                            segments.push(Segment {
                                band,
                                lo,
                                hi,
                                ratio,
                            });
                        }
                    }
                    CriticalRecord::Computed {
                        burden,
                        before,
                        after,
                        gain: f_after - f_cum,
                        owed_total: f_after,
                        paid_before: crit_paid,
                        owed,
                        cap_left,
                        exact,
                        segments,
                    }
                } else {
                    CriticalRecord::NotRecorded
                };
                burden_cum = after;
                f_cum = f_after;
                crit_paid += paid;
                (paid, record)
            }
            _ => (zero, CriticalRecord::None),
        };

        // 3. Medical assistance, on what is still in-policy and unpaid, after both insurances.
        let (assistance, assistance_record) = match plan.assistance {
            AssistancePlan::On {
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
                let raw = base * ratio;
                let exact = capped(raw, limit_left);
                let paid = to_fen(exact);
                a_paid += paid;
                let record = if EXPLAIN {
                    AssistanceRecord::Computed {
                        remaining,
                        deductible_used: used,
                        base,
                        ratio,
                        raw,
                        limit_left,
                        exact,
                    }
                } else {
                    AssistanceRecord::NotRecorded
                };
                (paid, record)
            }
            AssistancePlan::Off(_) => (zero, AssistanceRecord::None),
        };

        let out_of_pocket = v.total - basic - critical - assistance;
        t_total += v.total;
        t_basic += basic;
        t_crit += critical;
        t_assist += assistance;
        out.push(VisitRecord {
            eligible,
            basic,
            critical,
            assistance,
            out_of_pocket,
            basic_record,
            critical_record,
            assistance_record,
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
