//! Worked examples: every expected figure below was computed by hand from the policy documents
//! (and the team's settlement semantics), never by running the engine. Each test spells out its
//! arithmetic and cites the clause that gives each number.
//!
//! Documents (short names as in data/documents.toml; the texts are in data/documents/):
//! * N2020  国家医保局 财政部 国家税务总局关于做好2020年城乡居民基本医疗保障工作的通知
//! * N2022  同上 2022年, 医保发〔2022〕20号
//! * DY2020 东营市 关于做好2020年城乡居民基本医疗保障工作的通知, 东医保发﹝2020﹞56号
//! * TJ     天津 关于做好2021年城乡居民基本医疗保障工作的通知（征求意见稿）(2022 tiers)
//! * P2019  关于坚决完成医疗保障脱贫攻坚硬任务的指导意见, 医保发〔2019〕57号
//!
//! The quotes used again and again:
//! * DY2020 二(二) general 大病: "2020年城乡居民大病保险起付标准为1.6万元" ; "个人负担的合规医疗费用
//!   1.6万元(含)以上、10万元以下的部分给予60%补偿,10万元(含)以上、20万元以下的部分给予65%补偿,
//!   20万元(含)以上、30万元以下的部分给予70%补偿,30万元(含)以上的部分给予75%补偿" ;
//!   "一个医疗年度内,城乡居民大病保险每人最高给予40万元的补偿(不含特药)".
//!   So F_general(B) = 0.60·(B−16000) on [16000,100000) → F(100000) = 0.60 × 84000 = 50400;
//!   + 0.65·(B−100000) on [100000,200000) → F(200000) = 50400 + 0.65 × 100000 = 115400;
//!   + 0.70·(B−200000) on [200000,300000) → F(300000) = 115400 + 0.70 × 100000 = 185400;
//!   + 0.75·(B−300000) above.
//! * DY2020 二(二) 贫困人口: "建档立卡贫困人口、低保对象、特困人员、重度残疾人…等贫困人口…大病保险起付标准
//!   为5000元" ; "贫困人口个人负担合规医疗费用5000元以上(含)、10万元以下的部分给予65%补偿,10万元以上
//!   (含)、30万元以下的部分给予75%补偿,30万元(含)以上的部分给予85%补偿" ; "取消贫困人口居民大病保险
//!   最高支付限额".
//!   So F_poor(B) = 0.65·(B−5000) on [5000,100000) → F(100000) = 0.65 × 95000 = 61750;
//!   + 0.75·(B−100000) on [100000,300000) → F(300000) = 61750 + 0.75 × 200000 = 211750;
//!   + 0.85·(B−300000) above; no cap.
//! * N2020 二(五): "起付线降低并统一至居民人均可支配收入的一半，政策范围内支付比例提高到60%" ;
//!   "农村建档立卡贫困人口起付线较普通参保居民降低一半，支付比例提高5个百分点，全面取消农村建档立卡
//!   贫困人口封顶线" (P2019 四 says the same).
//! * TJ 二(一): "年度起付标准统一为600元，最高支付限额统一为4000元，高档缴费参保人员支付比例分别为
//!   55%、55%、50%，低档缴费参保人员分别为50%、50%、45%".
//! * TJ 二(二): 门诊特殊病 "高档…分别为65%、60%、55%，低档…分别为55%、50%、45%".
//! * TJ 二(三): 住院 "高档…分别为85%、80%、75%，低档…分别为75%、70%、65%".
//! * TJ 二(四): "大病保险起付标准降至普通参保居民的50%，支付比例在普通参保居民的基础上提高5%，取消
//!   封顶线。享受定期抚恤补助的优抚对象（指享受医疗补助人员）和重度残疾人参照医疗救助享受大病倾斜报销
//!   政策" (+5% read as +5 percentage points).
//! * TJ 一(一)/(二)/(三): "个人缴费标准高档为950元/人，低档为320元/人，学生儿童按照低档个人缴费标准
//!   执行，并享受高档报销待遇" ; "补助标准暂定为高档1100元/人，低档580元/人" ; "本市医疗救助对象、
//!   享受定期抚恤补助的优抚对象…、离休干部无固定收入的配偶、享受国家助学贷款的高校学生、重度残疾人中的
//!   学生儿童…按照低档个人缴费标准全额补贴参保，并享受高档报销待遇。不符合上述人员身份的重度残疾人…
//!   按照低档个人缴费标准全额补贴参保，并享受低档报销待遇".
//!
//! Semantics (team decision): eligible = total − excluded; the 大病 base is the year's cumulative
//! (eligible − basic) of inpatient visits; each visit's 大病 payment is F(after) − F(before), then
//! capped; assistance works on eligible − basic − critical after an annual deductible, under one
//! annual limit; every visit payment is rounded to the 分 half up once, after caps.

use serde_json::{json, Value};

/// [total, basic, critical, assistance, out_of_pocket]
type Five = [&'static str; 5];

const KEYS: [&str; 5] = ["total", "basic", "critical", "assistance", "out_of_pocket"];

fn run(scenario: Value) -> Value {
    match yibao::estimate(&scenario) {
        Ok(r) => r,
        Err(e) => panic!(
            "estimate failed: {} at {}: {}",
            e.code.as_str(),
            e.field,
            e.message
        ),
    }
}

fn assert_totals(r: &Value, expected: Five) {
    for (k, e) in KEYS.iter().zip(expected) {
        assert_eq!(r[*k].as_str(), Some(e), "year total `{k}` in {r:#}");
    }
}

fn assert_visit(r: &Value, i: usize, expected: Five) {
    for (k, e) in KEYS.iter().zip(expected) {
        assert_eq!(
            r["visits"][i][*k].as_str(),
            Some(e),
            "visits[{i}].{k} in {r:#}"
        );
    }
}

fn assert_visits(r: &Value, expected: &[Five]) {
    let n = r["visits"].as_array().map(Vec::len);
    assert_eq!(n, Some(expected.len()), "number of visits in {r:#}");
    for (i, e) in expected.iter().enumerate() {
        assert_visit(r, i, *e);
    }
}

fn assert_contribution(r: &Value, individual: &str, subsidy: &str) {
    assert_eq!(
        r["contribution"]["individual"].as_str(),
        Some(individual),
        "contribution.individual in {r:#}"
    );
    assert_eq!(
        r["contribution"]["subsidy"].as_str(),
        Some(subsidy),
        "contribution.subsidy in {r:#}"
    );
}

fn assert_has_warnings(r: &Value) {
    let n = r["warnings"].as_array().map(Vec::len).unwrap_or(0);
    assert!(n > 0, "expected at least one warning in {r:#}");
}

fn warning_count(r: &Value) -> usize {
    r["warnings"].as_array().map(Vec::len).unwrap_or(0)
}

fn assert_error(scenario: Value, code: &str, field: &str) {
    match yibao::estimate(&scenario) {
        Ok(r) => panic!("expected error {code} at {field}, got a result {r:#}"),
        Err(e) => {
            assert_eq!(e.code.as_str(), code, "error code (message: {})", e.message);
            assert_eq!(e.field, field, "error field (message: {})", e.message);
            assert!(!e.message.is_empty(), "error message must not be empty");
        }
    }
}

/// One Dongying inpatient visit settled from its slip: `total`, `basic_paid`, nothing excluded.
fn dy_inpatient(total: &str, basic_paid: &str) -> Value {
    json!({ "care": "inpatient", "level": 2, "total": total, "basic_paid": basic_paid })
}

fn dongying(tier: &str, groups: Value, params: Value, visits: Value) -> Value {
    json!({ "policy": "dongying-2020", "tier": tier, "groups": groups, "params": params, "visits": visits })
}

// =============================================================================================
// Dongying 2020, general schedule: each segment boundary exactly, and one 分 over it.
// Contribution of every Dongying resident below: DY2020 一(二) "居民(不含学生)310元" and
// DY2020 一(一) "人均财政补助标准…达到每人每年550元".
// =============================================================================================

/// Burden exactly 16000.00: at the 起付标准 "1.6万元", nothing is paid yet.
/// v1: total 20000, basic_paid 4000 → burden 20000 − 4000 = 16000 → F(16000) = 0.
///     oop = 20000 − 4000 − 0 = 16000.
/// v2 (the next 100 元 of burden, band "1.6万元(含)以上、10万元以下…60%"): total 100, basic 0 →
///     cum 16100 → F = 0.60 × (16100 − 16000) = 0.60 × 100 = 60; oop = 100 − 60 = 40.
/// Year: total 20100, basic 4000, critical 60, oop 20100 − 4000 − 60 = 16040.
#[test]
fn dongying_general_burden_exactly_16000_pays_nothing_then_60_percent() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("20000", "4000"), dy_inpatient("100", "0")]),
    ));
    assert_totals(&r, ["20100.00", "4000.00", "60.00", "0.00", "16040.00"]);
    assert_visits(
        &r,
        &[
            ["20000.00", "4000.00", "0.00", "0.00", "16000.00"],
            ["100.00", "0.00", "60.00", "0.00", "40.00"],
        ],
    );
    assert_contribution(&r, "310.00", "550.00");
}

/// Burden 16000.01: F = 0.60 × 0.01 = 0.006 → rounded half up to 0.01.
/// total 20000.01, basic_paid 4000 → burden 16000.01; oop = 20000.01 − 4000 − 0.01 = 16000.00.
#[test]
fn dongying_general_burden_one_fen_over_16000_pays_one_fen() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("20000.01", "4000")]),
    ));
    assert_totals(&r, ["20000.01", "4000.00", "0.01", "0.00", "16000.00"]);
    assert_visits(&r, &[["20000.01", "4000.00", "0.01", "0.00", "16000.00"]]);
    assert_contribution(&r, "310.00", "550.00");
}

/// Burden exactly 100000.00 (end of the 60% band, "10万元以下"):
/// v1: total 130000, basic_paid 30000 → burden 100000 → F = 0.60 × (100000 − 16000)
///     = 0.60 × 84000 = 50400; oop = 130000 − 30000 − 50400 = 49600.
/// v2: 100 more burden in "10万元(含)以上、20万元以下…65%": 0.65 × 100 = 65; oop 100 − 65 = 35.
/// Year: 130100 total, 30000 basic, 50465 critical, oop 130100 − 30000 − 50465 = 49635.
#[test]
fn dongying_general_burden_exactly_100000_then_65_percent() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("130000", "30000"), dy_inpatient("100", "0")]),
    ));
    assert_totals(
        &r,
        ["130100.00", "30000.00", "50465.00", "0.00", "49635.00"],
    );
    assert_visits(
        &r,
        &[
            ["130000.00", "30000.00", "50400.00", "0.00", "49600.00"],
            ["100.00", "0.00", "65.00", "0.00", "35.00"],
        ],
    );
}

/// Burden 100000.01: F = 50400 + 0.65 × 0.01 = 50400.0065 → 50400.01.
/// total 130000.01, basic 30000; oop = 130000.01 − 30000 − 50400.01 = 49600.00.
#[test]
fn dongying_general_burden_one_fen_over_100000() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("130000.01", "30000")]),
    ));
    assert_totals(
        &r,
        ["130000.01", "30000.00", "50400.01", "0.00", "49600.00"],
    );
    assert_visits(
        &r,
        &[["130000.01", "30000.00", "50400.01", "0.00", "49600.00"]],
    );
}

/// Burden exactly 200000.00:
/// v1: total 250000, basic 50000 → burden 200000 → F = 50400 + 0.65 × 100000 = 115400;
///     oop = 250000 − 50000 − 115400 = 84600.
/// v2: 100 more in "20万元(含)以上、30万元以下…70%": 0.70 × 100 = 70; oop 30.
/// Year: 250100, 50000, 115470, 0, oop 250100 − 50000 − 115470 = 84630.
#[test]
fn dongying_general_burden_exactly_200000_then_70_percent() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("250000", "50000"), dy_inpatient("100", "0")]),
    ));
    assert_totals(
        &r,
        ["250100.00", "50000.00", "115470.00", "0.00", "84630.00"],
    );
    assert_visits(
        &r,
        &[
            ["250000.00", "50000.00", "115400.00", "0.00", "84600.00"],
            ["100.00", "0.00", "70.00", "0.00", "30.00"],
        ],
    );
}

/// Burden 200000.01: F = 115400 + 0.70 × 0.01 = 115400.007 → 115400.01.
/// total 250000.01, basic 50000; oop = 250000.01 − 50000 − 115400.01 = 84600.00.
#[test]
fn dongying_general_burden_one_fen_over_200000() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("250000.01", "50000")]),
    ));
    assert_totals(
        &r,
        ["250000.01", "50000.00", "115400.01", "0.00", "84600.00"],
    );
    assert_visits(
        &r,
        &[["250000.01", "50000.00", "115400.01", "0.00", "84600.00"]],
    );
}

/// Burden exactly 300000.00:
/// v1: total 360000, basic 60000 → burden 300000 → F = 115400 + 0.70 × 100000 = 185400;
///     oop = 360000 − 60000 − 185400 = 114600.
/// v2: 100 more in "30万元(含)以上的部分给予75%": 0.75 × 100 = 75; oop 25.
/// Year: 360100, 60000, 185475, 0, oop 360100 − 60000 − 185475 = 114625.
#[test]
fn dongying_general_burden_exactly_300000_then_75_percent() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("360000", "60000"), dy_inpatient("100", "0")]),
    ));
    assert_totals(
        &r,
        ["360100.00", "60000.00", "185475.00", "0.00", "114625.00"],
    );
    assert_visits(
        &r,
        &[
            ["360000.00", "60000.00", "185400.00", "0.00", "114600.00"],
            ["100.00", "0.00", "75.00", "0.00", "25.00"],
        ],
    );
}

/// Burden 300000.01: F = 185400 + 0.75 × 0.01 = 185400.0075 → 185400.01.
/// total 360000.01, basic 60000; oop = 360000.01 − 60000 − 185400.01 = 114600.00.
#[test]
fn dongying_general_burden_one_fen_over_300000() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("360000.01", "60000")]),
    ));
    assert_totals(
        &r,
        ["360000.01", "60000.00", "185400.01", "0.00", "114600.00"],
    );
    assert_visits(
        &r,
        &[["360000.01", "60000.00", "185400.01", "0.00", "114600.00"]],
    );
}

/// Rounding tie in the 75% band: burden 300000.06 → F = 185400 + 0.75 × 0.06 = 185400.045,
/// exactly half a 分: 四舍五入 → 185400.05 (round-half-even would give .04).
/// total 360000.06, basic 60000; oop = 360000.06 − 60000 − 185400.05 = 114600.01.
#[test]
fn dongying_general_half_fen_in_75_percent_band_rounds_up() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("360000.06", "60000")]),
    ));
    assert_totals(
        &r,
        ["360000.06", "60000.00", "185400.05", "0.00", "114600.01"],
    );
    assert_visits(
        &r,
        &[["360000.06", "60000.00", "185400.05", "0.00", "114600.01"]],
    );
}

// =============================================================================================
// Dongying 2020, 贫困人口 table (its own literal table, DY2020 二(二)): every boundary.
// No contribution-aid amount is supplied, so the individual contribution stays 310 (DY2020 二(三)
// "按标资助" gives no figure).
// =============================================================================================

/// registered_poor, burden exactly 5000 ("起付标准为5000元"): nothing.
/// v1: total 8000, basic 3000 → burden 5000 → F_poor(5000) = 0; oop 5000.
/// v2: 100 more in "5000元以上(含)、10万元以下…65%": 0.65 × 100 = 65; oop 35.
/// Year: 8100, 3000, 65, 0, oop 8100 − 3000 − 65 = 5035.
#[test]
fn dongying_registered_poor_burden_exactly_5000_then_65_percent() {
    let r = run(dongying(
        "resident",
        json!(["registered_poor"]),
        json!({}),
        json!([dy_inpatient("8000", "3000"), dy_inpatient("100", "0")]),
    ));
    assert_totals(&r, ["8100.00", "3000.00", "65.00", "0.00", "5035.00"]);
    assert_visits(
        &r,
        &[
            ["8000.00", "3000.00", "0.00", "0.00", "5000.00"],
            ["100.00", "0.00", "65.00", "0.00", "35.00"],
        ],
    );
    assert_contribution(&r, "310.00", "550.00");
}

/// dibao (低保对象 counts as 贫困人口), burden 5000.01: 0.65 × 0.01 = 0.0065 → 0.01.
/// total 8000.01, basic 3000 → oop = 8000.01 − 3000 − 0.01 = 5000.00.
#[test]
fn dongying_dibao_burden_one_fen_over_5000() {
    let r = run(dongying(
        "resident",
        json!(["dibao"]),
        json!({}),
        json!([dy_inpatient("8000.01", "3000")]),
    ));
    assert_totals(&r, ["8000.01", "3000.00", "0.01", "0.00", "5000.00"]);
    assert_visits(&r, &[["8000.01", "3000.00", "0.01", "0.00", "5000.00"]]);
    assert_contribution(&r, "310.00", "550.00");
}

/// Rounding tie in the poor 65% band: burden 5000.10 → 0.65 × 0.10 = 0.065, exactly half a 分 →
/// 四舍五入 0.07 (half-even would give 0.06). total 8000.10, basic 3000 →
/// oop = 8000.10 − 3000 − 0.07 = 5000.03.
#[test]
fn dongying_poor_half_fen_at_65_percent_rounds_up() {
    let r = run(dongying(
        "resident",
        json!(["registered_poor"]),
        json!({}),
        json!([dy_inpatient("8000.10", "3000")]),
    ));
    assert_totals(&r, ["8000.10", "3000.00", "0.07", "0.00", "5000.03"]);
    assert_visits(&r, &[["8000.10", "3000.00", "0.07", "0.00", "5000.03"]]);
}

/// tekun (特困人员), burden exactly 100000: F_poor = 0.65 × (100000 − 5000) = 0.65 × 95000 = 61750.
/// v1: total 130000, basic 30000 → oop = 130000 − 30000 − 61750 = 38250.
/// v2: 100 more in "10万元以上(含)、30万元以下…75%": 75; oop 25.
/// Year: 130100, 30000, 61825, 0, oop 130100 − 30000 − 61825 = 38275.
#[test]
fn dongying_tekun_burden_exactly_100000_then_75_percent() {
    let r = run(dongying(
        "resident",
        json!(["tekun"]),
        json!({}),
        json!([dy_inpatient("130000", "30000"), dy_inpatient("100", "0")]),
    ));
    assert_totals(
        &r,
        ["130100.00", "30000.00", "61825.00", "0.00", "38275.00"],
    );
    assert_visits(
        &r,
        &[
            ["130000.00", "30000.00", "61750.00", "0.00", "38250.00"],
            ["100.00", "0.00", "75.00", "0.00", "25.00"],
        ],
    );
    assert_contribution(&r, "310.00", "550.00");
}

/// severe_disability (重度残疾人 counts as 贫困人口 in Dongying), burden 100000.01:
/// F = 61750 + 0.75 × 0.01 = 61750.0075 → 61750.01.
/// total 130000.01, basic 30000 → oop = 130000.01 − 30000 − 61750.01 = 38250.00.
#[test]
fn dongying_severe_disability_burden_one_fen_over_100000() {
    let r = run(dongying(
        "resident",
        json!(["severe_disability"]),
        json!({}),
        json!([dy_inpatient("130000.01", "30000")]),
    ));
    assert_totals(
        &r,
        ["130000.01", "30000.00", "61750.01", "0.00", "38250.00"],
    );
    assert_visits(
        &r,
        &[["130000.01", "30000.00", "61750.01", "0.00", "38250.00"]],
    );
    assert_contribution(&r, "310.00", "550.00");
}

/// dibao, burden exactly 300000: F_poor = 61750 + 0.75 × 200000 = 211750.
/// v1: total 360000, basic 60000 → oop = 360000 − 60000 − 211750 = 88250.
/// v2: 100 more in "30万元(含)以上的部分给予85%": 85; oop 15.
/// Year: 360100, 60000, 211835, 0, oop 360100 − 60000 − 211835 = 88265.
#[test]
fn dongying_dibao_burden_exactly_300000_then_85_percent() {
    let r = run(dongying(
        "resident",
        json!(["dibao"]),
        json!({}),
        json!([dy_inpatient("360000", "60000"), dy_inpatient("100", "0")]),
    ));
    assert_totals(
        &r,
        ["360100.00", "60000.00", "211835.00", "0.00", "88265.00"],
    );
    assert_visits(
        &r,
        &[
            ["360000.00", "60000.00", "211750.00", "0.00", "88250.00"],
            ["100.00", "0.00", "85.00", "0.00", "15.00"],
        ],
    );
}

/// registered_poor, burden 300000.01: F = 211750 + 0.85 × 0.01 = 211750.0085 → 211750.01.
/// total 360000.01, basic 60000 → oop = 360000.01 − 60000 − 211750.01 = 88250.00.
#[test]
fn dongying_registered_poor_burden_one_fen_over_300000() {
    let r = run(dongying(
        "resident",
        json!(["registered_poor"]),
        json!({}),
        json!([dy_inpatient("360000.01", "60000")]),
    ));
    assert_totals(
        &r,
        ["360000.01", "60000.00", "211750.01", "0.00", "88250.00"],
    );
    assert_visits(
        &r,
        &[["360000.01", "60000.00", "211750.01", "0.00", "88250.00"]],
    );
}

// =============================================================================================
// Dongying: multi-visit years, caps.
// =============================================================================================

/// dibao, two admissions; the 10万 breakpoint is crossed inside the second one.
/// v1: total 80000, basic 20000 → burden 60000 → F_poor(60000) = 0.65 × (60000 − 5000) = 35750;
///     oop = 80000 − 20000 − 35750 = 24250.
/// v2: total 90000, basic 30000 → burden 60000, cum 120000 →
///     F_poor(120000) = 61750 + 0.75 × 20000 = 76750; pays 76750 − 35750 = 41000
///     (check: 40000 × 0.65 = 26000 below 10万 + 20000 × 0.75 = 15000 above → 41000);
///     oop = 90000 − 30000 − 41000 = 19000.
/// Year: 170000, 50000, 76750, 0, oop 24250 + 19000 = 43250.
#[test]
fn dongying_poor_person_crosses_100k_band_inside_one_visit() {
    let r = run(dongying(
        "resident",
        json!(["dibao"]),
        json!({}),
        json!([
            dy_inpatient("80000", "20000"),
            dy_inpatient("90000", "30000")
        ]),
    ));
    assert_totals(
        &r,
        ["170000.00", "50000.00", "76750.00", "0.00", "43250.00"],
    );
    assert_visits(
        &r,
        &[
            ["80000.00", "20000.00", "35750.00", "0.00", "24250.00"],
            ["90000.00", "30000.00", "41000.00", "0.00", "19000.00"],
        ],
    );
}

/// General resident, two admissions; the 10万 breakpoint is crossed inside the second.
/// v1: total 100000, basic 20000 → burden 80000 → F = 0.60 × (80000 − 16000) = 38400;
///     oop = 100000 − 20000 − 38400 = 41600.
/// v2: total 100000, basic 30000 → burden 70000, cum 150000 →
///     F(150000) = 50400 + 0.65 × 50000 = 82900; pays 82900 − 38400 = 44500
///     (check: 20000 × 0.60 = 12000 + 50000 × 0.65 = 32500 → 44500);
///     oop = 100000 − 30000 − 44500 = 25500.
/// Year: 200000, 50000, 82900, 0, 67100.
#[test]
fn dongying_resident_crosses_100k_band_inside_second_admission() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([
            dy_inpatient("100000", "20000"),
            dy_inpatient("100000", "30000")
        ]),
    ));
    assert_totals(
        &r,
        ["200000.00", "50000.00", "82900.00", "0.00", "67100.00"],
    );
    assert_visits(
        &r,
        &[
            ["100000.00", "20000.00", "38400.00", "0.00", "41600.00"],
            ["100000.00", "30000.00", "44500.00", "0.00", "25500.00"],
        ],
    );
}

/// The 起付标准 1.6万 is consumed once per 医疗年度 across admissions (DY2020 二(二)
/// "一个医疗年度内"): three admissions of burden 10000 each (total 15000, basic 5000).
/// v1: cum 10000 < 16000 → 0; oop 15000 − 5000 = 10000.
/// v2: cum 20000 → F = 0.60 × (20000 − 16000) = 2400; pays 2400; oop 10000 − 2400 = 7600.
/// v3: cum 30000 → F = 0.60 × 14000 = 8400; pays 8400 − 2400 = 6000; oop 10000 − 6000 = 4000.
/// Year: 45000, 15000, 8400, 0, oop 45000 − 15000 − 8400 = 21600.
#[test]
fn dongying_critical_deductible_is_consumed_once_across_three_admissions() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([
            dy_inpatient("15000", "5000"),
            dy_inpatient("15000", "5000"),
            dy_inpatient("15000", "5000")
        ]),
    ));
    assert_totals(&r, ["45000.00", "15000.00", "8400.00", "0.00", "21600.00"]);
    assert_visits(
        &r,
        &[
            ["15000.00", "5000.00", "0.00", "0.00", "10000.00"],
            ["15000.00", "5000.00", "2400.00", "0.00", "7600.00"],
            ["15000.00", "5000.00", "6000.00", "0.00", "4000.00"],
        ],
    );
}

/// The 40万 cap ("每人最高给予40万元的补偿") reached inside a single admission.
/// total 700000, basic 100000 → burden 600000 →
/// F = 185400 + 0.75 × (600000 − 300000) = 185400 + 225000 = 410400 > 400000 → 400000.
/// oop = 700000 − 100000 − 400000 = 200000.
#[test]
fn dongying_general_cap_400000_reached_in_one_admission() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("700000", "100000")]),
    ));
    assert_totals(
        &r,
        ["700000.00", "100000.00", "400000.00", "0.00", "200000.00"],
    );
    assert_visits(
        &r,
        &[["700000.00", "100000.00", "400000.00", "0.00", "200000.00"]],
    );
}

/// The 40万 cap reached in the middle of the second admission; a third admission gets nothing.
/// v1: total 520000, basic 20000 → burden 500000 → F = 185400 + 0.75 × 200000 = 335400;
///     oop = 520000 − 20000 − 335400 = 164600.
/// v2: total 110000, basic 10000 → burden 100000, cum 600000 → F = 410400; increment
///     410400 − 335400 = 75000, but only 400000 − 335400 = 64600 of the cap is left → 64600;
///     oop = 110000 − 10000 − 64600 = 35400.
/// v3: total 30000, basic 10000 → burden 20000; cap exhausted → 0; oop 20000.
/// Year: 660000, 40000, 400000, 0, oop 164600 + 35400 + 20000 = 220000.
#[test]
fn dongying_general_cap_reached_in_the_middle_of_the_second_admission() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([
            dy_inpatient("520000", "20000"),
            dy_inpatient("110000", "10000"),
            dy_inpatient("30000", "10000")
        ]),
    ));
    assert_totals(
        &r,
        ["660000.00", "40000.00", "400000.00", "0.00", "220000.00"],
    );
    assert_visits(
        &r,
        &[
            ["520000.00", "20000.00", "335400.00", "0.00", "164600.00"],
            ["110000.00", "10000.00", "64600.00", "0.00", "35400.00"],
            ["30000.00", "10000.00", "0.00", "0.00", "20000.00"],
        ],
    );
}

/// 贫困人口 have no cap ("取消贫困人口居民大病保险最高支付限额"): tekun, burden 600000.
/// total 700000, basic 100000 → F_poor(600000) = 211750 + 0.85 × 300000 = 211750 + 255000
/// = 466750 (more than the general 400000 cap, and paid in full).
/// oop = 700000 − 100000 − 466750 = 133250.
#[test]
fn dongying_tekun_has_no_critical_cap() {
    let r = run(dongying(
        "resident",
        json!(["tekun"]),
        json!({}),
        json!([dy_inpatient("700000", "100000")]),
    ));
    assert_totals(
        &r,
        ["700000.00", "100000.00", "466750.00", "0.00", "133250.00"],
    );
    assert_visits(
        &r,
        &[["700000.00", "100000.00", "466750.00", "0.00", "133250.00"]],
    );
}

/// Only inpatient burden counts towards 大病 (scope: inpatient), and excluded cost never counts.
/// v1 outpatient: total 20000, basic_paid 5000 → its burden 15000 is NOT in the 大病 base;
///     critical 0; oop 15000.
/// v2 inpatient: total 50000, excluded 10000 → eligible 40000; basic 20000 → burden 20000
///     (the 10000 excluded is outside "合规医疗费用") → F = 0.60 × (20000 − 16000) = 2400;
///     oop = 50000 − 20000 − 2400 = 27600.
/// Year: 70000, 25000, 2400, 0, 42600.
#[test]
fn dongying_outpatient_and_excluded_costs_stay_out_of_the_critical_base() {
    let r = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([
            { "care": "outpatient", "level": 1, "total": "20000", "basic_paid": "5000" },
            { "care": "inpatient", "level": 2, "total": "50000", "excluded": "10000", "basic_paid": "20000" }
        ]),
    ));
    assert_totals(&r, ["70000.00", "25000.00", "2400.00", "0.00", "42600.00"]);
    assert_visits(
        &r,
        &[
            ["20000.00", "5000.00", "0.00", "0.00", "15000.00"],
            ["50000.00", "20000.00", "2400.00", "0.00", "27600.00"],
        ],
    );
}

/// Student tier: DY2020 一(二) "学生210元(含在校大学生)", subsidy 550; same 大病 schedule.
/// total 50000, excluded 5000 → eligible 45000; basic 27000 → burden 18000 →
/// F = 0.60 × (18000 − 16000) = 1200; oop = 50000 − 27000 − 1200 = 21800.
#[test]
fn dongying_student_pays_210_and_gets_the_general_schedule() {
    let r = run(dongying(
        "student",
        json!([]),
        json!({}),
        json!([{ "care": "inpatient", "level": 2, "total": "50000", "excluded": "5000", "basic_paid": "27000" }]),
    ));
    assert_totals(&r, ["50000.00", "27000.00", "1200.00", "0.00", "21800.00"]);
    assert_visits(
        &r,
        &[["50000.00", "27000.00", "1200.00", "0.00", "21800.00"]],
    );
    assert_contribution(&r, "210.00", "550.00");
}

/// Groups Dongying does not mention (assistance, youfu: Tianjin's) change nothing; tier absent
/// means the first tier, resident (310).
/// Same visit as above: burden 18000 → 1200; oop 21800.
#[test]
fn dongying_unmentioned_groups_and_absent_tier_change_nothing() {
    let r = run(json!({
        "policy": "dongying-2020",
        "groups": ["assistance", "youfu"],
        "visits": [{ "care": "inpatient", "level": 2, "total": "50000", "excluded": "5000", "basic_paid": "27000" }]
    }));
    assert_totals(&r, ["50000.00", "27000.00", "1200.00", "0.00", "21800.00"]);
    assert_visits(
        &r,
        &[["50000.00", "27000.00", "1200.00", "0.00", "21800.00"]],
    );
    assert_contribution(&r, "310.00", "550.00");
}

/// Basic computed from local parameters (DY2020 gives only the "达到70%" overall target):
/// l2 deductible 500, l3 1000, per_visit, ratios l2 0.8, l3 0.7; severe_disability (poor table).
/// v1 L2: total 30000, excluded 2000 → eligible 28000; basic = (28000 − 500) × 0.8 = 27500 × 0.8
///     = 22000; burden 28000 − 22000 = 6000 → F_poor = 0.65 × (6000 − 5000) = 650;
///     oop = 30000 − 22000 − 650 = 7350.
/// v2 L3: total 21000 → basic = (21000 − 1000) × 0.7 = 14000 (per_visit: full 1000 again);
///     burden 7000, cum 13000 → F_poor = 0.65 × 8000 = 5200; pays 5200 − 650 = 4550;
///     oop = 21000 − 14000 − 4550 = 2450.
/// Year: 51000, 36000, 5200, 0, 9800.
#[test]
fn dongying_basic_from_local_params_per_visit_with_poor_critical() {
    let r = run(dongying(
        "resident",
        json!(["severe_disability"]),
        json!({
            "inpatient_deductible_l1": "200", "inpatient_deductible_l2": "500", "inpatient_deductible_l3": "1000",
            "inpatient_deductible_mode": "per_visit",
            "inpatient_ratio_l1": "0.9", "inpatient_ratio_l2": "0.8", "inpatient_ratio_l3": "0.7",
            "inpatient_cap": "200000"
        }),
        json!([
            { "care": "inpatient", "level": 2, "total": "30000", "excluded": "2000" },
            { "care": "inpatient", "level": 3, "total": "21000" }
        ]),
    ));
    assert_totals(&r, ["51000.00", "36000.00", "5200.00", "0.00", "9800.00"]);
    assert_visits(
        &r,
        &[
            ["30000.00", "22000.00", "650.00", "0.00", "7350.00"],
            ["21000.00", "14000.00", "4550.00", "0.00", "2450.00"],
        ],
    );
    assert_contribution(&r, "310.00", "550.00");
}

/// A level-2 admission without basic_paid and without `inpatient_ratio_l2` cannot be settled:
/// DY2020 gives no per-level ratio → missing_param at params.inpatient_ratio_l2.
#[test]
fn dongying_missing_inpatient_ratio_is_an_error() {
    assert_error(
        dongying(
            "resident",
            json!([]),
            json!({
                "inpatient_deductible_l1": "200", "inpatient_deductible_l2": "500", "inpatient_deductible_l3": "1000",
                "inpatient_deductible_mode": "per_visit",
                "inpatient_ratio_l1": "0.9", "inpatient_ratio_l3": "0.7",
                "inpatient_cap": "200000"
            }),
            json!([{ "care": "inpatient", "level": 2, "total": "30000" }]),
        ),
        "missing_param",
        "params.inpatient_ratio_l2",
    );
}

/// dibao with local assistance parameters (ratio 0.7, annual deductible 1000, limit 20000):
/// total 50000, excluded 5000 → eligible 45000; basic 27000 → burden 18000 →
/// F_poor = 0.65 × (18000 − 5000) = 8450;
/// remaining in-policy = 45000 − 27000 − 8450 = 9550; assistance = (9550 − 1000) × 0.7
/// = 8550 × 0.7 = 5985 (≤ 20000); oop = 50000 − 27000 − 8450 − 5985 = 8565
/// (check: excluded 5000 + deductible 1000 + 30% × 8550 = 2565 → 8565).
#[test]
fn dongying_dibao_assistance_after_basic_and_critical() {
    let r = run(dongying(
        "resident",
        json!(["dibao"]),
        json!({ "assistance_ratio_dibao": "0.7", "assistance_deductible": "1000", "assistance_annual_limit": "20000" }),
        json!([{ "care": "inpatient", "level": 2, "total": "50000", "excluded": "5000", "basic_paid": "27000" }]),
    ));
    assert_totals(
        &r,
        ["50000.00", "27000.00", "8450.00", "5985.00", "8565.00"],
    );
    assert_visits(
        &r,
        &[["50000.00", "27000.00", "8450.00", "5985.00", "8565.00"]],
    );
    assert_contribution(&r, "310.00", "550.00");
}

/// The same registered_poor person with no assistance parameters: no seed gives 救助 figures,
/// so the layer is 0 and a warning says so. Critical as above: 8450;
/// oop = 50000 − 27000 − 8450 = 14550.
#[test]
fn dongying_assistance_without_params_is_zero_with_a_warning() {
    let r = run(dongying(
        "resident",
        json!(["registered_poor"]),
        json!({}),
        json!([{ "care": "inpatient", "level": 2, "total": "50000", "excluded": "5000", "basic_paid": "27000" }]),
    ));
    assert_totals(&r, ["50000.00", "27000.00", "8450.00", "0.00", "14550.00"]);
    assert_visits(
        &r,
        &[["50000.00", "27000.00", "8450.00", "0.00", "14550.00"]],
    );
    assert_has_warnings(&r);
    // The warning is about the missing 救助 figures: the same person with them warns less.
    let with_params = run(dongying(
        "resident",
        json!(["registered_poor"]),
        json!({ "assistance_ratio_registered_poor": "0.7", "assistance_deductible": "0", "assistance_annual_limit": "1000" }),
        json!([{ "care": "inpatient", "level": 2, "total": "50000", "excluded": "5000", "basic_paid": "27000" }]),
    ));
    assert!(
        warning_count(&r) > warning_count(&with_params),
        "no warning about the missing assistance parameters in {r:#}"
    );
}

/// Some assistance parameters given → the rest are required: ratio and deductible but no
/// annual limit → missing_param at params.assistance_annual_limit.
#[test]
fn dongying_partial_assistance_params_is_an_error() {
    assert_error(
        dongying(
            "resident",
            json!(["dibao"]),
            json!({ "assistance_ratio_dibao": "0.7", "assistance_deductible": "1000" }),
            json!([{ "care": "inpatient", "level": 2, "total": "50000", "basic_paid": "27000" }]),
        ),
        "missing_param",
        "params.assistance_annual_limit",
    );
}

// =============================================================================================
// Tianjin 2022: outpatient (TJ 二(一)): annual 600 shared by all levels, 55/55/50 or 50/50/45,
// fund cap 4000.
// =============================================================================================

fn tianjin(tier: &str, groups: Value, params: Value, visits: Value) -> Value {
    json!({ "policy": "tianjin-2022", "tier": tier, "groups": groups, "params": params, "visits": visits })
}

fn tj_outpatient(level: u8, total: &str) -> Value {
    json!({ "care": "outpatient", "level": level, "total": total })
}

/// High tier, one level-1 outpatient visit of 3000 (the contract's example):
/// basic = (3000 − 600) × 0.55 = 2400 × 0.55 = 1320; oop = 3000 − 1320 = 1680.
/// Contribution 高档: 950 individual, 1100 subsidy (TJ 一(一), 一(二)).
#[test]
fn tianjin_high_tier_outpatient_3000_at_level_1() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({}),
        json!([tj_outpatient(1, "3000")]),
    ));
    assert_totals(&r, ["3000.00", "1320.00", "0.00", "0.00", "1680.00"]);
    assert_visits(&r, &[["3000.00", "1320.00", "0.00", "0.00", "1680.00"]]);
    assert_contribution(&r, "950.00", "1100.00");
}

/// Tier absent → the policy's first tier, high: same 1320 and 950/1100.
#[test]
fn tianjin_absent_tier_is_high() {
    let r = run(json!({
        "policy": "tianjin-2022",
        "visits": [{ "care": "outpatient", "level": 1, "total": "3000" }]
    }));
    assert_totals(&r, ["3000.00", "1320.00", "0.00", "0.00", "1680.00"]);
    assert_contribution(&r, "950.00", "1100.00");
}

/// The 600 "年度起付标准" is one per year across levels, eaten by the earliest visits.
/// v1 L3 400: all 400 goes to the deductible (200 still due) → 0; oop 400.
/// v2 L1 1000: 200 more deductible → (1000 − 200) × 0.55 = 440; oop 560.
/// v3 L2 2000: deductible met → 2000 × 0.55 = 1100; oop 900.
/// Year: 3400, 1540, 0, 0, 1860.
#[test]
fn tianjin_outpatient_deductible_600_shared_across_levels_eaten_by_earliest_visits() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({}),
        json!([
            tj_outpatient(3, "400"),
            tj_outpatient(1, "1000"),
            tj_outpatient(2, "2000")
        ]),
    ));
    assert_totals(&r, ["3400.00", "1540.00", "0.00", "0.00", "1860.00"]);
    assert_visits(
        &r,
        &[
            ["400.00", "0.00", "0.00", "0.00", "400.00"],
            ["1000.00", "440.00", "0.00", "0.00", "560.00"],
            ["2000.00", "1100.00", "0.00", "0.00", "900.00"],
        ],
    );
}

/// Same three visits in another order: the result depends on order.
/// v1 L1 1000: (1000 − 600) × 0.55 = 220; oop 780.
/// v2 L2 2000: 2000 × 0.55 = 1100; oop 900.
/// v3 L3 400: 400 × 0.50 = 200; oop 200.
/// Year: 3400, 1520, 0, 0, 1880 (not 1540: the deductible fell on a 55% visit this time).
#[test]
fn tianjin_outpatient_order_decides_which_visit_carries_the_deductible() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({}),
        json!([
            tj_outpatient(1, "1000"),
            tj_outpatient(2, "2000"),
            tj_outpatient(3, "400")
        ]),
    ));
    assert_totals(&r, ["3400.00", "1520.00", "0.00", "0.00", "1880.00"]);
    assert_visits(
        &r,
        &[
            ["1000.00", "220.00", "0.00", "0.00", "780.00"],
            ["2000.00", "1100.00", "0.00", "0.00", "900.00"],
            ["400.00", "200.00", "0.00", "0.00", "200.00"],
        ],
    );
}

/// The 4000 "最高支付限额" reached in the middle of the second visit.
/// v1 L1 5000: (5000 − 600) × 0.55 = 4400 × 0.55 = 2420; oop 2580.
/// v2 L1 5000: 5000 × 0.55 = 2750, but only 4000 − 2420 = 1580 left → 1580; oop 3420.
/// v3 L1 1000: cap used up → 0; oop 1000.
/// Year: 11000, 4000, 0, 0, 7000.
#[test]
fn tianjin_outpatient_fund_cap_4000_reached_mid_visit() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({}),
        json!([
            tj_outpatient(1, "5000"),
            tj_outpatient(1, "5000"),
            tj_outpatient(1, "1000")
        ]),
    ));
    assert_totals(&r, ["11000.00", "4000.00", "0.00", "0.00", "7000.00"]);
    assert_visits(
        &r,
        &[
            ["5000.00", "2420.00", "0.00", "0.00", "2580.00"],
            ["5000.00", "1580.00", "0.00", "0.00", "3420.00"],
            ["1000.00", "0.00", "0.00", "0.00", "1000.00"],
        ],
    );
}

/// A settlement slip's basic_paid uses up the annual 600 as if it had been computed:
/// v1 L1 1000 with basic_paid 300 → basic 300 (deductible used min(1000, 600) = 600); oop 700.
/// v2 L1 2000: nothing more due → 2000 × 0.55 = 1100; oop 900.
/// Year: 3000, 1400, 0, 0, 1600.
#[test]
fn tianjin_outpatient_basic_paid_uses_up_the_annual_deductible() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({}),
        json!([
            { "care": "outpatient", "level": 1, "total": "1000", "basic_paid": "300" },
            tj_outpatient(1, "2000")
        ]),
    ));
    assert_totals(&r, ["3000.00", "1400.00", "0.00", "0.00", "1600.00"]);
    assert_visits(
        &r,
        &[
            ["1000.00", "300.00", "0.00", "0.00", "700.00"],
            ["2000.00", "1100.00", "0.00", "0.00", "900.00"],
        ],
    );
}

/// A settlement slip's basic_paid counts towards the 4000 cap:
/// v1 L1 5000 with basic_paid 3800 → basic 3800; oop 1200.
/// v2 L2 1000: 1000 × 0.55 = 550, but only 4000 − 3800 = 200 left → 200; oop 800.
/// Year: 6000, 4000, 0, 0, 2000.
#[test]
fn tianjin_outpatient_basic_paid_counts_towards_the_4000_cap() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({}),
        json!([
            { "care": "outpatient", "level": 1, "total": "5000", "basic_paid": "3800" },
            tj_outpatient(2, "1000")
        ]),
    ));
    assert_totals(&r, ["6000.00", "4000.00", "0.00", "0.00", "2000.00"]);
    assert_visits(
        &r,
        &[
            ["5000.00", "3800.00", "0.00", "0.00", "1200.00"],
            ["1000.00", "200.00", "0.00", "0.00", "800.00"],
        ],
    );
}

/// Low tier at level 3: (3000 − 600) × 0.45 = 2400 × 0.45 = 1080; oop 1920.
/// Contribution 低档 320 / 580.
#[test]
fn tianjin_low_tier_outpatient_level_3_at_45_percent() {
    let r = run(tianjin(
        "low",
        json!([]),
        json!({}),
        json!([tj_outpatient(3, "3000")]),
    ));
    assert_totals(&r, ["3000.00", "1080.00", "0.00", "0.00", "1920.00"]);
    assert_visits(&r, &[["3000.00", "1080.00", "0.00", "0.00", "1920.00"]]);
    assert_contribution(&r, "320.00", "580.00");
}

/// 学生儿童: pays the low tier (320 / 580) but gets high benefits ("享受高档报销待遇"):
/// level 3 at 50%: (3000 − 600) × 0.50 = 1200; oop 1800.
#[test]
fn tianjin_student_pays_low_and_gets_high_outpatient_ratio() {
    let r = run(tianjin(
        "student",
        json!([]),
        json!({}),
        json!([tj_outpatient(3, "3000")]),
    ));
    assert_totals(&r, ["3000.00", "1200.00", "0.00", "0.00", "1800.00"]);
    assert_visits(&r, &[["3000.00", "1200.00", "0.00", "0.00", "1800.00"]]);
    assert_contribution(&r, "320.00", "580.00");
}

/// Rounding 四舍五入 at 55%: L1 600.30 → (600.30 − 600) × 0.55 = 0.30 × 0.55 = 0.165, exactly
/// half a 分 → 0.17 (half-even would give 0.16; binary floating point gives 0.16499…).
/// oop = 600.30 − 0.17 = 600.13.
#[test]
fn tianjin_outpatient_half_fen_at_55_percent_rounds_up() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({}),
        json!([tj_outpatient(1, "600.30")]),
    ));
    assert_totals(&r, ["600.30", "0.17", "0.00", "0.00", "600.13"]);
    assert_visits(&r, &[["600.30", "0.17", "0.00", "0.00", "600.13"]]);
}

/// Rounding 四舍五入 at 45%: low tier L3 600.10 → 0.10 × 0.45 = 0.045 → 0.05 (half-even: 0.04).
/// oop = 600.10 − 0.05 = 600.05.
#[test]
fn tianjin_outpatient_half_fen_at_45_percent_rounds_up() {
    let r = run(tianjin(
        "low",
        json!([]),
        json!({}),
        json!([tj_outpatient(3, "600.10")]),
    ));
    assert_totals(&r, ["600.10", "0.05", "0.00", "0.00", "600.05"]);
    assert_visits(&r, &[["600.10", "0.05", "0.00", "0.00", "600.05"]]);
}

/// Each visit is rounded once; the year is the sum of rounded visits.
/// v1 L1 600.30 → 0.165 → 0.17; oop 600.13.
/// v2 L1 0.30 → deductible met → 0.30 × 0.55 = 0.165 → 0.17; oop 0.13.
/// Year basic = 0.17 + 0.17 = 0.34 (not round(0.33) = 0.33); oop = 600.60 − 0.34 = 600.26.
#[test]
fn tianjin_year_total_is_the_sum_of_rounded_visit_payments() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({}),
        json!([tj_outpatient(1, "600.30"), tj_outpatient(1, "0.30")]),
    ));
    assert_totals(&r, ["600.60", "0.34", "0.00", "0.00", "600.26"]);
    assert_visits(
        &r,
        &[
            ["600.30", "0.17", "0.00", "0.00", "600.13"],
            ["0.30", "0.17", "0.00", "0.00", "0.13"],
        ],
    );
}

// =============================================================================================
// Tianjin 2022: 门诊特殊病 (TJ 二(二)) with local deductible / mode / cap.
// =============================================================================================

/// High tier, annual 门特 deductible 500 (local), cap 10000.
/// v1 L2 3000: (3000 − 500) × 0.60 = 1500; oop 1500.
/// v2 L1 2000: deductible met → 2000 × 0.65 = 1300; oop 700.
/// 门特 burden is not in the (inpatient-only) 大病 base. Year: 5000, 2800, 0, 0, 2200.
#[test]
fn tianjin_special_outpatient_annual_deductible_high_tier() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({ "special_outpatient_deductible": "500", "special_outpatient_deductible_mode": "annual", "special_outpatient_cap": "10000" }),
        json!([
            { "care": "special_outpatient", "level": 2, "total": "3000" },
            { "care": "special_outpatient", "level": 1, "total": "2000" }
        ]),
    ));
    assert_totals(&r, ["5000.00", "2800.00", "0.00", "0.00", "2200.00"]);
    assert_visits(
        &r,
        &[
            ["3000.00", "1500.00", "0.00", "0.00", "1500.00"],
            ["2000.00", "1300.00", "0.00", "0.00", "700.00"],
        ],
    );
}

/// Low tier, per_visit 门特 deductible 200, local cap 1500 reached mid-visit.
/// v1 L3 2200: (2200 − 200) × 0.45 = 900; oop 1300.
/// v2 L1 1400: (1400 − 200) × 0.55 = 660, only 1500 − 900 = 600 left → 600; oop 800.
/// v3 L2 1000: (1000 − 200) × 0.50 = 400, cap used up → 0; oop 1000.
/// Year: 4600, 1500, 0, 0, 3100.
#[test]
fn tianjin_special_outpatient_per_visit_deductible_low_tier_local_cap() {
    let r = run(tianjin(
        "low",
        json!([]),
        json!({ "special_outpatient_deductible": "200", "special_outpatient_deductible_mode": "per_visit", "special_outpatient_cap": "1500" }),
        json!([
            { "care": "special_outpatient", "level": 3, "total": "2200" },
            { "care": "special_outpatient", "level": 1, "total": "1400" },
            { "care": "special_outpatient", "level": 2, "total": "1000" }
        ]),
    ));
    assert_totals(&r, ["4600.00", "1500.00", "0.00", "0.00", "3100.00"]);
    assert_visits(
        &r,
        &[
            ["2200.00", "900.00", "0.00", "0.00", "1300.00"],
            ["1400.00", "600.00", "0.00", "0.00", "800.00"],
            ["1000.00", "0.00", "0.00", "0.00", "1000.00"],
        ],
    );
}

// =============================================================================================
// Tianjin 2022: inpatient (TJ 二(三)) and 大病 (local general schedule, TJ 二(四) tilt), for each
// tier and group. One standard admission: level 2, total 120000, excluded 20000 → eligible
// 100000; local l2 deductible 500 per visit; local 大病 deductible 20000, ratio 0.5, no cap.
//   high benefits: basic = (100000 − 500) × 0.80 = 99500 × 0.8 = 79600; burden 20400.
//   low benefits:  basic = (100000 − 500) × 0.70 = 69650; burden 30350.
//   general 大病 (20000, 50%):  high (20400 − 20000) × 0.5 = 200;
//                               low  (30350 − 20000) × 0.5 = 10350 × 0.5 = 5175.
//   tilt 大病 (20000 × 0.5 = 10000, 0.5 + 0.05 = 0.55, no cap):
//                               high (20400 − 10000) × 0.55 = 10400 × 0.55 = 5720;
//                               low  (30350 − 10000) × 0.55 = 20350 × 0.55 = 11192.5.
// =============================================================================================

fn tj_inpatient_params() -> Value {
    json!({
        "inpatient_deductible_l1": "300", "inpatient_deductible_l2": "500", "inpatient_deductible_l3": "800",
        "inpatient_deductible_mode": "per_visit", "inpatient_cap": "300000",
        "critical_deductible": "20000", "critical_ratio": "0.5"
    })
}

fn tj_standard_admission() -> Value {
    json!([{ "care": "inpatient", "level": 2, "total": "120000", "excluded": "20000" }])
}

/// Plain high tier: high benefits, general 大病. oop = 120000 − 79600 − 200 = 40200. 950 / 1100.
#[test]
fn tianjin_high_tier_admission_with_general_critical() {
    let r = run(tianjin(
        "high",
        json!([]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "79600.00", "200.00", "0.00", "40200.00"]);
    assert_visits(
        &r,
        &[["120000.00", "79600.00", "200.00", "0.00", "40200.00"]],
    );
    assert_contribution(&r, "950.00", "1100.00");
}

/// Plain low tier: low benefits (70% at level 2), general 大病 5175.
/// oop = 120000 − 69650 − 5175 = 45175. 320 / 580.
#[test]
fn tianjin_low_tier_admission_with_general_critical() {
    let r = run(tianjin(
        "low",
        json!([]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "69650.00", "5175.00", "0.00", "45175.00"]);
    assert_visits(
        &r,
        &[["120000.00", "69650.00", "5175.00", "0.00", "45175.00"]],
    );
    assert_contribution(&r, "320.00", "580.00");
}

/// 学生儿童 tier: high benefits, general 大病 (no tilt) → as high: 79600 / 200 / oop 40200;
/// contribution 320 / 580.
#[test]
fn tianjin_student_tier_admission_high_benefits_general_critical() {
    let r = run(tianjin(
        "student",
        json!([]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "79600.00", "200.00", "0.00", "40200.00"]);
    assert_contribution(&r, "320.00", "580.00");
}

/// 医疗救助对象 who chose the low tier: enrols at the low tier fully subsidised (0 / 580) with
/// high benefits (TJ 一(三)), and the 大病 tilt (TJ 二(四)): basic 79600, critical 5720.
/// No assistance parameters → assistance 0 with a warning. oop = 120000 − 79600 − 5720 = 34680.
#[test]
fn tianjin_assistance_group_on_low_tier_gets_high_benefits_and_tilt() {
    let r = run(tianjin(
        "low",
        json!(["assistance"]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "79600.00", "5720.00", "0.00", "34680.00"]);
    assert_visits(
        &r,
        &[["120000.00", "79600.00", "5720.00", "0.00", "34680.00"]],
    );
    assert_contribution(&r, "0.00", "580.00");
    assert_has_warnings(&r);
}

/// 优抚对象 on the high tier: fully subsidised at the low tier (0 / 580), high benefits, and the
/// tilt ("参照医疗救助享受大病倾斜报销政策"): 79600 / 5720 / oop 34680.
#[test]
fn tianjin_youfu_gets_tilt_and_full_subsidy() {
    let r = run(tianjin(
        "high",
        json!(["youfu"]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "79600.00", "5720.00", "0.00", "34680.00"]);
    assert_visits(
        &r,
        &[["120000.00", "79600.00", "5720.00", "0.00", "34680.00"]],
    );
    assert_contribution(&r, "0.00", "580.00");
}

/// 离休干部无固定收入的配偶 on the low tier: fully subsidised (0 / 580), high benefits, but NO 大病
/// tilt (二(四) does not name them): 79600 / 200 / oop 40200.
#[test]
fn tianjin_cadre_spouse_gets_high_benefits_but_no_tilt() {
    let r = run(tianjin(
        "low",
        json!(["cadre_spouse"]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "79600.00", "200.00", "0.00", "40200.00"]);
    assert_visits(
        &r,
        &[["120000.00", "79600.00", "200.00", "0.00", "40200.00"]],
    );
    assert_contribution(&r, "0.00", "580.00");
}

/// 享受国家助学贷款的高校学生 (tier student): fully subsidised (0 / 580), high benefits, no tilt:
/// 79600 / 200 / oop 40200.
#[test]
fn tianjin_student_loan_gets_full_subsidy_high_benefits_no_tilt() {
    let r = run(tianjin(
        "student",
        json!(["student_loan"]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "79600.00", "200.00", "0.00", "40200.00"]);
    assert_visits(
        &r,
        &[["120000.00", "79600.00", "200.00", "0.00", "40200.00"]],
    );
    assert_contribution(&r, "0.00", "580.00");
}

/// Adult 重度残疾人 who chose the high tier: "享受低档报销待遇" (0 / 580) AND the 大病 tilt:
/// basic 69650 (70%), critical 11192.50; oop = 120000 − 69650 − 11192.50 = 39157.50.
#[test]
fn tianjin_adult_severe_disability_low_benefits_and_tilt() {
    let r = run(tianjin(
        "high",
        json!(["severe_disability"]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(
        &r,
        ["120000.00", "69650.00", "11192.50", "0.00", "39157.50"],
    );
    assert_visits(
        &r,
        &[["120000.00", "69650.00", "11192.50", "0.00", "39157.50"]],
    );
    assert_contribution(&r, "0.00", "580.00");
}

/// 重度残疾人中的学生儿童 (tier student): high benefits, tilt, 0 / 580: 79600 / 5720 / oop 34680.
#[test]
fn tianjin_severe_disability_student_high_benefits_and_tilt() {
    let r = run(tianjin(
        "student",
        json!(["severe_disability"]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "79600.00", "5720.00", "0.00", "34680.00"]);
    assert_visits(
        &r,
        &[["120000.00", "79600.00", "5720.00", "0.00", "34680.00"]],
    );
    assert_contribution(&r, "0.00", "580.00");
}

/// 重度残疾人 who is also 离休干部无固定收入的配偶 (low tier): "符合上述人员身份" → high benefits;
/// tilt from severe_disability: 79600 / 5720 / oop 34680; 0 / 580.
#[test]
fn tianjin_severe_disability_and_cadre_spouse_high_benefits_and_tilt() {
    let r = run(tianjin(
        "low",
        json!(["severe_disability", "cadre_spouse"]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "79600.00", "5720.00", "0.00", "34680.00"]);
    assert_visits(
        &r,
        &[["120000.00", "79600.00", "5720.00", "0.00", "34680.00"]],
    );
    assert_contribution(&r, "0.00", "580.00");
}

/// 重度残疾人 who is also 优抚对象 (low tier): high benefits, tilt once (not twice):
/// 79600 / 5720 / oop 34680; 0 / 580.
#[test]
fn tianjin_severe_disability_and_youfu_high_benefits_single_tilt() {
    let r = run(tianjin(
        "low",
        json!(["severe_disability", "youfu"]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "79600.00", "5720.00", "0.00", "34680.00"]);
    assert_contribution(&r, "0.00", "580.00");
}

/// 重度残疾人 who is also 医疗救助对象 (low tier), with local assistance parameters (ratio 0.6,
/// deductible 1000, limit 30000): high benefits 79600, tilt 5720, then
/// remaining = 100000 − 79600 − 5720 = 14680; assistance = (14680 − 1000) × 0.6 = 13680 × 0.6
/// = 8208; oop = 120000 − 79600 − 5720 − 8208 = 26472. 0 / 580.
#[test]
fn tianjin_severe_disability_and_assistance_gets_all_three_layers() {
    let mut params = tj_inpatient_params();
    params["assistance_ratio_assistance"] = json!("0.6");
    params["assistance_deductible"] = json!("1000");
    params["assistance_annual_limit"] = json!("30000");
    let r = run(tianjin(
        "low",
        json!(["severe_disability", "assistance"]),
        params,
        tj_standard_admission(),
    ));
    assert_totals(
        &r,
        ["120000.00", "79600.00", "5720.00", "8208.00", "26472.00"],
    );
    assert_visits(
        &r,
        &[["120000.00", "79600.00", "5720.00", "8208.00", "26472.00"]],
    );
    assert_contribution(&r, "0.00", "580.00");
}

/// 低保对象 is not named by the Tianjin draft: it changes nothing. Same as plain high:
/// 79600 / 200 / oop 40200; 950 / 1100.
#[test]
fn tianjin_unmentioned_group_dibao_changes_nothing() {
    let r = run(tianjin(
        "high",
        json!(["dibao"]),
        tj_inpatient_params(),
        tj_standard_admission(),
    ));
    assert_totals(&r, ["120000.00", "79600.00", "200.00", "0.00", "40200.00"]);
    assert_visits(
        &r,
        &[["120000.00", "79600.00", "200.00", "0.00", "40200.00"]],
    );
    assert_contribution(&r, "950.00", "1100.00");
}

/// Rounding in the tilt, a tie. Adult severe_disability (tilt: deductible 20000 × 0.5 = 10000,
/// ratio 0.5 + 0.05 = 0.55), burden arranged via basic_paid:
/// total 10100.30, basic_paid 0 → burden 10100.30 → (10100.30 − 10000) × 0.55 = 100.30 × 0.55
/// = 55 + 0.165 = 55.165, exactly half a 分 → 四舍五入 55.17 (half-even would give 55.16).
/// oop = 10100.30 − 55.17 = 10045.13.
#[test]
fn tianjin_tilt_half_fen_rounds_up() {
    let r = run(tianjin(
        "high",
        json!(["severe_disability"]),
        json!({ "critical_deductible": "20000", "critical_ratio": "0.5" }),
        json!([{ "care": "inpatient", "level": 1, "total": "10100.30", "basic_paid": "0" }]),
    ));
    assert_totals(&r, ["10100.30", "0.00", "55.17", "0.00", "10045.13"]);
    assert_visits(&r, &[["10100.30", "0.00", "55.17", "0.00", "10045.13"]]);
}

/// The contract's example scenario: high tier, 医疗救助对象, no local parameters.
/// v1 outpatient L1 3000: high benefits → (3000 − 600) × 0.55 = 1320; oop 1680.
/// v2 inpatient L3 80000, excluded 5000, basic_paid 25000 → basic 25000; no 大病 params → 0
///    (warning); no 救助 params → 0 (warning); oop = 80000 − 25000 = 55000.
/// Year: 83000, 26320, 0, 0, 56680. Contribution: 医疗救助对象 fully subsidised → 0 / 580.
#[test]
fn tianjin_contract_example_scenario() {
    let r = run(json!({
        "policy": "tianjin-2022",
        "tier": "high",
        "groups": ["assistance"],
        "params": {},
        "visits": [
            { "care": "outpatient", "level": 1, "total": "3000" },
            { "care": "inpatient", "level": 3, "total": "80000", "excluded": "5000", "basic_paid": "25000" }
        ]
    }));
    assert_totals(&r, ["83000.00", "26320.00", "0.00", "0.00", "56680.00"]);
    assert_visits(
        &r,
        &[
            ["3000.00", "1320.00", "0.00", "0.00", "1680.00"],
            ["80000.00", "25000.00", "0.00", "0.00", "55000.00"],
        ],
    );
    assert_contribution(&r, "0.00", "580.00");
    assert_has_warnings(&r);
}

/// Neither critical_deductible nor critical_ratio: the 大病 layer is 0 with a warning.
/// total 100000, basic_paid 60000 → burden 40000 but no schedule → 0; oop 40000.
#[test]
fn tianjin_critical_without_params_is_zero_with_a_warning() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({}),
        json!([{ "care": "inpatient", "level": 1, "total": "100000", "basic_paid": "60000" }]),
    ));
    assert_totals(&r, ["100000.00", "60000.00", "0.00", "0.00", "40000.00"]);
    assert_has_warnings(&r);
    // The warning is the missing 大病 schedule: with deductible and ratio (and a cap, so no
    // "no cap" note either) there are fewer warnings.
    let with_params = run(tianjin(
        "high",
        json!([]),
        json!({ "critical_deductible": "20000", "critical_ratio": "0.5", "critical_cap": "300000" }),
        json!([{ "care": "inpatient", "level": 1, "total": "100000", "basic_paid": "60000" }]),
    ));
    assert!(
        warning_count(&r) > warning_count(&with_params),
        "no warning about the missing critical-illness schedule in {r:#}"
    );
}

/// Only critical_deductible given → critical_ratio is required.
#[test]
fn tianjin_critical_deductible_without_ratio_is_an_error() {
    assert_error(
        tianjin(
            "high",
            json!([]),
            json!({ "critical_deductible": "20000" }),
            json!([{ "care": "inpatient", "level": 1, "total": "100000", "basic_paid": "60000" }]),
        ),
        "missing_param",
        "params.critical_ratio",
    );
}

/// Only critical_ratio given → critical_deductible is required.
#[test]
fn tianjin_critical_ratio_without_deductible_is_an_error() {
    assert_error(
        tianjin(
            "high",
            json!([]),
            json!({ "critical_ratio": "0.6" }),
            json!([{ "care": "inpatient", "level": 1, "total": "100000", "basic_paid": "60000" }]),
        ),
        "missing_param",
        "params.critical_deductible",
    );
}

/// A local critical_cap binds a general resident: total 1000000, basic_paid 700000 → burden
/// 300000; (300000 − 20000) × 0.6 = 168000 > cap 100000 → 100000;
/// oop = 1000000 − 700000 − 100000 = 200000.
#[test]
fn tianjin_local_critical_cap_binds_general_resident() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({ "critical_deductible": "20000", "critical_ratio": "0.6", "critical_cap": "100000" }),
        json!([{ "care": "inpatient", "level": 1, "total": "1000000", "basic_paid": "700000" }]),
    ));
    assert_totals(
        &r,
        ["1000000.00", "700000.00", "100000.00", "0.00", "200000.00"],
    );
    assert_visits(
        &r,
        &[["1000000.00", "700000.00", "100000.00", "0.00", "200000.00"]],
    );
}

/// The same year for 优抚对象: tilt "取消封顶线": deductible 20000 × 0.5 = 10000, ratio
/// 0.6 + 0.05 = 0.65: (300000 − 10000) × 0.65 = 290000 × 0.65 = 188500, the 100000 cap ignored;
/// oop = 1000000 − 700000 − 188500 = 111500.
#[test]
fn tianjin_tilt_group_ignores_the_local_critical_cap() {
    let r = run(tianjin(
        "high",
        json!(["youfu"]),
        json!({ "critical_deductible": "20000", "critical_ratio": "0.6", "critical_cap": "100000" }),
        json!([{ "care": "inpatient", "level": 1, "total": "1000000", "basic_paid": "700000" }]),
    ));
    assert_totals(
        &r,
        ["1000000.00", "700000.00", "188500.00", "0.00", "111500.00"],
    );
    assert_visits(
        &r,
        &[["1000000.00", "700000.00", "188500.00", "0.00", "111500.00"]],
    );
    assert_contribution(&r, "0.00", "580.00");
}

/// Local inpatient_cap 50000 reached mid-admission; the uncovered in-policy cost flows into
/// the 大病 base. High tier, level 1 (85%), deductible 300 per visit; 大病 15000 at 50%.
/// v1: 40000 → (40000 − 300) × 0.85 = 39700 × 0.85 = 33745; burden 6255 (cum 6255 < 15000 → 0);
///     oop 6255.
/// v2: 30000 → (30000 − 300) × 0.85 = 25245, only 50000 − 33745 = 16255 left → 16255;
///     burden 30000 − 16255 = 13745, cum 20000 → (20000 − 15000) × 0.5 = 2500;
///     oop = 30000 − 16255 − 2500 = 11245.
/// Year: 70000, 50000, 2500, 0, 17500.
#[test]
fn tianjin_local_inpatient_cap_reached_mid_admission_feeds_critical() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({
            "inpatient_deductible_l1": "300", "inpatient_deductible_l2": "500", "inpatient_deductible_l3": "800",
            "inpatient_deductible_mode": "per_visit", "inpatient_cap": "50000",
            "critical_deductible": "15000", "critical_ratio": "0.5"
        }),
        json!([
            { "care": "inpatient", "level": 1, "total": "40000" },
            { "care": "inpatient", "level": 1, "total": "30000" }
        ]),
    ));
    assert_totals(&r, ["70000.00", "50000.00", "2500.00", "0.00", "17500.00"]);
    assert_visits(
        &r,
        &[
            ["40000.00", "33745.00", "0.00", "0.00", "6255.00"],
            ["30000.00", "16255.00", "2500.00", "0.00", "11245.00"],
        ],
    );
}

/// Annual inpatient deductible, same level: l2 500 once a year.
/// v1 L2 300: all 300 to the deductible → 0 (200 still due); oop 300.
/// v2 L2 10000: (10000 − 200) × 0.80 = 9800 × 0.8 = 7840; oop 2160.
/// No 大病 params → 0. Year: 10300, 7840, 0, 0, 2460.
#[test]
fn tianjin_annual_inpatient_deductible_is_met_across_admissions() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({
            "inpatient_deductible_l1": "300", "inpatient_deductible_l2": "500", "inpatient_deductible_l3": "800",
            "inpatient_deductible_mode": "annual", "inpatient_cap": "300000"
        }),
        json!([
            { "care": "inpatient", "level": 2, "total": "300" },
            { "care": "inpatient", "level": 2, "total": "10000" }
        ]),
    ));
    assert_totals(&r, ["10300.00", "7840.00", "0.00", "0.00", "2460.00"]);
    assert_visits(
        &r,
        &[
            ["300.00", "0.00", "0.00", "0.00", "300.00"],
            ["10000.00", "7840.00", "0.00", "0.00", "2160.00"],
        ],
    );
}

/// Annual inpatient deductible across levels, by the team's rule "due = deductible − already met
/// this year": v1 L1 10000 → due 300 → (10000 − 300) × 0.85 = 8245; oop 1755.
/// v2 L3 10000 → due 800 − 300 = 500 → (10000 − 500) × 0.75 = 9500 × 0.75 = 7125; oop 2875.
/// Year: 20000, 15370, 0, 0, 4630.
#[test]
fn tianjin_annual_inpatient_deductible_tops_up_to_the_higher_level() {
    let r = run(tianjin(
        "high",
        json!([]),
        json!({
            "inpatient_deductible_l1": "300", "inpatient_deductible_l2": "500", "inpatient_deductible_l3": "800",
            "inpatient_deductible_mode": "annual", "inpatient_cap": "300000"
        }),
        json!([
            { "care": "inpatient", "level": 1, "total": "10000" },
            { "care": "inpatient", "level": 3, "total": "10000" }
        ]),
    ));
    assert_totals(&r, ["20000.00", "15370.00", "0.00", "0.00", "4630.00"]);
    assert_visits(
        &r,
        &[
            ["10000.00", "8245.00", "0.00", "0.00", "1755.00"],
            ["10000.00", "7125.00", "0.00", "0.00", "2875.00"],
        ],
    );
}

/// One 救助 annual limit shared by outpatient and inpatient (N2022 二 "共用年度救助限额"):
/// 医疗救助对象, high benefits, local ratio 0.8, deductible 500, limit 3000; no 大病 params.
/// v1 outpatient L1 3000: basic 1320; remaining 1680; (1680 − 500) × 0.8 = 1180 × 0.8 = 944;
///     oop = 3000 − 1320 − 944 = 736.
/// v2 inpatient L3 80000, excluded 5000, basic_paid 25000: remaining 75000 − 25000 = 50000;
///     50000 × 0.8 = 40000, limit left 3000 − 944 = 2056 → 2056; oop = 80000 − 25000 − 2056 = 52944.
/// Year: 83000, 26320, 0, 3000, 53680.
#[test]
fn tianjin_assistance_limit_shared_by_outpatient_and_inpatient() {
    let r = run(tianjin(
        "high",
        json!(["assistance"]),
        json!({ "assistance_ratio_assistance": "0.8", "assistance_deductible": "500", "assistance_annual_limit": "3000" }),
        json!([
            { "care": "outpatient", "level": 1, "total": "3000" },
            { "care": "inpatient", "level": 3, "total": "80000", "excluded": "5000", "basic_paid": "25000" }
        ]),
    ));
    assert_totals(&r, ["83000.00", "26320.00", "0.00", "3000.00", "53680.00"]);
    assert_visits(
        &r,
        &[
            ["3000.00", "1320.00", "0.00", "944.00", "736.00"],
            ["80000.00", "25000.00", "0.00", "2056.00", "52944.00"],
        ],
    );
    assert_contribution(&r, "0.00", "580.00");
}

// =============================================================================================
// National 2020 / 2022.
// Contributions: N2020 一(二) "达到每人每年280元", 一(一) "每人每年不低于550元";
// N2022 一 "达到每人每年350元", "不低于610元"; N2022 三 "全额资助特困人员，定额资助低保对象、返贫致贫人口".
// =============================================================================================

fn national(policy: &str, groups: Value, params: Value, visits: Value) -> Value {
    json!({ "policy": policy, "tier": "resident", "groups": groups, "params": params, "visits": visits })
}

/// N2020 general: income 40000 → 大病 deductible 40000 × 0.5 = 20000, 60%; no critical_cap →
/// no cap, with a warning. total 100000, basic_paid 50000 → burden 50000 →
/// (50000 − 20000) × 0.6 = 18000; oop = 100000 − 50000 − 18000 = 32000. 280 / 550.
#[test]
fn national_2020_critical_is_half_income_deductible_at_60_percent() {
    let r = run(national(
        "national-2020",
        json!([]),
        json!({ "disposable_income": "40000" }),
        json!([{ "care": "inpatient", "level": 2, "total": "100000", "basic_paid": "50000" }]),
    ));
    assert_totals(
        &r,
        ["100000.00", "50000.00", "18000.00", "0.00", "32000.00"],
    );
    assert_visits(
        &r,
        &[["100000.00", "50000.00", "18000.00", "0.00", "32000.00"]],
    );
    assert_contribution(&r, "280.00", "550.00");
    assert_has_warnings(&r);
}

/// N2020, burden exactly at the deductible 20000 (income 40000 × 0.5): 0; then 100 more → 60.
/// v1: total 30000, basic 10000 → 0; oop 20000. v2: total 100, basic 0 → 0.6 × 100 = 60; oop 40.
/// Year: 30100, 10000, 60, 0, 20040.
#[test]
fn national_2020_burden_exactly_at_deductible_pays_nothing() {
    let r = run(national(
        "national-2020",
        json!([]),
        json!({ "disposable_income": "40000" }),
        json!([
            { "care": "inpatient", "level": 2, "total": "30000", "basic_paid": "10000" },
            { "care": "inpatient", "level": 2, "total": "100", "basic_paid": "0" }
        ]),
    ));
    assert_totals(&r, ["30100.00", "10000.00", "60.00", "0.00", "20040.00"]);
    assert_visits(
        &r,
        &[
            ["30000.00", "10000.00", "0.00", "0.00", "20000.00"],
            ["100.00", "0.00", "60.00", "0.00", "40.00"],
        ],
    );
}

/// N2020, burden 20000.01: 0.6 × 0.01 = 0.006 → 0.01; oop = 30000.01 − 10000 − 0.01 = 20000.00.
#[test]
fn national_2020_burden_one_fen_over_deductible() {
    let r = run(national(
        "national-2020",
        json!([]),
        json!({ "disposable_income": "40000" }),
        json!([{ "care": "inpatient", "level": 2, "total": "30000.01", "basic_paid": "10000" }]),
    ));
    assert_totals(&r, ["30000.01", "10000.00", "0.01", "0.00", "20000.00"]);
}

/// Odd income: 43835 × 0.5 = 21917.5. total 80000, basic 30000 → burden 50000 →
/// (50000 − 21917.5) × 0.6 = 28082.5 × 0.6 = 16849.5; oop = 80000 − 30000 − 16849.50 = 33150.50.
#[test]
fn national_2020_odd_income_halved_exactly() {
    let r = run(national(
        "national-2020",
        json!([]),
        json!({ "disposable_income": "43835" }),
        json!([{ "care": "inpatient", "level": 2, "total": "80000", "basic_paid": "30000" }]),
    ));
    assert_totals(&r, ["80000.00", "30000.00", "16849.50", "0.00", "33150.50"]);
}

/// 农村建档立卡贫困人口 tilt, odd income: deductible 21917.5 × 0.5 = 10958.75 ("降低一半"),
/// ratio 0.60 + 0.05 = 0.65 ("提高5个百分点"): (50000 − 10958.75) × 0.65 = 39041.25 × 0.65
/// = 23424.75 + 1952.0625 = 25376.8125 → 25376.81; oop = 80000 − 30000 − 25376.81 = 24623.19.
/// Contribution: no contribution_aid_registered_poor → 280 stays (with a warning).
#[test]
fn national_2020_registered_poor_tilt_with_odd_income() {
    let r = run(national(
        "national-2020",
        json!(["registered_poor"]),
        json!({ "disposable_income": "43835" }),
        json!([{ "care": "inpatient", "level": 2, "total": "80000", "basic_paid": "30000" }]),
    ));
    assert_totals(&r, ["80000.00", "30000.00", "25376.81", "0.00", "24623.19"]);
    assert_visits(
        &r,
        &[["80000.00", "30000.00", "25376.81", "0.00", "24623.19"]],
    );
    assert_contribution(&r, "280.00", "550.00");
    assert_has_warnings(&r);
}

/// registered_poor, burden exactly at the tilt deductible 40000 × 0.25 = 10000: 0; then 100
/// more → 0.65 × 100 = 65. v1: total 15000, basic 5000 → 0, oop 10000. v2: 100 → 65, oop 35.
/// Year: 15100, 5000, 65, 0, 10035.
#[test]
fn national_2020_registered_poor_exactly_at_quarter_income() {
    let r = run(national(
        "national-2020",
        json!(["registered_poor"]),
        json!({ "disposable_income": "40000" }),
        json!([
            { "care": "inpatient", "level": 2, "total": "15000", "basic_paid": "5000" },
            { "care": "inpatient", "level": 2, "total": "100", "basic_paid": "0" }
        ]),
    ));
    assert_totals(&r, ["15100.00", "5000.00", "65.00", "0.00", "10035.00"]);
    assert_visits(
        &r,
        &[
            ["15000.00", "5000.00", "0.00", "0.00", "10000.00"],
            ["100.00", "0.00", "65.00", "0.00", "35.00"],
        ],
    );
}

/// Local critical_cap 30000 binds the general resident: total 150000, basic 50000 → burden
/// 100000 → (100000 − 20000) × 0.6 = 48000 → 30000; oop = 150000 − 50000 − 30000 = 70000.
#[test]
fn national_2020_local_critical_cap_binds_general_resident() {
    let r = run(national(
        "national-2020",
        json!([]),
        json!({ "disposable_income": "40000", "critical_cap": "30000" }),
        json!([{ "care": "inpatient", "level": 2, "total": "150000", "basic_paid": "50000" }]),
    ));
    assert_totals(
        &r,
        ["150000.00", "50000.00", "30000.00", "0.00", "70000.00"],
    );
}

/// …but not registered_poor ("全面取消农村建档立卡贫困人口封顶线"): (100000 − 10000) × 0.65
/// = 58500; oop = 150000 − 50000 − 58500 = 41500.
#[test]
fn national_2020_registered_poor_ignores_the_critical_cap() {
    let r = run(national(
        "national-2020",
        json!(["registered_poor"]),
        json!({ "disposable_income": "40000", "critical_cap": "30000" }),
        json!([{ "care": "inpatient", "level": 2, "total": "150000", "basic_paid": "50000" }]),
    ));
    assert_totals(
        &r,
        ["150000.00", "50000.00", "58500.00", "0.00", "41500.00"],
    );
}

/// A group N2020 does not mention (优抚对象) changes nothing: as the general case, 18000 / 32000;
/// 280 / 550.
#[test]
fn national_2020_unmentioned_group_changes_nothing() {
    let r = run(national(
        "national-2020",
        json!(["youfu"]),
        json!({ "disposable_income": "40000" }),
        json!([{ "care": "inpatient", "level": 2, "total": "100000", "basic_paid": "50000" }]),
    ));
    assert_totals(
        &r,
        ["100000.00", "50000.00", "18000.00", "0.00", "32000.00"],
    );
    assert_contribution(&r, "280.00", "550.00");
}

/// No disposable_income → the 大病 deductible cannot be produced → missing_param.
#[test]
fn national_2020_without_disposable_income_is_an_error() {
    assert_error(
        national(
            "national-2020",
            json!([]),
            json!({}),
            json!([{ "care": "inpatient", "level": 2, "total": "100000", "basic_paid": "50000" }]),
        ),
        "missing_param",
        "params.disposable_income",
    );
}

/// Same for national-2022.
#[test]
fn national_2022_without_disposable_income_is_an_error() {
    assert_error(
        national(
            "national-2022",
            json!([]),
            json!({}),
            json!([{ "care": "inpatient", "level": 2, "total": "100000", "basic_paid": "50000" }]),
        ),
        "missing_param",
        "params.disposable_income",
    );
}

/// Contribution aid N2020 二(六) "分类资助…按标资助": registered_poor with
/// contribution_aid_registered_poor 280 → 280 − 280 = 0; subsidy 550.
#[test]
fn national_2020_registered_poor_contribution_aid_covers_all() {
    let r = run(national(
        "national-2020",
        json!(["registered_poor"]),
        json!({ "disposable_income": "40000", "contribution_aid_registered_poor": "280" }),
        json!([{ "care": "outpatient", "level": 1, "total": "1000", "basic_paid": "400" }]),
    ));
    assert_totals(&r, ["1000.00", "400.00", "0.00", "0.00", "600.00"]);
    assert_contribution(&r, "0.00", "550.00");
}

/// N2020 tekun with a partial aid 100 → 280 − 100 = 180; an aid larger than the contribution
/// (dibao 300) never makes it negative → 0.
#[test]
fn national_2020_partial_and_excess_contribution_aid() {
    let r = run(national(
        "national-2020",
        json!(["tekun"]),
        json!({ "disposable_income": "40000", "contribution_aid_tekun": "100" }),
        json!([{ "care": "outpatient", "level": 1, "total": "1000", "basic_paid": "400" }]),
    ));
    assert_contribution(&r, "180.00", "550.00");
    let r = run(national(
        "national-2020",
        json!(["dibao"]),
        json!({ "disposable_income": "40000", "contribution_aid_dibao": "300" }),
        json!([{ "care": "outpatient", "level": 1, "total": "1000", "basic_paid": "400" }]),
    ));
    assert_contribution(&r, "0.00", "550.00");
}

/// Basic computed from local outpatient parameters (N2020 gives none): deductible 200 per
/// visit, ratios 0.6 / 0.5 / 0.4, cap 1000 reached in the third visit.
/// v1 L1 1000: (1000 − 200) × 0.6 = 480; oop 520.
/// v2 L2 1200: (1200 − 200) × 0.5 = 500; oop 700.
/// v3 L3 700: (700 − 200) × 0.4 = 200, only 1000 − 480 − 500 = 20 left → 20; oop 680.
/// Year: 2900, 1000, 0, 0, 1900.
#[test]
fn national_2020_outpatient_from_local_params_hits_local_cap() {
    let r = run(national(
        "national-2020",
        json!([]),
        json!({
            "disposable_income": "40000",
            "outpatient_deductible": "200", "outpatient_deductible_mode": "per_visit",
            "outpatient_ratio_l1": "0.6", "outpatient_ratio_l2": "0.5", "outpatient_ratio_l3": "0.4",
            "outpatient_cap": "1000"
        }),
        json!([
            { "care": "outpatient", "level": 1, "total": "1000" },
            { "care": "outpatient", "level": 2, "total": "1200" },
            { "care": "outpatient", "level": 3, "total": "700" }
        ]),
    ));
    assert_totals(&r, ["2900.00", "1000.00", "0.00", "0.00", "1900.00"]);
    assert_visits(
        &r,
        &[
            ["1000.00", "480.00", "0.00", "0.00", "520.00"],
            ["1200.00", "500.00", "0.00", "0.00", "700.00"],
            ["700.00", "20.00", "0.00", "0.00", "680.00"],
        ],
    );
}

/// A level-1 admission without basic_paid needs inpatient_ratio_l1 (N2020 gives only the
/// "达到70%" target) → missing_param.
#[test]
fn national_2020_missing_inpatient_ratio_is_an_error() {
    assert_error(
        national(
            "national-2020",
            json!([]),
            json!({
                "disposable_income": "40000",
                "inpatient_deductible_l1": "300", "inpatient_deductible_l2": "600", "inpatient_deductible_l3": "900",
                "inpatient_deductible_mode": "per_visit",
                "inpatient_ratio_l2": "0.7", "inpatient_ratio_l3": "0.6",
                "inpatient_cap": "100000"
            }),
            json!([{ "care": "inpatient", "level": 1, "total": "10000" }]),
        ),
        "missing_param",
        "params.inpatient_ratio_l1",
    );
}

/// The 救助 annual deductible is met once across visits (tekun; ratio 0.5, deductible 3000,
/// limit 100000; income 40000 so the small admissions get no 大病):
/// v1 outpatient 2500, basic_paid 500 → remaining 2000, all to the deductible (1000 still due)
///     → 0; oop 2000.
/// v2 inpatient 10000, basic_paid 6000 → burden 4000 < 20000 → 大病 0; remaining 4000;
///     (4000 − 1000) × 0.5 = 1500; oop 2500.
/// v3 inpatient 5000, basic_paid 3000 → remaining 2000 × 0.5 = 1000; oop 1000.
/// Year: 17500, 9500, 0, 2500, 5500.
#[test]
fn national_2020_assistance_deductible_is_met_once_across_visits() {
    let r = run(national(
        "national-2020",
        json!(["tekun"]),
        json!({
            "disposable_income": "40000",
            "assistance_ratio_tekun": "0.5", "assistance_deductible": "3000", "assistance_annual_limit": "100000"
        }),
        json!([
            { "care": "outpatient", "level": 1, "total": "2500", "basic_paid": "500" },
            { "care": "inpatient", "level": 2, "total": "10000", "basic_paid": "6000" },
            { "care": "inpatient", "level": 2, "total": "5000", "basic_paid": "3000" }
        ]),
    ));
    assert_totals(&r, ["17500.00", "9500.00", "0.00", "2500.00", "5500.00"]);
    assert_visits(
        &r,
        &[
            ["2500.00", "500.00", "0.00", "0.00", "2000.00"],
            ["10000.00", "6000.00", "0.00", "1500.00", "2500.00"],
            ["5000.00", "3000.00", "0.00", "1000.00", "1000.00"],
        ],
    );
}

/// N2022 特困人员: "全额资助特困人员" → 0 / 610. Assistance with one annual limit shared by
/// outpatient and inpatient ("共用年度救助限额"): ratio 0.7, deductible 500, limit 10000.
/// v1 outpatient 3000, basic_paid 1000 → remaining 2000; (2000 − 500) × 0.7 = 1050; oop 950.
/// v2 inpatient 60000, basic_paid 36000 → burden 24000 → 大病 (24000 − 20000) × 0.6 = 2400;
///     remaining 60000 − 36000 − 2400 = 21600 × 0.7 = 15120, limit left 10000 − 1050 = 8950
///     → 8950; oop = 60000 − 36000 − 2400 − 8950 = 12650.
/// Year: 63000, 37000, 2400, 10000, 13600.
#[test]
fn national_2022_tekun_fully_aided_and_assistance_limit_shared() {
    let r = run(national(
        "national-2022",
        json!(["tekun"]),
        json!({
            "disposable_income": "40000",
            "assistance_ratio_tekun": "0.7", "assistance_deductible": "500", "assistance_annual_limit": "10000"
        }),
        json!([
            { "care": "outpatient", "level": 1, "total": "3000", "basic_paid": "1000" },
            { "care": "inpatient", "level": 2, "total": "60000", "basic_paid": "36000" }
        ]),
    ));
    assert_totals(
        &r,
        ["63000.00", "37000.00", "2400.00", "10000.00", "13600.00"],
    );
    assert_visits(
        &r,
        &[
            ["3000.00", "1000.00", "0.00", "1050.00", "950.00"],
            ["60000.00", "36000.00", "2400.00", "8950.00", "12650.00"],
        ],
    );
    assert_contribution(&r, "0.00", "610.00");
}

/// N2022 general resident: 350 / 610; 大病 carried forward from N2020: income 40000 → 20000,
/// 60%: total 100000, basic 50000 → (50000 − 20000) × 0.6 = 18000; oop 32000.
#[test]
fn national_2022_resident_contribution_and_critical() {
    let r = run(national(
        "national-2022",
        json!([]),
        json!({ "disposable_income": "40000" }),
        json!([{ "care": "inpatient", "level": 2, "total": "100000", "basic_paid": "50000" }]),
    ));
    assert_totals(
        &r,
        ["100000.00", "50000.00", "18000.00", "0.00", "32000.00"],
    );
    assert_contribution(&r, "350.00", "610.00");
}

/// N2022 低保对象 "定额资助": with contribution_aid_dibao 200 → 350 − 200 = 150; without it →
/// 350 stays and a warning says the aid is not deducted.
#[test]
fn national_2022_dibao_fixed_aid_present_and_absent() {
    let visits =
        json!([{ "care": "outpatient", "level": 1, "total": "1000", "basic_paid": "400" }]);
    let r = run(national(
        "national-2022",
        json!(["dibao"]),
        json!({ "disposable_income": "40000", "contribution_aid_dibao": "200" }),
        visits.clone(),
    ));
    assert_totals(&r, ["1000.00", "400.00", "0.00", "0.00", "600.00"]);
    assert_contribution(&r, "150.00", "610.00");
    let r = run(national(
        "national-2022",
        json!(["dibao"]),
        json!({ "disposable_income": "40000" }),
        visits,
    ));
    assert_contribution(&r, "350.00", "610.00");
    assert_has_warnings(&r);
    // That warning is the missing aid amount: the run with the aid warns less.
    let with_aid = run(national(
        "national-2022",
        json!(["dibao"]),
        json!({ "disposable_income": "40000", "contribution_aid_dibao": "200" }),
        json!([{ "care": "outpatient", "level": 1, "total": "1000", "basic_paid": "400" }]),
    ));
    assert!(
        warning_count(&r) > warning_count(&with_aid),
        "no warning about the missing contribution aid in {r:#}"
    );
}

/// N2022 返贫致贫人口 aid 400 exceeds 350 → individual 0, not negative.
#[test]
fn national_2022_relapsed_poor_aid_never_goes_below_zero() {
    let r = run(national(
        "national-2022",
        json!(["relapsed_poor"]),
        json!({ "disposable_income": "40000", "contribution_aid_relapsed_poor": "400" }),
        json!([{ "care": "outpatient", "level": 1, "total": "1000", "basic_paid": "400" }]),
    ));
    assert_contribution(&r, "0.00", "610.00");
}

/// dibao + relapsed_poor: the highest supplied 救助 ratio (0.7 over 0.6) applies.
/// total 30000, basic_paid 18000 → burden 12000 < 20000 → 大病 0; remaining 12000;
/// deductible 0 → 12000 × 0.7 = 8400 (≤ 50000); oop = 30000 − 18000 − 8400 = 3600.
/// No contribution aid supplied → 350.
#[test]
fn national_2022_several_assistance_groups_take_the_highest_ratio() {
    let r = run(national(
        "national-2022",
        json!(["dibao", "relapsed_poor"]),
        json!({
            "disposable_income": "40000",
            "assistance_ratio_dibao": "0.6", "assistance_ratio_relapsed_poor": "0.7",
            "assistance_deductible": "0", "assistance_annual_limit": "50000"
        }),
        json!([{ "care": "inpatient", "level": 2, "total": "30000", "basic_paid": "18000" }]),
    ));
    assert_totals(&r, ["30000.00", "18000.00", "0.00", "8400.00", "3600.00"]);
    assert_visits(
        &r,
        &[["30000.00", "18000.00", "0.00", "8400.00", "3600.00"]],
    );
    assert_contribution(&r, "350.00", "610.00");
}

/// N2022 carries the 建档立卡 tilt forward (N2020 三(九) "过渡期内，保持政策相对稳定"):
/// income 40000 → deductible 10000, 65%: total 80000, basic 30000 → burden 50000 →
/// (50000 − 10000) × 0.65 = 26000; oop = 80000 − 30000 − 26000 = 24000. 350 / 610.
#[test]
fn national_2022_registered_poor_tilt_carried_forward() {
    let r = run(national(
        "national-2022",
        json!(["registered_poor"]),
        json!({ "disposable_income": "40000" }),
        json!([{ "care": "inpatient", "level": 2, "total": "80000", "basic_paid": "30000" }]),
    ));
    assert_totals(&r, ["80000.00", "30000.00", "26000.00", "0.00", "24000.00"]);
    assert_contribution(&r, "350.00", "610.00");
}

/// N2022 门诊慢特病 from local params, annual deductible 300 (ratios 0.7 / 0.65 / 0.6, cap 5000):
/// v1 L3 200 → all deductible (100 still due) → 0; oop 200.
/// v2 L2 1000.10 → (1000.10 − 100) × 0.65 = 900.10 × 0.65 = 585 + 0.065 = 585.065, half a 分 →
///     585.07; oop = 1000.10 − 585.07 = 415.03.
/// Year: 1200.10, 585.07, 0, 0, 615.03.
#[test]
fn national_2022_special_outpatient_annual_deductible_and_half_fen() {
    let r = run(national(
        "national-2022",
        json!([]),
        json!({
            "disposable_income": "40000",
            "special_outpatient_deductible": "300", "special_outpatient_deductible_mode": "annual",
            "special_outpatient_ratio_l1": "0.7", "special_outpatient_ratio_l2": "0.65", "special_outpatient_ratio_l3": "0.6",
            "special_outpatient_cap": "5000"
        }),
        json!([
            { "care": "special_outpatient", "level": 3, "total": "200" },
            { "care": "special_outpatient", "level": 2, "total": "1000.10" }
        ]),
    ));
    assert_totals(&r, ["1200.10", "585.07", "0.00", "0.00", "615.03"]);
    assert_visits(
        &r,
        &[
            ["200.00", "0.00", "0.00", "0.00", "200.00"],
            ["1000.10", "585.07", "0.00", "0.00", "415.03"],
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Rounding at caps and across visits: a cap is measured against the payments actually made, and a
// critical-illness payment is what the year's schedule owes less what was already paid (DESIGN.md,
// "Rounding"). These pin the two choices the contract leaves to the engine.
// ---------------------------------------------------------------------------------------------

/// TJ-draft 二(一): annual deductible 600, 一级 high tier 55%, fund cap 4000 a year.
/// v1 L1 5000.30: (5000.30 − 600) × 0.55 = 4400.30 × 0.55 = 2420.165 → 2420.17 (half up);
///     oop = 5000.30 − 2420.17 = 2580.13.
/// v2 L1 5000: 5000 × 0.55 = 2750, but the cap leaves 4000 − 2420.17 (paid) = 1579.83 → 1579.83;
///     oop = 5000 − 1579.83 = 3420.17.
/// Year: basic 2420.17 + 1579.83 = 4000.00, exactly the cap (never 4000.01).
#[test]
fn tianjin_outpatient_cap_is_measured_against_rounded_payments_so_the_year_never_exceeds_4000() {
    let r = run(json!({
        "policy": "tianjin-2022", "tier": "high",
        "visits": [
            { "care": "outpatient", "level": 1, "total": "5000.30" },
            { "care": "outpatient", "level": 1, "total": "5000" }
        ]
    }));
    assert_totals(&r, ["10000.30", "4000.00", "0.00", "0.00", "6000.30"]);
    assert_visits(
        &r,
        &[
            ["5000.30", "2420.17", "0.00", "0.00", "2580.13"],
            ["5000.00", "1579.83", "0.00", "0.00", "3420.17"],
        ],
    );
}

/// DY2020 二(二): general deductible 16000, 60% up to 100000.
/// v1 burden 16000.01 (slip 0): F = 0.01 × 0.6 = 0.006 → paid 0.01.
/// v2 burden 0.01: cumulative 16000.02, F = 0.02 × 0.6 = 0.012; owed = 0.012 − 0.01 already paid
///     = 0.002 → 0.00.
/// Year: 0.01 = F(16000.02) rounded once, the same as one visit of 16000.02 — not 0.01 + 0.01.
#[test]
fn dongying_critical_payment_is_the_years_amount_owed_less_what_was_already_paid() {
    let split = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("16000.01", "0"), dy_inpatient("0.01", "0")]),
    ));
    assert_totals(&split, ["16000.02", "0.00", "0.01", "0.00", "16000.01"]);
    assert_visits(
        &split,
        &[
            ["16000.01", "0.00", "0.01", "0.00", "16000.00"],
            ["0.01", "0.00", "0.00", "0.00", "0.01"],
        ],
    );
    let whole = run(dongying(
        "resident",
        json!([]),
        json!({}),
        json!([dy_inpatient("16000.02", "0")]),
    ));
    assert_totals(&whole, ["16000.02", "0.00", "0.01", "0.00", "16000.01"]);
}
