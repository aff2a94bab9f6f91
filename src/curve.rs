//! The cost curve (issue 9; docs/CONTRACT.md, "Cost curve"): what the funds pay and what the
//! person pays for one more visit of a chosen kind, against that visit's total cost, after the
//! year's visits so far.
//!
//! The curve is piecewise linear, and its points are exactly its kinks: where the deductible is
//! used up, a band of the critical-illness schedule begins, or a cap or limit starts to bind. They
//! are found as the tier comparison finds its kinks ([`crate::compare`]): the settlement records
//! which regime each layer is in, regimes only advance as the cost grows, and the first 分 of
//! each new regime is found by bisection between the points of a doubling grid. Each kink names
//! what happens there and cites the sentence that sets it.

use crate::compare::{regime, regime_changes};
use crate::input::Input;
use crate::messages::{Arg, Catalogue, Message};
use crate::output::{Amount, CiteInfo, ErrorOut};
use crate::scenario::{self, Visit};
use crate::settle::{self, CriticalPlan, Plan};
use rust_decimal::Decimal;
use serde::Serialize;
use yibao_rules::{Care, CiteIdx, Policy, Registry};

/// What happens at a kink.
#[derive(Debug, Clone, Serialize)]
pub struct Kink {
    /// The layer: `basic`, `critical` or `assistance`.
    pub layer: &'static str,
    /// In a few words.
    pub text: String,
    /// `text` as a key and typed arguments.
    pub message: Message,
    /// The sentence that sets it.
    pub citation: CiteInfo,
}

/// One point of the curve.
#[derive(Debug, Clone, Serialize)]
pub struct CurvePoint {
    /// The added visit's total cost.
    pub total: Amount,
    /// What basic insurance pays of it.
    pub basic: Amount,
    /// 大病保险.
    pub critical: Amount,
    /// 医疗救助.
    pub assistance: Amount,
    /// The three together: what the funds pay.
    pub fund: Amount,
    /// What the person pays of it.
    pub out_of_pocket: Amount,
    /// What begins here (empty at the ends).
    pub kinks: Vec<Kink>,
}

/// The curve.
#[derive(Debug, Clone, Serialize)]
pub struct Curve {
    /// The policy id.
    pub policy: String,
    /// The added visit's care type.
    pub care: &'static str,
    /// Its hospital level, where given.
    pub level: Option<u8>,
    /// From a total of 0 to a quarter beyond the last kink (at least 1000 元), in order.
    pub points: Vec<CurvePoint>,
    /// The language of the words.
    pub lang: String,
}

/// 10亿元 in 分: a visit's largest amount.
const MAX_FEN: i128 = 100_000_000_000;

fn amount(fen: i128) -> Decimal {
    Decimal::from_i128_with_scale(fen, 2)
}

struct Probe<'a> {
    policy: &'a Policy,
    plan: &'a Plan,
    visits: Vec<Visit>,
}

impl Probe<'_> {
    /// The added visit's four amounts and the regimes of its layers, at a total of `t` 分.
    fn at(&mut self, t: i128) -> Option<([Decimal; 4], Vec<u8>)> {
        if let Some(v) = self.visits.last_mut() {
            v.total = amount(t);
        }
        let s = settle::settle_recorded(self.policy, self.plan, &self.visits).ok()?;
        let r = s.visits.last()?;
        let mut sig = Vec::new();
        regime(self.plan, &s, &mut sig);
        let tail = sig.split_off(sig.len().saturating_sub(7));
        let fund = r.basic + r.critical + r.assistance;
        Some(([r.basic, r.critical, r.assistance, fund], tail))
    }
}

/// What changed between two regimes of the added visit, as kinks.
fn kinks(
    policy: &Policy,
    plan: &Plan,
    care: Care,
    old: &[u8],
    new: &[u8],
    cat: &Catalogue,
) -> Vec<Kink> {
    let cite = |i: CiteIdx| {
        let c = policy.citation(i);
        CiteInfo {
            doc: c.doc.to_string(),
            clause: crate::output::clause(cat, &c.clause),
            quote: c.quote.to_string(),
        }
    };
    let rule = policy.basic.iter().find(|b| b.care == care);
    let mut out = Vec::new();
    let mut push = |layer: &'static str, m: Message, c: Option<CiteIdx>| {
        if let Some(c) = c {
            out.push(Kink {
                layer,
                text: cat.render(&m),
                citation: cite(c),
                message: cat.localize(m),
            });
        }
    };
    let changed = |i: usize| old.get(i) != new.get(i);
    if changed(0) && new.first() == Some(&2) {
        push(
            "basic",
            Message::new("curve.basic_deductible").arg("care", Arg::Care(care)),
            rule.map(|r| r.cite),
        );
    }
    if changed(1) {
        push(
            "basic",
            Message::new("curve.basic_cap").arg("care", Arg::Care(care)),
            rule.map(|r| r.cap.cite),
        );
    }
    if changed(3) {
        if let CriticalPlan::On {
            schedule,
            tilt,
            from_schedule_param,
            ..
        } = &plan.critical
        {
            let band = usize::from(new.get(3).copied().unwrap_or(0));
            let c = &policy.critical;
            let source = match (tilt, from_schedule_param) {
                (Some(t), _) => c.tilts.get(*t).map(|t| t.cite),
                (None, Some(_)) => c.schedule_param.map(|v| v.cite),
                (None, None) if band <= 1 => Some(c.schedule.deductible.cite),
                (None, None) => c.schedule.bands.get(band - 1).map(|b| b.ratio.cite),
            };
            let m = if band <= 1 {
                Message::new("curve.critical_deductible")
            } else {
                let ratio = schedule
                    .bands
                    .get(band - 1)
                    .map_or(Decimal::ZERO, |b| b.ratio);
                Message::new("curve.critical_band")
                    .arg("band", Arg::Count(band as u64))
                    .arg("ratio", Arg::Ratio(ratio))
            };
            push("critical", m, source);
        }
    }
    if changed(4) {
        let source = policy.critical.schedule.cap.map(|v| v.cite);
        push("critical", Message::new("curve.critical_cap"), source);
    }
    {
        let a = &policy.assistance;
        if changed(5) && new.get(5) == Some(&2) {
            push(
                "assistance",
                Message::new("curve.assistance_deductible"),
                Some(a.deductible.cite),
            );
        }
        if changed(6) {
            push(
                "assistance",
                Message::new("curve.assistance_limit"),
                Some(a.annual_limit.cite),
            );
        }
    }
    out
}

/// [`curve`] of a scenario given as JSON text, against the built-in policies.
#[cfg(feature = "text")]
pub fn curve_text(
    text: &str,
    set: Option<&crate::params_set::ParamSet>,
    care: Care,
    level: Option<u8>,
    cat: &'static Catalogue,
) -> Result<Curve, ErrorOut> {
    let input = crate::compare::input_of(text, cat)?;
    curve(crate::registry(), &input, set, care, level, cat)
}

/// The curve for one more visit of `care` (at `level`) after the scenario's visits, with an
/// agency's parameter set if any. A scenario the estimate refuses, with that visit added at a cost
/// of 0, is refused the same way (so a missing parameter the visit needs is reported).
pub fn curve(
    reg: &Registry,
    input: &Input,
    set: Option<&crate::params_set::ParamSet>,
    care: Care,
    level: Option<u8>,
    cat: &'static Catalogue,
) -> Result<Curve, ErrorOut> {
    let mut with = input.clone();
    if let Input::Object(members) = &mut with {
        let mut visit = vec![
            ("care".to_string(), Input::Str(care.id().to_string())),
            ("total".to_string(), Input::Str("0".into())),
        ];
        if let Some(l) = level {
            visit.push(("level".to_string(), Input::Number(Some(u64::from(l)))));
        }
        match members.iter_mut().find(|(k, _)| k == "visits") {
            Some((_, Input::Array(vs))) => vs.push(Input::Object(visit)),
            _ => members.push(("visits".into(), Input::Array(vec![Input::Object(visit)]))),
        }
    }
    crate::estimate_in(reg, &with, set, cat)?;
    let merged = set.and_then(|s| s.merge(&with));
    let fail = |e: crate::error::Error| ErrorOut {
        error: Box::new(e.render(cat)),
        needs: Vec::new(),
    };
    let sc = scenario::parse(merged.as_ref().unwrap_or(&with), reg).map_err(fail)?;
    let plan = settle::plan(&sc).map_err(fail)?;
    let mut probe = Probe {
        policy: sc.policy,
        plan: &plan,
        visits: sc.visits.clone(),
    };
    // Every kink of the added visit, named.
    let found: Vec<(i128, Vec<Kink>)> = regime_changes(MAX_FEN, |t| probe.at(t).map(|(_, r)| r))
        .into_iter()
        .map(|(t, old, new)| (t, kinks(sc.policy, &plan, care, &old, &new, cat)))
        .filter(|(_, k)| !k.is_empty())
        .collect();
    let last = found.last().map_or(0, |(t, _)| *t);
    // A quarter beyond the last kink, at least 1000 元 beyond it (MAX_FEN is far above 1000 元).
    let end = (last + (last / 4).max(100_000)).clamp(100_000, MAX_FEN);
    let mut points = Vec::new();
    let ends = [(0i128, Vec::new())];
    for (t, k) in ends.into_iter().chain(found).chain([(end, Vec::new())]) {
        if points
            .last()
            .is_some_and(|p: &CurvePoint| p.total.0 == amount(t))
        {
            continue;
        }
        let Some((a, _)) = probe.at(t) else { continue };
        points.push(CurvePoint {
            total: Amount(amount(t)),
            basic: Amount(a[0]),
            critical: Amount(a[1]),
            assistance: Amount(a[2]),
            fund: Amount(a[3]),
            out_of_pocket: Amount(amount(t) - a[3]),
            kinks: k,
        });
    }
    Ok(Curve {
        policy: sc.policy.meta.id.to_string(),
        care: care.id(),
        level,
        points,
        lang: cat.lang.to_string(),
    })
}
