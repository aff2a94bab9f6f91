//! The explanation: the result's steps, warnings and bounds, as messages (keys and typed
//! arguments) that the catalogue words in a language.
//!
//! Each step names its layer, shows its arithmetic with the actual numbers, and cites the
//! sentences it applies, so a help-desk worker can trace every figure. Every visit gets one step
//! per layer, carrying that layer's payment as `amount`, so the steps' amounts add up to the
//! result's totals (checked by tests). The numbers come from what [`crate::settle`] recorded for
//! each visit: nothing here computes a payment, a band or a cap.

use crate::messages::{param as param_arg, text, Arg, Message};
use crate::scenario::{Scenario, Visit};
use crate::settle::{
    AssistancePlan, AssistanceRecord, BasicRecord, CriticalPlan, CriticalRecord, DeductibleOrigin,
    Off, Plan, Settlement, VisitRecord,
};
use rust_decimal::Decimal;
use yibao_rules::{
    Aid, Assumption, CiteIdx, Layer, Mode, Need, ParamIdx, Policy, Registry, TiltKind, Value,
};

/// One step of the explanation, before it is worded.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// `policy`, `enrolment`, `contribution`, `basic`, `critical` or `assistance`.
    pub layer: &'static str,
    /// The visit's index in input order, for per-visit steps.
    pub visit: Option<usize>,
    /// The step's title.
    pub title: Message,
    /// The arithmetic, with the actual numbers.
    pub arithmetic: Message,
    /// The payment this step contributes to its layer's total, for per-visit layer steps.
    pub amount: Option<Decimal>,
    /// The sentences it applies (indices into the policy's citations), each once.
    pub citations: Vec<CiteIdx>,
    /// Caveats.
    pub notes: Vec<Message>,
    /// The local parameters whose values come from an agency's parameter set (their citations
    /// follow the document's).
    #[cfg(feature = "sets")]
    pub agency: Vec<ParamIdx>,
}

/// One amount of the result that is not exact, and why (docs/CONTRACT.md, `bounds`).
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// `critical`, `assistance` or `out_of_pocket`.
    pub amount: &'static str,
    /// `at_most`, `at_least` or `approximate` (both reasons at once).
    pub kind: &'static str,
    /// Why.
    pub reasons: Vec<Message>,
}

/// What the explanation says about a scenario, beside the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The steps.
    pub steps: Vec<Step>,
    /// What the estimate could not include, and what it assumes.
    pub warnings: Vec<Message>,
    /// The amounts that are bounds.
    pub bounds: Vec<Bound>,
}

struct Explainer<'a> {
    policy: &'a Policy,
    steps: Vec<Step>,
    critical_noted: bool,
    assistance_noted: bool,
}

impl Explainer<'_> {
    fn push(
        &mut self,
        (layer, visit): (&'static str, Option<usize>),
        title: Message,
        arithmetic: Message,
        amount: Option<Decimal>,
        cites: &[CiteIdx],
        notes: Vec<Message>,
    ) {
        let mut citations: Vec<CiteIdx> = Vec::new();
        for &c in cites {
            if !citations.contains(&c) {
                citations.push(c);
            }
        }
        self.steps.push(Step {
            layer,
            visit,
            title,
            arithmetic,
            amount,
            citations,
            notes,
            #[cfg(feature = "sets")]
            agency: Vec::new(),
        });
    }
}

/// "（当地参数）" after a local value, nothing after a document's.
fn tag(v: Value) -> Message {
    Message::new(if v.param().is_some() {
        "tag.local"
    } else {
        "tag.none"
    })
}

/// The note every step that uses a local value carries.
fn local_note(p: &Policy, i: ParamIdx) -> Message {
    Message::new("note.local_param").arg("param", param_arg(&p.params[i]))
}

/// An assumption as a warning: its text, then the sentences it rests on, quoted.
fn assumption_warning(reg: &Registry, p: &Policy, a: &Assumption) -> Message {
    let mut last_closes = false;
    let quotes = a
        .cites
        .iter()
        .map(|&i| {
            let c = p.citation(i);
            let doc = reg.document(&c.doc);
            let title = doc.map_or(c.doc.to_string(), |d| ["《", &d.title, "》"].concat());
            // By its 文号 where it has one, else by its title.
            let short = match doc {
                Some(d) if !d.number.is_empty() => d.number.to_string(),
                _ => title.clone(),
            };
            last_closes = c.quote.ends_with('。');
            Message::new("quote.ref")
                .arg("doc", Arg::Raw(short))
                .arg("title", Arg::Raw(title))
                .arg("clause", Arg::Clause(c.clause.clone()))
                .arg("quote", Arg::Raw(c.quote.to_string()))
                .into()
        })
        .collect();
    // A quote that ends its sentence already closes the warning.
    let end = Message::new(if last_closes { "tag.none" } else { "sep.end" });
    Message::new("warning.assumption")
        .arg("text", Arg::Text(a.text.clone()))
        .arg("quotes", Arg::Series(quotes))
        .arg("end", end)
}

/// Which amounts are bounds rather than exact figures.
///
/// * The critical-illness cap is a local parameter that was not given, and the layer pays
///   something: the payment is computed without a cap, so it is at most this (and what the
///   person pays is at least this).
/// * The scope fell back on inpatient care only, and a visit outside it left an in-policy burden:
///   counting it could only raise the payment, so it is at least this.
///
/// Assistance works on what is left after critical illness, so it moves the other way, and so
/// does out-of-pocket. When both reasons hold, the direction is unknown: `approximate`.
fn bounds(plan: &Plan, s: &Settlement, scope_excluded: bool) -> Vec<Bound> {
    let CriticalPlan::On { cap_absent, .. } = &plan.critical else {
        return Vec::new();
    };
    let upper = *cap_absent && s.critical > Decimal::ZERO;
    let lower = scope_excluded;
    let (kind, rev) = match (upper, lower) {
        (false, false) => return Vec::new(),
        (true, false) => ("at_most", "at_least"),
        (false, true) => ("at_least", "at_most"),
        (true, true) => ("approximate", "approximate"),
    };
    // Each amount's reasons, in its own words: what was left out, and which way it moves.
    let reasons = |amount: &'static str| -> Vec<Message> {
        let mut r = Vec::new();
        let key = |own: &'static str, other: &'static str| match amount {
            "critical" => Message::new(own),
            a => Message::new(other).arg("amount", Arg::Name(amount_key(a))),
        };
        if upper {
            r.push(key("bound.cap.critical", "bound.cap.other"));
        }
        if lower {
            r.push(key("bound.scope.critical", "bound.scope.other"));
        }
        r
    };
    let mut out = vec![Bound {
        amount: "critical",
        kind,
        reasons: reasons("critical"),
    }];
    if let AssistancePlan::On { ratio, .. } = plan.assistance {
        if ratio > Decimal::ZERO {
            out.push(Bound {
                amount: "assistance",
                kind: rev,
                reasons: reasons("assistance"),
            });
        }
    }
    out.push(Bound {
        amount: "out_of_pocket",
        kind: rev,
        reasons: reasons("out_of_pocket"),
    });
    out
}

/// The catalogue key naming one of the result's five amounts.
pub fn amount_key(amount: &str) -> &'static str {
    match amount {
        "total" => "amount.total",
        "basic" => "amount.basic",
        "critical" => "amount.critical",
        "assistance" => "amount.assistance",
        _ => "amount.out_of_pocket",
    }
}

/// The catalogue key naming a bound's kind, for the words before an amount.
pub fn bound_label_key(kind: &str) -> &'static str {
    match kind {
        "at_most" => "bound.label.at_most",
        "at_least" => "bound.label.at_least",
        _ => "bound.label.approximate",
    }
}

/// Parameter labels as a list, each quoted: “居民人均可支配收入”、“…”.
fn params_list(p: &Policy, ids: impl Iterator<Item = ParamIdx>) -> Arg {
    Arg::List(
        ids.map(|i| {
            Message::new("field.param")
                .arg("param", param_arg(&p.params[i]))
                .into()
        })
        .collect(),
    )
}

/// Whether this build words the steps. The resident's page build leaves them out (feature
/// `steps` off): they are shown only when the explanation panel is opened, which loads the full
/// engine (DESIGN.md, "Why two builds of the engine for the page?").
pub(crate) const STEPS: bool = cfg!(feature = "steps");

/// Builds the steps, warnings and bounds for a settled scenario.
pub fn explain(reg: &Registry, sc: &Scenario, plan: &Plan, s: &Settlement) -> Explanation {
    let (warnings, scope_excluded) = warnings(reg, sc, plan, s);
    Explanation {
        steps: if STEPS {
            steps(sc, plan, s)
        } else {
            Vec::new()
        },
        warnings,
        bounds: bounds(plan, s, scope_excluded),
    }
}

/// The tier a person enrols at by a group's 资助参保 rule, if one applies: the group and the rule.
fn enrolment<'p>(
    p: &'p Policy,
    plan: &Plan,
) -> Option<(yibao_rules::Group, &'p yibao_rules::Enrolment)> {
    plan.benefit_from
        .and_then(|g| p.group_rule(g))
        .and_then(|r| r.enrolment.as_ref().map(|e| (r.group, e)))
}

/// Whether a 资助参保 rule overrides the scenario's tier (the one it named, or the policy's first)
/// in what the person pays or the benefits they get. A chosen tier that the rule gives the same
/// contribution and benefits (a 医疗救助对象 or a 重度残疾人 who is 学生儿童: low contribution,
/// high benefits, TJ2021D 一(一) and 一(三)) is not overridden. The tier step and the warning both
/// ask this, so the step says "见提示" exactly when there is a warning.
fn tier_overridden(p: &Policy, sc: &Scenario, plan: &Plan) -> bool {
    let tier = &p.tiers[sc.tier];
    let ct = &p.tiers[plan.contribution.tier];
    enrolment(p, plan).is_some()
        && sc.tier != plan.contribution.tier
        && (tier.individual.source != ct.individual.source
            || tier.subsidy.source != ct.subsidy.source
            || tier.benefit != plan.benefit)
}

/// The steps: the policy, the tier, each group, the contribution, then each visit's three layers.
fn steps(sc: &Scenario, plan: &Plan, s: &Settlement) -> Vec<Step> {
    let p = sc.policy;
    let mut cx = Explainer {
        policy: p,
        steps: Vec::new(),
        critical_noted: false,
        assistance_noted: false,
    };

    // The policy itself, and its caveats.
    cx.push(
        ("policy", None),
        Message::new("step.policy.title").arg("policy", Arg::Text(p.meta.name.clone())),
        text(&p.meta.summary),
        None,
        &[],
        p.meta.notes.iter().map(text).collect(),
    );

    // Tier and benefit tier, said once: what the person pays, which benefits apply, and why.
    let tier = &p.tiers[sc.tier];
    let c = &plan.contribution;
    let ct = &p.tiers[c.tier];
    let benefit = Arg::Text(p.benefits[plan.benefit].name.clone());
    match enrolment(p, plan) {
        Some((g, e)) => {
            let key = if e.full_aid {
                "step.tier.enrolment_aided"
            } else {
                "step.tier.enrolment"
            };
            // A tier the document does not give this group is said in the same sentence, and
            // only when the warning it points to is there.
            let note = match (tier_overridden(p, sc, plan), sc.tier_given) {
                (true, true) => Message::new("step.tier.chosen_not_applicable")
                    .arg("chosen", Arg::Text(tier.name.clone())),
                (true, false) => Message::new("step.tier.default_not_applicable")
                    .arg("chosen", Arg::Text(tier.name.clone())),
                (false, _) => Message::new("tag.none"),
            };
            let arith = Message::new(key)
                .arg("group", Arg::Group(g))
                .arg("tier", Arg::Text(ct.name.clone()))
                .arg("benefit", benefit)
                .arg("note", note);
            cx.push(
                ("enrolment", None),
                Message::new("step.tier.title").arg("tier", Arg::Text(ct.name.clone())),
                arith,
                None,
                &[e.cite_for(sc.tier)],
                vec![],
            );
        }
        None => {
            let described = tier
                .description
                .contains(p.benefits[plan.benefit].name.as_ref());
            let arith = if p.benefits.len() > 1 && !described {
                Message::new("step.tier.plain_benefit").arg("benefit", benefit)
            } else {
                Message::new("step.tier.plain")
            }
            .arg("tier", Arg::Text(tier.name.clone()))
            .arg("description", Arg::Text(tier.description.clone()));
            cx.push(
                ("enrolment", None),
                Message::new("step.tier.title").arg("tier", Arg::Text(tier.name.clone())),
                arith,
                None,
                &tier.benefit_cite.into_iter().collect::<Vec<_>>(),
                vec![],
            );
        }
    }

    for g in sc.groups.iter() {
        let title = Message::new("step.group.title").arg("group", Arg::Group(g));
        match p.group_rule(g) {
            Some(rule) => cx.push(
                ("enrolment", None),
                title,
                text(&rule.definition),
                None,
                &[rule.cite],
                vec![],
            ),
            None => cx.push(
                ("enrolment", None),
                title,
                Message::new("step.group.unmentioned")
                    .arg("policy", Arg::Text(p.meta.name.clone()))
                    .arg("group", Arg::Group(g)),
                None,
                &[],
                vec![],
            ),
        }
    }

    // Contribution.
    let mut cites: Vec<CiteIdx> = ct.individual.cites().collect();
    let aid = if let Some(g) = c.full_aid {
        if let Some(rule) = p.group_rule(g) {
            if let Some(e) = &rule.enrolment {
                cites.push(e.cite_for(sc.tier));
            }
            if let Some(Aid::Full(ci)) = rule.aid {
                cites.push(ci);
            }
        }
        Message::new("contribution.full_aid").arg("group", Arg::Group(g))
    } else if let Some((g, a)) = c.aid {
        if let Some(Aid::Param(_, ci)) = p.group_rule(g).and_then(|r| r.aid) {
            cites.push(ci);
        }
        Message::new("contribution.aid")
            .arg("group", Arg::Group(g))
            .arg("aid", Arg::Amount(a))
            .arg("individual", Arg::Amount(c.individual))
    } else {
        Message::new("contribution.plain").arg("individual", Arg::Amount(c.individual))
    };
    let subsidy = Message::new(if ct.subsidy.minimum {
        "contribution.subsidy_minimum"
    } else {
        "contribution.subsidy"
    })
    .arg("subsidy", Arg::Amount(c.subsidy));
    cites.extend(ct.subsidy.cites());
    cx.push(
        ("contribution", None),
        Message::new("step.contribution.title"),
        Message::new("step.contribution")
            .arg("tier", Arg::Text(ct.name.clone()))
            .arg("standard", Arg::Amount(c.standard))
            .arg("aid", aid)
            .arg("subsidy", subsidy),
        None,
        &cites,
        vec![],
    );

    // Visits.
    let mut noted = [false; 3];
    for (i, (v, record)) in sc.visits.iter().zip(&s.visits).enumerate() {
        let head = match v.level {
            Some(l) => Message::new("visit.head_level").arg("level", Arg::Level(l)),
            None => Message::new("visit.head"),
        }
        .arg("visit", Arg::Visit(i))
        .arg("care", Arg::Care(v.care));
        let notes = if noted[v.care as usize] {
            vec![]
        } else {
            p.basic[v.care as usize].notes.iter().map(text).collect()
        };
        noted[v.care as usize] = true;
        basic_step(&mut cx, plan, (i, v, record), &head, notes);
        critical_step(&mut cx, sc, plan, (i, v, record), &head);
        assistance_step(&mut cx, plan, (i, record), &head);
    }
    cx.steps
}

/// The warnings, in order: the tier, the groups, the contribution, then each layer; and whether a
/// visit's burden was left out of critical illness by the scope's fallback.
fn warnings(reg: &Registry, sc: &Scenario, plan: &Plan, s: &Settlement) -> (Vec<Message>, bool) {
    let p = sc.policy;
    let mut warnings = Vec::new();
    let tier = &p.tiers[sc.tier];
    let c = &plan.contribution;
    let ct = &p.tiers[c.tier];

    // A 资助参保 group whose document fixes the tier: a tier that would change what the person
    // pays or gets is overridden. Nothing was chosen when the scenario named no tier: the
    // warning then names the policy's first tier as the default it is.
    if let Some((g, e)) = enrolment(p, plan) {
        if tier_overridden(p, sc, plan) {
            let q = p.citation(e.cite_for(sc.tier));
            let key = match (e.full_aid, sc.tier_given) {
                (true, true) => "warning.tier_override_aided",
                (false, true) => "warning.tier_override",
                (true, false) => "warning.tier_override_default_aided",
                (false, false) => "warning.tier_override_default",
            };
            warnings.push(
                Message::new(key)
                    .arg("chosen", Arg::Text(tier.name.clone()))
                    .arg("group", Arg::Group(g))
                    .arg("tier", Arg::Text(ct.name.clone()))
                    .arg("benefit", Arg::Text(p.benefits[plan.benefit].name.clone()))
                    .arg("clause", Arg::Clause(q.clause.clone()))
                    .arg("quote", Arg::Raw(q.quote.to_string()))
                    .arg("individual", Arg::Amount(c.individual)),
            );
        }
    }
    for g in sc.groups.iter() {
        if let Some(caveat) = p.group_rule(g).and_then(|r| r.caveat.as_ref()) {
            warnings.push(text(caveat));
        }
    }
    for g in &c.aid_missing {
        if let Some(Aid::Param(i, _)) = p.group_rule(*g).and_then(|r| r.aid) {
            warnings.push(
                Message::new("warning.aid_missing")
                    .arg("group", Arg::Group(*g))
                    .arg("standard", Arg::Amount(c.standard))
                    .arg("param", param_arg(&p.params[i])),
            );
        }
    }

    // Visits whose in-policy burden is outside the critical-illness scope.
    let outside: Vec<usize> = sc
        .visits
        .iter()
        .zip(&s.visits)
        .enumerate()
        .filter(|(_, (v, r))| !plan.scope.contains(v.care) && r.eligible > r.basic)
        .map(|(i, _)| i)
        .collect();
    let crit_on = matches!(plan.critical, CriticalPlan::On { .. });
    let scope_excluded = crit_on && plan.scope_fallback.is_some() && !outside.is_empty();

    // Warnings about layers left out, bounds and assumptions.
    let could_count = |v: &Visit| {
        plan.scope.contains(v.care)
            || (plan.scope_fallback.is_some() && plan.scope_widest.contains(v.care))
    };
    let any_in_scope = sc.visits.iter().any(could_count);
    match &plan.critical {
        CriticalPlan::Off(Off::NoParams) if any_in_scope => {
            let ids = p.params.iter().enumerate().filter(|(_, i)| {
                i.layer == Layer::Critical && i.need != Need::Optional && i.part_of.is_none()
            });
            warnings.push(
                Message::new("warning.critical_off")
                    .arg("params", params_list(p, ids.map(|(i, _)| i))),
            );
        }
        CriticalPlan::On {
            cap_absent: true,
            from_schedule_param,
            ..
        } if s.critical > Decimal::ZERO => {
            let (key, param) = match from_schedule_param {
                Some(i) => ("warning.cap_unknown_schedule", Some(*i)),
                None => (
                    "warning.cap_unknown",
                    p.critical.schedule.cap.and_then(|c| c.param()),
                ),
            };
            if let Some(i) = param {
                warnings.push(
                    Message::new(key)
                        .arg("critical", Arg::Amount(s.critical))
                        .arg("param", param_arg(&p.params[i])),
                );
            }
        }
        _ => {}
    }
    if crit_on && !outside.is_empty() {
        let which = Arg::List(
            outside
                .iter()
                .map(|&i| {
                    Message::new("warning.visit_ref")
                        .arg("visit", Arg::Visit(i))
                        .arg("care", Arg::Care(sc.visits[i].care))
                        .into()
                })
                .collect(),
        );
        let scope_names = Arg::List(plan.scope.iter().map(Arg::Care).collect());
        match (plan.scope_fallback, p.critical.scope.param()) {
            (Some(pi), _) => warnings.push(
                Message::new("warning.scope_fallback")
                    .arg("visits", which)
                    .arg("param", param_arg(&p.params[pi]))
                    .arg("scope", scope_names)
                    .arg("critical", Arg::Amount(s.critical)),
            ),
            (None, Some(pi)) => warnings.push(
                Message::new("warning.scope_param")
                    .arg("param", param_arg(&p.params[pi]))
                    .arg("scope", scope_names)
                    .arg("visits", which),
            ),
            (None, None) => {}
        }
    }
    if crit_on && !sc.visits.is_empty() {
        for a in p.critical.assumptions.iter() {
            warnings.push(assumption_warning(reg, p, a));
        }
        if let CriticalPlan::On { tilt: Some(t), .. } = &plan.critical {
            if let Some(a) = &p.critical.tilts[*t].assumption {
                warnings.push(assumption_warning(reg, p, a));
            }
        }
    }
    if plan.assistance == AssistancePlan::Off(Off::NoParams) && !sc.visits.is_empty() {
        // Only the parameters that concern this person: their own groups' ratios, the deductible
        // and the limit.
        let a = &p.assistance;
        let mut values: Vec<Value> = a
            .groups
            .iter()
            .filter(|(g, _)| sc.groups.contains(*g))
            .map(|(_, v)| *v)
            .collect();
        values.extend([a.deductible, a.annual_limit]);
        warnings.push(Message::new("warning.assistance_off").arg(
            "params",
            params_list(p, values.iter().filter_map(|v| v.param())),
        ));
    }
    for k in &sc.ignored_params {
        warnings.push(
            Message::new("warning.ignored_param")
                .arg("id", crate::messages::clip(k))
                .arg("policy", Arg::Text(p.meta.name.clone())),
        );
    }
    (warnings, scope_excluded)
}

fn basic_step(
    cx: &mut Explainer,
    plan: &Plan,
    (i, v, r): (usize, &Visit, &VisitRecord),
    head: &Message,
    notes: Vec<Message>,
) {
    let p = cx.policy;
    let rule = &p.basic[v.care as usize];
    let title = Message::new("step.basic.title").arg("head", head.clone());
    match r.basic_record {
        // Only `settle::settle` leaves records out, and the explanation reads `settle::run`'s.
        BasicRecord::NotRecorded => {}
        BasicRecord::Slip => cx.push(
            ("basic", Some(i)),
            title,
            Message::new("step.basic.slip")
                .arg("total", Arg::Amount(v.total))
                .arg("excluded", Arg::Amount(v.excluded))
                .arg("eligible", Arg::Amount(r.eligible))
                .arg("paid", Arg::Amount(r.basic)),
            Some(r.basic),
            &[rule.cite],
            notes,
        ),
        BasicRecord::Computed {
            level,
            mode,
            deductible,
            deductible_due,
            deductible_used,
            ratio,
            raw,
            cap,
            cap_left,
            exact,
            ..
        } => {
            let ratios = &rule.ratio[plan.benefit];
            let values = [
                rule.deductible.values[level],
                rule.mode,
                ratios.values[level],
                rule.cap,
            ];
            let deductible_part = match mode {
                Mode::Annual => {
                    Message::new("basic.deductible_annual").arg("due", Arg::Amount(deductible_due))
                }
                Mode::PerVisit => Message::new("basic.deductible_per_visit"),
            }
            .arg("deductible", Arg::Amount(deductible))
            .arg("tag", tag(values[0]))
            .arg("used", Arg::Amount(deductible_used));
            let where_ = if ratios.per_level {
                Arg::Name(["level.short.1", "level.short.2", "level.short.3"][level.min(2)])
            } else {
                Arg::Message(Box::new(Message::new("basic.all_levels")))
            };
            let cap_part = match (cap, cap_left) {
                (Some(c), Some(left)) if raw > left => Message::new("basic.cap_exceeded")
                    .arg("cap", Arg::Amount(c))
                    .arg("tag", tag(values[3]))
                    .arg("left", Arg::Amount(left))
                    .arg("exact", Arg::Number(exact)),
                (Some(c), Some(left)) => Message::new("basic.cap_within")
                    .arg("cap", Arg::Amount(c))
                    .arg("tag", tag(values[3]))
                    .arg("left", Arg::Amount(left)),
                _ => Message::new("basic.no_cap"),
            };
            let mut cites = vec![rule.cite];
            let mut notes = notes;
            for cv in values {
                cites.extend(cv.cites());
                if let Some(pi) = cv.param() {
                    let n = local_note(p, pi);
                    if !notes.contains(&n) {
                        notes.push(n);
                    }
                }
            }
            cx.push(
                ("basic", Some(i)),
                title,
                Message::new("step.basic.computed")
                    .arg("total", Arg::Amount(v.total))
                    .arg("excluded", Arg::Amount(v.excluded))
                    .arg("eligible", Arg::Amount(r.eligible))
                    .arg("deductible", deductible_part)
                    .arg("used", Arg::Amount(deductible_used))
                    .arg("ratio", Arg::Ratio(ratio))
                    .arg("where", where_)
                    .arg("ratio_tag", tag(values[2]))
                    .arg("raw", Arg::Number(raw))
                    .arg("cap", cap_part)
                    .arg("paid", Arg::Amount(r.basic)),
                Some(r.basic),
                &cites,
                notes,
            );
        }
    }
}

/// The deductible with its derivation: "起付标准 = “居民人均可支配收入”（当地参数）35128 × 50% =
/// 17564 × 50% = 8782 元".
fn deductible_message(
    p: &Policy,
    deductible: Decimal,
    origin: &DeductibleOrigin,
    from_schedule: Option<ParamIdx>,
) -> Message {
    let base = match (origin.from_param, from_schedule) {
        (Some((i, v, f)), _) if f != Decimal::ONE => {
            Message::new("critical.deductible_param_factor")
                .arg("param", param_arg(&p.params[i]))
                .arg("value", Arg::Number(v))
                .arg("factor", Arg::Ratio(f))
        }
        (Some((i, _, _)), _) => {
            Message::new("critical.deductible_param").arg("param", param_arg(&p.params[i]))
        }
        (None, Some(i)) => {
            Message::new("critical.deductible_schedule").arg("param", param_arg(&p.params[i]))
        }
        (None, None) => Message::new("critical.deductible_literal"),
    }
    .arg("deductible", Arg::Number(origin.general));
    match origin.tilt_factor {
        Some(f) => Message::new("critical.deductible_tilt")
            .arg("base", base)
            .arg("factor", Arg::Ratio(f))
            .arg("deductible", Arg::Number(deductible)),
        None => base,
    }
}

fn critical_step(
    cx: &mut Explainer,
    sc: &Scenario,
    plan: &Plan,
    (i, v, r): (usize, &Visit, &VisitRecord),
    head: &Message,
) {
    let p = cx.policy;
    let title = Message::new("step.critical.title").arg("head", head.clone());
    // The sentences behind the schedule that applies to this person, the most specific first:
    // a tilt's own sentence before the general table.
    let schedule_cites = |plan: &Plan| -> Vec<CiteIdx> {
        let mut out = Vec::new();
        let general = &p.critical.schedule;
        let rule_cites = |s: &yibao_rules::Schedule<Value>, out: &mut Vec<CiteIdx>| {
            out.extend(s.deductible.cites());
            out.extend(s.bands.iter().flat_map(|b| b.ratio.cites()));
        };
        match &plan.critical {
            CriticalPlan::On { tilt: Some(t), .. } => {
                let tilt = &p.critical.tilts[*t];
                out.push(tilt.cite);
                match &tilt.kind {
                    TiltKind::Table(s) => {
                        rule_cites(s, &mut out);
                        out.extend(s.cap.iter().flat_map(|c| c.cites()));
                    }
                    TiltKind::Derive {
                        deductible_factor,
                        ratio_add,
                        no_cap_cite,
                    } => {
                        out.extend(deductible_factor.cites());
                        out.extend(ratio_add.cites());
                        out.push(*no_cap_cite);
                        rule_cites(general, &mut out);
                    }
                }
            }
            _ => {
                rule_cites(general, &mut out);
                out.extend(general.cap.iter().flat_map(|c| c.cites()));
            }
        }
        out.extend(p.critical.basis.iter().copied());
        out
    };
    match (&plan.critical, &r.critical_record) {
        (
            CriticalPlan::On {
                schedule,
                tilt,
                cap_absent,
                origin,
                from_schedule_param,
                tilt_add,
                base_ratios,
            },
            CriticalRecord::Computed {
                burden,
                before,
                after,
                gain,
                owed_total,
                paid_before,
                owed,
                cap_left,
                exact,
                segments,
            },
        ) => {
            let who = match tilt {
                Some(t) => {
                    let tg = p.critical.tilts[*t].groups;
                    let mine = sc.groups.iter().filter(|g| tg.contains(*g)).map(Arg::Group);
                    Message::new("critical.who_tilt").arg("groups", Arg::List(mine.collect()))
                }
                None => Message::new("critical.who_general"),
            };
            let tilt_part = match tilt_add {
                Some(add) => Message::new("critical.tilt_add")
                    .arg("points", Arg::Number(*add * Decimal::ONE_HUNDRED)),
                None => Message::new("critical.no_tilt"),
            };
            // Which of the schedule's band limits and ratios are local values: all of them when
            // the whole schedule is a parameter, else as the rule's values say (a tilt's own
            // table, or the general schedule that a derived tilt raises).
            let n = schedule.bands.len();
            let (local_upto, local_ratio): (Vec<bool>, Vec<bool>) = if from_schedule_param.is_some()
            {
                (vec![true; n], vec![true; n])
            } else {
                let rule = match tilt.map(|t| &p.critical.tilts[t].kind) {
                    Some(TiltKind::Table(s)) => s,
                    _ => &p.critical.schedule,
                };
                rule.bands
                    .iter()
                    .map(|b| {
                        (
                            b.upto.and_then(|u| u.param()).is_some(),
                            b.ratio.param().is_some(),
                        )
                    })
                    .unzip()
            };
            let starts: Vec<Decimal> = schedule.segments().map(|(lo, _, _)| lo).collect();
            let local = |yes: bool| Message::new(if yes { "tag.local" } else { "tag.none" });
            // Each local value is labelled where the segments show it: a band's limit at either
            // end (the deductible is labelled, with its derivation, where the step states it), a
            // ratio after it, and a ratio a tilt raised with the local value it was raised from.
            let segment = |s: &crate::settle::Segment| -> Arg {
                let b = s.band;
                let hi_tag = local(schedule.bands[b].upto == Some(s.hi) && local_upto[b]);
                let lo_tag = local(b > 0 && s.lo == starts[b] && local_upto[b - 1]);
                let ratio_tag = match (tilt_add, base_ratios.get(b)) {
                    (Some(add), Some(&base)) if local_ratio[b] && !add.is_zero() => {
                        Message::new("critical.ratio_raised")
                            .arg("base", Arg::Ratio(base))
                            .arg("points", Arg::Number(*add * Decimal::ONE_HUNDRED))
                    }
                    _ => local(local_ratio[b]),
                };
                Message::new("critical.segment")
                    .arg("hi", Arg::Number(s.hi))
                    .arg("hi_tag", hi_tag)
                    .arg("lo", Arg::Number(s.lo))
                    .arg("lo_tag", lo_tag)
                    .arg("ratio", Arg::Ratio(s.ratio))
                    .arg("ratio_tag", ratio_tag)
                    .into()
            };
            let segments_part = if segments.is_empty() {
                Message::new("critical.no_segment")
            } else {
                Message::new("critical.segments")
                    .arg("parts", Arg::Sum(segments.iter().map(segment).collect()))
                    .arg("sum", Arg::Number(*gain))
            };
            // A cap the agency gave is labelled as theirs; a tilt has none by the document.
            let cap_from_param = tilt.is_none()
                && (from_schedule_param.is_some()
                    || p.critical.schedule.cap.and_then(|c| c.param()).is_some());
            let cap_tag = Message::new(if cap_from_param {
                "tag.local"
            } else {
                "tag.none"
            });
            let cap_part = match (schedule.cap, cap_left) {
                (Some(c), Some(left)) if owed > left => Message::new("critical.cap_exceeded")
                    .arg("cap", Arg::Amount(c))
                    .arg("tag", cap_tag)
                    .arg("left", Arg::Amount(*left))
                    .arg("exact", Arg::Number(*exact)),
                (Some(c), Some(_)) => Message::new("critical.cap_within")
                    .arg("cap", Arg::Amount(c))
                    .arg("tag", cap_tag),
                _ if *cap_absent => Message::new("critical.cap_unknown"),
                _ if tilt.is_some() => Message::new("critical.cap_tilt_none"),
                _ if cap_from_param => Message::new("critical.cap_local_none"),
                _ => Message::new("critical.cap_none"),
            };
            // The layer's caveats go with its first computed step only.
            let mut notes: Vec<Message> = Vec::new();
            if !cx.critical_noted {
                notes.extend(p.critical.notes.iter().map(text));
                let mut used: Vec<ParamIdx> = Vec::new();
                used.extend(origin.from_param.map(|(i, _, _)| i));
                used.extend(*from_schedule_param);
                if from_schedule_param.is_none() {
                    let s = &p.critical.schedule;
                    used.extend(s.bands.iter().filter_map(|b| b.ratio.param()));
                    if tilt.is_none() && !cap_absent {
                        used.extend(s.cap.and_then(|c| c.param()));
                    }
                }
                if plan.scope_fallback.is_none() {
                    used.extend(p.critical.scope.param());
                }
                used.dedup();
                notes.extend(used.into_iter().map(|i| local_note(p, i)));
                // The scope's fallback is stated here; it is a warning only when it leaves a
                // visit's burden out (docs/CONTRACT.md, "Local parameter values").
                if let Some(pi) = plan.scope_fallback {
                    notes.push(
                        Message::new("note.scope_fallback")
                            .arg("param", param_arg(&p.params[pi]))
                            .arg(
                                "scope",
                                Arg::List(plan.scope.iter().map(Arg::Care).collect()),
                            ),
                    );
                }
            }
            cx.critical_noted = true;
            if let Some(TiltKind::Derive { .. }) = tilt.map(|t| &p.critical.tilts[t].kind) {
                notes.push(Message::new("note.tilt_derived"));
            }
            let arithmetic = Message::new("step.critical.computed")
                .arg("eligible", Arg::Amount(r.eligible))
                .arg("basic", Arg::Amount(r.basic))
                .arg("burden", Arg::Amount(*burden))
                .arg("before", Arg::Number(*before))
                .arg("after", Arg::Number(*after))
                .arg("who", who)
                .arg(
                    "deductible",
                    deductible_message(p, schedule.deductible, origin, *from_schedule_param),
                )
                .arg("tilt", tilt_part)
                .arg("segments", segments_part)
                .arg("owed_total", Arg::Number(*owed_total))
                .arg("paid_before", Arg::Amount(*paid_before))
                .arg("owed", Arg::Number(*owed))
                .arg("cap", cap_part)
                .arg("paid", Arg::Amount(r.critical));
            cx.push(
                ("critical", Some(i)),
                title,
                arithmetic,
                Some(r.critical),
                &schedule_cites(plan),
                notes,
            );
        }
        _ if !plan.scope.contains(v.care) => {
            let scope = p.critical.scope;
            let scope_names = Arg::List(plan.scope.iter().map(Arg::Care).collect());
            let crit_on = matches!(plan.critical, CriticalPlan::On { .. });
            let arithmetic = match (plan.scope_fallback, scope.param()) {
                // The fallback left this visit's burden out of a layer that is computed: the
                // year's figure is a lower bound, and the step says so (the mirror of the cap's
                // "实际支付可能更低").
                (Some(pi), _) if crit_on && r.eligible > r.basic => {
                    Message::new("step.critical.out_of_scope_fallback_lower")
                        .arg("care", Arg::Care(v.care))
                        .arg("param", param_arg(&p.params[pi]))
                        .arg("scope", scope_names)
                        .arg("eligible", Arg::Amount(r.eligible))
                        .arg("basic", Arg::Amount(r.basic))
                        .arg("burden", Arg::Amount(r.eligible - r.basic))
                }
                (Some(pi), _) => Message::new("step.critical.out_of_scope_fallback")
                    .arg("care", Arg::Care(v.care))
                    .arg("param", param_arg(&p.params[pi]))
                    .arg("scope", scope_names),
                (None, Some(pi)) => Message::new("step.critical.out_of_scope_param")
                    .arg("param", param_arg(&p.params[pi]))
                    .arg("care", Arg::Care(v.care)),
                (None, None) => Message::new("step.critical.out_of_scope_document")
                    .arg("scope", scope_names)
                    .arg("care", Arg::Care(v.care)),
            };
            cx.push(
                ("critical", Some(i)),
                title,
                arithmetic,
                Some(Decimal::ZERO),
                &scope.cites().collect::<Vec<_>>(),
                vec![],
            );
        }
        _ => cx.push(
            ("critical", Some(i)),
            title,
            Message::new("step.critical.off"),
            Some(Decimal::ZERO),
            &p.critical.scope.cites().collect::<Vec<_>>(),
            vec![],
        ),
    }
}

fn assistance_step(cx: &mut Explainer, plan: &Plan, (i, r): (usize, &VisitRecord), head: &Message) {
    let p = cx.policy;
    let title = Message::new("step.assistance.title").arg("head", head.clone());
    let a = &p.assistance;
    match (plan.assistance, r.assistance_record) {
        (
            AssistancePlan::On {
                group,
                deductible,
                limit,
                ..
            },
            AssistanceRecord::Computed {
                remaining,
                deductible_used,
                base,
                ratio,
                raw,
                limit_left,
                exact,
            },
        ) => {
            let ratio_value = a.groups.iter().find(|(g, _)| *g == group).map(|(_, v)| *v);
            let limit_part = match (limit, limit_left) {
                (Some(l), Some(left)) if raw > left => Message::new("assistance.limit_exceeded")
                    .arg("limit", Arg::Amount(l))
                    .arg("tag", tag(a.annual_limit))
                    .arg("left", Arg::Amount(left))
                    .arg("exact", Arg::Number(exact)),
                (Some(l), _) => Message::new("assistance.limit_within")
                    .arg("limit", Arg::Amount(l))
                    .arg("tag", tag(a.annual_limit)),
                _ => Message::new("assistance.no_limit"),
            };
            // The layer's caveat goes with its first step only.
            let notes = if cx.assistance_noted {
                vec![]
            } else {
                let mut n: Vec<Message> = [ratio_value, Some(a.deductible), Some(a.annual_limit)]
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.param())
                    .map(|i| local_note(p, i))
                    .collect();
                n.dedup();
                n
            };
            cx.assistance_noted = true;
            let mut cites = vec![a.cite];
            cites.extend(ratio_value.iter().flat_map(|c| c.cites()));
            cites.extend(a.deductible.cites());
            cites.extend(a.annual_limit.cites());
            let ratio_tag = ratio_value.map_or(Message::new("tag.none"), tag);
            cx.push(
                ("assistance", Some(i)),
                title,
                Message::new("step.assistance.computed")
                    .arg("eligible", Arg::Amount(r.eligible))
                    .arg("basic", Arg::Amount(r.basic))
                    .arg("critical", Arg::Amount(r.critical))
                    .arg("remaining", Arg::Amount(remaining))
                    .arg("group", Arg::Group(group))
                    .arg("ratio", Arg::Ratio(ratio))
                    .arg("ratio_tag", ratio_tag)
                    .arg("deductible", Arg::Amount(deductible))
                    .arg("deductible_tag", tag(a.deductible))
                    .arg("used", Arg::Amount(deductible_used))
                    .arg("base", Arg::Amount(base))
                    .arg("raw", Arg::Number(raw))
                    .arg("limit", limit_part)
                    .arg("paid", Arg::Amount(r.assistance)),
                Some(r.assistance),
                &cites,
                notes,
            );
        }
        (AssistancePlan::Off(Off::NotEligible), _) => cx.push(
            ("assistance", Some(i)),
            title,
            Message::new("step.assistance.not_eligible").arg(
                "groups",
                Arg::List(a.groups.iter().map(|(g, _)| Arg::Group(*g)).collect()),
            ),
            Some(Decimal::ZERO),
            &[a.cite],
            vec![],
        ),
        _ => {
            // The layer's caveats go with its first step only.
            let notes = if cx.assistance_noted {
                vec![]
            } else {
                a.notes.iter().map(text).collect()
            };
            cx.assistance_noted = true;
            cx.push(
                ("assistance", Some(i)),
                title,
                Message::new("step.assistance.off"),
                Some(Decimal::ZERO),
                &[a.cite],
                notes,
            )
        }
    }
}

/// The catalogue key naming a step's layer.
pub fn layer_key(layer: &str) -> &'static str {
    match layer {
        "policy" => "layer.policy",
        "enrolment" => "layer.enrolment",
        "contribution" => "layer.contribution",
        "basic" => "layer.basic",
        "critical" => "layer.critical",
        _ => "layer.assistance",
    }
}
