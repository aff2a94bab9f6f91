//! Invariants that must hold for every scenario, checked on generated years of visits
//! (2,000 cases each).

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn cfg() -> ProptestConfig {
    ProptestConfig {
        cases: 2000,
        ..ProptestConfig::default()
    }
}

fn yuan(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("amount {v}"))
        .parse()
        .unwrap()
}

const CARES: [&str; 3] = ["inpatient", "outpatient", "special_outpatient"];

/// A visit as generated: care, level, total, excluded and an optional slip amount, all in 分.
#[derive(Debug, Clone)]
struct V {
    care: usize,
    level: u8,
    total: u64,
    excluded: u64,
    slip: Option<u64>,
}

impl V {
    fn json(&self) -> Value {
        let mut v = json!({ "care": CARES[self.care], "level": self.level, "total": yuan(self.total), "excluded": yuan(self.excluded) });
        if let Some(s) = self.slip {
            v["basic_paid"] = json!(yuan(s));
        }
        v
    }
}

/// Visits up to 500,000 元 each, so that every critical-illness band is reached.
fn visit(max_fen: u64) -> impl Strategy<Value = V> {
    (
        0usize..3,
        1u8..=3,
        0..=max_fen,
        0u64..=100,
        proptest::option::of(0u64..=100),
    )
        .prop_map(|(care, level, total, excl_pct, slip_pct)| {
            let excluded = total * excl_pct / 400; // up to a quarter excluded
            let eligible = total - excluded;
            V {
                care,
                level,
                total,
                excluded,
                slip: slip_pct.map(|p| eligible * p / 100),
            }
        })
}

/// Local parameters that make every layer computable, for any of the four policies.
fn full_params(policy: &str, seed: u64) -> Value {
    let mode = if seed % 2 == 0 { "per_visit" } else { "annual" };
    let mut p = json!({
        "disposable_income": yuan(3_000_000 + seed % 3_000_000),
        "inpatient_deductible_l1": "300", "inpatient_deductible_l2": "600", "inpatient_deductible_l3": "900",
        "inpatient_deductible_mode": mode, "inpatient_cap": yuan(10_000_000 + seed % 20_000_000),
        "inpatient_ratio_l1": "0.9", "inpatient_ratio_l2": "0.8", "inpatient_ratio_l3": "0.7",
        "outpatient_deductible": "200", "outpatient_deductible_mode": "annual", "outpatient_cap": "3000",
        "outpatient_ratio_l1": "0.6", "outpatient_ratio_l2": "0.55", "outpatient_ratio_l3": "0.5",
        "special_outpatient_deductible": "500", "special_outpatient_deductible_mode": mode, "special_outpatient_cap": "50000",
        "special_outpatient_ratio_l1": "0.7", "special_outpatient_ratio_l2": "0.65", "special_outpatient_ratio_l3": "0.6",
        "critical_deductible": "20000", "critical_ratio": "0.6",
        "assistance_deductible": yuan(seed % 100_000), "assistance_annual_limit": "30000",
    });
    for g in [
        "registered_poor",
        "dibao",
        "tekun",
        "relapsed_poor",
        "assistance",
    ] {
        p[format!("assistance_ratio_{g}")] = json!("0.7");
    }
    if seed % 3 == 0 {
        p["critical_cap"] = json!("300000");
    }
    // Only the policy's own parameters, so no "ignored parameter" warnings clutter the results.
    let reg = yibao::registry();
    let pol = reg.policy(policy).unwrap();
    let obj = p.as_object().unwrap();
    Value::Object(
        obj.iter()
            .filter(|(k, _)| pol.param_index(k).is_some())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

const POLICIES: [&str; 4] = [
    "national-2020",
    "national-2022",
    "dongying-2020",
    "tianjin-2022",
];

fn tiers(policy: &str) -> &'static [&'static str] {
    match policy {
        "dongying-2020" => &["resident", "student"],
        "tianjin-2022" => &["high", "low", "student"],
        _ => &["resident"],
    }
}

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

fn scenario() -> impl Strategy<Value = Value> {
    (
        0usize..4,
        0usize..3,
        proptest::collection::vec(0usize..9, 0..3),
        proptest::collection::vec(visit(50_000_000), 0..8),
        any::<u64>(),
    )
        .prop_map(|(p, t, groups, visits, seed)| {
            let policy = POLICIES[p];
            let ts = tiers(policy);
            let groups: Vec<_> = groups.into_iter().map(|g| GROUPS[g]).collect();
            json!({
                "policy": policy,
                "tier": ts[t % ts.len()],
                "groups": groups,
                "params": full_params(policy, seed),
                "visits": visits.iter().map(V::json).collect::<Vec<_>>(),
            })
        })
}

fn run(s: &Value) -> Value {
    yibao::estimate(s).unwrap_or_else(|e| panic!("{e} for {s}"))
}

fn paid(r: &Value) -> Decimal {
    dec(&r["basic"]) + dec(&r["critical"]) + dec(&r["assistance"])
}

proptest! {
    #![proptest_config(cfg())]

    /// The layers plus out-of-pocket equal the total, to the 分, per visit and for the year; and
    /// the visits add up to the year's totals.
    #[test]
    fn layers_and_out_of_pocket_add_up_to_the_total(s in scenario()) {
        let r = run(&s);
        let sum = |k: &str| r["visits"].as_array().unwrap().iter().map(|v| dec(&v[k])).sum::<Decimal>();
        for k in ["total", "basic", "critical", "assistance", "out_of_pocket"] {
            prop_assert_eq!(sum(k), dec(&r[k]), "{}", k);
        }
        prop_assert_eq!(dec(&r["basic"]) + dec(&r["critical"]) + dec(&r["assistance"]) + dec(&r["out_of_pocket"]), dec(&r["total"]));
        for v in r["visits"].as_array().unwrap() {
            prop_assert_eq!(dec(&v["basic"]) + dec(&v["critical"]) + dec(&v["assistance"]) + dec(&v["out_of_pocket"]), dec(&v["total"]));
        }
    }

    /// No amount is negative, every amount has exactly two decimals, and no layer pays more than
    /// the in-policy cost.
    #[test]
    fn no_amount_is_negative_or_beyond_the_in_policy_cost(s in scenario()) {
        let r = run(&s);
        for (v, input) in r["visits"].as_array().unwrap().iter().zip(s["visits"].as_array().unwrap()) {
            for k in ["total", "basic", "critical", "assistance", "out_of_pocket"] {
                let a = v[k].as_str().unwrap();
                prop_assert!(a.split_once('.').is_some_and(|(_, f)| f.len() == 2), "{}", a);
                prop_assert!(dec(&v[k]) >= Decimal::ZERO, "{} {}", k, a);
            }
            let eligible = dec(&input["total"]) - dec(&input["excluded"]);
            prop_assert!(dec(&v["basic"]) + dec(&v["critical"]) + dec(&v["assistance"]) <= eligible);
        }
        for k in ["individual", "subsidy"] {
            prop_assert!(dec(&r["contribution"][k]) >= Decimal::ZERO);
        }
    }

    /// The explanation's per-visit amounts add up to the result's totals, layer by layer.
    #[test]
    fn the_steps_amounts_add_up_to_the_totals(s in scenario()) {
        let r = run(&s);
        for layer in ["basic", "critical", "assistance"] {
            let steps: Decimal = r["steps"].as_array().unwrap().iter()
                .filter(|st| st["layer"] == layer)
                .filter_map(|st| st.get("amount").map(dec))
                .sum();
            prop_assert_eq!(steps, dec(&r[layer]), "{}", layer);
        }
        // A step that pays something cites its rule. A step that pays 0.00 may cite nothing only
        // where no sentence addresses it (national-2020's critical-illness scope, issue 6), and
        // then it says so.
        for st in r["steps"].as_array().unwrap() {
            if let Some(amount) = st.get("amount") {
                if st["citations"].as_array().unwrap().is_empty() {
                    prop_assert!(dec(amount).is_zero(), "payment step without citation: {}", st);
                    prop_assert!(st["arithmetic"].as_str().unwrap().contains("文件未规定"), "uncited step that does not say why: {}", st);
                }
            }
        }
    }

    /// Out-of-pocket never grows when a cost falls.
    #[test]
    fn out_of_pocket_never_grows_when_a_cost_falls(s in scenario(), which in any::<prop::sample::Index>(), cut in 1u64..=100) {
        let n = s["visits"].as_array().unwrap().len();
        prop_assume!(n > 0);
        let i = which.index(n);
        let before = run(&s);
        let mut t = s.clone();
        let v = &mut t["visits"][i];
        let total = dec(&v["total"]);
        let excluded = dec(&v["excluded"]);
        let eligible = total - excluded;
        // Lower the in-policy part by `cut` percent, keeping the slip amount within it.
        let new_eligible = (eligible * Decimal::from(100 - cut) / Decimal::from(100)).round_dp(2);
        v["total"] = json!((excluded + new_eligible).to_string());
        if let Some(bp) = v.get("basic_paid").map(dec) {
            v["basic_paid"] = json!(bp.min(new_eligible).to_string());
        }
        let after = run(&t);
        prop_assert!(dec(&after["out_of_pocket"]) <= dec(&before["out_of_pocket"]),
            "{} > {}", after["out_of_pocket"], before["out_of_pocket"]);
    }

    /// The caps hold: Tianjin's 4,000 outpatient fund cap, Dongying's 400,000 critical-illness
    /// cap for ordinary residents, and caps supplied as local parameters.
    #[test]
    fn caps_hold(s in scenario()) {
        let r = run(&s);
        let visits = s["visits"].as_array().unwrap();
        let by_care = |care: &str, layer: &str| -> Decimal {
            r["visits"].as_array().unwrap().iter().zip(visits)
                .filter(|(_, v)| v["care"] == care && v.get("basic_paid").is_none())
                .map(|(o, _)| dec(&o[layer])).sum()
        };
        let params = &s["params"];
        match s["policy"].as_str().unwrap() {
            "tianjin-2022" => {
                prop_assert!(by_care("outpatient", "basic") <= Decimal::from(4000));
                prop_assert!(by_care("special_outpatient", "basic") <= dec(&params["special_outpatient_cap"]));
            }
            "dongying-2020" if s["groups"].as_array().unwrap().iter().all(|g| !["registered_poor", "dibao", "tekun", "severe_disability"].contains(&g.as_str().unwrap())) => {
                prop_assert!(dec(&r["critical"]) <= Decimal::from(400_000));
            }
            _ => {}
        }
        if s["policy"] != "tianjin-2022" {
            prop_assert!(by_care("outpatient", "basic") <= dec(&params["outpatient_cap"]));
        }
        if params.get("inpatient_cap").is_some() {
            // Slip amounts count against the cap too, so only years without slips are bounded.
            if visits.iter().all(|v| v.get("basic_paid").is_none()) {
                prop_assert!(by_care("inpatient", "basic") <= dec(&params["inpatient_cap"]));
            }
        }
        if params.get("assistance_annual_limit").is_some() {
            prop_assert!(dec(&r["assistance"]) <= dec(&params["assistance_annual_limit"]));
        }
    }

    /// The high tier never gets less than the low tier (Tianjin, same scenario, no groups).
    #[test]
    fn the_high_tier_never_gets_less_than_the_low_tier(s in scenario()) {
        let mut s = s;
        s["policy"] = json!("tianjin-2022");
        s["groups"] = json!([]);
        s["params"] = full_params("tianjin-2022", 7);
        s["tier"] = json!("low");
        let low = run(&s);
        s["tier"] = json!("high");
        let high = run(&s);
        prop_assert!(paid(&high) >= paid(&low), "{} < {}", paid(&high), paid(&low));
        prop_assert!(dec(&high["out_of_pocket"]) <= dec(&low["out_of_pocket"]));
    }

    /// A critical-illness tilt group never gets less than an ordinary resident in the same
    /// scenario (same benefit tier, so only the tilt differs).
    #[test]
    fn a_tilt_group_never_gets_less_than_an_ordinary_resident(s in scenario(), g in 0usize..5) {
        let (policy, tier, group) = [
            ("national-2020", "resident", "registered_poor"),
            ("national-2022", "resident", "registered_poor"),
            ("dongying-2020", "resident", ["registered_poor", "dibao", "tekun", "severe_disability"][g % 4]),
            ("tianjin-2022", "high", ["assistance", "youfu"][g % 2]),
            ("tianjin-2022", "low", "severe_disability"),
        ][g];
        let mut s = s;
        s["policy"] = json!(policy);
        s["tier"] = json!(tier);
        s["params"] = full_params(policy, 11);
        // Assistance is a separate layer for some of these groups; leave it out of the comparison.
        let obj = s["params"].as_object_mut().unwrap();
        obj.retain(|k, _| !k.starts_with("assistance_"));
        s["groups"] = json!([]);
        let ordinary = run(&s);
        s["groups"] = json!([group]);
        let tilted = run(&s);
        prop_assert!(dec(&tilted["critical"]) >= dec(&ordinary["critical"]));
        prop_assert!(paid(&tilted) >= paid(&ordinary), "{} < {}", paid(&tilted), paid(&ordinary));
    }
}

/// Inpatient visits with slip amounts, in whole hundreds of 元, so every critical-illness value is
/// exact to the 分 and rounding cannot hide a difference.
fn inpatient_year() -> impl Strategy<Value = Vec<(u64, u64)>> {
    proptest::collection::vec((0u64..=4000, 0u64..=100), 1..6).prop_map(|v| {
        v.into_iter()
            .map(|(e, p)| (e * 100 * 100, (e * p / 100) * 100 * 100))
            .collect()
    })
}

fn critical_of(policy: &str, groups: &[&str], year: &[(u64, u64)]) -> Decimal {
    let visits: Vec<_> = year
        .iter()
        .map(|(e, b)| json!({ "care": "inpatient", "level": 2, "total": yuan(*e), "basic_paid": yuan(*b) }))
        .collect();
    let s = json!({ "policy": policy, "groups": groups,
                    "params": { "disposable_income": "43800", "critical_deductible": "20000", "critical_ratio": "0.55" },
                    "visits": visits });
    dec(&run(&s)["critical"])
}

proptest! {
    #![proptest_config(cfg())]

    /// The year's critical-illness total does not depend on how the same costs are split into
    /// visits: splitting any visit in two (cost and slip amount alike) changes nothing.
    #[test]
    fn the_years_critical_total_does_not_depend_on_the_split(year in inpatient_year(), at in any::<prop::sample::Index>(), share in 0u64..=100, g in 0usize..6) {
        let (policy, groups): (&str, &[&str]) = [
            ("dongying-2020", &[][..]), ("dongying-2020", &["dibao"][..]), ("national-2020", &[][..]),
            ("national-2022", &["registered_poor"][..]), ("tianjin-2022", &[][..]), ("tianjin-2022", &["assistance"][..]),
        ][g];
        let whole = critical_of(policy, groups, &year);
        let i = at.index(year.len());
        let (e, b) = year[i];
        let e1 = e * share / 100 / 10_000 * 10_000;
        let b1 = (b * share / 100 / 10_000 * 10_000).min(e1);
        let mut split = year.clone();
        split[i] = (e1, b1);
        split.insert(i + 1, (e - e1, b - b1));
        prop_assume!(b - b1 <= e - e1);
        prop_assert_eq!(critical_of(policy, groups, &split), whole);
    }

    /// The same holds to the 分 for arbitrary amounts: each payment is what the year's schedule
    /// owes at the new cumulative burden less what was actually paid before, so the year's total
    /// is the schedule's value at the year's burden, rounded once.
    #[test]
    fn the_split_does_not_matter_even_for_odd_amounts(year in proptest::collection::vec((0u64..=40_000_000, 0u64..=100), 1..5), cut in 1u64..=99, g in 0usize..6) {
        let (policy, groups): (&str, &[&str]) = [
            ("dongying-2020", &[][..]), ("dongying-2020", &["severe_disability"][..]), ("national-2020", &[][..]),
            ("national-2022", &["registered_poor"][..]), ("tianjin-2022", &[][..]), ("tianjin-2022", &["youfu"][..]),
        ][g];
        let year: Vec<(u64, u64)> = year.into_iter().map(|(e, p)| (e, e * p / 100)).collect();
        let whole = critical_of(policy, groups, &year);
        let (e, b) = year[0];
        let e1 = e * cut / 100;
        let b1 = (b * cut / 100).min(e1);
        prop_assume!(b - b1 <= e - e1);
        let mut split = year.clone();
        split[0] = (e1, b1);
        split.insert(1, (e - e1, b - b1));
        prop_assert_eq!(critical_of(policy, groups, &split), whole);
    }
}
