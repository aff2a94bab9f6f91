//! `yibao batch` on claims files with mistakes in them, and on the same claims written in every
//! form the command accepts (docs/CONTRACT.md, "Claims files and `yibao batch`"): a bad row is
//! reported with its line, its column and a Chinese message, and skipped; the rest of the file is
//! settled exactly as if the row had never been there. Only a header without a required column,
//! or a parameter set for another policy, stops the batch.
//!
//! Every test runs the real binary. The expected line of a mistake is computed from where the test
//! put the row (the header is line 1 of a CSV file; a JSON-lines file has no header), never from
//! the program's output.

use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use yibao::messages::{self, Arg, Message, KEYS};

const HEADER: &str = "person,seq,tier,groups,care,level,total,excluded,basic_paid";
const POLICY: &str = "dongying-2020";

// ------------------------------------------------------------------------------------ helpers

/// A fresh path under the temporary directory, unique to this process and call.
fn temp(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!(
        "yibao-batch-rows-{}-{n}-{name}",
        std::process::id()
    ))
}

/// One run of `yibao batch`.
struct Run {
    code: i32,
    /// The results CSV (from standard output, or from `--out`).
    results: String,
    stderr: String,
    /// The summary JSON, when it was written.
    summary: Option<Value>,
}

impl Run {
    fn summary(&self) -> &Value {
        self.summary
            .as_ref()
            .unwrap_or_else(|| panic!("a summary was written; stderr: {}", self.stderr))
    }

    /// The results rows without the header, sorted by person.
    fn sorted_rows(&self) -> Vec<String> {
        let mut lines = self.results.lines();
        assert_eq!(
            lines.next(),
            Some("person,total,basic,critical,assistance,out_of_pocket,individual,subsidy"),
            "the results header: {}",
            self.results
        );
        let mut rows: Vec<String> = lines.map(str::to_string).collect();
        rows.sort();
        rows
    }
}

/// Runs `yibao batch --policy dongying-2020 --summary S [args] FILE` on `claims`, written to a
/// file (or given on standard input when `stdin` is true, as `-`). With `out`, the results go to
/// `--out` instead of standard output.
fn batch_with(claims: &[u8], args: &[&str], stdin: bool, out: bool) -> Run {
    let file = temp("claims");
    let summary = temp("summary.json");
    let results = temp("results.csv");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yibao"));
    cmd.arg("batch")
        .args(["--policy", POLICY, "--summary"])
        .arg(&summary)
        .args(args);
    if out {
        cmd.arg("--out").arg(&results);
    }
    if stdin {
        cmd.arg("-").stdin(Stdio::piped());
    } else {
        std::fs::write(&file, claims).unwrap();
        cmd.arg(&file).stdin(Stdio::null());
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("yibao runs");
    if stdin {
        child.stdin.take().unwrap().write_all(claims).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    let read_summary = |p: &Path| {
        std::fs::read_to_string(p)
            .ok()
            .map(|t| serde_json::from_str(&t).expect("the summary is JSON"))
    };
    let run = Run {
        code: o.status.code().expect("an exit status, not a signal"),
        results: if out {
            std::fs::read_to_string(&results).unwrap_or_default()
        } else {
            String::from_utf8(o.stdout).expect("UTF-8 results")
        },
        stderr: String::from_utf8(o.stderr).expect("UTF-8 messages"),
        summary: read_summary(&summary),
    };
    for p in [&file, &summary, &results] {
        let _ = std::fs::remove_file(p);
    }
    run
}

fn batch(claims: &[u8], args: &[&str]) -> Run {
    batch_with(claims, args, false, false)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF)
}

/// One visit of a claims file, as text.
#[derive(Debug, Clone)]
struct Visit {
    person: String,
    seq: u64,
    tier: String,
    groups: String,
    care: String,
    level: String,
    total: String,
    excluded: String,
    basic_paid: String,
}

impl Visit {
    #[allow(clippy::too_many_arguments)]
    fn new(
        person: &str,
        seq: u64,
        tier: &str,
        groups: &str,
        care: &str,
        level: &str,
        total: &str,
        excluded: &str,
        basic_paid: &str,
    ) -> Visit {
        Visit {
            person: person.into(),
            seq,
            tier: tier.into(),
            groups: groups.into(),
            care: care.into(),
            level: level.into(),
            total: total.into(),
            excluded: excluded.into(),
            basic_paid: basic_paid.into(),
        }
    }

    /// The value of a column, by its name in the header.
    fn get(&self, column: &str) -> String {
        match column {
            "person" => self.person.clone(),
            "seq" => self.seq.to_string(),
            "tier" => self.tier.clone(),
            "groups" => self.groups.clone(),
            "care" => self.care.clone(),
            "level" => self.level.clone(),
            "total" => self.total.clone(),
            "excluded" => self.excluded.clone(),
            "basic_paid" => self.basic_paid.clone(),
            c => panic!("no column {c}"),
        }
    }

    /// The row in the contract's column order.
    fn csv(&self) -> String {
        HEADER
            .split(',')
            .map(|c| self.get(c))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The row as a JSON-lines object: amounts are text and a level is a number, as in a
    /// scenario's visit; empty fields are left out. `variant` picks the other accepted spellings
    /// (`seq` as text, `groups` as `;`-separated text instead of a list).
    fn json(&self, variant: bool) -> String {
        let mut o = serde_json::Map::new();
        o.insert("person".into(), json!(self.person));
        o.insert(
            "seq".into(),
            if variant {
                json!(self.seq.to_string())
            } else {
                json!(self.seq)
            },
        );
        if !self.tier.is_empty() {
            o.insert("tier".into(), json!(self.tier));
        }
        if !self.groups.is_empty() {
            let list: Vec<&str> = self.groups.split(';').collect();
            o.insert(
                "groups".into(),
                if variant {
                    json!(self.groups)
                } else {
                    json!(list)
                },
            );
        }
        o.insert("care".into(), json!(self.care));
        if !self.level.is_empty() {
            o.insert("level".into(), json!(self.level.parse::<u64>().unwrap()));
        }
        o.insert("total".into(), json!(self.total));
        for (k, v) in [
            ("excluded", &self.excluded),
            ("basic_paid", &self.basic_paid),
        ] {
            if !v.is_empty() {
                o.insert(k.into(), json!(v));
            }
        }
        Value::Object(o).to_string()
    }
}

// ------------------------------------------------------------------------------------ malformed rows

/// The valid persons around a bad row: a1 and a2 before it (in a sorted file), z1 and z2 after.
/// Every visit gives `basic_paid` (Dongying's inpatient deductibles are local parameters, needed
/// only when the basic fund's share is computed).
fn neighbours() -> Vec<Visit> {
    vec![
        Visit::new("a1", 1, "", "", "inpatient", "2", "10000", "500", "4000"),
        Visit::new("a1", 2, "", "", "outpatient", "1", "300", "", "100"),
        Visit::new(
            "a2",
            1,
            "student",
            "dibao",
            "inpatient",
            "3",
            "50000",
            "1000",
            "20000",
        ),
        Visit::new(
            "z1",
            1,
            "",
            "registered_poor;tekun",
            "special_outpatient",
            "",
            "8000",
            "",
            "3000",
        ),
        Visit::new(
            "z1",
            2,
            "",
            "registered_poor;tekun",
            "inpatient",
            "1",
            "120000.50",
            "2000",
            "60000",
        ),
        Visit::new("z2", 1, "resident", "", "outpatient", "", "200", "", "0"),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Syntax {
    Csv,
    Json,
}

/// Where the neighbours' rows go around the bad one.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// Sorted by person: a1, a1, a2, [m1…], z1, z1, z2 (settled as each person ends).
    Sorted,
    /// Interleaved: z1, a1, a2, [m1…], z1, a1, z2 (settled at each person's last line).
    Interleaved,
}

/// One kind of mistake: the bad row, and what the summary must say about it.
struct Kind {
    what: &'static str,
    form: Syntax,
    /// Valid rows of the bad row's person, before it (in the file's own form).
    before: &'static [&'static str],
    /// The bad row, as bytes (without its line ending).
    bad: &'static [u8],
    column: &'static str,
    key: &'static str,
    /// The person the mistake names (empty when the row could not be read at all).
    person: &'static str,
    /// Whether the whole person is refused (an unknown tier or group refuses the person's plan).
    refuses_person: bool,
}

const fn csv(
    what: &'static str,
    bad: &'static str,
    column: &'static str,
    key: &'static str,
) -> Kind {
    Kind {
        what,
        form: Syntax::Csv,
        before: &[],
        bad: bad.as_bytes(),
        column,
        key,
        person: "m1",
        refuses_person: false,
    }
}

const fn jsonl(
    what: &'static str,
    bad: &'static str,
    column: &'static str,
    key: &'static str,
) -> Kind {
    Kind {
        form: Syntax::Json,
        ..csv(what, bad, column, key)
    }
}

/// m1's first visit, valid, for the mistakes that need a second row of the same person.
const M1_FIRST: &[&str] = &["m1,1,,,inpatient,2,1000,,500"];

/// The kinds of mistakes. Each one was first run through the binary to learn its key; the
/// message texts are those of data/messages/zh-CN.toml. Near misses that turned out to be
/// *accepted* are listed in `near_misses_that_are_accepted_are_settled_not_reported` below.
fn kinds() -> Vec<Kind> {
    vec![
        // The visit's fields: the scenario's own checks and messages (docs/CONTRACT.md,
        // "Errors": a mistake in a visit names its field).
        csv(
            "unknown care",
            "m1,1,,,dental,2,100,,50",
            "care",
            "error.visit_care",
        ),
        csv(
            "care in capitals",
            "m1,1,,,INPATIENT,2,100,,50",
            "care",
            "error.visit_care",
        ),
        csv(
            "care left empty",
            "m1,1,,dibao,,2,100,,50",
            "care",
            "error.visit_care",
        ),
        csv(
            "level 4",
            "m1,1,,,inpatient,4,100,,50",
            "level",
            "error.visit_level",
        ),
        csv(
            "level in Chinese",
            "m1,1,,,inpatient,三级,100,,50",
            "level",
            "error.visit_level",
        ),
        csv(
            "level 0",
            "m1,1,,,inpatient,0,100,,50",
            "level",
            "error.visit_level",
        ),
        csv(
            "level 2.0",
            "m1,1,,,inpatient,2.0,100,,50",
            "level",
            "error.visit_level",
        ),
        csv(
            "negative total",
            "m1,1,,,inpatient,2,-100,,",
            "total",
            "error.number.negative",
        ),
        csv(
            "total in letters",
            "m1,1,,,inpatient,2,abc,,50",
            "total",
            "error.number.not_plain",
        ),
        csv(
            "total with a thousands comma",
            "m1,1,,,inpatient,2,\"1,000\",,50",
            "total",
            "error.number.not_plain",
        ),
        csv(
            "total in scientific notation",
            "m1,1,,,inpatient,2,1e5,,50",
            "total",
            "error.number.not_plain",
        ),
        csv(
            "total with a unit",
            "m1,1,,,inpatient,2,100元,,50",
            "total",
            "error.number.not_plain",
        ),
        csv(
            "total in full-width digits",
            "m1,1,,,inpatient,2,１００,,50",
            "total",
            "error.number.not_plain",
        ),
        csv(
            "total with three decimals",
            "m1,1,,,inpatient,2,1.234,,50",
            "total",
            "error.number.too_many_decimals",
        ),
        csv(
            "total one 分 above 10亿元",
            "m1,1,,,inpatient,2,1000000000.01,,50",
            "total",
            "error.number.too_large",
        ),
        csv(
            "total left empty",
            "m1,1,,,inpatient,2,,,50",
            "total",
            "error.visit_amount_missing",
        ),
        csv(
            "excluded above total",
            "m1,1,,,inpatient,2,100,200,50",
            "excluded",
            "error.excluded_above_total",
        ),
        csv(
            "negative excluded",
            "m1,1,,,inpatient,2,100,-5,50",
            "excluded",
            "error.number.negative",
        ),
        csv(
            "basic_paid above total minus excluded",
            "m1,1,,,inpatient,2,100,20,90",
            "basic_paid",
            "error.basic_paid_above_eligible",
        ),
        csv(
            "basic_paid in letters",
            "m1,1,,,inpatient,2,100,,abc",
            "basic_paid",
            "error.number.not_plain",
        ),
        csv(
            "basic_paid with three decimals",
            "m1,1,,,inpatient,2,100,,1.234",
            "basic_paid",
            "error.number.too_many_decimals",
        ),
        // Too few columns: a flexible CSV record missing its trailing fields reads as empty
        // ones, so the first required field missing is named.
        csv(
            "row cut short after level",
            "m1,1,,,inpatient,2",
            "total",
            "error.visit_amount_missing",
        ),
        // The batch's own fields.
        Kind {
            person: "",
            ..csv(
                "no person id",
                ",1,,,inpatient,2,100,,50",
                "person",
                "batch.person_missing",
            )
        },
        csv(
            "seq in letters",
            "m1,x,,,inpatient,2,100,,50",
            "seq",
            "batch.seq_invalid",
        ),
        csv(
            "seq negative",
            "m1,-1,,,inpatient,2,100,,50",
            "seq",
            "batch.seq_invalid",
        ),
        csv(
            "seq with a fraction",
            "m1,1.5,,,inpatient,2,100,,50",
            "seq",
            "batch.seq_invalid",
        ),
        csv(
            "seq 0",
            "m1,0,,,inpatient,2,100,,50",
            "seq",
            "batch.seq_invalid",
        ),
        csv(
            "seq above 1000000",
            "m1,1000001,,,inpatient,2,100,,50",
            "seq",
            "batch.seq_invalid",
        ),
        csv(
            "seq left empty",
            "m1,,,,inpatient,2,100,,50",
            "seq",
            "batch.seq_invalid",
        ),
        Kind {
            before: M1_FIRST,
            ..csv(
                "seq repeated within a person",
                "m1,1,,,outpatient,2,100,,50",
                "seq",
                "batch.seq_repeated",
            )
        },
        // A person's type (tier and groups) is the plan's: an unknown one refuses the person.
        Kind {
            refuses_person: true,
            ..csv(
                "unknown tier",
                "m1,1,gold,,inpatient,2,100,,50",
                "tier",
                "error.tier_unknown",
            )
        },
        Kind {
            refuses_person: true,
            ..csv(
                "unknown group",
                "m1,1,,vip,inpatient,2,100,,50",
                "groups",
                "error.group_unknown",
            )
        },
        Kind {
            before: M1_FIRST,
            ..csv(
                "tier differs from the person's first row",
                "m1,2,student,,outpatient,1,100,,50",
                "tier",
                "batch.person_differs",
            )
        },
        Kind {
            before: M1_FIRST,
            ..csv(
                "groups differ from the person's first row",
                "m1,2,,dibao,outpatient,1,100,,50",
                "groups",
                "batch.person_differs",
            )
        },
        // A record the CSV reader cannot read at all: the row is not anyone's.
        Kind {
            person: "",
            bad: b"m1,1,,,inp\xffatient,2,100,,50",
            ..csv("invalid UTF-8", "", "", "batch.row_not_utf8")
        },
        // JSON lines.
        Kind {
            person: "",
            ..jsonl("not JSON", "not json", "", "batch.row_not_json")
        },
        Kind {
            person: "",
            ..jsonl(
                "JSON cut short",
                "{\"person\":\"m1\",",
                "",
                "batch.row_not_json",
            )
        },
        Kind {
            person: "",
            ..jsonl(
                "JSON but an array",
                "[\"m1\",1,\"inpatient\"]",
                "",
                "batch.row_not_object",
            )
        },
        Kind {
            person: "",
            ..jsonl("JSON but a string", "\"m1\"", "", "batch.row_not_object")
        },
        jsonl(
            "total as an object",
            r#"{"person":"m1","seq":1,"care":"inpatient","total":{"yuan":100},"basic_paid":"50"}"#,
            "total",
            "error.visit_amount_not_text",
        ),
        jsonl(
            "total as a number",
            r#"{"person":"m1","seq":1,"care":"inpatient","total":100,"basic_paid":"50"}"#,
            "total",
            "error.visit_amount_not_text",
        ),
        jsonl(
            "level as text",
            r#"{"person":"m1","seq":1,"care":"inpatient","level":"2","total":"100","basic_paid":"50"}"#,
            "level",
            "error.visit_level",
        ),
        Kind {
            person: "",
            ..jsonl(
                "person as a list",
                r#"{"person":["m1"],"seq":1,"care":"inpatient","total":"100","basic_paid":"50"}"#,
                "person",
                "batch.person_missing",
            )
        },
    ]
}

/// The file for a kind: the neighbours laid out as `layout` says, with m1's rows (and the bad
/// row, when `with_bad`) in the middle. Returns the bytes and the bad row's 1-based line.
fn file_for(kind: &Kind, layout: Layout, with_bad: bool) -> (Vec<u8>, u64) {
    let n = neighbours();
    let order: [usize; 6] = match layout {
        Layout::Sorted => [0, 1, 2, 3, 4, 5],
        Layout::Interleaved => [3, 0, 2, 4, 1, 5],
    };
    let row = |v: &Visit| match kind.form {
        Syntax::Csv => v.csv(),
        Syntax::Json => v.json(false),
    };
    let mut lines: Vec<Vec<u8>> = Vec::new();
    if kind.form == Syntax::Csv {
        lines.push(HEADER.into());
    }
    for &i in &order[..3] {
        lines.push(row(&n[i]).into());
    }
    for b in kind.before {
        lines.push(b.as_bytes().to_vec());
    }
    let line = lines.len() as u64 + 1;
    if with_bad {
        lines.push(kind.bad.to_vec());
    }
    for &i in &order[3..] {
        lines.push(row(&n[i]).into());
    }
    let mut bytes = lines.join(&b"\n"[..]);
    bytes.push(b'\n');
    (bytes, line)
}

fn check_kind(kind: &Kind, layout: Layout) {
    let label = format!("{} ({layout:?})", kind.what);
    let (clean, _) = file_for(kind, layout, false);
    let (bad, line) = file_for(kind, layout, true);
    let without = batch(&clean, &[]);
    let with = batch(&bad, &[]);

    // The batch goes on.
    assert_eq!(
        with.code, 0,
        "{label}: exit status; stderr: {}",
        with.stderr
    );
    let s = with.summary();
    let c = without.summary();
    assert_eq!(c["error_count"], 0, "{label}: the clean file is clean: {c}");

    // Counted once, as a read row that is invalid.
    assert_eq!(s["invalid_rows"], 1, "{label}: {s}");
    assert_eq!(s["rows"], c["rows"].as_u64().unwrap() + 1, "{label}: {s}");
    assert_eq!(s["error_count"], 1, "{label}: {s}");
    assert_eq!(
        s["persons_refused"],
        u64::from(kind.refuses_person),
        "{label}: {s}"
    );

    // Reported at its line, its column, with its key and a Chinese sentence.
    let errors = s["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{label}: {s}");
    let e = &errors[0];
    assert_eq!(
        (
            e["line"].as_u64().unwrap(),
            e["column"].as_str().unwrap(),
            e["key"].as_str().unwrap(),
            e["person"].as_str().unwrap(),
        ),
        (line, kind.column, kind.key, kind.person),
        "{label}: {e}"
    );
    assert!(
        KEYS.iter().any(|(k, _)| *k == kind.key),
        "{label}: {} is declared in KEYS",
        kind.key
    );
    let message = e["message"].as_str().unwrap();
    assert!(
        message.chars().filter(|c| is_cjk(*c)).count() >= 4,
        "{label}: a Chinese sentence: {message}"
    );
    assert!(
        !message.contains('{'),
        "{label}: every placeholder filled: {message}"
    );
    // …and on standard error, as `第N行，COLUMN列：MESSAGE` (`第N行：MESSAGE` for a whole row).
    let said = if kind.column.is_empty() {
        format!("第{line}行：{message}")
    } else {
        format!("第{line}行，{}列：{message}", kind.column)
    };
    assert!(
        with.stderr.lines().any(|l| l == said),
        "{label}: stderr has {said:?}: {}",
        with.stderr
    );

    // Nothing valid is lost: every other person is settled exactly as without the bad row.
    assert_eq!(with.sorted_rows(), without.sorted_rows(), "{label}");
    assert_eq!(s["persons"], c["persons"], "{label}");
    assert_eq!(s["totals"], c["totals"], "{label}");
    assert!(
        without.sorted_rows().len() >= 4,
        "{label}: the neighbours are in the results"
    );
}

#[test]
fn each_kind_of_malformed_row_is_reported_at_its_line_and_column_and_skipped_without_losing_valid_rows(
) {
    let kinds = kinds();
    assert!(kinds.len() >= 22, "{} kinds", kinds.len());
    let mut seen = std::collections::BTreeSet::new();
    for kind in &kinds {
        assert!(seen.insert(kind.what), "{} is listed once", kind.what);
        for layout in [Layout::Sorted, Layout::Interleaved] {
            check_kind(kind, layout);
        }
    }
}

#[test]
fn near_misses_that_are_accepted_are_settled_not_reported() {
    // These look like mistakes but the batch accepts them; each is settled as the plain row
    // `m1,1,,,inpatient,2,100,,50` would be.
    let plain = "m1,1,,,inpatient,2,100,,50";
    let expected = batch(format!("{HEADER}\n{plain}\n").as_bytes(), &[]);
    assert_eq!(expected.summary()["error_count"], 0);
    for row in [
        "m1,1,,,inpatient,2,0100,,50",
        "m1,1,,,inpatient,02,100,,50",
        "m1,1,,,inpatient,2, 100 ,,50",
        "m1,1,,,inpatient,2,100,,50,an extra field",
        "m1,1,,;,inpatient,2,100,,50",
    ] {
        let r = batch(format!("{HEADER}\n{row}\n").as_bytes(), &[]);
        assert_eq!(r.code, 0, "{row}");
        assert_eq!(r.summary()["error_count"], 0, "{row}: {}", r.stderr);
        assert_eq!(r.sorted_rows(), expected.sorted_rows(), "{row}");
    }
    // A person's groups are a set: the same groups in another order, or with spaces, are the
    // same person type, not batch.person_differs.
    let r = batch(
        format!(
            "{HEADER}\nm1,1,,dibao;tekun,inpatient,2,100,,50\nm1,2,,tekun; dibao,outpatient,1,100,,50\n"
        )
        .as_bytes(),
        &[],
    );
    assert_eq!(r.summary()["error_count"], 0, "{}", r.stderr);
    assert_eq!(r.sorted_rows().len(), 1);
    assert!(
        r.sorted_rows()[0].starts_with("m1,200.00,"),
        "{}",
        r.results
    );
}

#[test]
fn a_persons_row_beyond_the_visits_a_scenario_allows_is_reported_and_the_first_500_are_kept() {
    // docs/CONTRACT.md: "A person has at most as many visits as a scenario; further rows are
    // mistakes." 501 visits of 1.00 each, then a neighbour.
    let mut text = format!("{HEADER}\n");
    for seq in 1..=501 {
        text.push_str(&format!("m1,{seq},,,outpatient,1,1,,0\n"));
    }
    text.push_str("z1,1,,,outpatient,,300,,100\n");
    let r = batch(text.as_bytes(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = r.summary();
    assert_eq!(
        (&s["rows"], &s["invalid_rows"]),
        (&json!(502), &json!(1)),
        "{s}"
    );
    let e = &s["errors"][0];
    assert_eq!(
        (&e["line"], &e["column"], &e["person"], &e["key"]),
        (
            &json!(502),
            &json!(""),
            &json!("m1"),
            &json!("error.too_many_visits")
        ),
        "{e}"
    );
    let message = e["message"].as_str().unwrap();
    assert!(message.contains("500"), "{message}");
    assert!(r.stderr.lines().any(|l| l == format!("第502行：{message}")));
    let rows = r.sorted_rows();
    assert!(rows[0].starts_with("m1,500.00,"), "{rows:?}");
    assert!(rows[1].starts_with("z1,300.00,"), "{rows:?}");
}

#[test]
fn a_header_without_a_required_column_stops_the_file_with_status_2_and_names_the_column() {
    for missing in ["person", "seq", "care", "total"] {
        let header: Vec<&str> = HEADER.split(',').filter(|c| *c != missing).collect();
        let row: Vec<&str> = HEADER
            .split(',')
            .zip(["a1", "1", "", "", "inpatient", "2", "10000", "500", "4000"])
            .filter(|(c, _)| *c != missing)
            .map(|(_, v)| v)
            .collect();
        let text = format!("{}\n{}\n", header.join(","), row.join(","));
        let r = batch(text.as_bytes(), &[]);
        assert_eq!(r.code, 2, "{missing}: {}", r.stderr);
        // The message is batch.missing_column, worded from the catalogue, at line 1.
        let m = Message::new("batch.missing_column")
            .arg("column", Arg::Raw(missing.into()))
            .arg("columns", Arg::Raw(HEADER.into()));
        let sentence = messages::zh().render(&m);
        assert!(sentence.contains(&format!("“{missing}”")), "{sentence}");
        assert_eq!(
            r.stderr.trim_end(),
            format!("第1行，{missing}列：{sentence}"),
            "{missing}"
        );
        // Nothing is settled and no summary is written.
        assert!(r.results.is_empty(), "{missing}: {}", r.results);
        assert!(r.summary.is_none(), "{missing}");
    }
    // The optional columns (tier, groups, level, excluded) may be left out. (basic_paid is
    // optional too, but without it Dongying's outpatient visit needs a level.)
    let r = batch(
        b"person,seq,care,total,basic_paid\na1,1,outpatient,300,100\n",
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.summary()["invalid_rows"], 0);
}

// ------------------------------------------------------------------------------------ equal forms

/// A small deterministic generator (xorshift64*), so the tests need no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn pick<'a>(&mut self, of: &[&'a str]) -> &'a str {
        of[self.next() as usize % of.len()]
    }
}

/// 分 as a CSV amount, written with 0, 1 or 2 decimals (rounded to fit).
fn amount(fen: u64, rng: &mut Rng) -> String {
    match rng.range(0, 2) {
        0 => format!("{}", fen / 100),
        1 => format!("{}.{}", fen / 100, fen % 100 / 10),
        _ => format!("{}.{:02}", fen / 100, fen % 100),
    }
}

/// The value in 分 of an amount as [`amount`] writes it.
fn fen_of(s: &str) -> u64 {
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    let f = format!("{f:0<2}");
    i.parse::<u64>().unwrap() * 100 + f.parse::<u64>().unwrap()
}

/// 60 persons, 1–5 visits each, with mixed tiers, groups, care and levels, `basic_paid` always
/// given; sorted by person and by `seq`.
fn generated() -> Vec<Visit> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let groups = ["registered_poor", "dibao", "tekun", "severe_disability"];
    let mut visits = Vec::new();
    for p in 1..=60 {
        let person = format!("p{p:03}");
        let tier = rng.pick(&["", "resident", "student"]);
        let chosen: Vec<&str> = groups
            .iter()
            .copied()
            .filter(|_| rng.range(0, 4) == 0)
            .collect();
        let chosen = chosen.join(";");
        for seq in 1..=rng.range(1, 5) {
            let care = rng.pick(&["inpatient", "outpatient", "special_outpatient"]);
            let level = rng.pick(&["", "1", "2", "3"]);
            let top = match care {
                "inpatient" => 30_000_000,
                "special_outpatient" => 3_000_000,
                _ => 200_000,
            };
            let total = amount(rng.range(1, top), &mut rng);
            let t = fen_of(&total);
            let excluded = match rng.range(0, 2) {
                0 => String::new(),
                _ => amount(rng.range(0, t / 5), &mut rng),
            };
            let eligible = t - fen_of(if excluded.is_empty() { "0" } else { &excluded });
            let basic_paid = amount(rng.range(0, eligible * 7 / 10), &mut rng);
            visits.push(Visit::new(
                &person,
                seq,
                tier,
                &chosen,
                care,
                level,
                &total,
                &excluded,
                &basic_paid,
            ));
        }
    }
    visits
}

fn csv_file(visits: &[Visit]) -> String {
    let mut s = format!("{HEADER}\n");
    for v in visits {
        s.push_str(&v.csv());
        s.push('\n');
    }
    s
}

/// One way of giving the batch the same claims.
struct Given {
    what: &'static str,
    bytes: Vec<u8>,
    args: &'static [&'static str],
    /// Given on standard input (`-`).
    stdin: bool,
    /// Results written with `--out` instead of standard output.
    out: bool,
}

#[test]
fn the_same_claims_give_the_same_results_in_every_form_the_batch_accepts() {
    let visits = generated();
    assert!((60..=300).contains(&visits.len()));
    let sorted = csv_file(&visits);
    let reference = batch(sorted.as_bytes(), &[]);
    assert_eq!(reference.code, 0, "{}", reference.stderr);
    let summary = reference.summary().clone();
    assert_eq!(summary["error_count"], 0, "{summary}");
    assert_eq!(summary["persons"], 60, "{summary}");
    assert_eq!(summary["rows"], visits.len() as u64, "{summary}");
    let rows = reference.sorted_rows();
    assert_eq!(rows.len(), 60);
    // Each person's `total` is the sum of their visits' totals.
    for r in &rows {
        let mut f = r.split(',');
        let person = f.next().unwrap();
        let total = fen_of(f.next().unwrap());
        let sum: u64 = visits
            .iter()
            .filter(|v| v.person == person)
            .map(|v| fen_of(&v.total))
            .sum();
        assert_eq!(total, sum, "{r}");
    }

    // Shuffled (Fisher–Yates): persons' rows anywhere in the file.
    let mut shuffled = visits.clone();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for i in (1..shuffled.len()).rev() {
        let j = rng.range(0, i as u64) as usize;
        shuffled.swap(i, j);
    }
    // The results of a file not sorted by person come in the order of each person's last row
    // (docs/CONTRACT.md, "Results").
    let mut last: Vec<&str> = Vec::new();
    for v in shuffled.iter().rev() {
        if !last.contains(&v.person.as_str()) {
            last.push(&v.person);
        }
    }
    last.reverse();
    let shuffled = csv_file(&shuffled);
    assert_ne!(shuffled, sorted);
    let r = batch(shuffled.as_bytes(), &[]);
    let order: Vec<&str> = r
        .results
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(order, last, "persons in the order of their last row");

    // Extra columns, one with a quoted comma, and the columns in another order.
    let order = [
        "note",
        "basic_paid",
        "seq",
        "care",
        "hospital",
        "total",
        "person",
        "excluded",
        "level",
        "groups",
        "tier",
    ];
    let mut reordered = format!("{}\n", order.join(","));
    for (i, v) in visits.iter().enumerate() {
        let fields: Vec<String> = order
            .iter()
            .map(|c| match *c {
                "note" => format!("\"备注{i}, 含逗号\""),
                "hospital" => format!("医院{}", i % 7),
                c => v.get(c),
            })
            .collect();
        reordered.push_str(&fields.join(","));
        reordered.push('\n');
    }

    // JSON lines, with both spellings of `seq` and `groups`.
    let mut jsonl = String::new();
    for (i, v) in visits.iter().enumerate() {
        jsonl.push_str(&v.json(i % 2 == 1));
        jsonl.push('\n');
    }

    let plain = |what, bytes: &String| Given {
        what,
        bytes: bytes.clone().into_bytes(),
        args: &[],
        stdin: false,
        out: false,
    };
    let forms = [
        plain("shuffled", &shuffled),
        plain("with a byte-order mark", &format!("\u{feff}{sorted}")),
        plain("with CRLF line endings", &sorted.replace('\n', "\r\n")),
        plain("with extra columns in another order", &reordered),
        plain("as JSON lines", &jsonl),
        plain(
            "as JSON lines with a byte-order mark and CRLF",
            &format!("\u{feff}{}", jsonl.replace('\n', "\r\n")),
        ),
        Given {
            stdin: true,
            ..plain("from standard input", &sorted)
        },
        Given {
            stdin: true,
            ..plain("shuffled, from standard input", &shuffled)
        },
        Given {
            out: true,
            ..plain("written with --out", &sorted)
        },
        Given {
            args: &["--jobs", "1"],
            ..plain("with --jobs 1", &sorted)
        },
        Given {
            args: &["--jobs", "2"],
            ..plain("with --jobs 2", &sorted)
        },
        Given {
            args: &["--jobs", "2"],
            ..plain("shuffled, with --jobs 2", &shuffled)
        },
    ];
    for Given {
        what,
        bytes,
        args,
        stdin,
        out,
    } in forms
    {
        let r = batch_with(&bytes, args, stdin, out);
        assert_eq!(r.code, 0, "{what}: {}", r.stderr);
        assert_eq!(r.sorted_rows(), rows, "{what}: the results");
        assert_eq!(r.summary(), &summary, "{what}: the summary");
    }
}

// ------------------------------------------------------------------------------------ sets

#[test]
fn a_parameter_set_for_another_policy_is_refused_with_status_1_naming_both_policies() {
    let set = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/params-tianjin-2022.toml"
    );
    let claims = csv_file(&neighbours());
    for (flag, key) in [
        ("--params-set", "batch.set_other_policy"),
        ("--reform", "batch.reform_other_policy"),
    ] {
        let r = batch(claims.as_bytes(), &[flag, set]);
        assert_eq!(r.code, 1, "{flag}: {}", r.stderr);
        assert!(
            r.stderr.contains("“tianjin-2022”") && r.stderr.contains("“dongying-2020”"),
            "{flag}: names both policies: {}",
            r.stderr
        );
        // The catalogue's sentence for the key, with the example's agency.
        let template = messages::zh().template(key).unwrap();
        let before_agency = template.split('{').next().unwrap();
        assert!(
            r.stderr.starts_with(before_agency),
            "{flag}: {key}: {}",
            r.stderr
        );
        // Refused before anything is read: no results, no summary.
        assert!(r.results.is_empty(), "{flag}: {}", r.results);
        assert!(r.summary.is_none(), "{flag}");
    }

    // The same set with its own policy is used: the 高档 stay of tests/params_set.rs (400000
    // total, basic paid 50000) gets the set's 170000 of critical-illness insurance.
    let file = temp("tianjin.csv");
    std::fs::write(
        &file,
        format!("{HEADER}\nt1,1,high,,inpatient,3,400000,,50000\n"),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_yibao"))
        .args(["batch", "--policy", "tianjin-2022", "--params-set", set])
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let results = String::from_utf8(o.stdout).unwrap();
    let row = results.lines().nth(1).unwrap();
    assert_eq!(row.split(',').nth(3), Some("170000.00"), "{results}");
}
