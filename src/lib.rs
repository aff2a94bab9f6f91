//! # yibao: a residents' medical insurance estimator
//!
//! An exact, explained settlement of a year of medical costs under China's urban-rural residents'
//! basic medical insurance (城乡居民基本医疗保险): basic insurance (基本医保), critical-illness
//! insurance (大病保险) and medical assistance (医疗救助), with every figure traced to the clause of
//! the policy document it comes from.
//!
//! The rules are data (`data/policies/*.toml`, compiled by [`policy`]); the engine ([`settle`])
//! knows no region by name. Input and output follow `contract.md`: [`estimate`] takes a scenario
//! as JSON and returns the result JSON or an [`Error`] naming the field at fault.
//!
//! ```
//! let scenario = serde_json::json!({
//!     "policy": "tianjin-2022", "tier": "high",
//!     "visits": [{ "care": "outpatient", "level": 1, "total": "3000" }]
//! });
//! let result = yibao::estimate(&scenario).unwrap();
//! // 天津 门诊: (3000 − 600 年度起付标准) × 55% = 1320.
//! assert_eq!(result["basic"], "1320.00");
//! ```

pub mod error;
pub mod explain;
pub mod money;
pub mod policy;
pub mod registry;
pub mod scenario;
pub mod settle;

pub use error::{Error, ErrorCode};
pub use registry::registry;

use money::fmt_amount as amt;
use serde::Serialize;
use serde_json::Value;

/// The five amounts of one visit (contract.md, "Result").
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VisitOut {
    pub total: String,
    pub basic: String,
    pub critical: String,
    pub assistance: String,
    pub out_of_pocket: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ContributionOut {
    pub individual: String,
    pub subsidy: String,
}

/// The result document of contract.md.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Estimate {
    pub policy: String,
    pub total: String,
    pub basic: String,
    pub critical: String,
    pub assistance: String,
    pub out_of_pocket: String,
    pub visits: Vec<VisitOut>,
    pub contribution: ContributionOut,
    pub steps: Vec<explain::Step>,
    pub warnings: Vec<String>,
}

/// Settles a scenario given as a JSON value and returns the typed result.
pub fn estimate_typed(input: &Value) -> Result<Estimate, Error> {
    let reg = registry::registry();
    let sc = scenario::parse(input, reg)?;
    let plan = settle::plan(&sc)?;
    let s = settle::settle(sc.policy, &plan, &sc.visits)?;
    let (steps, warnings) = explain::explain(reg, &sc, &plan, &s);
    Ok(Estimate {
        policy: sc.policy.meta.id.clone(),
        total: amt(s.total),
        basic: amt(s.basic),
        critical: amt(s.critical),
        assistance: amt(s.assistance),
        out_of_pocket: amt(s.out_of_pocket),
        visits: s
            .visits
            .iter()
            .zip(&sc.visits)
            .map(|(c, v)| VisitOut {
                total: amt(v.total),
                basic: amt(c.basic),
                critical: amt(c.critical),
                assistance: amt(c.assistance),
                out_of_pocket: amt(c.out_of_pocket),
            })
            .collect(),
        contribution: ContributionOut {
            individual: amt(plan.contribution.individual),
            subsidy: amt(plan.contribution.subsidy),
        },
        steps,
        warnings,
    })
}

/// Settles a scenario given as a JSON value; the result is the contract's JSON document.
pub fn estimate(input: &Value) -> Result<Value, Error> {
    let e = estimate_typed(input)?;
    // Serialising plain strings and vectors cannot fail.
    Ok(serde_json::to_value(e).unwrap_or(Value::Null))
}

/// Settles a scenario given as JSON text and prints the result as pretty JSON, fields in the
/// contract's order.
pub fn estimate_text(input: &str) -> Result<String, Error> {
    let e = estimate_typed(&parse_json(input)?)?;
    Ok(serde_json::to_string_pretty(&e).unwrap_or_default())
}

/// Settles a scenario given as JSON text and returns the result as compact JSON text.
pub fn estimate_json(input: &str) -> Result<String, Error> {
    let e = estimate_typed(&parse_json(input)?)?;
    Ok(serde_json::to_string(&e).unwrap_or_default())
}

/// Settles a scenario given as JSON text.
pub fn estimate_str(input: &str) -> Result<Value, Error> {
    estimate(&parse_json(input)?)
}

fn parse_json(input: &str) -> Result<Value, Error> {
    serde_json::from_str(input).map_err(|e| {
        Error::new(
            ErrorCode::InvalidJson,
            "",
            format!(
                "输入不是有效的 JSON 数据（第{}行第{}列附近），请检查格式。",
                e.line(),
                e.column()
            ),
        )
    })
}

/// The plain-text explanation of a scenario, for a help-desk terminal.
pub fn explain_str(input: &str) -> Result<String, Error> {
    let e = estimate_typed(&parse_json(input)?)?;
    let mut out = format!(
        "合计：医疗总费用 {} 元 = 基本医保 {} + 大病保险 {} + 医疗救助 {} + 个人自付 {}\n年度缴费：个人 {} 元，财政补助 {} 元\n\n",
        e.total, e.basic, e.critical, e.assistance, e.out_of_pocket, e.contribution.individual, e.contribution.subsidy
    );
    out.push_str(&explain::to_text(&e.steps, &e.warnings));
    Ok(out)
}

/// The built-in policies (contract.md, `yibao policies`): id, name, year, tiers, groups and local
/// parameters, with the documents they rest on.
pub fn policies() -> Value {
    let reg = registry::registry();
    Value::Array(reg.policies.iter().map(|p| policy_info(reg, p)).collect())
}

fn policy_info(reg: &policy::Registry, p: &policy::Policy) -> Value {
    use serde_json::json;
    let f = &p.meta;
    let docs: Vec<Value> = f
        .documents
        .iter()
        .filter_map(|d| reg.document(d))
        .map(|d| json!({ "id": d.id, "title": d.title, "number": d.number, "date": d.date, "status": d.status }))
        .collect();
    let tiers: Vec<Value> = p
        .tiers
        .iter()
        .map(|t| {
            let individual = match t.individual.src {
                policy::Src::Lit(d) => amt(d),
                _ => String::new(),
            };
            let subsidy = match t.subsidy.src {
                policy::Src::Lit(d) => amt(d),
                _ => String::new(),
            };
            json!({
                "id": t.id, "name": t.name, "description": t.description,
                "benefit": p.benefits[t.benefit].id, "benefit_name": p.benefits[t.benefit].name,
                "individual": individual, "subsidy": subsidy,
            })
        })
        .collect();
    let groups: Vec<Value> = p
        .groups
        .iter()
        .map(|g| {
            let c = p.citation(g.cite);
            json!({
                "id": g.group.id(), "name": g.group.name(), "definition": g.definition,
                "citation": { "doc": c.doc, "clause": c.clause, "quote": c.quote },
            })
        })
        .collect();
    let params: Vec<Value> = p
        .params
        .iter()
        .map(|i| {
            let d = &i.def;
            let need = match i.need {
                policy::Need::Always => "always",
                policy::Need::WhenUsed => "when_used",
                policy::Need::Layer => "layer",
                policy::Need::Optional => "optional",
            };
            let mut v = json!({
                "id": d.id, "label": d.label, "meaning": d.meaning, "unit": d.unit,
                "required": i.need != policy::Need::Optional, "need": need, "layer": d.layer,
                "source": "文件未规定，由当地经办机构公布",
            });
            let o = v.as_object_mut().expect("object literal");
            if let Some(c) = &d.care {
                o.insert("care".into(), json!(c));
            }
            if let Some(l) = d.level {
                o.insert("level".into(), json!(l));
            }
            if !d.choices.is_empty() {
                o.insert(
                    "choices".into(),
                    json!(d
                        .choices
                        .iter()
                        .map(|c| json!({"value": c.value, "label": c.label}))
                        .collect::<Vec<_>>()),
                );
            }
            if let Some(w) = &d.when_absent {
                o.insert("when_absent".into(), json!(w));
            }
            v
        })
        .collect();
    let levels: Vec<Value> = policy::Care::ALL
        .iter()
        .map(|c| {
            let r = &p.basic[*c as usize];
            let per = r.deductible.per_level || r.ratio.iter().any(|l| l.per_level);
            json!({ "care": c.id(), "name": c.name(), "level_matters": per, "notes": r.notes })
        })
        .collect();
    json!({
        "id": f.id, "name": f.name, "region": f.region, "year": f.year,
        "summary": f.summary, "notes": f.notes, "documents": docs,
        "tiers": tiers, "groups": groups, "params": params, "care": levels,
    })
}
