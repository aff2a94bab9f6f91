//! The tier comparison and its break-even (docs/CONTRACT.md, "Tier comparison"), computed by
//! hand from 天津市《关于做好2021年城乡居民基本医疗保障工作的通知（征求意见稿）》("TJ2021D",
//! data/documents/):
//!
//! * 一(一): "个人缴费标准高档为950元/人，低档为320元/人": the high tier costs 630 元 more.
//! * 二(一): outpatient care, "年度起付标准统一为600元，最高支付限额统一为4000元，高档缴费参保人员支付
//!   比例分别为55%、55%、50%，低档缴费参保人员分别为50%、50%、45%" (一级, 二级, 三级).
//! * 二(三): inpatient care, "高档…支付比例分别为85%、80%、75%，低档…分别为75%、70%、65%"; the
//!   deductible and cap are local parameters, given here.
//!
//! The break-even scales the in-policy costs; payments are compared before their rounding to the
//! 分, so the figures are the documents' arithmetic.

use serde_json::{json, Value};

fn compare(scenario: Value) -> Value {
    let c = yibao::compare::compare_text(&scenario.to_string(), None, yibao::messages::zh())
        .unwrap_or_else(|e| panic!("refused: {}", e.error.message));
    serde_json::to_value(&c).expect("serialises")
}

fn outpatient(level: u8) -> Value {
    json!({ "policy": "tianjin-2022", "tier": "low",
            "visits": [{ "care": "outpatient", "level": level, "total": "3000" }] })
}

#[test]
fn for_outpatient_care_at_a_third_level_hospital_the_high_tier_never_pays_for_itself() {
    let c = compare(outpatient(3));
    // Columns at 3000 元 (二(一)): high (3000 − 600) × 50% = 1200 paid, 1800 out of pocket,
    // 950 + 1800 = 2750 for the year; low (3000 − 600) × 45% = 1080 paid, 1920 out of pocket,
    // 320 + 1920 = 2240. The low tier is cheaper.
    let t = &c["tiers"];
    assert_eq!(
        (t[0]["tier"].as_str(), t[1]["tier"].as_str()),
        (Some("high"), Some("low"))
    );
    assert_eq!(t[0]["basic"], "1200.00");
    assert_eq!(t[0]["out_of_pocket"], "1800.00");
    assert_eq!(t[0]["year_cost"], "2750.00");
    assert_eq!(t[1]["basic"], "1080.00");
    assert_eq!(t[1]["year_cost"], "2240.00");
    assert_eq!(
        (t[0]["cheapest"].as_bool(), t[1]["cheapest"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(t[1]["chosen"], true);
    // Above the deductible the high tier pays 5 points more, until its 4000 cap binds at
    // 4000 / 50% = 8000 above the deductible (total 8600): 4000 − 8000 × 45% = 400 more. From
    // there the low tier catches up until its own cap. 400 < 630: never recovered.
    let b = &c["break_even"][0];
    assert_eq!(b["higher"], "high");
    assert_eq!(b["lower"], "low");
    assert_eq!(b["extra_premium"], "630.00");
    assert_eq!(b["total"], Value::Null);
    assert_eq!(b["max_gain"], "400.00");
    assert_eq!(b["max_gain_total"], "8600.00");
    assert_eq!(b["message"]["key"], "compare.never");
    assert!(b["text"]
        .as_str()
        .unwrap_or("")
        .contains("最多只多报销400.00元"));
}

#[test]
fn at_a_first_level_hospital_the_most_the_high_tier_pays_back_is_about_364_yuan() {
    let c = compare(outpatient(1));
    // 55% against 50%. The high tier's 4000 cap binds from 4000 / 55% = 7272.7272… above the
    // deductible: the last 分 below it is 7272.72, where the high tier pays back
    // (55% − 50%) × 7272.72 = 363.636 more (363.64); a 分 later the cap holds it at 4000 while
    // the low tier pays 7272.73 × 50% = 3636.365, 363.635 less. Total 600 + 7272.72 = 7872.72.
    let b = &c["break_even"][0];
    assert_eq!(b["total"], Value::Null);
    assert_eq!(b["max_gain"], "363.64");
    assert_eq!(b["max_gain_total"], "7872.72");
}

#[test]
fn for_a_hospital_stay_the_high_tier_recovers_its_premium_after_6300_yuan_above_the_deductible() {
    let c = compare(json!({
        "policy": "tianjin-2022", "tier": "high",
        "params": { "inpatient_deductible_l3": "1000", "inpatient_deductible_mode": "per_visit",
                    "inpatient_cap": "180000" },
        "visits": [{ "care": "inpatient", "level": 3, "total": "20000", "excluded": "500" }]
    }));
    // 二(三) at a 三级 hospital: 75% against 65%, 10 points. 630 / 10% = 6300 above the 1000
    // deductible: in-policy 7300, and with the 500 outside the policy range a total of 7800.
    let b = &c["break_even"][0];
    assert_eq!(b["eligible"], "7300.00");
    assert_eq!(b["total"], "7800.00");
    assert_eq!(b["message"]["key"], "compare.break_even");
    // The high tier's 180000 cap binds at 180000 / 75% = 240000 above the deductible (total
    // 1000 + 240000 + 500 = 241500), where it pays 10% × 240000 = 24000 more.
    assert_eq!(b["max_gain"], "24000.00");
    assert_eq!(b["max_gain_total"], "241500.00");
    // At the scenario's own 20000: high (19500 − 1000) × 75% = 13875, out of pocket 6125, year
    // 950 + 6125 = 7075; low (19500 − 1000) × 65% = 12025, out of pocket 7975, year 8295.
    let t = &c["tiers"];
    assert_eq!(t[0]["year_cost"], "7075.00");
    assert_eq!(t[1]["year_cost"], "8295.00");
    assert_eq!(t[0]["cheapest"], true);
}

#[test]
fn a_student_has_no_tier_to_choose_and_is_told_why() {
    let c = compare(json!({ "policy": "tianjin-2022", "tier": "student",
        "visits": [{ "care": "outpatient", "level": 1, "total": "1000" }] }));
    assert_eq!(c["tiers"].as_array().map(Vec::len), Some(1));
    assert_eq!(c["break_even"], json!([]));
    assert_eq!(c["note_messages"][0]["key"], "compare.no_alternatives");
}

#[test]
fn a_group_whose_enrolment_is_fixed_has_nothing_to_compare() {
    // TJ2021D 一(三): 医疗救助对象 "按照低档个人缴费标准全额补贴参保，并享受高档报销待遇".
    let c = compare(
        json!({ "policy": "tianjin-2022", "tier": "high", "groups": ["assistance"],
        "visits": [{ "care": "outpatient", "level": 1, "total": "1000" }] }),
    );
    assert_eq!(c["break_even"], json!([]));
    assert_eq!(c["note_messages"][0]["key"], "compare.fixed_by_group");
    // Both columns: the individual pays nothing (全额补贴) and gets the high benefits.
    for t in c["tiers"].as_array().into_iter().flatten() {
        assert_eq!(t["individual"], "0.00");
    }
}

#[test]
fn a_settlement_slip_is_left_out_and_the_comparison_says_so() {
    let c = compare(json!({ "policy": "tianjin-2022", "tier": "low",
        "visits": [{ "care": "outpatient", "level": 3, "total": "3000", "basic_paid": "999" }] }));
    // Computed from the rules as in the first test, not the slip's 999.
    assert_eq!(c["tiers"][1]["basic"], "1080.00");
    let keys: Vec<&str> = c["note_messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["key"].as_str())
        .collect();
    assert!(keys.contains(&"compare.slip_ignored"), "{keys:?}");
}

#[test]
fn a_missing_local_parameter_is_reported_as_the_estimate_reports_it() {
    let sc = json!({ "policy": "tianjin-2022", "tier": "high",
        "visits": [{ "care": "inpatient", "level": 3, "total": "20000" }] });
    let e = yibao::compare::compare_text(&sc.to_string(), None, yibao::messages::zh())
        .expect_err("refused");
    let est =
        yibao::estimate_text(&sc.to_string(), yibao::messages::zh()).expect_err("refused too");
    assert_eq!(e.error.code, est.error.code);
    assert_eq!(e.error.field, est.error.field);
    assert_eq!(e.error.message, est.error.message);
}

#[test]
fn policies_list_each_tiers_alternatives() {
    let p = yibao::policies(yibao::messages::zh());
    let tj = p.iter().find(|p| p.id == "tianjin-2022").expect("tianjin");
    let alt = |id: &str| {
        tj.tiers
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.alternatives.clone())
            .unwrap_or_default()
    };
    assert_eq!(alt("high"), vec!["low"]);
    assert_eq!(alt("low"), vec!["high"]);
    assert!(alt("student").is_empty());
    // TJ2021D 一(一) offers the choice.
    let cite = tj.tiers[0].choice_citation.as_ref().expect("cited");
    assert!(cite.quote.contains("个人缴费分为高档、低档"));
    // Dongying's 居民 and 学生 are by status, not chosen.
    let dy = p
        .iter()
        .find(|p| p.id == "dongying-2020")
        .expect("dongying");
    assert!(dy.tiers.iter().all(|t| t.alternatives.is_empty()));
}
