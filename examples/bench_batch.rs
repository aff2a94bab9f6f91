//! The batch against the peers' benchmark (`../shared/bench/run_anchors.sh`, run first by
//! `./build.sh bench-batch`): Dongying 2020's critical-illness rule for the same million persons,
//! each a year whose in-policy burden after basic insurance is `costs_cents.bin` and 贫困人口
//! where `poor.bin` says so.
//!
//! In yibao's terms each person has one inpatient visit whose settlement slip says basic
//! insurance paid 0, so the critical-illness burden is the visit's cost; the poor are 低保对象.
//! The whole settlement runs (basic from the slip, critical illness, assistance, the year's
//! totals), through the same `FixedPlan::settle` as `yibao batch`, with plans resolved once per
//! person type. Every critical-illness payment is checked against `out_rust_cents.bin`, the
//! exact answers.
//!
//!     cargo run --release --example bench_batch -- WORKDIR [THREADS]
//!
//! With one thread (the default) it prints `yibao in-memory: …`; with more, only
//! `yibao in-memory, N threads: …`. `./build.sh bench-batch` runs both, the first pinned to the
//! CPU the peers ran on.

use std::time::Instant;
use yibao::fixed::{FixedPlan, FixedTotals, FixedVisit};

fn read_i64(path: &str) -> Vec<i64> {
    let raw = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    raw.chunks_exact(8)
        .map(|b| i64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
        .collect()
}

/// The plan of a Dongying 2020 resident with these groups, in integers.
fn plan(groups: &[&str]) -> FixedPlan {
    let sc = serde_json::json!({ "policy": "dongying-2020", "tier": "resident", "groups": groups });
    let input = yibao::parse_text(&sc.to_string()).expect("scenario");
    let s = yibao::scenario(&input).expect("scenario");
    let p = yibao::settle::plan(&s).expect("plan");
    FixedPlan::new(&p).expect("Dongying's plan fits integers")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let work = args.get(1).map_or(".", String::as_str);
    let threads: usize = args.get(2).and_then(|t| t.parse().ok()).unwrap_or(1);
    let costs = read_i64(&format!("{work}/costs_cents.bin"));
    let poor = std::fs::read(format!("{work}/poor.bin")).expect("poor.bin");
    let exact = read_i64(&format!("{work}/out_rust_cents.bin"));
    assert_eq!(costs.len(), poor.len());
    let n = costs.len();
    // Plans once per person type.
    let plans = [plan(&[]), plan(&["dibao"])];
    let visit = |c: i64| FixedVisit {
        care: 0,
        level: 3,
        total: c,
        excluded: 0,
        basic_paid: 0,
    };
    // Like the peers, each person's critical-illness payment is kept (8 bytes); the year's other
    // amounts go into the totals, as `yibao batch`'s summary sums them.
    let mut out = vec![0i64; n];
    let mut best = f64::INFINITY;
    let mut totals = FixedTotals::default();
    for run in 0..if threads > 1 { 0 } else { 3 } {
        let t = Instant::now();
        let mut sum = FixedTotals::default();
        // Persons grouped by type, as `yibao batch` groups each chunk: one plan's persons in one
        // tight loop, so the branches that depend on the plan are predicted. The grouping is
        // part of the time.
        let mut by_type: [Vec<u32>; 2] = [Vec::with_capacity(n), Vec::with_capacity(n / 4)];
        for (i, p) in poor.iter().enumerate() {
            by_type[usize::from(*p != 0)].push(i as u32);
        }
        for (plan, persons) in plans.iter().zip(&by_type) {
            for &i in persons {
                let i = i as usize;
                let y = plan.settle(&[visit(costs[i])]).unwrap_or_default();
                out[i] = y.critical;
                sum.total += y.total;
                sum.basic += y.basic;
                sum.assistance += y.assistance;
                sum.out_of_pocket += y.out_of_pocket;
            }
        }
        let dt = t.elapsed().as_secs_f64();
        let crit: i64 = out.iter().sum();
        eprintln!("run {run}: {dt:.4} s, checksum {crit}");
        best = best.min(dt);
        totals = sum;
    }
    if threads == 1 {
        eprintln!("totals {totals:?}");
        let wrong = out.iter().zip(&exact).filter(|(o, e)| *o != *e).count();
        println!(
            "yibao in-memory: n={n} best {best:.4}s = {:.0} persons/s; {wrong} of {n} differ from the exact answers",
            n as f64 / best
        );
        assert_eq!(wrong, 0, "the batch must be exact");
    } else {
        use rayon::prelude::*;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("threads");
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let t = Instant::now();
            pool.install(|| {
                out.par_chunks_mut(65_536)
                    .zip(costs.par_chunks(65_536).zip(poor.par_chunks(65_536)))
                    .for_each(|(o, (c, p))| {
                        for i in 0..o.len() {
                            let plan = &plans[usize::from(p[i] != 0)];
                            o[i] = plan.settle(&[visit(c[i])]).unwrap_or_default().critical;
                        }
                    })
            });
            best = best.min(t.elapsed().as_secs_f64());
        }
        let wrong = out.iter().zip(&exact).filter(|(o, e)| *o != *e).count();
        println!(
            "yibao in-memory, {threads} threads: n={n} best {best:.4}s = {:.0} persons/s; {wrong} of {n} differ from the exact answers",
            n as f64 / best
        );
        assert_eq!(wrong, 0, "the batch must be exact");
    }
    // The claims file for the end-to-end run, written once.
    let csv = format!("{work}/claims.csv");
    if std::fs::metadata(&csv).is_err() {
        let mut text = String::with_capacity(n * 48);
        text.push_str("person,seq,tier,groups,care,level,total,excluded,basic_paid\n");
        for i in 0..n {
            let c = costs[i];
            let groups = if poor[i] != 0 { "dibao" } else { "" };
            text.push_str(&format!(
                "p{i:07},1,resident,{groups},inpatient,3,{}.{:02},0,0\n",
                c / 100,
                c % 100
            ));
        }
        std::fs::write(&csv, text).expect("claims.csv");
    }
}
