//! # yibao: a residents' medical insurance estimator
//!
//! An exact, explained settlement of a year of medical costs under China's urban-rural residents'
//! basic medical insurance (城乡居民基本医疗保险): basic insurance (基本医保), critical-illness
//! insurance (大病保险) and medical assistance (医疗救助), with every figure traced to the clause of
//! the policy document it comes from.
//!
//! The rules are data (`data/policies/*.toml`, compiled by [`policy`]); the engine ([`settle`])
//! knows no region by name. Input and output follow `docs/CONTRACT.md`: [`estimate_json`] takes a
//! scenario as JSON text and returns the result JSON or an [`Error`] naming the field at fault.
//!
//! ```
//! let scenario = r#"{ "policy": "tianjin-2022", "tier": "high",
//!     "visits": [{ "care": "outpatient", "level": 1, "total": "3000" }] }"#;
//! let result = yibao::estimate_typed(&yibao::parse_json(scenario).unwrap()).unwrap();
//! // 天津 门诊: (3000 − 600 年度起付标准) × 55% = 1320.
//! assert_eq!(result.basic, "1320.00");
//! ```

pub mod error;
pub mod explain;
pub mod json;
pub mod money;
pub mod policy;
pub mod registry;
pub mod scenario;
pub mod settle;

pub use error::{Error, ErrorCode};
pub use json::Json;
pub use registry::registry;

use json::ObjBuilder;
use money::fmt_amount as amt;

/// The five amounts of one visit (docs/CONTRACT.md, "Result").
#[derive(Debug, Clone, PartialEq)]
pub struct VisitOut {
    pub total: String,
    pub basic: String,
    pub critical: String,
    pub assistance: String,
    pub out_of_pocket: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContributionOut {
    pub individual: String,
    pub subsidy: String,
    /// The document gives the subsidy as a floor ("不低于"), so `subsidy` is the least amount
    /// (docs/CONTRACT.md).
    pub subsidy_is_minimum: bool,
}

/// The result document of docs/CONTRACT.md.
#[derive(Debug, Clone, PartialEq)]
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
    /// The amounts that are bounds rather than exact figures, and why (docs/CONTRACT.md).
    pub bounds: Vec<explain::Bound>,
}

impl Estimate {
    /// The result document, fields in the contract's order.
    pub fn to_json(&self) -> Json {
        let five = |b: ObjBuilder, t: &str, ba: &str, c: &str, a: &str, o: &str| {
            b.set("total", t)
                .set("basic", ba)
                .set("critical", c)
                .set("assistance", a)
                .set("out_of_pocket", o)
        };
        let visits = self
            .visits
            .iter()
            .map(|v| {
                five(
                    ObjBuilder::new(),
                    &v.total,
                    &v.basic,
                    &v.critical,
                    &v.assistance,
                    &v.out_of_pocket,
                )
                .build()
            })
            .collect();
        five(
            ObjBuilder::new().set("policy", self.policy.as_str()),
            &self.total,
            &self.basic,
            &self.critical,
            &self.assistance,
            &self.out_of_pocket,
        )
        .set("visits", Json::Arr(visits))
        .set(
            "contribution",
            ObjBuilder::new()
                .set("individual", self.contribution.individual.as_str())
                .set("subsidy", self.contribution.subsidy.as_str())
                .set("subsidy_is_minimum", self.contribution.subsidy_is_minimum)
                .build(),
        )
        .set(
            "steps",
            Json::Arr(self.steps.iter().map(explain::Step::to_json).collect()),
        )
        .set("warnings", self.warnings.clone())
        .set(
            "bounds",
            Json::Obj(
                self.bounds
                    .iter()
                    .map(|b| {
                        (
                            b.amount.to_string(),
                            ObjBuilder::new()
                                .set("kind", b.kind)
                                .set("label", b.label)
                                .set("reasons", b.reasons.clone())
                                .build(),
                        )
                    })
                    .collect(),
            ),
        )
        .build()
    }
}

/// Reads JSON text, or says where it stops being JSON.
pub fn parse_json(input: &str) -> Result<Json, Error> {
    Json::parse(input).map_err(|e| {
        Error::new(
            ErrorCode::InvalidJson,
            "",
            format!(
                "输入不是有效的 JSON 数据（第{}行第{}列附近），请检查格式。",
                e.line, e.column
            ),
        )
    })
}

/// Settles a parsed scenario and returns the typed result.
pub fn estimate_typed(input: &Json) -> Result<Estimate, Error> {
    let reg = registry();
    let sc = scenario::parse(input, reg)?;
    let (plan, s) = settle::run(&sc)?;
    let explain::Explanation {
        steps,
        warnings,
        bounds,
    } = explain::explain(reg, &sc, &plan, &s);
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
            subsidy_is_minimum: sc.policy.tiers[plan.contribution.tier].subsidy.minimum,
        },
        steps,
        warnings,
        bounds,
    })
}

/// Settles a scenario given as JSON text; the result as compact JSON text (the wasm binding).
pub fn estimate_json(input: &str) -> Result<String, Error> {
    Ok(estimate_typed(&parse_json(input)?)?.to_json().to_text())
}

/// Settles a scenario given as JSON text; the result as indented JSON text (the CLI).
pub fn estimate_text(input: &str) -> Result<String, Error> {
    Ok(estimate_typed(&parse_json(input)?)?.to_json().to_pretty())
}

/// The plain-text explanation of a scenario, for a help-desk terminal.
pub fn explain_str(input: &str) -> Result<String, Error> {
    let e = estimate_typed(&parse_json(input)?)?;
    let bound = |k: &str| {
        e.bounds
            .iter()
            .find(|b| b.amount == k)
            .map(|b| format!("{} ", b.label))
            .unwrap_or_default()
    };
    let mut out = format!(
        "合计：医疗总费用 {} 元 = 基本医保 {} + 大病保险 {}{} + 医疗救助 {}{} + 个人自付 {}{}\n年度缴费：个人 {} 元，财政补助{} {} 元\n",
        e.total,
        e.basic,
        bound("critical"),
        e.critical,
        bound("assistance"),
        e.assistance,
        bound("out_of_pocket"),
        e.out_of_pocket,
        e.contribution.individual,
        if e.contribution.subsidy_is_minimum { "不低于" } else { "" },
        e.contribution.subsidy
    );
    for b in &e.bounds {
        out.push_str(&format!(
            "注：{}{} {} 元：{}。\n",
            explain::amount_name(b.amount),
            b.label,
            match b.amount {
                "critical" => &e.critical,
                "assistance" => &e.assistance,
                _ => &e.out_of_pocket,
            },
            b.reasons.join("；")
        ));
    }
    out.push('\n');
    out.push_str(&explain::to_text(&e.steps, &e.warnings));
    Ok(out)
}

/// Convenience for Rust callers and tests that hold `serde_json` values. The CLI and the
/// WebAssembly do not use it (see `json.rs` for why).
#[cfg(feature = "serde_json")]
mod with_serde_json {
    use super::*;

    fn back(text: String) -> serde_json::Value {
        // Our own writer produced the text, so it is valid JSON.
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
    }

    /// Settles a scenario given as a `serde_json` value; the result is the contract's document.
    pub fn estimate(input: &serde_json::Value) -> Result<serde_json::Value, Error> {
        estimate_str(&input.to_string())
    }

    /// Settles a scenario given as JSON text; the result as a `serde_json` value.
    pub fn estimate_str(input: &str) -> Result<serde_json::Value, Error> {
        estimate_json(input).map(back)
    }

    /// The built-in policies as a `serde_json` value.
    pub fn policies() -> serde_json::Value {
        back(policies_json().to_text())
    }
}

#[cfg(feature = "serde_json")]
pub use with_serde_json::{estimate, estimate_str, policies};

/// The built-in policies (docs/CONTRACT.md, `yibao policies`): id, name, year, tiers, groups and local
/// parameters, with the documents they rest on.
pub fn policies_json() -> Json {
    let reg = registry();
    Json::Arr(reg.policies.iter().map(|p| policy_info(reg, p)).collect())
}

fn policy_info(reg: &policy::Registry, p: &policy::Policy) -> Json {
    let f = &p.meta;
    let lit = |v: policy::CVal| match v.src {
        policy::Src::Lit(d) => amt(d),
        _ => String::new(),
    };
    let cite_of = |i: policy::CiteIdx| {
        let c = p.citation(i);
        ObjBuilder::new()
            .set("doc", c.doc.as_str())
            .set("clause", c.clause.as_str())
            .set("quote", c.quote.as_str())
            .build()
    };
    let docs: Vec<Json> = f
        .documents
        .iter()
        .filter_map(|d| reg.document(d))
        .map(|d| {
            ObjBuilder::new()
                .set("id", d.id.as_str())
                .set("title", d.title.as_str())
                .set("number", d.number.as_str())
                .set("date", d.date.as_str())
                .set("status", d.status.as_str())
                .build()
        })
        .collect();
    let tiers: Vec<Json> = p
        .tiers
        .iter()
        .map(|t| {
            ObjBuilder::new()
                .set("id", t.id.as_str())
                .set("name", t.name.as_str())
                .set("description", t.description.as_str())
                .set("benefit", p.benefits[t.benefit].id.as_str())
                .set("benefit_name", p.benefits[t.benefit].name.as_str())
                .set("individual", lit(t.individual))
                .set("individual_is_minimum", t.individual.minimum)
                .set("subsidy", lit(t.subsidy))
                .set("subsidy_is_minimum", t.subsidy.minimum)
                .set(
                    "subsidy_citations",
                    Json::Arr(t.subsidy.cites().map(cite_of).collect()),
                )
                .build()
        })
        .collect();
    let groups: Vec<Json> = p
        .groups
        .iter()
        .map(|g| {
            let c = p.citation(g.cite);
            ObjBuilder::new()
                .set("id", g.group.id())
                .set("name", g.group.name())
                .set("definition", g.definition.as_str())
                .set(
                    "citation",
                    ObjBuilder::new()
                        .set("doc", c.doc.as_str())
                        .set("clause", c.clause.as_str())
                        .set("quote", c.quote.as_str())
                        .build(),
                )
                .build()
        })
        .collect();
    let params: Vec<Json> = p
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
            let fallback = i.fallback.map(|k| d.choices[k].value.clone());
            let choices = (!d.choices.is_empty()).then(|| {
                Json::Arr(
                    d.choices
                        .iter()
                        .map(|c| {
                            ObjBuilder::new()
                                .set("value", c.value.as_str())
                                .set("label", c.label.as_str())
                                .build()
                        })
                        .collect(),
                )
            });
            // The identity group a parameter belongs to (an assistance ratio, a contribution
            // aid), so a form can show it only to people in that group.
            let idx = p.param_index(&d.id);
            let is_param =
                |v: policy::CVal| matches!(v.src, policy::Src::Param(j, _) if Some(j) == idx);
            let group = p
                .assistance
                .groups
                .iter()
                .find(|(_, v)| is_param(*v))
                .map(|(g, _)| *g)
                .or_else(|| {
                    p.groups
                        .iter()
                        .find(|g| matches!(g.aid, Some(policy::Aid::Param(j, _)) if Some(j) == idx))
                        .map(|g| g.group)
                });
            ObjBuilder::new()
                .set("id", d.id.as_str())
                .set("label", d.label.as_str())
                .set("meaning", d.meaning.as_str())
                .set("unit", i.unit.as_str())
                .set("required", i.need != policy::Need::Optional)
                .set("need", need)
                .set("layer", d.layer.as_str())
                .set("source", "文件未规定，由当地经办机构公布")
                .opt("care", d.care.clone())
                .opt("group", group.map(|g| g.id()))
                .opt("level", d.level.map(u64::from))
                .opt("choices", choices)
                .opt("when_absent", d.when_absent.clone())
                .opt("fallback", fallback)
                .opt("accepts_none", d.accepts_none.then_some(true))
                .opt("part_of", d.part_of.clone())
                .build()
        })
        .collect();
    let care: Vec<Json> = policy::Care::ALL
        .iter()
        .map(|c| {
            let r = &p.basic[*c as usize];
            let per = r.deductible.per_level || r.ratio.iter().any(|l| l.per_level);
            ObjBuilder::new()
                .set("care", c.id())
                .set("name", c.name())
                .set("level_matters", per)
                .set("notes", r.notes.clone())
                .build()
        })
        .collect();
    ObjBuilder::new()
        .set("id", f.id.as_str())
        .set("name", f.name.as_str())
        .set("region", f.region.as_str())
        .set("year", u64::from(f.year))
        .set("summary", f.summary.as_str())
        .set("notes", f.notes.clone())
        .set("documents", Json::Arr(docs))
        .set("tiers", Json::Arr(tiers))
        .set("groups", Json::Arr(groups))
        .set("params", Json::Arr(params))
        .set("care", Json::Arr(care))
        .build()
}
