//! Which tier is cheaper for this person, and from what spending the dearer one pays for itself
//! (issue 9; docs/CONTRACT.md, "Tier comparison").
//!
//! * **Alternatives.** The tiers a person may choose between are those sharing the chosen tier's
//!   `choice` set in the policy file (Tianjin's 高档 and 低档, "个人缴费分为高档、低档"); a tier
//!   without one (学生儿童) has none. Where the person's groups fix the enrolment (资助参保), every
//!   alternative comes to the same contribution tier, and there is nothing to choose.
//! * **Columns.** Each alternative is estimated exactly as `estimate` would with that tier: the
//!   premium the person pays, the out-of-pocket cost, and their sum, the year's cost. A settlement
//!   slip's basic-insurance amount belongs to the tier actually enrolled in, so it is left out
//!   for all of them (with a note) and basic insurance is computed from the rules.
//! * **Break-even.** The scenario's in-policy costs are scaled by a common factor (the excluded
//!   parts stay as they are). Each tier's year cost is then piecewise linear in the scaled
//!   in-policy total, with kinks where a deductible is used up, a cap or limit starts to bind, or
//!   the cumulative burden enters another band. Every kink is found exactly, to the 分: the
//!   settlement records which of those regimes each visit is in, regimes only ever advance as
//!   costs grow, so the first 分 at which the record changes is found by bisection between points
//!   of a doubling grid. Between kinks the difference of the two year costs is linear, so its
//!   first zero is found by bisection too. Where it never reaches zero, the largest amount the
//!   dearer tier pays back, and where, is the reason.

use crate::input::Input;
use crate::messages::{Arg, Catalogue, Message};
use crate::output::{Amount, ErrorOut};
use crate::scenario::{self, Visit};
use crate::settle::{
    self, AssistanceRecord, BasicRecord, CriticalPlan, CriticalRecord, Plan, Settlement,
};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use yibao_rules::{Policy, Registry, Tier};

/// One tier's column.
#[derive(Debug, Clone, Serialize)]
pub struct TierCost {
    /// The tier id.
    pub tier: String,
    /// Its name.
    pub name: String,
    /// Whether it is the scenario's own tier.
    pub chosen: bool,
    /// The individual contribution the person pays (after any 资助).
    pub individual: Amount,
    /// 个人自付 for the year's visits.
    pub out_of_pocket: Amount,
    /// `individual + out_of_pocket`: what the year costs the person.
    pub year_cost: Amount,
    /// Whether no alternative costs less.
    pub cheapest: bool,
    /// The year's other amounts under this tier.
    pub basic: Amount,
    /// 大病保险.
    pub critical: Amount,
    /// 医疗救助.
    pub assistance: Amount,
}

/// The break-even between a dearer tier and the cheapest-premium one.
#[derive(Debug, Clone, Serialize)]
pub struct BreakEven {
    /// The tier with the higher premium.
    pub higher: String,
    /// The tier with the lowest premium.
    pub lower: String,
    /// How much more the higher tier's premium is.
    pub extra_premium: Amount,
    /// The year's total medical cost at which both cost the person the same (above it the higher
    /// tier is cheaper), or `null` when that never happens.
    pub total: Option<Amount>,
    /// The in-policy part of that total.
    pub eligible: Option<Amount>,
    /// The most the higher tier pays back over the lower one at any spending (its extra benefit).
    pub max_gain: Amount,
    /// The year's total medical cost where that most is first reached.
    pub max_gain_total: Amount,
    /// The finding in a sentence.
    pub text: String,
    /// `text` as a key and typed arguments.
    pub message: Message,
}

/// The comparison (docs/CONTRACT.md, "Tier comparison").
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The policy id.
    pub policy: String,
    /// The scenario's tier.
    pub tier: String,
    /// One column per tier the person may enrol in, in the policy's order.
    pub tiers: Vec<TierCost>,
    /// For each alternative with a higher premium, against the lowest-premium one.
    pub break_even: Vec<BreakEven>,
    /// What the comparison assumes or leaves out, and the estimates' own warnings.
    pub notes: Vec<String>,
    /// `notes` as keys and typed arguments.
    pub note_messages: Vec<Message>,
    /// The language of the words.
    pub lang: String,
}

/// `input` with `tier` and without settlement-slip amounts.
fn with_tier(input: &Input, tier: &str) -> (Input, bool) {
    let mut slips = false;
    let Input::Object(members) = input else {
        return (input.clone(), false);
    };
    let mut out: Vec<(String, Input)> = Vec::with_capacity(members.len() + 1);
    for (k, v) in members {
        match (k.as_str(), v) {
            ("tier", _) => {}
            ("visits", Input::Array(vs)) => {
                let vs = vs
                    .iter()
                    .map(|v| match v {
                        Input::Object(m) => Input::Object(
                            m.iter()
                                .filter(|(k, _)| {
                                    let slip = k == "basic_paid";
                                    slips |= slip;
                                    !slip
                                })
                                .cloned()
                                .collect(),
                        ),
                        other => other.clone(),
                    })
                    .collect();
                out.push((k.clone(), Input::Array(vs)));
            }
            _ => out.push((k.clone(), v.clone())),
        }
    }
    out.push(("tier".into(), Input::Str(tier.to_string())));
    (Input::Object(out), slips)
}

/// A tier resolved for the break-even search.
struct Side<'p> {
    policy: &'p Policy,
    plan: Plan,
    premium: Decimal,
}

/// The regime each visit is in, layer by layer: within one regime the payments are linear in
/// the scaled costs (before rounding to the 分).
pub(crate) fn regime(plan: &Plan, s: &Settlement, out: &mut Vec<u8>) {
    let band = |x: Decimal| -> u8 {
        match &plan.critical {
            CriticalPlan::On { schedule, .. } => {
                // A band begins at its lower bound (the payment is continuous there, so either
                // side would do; this puts a curve's kink exactly on the boundary).
                let mut k = u8::from(x >= schedule.deductible);
                for b in schedule.bands.iter() {
                    if b.upto.is_some_and(|u| x >= u) {
                        k += 1;
                    }
                }
                k
            }
            _ => 0,
        }
    };
    for v in &s.visits {
        match v.basic_record {
            BasicRecord::Computed {
                deductible_due,
                deductible_used,
                raw,
                cap_left,
                ..
            } => {
                out.push(if deductible_used.is_zero() {
                    0
                } else if deductible_used < deductible_due {
                    1
                } else {
                    2
                });
                out.push(u8::from(cap_left.is_some_and(|c| raw >= c)));
            }
            _ => out.extend([9, 9]),
        }
        match &v.critical_record {
            CriticalRecord::Computed {
                before,
                after,
                owed,
                cap_left,
                ..
            } => {
                out.push(band(*before));
                out.push(band(*after));
                out.push(u8::from(cap_left.is_some_and(|c| *owed >= c)));
            }
            _ => out.extend([9, 9, 9]),
        }
        match v.assistance_record {
            AssistanceRecord::Computed {
                remaining,
                deductible_used,
                raw,
                limit_left,
                ..
            } => {
                out.push(if deductible_used.is_zero() {
                    0
                } else if deductible_used < remaining {
                    2
                } else {
                    1
                });
                out.push(u8::from(limit_left.is_some_and(|l| raw >= l)));
            }
            _ => out.extend([9, 9]),
        }
    }
}

/// The scenario's visits with their in-policy costs scaled so that they add up to `e` 分 (the
/// shares of the original costs, each rounded down to the 分, the last visit with a cost taking
/// the rest).
fn scaled(base: &[Visit], fen: &[i128], e0: i128, e: i128) -> Vec<Visit> {
    let last = fen.iter().rposition(|f| *f > 0);
    let mut given = 0;
    base.iter()
        .zip(fen)
        .enumerate()
        .map(|(i, (v, f))| {
            let share = if Some(i) == last {
                e - given
            } else {
                f * e / e0
            };
            given += share;
            Visit {
                total: v.excluded + Decimal::from_i128_with_scale(share, 2),
                basic_paid: None,
                ..*v
            }
        })
        .collect()
}

/// The year's out-of-pocket cost with each payment as computed, before its rounding to the 分
/// (each layer's base still uses the earlier layers' rounded payments, as the settlement does).
/// Within one regime it is linear in the scaled costs, so a break-even found on it is the
/// documents' arithmetic, not an artefact of rounding.
fn unrounded_out_of_pocket(s: &Settlement, visits: &[Visit]) -> Decimal {
    let mut paid = Decimal::ZERO;
    for r in &s.visits {
        paid += match r.basic_record {
            BasicRecord::Computed { exact, .. } => exact,
            _ => r.basic,
        };
        paid += match &r.critical_record {
            CriticalRecord::Computed { exact, .. } => *exact,
            _ => r.critical,
        };
        paid += match r.assistance_record {
            AssistanceRecord::Computed { exact, .. } => exact,
            _ => r.assistance,
        };
    }
    visits.iter().map(|v| v.total).sum::<Decimal>() - paid
}

/// The break-even search for one pair.
struct Search<'a, 'p> {
    high: &'a Side<'p>,
    low: &'a Side<'p>,
    visits: &'a [Visit],
    fen: Vec<i128>,
    e0: i128,
    /// `e` → (out-of-pocket under the higher tier, under the lower, their regimes).
    memo: HashMap<i128, (Decimal, Decimal, Vec<u8>)>,
}

impl Search<'_, '_> {
    fn at(&mut self, e: i128) -> &(Decimal, Decimal, Vec<u8>) {
        if !self.memo.contains_key(&e) {
            let visits = scaled(self.visits, &self.fen, self.e0, e);
            let mut sig = Vec::new();
            let mut oop = [Decimal::ZERO; 2];
            for (k, side) in [self.high, self.low].into_iter().enumerate() {
                // The plan settled these visits at scale 1, so only an impossible state fails
                // here; it counts as paying nothing, which the search then never prefers.
                match settle::settle_recorded(side.policy, &side.plan, &visits) {
                    Ok(s) => {
                        oop[k] = unrounded_out_of_pocket(&s, &visits);
                        regime(&side.plan, &s, &mut sig);
                    }
                    Err(_) => oop[k] = visits.iter().map(|v| v.total).sum(),
                }
            }
            self.memo.insert(e, (oop[0], oop[1], sig));
        }
        &self.memo[&e]
    }

    /// The higher tier's year cost less the lower's (payments before rounding).
    fn diff(&mut self, e: i128) -> Decimal {
        let extra = self.high.premium - self.low.premium;
        let &(h, l, _) = self.at(e);
        extra + h - l
    }

    fn regime(&mut self, e: i128) -> Vec<u8> {
        self.at(e).2.clone()
    }
}

/// 0, then 1 元 doubling up to `max` 分, then `max`: where the search for kinks starts.
fn grid(max: i128) -> Vec<i128> {
    let mut grid = vec![0i128];
    let mut g = 100i128;
    while g < max {
        grid.push(g);
        g *= 2;
    }
    grid.push(max);
    grid
}

/// Every kink in `[0, max]` 分 (for the break-even here, and the cost curve): the first 分 of
/// each new regime, with the regimes before and after it, in order. `regime(x)` is the regime
/// at `x`, `None` where the settlement refuses. Regimes only advance as costs grow, so between
/// two grid points with the same regime there is no kink, and where they differ the first 分 of
/// the next regime is found by bisection.
pub(crate) fn regime_changes(
    max: i128,
    mut regime: impl FnMut(i128) -> Option<Vec<u8>>,
) -> Vec<(i128, Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for w in grid(max).windows(2) {
        let (mut lo, hi) = (w[0], w[1]);
        let Some(end) = regime(hi) else {
            continue;
        };
        while let Some(r) = regime(lo) {
            if r == end {
                break;
            }
            let (mut a, mut b) = (lo, hi);
            while b - a > 1 {
                let mid = a + (b - a) / 2;
                match regime(mid) {
                    Some(m) if m != r => b = mid,
                    _ => a = mid,
                }
            }
            out.push((b, r, regime(b).unwrap_or_default()));
            lo = b;
        }
    }
    out
}

/// 10亿元 in 分: a visit's largest amount (docs/CONTRACT.md).
const MAX_FEN: i128 = 100_000_000_000;

/// An amount of at most two decimals in 分.
fn fen(d: Decimal) -> i128 {
    use rust_decimal::prelude::ToPrimitive;
    (d * Decimal::ONE_HUNDRED).round().to_i128().unwrap_or(0)
}

fn break_even(
    high: &Side,
    low: &Side,
    base: &[Visit],
    names: (&Tier, &Tier),
    cat: &Catalogue,
) -> BreakEven {
    let fens: Vec<i128> = base.iter().map(|v| fen(v.eligible())).collect();
    let excluded: i128 = base.iter().map(|v| fen(v.excluded)).sum();
    let e0: i128 = fens.iter().sum();
    let extra = high.premium - low.premium;
    let amount = |f: i128| Amount(Decimal::from_i128_with_scale(f, 2));
    let (h, l) = (
        Arg::Text(names.0.name.clone()),
        Arg::Text(names.1.name.clone()),
    );
    let done =
        |total: Option<i128>, e: Option<i128>, gain: (Decimal, i128), m: Message| BreakEven {
            higher: names.0.id.to_string(),
            lower: names.1.id.to_string(),
            extra_premium: Amount(extra),
            total: total.map(amount),
            eligible: e.map(amount),
            max_gain: Amount(gain.0),
            max_gain_total: amount(gain.1),
            text: cat.render(&m),
            message: cat.localize(m),
        };
    if e0 <= 0 {
        let m = Message::new("compare.no_cost")
            .arg("higher", h)
            .arg("lower", l);
        return done(None, None, (Decimal::ZERO, excluded), m);
    }
    // The largest in-policy total for which no visit exceeds 10亿元.
    let e_max = base
        .iter()
        .zip(&fens)
        .filter(|(_, f)| **f > 0)
        .map(|(v, f)| (MAX_FEN - fen(v.total - v.eligible())) * e0 / f)
        .min()
        .unwrap_or(MAX_FEN)
        .max(1);
    let mut s = Search {
        high,
        low,
        visits: base,
        fen: fens,
        e0,
        memo: HashMap::new(),
    };
    // The grid and every kink, with the 分 just before it.
    let mut points = grid(e_max);
    for (k, _, _) in regime_changes(e_max, |e| Some(s.regime(e))) {
        points.push(k - 1);
        points.push(k);
    }
    points.sort_unstable();
    points.dedup();
    // The first zero of the difference, and the largest gain.
    let mut found = None;
    let mut best = (Decimal::MIN, 0i128);
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        for e in [a, b] {
            let gain = extra - s.diff(e);
            if gain > best.0 {
                best = (gain, e);
            }
        }
        let (da, db) = (s.diff(a), s.diff(b));
        if found.is_none() && da > Decimal::ZERO && db <= Decimal::ZERO {
            // Linear between two points of one regime: where the line crosses 0, rounded up to
            // the 分 (from there on the higher tier costs no more).
            let x = Decimal::from_i128_with_scale(b - a, 2) * da / (da - db);
            found = Some(
                a + fen(
                    x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToPositiveInfinity)
                ),
            );
        }
    }
    let gain = (
        yibao_rules::money::to_fen(best.0.max(Decimal::ZERO)),
        excluded + best.1,
    );
    match found {
        Some(e) => {
            let m = Message::new("compare.break_even")
                .arg("higher", h)
                .arg("lower", l)
                .arg("extra", Arg::Amount(extra))
                .arg("total", Arg::Amount(amount(excluded + e).0))
                .arg("eligible", Arg::Amount(amount(e).0));
            done(Some(excluded + e), Some(e), gain, m)
        }
        None if gain.0 > Decimal::ZERO => {
            let m = Message::new("compare.never")
                .arg("higher", h)
                .arg("lower", l)
                .arg("extra", Arg::Amount(extra))
                .arg("gain", Arg::Amount(gain.0))
                .arg("total", Arg::Amount(amount(gain.1).0));
            done(None, None, gain, m)
        }
        None => {
            let m = Message::new("compare.never_no_gain")
                .arg("higher", h)
                .arg("lower", l)
                .arg("extra", Arg::Amount(extra));
            done(None, None, gain, m)
        }
    }
}

/// Compares the tiers this person may enrol in (docs/CONTRACT.md, "Tier comparison"), with an
/// agency's parameter set if any. A scenario the estimate refuses is refused the same way.
pub fn compare(
    reg: &Registry,
    input: &Input,
    set: Option<&crate::params_set::ParamSet>,
    cat: &'static Catalogue,
) -> Result<Comparison, ErrorOut> {
    let estimate = |i: &Input| crate::estimate_in(reg, i, set, cat);
    // The scenario as given first: its own mistakes, worded as the estimate words them.
    estimate(input)?;
    let merged = set.and_then(|s| s.merge(input));
    let given = merged.as_ref().unwrap_or(input);
    let sc = scenario::parse(given, reg).map_err(|e| ErrorOut {
        error: Box::new(e.render(cat)),
        needs: Vec::new(),
    })?;
    let policy = sc.policy;
    let chosen = &policy.tiers[sc.tier];
    let mut notes: Vec<Message> = Vec::new();
    let mut tiers = Vec::new();
    let mut sides = Vec::new();
    let mut slips = false;
    let mut warnings: Vec<Message> = Vec::new();
    for t in policy.alternatives(chosen) {
        let (i, had_slips) = with_tier(input, &t.id);
        slips |= had_slips;
        let e = estimate(&i)?;
        for w in e.warning_messages {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        let merged = set.and_then(|s| s.merge(&i));
        let sct = scenario::parse(merged.as_ref().unwrap_or(&i), reg).map_err(|e| ErrorOut {
            error: Box::new(e.render(cat)),
            needs: Vec::new(),
        })?;
        let plan = settle::plan(&sct).map_err(|e| ErrorOut {
            error: Box::new(e.render(cat)),
            needs: Vec::new(),
        })?;
        let individual = e.contribution.individual.0;
        let oop = e.amounts.out_of_pocket.0;
        tiers.push(TierCost {
            tier: t.id.to_string(),
            name: cat.policy_text(&t.name).to_string(),
            chosen: t.id == chosen.id,
            individual: Amount(individual),
            out_of_pocket: Amount(oop),
            year_cost: Amount(individual + oop),
            cheapest: false,
            basic: e.amounts.basic,
            critical: e.amounts.critical,
            assistance: e.amounts.assistance,
        });
        sides.push((
            t,
            plan.contribution.tier,
            Side {
                policy,
                premium: plan.contribution.individual,
                plan,
            },
        ));
    }
    let least = tiers
        .iter()
        .map(|t| t.year_cost.0)
        .min()
        .unwrap_or_default();
    for t in &mut tiers {
        t.cheapest = t.year_cost.0 == least;
    }
    let mut break_even = Vec::new();
    if sides.len() < 2 {
        notes.push(
            Message::new("compare.no_alternatives")
                .arg("tier", Arg::Text(chosen.name.clone()))
                .arg("description", Arg::Text(chosen.description.clone())),
        );
    } else if sides.iter().all(|(_, c, _)| *c == sides[0].1) {
        // 资助参保: the groups fix the contribution tier (and the benefits) whatever is chosen.
        notes.push(
            Message::new("compare.fixed_by_group")
                .arg("tier", Arg::Text(policy.tiers[sides[0].1].name.clone())),
        );
    } else {
        let base: Vec<Visit> = sc
            .visits
            .iter()
            .map(|v| Visit {
                basic_paid: None,
                ..*v
            })
            .collect();
        let low = sides
            .iter()
            .min_by_key(|(_, _, s)| s.premium)
            .map(|(t, _, _)| t.id.clone());
        if let Some((lt, _, ls)) = sides.iter().find(|(t, _, _)| Some(&t.id) == low.as_ref()) {
            for (ht, _, hs) in &sides {
                if ht.id == lt.id {
                    continue;
                }
                if hs.premium == ls.premium {
                    notes.push(
                        Message::new("compare.same_premium")
                            .arg("higher", Arg::Text(ht.name.clone()))
                            .arg("lower", Arg::Text(lt.name.clone())),
                    );
                    continue;
                }
                break_even.push(self::break_even(hs, ls, &base, (ht, lt), cat));
            }
        }
    }
    if slips {
        notes.push(Message::new("compare.slip_ignored"));
    }
    notes.extend(warnings);
    Ok(Comparison {
        policy: policy.meta.id.to_string(),
        tier: chosen.id.to_string(),
        tiers,
        break_even,
        notes: notes.iter().map(|m| cat.render(m)).collect(),
        note_messages: notes.into_iter().map(|m| cat.localize(m)).collect(),
        lang: cat.lang.to_string(),
    })
}

/// JSON text as an input tree, or the `invalid_json` error document (for `compare_text` and
/// `curve_text`).
#[cfg(feature = "text")]
pub(crate) fn input_of(text: &str, cat: &Catalogue) -> Result<Input, ErrorOut> {
    crate::parse_text(text).map_err(|e| ErrorOut {
        error: Box::new(e.render(cat)),
        needs: Vec::new(),
    })
}

/// The comparison of a scenario given as JSON text, against the built-in policies.
#[cfg(feature = "text")]
pub fn compare_text(
    text: &str,
    set: Option<&crate::params_set::ParamSet>,
    cat: &'static Catalogue,
) -> Result<Comparison, ErrorOut> {
    compare(crate::registry(), &input_of(text, cat)?, set, cat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fen_of_amounts() {
        assert_eq!(fen(Decimal::new(123456, 2)), 123456);
        assert_eq!(fen(Decimal::new(12, 0)), 1200);
        assert_eq!(fen(Decimal::new(5, 1)), 50);
    }
}
