//! The cost curve of one more visit (docs/CONTRACT.md, "Cost curve"): its points are its kinks,
//! each where the documents put it, computed here by hand.

use serde_json::{json, Value};

fn curve(scenario: Value, care: &str, level: Option<u8>) -> Value {
    let care = yibao::rules::Care::parse(care).expect("care");
    let c = yibao::curve::curve_text(
        &scenario.to_string(),
        None,
        care,
        level,
        yibao::messages::zh(),
    )
    .unwrap_or_else(|e| panic!("refused: {}", e.error.message));
    serde_json::to_value(&c).expect("serialises")
}

/// (total, fund, out of pocket, kink keys) of each point.
fn points(c: &Value) -> Vec<(String, String, String, Vec<String>)> {
    c["points"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or("").to_string();
            let keys = p["kinks"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|k| k["message"]["key"].as_str().unwrap_or("").to_string())
                .collect();
            (s("total"), s("fund"), s("out_of_pocket"), keys)
        })
        .collect()
}

#[test]
fn tianjin_outpatient_care_kinks_where_the_annual_deductible_is_used_up_and_where_the_cap_binds() {
    // TJ2021D 二(一): "年度起付标准统一为600元，最高支付限额统一为4000元，高档…50%" at 三级.
    // An earlier 300 元 visit used 300 of the 600, so the next visit's deductible ends at 300;
    // the 4000 cap binds when (T − 300) × 50% = 4000, at T = 8300. The curve ends a quarter
    // beyond its last kink: 8300 × 1.25 = 10375.
    let c = curve(
        json!({ "policy": "tianjin-2022", "tier": "high",
                "visits": [{ "care": "outpatient", "level": 1, "total": "300" }] }),
        "outpatient",
        Some(3),
    );
    assert_eq!(
        points(&c),
        vec![
            ("0.00".into(), "0.00".into(), "0.00".into(), vec![]),
            (
                "300.00".into(),
                "0.00".into(),
                "300.00".into(),
                vec!["curve.basic_deductible".to_string()]
            ),
            (
                "8300.00".into(),
                "4000.00".into(),
                "4300.00".into(),
                vec!["curve.basic_cap".to_string()]
            ),
            (
                "10375.00".into(),
                "4000.00".into(),
                "6375.00".into(),
                vec![]
            ),
        ]
    );
    // Both kinks cite 二(一).
    for p in &c["points"].as_array().expect("points")[1..3] {
        assert_eq!(p["kinks"][0]["citation"]["clause"], "二(一)");
        assert_eq!(p["kinks"][0]["citation"]["doc"], "TJ2021D");
    }
}

#[test]
fn dongying_critical_illness_kinks_sit_on_the_band_boundaries_and_the_cap() {
    // Local inpatient values: deductible 1000 per stay, 80%, cap 150000. DY2020 二(二): the
    // general schedule from 16000: 60% to 10万, 65% to 20万, 70% to 30万, 75% above, 40万 cap.
    let c = curve(
        json!({ "policy": "dongying-2020", "tier": "resident",
                "params": { "inpatient_deductible_l3": "1000", "inpatient_deductible_mode": "per_visit",
                            "inpatient_ratio_l3": "0.8", "inpatient_cap": "150000" } }),
        "inpatient",
        Some(3),
    );
    let p = points(&c);
    let at = |total: &str| {
        p.iter()
            .find(|x| x.0 == total)
            .unwrap_or_else(|| panic!("no point at {total}: {p:?}"))
            .clone()
    };
    // Basic: the deductible at 1000; the cap when (T − 1000) × 80% = 150000, T = 188500.
    assert_eq!(at("1000.00").3, vec!["curve.basic_deductible"]);
    assert_eq!(at("188500.00").3, vec!["curve.basic_cap"]);
    // Above 188500 basic pays 150000, so the burden is T − 150000: 10万 at T = 250000, 20万 at
    // 350000, 30万 at 450000. Critical at 250000: (100000 − 16000) × 60% = 50400, and the funds
    // 150000 + 50400 = 200400, leaving 49600.
    let b2 = at("250000.00");
    assert_eq!(b2.3, vec!["curve.critical_band"]);
    assert_eq!((b2.1.as_str(), b2.2.as_str()), ("200400.00", "49600.00"));
    assert_eq!(at("350000.00").3, vec!["curve.critical_band"]);
    // At 30万: 50400 + 100000 × 65% + 100000 × 70% = 185400.
    let b4 = at("450000.00");
    assert_eq!(b4.3, vec!["curve.critical_band"]);
    assert_eq!(b4.1, "335400.00"); // 150000 + 185400
                                   // The 40万 cap: 185400 + (b − 300000) × 75% = 400000 at b = 586133.33…; the first 分 where
                                   // it binds is b = 586133.34, T = 736133.34.
    assert_eq!(at("736133.34").3, vec!["curve.critical_cap"]);
    assert_eq!(at("736133.34").1, "550000.00"); // 150000 + 400000
                                                // Each band kink names its band and ratio, citing DY2020 二(二).
    let kink = &c["points"]
        .as_array()
        .expect("points")
        .iter()
        .find(|x| x["total"] == "350000.00")
        .expect("band 3")["kinks"][0];
    assert_eq!(kink["text"], "大病保险进入第3段，支付70%");
    assert_eq!(kink["citation"]["clause"], "二(二)");
}

#[test]
fn a_visit_that_needs_a_missing_local_parameter_is_reported_as_the_estimate_reports_it() {
    // Tianjin's inpatient deductible and cap are local parameters (TJ2021D 二(三) gives ratios only).
    let sc = json!({ "policy": "tianjin-2022", "tier": "high" });
    let care = yibao::rules::Care::parse("inpatient").expect("care");
    let e = yibao::curve::curve_text(&sc.to_string(), None, care, Some(3), yibao::messages::zh())
        .expect_err("refused");
    assert_eq!(e.error.code, yibao::ErrorCode::MissingParam);
}
