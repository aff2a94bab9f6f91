//! Settlements per second. Run: `cargo bench --bench settle`.
//!
//! `settle/*` measures the settlement itself: the year's visits through the three layers, for a
//! person whose policy has been resolved (`plan`), which is what an agency batch or the page's
//! live update repeats. `estimate/*` measures the whole public call for comparison: JSON parsing
//! and validation, planning, settlement, the explanation's steps and the result JSON text, as
//! the CLI and the page call it.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::json;
use std::hint::black_box;

fn tianjin_year() -> serde_json::Value {
    let levels = [1, 2, 3, 1, 2, 3, 1, 2, 3, 1];
    let visits: Vec<_> = levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i % 3 == 2 {
                json!({ "care": "inpatient", "level": l, "total": format!("{}", 20000 + i * 1337), "excluded": "1500.50" })
            } else {
                json!({ "care": "outpatient", "level": l, "total": format!("{}.{}", 400 + i * 97, i), "excluded": "20" })
            }
        })
        .collect();
    json!({
        "policy": "tianjin-2022", "tier": "low", "groups": ["assistance"],
        "params": {
            "inpatient_deductible_l1": "500", "inpatient_deductible_l2": "800", "inpatient_deductible_l3": "1000",
            "inpatient_deductible_mode": "per_visit", "inpatient_cap": "180000",
            "critical_deductible": "20000", "critical_ratio": "0.6",
            "assistance_ratio_assistance": "0.7", "assistance_deductible": "0", "assistance_annual_limit": "30000"
        },
        "visits": visits,
    })
}

fn dongying_critical() -> serde_json::Value {
    json!({ "policy": "dongying-2020", "groups": ["dibao"],
            "visits": [{ "care": "inpatient", "level": 3, "total": "260000", "excluded": "30000", "basic_paid": "95000" }] })
}

fn bench(c: &mut Criterion) {
    for (name, s) in [
        ("tianjin_10_visits", tianjin_year()),
        ("dongying_1_visit_critical", dongying_critical()),
    ] {
        let parsed = yibao::parse_text(&s.to_string()).unwrap();
        let sc = yibao::scenario(&parsed).unwrap();
        let plan = yibao::settle::plan(&sc).unwrap();
        let mut g = c.benchmark_group("settle");
        g.throughput(Throughput::Elements(1));
        g.bench_function(name, |b| {
            b.iter(|| {
                yibao::settle::settle(sc.policy, black_box(&plan), black_box(&sc.visits)).unwrap()
            })
        });
        g.finish();
        let mut g = c.benchmark_group("estimate");
        g.throughput(Throughput::Elements(1));
        let text = s.to_string();
        g.bench_function(name, |b| {
            b.iter(|| {
                let e = yibao::estimate_text(black_box(&text), yibao::messages::zh()).unwrap();
                serde_json::to_string(&e).unwrap()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
