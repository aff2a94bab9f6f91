//! Saying exactly what the documents say (issue 6). Each test is named by the sentence it proves;
//! every expected figure is computed by hand in the comment above it from the quoted clause.
//!
//! Documents (data/documents.toml; texts in data/documents/):
//! * N2020 二(五): "全面落实起付线降低并统一至居民人均可支配收入的一半，政策范围内支付比例提高到60%，
//!   鼓励有条件的地区探索取消封顶线" ; "脱贫攻坚期内农村建档立卡贫困人口起付线较普通参保居民降低一半，
//!   支付比例提高5个百分点，全面取消农村建档立卡贫困人口封顶线".
//! * N2020 一(一): "…人均财政补助标准新增30元，达到每人每年不低于550元"; N2022 一: "…不低于610元".
//! * N2022 二: "探索将政策范围内的门诊高额医疗费用纳入大病保险合规医疗费用计算口径".
//! * DY2020 二(二): "…贫困人口…大病保险起付标准为5000元" ; "贫困人口个人负担合规医疗费用5000元以上
//!   (含)、10万元以下的部分给予65%补偿,10万元以上(含)、30万元以下的部分给予75%补偿…".
//! * TJ2021D 二(四): "大病保险起付标准降至普通参保居民的50%，支付比例在普通参保居民的基础上提高5%，
//!   取消封顶线".

use serde_json::{json, Value};

fn run(s: Value) -> Value {
    yibao::estimate(&s).unwrap_or_else(|e| panic!("{}: {} {}", e.code.as_str(), e.field, e.message))
}

fn err(s: Value) -> yibao::Error {
    match yibao::estimate(&s) {
        Ok(r) => panic!("expected an error, got {r:#}"),
        Err(e) => e,
    }
}

fn warnings(r: &Value) -> Vec<String> {
    r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

fn all_text(r: &Value) -> String {
    r.to_string()
}

fn steps(r: &Value, layer: &str) -> Vec<Value> {
    r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["layer"] == layer)
        .cloned()
        .collect()
}

/// The quotes a step cites, in its order, looked up in the result's citations table.
fn quotes_of(r: &Value, step: &Value) -> Vec<String> {
    step["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| {
            r["citations"][id.as_str().unwrap()]["quote"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn policy(id: &str) -> Value {
    yibao::policies_value()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
        .clone()
}

// ------------------------------------------------------------------------------------------
// 0. The contract lives in the project.

#[test]
fn the_contract_is_in_the_repository_and_records_every_addition() {
    let text = std::fs::read_to_string("docs/CONTRACT.md").expect("docs/CONTRACT.md");
    // The original's sections are all there.
    for heading in [
        "## Amounts",
        "## Scenario",
        "## Result",
        "## Errors",
        "## Command line",
        "## WebAssembly and the page",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    // The additions so far.
    for addition in [
        "invalid_param",
        "10亿元",
        "byte-order mark",
        "yibao policies",
        "subsidy_is_minimum",
        "bounds",
        "\"missing\"",
        "critical_scope",
        "schedule",
        "accepts_none",
    ] {
        assert!(text.contains(addition), "docs/CONTRACT.md lacks {addition}");
    }
}

#[test]
fn code_and_tests_point_to_the_projects_own_contract_and_documents() {
    let mut offenders = Vec::new();
    let places = [
        "src", "tests", "wasm/src", "www/js", "benches", "scripts", "examples", "data", "docs",
        "crates", "build.rs",
    ];
    let mut scanned = 0;
    for dir in places {
        for entry in walk(std::path::Path::new(dir)) {
            scanned += 1;
            // The peer benchmark is the one thing outside the repository a script may run
            // (issue 10: `./build.sh bench-batch` runs ../shared/bench/run_anchors.sh); it is not
            // a source of rules or of the contract.
            let text = std::fs::read_to_string(&entry)
                .unwrap_or_default()
                .replace("../shared/bench", "");
            let own = entry.ends_with("fidelity.rs");
            if !own && (text.contains("../shared") || text.contains("policy-facts")) {
                offenders.push(entry.display().to_string());
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "references outside the repository: {offenders:?}"
    );
    // The walk found the files (build.rs, examples/jiamusi-2018/source.txt, the policies…).
    assert!(scanned > 100, "only {scanned} files scanned");
}

/// Every file under `dir`, or `dir` itself when it is a file.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if dir.is_file() {
        out.push(dir.to_path_buf());
    } else if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

// ------------------------------------------------------------------------------------------
// 1. The critical-illness base: which care types count.

fn dongying_dibao_special(params: Value) -> Value {
    json!({ "policy": "dongying-2020", "groups": ["dibao"], "params": params,
            "visits": [{ "care": "special_outpatient", "total": "60000", "basic_paid": "20000" }] })
}

/// Without the scope parameter, the fallback counts inpatient care only: the 门诊慢特病 visit's
/// burden 60000 − 20000 = 40000 is left out, so critical is 0.00 — shown as a lower bound, with a
/// warning naming the visit, and the step saying "本估算未计入（文件未规定）".
#[test]
fn a_special_outpatient_burden_left_out_by_the_fallback_is_named_and_makes_critical_a_lower_bound()
{
    let r = run(dongying_dibao_special(json!({})));
    assert_eq!(r["critical"], "0.00");
    assert_eq!(r["out_of_pocket"], "40000.00");
    assert_eq!(r["bounds"]["critical"]["kind"], "at_least");
    assert_eq!(r["bounds"]["critical"]["label"], "至少");
    assert_eq!(r["bounds"]["out_of_pocket"]["kind"], "at_most");
    let w = warnings(&r);
    assert!(
        w.iter().any(|w| w.contains("第1次就诊（门诊慢特病）")
            && w.contains("当地经办机构确定")
            && w.contains("下限")),
        "{w:#?}"
    );
    let step = &steps(&r, "critical")[0];
    let a = step["arithmetic"].as_str().unwrap();
    assert!(
        a.contains("本估算未计入") && a.contains("文件未规定"),
        "{a}"
    );
    // The step says the figure is a lower bound, as the cap's step says the upper one, with the
    // burden left out: 60000 − 20000 = 40000.
    assert!(
        a.contains("60000.00 − 基本医保 20000.00 = 40000.00 元未计入")
            && a.contains("下限")
            && a.contains("实际支付可能更高"),
        "{a}"
    );
    assert!(
        !all_text(&r).contains("不计入大病保险的合规费用"),
        "stated as a rule"
    );
}

/// The lower bound is said only where it holds: a visit outside the scope that left no burden
/// (the slip's basic payment is its whole in-policy cost, 5000 − 5000 = 0) changes nothing, and a
/// scope the agency gave is the rule, not a guess.
#[test]
fn an_out_of_scope_step_says_lower_bound_only_when_the_fallback_left_a_burden_out() {
    let r = run(json!({ "policy": "dongying-2020", "groups": ["dibao"],
        "visits": [{ "care": "special_outpatient", "total": "5000", "basic_paid": "5000" }] }));
    let a = critical_arithmetic(&r, 0);
    assert!(a.contains("本估算未计入") && !a.contains("下限"), "{a}");
    assert_eq!(r["bounds"], json!({}));
    let r = run(dongying_dibao_special(
        json!({ "critical_scope": "inpatient" }),
    ));
    let a = critical_arithmetic(&r, 0);
    assert!(a.contains("按所填当地参数") && !a.contains("下限"), "{a}");
}

/// The fallback is a warning when it changes a figure, and only then: a visit outside it that
/// left an in-policy burden (above). Otherwise it is stated where the scope is used — the first
/// critical-illness step's notes — and `needs` lists the parameter as optional and not given.
///
/// national-2020, income 30000 → deductible 30000 × 50% = 15000 (N2020 二(五)); cap stated as
/// none; one inpatient visit, burden 100000 − 50000 = 50000: (50000 − 15000) × 60% = 21000.00;
/// and a 门诊慢特病 visit whose slip paid its whole in-policy cost (8000 − 8000 = 0 left).
#[test]
fn the_scope_fallback_is_warned_only_when_it_leaves_a_burden_out() {
    let r = run(json!({ "policy": "national-2020",
        "params": { "disposable_income": "30000", "critical_cap": "none" },
        "visits": [{ "care": "inpatient", "total": "100000", "basic_paid": "50000" },
                   { "care": "special_outpatient", "total": "8000", "basic_paid": "8000" }] }));
    assert_eq!(r["critical"], "21000.00");
    assert_eq!(r["bounds"], json!({}));
    assert!(
        !warnings(&r)
            .iter()
            .any(|w| w.contains("大病保险合规费用的范围")),
        "{:#?}",
        warnings(&r)
    );
    let notes = steps(&r, "critical")[0]["notes"].to_string();
    assert!(
        notes.contains("未填写“大病保险合规费用的范围”：本估算只计入住院费用（文件未规定，由当地经办机构确定）"),
        "{notes}"
    );
    // Said once, by the engine: the policy's own note no longer repeats it.
    assert_eq!(notes.matches("只计入住院费用").count(), 1, "{notes}");
    let need = r["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["param"] == "critical_scope")
        .unwrap()
        .clone();
    assert_eq!(
        (need["required"].clone(), need["given"].clone()),
        (json!(false), json!(false))
    );
    // The same scenario with a burden left out (8000 − 3000 = 5000): now it is a warning naming
    // the visit, and the figure is a lower bound.
    let r = run(json!({ "policy": "national-2020",
        "params": { "disposable_income": "30000", "critical_cap": "none" },
        "visits": [{ "care": "inpatient", "total": "100000", "basic_paid": "50000" },
                   { "care": "special_outpatient", "total": "8000", "basic_paid": "3000" }] }));
    assert_eq!(r["critical"], "21000.00");
    assert_eq!(r["bounds"]["critical"]["kind"], "at_least");
    assert!(warnings(&r)
        .iter()
        .any(|w| w.contains("第2次就诊（门诊慢特病）") && w.contains("下限")));
    // A scope the agency gave is noted as a local value, not as a fallback.
    let r = run(json!({ "policy": "national-2020",
        "params": { "disposable_income": "30000", "critical_cap": "none", "critical_scope": "inpatient" },
        "visits": [{ "care": "inpatient", "total": "100000", "basic_paid": "50000" }] }));
    let notes = steps(&r, "critical")[0]["notes"].to_string();
    assert!(!notes.contains("未填写“大病保险合规费用的范围”"), "{notes}");
    assert!(
        notes.contains("“大病保险合规费用的范围”为当地参数"),
        "{notes}"
    );
}

/// With the wider scope the visit counts: 贫困人口 table, burden 40000:
/// (40000 − 5000) × 65% = 35000 × 0.65 = 22750.00 (DY2020 二(二)). Exact: no bound.
#[test]
fn with_special_outpatient_in_scope_the_dongying_dibao_visit_gets_22750() {
    let r = run(dongying_dibao_special(
        json!({ "critical_scope": "inpatient+special_outpatient" }),
    ));
    assert_eq!(r["critical"], "22750.00");
    // 60000 − 20000 − 22750 = 17250.
    assert_eq!(r["out_of_pocket"], "17250.00");
    assert_eq!(r["bounds"], json!({}));
    assert!(!warnings(&r).iter().any(|w| w.contains("下限")));
}

/// The agency may state inpatient only: the visit is still left out and named, but the figure is
/// no longer a bound — the agency's choice is the rule.
#[test]
fn an_agency_that_states_inpatient_only_gets_a_named_visit_but_no_bound() {
    let r = run(dongying_dibao_special(
        json!({ "critical_scope": "inpatient" }),
    ));
    assert_eq!(r["critical"], "0.00");
    assert_eq!(r["bounds"], json!({}));
    assert!(warnings(&r)
        .iter()
        .any(|w| w.contains("第1次就诊（门诊慢特病）") && w.contains("当地参数")));
}

/// The scope accumulates across care types. national-2020, income 40000 → deductible 20000,
/// scope inpatient + 门诊慢特病: burdens 15000 (inpatient 25000 − 10000) and 30000 (special
/// 40000 − 10000); cumulative 15000 pays 0, then 45000: (45000 − 20000) × 60% = 15000.00.
/// Under the fallback only the inpatient 15000 counts, below the deductible: 0.00, a lower bound.
#[test]
fn the_wider_scope_accumulates_inpatient_and_special_outpatient_burdens() {
    let visits = json!([
        { "care": "inpatient", "total": "25000", "basic_paid": "10000" },
        { "care": "special_outpatient", "total": "40000", "basic_paid": "10000" }
    ]);
    let wide = run(json!({ "policy": "national-2020",
        "params": { "disposable_income": "40000", "critical_scope": "inpatient+special_outpatient", "critical_cap": "none" },
        "visits": visits }));
    assert_eq!(wide["critical"], "15000.00");
    assert_eq!(wide["visits"][0]["critical"], "0.00");
    assert_eq!(wide["visits"][1]["critical"], "15000.00");
    let narrow = run(json!({ "policy": "national-2020",
        "params": { "disposable_income": "40000", "critical_cap": "none" }, "visits": visits }));
    assert_eq!(narrow["critical"], "0.00");
    assert_eq!(narrow["bounds"]["critical"]["kind"], "at_least");
}

/// Ordinary outpatient care counts only under the widest choice. national-2020, income 10000 →
/// deductible 5000; outpatient 20000 − 8000 slip = 12000 burden: (12000 − 5000) × 60% = 4200.00.
#[test]
fn ordinary_outpatient_counts_only_when_the_agency_says_so() {
    let s = |scope: Option<&str>| {
        let mut params = json!({ "disposable_income": "10000", "critical_cap": "none" });
        if let Some(v) = scope {
            params["critical_scope"] = json!(v);
        }
        json!({ "policy": "national-2020", "params": params,
                "visits": [{ "care": "outpatient", "total": "20000", "basic_paid": "8000" }] })
    };
    assert_eq!(
        run(s(Some("inpatient+special_outpatient+outpatient")))["critical"],
        "4200.00"
    );
    assert_eq!(
        run(s(Some("inpatient+special_outpatient")))["critical"],
        "0.00"
    );
    assert_eq!(run(s(None))["bounds"]["critical"]["kind"], "at_least");
}

#[test]
fn every_built_in_policy_offers_the_scope_as_a_choice_with_inpatient_as_fallback() {
    for id in [
        "national-2020",
        "national-2022",
        "dongying-2020",
        "tianjin-2022",
    ] {
        let p = policy(id);
        let scope = p["params"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == "critical_scope")
            .unwrap_or_else(|| panic!("{id} has no critical_scope"));
        assert_eq!(scope["unit"], "choice");
        assert_eq!(scope["fallback"], "inpatient");
        assert_eq!(scope["required"], false);
        let values: Vec<_> = scope["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"].as_str().unwrap())
            .collect();
        assert!(values.contains(&"inpatient+special_outpatient"), "{id}");
    }
}

#[test]
fn an_unknown_scope_is_invalid_param() {
    let e = err(dongying_dibao_special(
        json!({ "critical_scope": "everything" }),
    ));
    assert_eq!(
        (e.code.as_str(), e.field.as_str()),
        ("invalid_param", "params.critical_scope")
    );
}

// ------------------------------------------------------------------------------------------
// 2. Floors are not amounts.

/// N2020 一(一) "不低于550元" and N2022 一 "不低于610元": the amount stays, flagged as a floor.
/// DY2020 一(一) "达到每人每年550元" and TJ2021D "暂定…1100元" are not floors.
#[test]
fn the_national_subsidy_is_a_floor_and_says_so() {
    for (id, subsidy, minimum) in [
        ("national-2020", "550.00", true),
        ("national-2022", "610.00", true),
        ("dongying-2020", "550.00", false),
        ("tianjin-2022", "1100.00", false),
    ] {
        let mut s = json!({ "policy": id, "visits": [] });
        if id.starts_with("national") {
            s["params"] = json!({ "disposable_income": "30000" });
        }
        if id == "tianjin-2022" {
            s["tier"] = json!("high");
        }
        let r = run(s);
        assert_eq!(r["contribution"]["subsidy"], subsidy, "{id}");
        assert_eq!(r["contribution"]["subsidy_is_minimum"], minimum, "{id}");
        let tier = &policy(id)["tiers"][0];
        assert_eq!(tier["subsidy_is_minimum"], minimum, "{id} policies()");
        let c = &steps(&r, "contribution")[0];
        let a = c["arithmetic"].as_str().unwrap();
        assert_eq!(
            a.contains(&format!("不低于 {subsidy}")),
            minimum,
            "{id}: {a}"
        );
    }
}

// ------------------------------------------------------------------------------------------
// 3. A missing critical-illness cap is not "no cap".

fn national_big(cap: Option<&str>) -> Value {
    let mut params = json!({ "disposable_income": "30000" });
    if let Some(c) = cap {
        params["critical_cap"] = json!(c);
    }
    // burden = 1000000 − 100000 = 900000.
    json!({ "policy": "national-2020", "params": params,
            "visits": [{ "care": "inpatient", "total": "1000000", "basic_paid": "100000" }] })
}

/// Income 30000 → deductible 30000 × 50% = 15000 (N2020 二(五)); burden 900000:
/// (900000 − 15000) × 60% = 885000 × 0.6 = 531000.00. The cap is unknown, so 531000 is "最多".
#[test]
fn an_absent_cap_makes_the_critical_payment_an_upper_bound() {
    let r = run(national_big(None));
    assert_eq!(r["critical"], "531000.00");
    // out of pocket 1000000 − 100000 − 531000 = 369000, at least.
    assert_eq!(r["out_of_pocket"], "369000.00");
    assert_eq!(r["bounds"]["critical"]["kind"], "at_most");
    assert_eq!(r["bounds"]["critical"]["label"], "最多");
    assert!(r["bounds"]["critical"]["reasons"][0]
        .as_str()
        .unwrap()
        .contains("未计封顶线（文件未规定），实际支付可能更低"));
    assert_eq!(r["bounds"]["out_of_pocket"]["kind"], "at_least");
    assert_eq!(r["bounds"]["out_of_pocket"]["label"], "至少");
    let a = steps(&r, "critical")[0]["arithmetic"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(a.contains("未计封顶线（文件未规定"), "{a}");
}

/// "none": the agency states there is no cap — the same 531000.00, exact.
#[test]
fn an_explicit_none_is_no_cap_and_exact() {
    let r = run(national_big(Some("none")));
    assert_eq!(r["critical"], "531000.00");
    assert_eq!(r["bounds"], json!({}));
}

/// A cap of 300000 binds: min(531000, 300000) = 300000.00.
#[test]
fn a_given_cap_binds() {
    let r = run(national_big(Some("300000")));
    assert_eq!(r["critical"], "300000.00");
    assert_eq!(r["bounds"], json!({}));
}

/// Burden 10000 < deductible 15000: the layer pays nothing, so there is nothing to bound.
#[test]
fn a_scenario_that_does_not_reach_the_layer_shows_no_bound() {
    let r = run(
        json!({ "policy": "national-2020", "params": { "disposable_income": "30000" },
        "visits": [{ "care": "inpatient", "total": "20000", "basic_paid": "10000" }] }),
    );
    assert_eq!(r["critical"], "0.00");
    assert_eq!(r["bounds"], json!({}));
}

/// The 建档立卡 tilt has no cap by the document ("全面取消…封顶线"): exact, not a bound.
/// Deductible 15000 × 50% = 7500; (900000 − 7500) × 65% = 892500 × 0.65 = 580125.00.
#[test]
fn a_tilt_without_cap_by_the_document_is_exact() {
    let mut s = national_big(None);
    s["groups"] = json!(["registered_poor"]);
    let r = run(s);
    assert_eq!(r["critical"], "580125.00");
    assert_eq!(r["bounds"], json!({}));
}

/// `bounds.assistance` (docs/CONTRACT.md): medical assistance works on what critical illness
/// left, so an upper bound on critical illness is a lower bound on assistance.
///
/// national-2020, a 低保对象 (not in the 建档立卡 tilt, N2020 二(五)), income 30000 → deductible
/// 30000 × 50% = 15000; cap unknown; one inpatient visit, burden 1000000 − 100000 = 900000:
/// critical (900000 − 15000) × 60% = 885000 × 0.6 = 531000.00, at most.
/// Assistance parameters (local, none in N2020 二(六)): ratio 70%, deductible 0, limit 300000:
/// (900000 − 531000 − 0) × 70% = 369000 × 0.7 = 258300.00, under the limit — at least, since a cap
/// would leave more for assistance. Out of pocket 1000000 − 100000 − 531000 − 258300 = 110700.00,
/// at least.
#[test]
fn an_unknown_cap_makes_assistance_a_lower_bound() {
    let r = run(json!({ "policy": "national-2020", "groups": ["dibao"],
        "params": { "disposable_income": "30000", "assistance_ratio_dibao": "0.7",
                    "assistance_deductible": "0", "assistance_annual_limit": "300000" },
        "visits": [{ "care": "inpatient", "total": "1000000", "basic_paid": "100000" }] }));
    assert_eq!(r["critical"], "531000.00");
    assert_eq!(r["assistance"], "258300.00");
    assert_eq!(r["out_of_pocket"], "110700.00");
    assert_eq!(r["bounds"]["critical"]["kind"], "at_most");
    let a = &r["bounds"]["assistance"];
    assert_eq!(
        (a["kind"].clone(), a["label"].clone()),
        (json!("at_least"), json!("至少"))
    );
    assert_eq!(
        a["reasons"],
        json!(["大病保险未计封顶线（文件未规定），医疗救助可能更高"])
    );
    assert_eq!(r["bounds"]["out_of_pocket"]["kind"], "at_least");
}

/// `bounds.kind = "approximate"` ("约"): both gaps at once move the figure different ways. The
/// same person with a 门诊慢特病 visit the scope's fallback leaves out (20000 − 5000 = 15000):
/// critical stays 531000.00 (only the inpatient burden counts) but the cap would lower it and the
/// wider scope raise it. Assistance, limit 1000000: 258300.00 on the inpatient visit, and on the
/// other (15000 − 0 − 0) × 70% = 10500.00; 258300 + 10500 = 268800.00. Out of pocket
/// 1020000 − (100000 + 5000) − 531000 − 268800 = 115200.00. All three "约", each with both reasons.
#[test]
fn both_gaps_at_once_make_the_amounts_approximate() {
    let r = run(json!({ "policy": "national-2020", "groups": ["dibao"],
        "params": { "disposable_income": "30000", "assistance_ratio_dibao": "0.7",
                    "assistance_deductible": "0", "assistance_annual_limit": "1000000" },
        "visits": [{ "care": "inpatient", "total": "1000000", "basic_paid": "100000" },
                   { "care": "special_outpatient", "total": "20000", "basic_paid": "5000" }] }));
    assert_eq!(r["critical"], "531000.00");
    assert_eq!(r["assistance"], "268800.00");
    assert_eq!(r["visits"][1]["assistance"], "10500.00");
    assert_eq!(r["out_of_pocket"], "115200.00");
    for amount in ["critical", "assistance", "out_of_pocket"] {
        let b = &r["bounds"][amount];
        assert_eq!(b["kind"], "approximate", "{amount}");
        assert_eq!(b["label"], "约", "{amount}");
        let reasons = b["reasons"].to_string();
        assert_eq!(b["reasons"].as_array().unwrap().len(), 2, "{amount}");
        assert!(
            reasons.contains("未计封顶线") && reasons.contains("未计入"),
            "{amount}: {reasons}"
        );
    }
}

// ------------------------------------------------------------------------------------------
// 4. A banded local schedule.

fn tianjin_schedule(groups: Value, schedule: Value, burden_total: &str) -> Value {
    json!({ "policy": "tianjin-2022", "tier": "high", "groups": groups,
            "params": { "critical_schedule": schedule },
            "visits": [{ "care": "inpatient", "level": 3, "total": burden_total, "basic_paid": "0" }] })
}

/// Tianjin's 2014 schedule shape (20000; 50/60/70% to a 30万 ceiling). Burden 350000:
/// (100000 − 20000) × 50% + (200000 − 100000) × 60% + (300000 − 200000) × 70% + nothing above
/// = 40000 + 60000 + 70000 = 170000.00.
#[test]
fn a_three_band_schedule_with_a_ceiling_pays_170000_on_350000() {
    let sched = json!({ "deductible": "20000", "cap": "none", "bands": [
        { "upto": "100000", "ratio": "0.5" }, { "upto": "200000", "ratio": "0.6" }, { "upto": "300000", "ratio": "0.7" }] });
    let r = run(tianjin_schedule(json!([]), sched, "350000"));
    assert_eq!(r["critical"], "170000.00");
    assert_eq!(r["bounds"], json!({}));
}

/// The tilt (TJ2021D 二(四)) applies to the schedule: deductible 20000 × 50% = 10000, each ratio
/// plus 5 points: (100000 − 10000) × 55% + 100000 × 65% + 100000 × 75%, that is
/// 49500 + 65000 + 75000 = 189500.00.
#[test]
fn the_tianjin_tilt_applies_to_a_banded_schedule() {
    let sched = json!({ "deductible": "20000", "bands": [
        { "upto": "100000", "ratio": "0.5" }, { "upto": "200000", "ratio": "0.6" }, { "upto": "300000", "ratio": "0.7" }] });
    let r = run(tianjin_schedule(json!(["assistance"]), sched, "350000"));
    assert_eq!(r["critical"], "189500.00");
}

/// An open last band and a cap: 20000; 50% to 100000, then 60%; cap 50000. Burden 150000:
/// 80000 × 0.5 + 50000 × 0.6 = 40000 + 30000 = 70000 → capped at 50000.00. The same without the
/// cap is 70000.00 and "最多", since the cap is unknown.
#[test]
fn a_schedule_cap_binds_and_an_unknown_one_is_a_bound() {
    let with_cap = json!({ "deductible": "20000", "cap": "50000", "bands": [
        { "upto": "100000", "ratio": "0.5" }, { "ratio": "0.6" }] });
    assert_eq!(
        run(tianjin_schedule(json!([]), with_cap, "150000"))["critical"],
        "50000.00"
    );
    let no_cap = json!({ "deductible": "20000", "bands": [
        { "upto": "100000", "ratio": "0.5" }, { "ratio": "0.6" }] });
    let r = run(tianjin_schedule(json!([]), no_cap, "150000"));
    assert_eq!(r["critical"], "70000.00");
    assert_eq!(r["bounds"]["critical"]["kind"], "at_most");
}

#[test]
fn every_field_of_a_schedule_is_checked_by_name() {
    let cases = [
        (
            json!({ "bands": [{ "ratio": "0.5" }] }),
            "invalid_amount",
            "params.critical_schedule.deductible",
        ),
        (
            json!({ "deductible": "20000" }),
            "invalid_param",
            "params.critical_schedule.bands",
        ),
        (
            json!({ "deductible": "20000", "bands": [{ "upto": "100000", "ratio": "1.5" }, { "ratio": "0.6" }] }),
            "invalid_amount",
            "params.critical_schedule.bands[0].ratio",
        ),
        (
            json!({ "deductible": "20000", "bands": [{ "upto": "100000", "ratio": "0.5" }, { "upto": "90000", "ratio": "0.6" }] }),
            "invalid_param",
            "params.critical_schedule.bands[1].upto",
        ),
        (
            json!({ "deductible": "20000", "bands": [{ "upto": "10000", "ratio": "0.5" }] }),
            "invalid_param",
            "params.critical_schedule.bands[0].upto",
        ),
        (
            json!({ "deductible": "20000", "bands": [{ "ratio": "0.5" }, { "ratio": "0.6" }] }),
            "invalid_param",
            "params.critical_schedule.bands[0].upto",
        ),
        (
            json!({ "deductible": "20000", "bands": [{ "ratio": "0.5" }], "cap": "-1" }),
            "invalid_amount",
            "params.critical_schedule.cap",
        ),
        (
            json!({ "deductible": "20000", "bands": [{ "upto": "3e5", "ratio": "0.5" }] }),
            "invalid_amount",
            "params.critical_schedule.bands[0].upto",
        ),
        (
            json!({ "deductible": "20000", "bands": [{}] }),
            "invalid_amount",
            "params.critical_schedule.bands[0].ratio",
        ),
        (json!("20000"), "invalid_param", "params.critical_schedule"),
        (
            json!({ "deductible": "20000", "bands": [{ "ratio": "0.5" }], "extra": "1" }),
            "invalid_param",
            "params.critical_schedule.extra",
        ),
    ];
    for (sched, code, field) in cases {
        let e = err(tianjin_schedule(json!([]), sched.clone(), "100000"));
        assert_eq!(
            (e.code.as_str(), e.field.as_str()),
            (code, field),
            "{sched}: {}",
            e.message
        );
        assert!(!e.message.is_empty());
    }
}

#[test]
fn a_schedule_and_its_one_band_parts_together_are_refused() {
    let mut s = tianjin_schedule(
        json!([]),
        json!({ "deductible": "20000", "bands": [{ "ratio": "0.5" }] }),
        "100000",
    );
    s["params"]["critical_ratio"] = json!("0.6");
    let e = err(s);
    assert_eq!(
        (e.code.as_str(), e.field.as_str()),
        ("invalid_param", "params.critical_ratio")
    );
}

// ------------------------------------------------------------------------------------------
// 5. Wording that claims more than the documents.

#[test]
fn national_2022_carries_the_2020_rule_and_tilt_only_as_flagged_assumptions() {
    let r = run(
        json!({ "policy": "national-2022", "groups": ["registered_poor"],
        "params": { "disposable_income": "30000" },
        "visits": [{ "care": "inpatient", "total": "100000", "basic_paid": "50000" }] }),
    );
    let text = all_text(&r);
    assert!(!text.contains("2022年通知未改变"), "overstated");
    let w = warnings(&r);
    // The tilt: limited to "脱贫攻坚期内" (N2020 二(五)), carried on "过渡期内，保持政策相对稳定"
    // (N2020 三(九)); both sentences quoted.
    assert!(
        w.iter().any(|w| w.contains("假定")
            && w.contains("脱贫攻坚期内农村建档立卡贫困人口起付线较普通参保居民降低一半")
            && w.contains("过渡期内，保持政策相对稳定")),
        "{w:#?}"
    );
    // The general rule rests on "待遇水平不降低" (N2022 一).
    assert!(
        w.iter()
            .any(|w| w.contains("假定") && w.contains("确保筹资标准和待遇水平不降低")),
        "{w:#?}"
    );
    // Income 30000 → 15000 × 50% = 7500; burden 50000: (50000 − 7500) × 65% = 27625.00.
    assert_eq!(r["critical"], "27625.00");
}

#[test]
fn the_income_parameter_says_what_the_document_says() {
    for id in ["national-2020", "national-2022"] {
        let p = policy(id);
        let text = p.to_string();
        assert!(
            !text.contains("上一年度"),
            "{id}: 当地上一年度 is not in N2020"
        );
        let income = p["params"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == "disposable_income")
            .unwrap();
        let m = income["meaning"].as_str().unwrap();
        assert!(
            m.contains("居民人均可支配收入的一半") && m.contains("当地经办机构确定"),
            "{m}"
        );
    }
}

#[test]
fn the_tianjin_five_percent_warning_names_both_readings() {
    let r = run(json!({ "policy": "tianjin-2022", "groups": ["assistance"],
        "params": { "critical_deductible": "20000", "critical_ratio": "0.6" },
        "visits": [{ "care": "inpatient", "level": 1, "total": "100000", "basic_paid": "60000" }] }));
    let w = warnings(&r);
    assert!(
        w.iter()
            .any(|w| w.contains("5个百分点") && w.contains("1.05") && w.contains("提高5%")),
        "{w:#?}"
    );
    // Read as +5 points: deductible 10000, 65%: (40000 − 10000) × 65% = 19500.00.
    assert_eq!(r["critical"], "19500.00");
}

/// TJ2021D 二(四) "支付比例在普通参保居民的基础上提高5%" has two readings (+5 points, × 1.05).
/// The help texts of the parameters the tilt raises name both and say which one the estimate
/// assumes, as the warning does, instead of stating "提高5个百分点" as the rule.
#[test]
fn the_tianjin_help_texts_name_both_readings_of_five_percent() {
    let p = policy("tianjin-2022");
    for id in ["critical_ratio", "critical_schedule"] {
        let param = p["params"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .unwrap();
        let m = param["meaning"].as_str().unwrap();
        assert!(
            m.contains("提高5%")
                && m.contains("5个百分点")
                && m.contains("1.05")
                && m.contains("文件没有说明是哪一种")
                && m.contains("本估算假定"),
            "{id}: {m}"
        );
        for as_fact in ["倾斜人群在此基础上提高5个百分点", "各段比例提高5个百分点"]
        {
            assert!(!m.contains(as_fact), "{id}: {m}");
        }
    }
    let en = yibao::policies(yibao::messages::en());
    let text = serde_json::to_string(&en).unwrap();
    assert!(text.contains("multiplied by 1.05"), "English help text");
}

#[test]
fn a_tianjin_assistance_person_who_picks_high_is_warned_of_the_documents_tier() {
    let r = run(
        json!({ "policy": "tianjin-2022", "tier": "high", "groups": ["assistance"], "visits": [] }),
    );
    // TJ2021D 一(三): low tier, fully subsidised: individual 0, subsidy 580 (一(二)).
    assert_eq!(r["contribution"]["individual"], "0.00");
    assert_eq!(r["contribution"]["subsidy"], "580.00");
    let w = warnings(&r);
    assert!(
        w.iter().any(|w| w.contains("高档")
            && w.contains("低档")
            && w.contains("全额补贴")
            && w.contains("高档报销待遇")),
        "{w:#?}"
    );
    // Picking the low tier is what the document says: no such warning.
    let r = run(
        json!({ "policy": "tianjin-2022", "tier": "low", "groups": ["assistance"], "visits": [] }),
    );
    assert!(!warnings(&r).iter().any(|w| w.contains("所选参保档次")));
}

#[test]
fn dongying_severe_disability_is_limited_where_chosen_and_in_a_warning() {
    let limit = "未脱贫的一、二级重度残疾、三级智力残疾、三级精神残疾人员";
    let p = policy("dongying-2020");
    let g = p["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "severe_disability")
        .unwrap();
    assert!(g["definition"].as_str().unwrap().contains(limit));
    let r =
        run(json!({ "policy": "dongying-2020", "groups": ["severe_disability"], "visits": [] }));
    assert!(warnings(&r).iter().any(|w| w.contains(limit)));
}

#[test]
fn help_texts_carry_no_invented_or_nudging_example() {
    let e = err(json!({ "policy": "national-2020", "params": 3 }));
    assert!(!e.message.contains("43834"), "{}", e.message);
    for id in [
        "national-2020",
        "national-2022",
        "dongying-2020",
        "tianjin-2022",
    ] {
        let text = policy(id).to_string();
        assert!(!text.contains("0.7表示70%"), "{id}");
        assert!(!text.contains("43834"), "{id}");
    }
}

// ------------------------------------------------------------------------------------------
// 6. Citations that support their value.

/// Assistance ratios cite an assistance sentence, not the 参保资助 one.
#[test]
fn assistance_steps_cite_assistance_sentences() {
    for (id, group, ratio_param, aid_quote) in [
        (
            "national-2020",
            "dibao",
            "assistance_ratio_dibao",
            "分类资助特困人员、低保对象",
        ),
        (
            "national-2022",
            "dibao",
            "assistance_ratio_dibao",
            "定额资助低保对象",
        ),
        (
            "dongying-2020",
            "dibao",
            "assistance_ratio_dibao",
            "参保资助政策",
        ),
    ] {
        let mut params = json!({ ratio_param: "0.7", "assistance_deductible": "0", "assistance_annual_limit": "10000" });
        if id.starts_with("national") {
            params["disposable_income"] = json!("30000");
        }
        let r = run(json!({ "policy": id, "groups": [group], "params": params,
            "visits": [{ "care": "inpatient", "total": "1000", "basic_paid": "500" }] }));
        let step = &steps(&r, "assistance")[0];
        let quotes = quotes_of(&r, step).join("\n");
        assert!(!quotes.contains(aid_quote), "{id}: {quotes}");
        assert!(quotes.contains("救助"), "{id}");
        // (1000 − 500 − 0) × 70% = 350.00.
        assert_eq!(r["assistance"], "350.00", "{id}");
    }
}

#[test]
fn the_dongying_student_tier_does_not_cite_the_calendar_year_sentence() {
    let r = run(json!({ "policy": "dongying-2020", "tier": "student", "visits": [] }));
    assert!(!all_text(&r).contains("学年调整为自然年度"));
    // 学生210元 (DY2020 一(二)).
    assert_eq!(r["contribution"]["individual"], "210.00");
}

#[test]
fn a_poor_persons_critical_step_cites_the_poor_sentence_first() {
    let r = run(json!({ "policy": "dongying-2020", "groups": ["dibao"],
        "visits": [{ "care": "inpatient", "total": "100000", "basic_paid": "50000" }] }));
    let step = &steps(&r, "critical")[0];
    let quotes = quotes_of(&r, step);
    let first = quotes[0].as_str();
    assert!(first.contains("贫困人口"), "{first}");
    assert!(!first.contains("1.6万元(含)以上"), "{first}");
    // (50000 − 5000) × 65% = 29250.00.
    assert_eq!(r["critical"], "29250.00");
}

/// Mechanically: every literal number in a policy file, and every factor a parameter is
/// multiplied by, is found in one of its cited quotes, as digits, in its 万 form, as a percentage,
/// or as the words the documents use for 0.5 ("一半") and for "no cap" ("取消").
#[test]
fn every_cited_number_occurs_in_its_quote() {
    let mut factors = 0;
    for entry in std::fs::read_dir("data/policies").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        factors += text.matches("factor = \"").count();
        let v: toml::Value = toml::from_str(&text).unwrap();
        let cites = v["citations"].as_table().unwrap().clone();
        let mut bad = Vec::new();
        check_numbers(&v, "", &cites, &mut bad);
        assert!(bad.is_empty(), "{}: {bad:#?}", path.display());
    }
    // The national deductibles' "的一半" (factor 0.5, in both national files) were checked.
    assert!(factors >= 2, "{factors}");
    // And the check catches a factor its quote does not give: 0.4 is not in "…的一半".
    let cites: toml::Table =
        toml::from_str("[c]\nquote = \"全面落实起付线降低并统一至居民人均可支配收入的一半\"")
            .unwrap();
    let wrong: toml::Value =
        toml::from_str("d = { param = \"disposable_income\", factor = \"0.4\", cite = \"c\" }")
            .unwrap();
    let mut bad = Vec::new();
    check_numbers(&wrong, "", &cites, &mut bad);
    assert_eq!(bad.len(), 1, "{bad:?}");
}

/// The scope's citation supports the scope, or there is none. N2020 and P2019 never say which
/// care types count, so national-2020's out-of-scope step cites nothing and says 文件未规定;
/// Tianjin's cites the national notice of the same year, which leaves it to regions to "探索将
/// 政策范围内的门诊高额医疗费用纳入大病保险合规医疗费用计算口径" (N2022 二), and not the tilt.
#[test]
fn the_scope_cites_a_sentence_about_the_scope_or_none() {
    let special =
        json!([{ "care": "special_outpatient", "total": "30000", "basic_paid": "10000" }]);
    let r = run(json!({ "policy": "national-2020",
        "params": { "disposable_income": "30000" }, "visits": special }));
    let step = &steps(&r, "critical")[0];
    assert_eq!(step["citations"], json!([]), "{step:#}");
    assert!(step["arithmetic"].as_str().unwrap().contains("文件未规定"));
    assert!(!all_text(&r).contains("政策范围内支付比例提高到60%"));
    let r = run(json!({ "policy": "tianjin-2022", "tier": "high",
        "params": { "critical_deductible": "20000", "critical_ratio": "0.6" },
        "visits": special }));
    let step = &steps(&r, "critical")[0];
    let quotes = quotes_of(&r, step);
    assert_eq!(
        quotes,
        vec!["探索将政策范围内的门诊高额医疗费用纳入大病保险合规医疗费用计算口径".to_string()]
    );
    assert_eq!(r["critical"], "0.00");
}

/// TJ2021D 二(四) grants the tilt to 医疗救助对象 in its own sentence, and to 优抚对象 and 重度残疾人
/// by "参照医疗救助享受": each person's step cites their own sentence first. Both get the same
/// figure: burden 100000 − 60000 = 40000; deductible 20000 × 50% = 10000; 60% + 5 points = 65%:
/// (40000 − 10000) × 65% = 19500.00.
#[test]
fn a_tianjin_tilt_step_cites_the_persons_own_sentence_first() {
    for (group, first) in [
        (
            "assistance",
            "继续实施降低本市医疗救助对象大病保险起付标准政策",
        ),
        ("youfu", "参照医疗救助享受大病倾斜报销政策"),
        ("severe_disability", "参照医疗救助享受大病倾斜报销政策"),
    ] {
        let r = run(
            json!({ "policy": "tianjin-2022", "tier": "low", "groups": [group],
            "params": { "critical_deductible": "20000", "critical_ratio": "0.6" },
            "visits": [{ "care": "inpatient", "level": 1, "total": "100000", "basic_paid": "60000" }] }),
        );
        let quotes = quotes_of(&r, &steps(&r, "critical")[0]);
        assert!(quotes[0].contains(first), "{group}: {quotes:#?}");
        // The rule's own sentence (50%, 5%, 取消封顶线) is cited too.
        assert!(
            quotes.iter().any(|q| q.contains("降至普通参保居民的50%")),
            "{group}"
        );
        assert_eq!(r["critical"], "19500.00", "{group}");
    }
}

fn number_forms(value: &str) -> Vec<String> {
    if value == "none" {
        return vec!["取消".into(), "不设".into()];
    }
    let Ok(d) = value.parse::<f64>() else {
        return vec![value.to_string()];
    };
    let mut forms = Vec::new();
    if d <= 1.0 && value.contains('.') {
        // A ratio: "60%", "5个百分点"; one half is "一半" in N2020.
        let pct = format!("{}", (d * 100.0 * 10000.0).round() / 10000.0);
        forms.push(format!("{pct}%"));
        forms.push(format!("{pct}个百分点"));
        if value == "0.5" {
            forms.push("一半".into());
        }
    } else {
        forms.push(value.to_string());
        if d >= 10000.0 {
            let wan = d / 10000.0;
            forms.push(format!("{}万", wan));
        }
    }
    forms
}

fn check_numbers(v: &toml::Value, path: &str, cites: &toml::Table, bad: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) => {
            // A literal `value`, and the `factor` a parameter is multiplied by ("居民人均可支配收入的
            // 一半": factor 0.5), are both the document's numbers.
            for field in ["value", "factor"] {
                let (Some(toml::Value::String(value)), Some(cite)) = (t.get(field), t.get("cite"))
                else {
                    continue;
                };
                let keys: Vec<&str> = match cite {
                    toml::Value::String(k) => vec![k.as_str()],
                    toml::Value::Array(a) => a.iter().filter_map(|k| k.as_str()).collect(),
                    _ => vec![],
                };
                let quotes: Vec<&str> = keys
                    .iter()
                    .filter_map(|k| cites.get(*k)?.get("quote")?.as_str())
                    .collect();
                let modes = ["annual", "per_visit"];
                let is_scope = value
                    .split('+')
                    .all(|c| ["inpatient", "outpatient", "special_outpatient"].contains(&c));
                if !modes.contains(&value.as_str()) && !is_scope {
                    let forms = number_forms(value);
                    if !quotes
                        .iter()
                        .any(|q| forms.iter().any(|f| q.contains(f.as_str())))
                    {
                        bad.push(format!("{path}.{field}: {value} not in {keys:?}"));
                    }
                }
            }
            for (k, x) in t {
                check_numbers(x, &format!("{path}.{k}"), cites, bad);
            }
        }
        toml::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                check_numbers(x, &format!("{path}[{i}]"), cites, bad);
            }
        }
        _ => {}
    }
}

// ------------------------------------------------------------------------------------------
// 7. An explanation a help-desk worker can read aloud.

/// Income 35128 → 35128 × 50% = 17564 (N2020 二(五)); a 建档立卡 person: × 50% = 8782.
#[test]
fn the_national_deductible_shows_where_it_comes_from() {
    let base = |groups: Value| {
        run(json!({ "policy": "national-2020", "groups": groups,
            "params": { "disposable_income": "35128", "critical_cap": "none" },
            "visits": [{ "care": "inpatient", "total": "100000", "basic_paid": "50000" }] }))
    };
    let general = base(json!([]));
    let a = steps(&general, "critical")[0]["arithmetic"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        a.contains("居民人均可支配收入") && a.contains("35128 × 50% = 17564"),
        "{a}"
    );
    // (50000 − 17564) × 60% = 32436 × 0.6 = 19461.60.
    assert_eq!(general["critical"], "19461.60");
    let poor = base(json!(["registered_poor"]));
    let a = steps(&poor, "critical")[0]["arithmetic"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(a.contains("35128 × 50% = 17564 × 50% = 8782"), "{a}");
    // (50000 − 8782) × 65% = 41218 × 0.65 = 26791.70.
    assert_eq!(poor["critical"], "26791.70");
}

#[test]
fn local_values_in_critical_and_assistance_steps_are_labelled() {
    let r = run(json!({ "policy": "tianjin-2022", "groups": ["assistance"],
        "params": { "critical_deductible": "20000", "critical_ratio": "0.6",
                    "assistance_ratio_assistance": "0.7", "assistance_deductible": "0", "assistance_annual_limit": "50000" },
        "visits": [{ "care": "inpatient", "level": 1, "total": "100000", "basic_paid": "60000" }] }));
    for layer in ["critical", "assistance"] {
        let s = &steps(&r, layer)[0];
        assert!(
            s["arithmetic"].as_str().unwrap().contains("当地参数"),
            "{layer}: {s:#}"
        );
    }
    // Critical: 10000 deductible, 65%: (40000 − 10000) × 65% = 19500; assistance on
    // 100000 − 60000 − 19500 = 20500 × 70% = 14350.00.
    assert_eq!(r["critical"], "19500.00");
    assert_eq!(r["assistance"], "14350.00");
}

/// `value` occurs in `text`, and every occurrence is followed by `tag`.
fn every_occurrence_tagged(text: &str, value: &str, tag: &str) -> bool {
    let all = text.matches(value).count();
    all > 0 && text.matches(&format!("{value}{tag}")).count() == all
}

fn critical_arithmetic(r: &Value, visit: usize) -> String {
    steps(r, "critical")[visit]["arithmetic"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every local value in a critical-illness step is labelled where the step shows it, at every
/// occurrence: a local schedule's band limits and ratios in the segments, its deductible where
/// the step states it, its cap in the cap clause.
///
/// Tianjin, ordinary resident, schedule given by the agency (TJ2021D leaves it open): deductible
/// 20000, 50% up to 100000, then 60%; cap 300000. One 三级 inpatient visit of 150000 with the slip's
/// basic payment 0: burden 150000 − 0 = 150000;
/// (100000 − 20000) × 50% + (150000 − 100000) × 60% = 40000 + 30000 = 70000.00, under the cap.
#[test]
fn every_local_value_in_a_critical_step_is_labelled_at_every_occurrence() {
    let r = run(json!({ "policy": "tianjin-2022", "tier": "high",
        "params": { "critical_schedule": { "deductible": "20000", "cap": "300000",
            "bands": [{ "upto": "100000", "ratio": "0.5" }, { "ratio": "0.6" }] } },
        "visits": [{ "care": "inpatient", "level": 3, "total": "150000", "basic_paid": "0" }] }));
    assert_eq!(r["critical"], "70000.00");
    let a = critical_arithmetic(&r, 0);
    for value in ["× 50%", "× 60%", "100000", "300000.00 元"] {
        assert!(
            every_occurrence_tagged(&a, value, "（当地参数）"),
            "{value}: {a}"
        );
    }
    assert!(a.contains("（当地参数）中的起付标准 20000"), "{a}");
    // 100000 is both the end of the first band and the start of the second: labelled at both.
    assert_eq!(a.matches("100000（当地参数）").count(), 2, "{a}");

    // A 医疗救助对象 on the one-band parameters (deductible 20000, ratio 60%): the tilt raises
    // the local ratio, and the step says from what. Burden 100000 − 60000 = 40000; deductible
    // 20000 × 50% = 10000; 60% + 5 points = 65%: (40000 − 10000) × 65% = 19500.00.
    let r = run(json!({ "policy": "tianjin-2022", "groups": ["assistance"],
        "params": { "critical_deductible": "20000", "critical_ratio": "0.6" },
        "visits": [{ "care": "inpatient", "level": 1, "total": "100000", "basic_paid": "60000" }] }));
    assert_eq!(r["critical"], "19500.00");
    let a = critical_arithmetic(&r, 0);
    assert!(
        every_occurrence_tagged(&a, "× 65%", "（当地参数 60% 提高 5 个百分点）"),
        "{a}"
    );
    assert!(a.contains("（当地参数）20000 × 50% = 10000"), "{a}");

    // A second visit starting at a local band limit: the first visit's burden 100000 ends the
    // first band, (100000 − 20000) × 50% = 40000.00; the second's 50000 runs from it:
    // (150000 − 100000) × 60% = 30000.00.
    let r = run(json!({ "policy": "tianjin-2022", "tier": "high",
        "params": { "critical_schedule": { "deductible": "20000", "cap": "none",
            "bands": [{ "upto": "100000", "ratio": "0.5" }, { "ratio": "0.6" }] } },
        "visits": [{ "care": "inpatient", "level": 3, "total": "100000", "basic_paid": "0" },
                   { "care": "inpatient", "level": 3, "total": "50000", "basic_paid": "0" }] }));
    assert_eq!(r["visits"][0]["critical"], "40000.00");
    assert_eq!(r["visits"][1]["critical"], "30000.00");
    let a = critical_arithmetic(&r, 1);
    assert!(
        a.contains("(150000 − 100000（当地参数）) × 60%（当地参数）"),
        "{a}"
    );

    // The document's own table is not labelled: Dongying, burden 250000 (DY2020 二(二)):
    // (100000 − 16000) × 60% + (200000 − 100000) × 65% + (250000 − 200000) × 70%
    // = 50400 + 65000 + 35000 = 150400.00.
    let r = run(json!({ "policy": "dongying-2020",
        "visits": [{ "care": "inpatient", "total": "250000", "basic_paid": "0" }] }));
    assert_eq!(r["critical"], "150400.00");
    assert!(!critical_arithmetic(&r, 0).contains("当地参数"));
}

#[test]
fn the_tier_step_says_once_what_the_person_pays_and_which_benefits_apply() {
    let r = run(
        json!({ "policy": "tianjin-2022", "tier": "low", "groups": ["assistance"], "visits": [] }),
    );
    let tier = &steps(&r, "enrolment")[0];
    let a = tier["arithmetic"].as_str().unwrap();
    assert!(a.contains("高档报销待遇"), "{a}");
    assert!(!a.contains("享受低档报销待遇"), "contradicts itself: {a}");
    assert_eq!(a.matches("报销待遇").count(), 1, "{a}");
}

fn tier_step(r: &Value) -> String {
    steps(r, "enrolment")[0]["arithmetic"]
        .as_str()
        .unwrap()
        .to_string()
}

fn tier_warnings(r: &Value) -> Vec<String> {
    warnings(r)
        .into_iter()
        .filter(|w| w.contains("参保档次"))
        .collect()
}

/// The tier step says "见提示" exactly when a tier warning is there, for every Tianjin 资助参保
/// group with every tier and with none.
#[test]
fn the_tier_step_points_to_a_warning_only_when_there_is_one() {
    for group in [
        "assistance",
        "youfu",
        "cadre_spouse",
        "student_loan",
        "severe_disability",
    ] {
        for tier in [None, Some("high"), Some("low"), Some("student")] {
            let mut s = json!({ "policy": "tianjin-2022", "groups": [group], "visits": [] });
            if let Some(t) = tier {
                s["tier"] = json!(t);
            }
            let r = run(s);
            let points = tier_step(&r).contains("见提示");
            assert_eq!(
                points,
                !tier_warnings(&r).is_empty(),
                "{group} {tier:?}: {}",
                tier_step(&r)
            );
        }
    }
}

/// TJ2021D 一(一) "学生儿童按照低档个人缴费标准执行，并享受高档报销待遇" and 一(三): a 医疗救助对象 or
/// a 重度残疾人 who is 学生儿童 enrols "按照低档个人缴费标准全额补贴参保，并享受高档报销待遇" — the
/// 学生儿童 tier is what they get, so nothing is overridden and nothing points to a warning.
/// Individual 0.00 (全额补贴), subsidy 580.00 (一(二) "低档580元/人"). One 一级 outpatient visit of
/// 1600 at high benefits (二(一): 起付600, 高档 55%): (1600 − 600) × 55% = 550.00.
#[test]
fn a_student_in_an_aided_group_keeps_the_student_tier_without_a_warning() {
    for group in ["assistance", "severe_disability"] {
        let r = run(
            json!({ "policy": "tianjin-2022", "tier": "student", "groups": [group],
            "visits": [{ "care": "outpatient", "level": 1, "total": "1600" }] }),
        );
        assert_eq!(r["contribution"]["individual"], "0.00", "{group}");
        assert_eq!(r["contribution"]["subsidy"], "580.00", "{group}");
        assert_eq!(r["basic"], "550.00", "{group}");
        let a = tier_step(&r);
        assert!(
            !a.contains("见提示") && !a.contains("不适用"),
            "{group}: {a}"
        );
        assert!(a.contains("高档报销待遇"), "{group}: {a}");
        assert!(tier_warnings(&r).is_empty(), "{group}: {:#?}", warnings(&r));
        // The sentence that names them: "…重度残疾人中的学生儿童…并享受高档报销待遇", never the
        // one for the other 重度残疾人 ("不符合上述人员身份的重度残疾人…享受低档报销待遇").
        let tier = &steps(&r, "enrolment")[0];
        let quotes = quotes_of(&r, tier).join("\n");
        assert!(
            quotes.contains("重度残疾人中的学生儿童"),
            "{group}: {quotes}"
        );
        assert!(!quotes.contains("不符合上述人员身份"), "{group}: {quotes}");
    }
    // A 重度残疾人 who chose 高档 is not a student: low benefits (一(三)), 50% at 一级 (二(一)):
    // (1600 − 600) × 50% = 500.00, with the step pointing to the warning that says so.
    let r = run(
        json!({ "policy": "tianjin-2022", "tier": "high", "groups": ["severe_disability"],
        "visits": [{ "care": "outpatient", "level": 1, "total": "1600" }] }),
    );
    assert_eq!(r["basic"], "500.00");
    assert!(tier_step(&r).contains("所选的“高档”档次不适用于这一身份（见提示）"));
    let w = tier_warnings(&r);
    assert!(
        w.len() == 1 && w[0].contains("不符合上述人员身份的重度残疾人"),
        "{w:#?}"
    );
}

/// With no tier given nothing was chosen: the policy's first tier (高档) is the default, and the
/// step and the warning say so instead of "所选".
#[test]
fn with_no_tier_given_the_default_tier_is_not_called_chosen() {
    let r = run(json!({ "policy": "tianjin-2022", "groups": ["assistance"], "visits": [] }));
    let a = tier_step(&r);
    assert!(!a.contains("所选"), "{a}");
    assert!(
        a.contains("未填写参保档次") && a.contains("第一档“高档”") && a.contains("见提示"),
        "{a}"
    );
    let w = tier_warnings(&r);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(!w[0].contains("所选"), "{}", w[0]);
    assert!(
        w[0].contains("未填写参保档次") && w[0].contains("默认档次是第一档“高档”"),
        "{}",
        w[0]
    );
    // What the document gives: low tier, fully subsidised (一(三)): individual 0.00, subsidy 580.00.
    assert_eq!(r["contribution"]["individual"], "0.00");
    assert_eq!(r["contribution"]["subsidy"], "580.00");
    // In English too.
    let en = yibao::estimate_text(
        r#"{"policy": "tianjin-2022", "groups": ["assistance"], "visits": []}"#,
        yibao::messages::en(),
    )
    .unwrap_or_else(|_| panic!("estimates"));
    let text = serde_json::to_string(&en).unwrap();
    assert!(text.contains("No enrolment tier"), "{text}");
    assert!(!text.contains("The chosen enrolment tier"), "{text}");
}

/// national-2020 with one inpatient visit and nothing filled in: the income (always needed) and
/// the visit's basic-insurance values are all missing, and all are reported in one answer.
#[test]
fn all_missing_parameters_are_reported_at_once() {
    let e = err(json!({ "policy": "national-2020",
        "visits": [{ "care": "inpatient", "level": 2, "total": "10000" },
                   { "care": "outpatient", "level": 1, "total": "300" }] }));
    assert_eq!(e.code.as_str(), "missing_param");
    assert_eq!(e.field, "params.disposable_income");
    let fields: Vec<&str> = e.missing.iter().map(|m| m.field.as_str()).collect();
    for f in [
        "params.disposable_income",
        "params.inpatient_deductible_l2",
        "params.inpatient_deductible_mode",
        "params.inpatient_ratio_l2",
        "params.inpatient_cap",
        "params.outpatient_deductible",
        "params.outpatient_deductible_mode",
        "params.outpatient_ratio_l1",
        "params.outpatient_cap",
    ] {
        assert!(fields.contains(&f), "{f} not in {fields:?}");
    }
    assert_eq!(fields[0], "params.disposable_income");
    assert!(e.missing.iter().all(|m| !m.message.is_empty()));
    // The JSON error document carries the list too.
    let doc = yibao::estimate_str("{\"policy\":\"national-2020\"}").unwrap_err();
    assert_eq!(doc.missing.len(), 1);
}

/// A non-parameter error after missing parameters: the missing ones came first in the contract's
/// order, so they are the answer; without them, the other error is.
#[test]
fn the_first_error_is_unchanged_by_collecting() {
    let e = err(
        json!({ "policy": "national-2020", "params": { "disposable_income": "30000" },
        "visits": [{ "care": "inpatient", "total": "10000" }] }),
    );
    assert_eq!(
        (e.code.as_str(), e.field.as_str()),
        ("invalid_visit", "visits[0].level")
    );
}
