//! `yibao batch` on hand-computed claims (docs/CONTRACT.md, "Claims files and `yibao batch`"):
//! two persons with several visits each, their rows out of order and interleaved, a third whose
//! payment rounds at the fen, and a reform that widens the critical-illness base. Every expected
//! figure is worked out below from 东营市医疗保障局《关于做好2020年城乡居民基本医疗保险和大病保险
//! 工作的通知》(东医保发﹝2020﹞56号, data/documents/), "DY2020" below:
//!
//! * 一(一): 财政补助 "达到每人每年550元"; 一(二): 个人缴费 "居民(不含学生)310元".
//! * 二(二), general: "个人负担的合规医疗费用1.6万元(含)以上、10万元以下的部分给予60%补偿,10万元
//!   (含)以上、20万元以下的部分给予65%补偿…", cap 40万元.
//! * 二(二), 贫困人口 (低保对象 among them): "大病保险起付标准为5000元" and "5000元以上(含)、10万元
//!   以下的部分给予65%补偿".
//!
//! The basic insurance's payment is the settlement slip's (`basic_paid`), so no basic-insurance
//! parameter is needed. The burden counted by 大病保险 is each visit's in-policy cost minus that
//! payment: total − excluded − basic_paid. Which visits count is the local parameter
//! `critical_scope`: the set says inpatient only, the reform inpatient plus 门诊慢特病.
//! 医疗救助 is 0: DY2020 gives no assistance ratio, and no set here supplies one.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yibao-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, text).expect("temp file");
    p
}

fn set(scope: &str, agency: &str) -> String {
    format!(
        r#"policy = "dongying-2020"

[agency]
name = "{agency}"

[params.critical_scope]
value = "{scope}"
document = "测试用参数文件"
number = "测试〔2026〕1号"
clause = "一"
date = 2026-01-01
"#
    )
}

/// Runs `yibao batch --policy dongying-2020 ARGS… -` on `claims`; returns its output and the
/// results and summary it wrote.
fn batch(claims: &str, args: &[&str]) -> (Output, String, serde_json::Value) {
    // Tests run in parallel: each run gets files of its own.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let tag = RUNS.fetch_add(1, Ordering::Relaxed);
    let out = temp(&format!("results-{tag}.csv"), "");
    let summary = temp(&format!("summary-{tag}.json"), "");
    let mut child = Command::new(env!("CARGO_BIN_EXE_yibao"))
        .args(["batch", "--policy", "dongying-2020"])
        .args(args)
        .arg("--out")
        .arg(&out)
        .arg("--summary")
        .arg(&summary)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("yibao runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(claims.as_bytes())
        .expect("claims written");
    let output = child.wait_with_output().expect("yibao finishes");
    let results = std::fs::read_to_string(&out).expect("results");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).expect("summary")).expect("JSON");
    (output, results, summary)
}

/// The claims, rows in this order: A's 2nd visit, B's 1st, C's only one, A's 1st, B's 2nd, A's 3rd.
const CLAIMS: &str = "\
person,seq,tier,groups,care,level,total,excluded,basic_paid
A,2,resident,,inpatient,3,150000.00,10000.00,60000.00
B,1,resident,dibao,inpatient,3,30000.00,2000.00,15000.00
C,1,,,inpatient,2,26000.01,0,10000.00
A,1,resident,,inpatient,2,50000,0,20000
B,2,resident,dibao,special_outpatient,3,60000.00,,20000.00
A,3,resident,,special_outpatient,1,20000.00,0,12000.00
";

// Person A (resident, no group), DY2020's general schedule:
//   burdens: seq 1: 50000 − 0 − 20000 = 30000; seq 2: 150000 − 10000 − 60000 = 80000;
//            seq 3 (门诊慢特病): 20000 − 0 − 12000 = 8000.
//   total = 50000 + 150000 + 20000 = 220000.00; basic = 20000 + 60000 + 12000 = 92000.00.
//   Inpatient only: base 30000 + 80000 = 110000
//     critical = (100000 − 16000) × 60% + (110000 − 100000) × 65% = 50400 + 6500 = 56900.00
//     out of pocket = 220000 − 92000 − 56900 − 0 = 71100.00
//   With 门诊慢特病: base 118000
//     critical = 50400 + (118000 − 100000) × 65% = 50400 + 11700 = 62100.00
//     out of pocket = 220000 − 92000 − 62100 = 65900.00; change −5200.00
//
// Person B (低保对象), DY2020's schedule for 贫困人口:
//   burdens: seq 1: 30000 − 2000 − 15000 = 13000; seq 2 (门诊慢特病): 60000 − 0 − 20000 = 40000.
//   total = 90000.00; basic = 15000 + 20000 = 35000.00.
//   Inpatient only: critical = (13000 − 5000) × 65% = 5200.00; out of pocket = 90000 − 35000 − 5200
//     = 49800.00
//   With 门诊慢特病: critical = (53000 − 5000) × 65% = 31200.00; out of pocket = 23800.00; change
//     −26000.00
//   个人缴费 310.00: DY2020 资助低保对象参保 but gives no amount, so the standard is shown.
//
// Person C (tier empty: the policy's first, resident): burden 26000.01 − 10000.00 = 16000.01
//   critical = (16000.01 − 16000) × 60% = 0.006, rounded half up to the fen: 0.01
//   out of pocket = 26000.01 − 10000.00 − 0.01 = 16000.00; the same under the reform.

#[test]
fn two_persons_with_rows_out_of_order_are_settled_as_the_documents_say() {
    let s = temp("set-inpatient.toml", &set("inpatient", "测试经办机构"));
    let (o, results, summary) = batch(CLAIMS, &["--params-set", s.to_str().expect("path")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Persons in the order their last row appears: C (line 4), B (line 6), A (line 7).
    assert_eq!(
        results,
        "person,total,basic,critical,assistance,out_of_pocket,individual,subsidy\n\
         C,26000.01,10000.00,0.01,0.00,16000.00,310.00,550.00\n\
         B,90000.00,35000.00,5200.00,0.00,49800.00,310.00,550.00\n\
         A,220000.00,92000.00,56900.00,0.00,71100.00,310.00,550.00\n"
    );
    assert_eq!(summary["persons"], 3);
    assert_eq!(summary["rows"], 6);
    assert_eq!(summary["invalid_rows"], 0);
    // Sums of the three rows above.
    let t = &summary["totals"];
    assert_eq!(t["total"], "336000.01"); // 26000.01 + 90000 + 220000
    assert_eq!(t["basic"], "137000.00"); // 10000 + 35000 + 92000
    assert_eq!(t["critical"], "62100.01"); // 0.01 + 5200 + 56900
    assert_eq!(t["assistance"], "0.00");
    assert_eq!(t["fund"], "199100.01"); // 137000.00 + 62100.01 + 0
    assert_eq!(t["out_of_pocket"], "136900.00"); // 16000 + 49800 + 71100
    assert_eq!(t["individual"], "930.00"); // 3 × 310
    assert_eq!(t["subsidy"], "1650.00"); // 3 × 550
}

#[test]
fn a_reform_that_counts_special_outpatient_care_lowers_what_two_persons_pay() {
    let s = temp("set-inpatient-2.toml", &set("inpatient", "测试经办机构"));
    let r = temp(
        "set-wider.toml",
        &set("inpatient+special_outpatient", "测试经办机构（调整方案）"),
    );
    let (o, results, summary) = batch(
        CLAIMS,
        &[
            "--params-set",
            s.to_str().expect("path"),
            "--reform",
            r.to_str().expect("path"),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        results,
        "person,total,basic,critical,assistance,out_of_pocket,individual,subsidy,\
         reform_total,reform_basic,reform_critical,reform_assistance,reform_out_of_pocket,\
         change_out_of_pocket\n\
         C,26000.01,10000.00,0.01,0.00,16000.00,310.00,550.00,26000.01,10000.00,0.01,0.00,16000.00,0.00\n\
         B,90000.00,35000.00,5200.00,0.00,49800.00,310.00,550.00,90000.00,35000.00,31200.00,0.00,23800.00,-26000.00\n\
         A,220000.00,92000.00,56900.00,0.00,71100.00,310.00,550.00,220000.00,92000.00,62100.00,0.00,65900.00,-5200.00\n"
    );
    let reform = &summary["reform"];
    // 大病保险 under the reform: 0.01 + 31200 + 62100 = 93300.01; change 93300.01 − 62100.01.
    assert_eq!(reform["totals"]["critical"], "93300.01");
    assert_eq!(reform["change"]["critical"], "31200.00");
    assert_eq!(reform["change"]["basic"], "0.00");
    assert_eq!(reform["change"]["fund"], "31200.00");
    assert_eq!(reform["change"]["out_of_pocket"], "-31200.00");
    assert_eq!(reform["pay_less"], 2); // A and B
    assert_eq!(reform["same"], 1); // C
    assert_eq!(reform["pay_more"], 0);
    // B's −26000 is below −10000; A's −5200 is in [−10000, −1000); C's 0 is in no bin.
    let bins = reform["histogram"].as_array().expect("bins");
    assert_eq!(bins[0]["from"], serde_json::Value::Null);
    assert_eq!(bins[0]["to"], "-10000.00");
    assert_eq!(bins[0]["persons"], 1);
    assert_eq!(bins[1]["from"], "-10000.00");
    assert_eq!(bins[1]["to"], "-1000.00");
    assert_eq!(bins[1]["persons"], 1);
    let rest: u64 = bins[2..]
        .iter()
        .map(|b| b["persons"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(rest, 0);
}

#[test]
fn without_a_set_the_base_is_inpatient_care_only_as_the_stated_fallback() {
    // No set: `critical_scope` is absent, and the estimator's fallback (inpatient only, with a
    // warning) applies: the same figures as the set that says inpatient only.
    let (o, results, _) = batch(CLAIMS, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(results.contains("\nA,220000.00,92000.00,56900.00,0.00,71100.00,310.00,550.00\n"));
    assert!(results.contains("\nB,90000.00,35000.00,5200.00,0.00,49800.00,310.00,550.00\n"));
}

#[test]
fn the_same_claims_sorted_by_person_give_the_same_rows_in_file_order() {
    let mut lines: Vec<&str> = CLAIMS.lines().skip(1).collect();
    lines.sort();
    let sorted = format!(
        "{}\n{}\n",
        CLAIMS.lines().next().unwrap_or(""),
        lines.join("\n")
    );
    let (o, results, summary) = batch(&sorted, &["--jobs", "2"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        results,
        "person,total,basic,critical,assistance,out_of_pocket,individual,subsidy\n\
         A,220000.00,92000.00,56900.00,0.00,71100.00,310.00,550.00\n\
         B,90000.00,35000.00,5200.00,0.00,49800.00,310.00,550.00\n\
         C,26000.01,10000.00,0.01,0.00,16000.00,310.00,550.00\n"
    );
    assert_eq!(summary["totals"]["critical"], "62100.01");
}

#[test]
fn a_bad_row_is_reported_and_the_rest_of_its_person_is_still_settled() {
    // A's 3rd visit has an unknown care type: it is skipped, and A is settled on visits 1 and 2,
    // whose figures do not depend on it (it was outside the inpatient-only base): the same row.
    let claims = CLAIMS.replace("A,3,resident,,special_outpatient", "A,3,resident,,dental");
    let (o, results, summary) = batch(&claims, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Without the 20000.00 visit: total 200000.00, basic 80000.00, out of pocket
    // 200000 − 80000 − 56900 = 63100.00.
    assert!(
        results.contains("\nA,200000.00,80000.00,56900.00,0.00,63100.00,310.00,550.00\n"),
        "{results}"
    );
    assert_eq!(summary["invalid_rows"], 1);
    assert_eq!(summary["persons"], 3);
    let e = &summary["errors"][0];
    assert_eq!(e["line"], 7);
    assert_eq!(e["column"], "care");
    assert_eq!(e["person"], "A");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("第7行，care列："), "{stderr}");
}
