//! What the fuzz targets share: the checks every result must pass, and the generator of
//! scenario-shaped input trees for `js_values`.
//!
//! The checks are the contract's invariants that hold for any input (docs/CONTRACT.md):
//! no amount is negative, the five amounts add up (`total = basic + critical + assistance +
//! out_of_pocket`) for the year and for every visit, the visits add up to the year, the result
//! serialises, and an error always carries a code and a sentence. On top of that, the language
//! only changes words: Chinese and English give the same figures, or the same error code and field.

use arbitrary::{Result, Unstructured};
use rust_decimal::Decimal;
use std::sync::OnceLock;
use yibao::{Amounts, ErrorOut, Estimate, Input, PolicyInfo};

// ------------------------------------------------------------------------------------- checks

fn check_amounts(what: &str, a: &Amounts) {
    for (name, v) in [
        ("total", a.total.0),
        ("basic", a.basic.0),
        ("critical", a.critical.0),
        ("assistance", a.assistance.0),
        ("out_of_pocket", a.out_of_pocket.0),
    ] {
        assert!(v >= Decimal::ZERO, "{what}.{name} is negative: {v}");
    }
    assert_eq!(
        a.total.0,
        a.basic.0 + a.critical.0 + a.assistance.0 + a.out_of_pocket.0,
        "{what}: total != basic + critical + assistance + out_of_pocket ({a:?})"
    );
}

/// The invariants of one result (an estimate or an error document).
pub fn check(result: &Result_) {
    match result {
        Ok(e) => check_estimate(e),
        Err(out) => check_error(out),
    }
}

/// `Result<Estimate, ErrorOut>`, named so that it does not clash with arbitrary's `Result`.
pub type Result_ = core::result::Result<Estimate, ErrorOut>;

/// The invariants of an estimate.
pub fn check_estimate(e: &Estimate) {
    check_amounts("year", &e.amounts);
    for (i, v) in e.visits.iter().enumerate() {
        check_amounts(&format!("visits[{i}]"), v);
    }
    let sum = |f: fn(&Amounts) -> Decimal| e.visits.iter().map(f).sum::<Decimal>();
    let a = &e.amounts;
    assert_eq!(sum(|v| v.total.0), a.total.0, "visits' total != year's");
    assert_eq!(sum(|v| v.basic.0), a.basic.0, "visits' basic != year's");
    assert_eq!(
        sum(|v| v.critical.0),
        a.critical.0,
        "visits' critical != year's"
    );
    assert_eq!(
        sum(|v| v.assistance.0),
        a.assistance.0,
        "visits' assistance != year's"
    );
    assert_eq!(
        sum(|v| v.out_of_pocket.0),
        a.out_of_pocket.0,
        "visits' out_of_pocket != year's"
    );
    assert!(
        e.contribution.individual.0 >= Decimal::ZERO,
        "negative individual contribution"
    );
    assert!(
        e.contribution.subsidy.0 >= Decimal::ZERO,
        "negative subsidy"
    );
    for (i, s) in e.steps.iter().enumerate() {
        if let Some(amount) = s.amount {
            assert!(
                amount.0 >= Decimal::ZERO,
                "steps[{i}].amount is negative: {amount}"
            );
        }
    }
    serde_json::to_string(e).expect("the estimate serialises");
}

/// The invariants of an error document.
pub fn check_error(out: &ErrorOut) {
    assert!(
        !out.error.message.is_empty(),
        "empty error message: {:?}",
        out.error
    );
    assert!(!out.error.code.as_str().is_empty(), "empty error code");
    serde_json::to_string(out).expect("the error serialises");
}

/// Chinese and English differ only in words: the same figures, or the same error.
pub fn check_same_outcome(zh: &Result_, en: &Result_) {
    match (zh, en) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.amounts, b.amounts, "zh and en give different amounts");
            assert_eq!(a.visits, b.visits, "zh and en give different visits");
            assert_eq!(
                a.contribution, b.contribution,
                "zh and en give different contributions"
            );
        }
        (Err(a), Err(b)) => {
            assert_eq!(
                a.error.code, b.error.code,
                "zh and en give different error codes"
            );
            assert_eq!(
                a.error.field, b.error.field,
                "zh and en name different fields"
            );
        }
        _ => panic!(
            "zh and en disagree on success: zh ok = {}, en ok = {}",
            zh.is_ok(),
            en.is_ok()
        ),
    }
}

// ------------------------------------------------------------------------ input tree as JSON

/// The tree written as JSON text, so that the text reader can be checked to give the same tree:
/// `Number(None)` (a number that is not a small non-negative integer) is written as `1.5`.
pub fn to_json(input: &Input) -> String {
    let mut out = String::new();
    write_json(input, &mut out);
    out
}

fn write_json(input: &Input, out: &mut String) {
    match input {
        Input::Null => out.push_str("null"),
        Input::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Input::Number(Some(n)) => out.push_str(&n.to_string()),
        Input::Number(None) => out.push_str("1.5"),
        Input::Str(s) => out.push_str(&serde_json::to_string(s).unwrap()),
        Input::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(v, out);
            }
            out.push(']');
        }
        Input::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push(':');
                write_json(v, out);
            }
            out.push('}');
        }
    }
}

// -------------------------------------------------------------------------------- generator

/// The deepest tree the generator builds (the engine refuses anything deeper than
/// `yibao::input::MAX_DEPTH`, 32, and the generator must reach both sides of that line).
pub const GEN_MAX_DEPTH: usize = 40;

const POLICY_IDS: [&str; 4] = [
    "national-2020",
    "national-2022",
    "dongying-2020",
    "tianjin-2022",
];
const ODD_POLICY_IDS: [&str; 6] = [
    "",
    "national-2021",
    "NATIONAL-2020",
    "national-2020 ",
    "tianjin",
    "东营",
];
const GROUPS: [&str; 9] = [
    "registered_poor",
    "dibao",
    "tekun",
    "severe_disability",
    "assistance",
    "youfu",
    "cadre_spouse",
    "student_loan",
    "relapsed_poor",
];
const CARE: [&str; 3] = ["inpatient", "outpatient", "special_outpatient"];
const TOP_KEYS: [&str; 5] = ["policy", "tier", "groups", "params", "visits"];
const VISIT_KEYS: [&str; 5] = ["care", "level", "total", "excluded", "basic_paid"];
const SCHEDULE_KEYS: [&str; 3] = ["deductible", "bands", "cap"];
const AMOUNTS: [&str; 28] = [
    "0",
    "1",
    "3000",
    "0.5",
    "0.01",
    "600",
    "200000",
    "1e3",
    "-1",
    "",
    "1,000",
    "３０００",
    " 1",
    "1.",
    ".5",
    "+5",
    "1.005",
    "0050",
    "1000000000",
    "1000000000.00",
    "1000000000.01",
    "9999999999",
    "99999999999",
    "none",
    "NaN",
    "0.00",
    "-0",
    "-",
];
const RATIOS: [&str; 14] = [
    "0", "1", "0.5", "0.7", "0.55", "1.0", "1.0000", "1.0001", "0.12345", "2", "0.9999", "-0.5",
    "50%", "",
];

fn policies() -> &'static [PolicyInfo] {
    static P: OnceLock<Vec<PolicyInfo>> = OnceLock::new();
    P.get_or_init(|| yibao::policies(yibao::messages::zh()))
}

/// True with probability `num / den`; false once the fuzzer's bytes run out, so that an input
/// cut short still builds the ordinary, well-formed scenario rather than an odd one.
fn chance(u: &mut Unstructured, num: u8, den: u8) -> Result<bool> {
    Ok(u.int_in_range(1..=den)? > den - num)
}

fn pick<'s, T>(u: &mut Unstructured, items: &'s [T]) -> Result<&'s T> {
    u.choose(items)
}

fn s(x: &str) -> Input {
    Input::Str(x.to_string())
}

/// A scenario-shaped input tree, or now and then a deep or an odd one.
pub fn gen_input(u: &mut Unstructured) -> Result<Input> {
    match u.int_in_range(0u8..=255)? {
        0..=210 => gen_scenario(u),
        // A deep tree: a scenario with one member replaced by a chain of arrays and objects,
        // around the engine's depth limit.
        211..=230 => {
            let mut root = gen_scenario(u)?;
            let depth = u.int_in_range(28..=GEN_MAX_DEPTH - 1)?;
            let chain = gen_chain(u, depth)?;
            let key = pick(u, &["params", "visits", "groups", "policy", "extra"])?.to_string();
            if let Input::Object(m) = &mut root {
                m.push((key, chain));
            }
            Ok(root)
        }
        // Any tree at all.
        231..=250 => gen_any(u, 0),
        // A root that is not an object.
        _ => Ok(match u.int_in_range(0u8..=4)? {
            0 => Input::Null,
            1 => Input::Bool(u.arbitrary()?),
            2 => Input::Number(u.arbitrary()?),
            3 => Input::Str(u.arbitrary()?),
            _ => Input::Array(vec![gen_scenario(u)?]),
        }),
    }
}

/// A chain of nested arrays and objects `depth` deep, with something at the bottom.
fn gen_chain(u: &mut Unstructured, depth: usize) -> Result<Input> {
    let mut v = if u.arbitrary()? {
        s("3000")
    } else {
        Input::Object(Vec::new())
    };
    for _ in 1..depth {
        v = if u.arbitrary()? {
            Input::Array(vec![v])
        } else {
            Input::Object(vec![(pick(u, &VISIT_KEYS)?.to_string(), v)])
        };
    }
    Ok(v)
}

/// Any value, at most `GEN_MAX_DEPTH` deep, keys drawn mostly from the scenario's.
fn gen_any(u: &mut Unstructured, depth: usize) -> Result<Input> {
    let leaf = depth + 1 >= GEN_MAX_DEPTH || u.is_empty();
    let kinds = if leaf { 4 } else { 6 };
    Ok(match u.int_in_range(0..=kinds - 1)? {
        0 => Input::Null,
        1 => Input::Bool(u.arbitrary()?),
        2 => Input::Number(if u.arbitrary()? {
            Some(u.int_in_range(0..=5)?)
        } else {
            u.arbitrary()?
        }),
        3 => gen_string(u)?,
        4 => {
            let n = u.int_in_range(0..=4)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(gen_any(u, depth + 1)?);
            }
            Input::Array(items)
        }
        _ => {
            let n = u.int_in_range(0..=5)?;
            let mut members = Vec::with_capacity(n);
            for _ in 0..n {
                members.push((gen_key(u)?, gen_any(u, depth + 1)?));
            }
            Input::Object(members)
        }
    })
}

fn gen_key(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0u8..=5)? {
        0 => pick(u, &TOP_KEYS)?.to_string(),
        1 => pick(u, &VISIT_KEYS)?.to_string(),
        2 => pick(u, &SCHEDULE_KEYS)?.to_string(),
        3 => param_id(u)?,
        4 => pick(u, &["upto", "ratio", "", "__proto__", "Policy"])?.to_string(),
        _ => u.arbitrary()?,
    })
}

/// Any string the scenario might meet: an amount, a ratio, an id, or arbitrary text.
fn gen_string(u: &mut Unstructured) -> Result<Input> {
    Ok(match u.int_in_range(0u8..=6)? {
        0 => gen_amount(u)?,
        1 => gen_ratio(u)?,
        2 => s(pick(u, &POLICY_IDS)?),
        3 => s(pick(u, &GROUPS)?),
        4 => s(pick(u, &CARE)?),
        5 => s(&param_id(u)?),
        _ => Input::Str(u.arbitrary()?),
    })
}

fn param_id(u: &mut Unstructured) -> Result<String> {
    let p = pick(u, policies())?;
    if p.params.is_empty() {
        return Ok("disposable_income".into());
    }
    Ok(pick(u, &p.params)?.id.clone())
}

/// An amount in 元, mostly well-formed: a table of edge cases, a generated plain decimal, or
/// arbitrary text.
fn gen_amount(u: &mut Unstructured) -> Result<Input> {
    Ok(match u.int_in_range(0u8..=15)? {
        0..=11 => s(&plain(
            u.int_in_range(0..=100_000_000_000u64)?,
            u.int_in_range(0..=2)?,
        )),
        12..=13 => s(pick(u, &AMOUNTS)?),
        14 => s(&plain(u.arbitrary()?, u.int_in_range(0..=4)?)),
        _ => Input::Str(u.arbitrary()?),
    })
}

/// `fen / 100` written with `dp` decimals (truncated), e.g. `plain(123456, 2)` = "1234.56".
fn plain(fen: u64, dp: u32) -> String {
    let whole = fen / 100;
    let frac = fen % 100;
    match dp {
        0 => whole.to_string(),
        1 => format!("{whole}.{}", frac / 10),
        2 => format!("{whole}.{frac:02}"),
        n => format!("{whole}.{frac:02}{}", "7".repeat(n as usize - 2)),
    }
}

fn gen_ratio(u: &mut Unstructured) -> Result<Input> {
    Ok(match u.int_in_range(0u8..=9)? {
        8 => s(pick(u, &RATIOS)?),
        0..=7 => {
            let r = u.int_in_range(0..=10_000u32)?;
            let text = if r == 10_000 {
                "1".to_string()
            } else {
                let digits = format!("{r:04}");
                format!("0.{}", digits.trim_end_matches('0'))
                    .trim_end_matches('.')
                    .to_string()
            };
            s(&text)
        }
        _ => Input::Str(u.arbitrary()?),
    })
}

/// A value of the wrong kind, now and then, where a scenario field is: the caller writes
/// `odd(u, |u| good(u))`.
fn odd<F: FnOnce(&mut Unstructured) -> Result<Input>>(
    u: &mut Unstructured,
    good: F,
) -> Result<Input> {
    if chance(u, 1, 16)? {
        gen_any(u, 2)
    } else {
        good(u)
    }
}

/// A scenario object: policy, tier, groups, params and visits, mostly well-formed, with the
/// parameters of the chosen policy given values of their own units.
pub fn gen_scenario(u: &mut Unstructured) -> Result<Input> {
    let mut m: Vec<(String, Input)> = Vec::new();
    let policy_idx = u.int_in_range(0..=POLICY_IDS.len() - 1)?;
    let info = policies()
        .iter()
        .find(|p| p.id == POLICY_IDS[policy_idx])
        .unwrap_or(&policies()[0]);

    if !chance(u, 1, 40)? {
        let v = match u.int_in_range(0u8..=39)? {
            39 => s(pick(u, &ODD_POLICY_IDS)?),
            38 => gen_any(u, 1)?,
            37 => Input::Null,
            _ => s(&info.id),
        };
        m.push(("policy".into(), v));
    }
    if chance(u, 2, 3)? {
        let v = odd(u, |u| {
            Ok(match u.int_in_range(0u8..=29)? {
                29 => Input::Null,
                28 => s(&pick(u, policies())?
                    .tiers
                    .first()
                    .map(|t| t.id.clone())
                    .unwrap_or_default()),
                27 => s(pick(u, &["", "High", "standard ", "学生"])?),
                _ => s(&pick(u, &info.tiers)?.id),
            })
        })?;
        m.push(("tier".into(), v));
    }
    if chance(u, 1, 2)? {
        let v = odd(u, |u| {
            let n = u.int_in_range(0..=4)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(if chance(u, 1, 12)? {
                    gen_any(u, 3)?
                } else {
                    s(pick(u, &GROUPS)?)
                });
            }
            Ok(Input::Array(items))
        })?;
        m.push(("groups".into(), v));
    }
    if !chance(u, 1, 4)? {
        let v = odd(u, |u| gen_params(u, info))?;
        m.push(("params".into(), v));
    }
    if !chance(u, 1, 8)? {
        let v = odd(u, gen_visits)?;
        m.push(("visits".into(), v));
    }
    // Now and then: an unknown member, a repeated one (the last wins), a shuffle.
    if chance(u, 1, 10)? {
        let k = gen_key(u)?;
        let v = gen_any(u, 1)?;
        m.push((k, v));
    }
    if !m.is_empty() && chance(u, 1, 10)? {
        let i = u.int_in_range(0..=m.len() - 1)?;
        let k = m[i].0.clone();
        let v = if u.arbitrary()? {
            gen_any(u, 1)?
        } else {
            m[i].1.clone()
        };
        m.push((k, v));
    }
    if m.len() > 1 && chance(u, 1, 10)? {
        let i = u.int_in_range(0..=m.len() - 1)?;
        let j = u.int_in_range(0..=m.len() - 1)?;
        m.swap(i, j);
    }
    Ok(Input::Object(m))
}

fn gen_params(u: &mut Unstructured, info: &PolicyInfo) -> Result<Input> {
    let mut members = Vec::new();
    // Mostly `disposable_income` and a few others; sometimes every parameter the policy has.
    let all = chance(u, 1, 8)?;
    for p in &info.params {
        let give = if all {
            !chance(u, 1, 10)?
        } else if p.id == "disposable_income" {
            !chance(u, 1, 5)?
        } else {
            chance(u, 1, 6)?
        };
        if give {
            let v = odd(u, |u| gen_param_value(u, info, &p.id))?;
            members.push((p.id.clone(), v));
        }
    }
    if chance(u, 1, 10)? {
        // A parameter of another policy, or none at all: ignored with a warning.
        let k = if u.arbitrary()? {
            param_id(u)?
        } else {
            u.arbitrary()?
        };
        members.push((k, gen_amount(u)?));
    }
    if members.len() > 1 && chance(u, 1, 8)? {
        let i = u.int_in_range(0..=members.len() - 1)?;
        let j = u.int_in_range(0..=members.len() - 1)?;
        members.swap(i, j);
    }
    Ok(Input::Object(members))
}

fn gen_param_value(u: &mut Unstructured, info: &PolicyInfo, id: &str) -> Result<Input> {
    let Some(p) = info.params.iter().find(|p| p.id == id) else {
        return gen_amount(u);
    };
    Ok(match p.unit {
        "ratio" => gen_ratio(u)?,
        "choice" => match (&p.choices, u.int_in_range(0u8..=7)?) {
            (Some(c), 0..=5) if !c.is_empty() => s(&pick(u, c)?.value),
            _ => gen_string(u)?,
        },
        "schedule" => gen_schedule(u)?,
        _ => {
            if p.accepts_none == Some(true) && chance(u, 1, 4)? {
                s("none")
            } else {
                gen_amount(u)?
            }
        }
    })
}

/// A schedule parameter: mostly rising band limits, sometimes not.
fn gen_schedule(u: &mut Unstructured) -> Result<Input> {
    let mut m = Vec::new();
    let mut at: u64 = u.int_in_range(0..=5_000_000)?;
    if !chance(u, 1, 12)? {
        m.push(("deductible".into(), s(&plain(at, u.int_in_range(0..=2)?))));
    }
    let n = if chance(u, 1, 30)? {
        21
    } else {
        u.int_in_range(0..=5)?
    };
    let mut bands = Vec::with_capacity(n);
    for i in 0..n {
        let mut b = Vec::new();
        let last = i + 1 == n;
        if !(last && u.arbitrary()?) && !chance(u, 1, 20)? {
            at = if chance(u, 1, 10)? {
                at.saturating_sub(u.int_in_range(0..=10_000)?)
            } else {
                at + u.int_in_range(1..=20_000_000)?
            };
            b.push((
                "upto".into(),
                odd(u, |u| Ok(s(&plain(at, u.int_in_range(0..=2)?))))?,
            ));
        }
        if !chance(u, 1, 20)? {
            b.push(("ratio".into(), odd(u, gen_ratio)?));
        }
        bands.push(if chance(u, 1, 30)? {
            gen_any(u, 4)?
        } else {
            Input::Object(b)
        });
    }
    if !chance(u, 1, 12)? {
        m.push(("bands".into(), Input::Array(bands)));
    }
    match u.int_in_range(0u8..=3)? {
        0 => {}
        1 => m.push(("cap".into(), s("none"))),
        _ => m.push(("cap".into(), odd(u, gen_amount)?)),
    }
    if chance(u, 1, 20)? {
        m.push((gen_key(u)?, gen_amount(u)?));
    }
    Ok(Input::Object(m))
}

fn gen_visits(u: &mut Unstructured) -> Result<Input> {
    let n = u.int_in_range(0..=6)?;
    let mut items = Vec::with_capacity(n);
    for _ in 0..n {
        items.push(if chance(u, 1, 30)? {
            gen_any(u, 2)?
        } else {
            gen_visit(u)?
        });
    }
    // Now and then the year's limit on visits: 501 copies of the last (refused at once), rarely
    // 499 or 500 (settled in full, which costs a hundred times a short year).
    if !items.is_empty() && chance(u, 1, 40)? {
        let want = if chance(u, 1, 10)? {
            *pick(u, &[499usize, 500])?
        } else {
            501
        };
        let last = items[items.len() - 1].clone();
        items.resize(want, last);
    }
    Ok(Input::Array(items))
}

fn gen_visit(u: &mut Unstructured) -> Result<Input> {
    let mut m = Vec::new();
    if !chance(u, 1, 20)? {
        let v = match u.int_in_range(0u8..=31)? {
            31 => gen_string(u)?,
            30 => Input::Number(Some(1)),
            _ => s(pick(u, &CARE)?),
        };
        m.push(("care".into(), v));
    }
    if !chance(u, 1, 5)? {
        let v = match u.int_in_range(0u8..=31)? {
            31 => Input::Number(Some(u.int_in_range(0..=5)?)),
            30 => Input::Number(None),
            29 => s(pick(u, &["1", "2", "3"])?),
            28 => Input::Null,
            27 => Input::Number(u.arbitrary()?),
            _ => Input::Number(Some(u.int_in_range(1..=3)?)),
        };
        m.push(("level".into(), v));
    }
    // Mostly consistent amounts (excluded within total, the slip within the in-policy cost).
    if !chance(u, 1, 6)? {
        let total = match u.int_in_range(0u8..=7)? {
            7 => u.int_in_range(0..=100_000)?,
            6 => u.int_in_range(0..=100_000_000_000)?,
            _ => u.int_in_range(0..=50_000_000)?,
        };
        let excluded = if u.arbitrary()? {
            u.int_in_range(0..=total)?
        } else {
            0
        };
        let paid = u.int_in_range(0..=total - excluded)?;
        let dp = u.int_in_range(0..=2)?;
        if !chance(u, 1, 30)? {
            m.push(("total".into(), s(&plain(total, dp))));
        }
        if excluded > 0 || chance(u, 1, 8)? {
            m.push(("excluded".into(), s(&plain(excluded, dp))));
        }
        if chance(u, 1, 3)? {
            m.push(("basic_paid".into(), s(&plain(paid, dp))));
        }
    } else {
        for k in ["total", "excluded", "basic_paid"] {
            if u.arbitrary()? {
                m.push((k.into(), odd(u, gen_amount)?));
            }
        }
    }
    if chance(u, 1, 30)? {
        m.push((gen_key(u)?, gen_any(u, 3)?));
    }
    Ok(Input::Object(m))
}
