//! The batch engine: [`crate::settle`]'s settlement, step for step, in exact integers.
//!
//! Why a second engine: an agency's what-if settles a million persons at a time, and
//! `rust_decimal`'s 96-bit arithmetic with a scale on every value costs several times what the
//! same sums cost on machine integers. Why it is still exact: every amount the documents, the
//! agencies and the residents give has at most two decimals and every ratio at most four, so
//!
//! * an amount is a whole number of 分 (`i64`);
//! * a ratio is a whole number of basis points, the fraction `bp / 10000`;
//! * an amount times a ratio is a whole number of `分 × bp` (`i64`, at most 10^11 分 × 500
//!   visits × 10^4 bp = 5 × 10^17, below `i64::MAX`);
//! * rounding to the 分 is `(x + 5000) / 10000` on non-negative `x`: half up, as
//!   [`yibao_rules::money::to_fen`] does, at exactly the points where `settle.rs` rounds.
//!
//! A plan whose numbers do not fit these units (a derived deductible of half a 分, a ratio of five
//! decimals) is not converted ([`FixedPlan::new`] returns `None`), and the batch settles those
//! persons with the decimal engine instead. So the batch's figures are the decimal engine's by
//! construction, and a property test checks it on random scenarios across all four policies.
//!
//! The settlement loop allocates nothing: its state is a few integers per care type.

use crate::settle::{AssistancePlan, CriticalPlan, Plan};
use crate::Visit;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use yibao_rules::{CareSet, Mode};

/// Basis points in one: ratios are `bp / ONE`.
const ONE: i64 = 10_000;

/// A decimal as whole 分, if it is one and is small enough to add up safely.
fn fen(d: Decimal) -> Option<i64> {
    let x = d * Decimal::ONE_HUNDRED;
    (x.fract().is_zero() && x.abs() < Decimal::from(1_000_000_000_000_000i64))
        .then(|| x.to_i64())
        .flatten()
}

/// A ratio as whole basis points, if it is one (at most four decimals, between 0 and 10).
fn bp(d: Decimal) -> Option<i64> {
    let x = d * Decimal::from(ONE);
    (x.fract().is_zero() && d >= Decimal::ZERO && d <= Decimal::TEN)
        .then(|| x.to_i64())
        .flatten()
}

/// Rounds `分 × bp` to the 分, half away from zero (half up: payments are never negative).
#[inline]
fn to_fen(x: i64) -> i64 {
    if x >= 0 {
        (x + ONE / 2) / ONE
    } else {
        -((-x + ONE / 2) / ONE)
    }
}

/// `min(raw, left)`, `raw` in 分 × bp and `left` in 分; `None` is no cap. Without a branch on
/// whether the cap binds (it does for some persons and not others).
#[inline]
fn capped(raw: i64, left: Option<i64>) -> i64 {
    raw.min(left.map_or(i64::MAX, |l| l * ONE))
}

/// A value that may be missing: the decimal engine reports the missing parameter.
type Maybe<T> = Option<T>;

#[derive(Debug, Clone, Copy)]
struct Basic {
    level_needed: bool,
    deductible: [Maybe<i64>; 3],
    mode: Maybe<Mode>,
    ratio: [Maybe<i64>; 3],
    cap: Maybe<Option<i64>>,
}

/// The most bands a schedule may have (the policy compiler's and the scenario's limit).
const MAX_SEGMENTS: usize = 20;

/// "No limit": an open band's end, or no cap.
const OPEN: i64 = i64::MAX;

/// A schedule in integers: band `k` is `[lo[k], hi[k])` on the cumulative burden, in 分, paid at
/// `ratio[k]` bp; `full[k]` is what the bands before it pay in full, in 分 × bp.
#[derive(Debug, Clone, Copy)]
struct Critical {
    lo: [i64; MAX_SEGMENTS],
    hi: [i64; MAX_SEGMENTS],
    ratio: [i64; MAX_SEGMENTS],
    full: [i64; MAX_SEGMENTS],
    len: usize,
    /// The annual cap, or `OPEN`.
    cap: i64,
}

impl Critical {
    /// `Schedule::value` in 分 × bp: the sum over bands of ratio × the part of `[0, b)` inside
    /// the band. Bands start where the previous one ended (only the last may be open), so every
    /// band below the one `b` falls in is paid in full: `full[k]` plus the part of band `k`.
    #[inline]
    fn value(&self, b: i64) -> i64 {
        // Written without a branch on where b falls (burdens are spread over every band, so a
        // search that branched would mispredict on most persons): count the bands that start
        // below b; the last of them is the one b falls in, and every band before it is paid in
        // full (`full`).
        let len = self.len.min(MAX_SEGMENTS);
        let mut n = 0;
        for k in 0..len {
            n += usize::from(self.lo[k] < b);
        }
        let k = n.saturating_sub(1);
        let part = (b.min(self.hi[k]) - self.lo[k]).max(0) * self.ratio[k];
        // No band below b: nothing (n = 0 makes `part` use band 0 with b ≤ its start, so 0).
        self.full[k] + part
    }

    /// The same, band by band, as `Schedule::value` writes it (for the test that the two agree).
    #[cfg(test)]
    fn value_by_bands(&self, b: i64) -> i64 {
        let mut f = 0;
        for k in 0..self.len {
            if b <= self.lo[k] {
                break;
            }
            let top = if self.hi[k] < b { self.hi[k] } else { b };
            if top > self.lo[k] {
                f += (top - self.lo[k]) * self.ratio[k];
            }
        }
        f
    }
}

#[derive(Debug, Clone, Copy)]
struct Assistance {
    ratio: i64,
    deductible: i64,
    limit: Option<i64>,
}

/// A person's plan in integers. `Copy` and free of pointers, so a batch keeps one per person
/// type and the loop reads it from cache.
#[derive(Debug, Clone, Copy)]
pub struct FixedPlan {
    basic: [Basic; 3],
    scope: CareSet,
    critical: Option<Critical>,
    assistance: Option<Assistance>,
    /// What the person pays for the year, in 分.
    pub individual: i64,
    /// The fiscal subsidy per person, in 分.
    pub subsidy: i64,
}

/// One visit in 分.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedVisit {
    /// The care type's index (`Care as usize`).
    pub care: u8,
    /// The hospital level, 1 to 3, or 0 when not given.
    pub level: u8,
    /// 医疗总费用.
    pub total: i64,
    /// The part outside the policy range.
    pub excluded: i64,
    /// The slip's basic-insurance payment, or −1 when not given.
    pub basic_paid: i64,
}

impl FixedVisit {
    /// A validated visit in 分 (its amounts have at most two decimals and are at most 10亿元).
    pub fn new(v: &Visit) -> Option<FixedVisit> {
        Some(FixedVisit {
            care: v.care as u8,
            level: v.level.unwrap_or(0),
            total: fen(v.total)?,
            excluded: fen(v.excluded)?,
            basic_paid: match v.basic_paid {
                Some(p) => fen(p)?,
                None => -1,
            },
        })
    }
}

/// A person's year, in 分.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FixedTotals {
    /// 医疗总费用.
    pub total: i64,
    /// 基本医保.
    pub basic: i64,
    /// 大病保险.
    pub critical: i64,
    /// 医疗救助.
    pub assistance: i64,
    /// 个人自付.
    pub out_of_pocket: i64,
}

/// Why a person cannot be settled in integers: the decimal engine settles (or refuses) them, with
/// its own messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UseDecimal;

impl FixedPlan {
    /// The plan in integers, or `None` when one of its numbers does not fit the units.
    pub fn new(plan: &Plan) -> Option<FixedPlan> {
        let mut basic = [Basic {
            level_needed: false,
            deductible: [None; 3],
            mode: None,
            ratio: [None; 3],
            cap: None,
        }; 3];
        for (b, p) in basic.iter_mut().zip(&plan.basic) {
            b.level_needed = p.level_needed;
            for l in 0..3 {
                b.deductible[l] = match p.deductible[l] {
                    Ok(d) => Some(fen(d)?),
                    Err(_) => None,
                };
                b.ratio[l] = match p.ratio[l] {
                    Ok(r) => Some(bp(r)?),
                    Err(_) => None,
                };
            }
            b.mode = p.mode.ok();
            b.cap = match p.cap {
                Ok(Some(c)) => Some(Some(fen(c)?)),
                Ok(None) => Some(None),
                Err(_) => None,
            };
        }
        let critical = match &plan.critical {
            CriticalPlan::On { schedule, .. } => {
                if schedule.bands.len() > MAX_SEGMENTS {
                    return None;
                }
                let mut c = Critical {
                    lo: [0; MAX_SEGMENTS],
                    hi: [OPEN; MAX_SEGMENTS],
                    ratio: [0; MAX_SEGMENTS],
                    full: [0; MAX_SEGMENTS],
                    len: 0,
                    cap: match schedule.cap {
                        Some(c) => fen(c)?,
                        None => OPEN,
                    },
                };
                let mut full = 0i64;
                for (k, (lo, hi, ratio)) in schedule.segments().enumerate() {
                    let (lo, ratio) = (fen(lo)?, bp(ratio)?);
                    let hi = match hi {
                        Some(h) => fen(h)?,
                        // Only the last band may be open; one that is not last would make the
                        // bands after it unreachable in the shortcut: leave it to the decimal
                        // engine.
                        None if k + 1 < schedule.bands.len() => return None,
                        None => OPEN,
                    };
                    // Bands must follow one another (the compiler and the scenario check it);
                    // anything else is left to the decimal engine.
                    if k > 0 && lo != c.hi[k - 1].max(c.lo[k - 1]) {
                        return None;
                    }
                    c.lo[k] = lo;
                    c.hi[k] = hi;
                    c.ratio[k] = ratio;
                    c.full[k] = full;
                    if hi != OPEN {
                        full = full.checked_add((hi - lo).max(0).checked_mul(ratio)?)?;
                    }
                    c.len = k + 1;
                }
                Some(c)
            }
            CriticalPlan::Off(_) => None,
        };
        let assistance = match plan.assistance {
            AssistancePlan::On {
                ratio,
                deductible,
                limit,
                ..
            } => Some(Assistance {
                ratio: bp(ratio)?,
                deductible: fen(deductible)?,
                limit: match limit {
                    Some(l) => Some(fen(l)?),
                    None => None,
                },
            }),
            AssistancePlan::Off(_) => None,
        };
        Some(FixedPlan {
            basic,
            scope: plan.scope,
            critical,
            assistance,
            individual: fen(plan.contribution.individual)?,
            subsidy: fen(plan.contribution.subsidy)?,
        })
    }

    /// Settles a year of visits, in time order, exactly as [`crate::settle::settle`] does. A
    /// visit that needs a parameter the plan lacks, or a level it was not given, is left to the
    /// decimal engine (which reports it).
    #[inline(always)]
    pub fn settle(&self, visits: &[FixedVisit]) -> Result<FixedTotals, UseDecimal> {
        let mut ded_met = [0i64; 3];
        let mut basic_paid = [0i64; 3];
        let (mut burden_cum, mut crit_paid) = (0i64, 0i64);
        let (mut a_ded_met, mut a_paid) = (0i64, 0i64);
        let mut t = FixedTotals::default();
        for v in visits {
            let care = usize::from(v.care);
            let bp = self.basic.get(care).ok_or(UseDecimal)?;
            let eligible = v.total - v.excluded;

            // 1. Basic insurance.
            let basic = if v.basic_paid >= 0 {
                let li = usize::from(v.level.max(1) - 1);
                if let (Some(Mode::Annual), Some(d)) = (bp.mode, bp.deductible[li]) {
                    let due = (d - ded_met[care]).max(0);
                    ded_met[care] += due.min(eligible);
                }
                basic_paid[care] += v.basic_paid;
                v.basic_paid
            } else {
                let level = match (bp.level_needed, v.level) {
                    (_, 1..=3) => usize::from(v.level - 1),
                    (false, _) => 0,
                    (true, _) => return Err(UseDecimal),
                };
                let (Some(d), Some(mode), Some(r), Some(cap)) =
                    (bp.deductible[level], bp.mode, bp.ratio[level], bp.cap)
                else {
                    return Err(UseDecimal);
                };
                let due = match mode {
                    Mode::PerVisit => d,
                    Mode::Annual => (d - ded_met[care]).max(0),
                };
                let used = due.min(eligible);
                if mode == Mode::Annual {
                    ded_met[care] += used;
                }
                let raw = (eligible - used) * r;
                let cap_left = cap.map(|c| (c - basic_paid[care]).max(0));
                let paid = to_fen(capped(raw, cap_left));
                basic_paid[care] += paid;
                paid
            };

            // 2. Critical illness, on the cumulative burden left after basic insurance.
            let critical = match &self.critical {
                Some(c) if self.scope.0 & (1 << care) != 0 => {
                    let after = burden_cum + (eligible - basic);
                    let f_after = c.value(after);
                    let cap_left = (c.cap != OPEN).then(|| (c.cap - crit_paid).max(0));
                    let owed = (f_after - crit_paid * ONE).max(0);
                    let paid = to_fen(capped(owed, cap_left));
                    burden_cum = after;
                    crit_paid += paid;
                    paid
                }
                _ => 0,
            };

            // 3. Medical assistance, on what is still in-policy and unpaid.
            let assistance = match &self.assistance {
                Some(a) => {
                    let remaining = eligible - basic - critical;
                    let used = (a.deductible - a_ded_met).max(0).min(remaining);
                    a_ded_met += used;
                    let limit_left = a.limit.map(|l| (l - a_paid).max(0));
                    let paid = to_fen(capped((remaining - used) * a.ratio, limit_left));
                    a_paid += paid;
                    paid
                }
                None => 0,
            };

            t.total += v.total;
            t.basic += basic;
            t.critical += critical;
            t.assistance += assistance;
        }
        t.out_of_pocket = t.total - t.basic - t.critical - t.assistance;
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_to_the_fen_is_half_up() {
        // 0.005 元 = 0.5 分 = 5000 分·bp → 1 分; 0.0049999 → 0.
        assert_eq!(to_fen(5_000), 1);
        assert_eq!(to_fen(4_999), 0);
        assert_eq!(to_fen(15_000), 2);
        assert_eq!(to_fen(-5_000), -1);
    }

    #[test]
    fn the_shortcut_through_full_bands_equals_the_band_by_band_sum() {
        // Dongying's general table: 16000; 60% to 10万, 65% to 20万, 70% to 30万, 75% above.
        let mut c = Critical {
            lo: [0; MAX_SEGMENTS],
            hi: [OPEN; MAX_SEGMENTS],
            ratio: [0; MAX_SEGMENTS],
            full: [0; MAX_SEGMENTS],
            len: 4,
            cap: OPEN,
        };
        let bands = [
            (16_000 * 100, 100_000 * 100, 6000),
            (100_000 * 100, 200_000 * 100, 6500),
            (200_000 * 100, 300_000 * 100, 7000),
            (300_000 * 100, OPEN, 7500),
        ];
        let mut full = 0;
        for (k, (lo, hi, r)) in bands.into_iter().enumerate() {
            (c.lo[k], c.hi[k], c.ratio[k], c.full[k]) = (lo, hi, r, full);
            if hi != OPEN {
                full += (hi - lo) * r;
            }
        }
        for b in (0..60_000_000i64).step_by(99_991).chain([
            16_000 * 100,
            100_000 * 100,
            300_000 * 100,
            300_000 * 100 + 1,
        ]) {
            assert_eq!(c.value(b), c.value_by_bands(b), "{b}");
        }
        // (100000 − 16000) × 60% + (150000 − 100000) × 65% = 50400 + 32500 = 82900 元.
        assert_eq!(to_fen(c.value(150_000 * 100)), 82_900 * 100);
    }

    #[test]
    fn only_whole_fen_and_basis_points_convert() {
        assert_eq!(fen(Decimal::new(12_345, 2)), Some(12345));
        assert_eq!(fen(Decimal::new(16_000_505, 3)), None); // 16000.505: half a 分
        assert_eq!(bp(Decimal::new(55, 2)), Some(5500));
        assert_eq!(bp(Decimal::new(12_345, 5)), None); // 0.12345
    }
}
