//! An agency's parameter set (docs/CONTRACT.md, "Parameter sets"): its values fill the local
//! parameters a scenario leaves out, each step that uses one cites the agency's document instead
//! of "文件未规定", a resident's own value wins, and every mistake in the file is reported with its
//! line, its field and a Chinese message.

use serde_json::{json, Value};
use yibao::agency::read_set_text;
use yibao::messages;
use yibao::params_set::ParamSet;

/// Tianjin's 2014 critical-illness notice (as in examples/params-tianjin-2022.toml) as an agency's set.
/// It is an example of the format, not the 2022 values.
const SET: &str = r#"policy = "tianjin-2022"

[agency]
name = "示例经办机构"
website = "https://example.gov.cn"

[params.critical_schedule]
value = { deductible = "20000", bands = [ { upto = "100000", ratio = "0.5" }, { upto = "200000", ratio = "0.6" }, { upto = "300000", ratio = "0.7" } ] }
document = "关于公布2014年度城乡居民大病保险筹资和给付标准的通知"
number = "（文号未见）"
clause = "三"
date = 2014-07-01
quote = "（一）2万元以上至10万元（含）以下部分，给付50%；"

[params.critical_scope]
value = "inpatient+special_outpatient"
document = "关于公布2014年度城乡居民大病保险筹资和给付标准的通知"
number = "（文号未见）"
clause = "二"
date = "2014-07-01"
"#;

fn set() -> ParamSet {
    read_set_text(SET, messages::zh()).expect("the example set is valid")
}

fn estimate(scenario: &Value, set: Option<&ParamSet>) -> Value {
    let input = yibao::parse_text(&scenario.to_string()).unwrap();
    match yibao::estimate_with_set(&input, set, messages::zh()) {
        Ok(e) => serde_json::to_value(e).unwrap(),
        Err(e) => json!({ "error": serde_json::to_value(&e).unwrap() }),
    }
}

/// A Tianjin 高档 adult's hospital stay: 400000 total, the slip says basic paid 50000.
fn stay() -> Value {
    json!({ "policy": "tianjin-2022", "tier": "high",
            "visits": [{ "care": "inpatient", "level": 3, "total": "400000", "basic_paid": "50000" }] })
}

#[test]
fn the_sets_schedule_fills_the_missing_parameter_and_pays_170000_on_a_350000_burden() {
    // Burden 400000 − 50000 = 350000 (TJ2021D 二(四): the burden after basic insurance).
    // The set's bands: (100000 − 20000) × 50% + (200000 − 100000) × 60% + (300000 − 200000) × 70%
    // = 40000 + 60000 + 70000 = 170000; nothing above 300000 (the last band has a limit).
    let r = estimate(&stay(), Some(&set()));
    assert_eq!(r["critical"], "170000.00", "{r}");
    // 400000 − 50000 − 170000 = 180000 left to pay (no assistance group).
    assert_eq!(r["out_of_pocket"], "180000.00");
    // Without the set the schedule is missing and critical illness pays nothing (a warning).
    let without = estimate(&stay(), None);
    assert_eq!(without["critical"], "0.00");
}

#[test]
fn each_step_that_uses_a_sets_value_cites_the_agency_instead_of_saying_the_documents_are_silent() {
    let r = estimate(&stay(), Some(&set()));
    let step = r["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["layer"] == "critical" && s["visit"] == 0)
        .expect("a critical-illness step for the visit");
    let cites: Vec<&str> = step["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(cites.contains(&"agency:critical_schedule"), "{cites:?}");
    let notes = step["notes"].to_string();
    assert!(notes.contains("本地经办机构设定"), "{notes}");
    assert!(notes.contains("示例经办机构"), "{notes}");
    assert!(
        !notes.contains("“大病保险分段标准（普通居民）”为当地参数：文件未规定"),
        "{notes}"
    );
    let c = &r["citations"]["agency:critical_schedule"];
    assert_eq!(c["doc"], "agency");
    assert_eq!(c["agency"], "示例经办机构");
    assert_eq!(
        c["document"],
        "关于公布2014年度城乡居民大病保险筹资和给付标准的通知"
    );
    assert_eq!(c["clause"], "三");
    assert_eq!(c["date"], "2014-07-01");
    assert_eq!(
        c["quote"],
        "（一）2万元以上至10万元（含）以下部分，给付50%；"
    );
    // Every citation id a step names is in the table.
    for s in r["steps"].as_array().unwrap() {
        for id in s["citations"].as_array().unwrap() {
            assert!(r["citations"].get(id.as_str().unwrap()).is_some(), "{id}");
        }
    }
}

#[test]
fn needs_say_who_gave_each_value() {
    let r = estimate(&stay(), Some(&set()));
    let need = |id: &str| {
        r["needs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["param"] == id)
            .cloned()
            .unwrap()
    };
    let n = need("critical_schedule");
    assert_eq!(n["from"], "agency");
    assert_eq!(n["given"], true);
    assert_eq!(n["agency"]["citation"], "agency:critical_schedule");
    assert_eq!(n["agency"]["overridden"], false);
    assert_eq!(n["agency"]["value"]["deductible"], "20000");
}

#[test]
fn a_residents_own_value_overrides_the_sets() {
    let mut sc = stay();
    // The resident gives a one-band schedule: (350000 − 50000) × 50% = 150000, no limit.
    sc["params"] = json!({ "critical_schedule": { "deductible": "50000", "bands": [{ "ratio": "0.5" }], "cap": "none" } });
    let r = estimate(&sc, Some(&set()));
    assert_eq!(r["critical"], "150000.00", "{r}");
    let n = r["needs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["param"] == "critical_schedule")
        .unwrap();
    assert_eq!(n["from"], "scenario");
    assert_eq!(n["agency"]["overridden"], true);
    // The scope still comes from the set, and is cited.
    assert!(r["citations"].get("agency:critical_scope").is_some());
}

#[test]
fn the_set_gives_the_same_figures_as_the_same_values_typed_in() {
    let with_set = estimate(&stay(), Some(&set()));
    let mut typed = stay();
    typed["params"] = json!({
        "critical_schedule": { "deductible": "20000", "bands": [
            { "upto": "100000", "ratio": "0.5" }, { "upto": "200000", "ratio": "0.6" },
            { "upto": "300000", "ratio": "0.7" } ] },
        "critical_scope": "inpatient+special_outpatient" });
    let by_hand = estimate(&typed, None);
    for k in [
        "total",
        "basic",
        "critical",
        "assistance",
        "out_of_pocket",
        "visits",
    ] {
        assert_eq!(with_set[k], by_hand[k], "{k}");
    }
}

#[test]
fn a_set_for_another_policy_is_not_used_and_a_warning_says_so() {
    let sc = json!({ "policy": "dongying-2020", "tier": "resident",
                     "visits": [{ "care": "inpatient", "level": 2, "total": "30000", "basic_paid": "15000" }] });
    let r = estimate(&sc, Some(&set()));
    let warnings = r["warnings"].to_string();
    assert!(warnings.contains("tianjin-2022"), "{warnings}");
    assert!(warnings.contains("未使用"), "{warnings}");
}

#[test]
fn the_json_form_reads_back_to_the_same_set() {
    let s = set();
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(read_set_text(&json, messages::zh()).unwrap(), s);
}

// ------------------------------------------------------------------------------ mistakes

/// The 1-based line of the first line of `text` that contains `marker`.
fn line_of(text: &str, marker: &str) -> usize {
    text.lines()
        .position(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("{marker} not in the text"))
        + 1
}

/// One mistake: the example with `from` replaced by `to`; the mistake must be reported on the
/// line holding `marker` (after the edit), at `field`, with message key `key`.
struct Case {
    name: &'static str,
    from: &'static str,
    to: &'static str,
    marker: &'static str,
    field: &'static str,
    key: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "a parameter the policy does not have",
        from: "[params.critical_scope]",
        to: "[params.critical_scop]",
        marker: "[params.critical_scop]",
        field: "params.critical_scop",
        key: "set.unknown_param",
    },
    Case {
        name: "a policy that does not exist",
        from: "policy = \"tianjin-2022\"",
        to: "policy = \"tianjin-2099\"",
        marker: "tianjin-2099",
        field: "policy",
        key: "set.unknown_policy",
    },
    Case {
        name: "a value without its document",
        from: "document = \"关于公布2014年度城乡居民大病保险筹资和给付标准的通知\"\nnumber = \"（文号未见）\"\nclause = \"二\"",
        to: "number = \"（文号未见）\"\nclause = \"二\"",
        marker: "[params.critical_scope]",
        field: "params.critical_scope.document",
        key: "set.missing",
    },
    Case {
        name: "a value without its clause",
        from: "clause = \"二\"\n",
        to: "",
        marker: "[params.critical_scope]",
        field: "params.critical_scope.clause",
        key: "set.missing",
    },
    Case {
        name: "a value without its date",
        from: "date = \"2014-07-01\"\n",
        to: "",
        marker: "[params.critical_scope]",
        field: "params.critical_scope.date",
        key: "set.missing",
    },
    Case {
        name: "a blank 文号",
        from: "number = \"（文号未见）\"\nclause = \"二\"",
        to: "number = \"  \"\nclause = \"二\"",
        marker: "number = \"  \"",
        field: "params.critical_scope.number",
        key: "set.blank",
    },
    Case {
        name: "a ratio above 1 (out of range)",
        from: "ratio = \"0.7\"",
        to: "ratio = \"1.7\"",
        marker: "ratio = \"1.7\"",
        field: "params.critical_schedule.value.bands[2].ratio",
        key: "error.number.ratio_above_one",
    },
    Case {
        name: "a ratio written as a percentage (wrong unit)",
        from: "ratio = \"0.5\"",
        to: "ratio = \"50%\"",
        marker: "ratio = \"50%\"",
        field: "params.critical_schedule.value.bands[0].ratio",
        key: "error.number.ratio_not_plain",
    },
    Case {
        name: "a choice outside its choices",
        from: "value = \"inpatient+special_outpatient\"",
        to: "value = \"everything\"",
        marker: "value = \"everything\"",
        field: "params.critical_scope.value",
        key: "error.param_choice_unknown",
    },
    Case {
        name: "band limits that do not rise",
        from: "upto = \"200000\"",
        to: "upto = \"90000\"",
        marker: "upto = \"90000\"",
        field: "params.critical_schedule.value.bands[1].upto",
        key: "error.schedule_upto_not_rising",
    },
    Case {
        name: "a mistyped key",
        from: "quote = ",
        to: "qoute = ",
        marker: "qoute = ",
        field: "params.critical_schedule.qoute",
        key: "set.unknown_key",
    },
    Case {
        name: "a javascript: address",
        from: "website = \"https://example.gov.cn\"",
        to: "website = \"javascript:alert(1)\"",
        marker: "javascript:",
        field: "agency.website",
        key: "set.bad_url",
    },
    Case {
        name: "an agency without a name",
        from: "name = \"示例经办机构\"\n",
        to: "",
        marker: "[agency]",
        field: "agency.name",
        key: "set.missing",
    },
    Case {
        name: "a value missing",
        from: "value = \"inpatient+special_outpatient\"\n",
        to: "",
        marker: "[params.critical_scope]",
        field: "params.critical_scope.value",
        key: "set.missing",
    },
    Case {
        name: "not TOML at all",
        from: "[agency]",
        to: "[agency",
        marker: "[agency",
        field: "",
        key: "file.syntax",
    },
    Case {
        name: "an amount given as a number (not quoted)",
        from: "deductible = \"20000\"",
        to: "deductible = 20000.5",
        marker: "deductible = 20000.5",
        field: "params.critical_schedule.value.deductible",
        key: "error.schedule_amount_not_text",
    },
    Case {
        name: "a parameter given as a bare value instead of a table",
        from: "[params.critical_scope]\nvalue = \"inpatient+special_outpatient\"\ndocument = \"关于公布2014年度城乡居民大病保险筹资和给付标准的通知\"\nnumber = \"（文号未见）\"\nclause = \"二\"\ndate = \"2014-07-01\"\n",
        to: "",
        marker: "[params.critical_schedule]",
        field: "params.critical_schedule",
        key: "set.value_not_table",
    },
];

#[test]
fn every_kind_of_mistake_in_a_set_names_its_line_field_and_a_chinese_message() {
    assert!(CASES.len() >= 15);
    for c in CASES {
        assert!(SET.contains(c.from), "{}: the edit does not apply", c.name);
        let mut text = SET.replacen(c.from, c.to, 1);
        if c.name.starts_with("a parameter given as a bare value") {
            // Replace the whole schedule table by a bare value.
            text = text.replacen(
                "[params.critical_schedule]\nvalue = ",
                "[params]\ncritical_schedule = \"x\"\n[params.unused]\nvalue = ",
                1,
            );
        }
        let e = read_set_text(&text, messages::zh())
            .err()
            .unwrap_or_else(|| panic!("{}: accepted", c.name));
        let marker = if c.name.starts_with("a parameter given as a bare value") {
            "critical_schedule = \"x\""
        } else {
            c.marker
        };
        assert_eq!(e.code, "invalid_params_set", "{}", c.name);
        assert_eq!(e.line, line_of(&text, marker), "{}: {}", c.name, e.message);
        assert_eq!(e.field, c.field, "{}: {}", c.name, e.message);
        assert_eq!(e.detail.key, c.key, "{}: {}", c.name, e.message);
        assert!(
            e.message.starts_with(&format!("第{}行", e.line)),
            "{}: {}",
            c.name,
            e.message
        );
        assert!(
            e.message
                .chars()
                .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
            "{}: {}",
            c.name,
            e.message
        );
    }
}

#[test]
fn a_set_that_is_too_large_or_too_deep_is_refused_before_it_is_parsed() {
    let big = format!("{SET}\n# {}\n", "x".repeat(70 * 1024));
    let e = read_set_text(&big, messages::zh()).err().unwrap();
    assert_eq!(e.detail.key, "file.too_large");
    let deep = format!(
        "{SET}\n[params.x]\nvalue = {}{}\n",
        "[".repeat(12),
        "]".repeat(12)
    );
    let e = read_set_text(&deep, messages::zh()).err().unwrap();
    assert_eq!(e.detail.key, "file.too_deep");
    assert_eq!(e.line, line_of(&deep, "[[[[[["));
}

#[test]
fn the_command_line_checks_a_set_and_estimates_with_it() {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("yibao-set-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.toml");
    std::fs::write(&good, SET).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, SET.replace("ratio = \"0.7\"", "ratio = \"1.7\"")).unwrap();
    let bin = env!("CARGO_BIN_EXE_yibao");
    let out = Command::new(bin)
        .args(["params", "check", good.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["policy"], "tianjin-2022");
    let out = Command::new(bin)
        .args(["params", "check", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "invalid_params_set");
    assert_eq!(v["error"]["line"], line_of(SET, "ratio = \"0.7\""));
    let scenario = dir.join("stay.json");
    std::fs::write(&scenario, stay().to_string()).unwrap();
    let out = Command::new(bin)
        .args([
            "estimate",
            "--params-set",
            good.to_str().unwrap(),
            scenario.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["critical"], "170000.00");
    let _ = std::fs::remove_dir_all(&dir);
}
