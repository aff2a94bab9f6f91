//! Bad input never panics and never yields a figure: it yields the contract's error code and the
//! path of the field at fault, with a Chinese message.
//!
//! The table crosses every scenario field with the same hostile inputs: missing, wrong JSON type,
//! negative, three decimals, exponent notation, full-width digits, an empty string and 10^15.

use serde_json::{json, Value};
use yibao::PathPart;

/// The eight inputs, by name.
const KINDS: [&str; 8] = [
    "missing",
    "wrong_type",
    "negative",
    "three_decimals",
    "exponent",
    "full_width",
    "empty",
    "huge",
];

/// The value each kind puts in a string-typed field (`None` removes the field).
fn string_input(kind: &str) -> Option<Value> {
    match kind {
        "missing" => None,
        "wrong_type" => Some(json!(3000)),
        "negative" => Some(json!("-1")),
        "three_decimals" => Some(json!("1.005")),
        "exponent" => Some(json!("1e3")),
        "full_width" => Some(json!("３０００")),
        "empty" => Some(json!("")),
        "huge" => Some(json!("1000000000000000")),
        _ => unreachable!(),
    }
}

/// The same kinds for a number-typed field (the hospital level): the "wrong type" is a string.
fn number_input(kind: &str) -> Option<Value> {
    match kind {
        "missing" => None,
        "wrong_type" => Some(json!("1")),
        "negative" => Some(json!(-1)),
        "three_decimals" => Some(json!(1.005)),
        "exponent" => Some(serde_json::from_str("1e3").unwrap()),
        "full_width" => Some(json!("１")),
        "empty" => Some(json!("")),
        "huge" => Some(json!(1_000_000_000_000_000u64)),
        _ => unreachable!(),
    }
}

/// Sets (or removes, for `None`) the value at a JSON pointer.
fn with(mut base: Value, pointer: &str, v: Option<Value>) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = base
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{parent}"));
    match (target, v) {
        (Value::Object(m), Some(v)) => {
            m.insert(key.to_string(), v);
        }
        (Value::Object(m), None) => {
            m.remove(key);
        }
        (Value::Array(a), Some(v)) => a[key.parse::<usize>().unwrap()] = v,
        (Value::Array(a), None) => {
            a.remove(key.parse::<usize>().unwrap());
        }
        _ => panic!("bad pointer {pointer}"),
    }
    base
}

/// `Ok` or `Err((code, field))`.
type Want = Result<(), (&'static str, &'static str)>;

fn check(scenario: &Value, want: Want, label: &str) {
    let got = yibao::estimate_str(&scenario.to_string());
    match (got, want) {
        (Ok(_), Ok(())) => {}
        (Err(e), Err((code, field))) => {
            assert_eq!(
                (e.code.as_str(), e.field.as_str()),
                (code, field),
                "{label}: {}",
                e.message
            );
            assert_eq!(
                path_text(&e.path),
                e.field,
                "{label}: path and field differ"
            );
            assert!(
                e.message
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{label}: message is not Chinese: {}",
                e.message
            );
        }
        (Ok(r), Err(w)) => panic!("{label}: expected error {w:?}, got a result {}", r["total"]),
        (Err(e), Ok(())) => panic!("{label}: expected a result, got {e}"),
    }
}

/// The structured path written the way `field` is: members joined by `.`, indexes in brackets.
fn path_text(path: &[PathPart]) -> String {
    let mut out = String::new();
    for part in path {
        match part {
            PathPart::Key(k) if out.is_empty() => out.push_str(k),
            PathPart::Key(k) => out.push_str(&format!(".{k}")),
            PathPart::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// One row: a field, a valid base scenario, and what each of the eight kinds must give.
struct Row {
    field: &'static str,
    pointer: &'static str,
    base: Value,
    numeric: bool,
    want: [Want; 8],
}

fn tianjin_outpatient() -> Value {
    json!({ "policy": "tianjin-2022", "tier": "high", "groups": [], "params": {},
            "visits": [{ "care": "outpatient", "level": 1, "total": "3000", "excluded": "0" }] })
}

fn rows() -> Vec<Row> {
    let e = |c, f| Err((c, f));
    let all = |c: &'static str, f: &'static str| {
        [
            e(c, f),
            e(c, f),
            e(c, f),
            e(c, f),
            e(c, f),
            e(c, f),
            e(c, f),
            e(c, f),
        ]
    };
    let but_missing = |missing: Want, c: &'static str, f: &'static str| {
        let mut w = all(c, f);
        w[0] = missing;
        w
    };
    vec![
        Row {
            field: "policy",
            pointer: "/policy",
            base: tianjin_outpatient(),
            numeric: false,
            want: all("unknown_policy", "policy"),
        },
        Row {
            // An absent tier is the policy's first tier (contract: "Absent: the policy's first tier").
            field: "tier",
            pointer: "/tier",
            base: tianjin_outpatient(),
            numeric: false,
            want: but_missing(Ok(()), "unknown_tier", "tier"),
        },
        Row {
            // `groups` itself: absent is "none"; any non-list is refused as a whole.
            field: "groups",
            pointer: "/groups",
            base: tianjin_outpatient(),
            numeric: false,
            want: but_missing(Ok(()), "unknown_group", "groups"),
        },
        Row {
            field: "groups[0]",
            pointer: "/groups/0",
            base: json!({ "policy": "tianjin-2022", "groups": ["assistance"], "visits": [] }),
            numeric: false,
            want: but_missing(Ok(()), "unknown_group", "groups[0]"),
        },
        Row {
            // Required by the national critical-illness deductible.
            field: "params.disposable_income",
            pointer: "/params/disposable_income",
            base: json!({ "policy": "national-2020", "params": { "disposable_income": "40000" },
                          "visits": [{ "care": "inpatient", "total": "50000", "basic_paid": "30000" }] }),
            numeric: false,
            want: but_missing(
                Err(("missing_param", "params.disposable_income")),
                "invalid_amount",
                "params.disposable_income",
            ),
        },
        Row {
            // A ratio parameter: up to four decimals are allowed, so "1.005" fails only for being
            // above 1, and "three decimals" below 1 is fine (see the separate check below).
            field: "params.critical_ratio",
            pointer: "/params/critical_ratio",
            base: json!({ "policy": "tianjin-2022", "params": { "critical_deductible": "20000", "critical_ratio": "0.6" },
                          "visits": [{ "care": "inpatient", "total": "50000", "basic_paid": "20000" }] }),
            numeric: false,
            want: but_missing(
                Err(("missing_param", "params.critical_ratio")),
                "invalid_amount",
                "params.critical_ratio",
            ),
        },
        Row {
            // A choice parameter, needed because the inpatient visit has no settlement-slip amount.
            field: "params.inpatient_deductible_mode",
            pointer: "/params/inpatient_deductible_mode",
            base: json!({ "policy": "tianjin-2022",
                          "params": { "inpatient_deductible_l2": "800", "inpatient_deductible_mode": "per_visit", "inpatient_cap": "200000" },
                          "visits": [{ "care": "inpatient", "level": 2, "total": "10000" }] }),
            numeric: false,
            want: but_missing(
                Err(("missing_param", "params.inpatient_deductible_mode")),
                "invalid_param",
                "params.inpatient_deductible_mode",
            ),
        },
        Row {
            field: "params",
            pointer: "/params",
            base: tianjin_outpatient(),
            numeric: false,
            want: but_missing(Ok(()), "invalid_amount", "params"),
        },
        Row {
            // `visits` itself: absent is an empty year; any non-list is refused.
            field: "visits",
            pointer: "/visits",
            base: tianjin_outpatient(),
            numeric: false,
            want: but_missing(Ok(()), "invalid_visit", "visits"),
        },
        Row {
            field: "visits[0]",
            pointer: "/visits/0",
            base: tianjin_outpatient(),
            numeric: false,
            want: but_missing(Ok(()), "invalid_visit", "visits[0]"),
        },
        Row {
            field: "visits[0].care",
            pointer: "/visits/0/care",
            base: tianjin_outpatient(),
            numeric: false,
            want: all("invalid_visit", "visits[0].care"),
        },
        Row {
            // Tianjin's outpatient ratio depends on the level, so a missing level is refused too.
            field: "visits[0].level",
            pointer: "/visits/0/level",
            base: tianjin_outpatient(),
            numeric: true,
            want: all("invalid_visit", "visits[0].level"),
        },
        Row {
            field: "visits[0].total",
            pointer: "/visits/0/total",
            base: tianjin_outpatient(),
            numeric: false,
            want: all("invalid_amount", "visits[0].total"),
        },
        Row {
            field: "visits[0].excluded",
            pointer: "/visits/0/excluded",
            base: tianjin_outpatient(),
            numeric: false,
            want: but_missing(Ok(()), "invalid_amount", "visits[0].excluded"),
        },
        Row {
            field: "visits[0].basic_paid",
            pointer: "/visits/0/basic_paid",
            base: json!({ "policy": "dongying-2020",
                          "visits": [{ "care": "inpatient", "total": "3000", "basic_paid": "1000" }] }),
            numeric: false,
            want: but_missing(
                Err(("missing_param", "params.inpatient_deductible_l1")),
                "invalid_amount",
                "visits[0].basic_paid",
            ),
        },
    ]
}

#[test]
fn every_field_refuses_every_hostile_input_with_the_right_code_and_field() {
    let mut n = 0;
    for row in rows() {
        // The base scenario itself is valid.
        check(&row.base, Ok(()), &format!("{} base", row.field));
        for (k, kind) in KINDS.iter().enumerate() {
            let v = if row.numeric {
                number_input(kind)
            } else {
                string_input(kind)
            };
            let mut want = row.want[k];
            // For the Dongying basic_paid row, "missing" removes the slip amount, so the engine
            // asks for the first basic-insurance parameter it needs; visits need a level then.
            if row.field == "visits[0].basic_paid" && *kind == "missing" {
                want = Err(("invalid_visit", "visits[0].level"));
            }
            check(
                &with(row.base.clone(), row.pointer, v),
                want,
                &format!("{} / {kind}", row.field),
            );
            n += 1;
        }
    }
    assert!(n >= 8 * 15);
}

#[test]
fn cross_field_limits_are_invalid_visits() {
    let mut s = tianjin_outpatient();
    s["visits"][0]["excluded"] = json!("3000.01");
    check(
        &s,
        Err(("invalid_visit", "visits[0].excluded")),
        "excluded above total",
    );
    s["visits"][0]["excluded"] = json!("3000");
    check(&s, Ok(()), "excluded equal to total");
    let mut s = tianjin_outpatient();
    s["visits"][0]["excluded"] = json!("1000");
    s["visits"][0]["basic_paid"] = json!("2000.01");
    check(
        &s,
        Err(("invalid_visit", "visits[0].basic_paid")),
        "basic_paid above eligible",
    );
    s["visits"][0]["basic_paid"] = json!("2000");
    check(&s, Ok(()), "basic_paid equal to eligible");
}

#[test]
fn ratios_allow_four_decimals_but_not_more_nor_above_one() {
    let base = json!({ "policy": "tianjin-2022", "params": { "critical_deductible": "20000", "critical_ratio": "0.6" }, "visits": [] });
    for (v, want) in [
        ("0.655", Ok(())),
        ("0.6555", Ok(())),
        ("1", Ok(())),
        ("0.65555", Err(("invalid_amount", "params.critical_ratio"))),
        ("1.01", Err(("invalid_amount", "params.critical_ratio"))),
        ("60%", Err(("invalid_amount", "params.critical_ratio"))),
    ] {
        check(
            &with(base.clone(), "/params/critical_ratio", Some(json!(v))),
            want,
            v,
        );
    }
}

#[test]
fn malformed_documents_are_invalid_json() {
    for text in [
        "",
        "{",
        "[]",
        "null",
        "3000",
        "\"policy\"",
        "{\"policy\": tianjin}",
        "\u{feff}{}",
    ] {
        let e = yibao::estimate_str(text).expect_err(text);
        assert_eq!(
            (e.code.as_str(), e.field.as_str()),
            ("invalid_json", ""),
            "{text:?}"
        );
    }
}

#[test]
fn a_missing_level_is_fine_where_the_policy_does_not_need_it() {
    // Dongying with a settlement-slip amount: nothing depends on the level.
    let s = json!({ "policy": "dongying-2020", "visits": [{ "care": "inpatient", "total": "3000", "basic_paid": "1000" }] });
    check(&s, Ok(()), "no level needed");
}

#[test]
fn parameters_a_policy_does_not_have_are_ignored_with_a_warning() {
    let s = json!({ "policy": "tianjin-2022", "params": { "disposable_income": "40000" },
                    "visits": [{ "care": "outpatient", "level": 1, "total": "3000" }] });
    let r = yibao::estimate(&s).unwrap();
    assert_eq!(r["basic"], "1320.00");
    assert!(r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("disposable_income")));
}

#[test]
fn too_many_visits_are_refused_not_attempted() {
    let visit = json!({ "care": "outpatient", "level": 1, "total": "1" });
    let s = json!({ "policy": "tianjin-2022", "visits": vec![visit; yibao::MAX_VISITS + 1] });
    check(&s, Err(("invalid_visit", "visits")), "too many visits");
}

#[test]
fn deeply_nested_or_huge_inputs_do_not_panic() {
    let deep = "[".repeat(100_000);
    assert!(yibao::estimate_str(&deep).is_err());
    let long_policy = json!({ "policy": "x".repeat(1_000_000) });
    let e = yibao::estimate(&long_policy).unwrap_err();
    assert!(
        e.message.chars().count() < 400,
        "message quotes a clipped policy name"
    );
    let digits = json!({ "policy": "tianjin-2022", "visits": [{ "care": "outpatient", "level": 1, "total": "9".repeat(5000) }] });
    assert_eq!(
        yibao::estimate(&digits).unwrap_err().code.as_str(),
        "invalid_amount"
    );
}

mod fuzz {
    use proptest::prelude::*;
    use serde_json::{json, Value};

    /// Any JSON value, biased towards the scenario's own keys and plausible strings.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            "[0-9０-９.,e+\\- ]{0,14}".prop_map(Value::String),
            prop::sample::select(vec![
                "tianjin-2022",
                "dongying-2020",
                "national-2020",
                "national-2022",
                "high",
                "low",
                "student",
                "resident",
                "inpatient",
                "outpatient",
                "special_outpatient",
                "assistance",
                "dibao",
                "severe_disability",
                "annual",
                "per_visit",
                "0.7",
                "3000",
                "",
            ])
            .prop_map(|s| json!(s)),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(
                    (
                        prop::sample::select(vec![
                            "policy",
                            "tier",
                            "groups",
                            "params",
                            "visits",
                            "care",
                            "level",
                            "total",
                            "excluded",
                            "basic_paid",
                            "disposable_income",
                            "critical_ratio",
                            "critical_deductible",
                            "inpatient_deductible_mode",
                            "assistance_ratio_assistance",
                            "x",
                        ]),
                        inner,
                    ),
                    0..7
                )
                .prop_map(|kv| Value::Object(
                    kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
                )),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// Whatever arrives, the engine answers with a result or a typed error, never a panic; an
        /// error always names a code the contract knows and carries a message.
        #[test]
        fn any_json_gives_a_result_or_a_typed_error(v in any_json()) {
            match yibao::estimate(&v) {
                Ok(r) => prop_assert!(r["total"].is_string()),
                Err(e) => {
                    prop_assert!(!e.message.is_empty());
                    prop_assert!([
                        "invalid_json", "unknown_policy", "unknown_tier", "unknown_group", "invalid_amount",
                        "missing_param", "invalid_visit", "invalid_param",
                    ].contains(&e.code.as_str()));
                }
            }
        }

        /// The same with a valid policy fixed in place, so the fuzzing reaches the visits.
        #[test]
        fn any_visits_give_a_result_or_a_typed_error(visits in prop::collection::vec(any_json(), 0..5), p in 0usize..4) {
            let policy = ["tianjin-2022", "dongying-2020", "national-2020", "national-2022"][p];
            let s = json!({ "policy": policy, "params": { "disposable_income": "40000" }, "visits": visits });
            let _ = yibao::estimate(&s);
        }
    }
}

#[test]
fn an_assistance_ratio_alone_makes_the_deductible_and_limit_required() {
    // Filling the person's own ratio shows the layer is meant to be computed: the deductible and
    // the limit can no longer be left out silently (DESIGN.md, "layer" parameters).
    let s = json!({ "policy": "dongying-2020", "groups": ["dibao"], "params": { "assistance_ratio_dibao": "0.7" },
                    "visits": [{ "care": "inpatient", "total": "3000", "basic_paid": "1000" }] });
    check(
        &s,
        Err(("missing_param", "params.assistance_deductible")),
        "ratio only",
    );
    let mut s2 = s.clone();
    s2["params"]["assistance_deductible"] = json!("0");
    check(
        &s2,
        Err(("missing_param", "params.assistance_annual_limit")),
        "ratio and deductible",
    );
    // Another group's ratio does not concern this person: the layer stays out, with a warning
    // that names only this person's parameters.
    let s3 = json!({ "policy": "dongying-2020", "groups": ["dibao"], "params": { "assistance_ratio_tekun": "0.9" },
                     "visits": [{ "care": "inpatient", "total": "3000", "basic_paid": "1000" }] });
    let r = yibao::estimate(&s3).unwrap();
    assert_eq!(r["assistance"], "0.00");
    let w = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        w.contains("医疗救助比例（低保对象）") && !w.contains("特困人员"),
        "{w}"
    );
}

#[test]
fn an_error_path_comes_as_parts_so_a_key_with_a_dot_stays_one_part() {
    // Tianjin's critical_schedule takes only deductible, bands and cap (docs/CONTRACT.md,
    // "Additions"); a key "a.b" is refused, and its path keeps "a.b" whole.
    let sc = json!({
        "policy": "tianjin-2022", "tier": "high",
        "params": { "critical_schedule": { "a.b": "1" } },
        "visits": [{ "care": "inpatient", "level": 3, "total": "1000" }]
    });
    let e = yibao::estimate_str(&sc.to_string()).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_param");
    assert_eq!(e.field, "params.critical_schedule.a.b");
    assert_eq!(
        serde_json::to_value(&e.path).unwrap(),
        json!(["params", "critical_schedule", "a.b"])
    );
    let doc = serde_json::to_value(e.document()).unwrap();
    assert_eq!(
        doc["error"]["path"],
        json!(["params", "critical_schedule", "a.b"])
    );

    // Indexes are numbers.
    let sc = json!({
        "policy": "tianjin-2022", "tier": "high",
        "visits": [{ "care": "inpatient", "level": 3, "total": "1000" },
                   { "care": "inpatient", "level": 3, "total": "-1" }]
    });
    let e = yibao::estimate_str(&sc.to_string()).unwrap_err();
    assert_eq!(
        serde_json::to_value(&e.path).unwrap(),
        json!(["visits", 1, "total"])
    );
}
