//! What-if over a year of claims (docs/CONTRACT.md, "Claims files and `yibao batch`"): every
//! person of a claims file settled under a policy and an agency's parameter set, and under a
//! reform set, with the totals and who pays more or less.
//!
//! * **Rows.** One row is one visit: `person`, `seq` (its order in the person's year), `tier`,
//!   `groups` (`;`-separated), `care`, `level`, `total`, `excluded`, `basic_paid`. A row is
//!   checked by the same code as a scenario's visit, so a mistake gets the estimator's message;
//!   a bad row is reported (line, column, message) and skipped, and the rest is kept.
//! * **Persons.** A person's rows may be anywhere in the file. A first pass over the file checks
//!   whether it is sorted by person; if it is, each person is settled as soon as the next one
//!   starts, in constant memory. If not, a second pass records the line of each person's last
//!   row, and a person is settled when that line is read: only persons whose rows are not yet
//!   complete are held.
//! * **Plans** are resolved once per person type (tier and groups), for the set and for the
//!   reform, and converted to integers ([`crate::fixed`]). Persons whose plan does not fit
//!   integers, or whose visits need what the plan lacks, are settled (or refused) by the decimal
//!   engine, with its messages.

use crate::error::{Error, PathPart};
use crate::fixed::{FixedPlan, FixedTotals, FixedVisit};
use crate::input::Input;
use crate::messages::{clip, Arg, Catalogue, Message};
use crate::params_set::ParamSet;
use crate::scenario::{self, Scenario, Visit};
use crate::settle::{self, Plan};
use serde::Serialize;
use std::collections::HashMap;
use yibao_rules::{Policy, Registry};

/// The columns of a claims file, in the contract's order.
pub const COLUMNS: [&str; 9] = [
    "person",
    "seq",
    "tier",
    "groups",
    "care",
    "level",
    "total",
    "excluded",
    "basic_paid",
];

/// Column indexes in [`COLUMNS`].
pub const PERSON: usize = 0;
/// `seq`.
pub const SEQ: usize = 1;
/// `tier`.
pub const TIER: usize = 2;
/// `groups`.
pub const GROUPS: usize = 3;
/// `care`.
pub const CARE: usize = 4;
/// `level`.
pub const LEVEL: usize = 5;
/// `total`.
pub const TOTAL: usize = 6;
/// `excluded`.
pub const EXCLUDED: usize = 7;
/// `basic_paid`.
pub const BASIC_PAID: usize = 8;

/// An amount as `money::parse_amount` reads it, in 分, for the plain case only: digits, at most
/// one point with one or two decimals after it, at most 10亿元. `None` for anything else, which
/// the scenario's checks then read (and refuse with their message, or accept).
fn fast_fen(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 13 {
        return None;
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) if !f.is_empty() && f.len() <= 2 => (i, f),
        Some(_) => return None,
        None => (s, ""),
    };
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut v: i64 = 0;
    for c in int.bytes() {
        v = v * 10 + i64::from(c - b'0');
    }
    let mut f: i64 = 0;
    for c in frac.bytes() {
        f = f * 10 + i64::from(c - b'0');
    }
    if frac.len() == 1 {
        f *= 10;
    }
    let fen = v.checked_mul(100)? + f;
    // 10亿元, as `money::MAX_AMOUNT`.
    (fen <= 100_000_000_000).then_some(fen)
}

/// A visit the scenario's checks would accept, read directly (see [`fast_fen`]).
fn fast_visit(
    care: &str,
    level: &str,
    total: &str,
    excluded: &str,
    basic_paid: &str,
) -> Option<Visit> {
    let care = yibao_rules::Care::parse(care)?;
    let level = match level {
        "" => None,
        "1" => Some(1),
        "2" => Some(2),
        "3" => Some(3),
        _ => return None,
    };
    let total = fast_fen(total)?;
    let excluded = if excluded.is_empty() {
        0
    } else {
        fast_fen(excluded)?
    };
    let basic_paid = if basic_paid.is_empty() {
        None
    } else {
        Some(fast_fen(basic_paid)?)
    };
    if excluded > total || basic_paid.is_some_and(|p| p > total - excluded) {
        return None;
    }
    let d = |fen: i64| rust_decimal::Decimal::new(fen, 2);
    Some(Visit {
        care,
        level,
        total: d(total),
        excluded: d(excluded),
        basic_paid: basic_paid.map(d),
    })
}

/// A `seq` of plain digits, from 1 to 1,000,000.
fn fast_seq(s: &str) -> Option<u64> {
    (!s.is_empty() && s.len() <= 7 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|v| (1..=1_000_000).contains(v))
}

/// A person's groups in one order, so that "dibao;tekun" and "tekun; dibao" are the same person
/// type. Not deduplicated: a repeated group is the scenario's mistake to report.
fn canonical_groups(groups: &str) -> String {
    if !groups.contains(';') {
        return groups.to_string();
    }
    let mut list: Vec<&str> = groups
        .split(';')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .collect();
    list.sort_unstable();
    list.join(";")
}

/// Mistakes kept in full in the summary (all are counted, and the command line prints all).
pub const MAX_REPORTED: usize = 1000;

/// One valid row.
#[derive(Debug, Clone)]
pub struct Row {
    /// The line in the file (1-based, the header is line 1).
    pub line: u64,
    /// The person's id.
    pub person: String,
    /// The visit's order within the person's year.
    pub seq: u64,
    /// The tier, or empty for the policy's first.
    pub tier: String,
    /// The groups, as written.
    pub groups: String,
    /// The visit.
    pub visit: Visit,
}

/// A mistake in a row (or in a person's rows), worded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowError {
    /// The line in the file.
    pub line: u64,
    /// The column at fault (`total`, `tier`, …), or empty for the row as a whole.
    pub column: String,
    /// The person, when known.
    pub person: String,
    /// The sentence.
    pub message: String,
    /// Its message key.
    pub key: &'static str,
}

/// A person's year, in 分.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amounts {
    /// The five amounts.
    pub year: FixedTotals,
    /// What the person pays for the year.
    pub individual: i64,
    /// The fiscal subsidy.
    pub subsidy: i64,
}

/// One settled person.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The person's id.
    pub person: String,
    /// Under the set.
    pub base: Amounts,
    /// Under the reform set, when there is one.
    pub reform: Option<Amounts>,
}

/// How a person's rows ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Settled {
    /// Settled.
    Ok(Outcome),
    /// Settled on the valid rows; the others were skipped (the mistakes, and how many rows).
    Partial(Outcome, Vec<RowError>, u64),
    /// Refused: no figure; the rows count as invalid.
    Refused(Vec<RowError>, u64),
}

/// Money in 分 written as yuan with two decimals.
pub fn yuan(fen: i128) -> String {
    let (sign, v) = if fen < 0 { ("-", -fen) } else { ("", fen) };
    format!("{sign}{}.{:02}", v / 100, v % 100)
}

/// A plan for one person type, under one set.
// A batch holds one per person type (a handful), never in bulk: no box for the larger variant.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum TypePlan {
    /// The plan, and its integer form when it fits.
    Ready {
        plan: Box<Plan>,
        fixed: Option<FixedPlan>,
        tier: usize,
        tier_given: bool,
        groups: yibao_rules::Groups,
        params: Vec<Option<scenario::ParamValue>>,
    },
    /// The person type itself is refused (an unknown tier or group, a missing parameter).
    Refused(Error),
}

/// The claims of one policy, settled under a set and optionally a reform.
pub struct Batch<'a> {
    reg: &'a Registry,
    policy: &'a Policy,
    cat: &'a Catalogue,
    set: Option<ParamSet>,
    reform: Option<ParamSet>,
    with_reform: bool,
    plans: Vec<(String, String, TypePlan, Option<TypePlan>)>,
}

/// A parameter set or reform made for another policy than the batch's.
#[derive(Debug, Clone)]
pub struct OtherPolicy {
    /// Whether it is the reform (else the set).
    pub reform: bool,
    /// The mistake, naming both policies.
    pub message: String,
}

impl<'a> Batch<'a> {
    /// A batch for a policy of `reg`; `set` and `reform` are agency parameter sets, and with a
    /// reform every person is settled twice.
    ///
    /// A set or reform for another policy is refused: in an estimate such a set is set aside with
    /// a warning, but a batch would then quietly settle a whole file without the agency's values.
    pub fn new(
        reg: &'a Registry,
        policy: &'a Policy,
        cat: &'a Catalogue,
        set: Option<ParamSet>,
        reform: Option<ParamSet>,
    ) -> Result<Self, OtherPolicy> {
        for (s, is_reform, key) in [
            (&set, false, "batch.set_other_policy"),
            (&reform, true, "batch.reform_other_policy"),
        ] {
            if let Some(s) = s.as_ref().filter(|s| s.policy != policy.meta.id.as_ref()) {
                let m = Message::new(key)
                    .arg("agency", Arg::Raw(s.agency.name.clone()))
                    .arg("set", Arg::Raw(s.policy.clone()))
                    .arg("policy", Arg::Raw(policy.meta.id.to_string()));
                return Err(OtherPolicy {
                    reform: is_reform,
                    message: cat.render(&m),
                });
            }
        }
        Ok(Batch {
            reg,
            policy,
            cat,
            with_reform: reform.is_some(),
            set,
            reform,
            plans: Vec::new(),
        })
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        self.policy
    }

    /// The catalogue the batch words its mistakes with.
    pub fn cat(&self) -> &'a Catalogue {
        self.cat
    }

    /// Whether results carry the reform's amounts.
    pub fn with_reform(&self) -> bool {
        self.with_reform
    }

    fn error(&self, line: u64, column: &str, person: &str, m: Message) -> RowError {
        RowError {
            line,
            column: column.to_string(),
            person: person.to_string(),
            message: self.cat.render(&m),
            key: m.key,
        }
    }

    fn engine_error(&self, line: u64, person: &str, e: &Error) -> RowError {
        // The column is the last name in the engine's path: visits[0].total → total.
        let column = e
            .path
            .iter()
            .rev()
            .find_map(|p| match p {
                PathPart::Key(k) if k != "visits" => Some(k.as_str()),
                _ => None,
            })
            .unwrap_or("");
        let column = match column {
            c if c.starts_with("params") || self.policy.param_index(c).is_some() => "",
            c => c,
        };
        RowError {
            line,
            column: column.to_string(),
            person: person.to_string(),
            message: self.cat.render(&e.detail),
            key: e.detail.key,
        }
    }

    /// Reads one CSV row; `field(i)` is the text of column `COLUMNS[i]`. A mistake names its
    /// column.
    pub fn read_row<'f>(
        &self,
        line: u64,
        field: impl Fn(usize) -> Option<&'f str>,
    ) -> Result<Row, RowError> {
        let text = |i: usize| field(i).map(str::trim).unwrap_or("");
        let (person, seq) = (text(PERSON), text(SEQ));
        // The common case, read directly; anything it does not accept goes through the
        // scenario's own checks below, which decide (and word the mistake).
        if let Some(visit) = fast_visit(
            text(CARE),
            text(LEVEL),
            text(TOTAL),
            text(EXCLUDED),
            text(BASIC_PAID),
        ) {
            if let Some(seq) = fast_seq(seq) {
                if !person.is_empty() {
                    return Ok(Row {
                        line,
                        person: person.to_string(),
                        seq,
                        tier: text(TIER).to_string(),
                        groups: canonical_groups(text(GROUPS)),
                        visit,
                    });
                }
            }
        }
        // The visit as a scenario would give it: the same checks and the same messages. A
        // level is a number in a scenario; in CSV it is digits.
        let mut v: Vec<(String, Input)> = Vec::with_capacity(5);
        v.push(("care".into(), Input::Str(text(CARE).to_string())));
        let level = text(LEVEL);
        if !level.is_empty() {
            let n = level
                .parse::<u64>()
                .ok()
                .filter(|_| level.bytes().all(|b| b.is_ascii_digit()));
            v.push((
                "level".into(),
                n.map_or_else(|| Input::Str(level.to_string()), |n| Input::Number(Some(n))),
            ));
        }
        for (k, i) in [
            ("total", TOTAL),
            ("excluded", EXCLUDED),
            ("basic_paid", BASIC_PAID),
        ] {
            let x = text(i);
            if !x.is_empty() {
                v.push((k.into(), Input::Str(x.to_string())));
            }
        }
        self.row(
            line,
            person,
            seq,
            text(TIER),
            text(GROUPS),
            Input::Object(v),
        )
    }

    /// Reads one JSON-lines row: the visit's fields are checked exactly as in a scenario (an
    /// amount must be a string, a level a number).
    pub fn read_json_row(&self, line: u64, obj: &Input) -> Result<Row, RowError> {
        let text = |k: &str| match obj.get(k) {
            Some(Input::Str(s)) => s.trim().to_string(),
            Some(Input::Number(Some(n))) => n.to_string(),
            Some(Input::Array(a)) if k == "groups" => a
                .iter()
                .filter_map(Input::as_str)
                .collect::<Vec<_>>()
                .join(";"),
            _ => String::new(),
        };
        let visit: Vec<(String, Input)> = ["care", "level", "total", "excluded", "basic_paid"]
            .iter()
            .filter_map(|k| obj.get(k).map(|v| (k.to_string(), v.clone())))
            .collect();
        let (person, seq, tier, groups) =
            (text("person"), text("seq"), text("tier"), text("groups"));
        self.row(line, &person, &seq, &tier, &groups, Input::Object(visit))
    }

    fn row(
        &self,
        line: u64,
        person: &str,
        seq_text: &str,
        tier: &str,
        groups: &str,
        visit: Input,
    ) -> Result<Row, RowError> {
        if person.is_empty() {
            return Err(self.error(line, "person", "", Message::new("batch.person_missing")));
        }
        let seq = seq_text
            .parse::<u64>()
            .ok()
            .filter(|s| (1..=1_000_000).contains(s) && seq_text.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                self.error(
                    line,
                    "seq",
                    person,
                    Message::new("batch.seq_invalid").arg("value", clip(seq_text)),
                )
            })?;
        let index = usize::try_from(seq - 1).unwrap_or(0);
        let visit = scenario::parse_visit(index, &visit)
            .map_err(|e| self.engine_error(line, person, &e))?;
        Ok(Row {
            line,
            person: person.to_string(),
            seq,
            tier: tier.to_string(),
            groups: canonical_groups(groups),
            visit,
        })
    }

    /// Resolves the plans of a person type (once; later calls find them).
    pub fn prepare(&mut self, tier: &str, groups: &str) {
        if self.plan_of(tier, groups).is_none() {
            let base = self.resolve(tier, groups, self.set.as_ref());
            let reform = self
                .with_reform
                .then(|| self.resolve(tier, groups, self.reform.as_ref()));
            self.plans
                .push((tier.to_string(), groups.to_string(), base, reform));
        }
    }

    /// A person type's plans, if resolved. A claims file has a handful of types (tiers and
    /// combinations of groups), so a list is quicker than hashing the two strings every time.
    fn plan_of(&self, tier: &str, groups: &str) -> Option<(&TypePlan, &Option<TypePlan>)> {
        self.plans
            .iter()
            .find(|(t, g, _, _)| t == tier && g == groups)
            .map(|(_, _, b, r)| (b, r))
    }

    fn resolve(&self, tier: &str, groups: &str, set: Option<&ParamSet>) -> TypePlan {
        let mut obj: Vec<(String, Input)> =
            vec![("policy".into(), Input::Str(self.policy.meta.id.to_string()))];
        if !tier.is_empty() {
            obj.push(("tier".into(), Input::Str(tier.to_string())));
        }
        let list: Vec<Input> = groups
            .split(';')
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(|g| Input::Str(g.to_string()))
            .collect();
        obj.push(("groups".into(), Input::Array(list)));
        let input = Input::Object(obj);
        let input = set.and_then(|s| s.merge(&input)).unwrap_or(input);
        let sc = match scenario::parse(&input, self.reg) {
            Ok(sc) => sc,
            Err(e) => return TypePlan::Refused(e),
        };
        match settle::plan(&sc) {
            Ok(plan) => TypePlan::Ready {
                fixed: FixedPlan::new(&plan),
                plan: Box::new(plan),
                tier: sc.tier,
                tier_given: sc.tier_given,
                groups: sc.groups,
                params: sc.params,
            },
            Err(e) => TypePlan::Refused(e),
        }
    }

    /// Settles one person's rows (any order; they are put in `seq` order). Their type's plans
    /// must have been resolved with [`Batch::prepare`]. Returns whether the decimal engine was
    /// needed, too.
    pub fn settle_person(&self, person: &str, mut rows: Vec<Row>) -> (Settled, bool) {
        rows.sort_by_key(|r| (r.seq, r.line));
        let mut errors = Vec::new();
        let first = rows[0].clone();
        let mut kept: Vec<Row> = Vec::with_capacity(rows.len());
        for r in rows {
            if kept.last().is_some_and(|k: &Row| k.seq == r.seq) {
                errors.push(self.error(
                    r.line,
                    "seq",
                    person,
                    Message::new("batch.seq_repeated").arg("seq", Arg::Count(r.seq)),
                ));
            } else if r.tier != first.tier || r.groups != first.groups {
                let column = if r.tier != first.tier {
                    "tier"
                } else {
                    "groups"
                };
                errors.push(
                    self.error(
                        r.line,
                        column,
                        person,
                        Message::new("batch.person_differs")
                            .arg("column", Arg::Raw(column.into()))
                            .arg("line", Arg::Count(first.line)),
                    ),
                );
            } else if kept.len() == scenario::MAX_VISITS {
                errors.push(
                    self.error(
                        r.line,
                        "",
                        person,
                        Message::new("error.too_many_visits")
                            .arg("max", Arg::Count(scenario::MAX_VISITS as u64)),
                    ),
                );
            } else {
                kept.push(r);
            }
        }
        let skipped = errors.len() as u64;
        let mut decimal = false;
        let outcome = self.settle_rows(person, &first.tier, &first.groups, &kept, &mut decimal);
        let settled = match outcome {
            Ok(o) if errors.is_empty() => Settled::Ok(o),
            // Bad rows were skipped; the person is settled on the rest and the mistakes are
            // reported alongside.
            Ok(o) => Settled::Partial(o, errors, skipped),
            Err(e) => {
                errors.push(e);
                // In line order, as the file is read.
                errors.sort_by_key(|e| e.line);
                Settled::Refused(errors, skipped + kept.len() as u64)
            }
        };
        (settled, decimal)
    }

    fn settle_rows(
        &self,
        person: &str,
        tier: &str,
        groups: &str,
        rows: &[Row],
        decimal: &mut bool,
    ) -> Result<Outcome, RowError> {
        let line = rows.first().map_or(0, |r| r.line);
        let visits: Vec<Visit> = rows.iter().map(|r| r.visit).collect();
        let fixed: Option<Vec<FixedVisit>> = visits.iter().map(FixedVisit::new).collect();
        let Some((base_plan, reform_plan)) = self.plan_of(tier, groups) else {
            return Err(self.error(line, "", person, Message::new("batch.internal")));
        };
        let base = self.settle_one(base_plan, &visits, fixed.as_deref(), decimal);
        let base = base.map_err(|e| self.engine_error(line, person, &e))?;
        let reform = match reform_plan {
            Some(p) => Some(
                self.settle_one(p, &visits, fixed.as_deref(), decimal)
                    .map_err(|e| self.engine_error(line, person, &e))?,
            ),
            None => None,
        };
        Ok(Outcome {
            person: person.to_string(),
            base,
            reform,
        })
    }

    fn settle_one(
        &self,
        plan: &TypePlan,
        visits: &[Visit],
        fixed: Option<&[FixedVisit]>,
        decimal: &mut bool,
    ) -> Result<Amounts, Error> {
        let (plan, fixed_plan, (tier, tier_given), groups, params) = match plan {
            TypePlan::Ready {
                plan,
                fixed,
                tier,
                tier_given,
                groups,
                params,
            } => (plan, fixed, (tier, tier_given), groups, params),
            TypePlan::Refused(e) => return Err(e.clone()),
        };
        if let (Some(fp), Some(fv)) = (fixed_plan, fixed) {
            if let Ok(year) = fp.settle(fv) {
                return Ok(Amounts {
                    year,
                    individual: fp.individual,
                    subsidy: fp.subsidy,
                });
            }
        }
        // The decimal engine: for a plan or visit that does not fit integers, and for the
        // mistakes only it words (a visit needing a level or a parameter).
        *decimal = true;
        let sc = Scenario {
            policy: self.policy,
            tier: *tier,
            tier_given: *tier_given,
            groups: *groups,
            params: params.clone(),
            ignored_params: Vec::new(),
            visits: visits.to_vec(),
        };
        let s = settle::settle(self.policy, plan, &sc.visits)?;
        let f = |d: rust_decimal::Decimal| -> i64 {
            use rust_decimal::prelude::ToPrimitive;
            (d * rust_decimal::Decimal::ONE_HUNDRED)
                .to_i64()
                .unwrap_or(0)
        };
        Ok(Amounts {
            year: FixedTotals {
                total: f(s.total),
                basic: f(s.basic),
                critical: f(s.critical),
                assistance: f(s.assistance),
                out_of_pocket: f(s.out_of_pocket),
            },
            individual: f(plan.contribution.individual),
            subsidy: f(plan.contribution.subsidy),
        })
    }
}

// ------------------------------------------------------------------------------- the summary

/// Edges of the histogram of the change in out-of-pocket cost, in 元: each bin is `[from, to)`,
/// the first and last open; a change of exactly 0 is counted as "same", not in a bin.
pub const HISTOGRAM_EDGES: [i64; 9] = [-10_000, -1_000, -100, -10, 0, 10, 100, 1_000, 10_000];

/// The running totals of a batch.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Persons settled (fully or on their valid rows).
    pub persons: u64,
    /// Persons refused (no valid row, or a refused plan).
    pub persons_refused: u64,
    /// Rows read (the header not counted).
    pub rows: u64,
    /// Rows reported and skipped.
    pub invalid_rows: u64,
    /// Totals in 分: total, basic, critical, assistance, out_of_pocket, individual, subsidy.
    pub totals: [i128; 7],
    /// The same under the reform.
    pub reform_totals: [i128; 7],
    /// Persons who pay more, less or the same out of pocket under the reform.
    pub pay_more: u64,
    /// Pay less.
    pub pay_less: u64,
    /// Pay the same.
    pub same: u64,
    /// Counts per histogram bin (`HISTOGRAM_EDGES.len() + 1` bins, 0 excluded).
    pub histogram: [u64; HISTOGRAM_EDGES.len() + 1],
    /// The first mistakes, in full.
    pub errors: Vec<RowError>,
    /// All mistakes.
    pub error_count: u64,
    /// Persons settled by the decimal engine.
    pub decimal_persons: u64,
}

fn add(t: &mut [i128; 7], a: &Amounts) {
    let y = &a.year;
    for (slot, v) in t.iter_mut().zip([
        y.total,
        y.basic,
        y.critical,
        y.assistance,
        y.out_of_pocket,
        a.individual,
        a.subsidy,
    ]) {
        *slot += i128::from(v);
    }
}

impl Summary {
    /// Counts a settled (or refused) person; returns the outcome to write, if any.
    pub fn record<'s>(&mut self, s: &'s Settled, decimal: bool) -> Option<&'s Outcome> {
        self.decimal_persons += u64::from(decimal);
        let (outcome, errors, skipped) = match s {
            Settled::Ok(o) => (Some(o), &[][..], 0),
            Settled::Partial(o, e, n) => (Some(o), &e[..], *n),
            Settled::Refused(e, n) => (None, &e[..], *n),
        };
        self.invalid_rows += skipped;
        self.report(errors);
        let o = match outcome {
            Some(o) => o,
            None => {
                self.persons_refused += 1;
                return None;
            }
        };
        self.persons += 1;
        add(&mut self.totals, &o.base);
        if let Some(r) = &o.reform {
            add(&mut self.reform_totals, r);
            let change = r.year.out_of_pocket - o.base.year.out_of_pocket;
            match change.cmp(&0) {
                std::cmp::Ordering::Greater => self.pay_more += 1,
                std::cmp::Ordering::Less => self.pay_less += 1,
                std::cmp::Ordering::Equal => self.same += 1,
            }
            if change != 0 {
                // Bins in 元, on the exact change in 分: [from, to).
                let bin = HISTOGRAM_EDGES
                    .iter()
                    .take_while(|e| change >= **e * 100)
                    .count();
                self.histogram[bin] += 1;
            }
        }
        Some(o)
    }

    /// Counts mistakes of rows that were never part of a person (unreadable rows).
    pub fn report(&mut self, errors: &[RowError]) {
        self.error_count += errors.len() as u64;
        for e in errors {
            if self.errors.len() < MAX_REPORTED {
                self.errors.push(e.clone());
            }
        }
    }

    /// The summary document (docs/CONTRACT.md).
    pub fn document(&self, policy: &str, with_reform: bool) -> SummaryDoc {
        let amounts = |t: &[i128; 7]| SummaryAmounts {
            total: yuan(t[0]),
            basic: yuan(t[1]),
            critical: yuan(t[2]),
            assistance: yuan(t[3]),
            fund: yuan(t[1] + t[2] + t[3]),
            out_of_pocket: yuan(t[4]),
            individual: yuan(t[5]),
            subsidy: yuan(t[6]),
        };
        let reform = with_reform.then(|| {
            let d = |i: usize| yuan(self.reform_totals[i] - self.totals[i]);
            let edge = |i: usize| HISTOGRAM_EDGES.get(i).map(|e| yuan(i128::from(*e) * 100));
            ReformDoc {
                totals: amounts(&self.reform_totals),
                change: ChangeDoc {
                    basic: d(1),
                    critical: d(2),
                    assistance: d(3),
                    fund: yuan(
                        (self.reform_totals[1] + self.reform_totals[2] + self.reform_totals[3])
                            - (self.totals[1] + self.totals[2] + self.totals[3]),
                    ),
                    out_of_pocket: d(4),
                },
                pay_more: self.pay_more,
                pay_less: self.pay_less,
                same: self.same,
                histogram: (0..self.histogram.len())
                    .map(|i| Bin {
                        from: i.checked_sub(1).and_then(edge),
                        to: edge(i),
                        persons: self.histogram[i],
                    })
                    .collect(),
            }
        });
        SummaryDoc {
            policy: policy.to_string(),
            persons: self.persons,
            persons_refused: self.persons_refused,
            rows: self.rows,
            invalid_rows: self.invalid_rows,
            decimal_persons: self.decimal_persons,
            totals: amounts(&self.totals),
            reform,
            error_count: self.error_count,
            errors: self.errors.clone(),
        }
    }
}

/// The five amounts and the contribution, summed, in 元.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryAmounts {
    /// 医疗总费用.
    pub total: String,
    /// 基本医保.
    pub basic: String,
    /// 大病保险.
    pub critical: String,
    /// 医疗救助.
    pub assistance: String,
    /// The three layers together: what the funds pay.
    pub fund: String,
    /// 个人自付.
    pub out_of_pocket: String,
    /// Individual contributions.
    pub individual: String,
    /// Fiscal subsidies.
    pub subsidy: String,
}

/// The reform's effect.
#[derive(Debug, Clone, Serialize)]
pub struct ReformDoc {
    /// The totals under the reform.
    pub totals: SummaryAmounts,
    /// Reform minus base, per layer, and for the fund (the three layers together).
    pub change: ChangeDoc,
    /// Persons who pay more out of pocket.
    pub pay_more: u64,
    /// Persons who pay less.
    pub pay_less: u64,
    /// Persons who pay the same.
    pub same: u64,
    /// The change in out-of-pocket cost per person, in bins of 元 (0 excluded).
    pub histogram: Vec<Bin>,
}

/// Changes in spending, in 元.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeDoc {
    /// 基本医保.
    pub basic: String,
    /// 大病保险.
    pub critical: String,
    /// 医疗救助.
    pub assistance: String,
    /// The three layers together.
    pub fund: String,
    /// 个人自付.
    pub out_of_pocket: String,
}

/// One histogram bin: `[from, to)` in 元; `null` is open.
#[derive(Debug, Clone, Serialize)]
pub struct Bin {
    /// The lower edge (inclusive), or null.
    pub from: Option<String>,
    /// The upper edge (exclusive), or null.
    pub to: Option<String>,
    /// How many persons.
    pub persons: u64,
}

/// The summary written by `--summary`.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryDoc {
    /// The policy.
    pub policy: String,
    /// Persons settled.
    pub persons: u64,
    /// Persons refused.
    pub persons_refused: u64,
    /// Rows read.
    pub rows: u64,
    /// Rows reported and skipped.
    pub invalid_rows: u64,
    /// Persons settled by the decimal engine (their plan or visits did not fit integers).
    pub decimal_persons: u64,
    /// Totals.
    pub totals: SummaryAmounts,
    /// The reform, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reform: Option<ReformDoc>,
    /// How many mistakes.
    pub error_count: u64,
    /// The first mistakes.
    pub errors: Vec<RowError>,
}

// ------------------------------------------------------------------------------- the results

/// The header of the results CSV.
pub fn results_header(with_reform: bool) -> String {
    let mut h =
        String::from("person,total,basic,critical,assistance,out_of_pocket,individual,subsidy");
    if with_reform {
        h.push_str(",reform_total,reform_basic,reform_critical,reform_assistance,reform_out_of_pocket,change_out_of_pocket");
    }
    h.push('\n');
    h
}

/// Appends money in 分 as yuan with two decimals, without allocating.
fn push_yuan(out: &mut String, fen: i64) {
    let mut v = fen.unsigned_abs();
    if fen < 0 {
        out.push('-');
    }
    let mut buf = [0u8; 24];
    let mut i = buf.len();
    let mut digits = 0;
    while v > 0 || digits < 3 {
        if digits == 2 {
            i -= 1;
            buf[i] = b'.';
        }
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        digits += 1;
    }
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0.00"));
}

/// Writes a person's results row.
pub fn write_result(out: &mut String, o: &Outcome) {
    let quote = o.person.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
        out.push_str(&o.person.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&o.person);
    }
    let b = &o.base;
    for v in [
        b.year.total,
        b.year.basic,
        b.year.critical,
        b.year.assistance,
        b.year.out_of_pocket,
        b.individual,
        b.subsidy,
    ] {
        out.push(',');
        push_yuan(out, v);
    }
    if let Some(r) = &o.reform {
        for v in [
            r.year.total,
            r.year.basic,
            r.year.critical,
            r.year.assistance,
            r.year.out_of_pocket,
            r.year.out_of_pocket - b.year.out_of_pocket,
        ] {
            out.push(',');
            push_yuan(out, v);
        }
    }
    out.push('\n');
}

// ------------------------------------------------------------------------------- reading

/// Where each column is, from the header row.
#[derive(Debug, Clone)]
pub struct Header {
    at: [Option<usize>; COLUMNS.len()],
}

impl Header {
    /// The header of a CSV file; refuses one without the required columns. Names are matched
    /// without surrounding spaces and a byte-order mark; other columns are ignored.
    pub fn new<'n>(
        names: impl IntoIterator<Item = &'n str>,
        cat: &Catalogue,
    ) -> Result<Header, RowError> {
        let names: Vec<String> = names
            .into_iter()
            .map(|n| n.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        let mut at = [None; COLUMNS.len()];
        for (i, c) in COLUMNS.iter().enumerate() {
            at[i] = names.iter().position(|n| n == c);
        }
        for (i, c) in COLUMNS.iter().enumerate() {
            if at[i].is_none() && ["person", "seq", "care", "total"].contains(c) {
                let m = Message::new("batch.missing_column")
                    .arg("column", Arg::Raw((*c).into()))
                    .arg("columns", Arg::Raw(COLUMNS.join(",")));
                return Err(RowError {
                    line: 1,
                    column: (*c).to_string(),
                    person: String::new(),
                    message: cat.render(&m),
                    key: m.key,
                });
            }
        }
        Ok(Header { at })
    }

    /// The index in a record of column `COLUMNS[i]`.
    pub fn index(&self, i: usize) -> Option<usize> {
        self.at.get(i).copied().flatten()
    }
}

/// How a file's persons are grouped: found by a first pass ([`Scan`]).
#[derive(Debug, Clone)]
pub enum Grouping {
    /// Sorted by person: a person is complete when the next one starts.
    Sorted,
    /// Not sorted: the line of each person's last row.
    LastLines(HashMap<String, u64>),
}

/// The first pass: is the file sorted by person? O(1) memory.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    prev: Option<String>,
    /// Whether every row so far has a person id not below the previous row's.
    pub sorted: bool,
    /// Rows seen.
    pub rows: u64,
    started: bool,
}

impl Scan {
    /// A scan that has seen nothing.
    pub fn new() -> Scan {
        Scan {
            sorted: true,
            ..Scan::default()
        }
    }

    /// One row's person id.
    pub fn person(&mut self, id: &str) {
        self.rows += 1;
        let id = id.trim();
        if let Some(p) = &self.prev {
            if id < p.as_str() {
                self.sorted = false;
            }
        }
        if !self.started || self.prev.as_deref() != Some(id) {
            self.prev = Some(id.to_string());
            self.started = true;
        }
    }
}

/// Why a line of a claims file is not a record at all.
#[derive(Debug, Clone)]
pub enum Unreadable {
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// Not JSON; the 1-based column where reading failed.
    NotJson(u64),
    /// JSON, but not an object.
    NotObject,
    /// Any other CSV error, in the `csv` crate's words.
    Csv(String),
}

impl Unreadable {
    /// A CSV reader's error.
    pub fn of_csv(e: &csv::Error) -> Unreadable {
        match e.kind() {
            csv::ErrorKind::Utf8 { .. } => Unreadable::NotUtf8,
            _ => Unreadable::Csv(e.to_string()),
        }
    }

    /// The mistake, in the catalogue's words.
    pub fn message(&self) -> Message {
        match self {
            Unreadable::NotUtf8 => Message::new("batch.row_not_utf8"),
            Unreadable::NotJson(column) => {
                Message::new("batch.row_not_json").arg("column", Arg::Count(*column))
            }
            Unreadable::NotObject => Message::new("batch.row_not_object"),
            Unreadable::Csv(detail) => {
                Message::new("batch.row_unreadable").arg("detail", Arg::Raw(detail.clone()))
            }
        }
    }
}

/// A JSON-lines record's person id, trimmed (a number as its digits), or "" when it has none.
pub fn json_person(obj: &Input) -> String {
    match obj.get("person") {
        Some(Input::Str(s)) => s.trim().to_string(),
        Some(Input::Number(Some(n))) => n.to_string(),
        _ => String::new(),
    }
}

/// A person's id and valid rows, complete.
pub type Person = (String, Vec<Row>);

/// Reads rows and hands out persons as they complete.
pub struct Feeder<'a> {
    /// The batch.
    pub batch: Batch<'a>,
    /// The running summary.
    pub summary: Summary,
    grouping: Grouping,
    current: Option<(String, Vec<Row>)>,
    pending: HashMap<String, Vec<Row>>,
}

impl<'a> Feeder<'a> {
    /// A feeder for a file grouped as `grouping` says.
    pub fn new(batch: Batch<'a>, grouping: Grouping) -> Self {
        Feeder {
            batch,
            summary: Summary::default(),
            grouping,
            current: None,
            pending: HashMap::new(),
        }
    }

    /// One CSV record (`field(i)` is column `COLUMNS[i]`); returns the persons it completes
    /// (not yet settled: see [`Feeder::settle`]), in order.
    pub fn record<'f>(
        &mut self,
        line: u64,
        field: impl Fn(usize) -> Option<&'f str>,
    ) -> Vec<Person> {
        let row = self.batch.read_row(line, &field);
        let id = match &row {
            Ok(_) => String::new(),
            Err(_) => field(PERSON).map(str::trim).unwrap_or("").to_string(),
        };
        self.row(line, &id, row)
    }

    /// One JSON-lines record (`obj` is the line's object).
    pub fn json_record(&mut self, line: u64, obj: &Input) -> Vec<Person> {
        let id = json_person(obj);
        let row = self.batch.read_json_row(line, obj);
        self.row(line, &id, row)
    }

    /// A line that is not a record at all (not JSON, an unreadable CSV record).
    pub fn unreadable(&mut self, line: u64, why: &Unreadable) -> Vec<Person> {
        let e = self.batch.error(line, "", "", why.message());
        self.row(line, "", Err(e))
    }

    fn row(&mut self, line: u64, id: &str, row: Result<Row, RowError>) -> Vec<Person> {
        self.summary.rows += 1;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                self.summary.invalid_rows += 1;
                self.summary.report(&[e]);
                // The row's person may still be complete at this row.
                return self.after_unusable(id, line);
            }
        };
        let mut done = Vec::new();
        match &self.grouping {
            Grouping::Sorted => {
                if self.current.as_ref().is_some_and(|(p, _)| *p != row.person) {
                    done.extend(self.current.take());
                }
                match &mut self.current {
                    Some((_, rows)) => rows.push(row),
                    None => self.current = Some((row.person.clone(), vec![row])),
                }
            }
            Grouping::LastLines(last) => {
                let complete = last.get(&row.person) == Some(&line);
                let person = row.person.clone();
                self.pending.entry(person.clone()).or_default().push(row);
                if complete {
                    if let Some(rows) = self.pending.remove(&person) {
                        done.push((person, rows));
                    }
                }
            }
        }
        done
    }

    /// After a row that could not be read: in an unsorted file, its person may now be complete.
    fn after_unusable(&mut self, id: &str, line: u64) -> Vec<Person> {
        let mut done = Vec::new();
        match &self.grouping {
            Grouping::Sorted => {
                if !id.is_empty() && self.current.as_ref().is_some_and(|(p, _)| p != id) {
                    done.extend(self.current.take());
                }
            }
            Grouping::LastLines(last) => {
                if last.get(id) == Some(&line) {
                    if let Some(rows) = self.pending.remove(id) {
                        done.push((id.to_string(), rows));
                    }
                }
            }
        }
        done
    }

    /// Settles completed persons, in order, one after another.
    pub fn settle(&mut self, persons: Vec<Person>) -> Vec<(Settled, bool)> {
        persons
            .into_iter()
            .map(|(p, rows)| {
                let (tier, groups) = (rows[0].tier.clone(), rows[0].groups.clone());
                self.batch.prepare(&tier, &groups);
                self.batch.settle_person(&p, rows)
            })
            .collect()
    }

    /// The end of the file: the persons still open (not yet settled).
    pub fn finish(&mut self) -> Vec<Person> {
        let mut done: Vec<Person> = self.current.take().into_iter().collect();
        let mut rest: Vec<Person> = self.pending.drain().collect();
        rest.sort_by_key(|(_, rows)| rows.iter().map(|r| r.line).max().unwrap_or(0));
        done.extend(rest);
        done
    }

    /// Counts settled persons and writes their results rows.
    pub fn write(&mut self, settled: &[(Settled, bool)], out: &mut String) {
        for (s, decimal) in settled {
            if let Some(o) = self.summary.record(s, *decimal) {
                write_result(out, o);
            }
        }
    }
}
