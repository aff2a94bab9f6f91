//! # yibao: a residents' medical insurance estimator
//!
//! An exact, explained settlement of a year of medical costs under China's urban-rural residents'
//! basic medical insurance (城乡居民基本医疗保险): basic insurance (基本医保), critical-illness
//! insurance (大病保险) and medical assistance (医疗救助), with every figure traced to the clause of
//! the policy document it comes from.
//!
//! The rules are data (`data/policies/*.toml`, compiled by `yibao-compile` and baked into the
//! binary); the engine ([`settle`]) knows no region by name. Input and output follow
//! `docs/CONTRACT.md`: a scenario goes in as an [`Input`] tree (from JSON text or a JS object), the
//! result comes out as an [`Estimate`] (serde-serialisable) or an [`Error`] naming the field at
//! fault. Every sentence is worded from a [`Catalogue`]: Chinese by default, English on request.
//!
//! ```
//! let scenario = r#"{ "policy": "tianjin-2022", "tier": "high",
//!     "visits": [{ "care": "outpatient", "level": 1, "total": "3000" }] }"#;
//! let result = yibao::estimate_text(scenario, yibao::messages::zh()).unwrap();
//! // 天津 门诊: (3000 − 600 年度起付标准) × 55% = 1320.
//! assert_eq!(result.amounts.basic.to_string(), "1320.00");
//! ```

#![warn(missing_docs)]

// The baked policies and catalogues (build.rs) name `alloc::borrow::Cow`.
extern crate alloc;

#[cfg(feature = "agency")]
pub mod agency;
#[cfg(feature = "batch")]
pub mod batch;
// The tier comparison and the cost curve read an agency's set like `estimate`; the resident's
// page build, which has no sets, leaves both out (the page computes them with the full engine).
#[cfg(feature = "sets")]
pub mod compare;
#[cfg(feature = "sets")]
pub mod curve;
mod error;
mod explain;
#[cfg(feature = "sets")]
pub mod file_error;
#[cfg(feature = "batch")]
pub mod fixed;
pub mod input;
pub mod messages;
mod needs;
pub mod output;
#[cfg(feature = "sets")]
pub mod params_set;
#[cfg(feature = "agency")]
pub mod policy_file;
mod registry;
mod scenario;
pub mod settle;

pub use error::{Error, ErrorCode, ErrorDocument, MissingField, PathPart};
pub use input::Input;
pub use messages::Catalogue;
pub use output::{Amount, Amounts, ErrorOut, Estimate, PolicyInfo};
pub use registry::registry;
pub use scenario::{Scenario, Visit, MAX_BANDS, MAX_VISITS};
/// The compiled policy types.
pub use yibao_rules as rules;

#[cfg(feature = "steps")]
use messages::{Arg, Message};
use output::{Contribution, Parts};
use rust_decimal::Decimal;

/// Reads and validates a scenario against the built-in policies (for callers that settle many
/// scenarios with [`settle`] directly).
pub fn scenario(input: &Input) -> Result<Scenario<'static>, Error> {
    scenario::parse(input, registry()).map_err(|e| e.render(messages::zh()))
}

/// Settles a scenario given as an input tree, worded in `cat`'s language.
pub fn estimate_input(input: &Input, cat: &Catalogue) -> Result<Estimate, ErrorOut> {
    settle_input(registry(), input, cat, None)
}

/// Settles a scenario with an agency's parameter set: the set's values fill the parameters the
/// scenario leaves out, and each step that uses one cites the agency's document
/// (docs/CONTRACT.md, "Parameter sets"). A set for another policy is not used, and a warning says
/// so.
#[cfg(feature = "sets")]
pub fn estimate_with_set(
    input: &Input,
    set: Option<&params_set::ParamSet>,
    cat: &Catalogue,
) -> Result<Estimate, ErrorOut> {
    estimate_in(registry(), input, set, cat)
}

/// [`estimate_with_set`] against a registry of policies other than the built-in one: the
/// built-in policies together with policy files loaded at run time (see `agency`).
#[cfg(feature = "sets")]
pub fn estimate_in(
    reg: &yibao_rules::Registry,
    input: &Input,
    set: Option<&params_set::ParamSet>,
    cat: &Catalogue,
) -> Result<Estimate, ErrorOut> {
    let Some(set) = set else {
        return settle_input(reg, input, cat, None);
    };
    let merged = set.merge(input);
    let Some(policy) = merged.as_ref().and_then(|m| scenario::policy_of(m, reg)) else {
        // Not an object, or a set for another policy: the scenario as it is, with a warning
        // when it names a policy the set is not for.
        let mut result = settle_input(reg, input, cat, None);
        if let Ok(e) = &mut result {
            params_set::warn_other_policy(e, set, cat);
        }
        return result;
    };
    let origins = params_set::origins(policy, input, Some(set));
    let annotate = |_: &yibao_rules::Policy, x: &mut explain::Explanation| {
        params_set::annotate_steps(x, policy, &origins)
    };
    let mut result = settle_input(reg, merged.as_ref().unwrap_or(input), cat, Some(&annotate));
    match &mut result {
        Ok(e) => {
            params_set::annotate_needs(&mut e.needs, policy, &origins);
            params_set::add_citations(e, policy, &origins);
        }
        Err(e) => params_set::annotate_needs(&mut e.needs, policy, &origins),
    }
    result
}

/// What may add to an explanation before it is worded (an agency's citations).
type Annotate<'a> = dyn Fn(&yibao_rules::Policy, &mut explain::Explanation) + 'a;

/// Settles `input` (the scenario, with an agency's values merged in if any); `annotate` may add
/// to the explanation before it is worded (an agency's citations).
fn settle_input(
    reg: &yibao_rules::Registry,
    input: &Input,
    cat: &Catalogue,
    annotate: Option<&Annotate<'_>>,
) -> Result<Estimate, ErrorOut> {
    let fail = |e: Error| ErrorOut {
        needs: scenario::policy_of(input, reg)
            .map(|p| output::needs_out(cat, p, &needs::needs(p, input)))
            .unwrap_or_default(),
        error: Box::new(e.render(cat)),
    };
    if input.depth() > input::MAX_DEPTH {
        return Err(fail(Error::too_deep()));
    }
    let sc = scenario::parse(input, reg).map_err(fail)?;
    let (plan, s) = settle::run(&sc).map_err(fail)?;
    let mut explanation = explain::explain(reg, &sc, &plan, &s);
    if let Some(annotate) = annotate {
        annotate(sc.policy, &mut explanation);
    }
    let five = |t: Decimal, b: Decimal, c: Decimal, a: Decimal, o: Decimal| Amounts {
        total: Amount(t),
        basic: Amount(b),
        critical: Amount(c),
        assistance: Amount(a),
        out_of_pocket: Amount(o),
    };
    Ok(output::estimate(
        cat,
        Parts {
            reg,
            policy: sc.policy,
            amounts: five(s.total, s.basic, s.critical, s.assistance, s.out_of_pocket),
            visits: s
                .visits
                .iter()
                .zip(&sc.visits)
                .map(|(r, v)| five(v.total, r.basic, r.critical, r.assistance, r.out_of_pocket))
                .collect(),
            contribution: Contribution {
                individual: Amount(plan.contribution.individual),
                subsidy: Amount(plan.contribution.subsidy),
                subsidy_is_minimum: sc.policy.tiers[plan.contribution.tier].subsidy.minimum,
            },
            explanation,
            needs: needs::needs(sc.policy, input),
        },
    ))
}

/// Reads JSON text into an input tree, or the `invalid_json` error with its line and column.
#[cfg(feature = "text")]
pub fn parse_text(text: &str) -> Result<Input, Error> {
    input::from_text(text).map_err(|(line, column)| Error::invalid_json(line, column))
}

/// Settles a scenario given as JSON text, worded in `cat`'s language.
#[cfg(feature = "text")]
pub fn estimate_text(text: &str, cat: &Catalogue) -> Result<Estimate, ErrorOut> {
    let input = parse_text(text).map_err(|e| ErrorOut {
        error: Box::new(e.render(cat)),
        needs: Vec::new(),
    })?;
    estimate_input(&input, cat)
}

/// The plain-text explanation of a settled scenario, for a help-desk terminal.
#[cfg(feature = "steps")]
pub fn explain_text(e: &Estimate, cat: &Catalogue) -> String {
    let bounded = |k: &'static str, a: Amount| -> Arg {
        match e.bounds.0.iter().find(|(n, _)| n == k) {
            Some((_, b)) => Message::new("explain.bounded")
                .arg("label", Arg::Raw(b.label.clone()))
                .arg("amount", Arg::Amount(a.0))
                .into(),
            None => Arg::Amount(a.0),
        }
    };
    let a = &e.amounts;
    let mut out = cat.render(
        &Message::new("explain.summary")
            .arg("total", Arg::Amount(a.total.0))
            .arg("basic", Arg::Amount(a.basic.0))
            .arg("critical", bounded("critical", a.critical))
            .arg("assistance", bounded("assistance", a.assistance))
            .arg("out_of_pocket", bounded("out_of_pocket", a.out_of_pocket)),
    );
    out.push('\n');
    let subsidy = if e.contribution.subsidy_is_minimum {
        Message::new("contribution.subsidy_minimum")
    } else {
        Message::new("contribution.subsidy")
    }
    .arg("subsidy", Arg::Amount(e.contribution.subsidy.0));
    out.push_str(
        &cat.render(
            &Message::new("explain.contribution")
                .arg("individual", Arg::Amount(e.contribution.individual.0))
                .arg("subsidy", subsidy),
        ),
    );
    out.push('\n');
    for (k, b) in &e.bounds.0 {
        let value = match k.as_str() {
            "critical" => a.critical,
            "assistance" => a.assistance,
            _ => a.out_of_pocket,
        };
        out.push_str(
            &cat.render(
                &Message::new("explain.bound_note")
                    .arg("name", Arg::Name(explain::amount_key(k)))
                    .arg("label", Arg::Raw(b.label.clone()))
                    .arg("amount", Arg::Amount(value.0))
                    .arg(
                        "reasons",
                        Arg::List(b.reasons.iter().cloned().map(Arg::Raw).collect()),
                    ),
            ),
        );
        out.push('\n');
    }
    out.push('\n');
    for (n, s) in e.steps.iter().enumerate() {
        out.push_str(
            &cat.render(
                &Message::new("explain.step")
                    .arg("n", Arg::Count(n as u64 + 1))
                    .arg("layer", Arg::Name(explain::layer_key(s.layer)))
                    .arg("title", Arg::Raw(s.title.clone())),
            ),
        );
        out.push_str("\n   ");
        out.push_str(&s.arithmetic);
        out.push('\n');
        if let Some(amount) = s.amount {
            out.push_str("   ");
            out.push_str(
                &cat.render(&Message::new("explain.amount").arg("amount", Arg::Amount(amount.0))),
            );
            out.push('\n');
        }
        for id in &s.citations {
            let Some((_, c)) = e.citations.0.iter().find(|(k, _)| k == id) else {
                continue;
            };
            let m = if c.number.is_empty() {
                Message::new("explain.citation_no_number")
            } else {
                Message::new("explain.citation").arg("number", Arg::Raw(c.number.clone()))
            }
            .arg("document", Arg::Raw(c.document.clone()))
            .arg("clause", Arg::Raw(c.clause.clone()))
            .arg("quote", Arg::Raw(c.quote.clone()));
            out.push_str("   ");
            out.push_str(&cat.render(&m));
            out.push('\n');
        }
        for note in &s.notes {
            out.push_str("   ");
            out.push_str(
                &cat.render(&Message::new("explain.note").arg("note", Arg::Raw(note.clone()))),
            );
            out.push('\n');
        }
    }
    if !e.warnings.is_empty() {
        out.push('\n');
        out.push_str(&cat.render(&Message::new("explain.warnings")));
        out.push('\n');
        for w in &e.warnings {
            out.push_str("  ");
            out.push_str(
                &cat.render(&Message::new("explain.warning").arg("warning", Arg::Raw(w.clone()))),
            );
            out.push('\n');
        }
    }
    out
}

/// The built-in policies in `cat`'s language (docs/CONTRACT.md, `yibao policies`).
pub fn policies(cat: &Catalogue) -> Vec<PolicyInfo> {
    output::policies(cat, registry())
}

/// The policies of a registry other than the built-in one (built-in and loaded policies).
#[cfg(feature = "agency")]
pub fn policies_in(reg: &yibao_rules::Registry, cat: &Catalogue) -> Vec<PolicyInfo> {
    output::policies(cat, reg)
}

/// Convenience for Rust callers and the tests that hold `serde_json` values: Chinese wording,
/// the contract's documents as values.
#[cfg(feature = "text")]
mod with_serde_json {
    use super::*;

    /// Settles a scenario given as a `serde_json` value; the result is the contract's document.
    pub fn estimate(input: &serde_json::Value) -> Result<serde_json::Value, Error> {
        estimate_str(&input.to_string())
    }

    /// Settles a scenario given as JSON text; the result as a `serde_json` value.
    pub fn estimate_str(input: &str) -> Result<serde_json::Value, Error> {
        estimate_text(input, messages::zh())
            .map(|e| serde_json::to_value(e).unwrap_or(serde_json::Value::Null))
            .map_err(|e| *e.error)
    }

    /// The built-in policies as a `serde_json` value.
    pub fn policies_value() -> serde_json::Value {
        serde_json::to_value(policies(messages::zh())).unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(feature = "text")]
pub use with_serde_json::{estimate, estimate_str, policies_value};
