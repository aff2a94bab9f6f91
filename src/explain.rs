//! The explanation: the result's `steps` and `warnings`.
//!
//! Each step names its layer, shows its arithmetic with the actual numbers, and cites the
//! document, 文号, clause and sentence it applies, so a help-desk worker can trace every figure.
//! Every visit gets one step per layer, carrying that layer's payment as `amount`, so the steps'
//! amounts add up to the result's totals (checked by tests).

use crate::json::{Json, ObjBuilder};
use crate::money::{fmt_amount as amt, fmt_exact as fmt, fmt_percent as pct};
use crate::policy::{
    Assumption, CVal, Care, CiteIdx, Group, Need, ParamIdx, Policy, Registry, TiltKind,
};
use crate::scenario::{visit_label, Scenario};
use crate::settle::{
    AssistCalc, AssistPlan, BasicCalc, CritCalc, CritPlan, DeductibleOrigin, Off, Plan, Sched,
    Settlement,
};
use rust_decimal::Decimal;

/// A citation as shown to people.
#[derive(Debug, Clone, PartialEq)]
pub struct CiteOut {
    /// The document's short id in this project's register.
    pub doc: String,
    pub document: String,
    /// 文号; empty where the published text carries none.
    pub number: String,
    pub clause: String,
    pub quote: String,
}

/// One step of the explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// `policy`, `enrolment`, `contribution`, `basic`, `critical` or `assistance`.
    pub layer: &'static str,
    /// The visit's index in input order, for per-visit steps.
    pub visit: Option<usize>,
    pub title: String,
    /// The arithmetic, with the actual numbers.
    pub arithmetic: String,
    /// The payment this step contributes to its layer's total, for per-visit layer steps.
    pub amount: Option<String>,
    pub citations: Vec<CiteOut>,
    pub notes: Vec<String>,
}

impl CiteOut {
    pub fn to_json(&self) -> Json {
        ObjBuilder::new()
            .set("doc", self.doc.as_str())
            .set("document", self.document.as_str())
            .set("number", self.number.as_str())
            .set("clause", self.clause.as_str())
            .set("quote", self.quote.as_str())
            .build()
    }
}

impl Step {
    /// The step as the result document carries it; `visit`, `amount` and `notes` only when set.
    pub fn to_json(&self) -> Json {
        ObjBuilder::new()
            .set("layer", self.layer)
            .opt("visit", self.visit.map(|v| v as u64))
            .set("title", self.title.as_str())
            .set("arithmetic", self.arithmetic.as_str())
            .opt("amount", self.amount.clone())
            .set(
                "citations",
                Json::Arr(self.citations.iter().map(CiteOut::to_json).collect()),
            )
            .opt(
                "notes",
                (!self.notes.is_empty()).then(|| self.notes.clone()),
            )
            .build()
    }
}

struct Ctx<'a> {
    reg: &'a Registry,
    p: &'a Policy,
    steps: Vec<Step>,
    crit_noted: bool,
    assist_noted: bool,
}

impl Ctx<'_> {
    fn cite(&self, idx: &[CiteIdx]) -> Vec<CiteOut> {
        let mut seen: Vec<CiteIdx> = Vec::new();
        let mut out = Vec::new();
        for &i in idx {
            if seen.contains(&i) {
                continue;
            }
            seen.push(i);
            let c = self.p.citation(i);
            let d = self.reg.document(&c.doc);
            out.push(CiteOut {
                doc: c.doc.clone(),
                document: d.map(|d| d.title.clone()).unwrap_or_default(),
                number: d.map(|d| d.number.clone()).unwrap_or_default(),
                clause: c.clause.clone(),
                quote: c.quote.clone(),
            });
        }
        out
    }

    fn push(
        &mut self,
        (layer, visit): (&'static str, Option<usize>),
        title: String,
        arithmetic: String,
        amount: Option<Decimal>,
        cites: &[CiteIdx],
        notes: Vec<String>,
    ) {
        let citations = self.cite(cites);
        self.steps.push(Step {
            layer,
            visit,
            title,
            arithmetic,
            amount: amount.map(amt),
            citations,
            notes,
        });
    }
}

fn level_name(l: usize) -> &'static str {
    ["一级", "二级", "三级"][l.min(2)]
}

/// Labels of the layer's local parameters, for "please fill in …" warnings. The one-band parts
/// of a schedule parameter are left out: forms ask for the schedule.
fn layer_param_labels(p: &Policy, layer: &str) -> String {
    p.params
        .iter()
        .filter(|i| i.def.layer == layer && i.need != Need::Optional && i.def.part_of.is_none())
        .map(|i| format!("“{}”", i.def.label))
        .collect::<Vec<_>>()
        .join("、")
}

/// "“居民人均可支配收入”（当地参数）": how a local value is named inside an arithmetic line.
fn local(p: &Policy, i: ParamIdx) -> String {
    format!("“{}”（当地参数）", p.params[i].def.label)
}

/// The note every step that uses a local value carries.
fn local_note(p: &Policy, i: ParamIdx) -> String {
    format!(
        "“{}”为当地参数：文件未规定，由当地经办机构公布。",
        p.params[i].def.label
    )
}

/// An assumption as a warning: its text, then the sentences it rests on, quoted.
fn assumption_warning(reg: &Registry, p: &Policy, a: &Assumption) -> String {
    let quotes: Vec<String> = a
        .cites
        .iter()
        .map(|&i| {
            let c = p.citation(i);
            let doc = reg
                .document(&c.doc)
                .map(|d| {
                    if d.number.is_empty() {
                        format!("《{}》", d.title)
                    } else {
                        d.number.clone()
                    }
                })
                .unwrap_or_else(|| c.doc.clone());
            format!("{doc} {}：“{}”", c.clause, c.quote)
        })
        .collect();
    let quotes = quotes.join("；");
    // A quote that ends its sentence already closes the warning.
    let end = if quotes.ends_with("。”") {
        ""
    } else {
        "。"
    };
    format!("{}依据：{quotes}{end}", a.text)
}

/// What the explanation and the result say about a scenario, beside the figures.
pub struct Explanation {
    pub steps: Vec<Step>,
    pub warnings: Vec<String>,
    pub bounds: Vec<Bound>,
}

/// One amount of the result that is not exact, and why (docs/CONTRACT.md, `bounds`).
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// `critical`, `assistance` or `out_of_pocket`.
    pub amount: &'static str,
    /// `at_most`, `at_least` or `approximate` (both reasons at once).
    pub kind: &'static str,
    /// The words a page shows in front of the amount: "最多", "至少", "约".
    pub label: &'static str,
    pub reasons: Vec<String>,
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
    let CritPlan::On { cap_absent, .. } = &plan.critical else {
        return Vec::new();
    };
    let upper = *cap_absent && s.critical > Decimal::ZERO;
    let lower = scope_excluded;
    let (kind, rev, label, rev_label) = match (upper, lower) {
        (false, false) => return Vec::new(),
        (true, false) => ("at_most", "at_least", "最多", "至少"),
        (false, true) => ("at_least", "at_most", "至少", "最多"),
        (true, true) => ("approximate", "approximate", "约", "约"),
    };
    // Each amount's reasons, in its own words: what was left out, and which way it moves.
    let reasons = |amount: &str| -> Vec<String> {
        let mut r = Vec::new();
        if upper {
            r.push(match amount {
                "critical" => "未计封顶线（文件未规定），实际支付可能更低".to_string(),
                a => format!(
                    "大病保险未计封顶线（文件未规定），{}可能更高",
                    amount_name(a)
                ),
            });
        }
        if lower {
            r.push(match amount {
                "critical" => {
                    "部分就诊的费用未计入（文件未规定是否计入），实际支付可能更高".to_string()
                }
                a => format!(
                    "部分就诊的费用未计入大病保险（文件未规定是否计入），{}可能更低",
                    amount_name(a)
                ),
            });
        }
        r
    };
    let mut out = vec![Bound {
        amount: "critical",
        kind,
        label,
        reasons: reasons("critical"),
    }];
    if let AssistPlan::On { ratio, .. } = plan.assistance {
        if ratio > Decimal::ZERO {
            out.push(Bound {
                amount: "assistance",
                kind: rev,
                label: rev_label,
                reasons: reasons("assistance"),
            });
        }
    }
    out.push(Bound {
        amount: "out_of_pocket",
        kind: rev,
        label: rev_label,
        reasons: reasons("out_of_pocket"),
    });
    out
}

/// Builds the steps, warnings and bounds for a settled scenario.
pub fn explain(reg: &Registry, sc: &Scenario, plan: &Plan, s: &Settlement) -> Explanation {
    let p = sc.policy;
    let mut cx = Ctx {
        reg,
        p,
        steps: Vec::new(),
        crit_noted: false,
        assist_noted: false,
    };
    let mut warnings = Vec::new();

    // The policy itself, and its caveats.
    cx.push(
        ("policy", None),
        format!("适用政策：{}", p.meta.name),
        p.meta.summary.clone(),
        None,
        &[],
        p.meta.notes.clone(),
    );

    // Tier and benefit tier, said once: what the person pays, which benefits apply, and why.
    let tier = &p.tiers[sc.tier];
    let c = &plan.contribution;
    let ct = &p.tiers[c.tier];
    let benefit_name = &p.benefits[plan.benefit].name;
    let enrol = plan
        .benefit_from
        .and_then(|g| p.group_rule(g))
        .and_then(|r| r.enrolment.as_ref().map(|e| (r.group, e)));
    let (title, arith, cites) = match enrol {
        Some((g, e)) => {
            let mut a = format!(
                "因属于{}，按文件规定按{}个人缴费标准{}参保，享受{}。",
                g.name(),
                ct.name,
                if e.full_aid { "全额补贴" } else { "" },
                benefit_name
            );
            if sc.tier != c.tier {
                a.push_str(&format!(
                    "所选的“{}”档次不适用于这一身份（见提示）。",
                    tier.name
                ));
            }
            (format!("参保档次：{}", ct.name), a, vec![e.cite])
        }
        None => {
            let mut a = format!("{}。{}", tier.name, tier.description);
            if p.benefits.len() > 1 && !tier.description.contains(benefit_name.as_str()) {
                a.push_str(&format!("享受{benefit_name}。"));
            }
            (
                format!("参保档次：{}", tier.name),
                a,
                tier.benefit_cite.into_iter().collect(),
            )
        }
    };
    cx.push(("enrolment", None), title, arith, None, &cites, vec![]);
    // A 资助参保 group whose document fixes the tier: a different chosen tier is overridden.
    if let Some((g, e)) = enrol {
        let differs = sc.tier != c.tier
            && (tier.individual.src != ct.individual.src
                || tier.subsidy.src != ct.subsidy.src
                || tier.benefit != plan.benefit);
        if differs {
            let q = p.citation(e.cite);
            warnings.push(format!(
                "所选参保档次为“{}”，但文件规定{}按{}个人缴费标准{}参保，并享受{}（{}：“{}”）。本估算按文件规定计算：个人缴费 {} 元、{}。",
                tier.name,
                g.name(),
                ct.name,
                if e.full_aid { "全额补贴" } else { "" },
                benefit_name,
                q.clause,
                q.quote,
                amt(c.individual),
                benefit_name
            ));
        }
    }

    for g in sc.groups.iter() {
        match p.group_rule(g) {
            Some(rule) => {
                cx.push(
                    ("enrolment", None),
                    format!("身份：{}", g.name()),
                    rule.definition.clone(),
                    None,
                    &[rule.cite],
                    vec![],
                );
                if let Some(caveat) = &rule.caveat {
                    warnings.push(caveat.clone());
                }
            }
            None => cx.push(
                ("enrolment", None),
                format!("身份：{}", g.name()),
                format!(
                    "{}的文件没有涉及“{}”，这一身份在本政策下不改变任何计算。",
                    p.meta.name,
                    g.name()
                ),
                None,
                &[],
                vec![],
            ),
        }
    }

    // Contribution.
    let mut arith = format!("个人缴费标准（{}）{} 元", ct.name, amt(c.standard));
    let mut cites: Vec<CiteIdx> = ct.individual.cites().collect();
    if let Some(g) = c.full_aid {
        arith.push_str(&format!(
            "，{}个人缴费全额资助，个人实际缴费 0.00 元",
            g.name()
        ));
        if let Some(rule) = p.group_rule(g) {
            if let Some(e) = &rule.enrolment {
                cites.push(e.cite);
            }
            if let Some(crate::policy::Aid::Full(ci)) = rule.aid {
                cites.push(ci);
            }
        }
    } else if let Some((g, a)) = c.aid {
        arith.push_str(&format!(
            " − {}参保资助 {} 元 = 个人实际缴费 {} 元",
            g.name(),
            amt(a),
            amt(c.individual)
        ));
        if let Some(crate::policy::Aid::Param(_, ci)) = p.group_rule(g).and_then(|r| r.aid.clone())
        {
            cites.push(ci);
        }
    } else {
        arith.push_str(&format!("，个人实际缴费 {} 元", amt(c.individual)));
    }
    if ct.subsidy.minimum {
        arith.push_str(&format!(
            "；财政补助每人不低于 {} 元（文件规定的是最低标准，实际标准由各地确定）。",
            amt(c.subsidy)
        ));
    } else {
        arith.push_str(&format!("；财政补助每人 {} 元。", amt(c.subsidy)));
    }
    cites.extend(ct.subsidy.cites());
    cx.push(
        ("contribution", None),
        "年度缴费".into(),
        arith,
        None,
        &cites,
        vec![],
    );
    for g in &c.aid_missing {
        let id = match p.group_rule(*g).and_then(|r| r.aid.clone()) {
            Some(crate::policy::Aid::Param(i, _)) => p.params[i].def.label.clone(),
            _ => String::new(),
        };
        warnings.push(format!(
            "参保资助未计入：文件规定对{}资助参保，但未规定资助金额，个人缴费按标准 {} 元显示。如当地已公布，请填写“{}”。",
            g.name(),
            amt(c.standard),
            id
        ));
    }

    // Visits.
    let mut noted = [false; 3];
    for (i, (v, calc)) in sc.visits.iter().zip(&s.visits).enumerate() {
        let care = v.care;
        let rule = &p.basic[care as usize];
        let level = v
            .level
            .map(|l| format!("，{}医院", level_name(usize::from(l - 1))))
            .unwrap_or_default();
        let head = format!("{}（{}{}）", visit_label(i), care.name(), level);
        let notes = if noted[care as usize] {
            vec![]
        } else {
            rule.notes.clone()
        };
        noted[care as usize] = true;

        let eligible = format!(
            "政策范围内费用 = 医疗总费用 {} − 政策范围外费用 {} = {} 元",
            amt(v.total),
            amt(v.excluded),
            amt(calc.eligible)
        );
        match calc.basic_calc {
            BasicCalc::Slip => cx.push(
                ("basic", Some(i)),
                format!("{head} · 基本医保"),
                format!(
                    "{eligible}。基本医保支付按结算单填写的金额计：{} 元（不再按政策计算）。",
                    amt(calc.basic)
                ),
                Some(calc.basic),
                &[rule.cite],
                notes,
            ),
            BasicCalc::Computed {
                level: l,
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
                let vals = [
                    rule.deductible.v[l],
                    rule.mode,
                    rule.ratio[plan.benefit].v[l],
                    rule.cap,
                ];
                let tag = |cv: CVal| match cv.param() {
                    Some(_) => "（当地参数）",
                    None => "",
                };
                let mut a = format!("{eligible}。");
                match mode {
                    crate::policy::Mode::Annual => a.push_str(&format!(
                        "年度起付标准 {} 元{}，本次前尚需自付 {} 元，本次抵扣 {} 元；",
                        amt(deductible),
                        tag(vals[0]),
                        amt(deductible_due),
                        amt(deductible_used)
                    )),
                    crate::policy::Mode::PerVisit => a.push_str(&format!(
                        "起付标准 {} 元{}（每次计算），本次抵扣 {} 元；",
                        amt(deductible),
                        tag(vals[0]),
                        amt(deductible_used)
                    )),
                }
                a.push_str(&format!(
                    "（{} − {}）× {}（{}）{}= {}",
                    amt(calc.eligible),
                    amt(deductible_used),
                    pct(ratio),
                    if rule.ratio[plan.benefit].per_level {
                        level_name(l)
                    } else {
                        "各级医院"
                    },
                    tag(vals[2]),
                    fmt(raw)
                ));
                match (cap, cap_left) {
                    (Some(c), Some(left)) if raw > left => a.push_str(&format!(
                        "，超过年度最高支付限额 {} 元{}的剩余额度 {}，按剩余额度支付 {}",
                        amt(c),
                        tag(vals[3]),
                        amt(left),
                        fmt(exact)
                    )),
                    (Some(c), Some(left)) => a.push_str(&format!(
                        "，未超过年度最高支付限额 {} 元{}的剩余额度 {}",
                        amt(c),
                        tag(vals[3]),
                        amt(left)
                    )),
                    _ => {}
                }
                a.push_str(&format!("；四舍五入到分：{} 元。", amt(calc.basic)));
                let mut cites = vec![rule.cite];
                for cv in vals {
                    cites.extend(cv.cites());
                }
                let mut notes = notes;
                for cv in vals {
                    if let Some(pi) = cv.param() {
                        let n = local_note(p, pi);
                        if !notes.contains(&n) {
                            notes.push(n);
                        }
                    }
                }
                cx.push(
                    ("basic", Some(i)),
                    format!("{head} · 基本医保"),
                    a,
                    Some(calc.basic),
                    &cites,
                    notes,
                );
            }
        }

        critical_step(&mut cx, sc, plan, (i, &head), care, calc);
        assistance_step(&mut cx, plan, i, &head, calc);
    }

    // Visits whose in-policy burden is outside the critical-illness scope.
    let outside: Vec<usize> = sc
        .visits
        .iter()
        .zip(&s.visits)
        .enumerate()
        .filter(|(_, (v, c))| !plan.scope.contains(v.care) && c.eligible > c.basic)
        .map(|(i, _)| i)
        .collect();
    let crit_on = matches!(plan.critical, CritPlan::On { .. });
    let scope_excluded = crit_on && plan.scope_fallback.is_some() && !outside.is_empty();

    // Warnings about layers left out, bounds and assumptions.
    let could_count = |v: &crate::scenario::Visit| {
        plan.scope.contains(v.care)
            || (plan.scope_fallback.is_some() && plan.scope_widest.contains(v.care))
    };
    let any_in_scope = sc.visits.iter().any(could_count);
    match &plan.critical {
        CritPlan::Off(Off::NoParams) if any_in_scope => warnings.push(format!(
            "大病保险未计入：文件未规定本政策普通参保居民的大病保险起付标准和支付比例，本估算中大病保险为 0。如当地已公布，请填写{}。",
            layer_param_labels(p, "critical")
        )),
        CritPlan::On {
            cap_absent: true,
            from_schedule_param,
            ..
        } if s.critical > Decimal::ZERO => {
            let label = match from_schedule_param {
                Some(i) => format!("“{}”中的封顶线", p.params[*i].def.label),
                None => p
                    .critical
                    .schedule
                    .cap
                    .param()
                    .map(|i| format!("“{}”", p.params[i].def.label))
                    .unwrap_or_default(),
            };
            warnings.push(format!(
                "大病保险封顶线：文件未规定具体金额，本估算未计封顶线，大病保险 {} 元是上限，实际支付可能更低（个人自付相应可能更高）。如当地有封顶线，请填写{label}；当地明确不设封顶线的，请选择“不设封顶线”。",
                amt(s.critical)
            ));
        }
        _ => {}
    }
    if crit_on && !outside.is_empty() {
        let which: Vec<String> = outside
            .iter()
            .map(|&i| format!("{}（{}）", visit_label(i), sc.visits[i].care.name()))
            .collect();
        let scope_param = p.critical.scope.param();
        match (plan.scope_fallback, scope_param) {
            (Some(pi), _) => warnings.push(format!(
                "{}的个人负担本估算未计入大病保险（文件未规定）：哪些就诊计入大病保险的合规医疗费用由当地经办机构确定，未填写“{}”时本估算只计入{}费用。大病保险 {} 元是下限，实际支付可能更高。",
                which.join("、"),
                p.params[pi].def.label,
                plan.scope.names(),
                amt(s.critical)
            )),
            (None, Some(pi)) => warnings.push(format!(
                "按所填当地参数“{}”（只计入{}费用），{}的个人负担不计入大病保险；计入范围由当地经办机构确定。",
                p.params[pi].def.label,
                plan.scope.names(),
                which.join("、")
            )),
            (None, None) => {}
        }
    }
    if crit_on && !sc.visits.is_empty() {
        for a in &p.critical.assumptions {
            warnings.push(assumption_warning(reg, p, a));
        }
        if let CritPlan::On { tilt: Some(t), .. } = &plan.critical {
            if let Some(a) = &p.critical.tilts[*t].assumption {
                warnings.push(assumption_warning(reg, p, a));
            }
        }
    }
    if plan.assistance == AssistPlan::Off(Off::NoParams) && !sc.visits.is_empty() {
        // Only the parameters that concern this person: their own groups' ratios, the deductible
        // and the limit.
        let a = &p.assistance;
        let mut ids: Vec<CVal> = a
            .groups
            .iter()
            .filter(|(g, _)| sc.groups.contains(*g))
            .map(|(_, v)| *v)
            .collect();
        ids.extend([a.deductible, a.annual_limit]);
        let labels: Vec<String> = ids
            .iter()
            .filter_map(|v| v.param().map(|i| format!("“{}”", p.params[i].def.label)))
            .collect();
        warnings.push(format!(
            "医疗救助未计入：文件未规定医疗救助的起付标准、救助比例和年度限额，本估算中医疗救助为 0。如当地已公布，请填写{}。",
            labels.join("、")
        ));
    }
    for k in &sc.ignored_params {
        warnings.push(format!(
            "参数“{}”不是{}的当地参数，已忽略。",
            crate::scenario::clip(k),
            p.meta.name
        ));
    }
    Explanation {
        steps: cx.steps,
        warnings,
        bounds: bounds(plan, s, scope_excluded),
    }
}

/// The deductible with its derivation: "起付标准 = “居民人均可支配收入”（当地参数）35128 × 50% =
/// 17564 × 50% = 8782 元".
fn deductible_text(
    p: &Policy,
    sched: &Sched,
    origin: &DeductibleOrigin,
    from_schedule: Option<ParamIdx>,
) -> String {
    let mut t = String::from("起付标准");
    match (origin.from_param, from_schedule) {
        (Some((i, v, f)), _) if f != Decimal::ONE => t.push_str(&format!(
            " = {}{} × {} = {}",
            local(p, i),
            fmt(v),
            pct(f),
            fmt(origin.general)
        )),
        (Some((i, _, _)), _) => t.push_str(&format!(" = {}{}", local(p, i), fmt(origin.general))),
        (None, Some(i)) => t.push_str(&format!(
            " = {}中的起付标准 {}",
            local(p, i),
            fmt(origin.general)
        )),
        (None, None) => t.push_str(&format!(" {}", fmt(origin.general))),
    }
    if let Some(f) = origin.tilt_factor {
        t.push_str(&format!(" × {} = {}", pct(f), fmt(sched.deductible)));
    }
    t.push_str(" 元");
    t
}

fn critical_step(
    cx: &mut Ctx,
    sc: &Scenario,
    plan: &Plan,
    (i, head): (usize, &str),
    care: Care,
    calc: &crate::settle::VisitCalc,
) {
    let p = cx.p;
    let title = format!("{head} · 大病保险");
    // The sentences behind the schedule that applies to this person, the most specific first:
    // a tilt's own sentence before the general table.
    let sched_cites = |plan: &Plan| -> Vec<CiteIdx> {
        let mut v = Vec::new();
        match &plan.critical {
            CritPlan::On { tilt: Some(t), .. } => {
                let tilt = &p.critical.tilts[*t];
                v.push(tilt.cite);
                match &tilt.kind {
                    TiltKind::Table(s) => {
                        v.extend(s.deductible.cites());
                        v.extend(s.bands.iter().flat_map(|b| b.ratio.cites()));
                        v.extend(s.cap.cites());
                    }
                    TiltKind::Derive {
                        deductible_factor,
                        ratio_add,
                        no_cap_cite,
                    } => {
                        v.extend(deductible_factor.cites());
                        v.extend(ratio_add.cites());
                        v.push(*no_cap_cite);
                        let s = &p.critical.schedule;
                        v.extend(s.deductible.cites());
                        v.extend(s.bands.iter().flat_map(|b| b.ratio.cites()));
                    }
                }
            }
            _ => {
                let s = &p.critical.schedule;
                v.extend(s.deductible.cites());
                v.extend(s.bands.iter().flat_map(|b| b.ratio.cites()));
                v.extend(s.cap.cites());
            }
        }
        v.extend(p.critical.basis.iter().copied());
        v
    };
    match (&plan.critical, calc.crit_calc) {
        (
            CritPlan::On {
                sched,
                tilt,
                cap_absent,
                origin,
                from_schedule_param,
                tilt_add,
            },
            CritCalc::Computed {
                burden,
                before,
                after,
                f_before,
                f_after,
                paid_before,
                cap_left,
                exact,
            },
        ) => {
            let mut a = format!(
                "本次个人负担的政策范围内费用 = {} − 基本医保 {} = {} 元；年内累计从 {} 元到 {} 元。",
                amt(calc.eligible),
                amt(calc.basic),
                amt(burden),
                fmt(before),
                fmt(after)
            );
            let who = match tilt {
                Some(t) => {
                    let tg = p.critical.tilts[*t].groups;
                    let mine: Vec<_> = sc
                        .groups
                        .iter()
                        .filter(|g| tg.contains(*g))
                        .map(Group::name)
                        .collect();
                    format!("因属于{}，按倾斜标准", mine.join("、"))
                }
                None => "按普通参保居民标准".to_string(),
            };
            a.push_str(&format!(
                "{who}：{}",
                deductible_text(p, sched, origin, *from_schedule_param)
            ));
            if let Some(add) = tilt_add {
                a.push_str(&format!(
                    "，各段支付比例在普通标准上提高 {} 个百分点",
                    fmt(*add * Decimal::ONE_HUNDRED)
                ));
            }
            let mut parts = Vec::new();
            for b in &sched.bands {
                let lo = b.lo.max(before);
                let hi = match b.hi {
                    Some(h) => h.min(after),
                    None => after,
                };
                if hi > lo {
                    parts.push(format!("({} − {}) × {}", fmt(hi), fmt(lo), pct(b.ratio)));
                }
            }
            if parts.is_empty() {
                a.push_str("，本次累计未进入任何补偿分段");
            } else {
                a.push_str(&format!(
                    "；本次落入分段：{} = {}",
                    parts.join(" + "),
                    fmt(f_after - f_before)
                ));
            }
            let owed = (f_after - paid_before).max(Decimal::ZERO);
            a.push_str(&format!(
                "；年内累计应补偿 {}，减去此前已支付 {}，本次应付 {}",
                fmt(f_after),
                amt(paid_before),
                fmt(owed)
            ));
            let cap_param = p.critical.schedule.cap.param().filter(|_| tilt.is_none());
            let cap_tag = match (from_schedule_param, cap_param) {
                (Some(_), _) | (None, Some(_)) if tilt.is_none() => "（当地参数）",
                _ => "",
            };
            match (sched.cap, cap_left) {
                (Some(c), Some(left)) if owed > left => a.push_str(&format!(
                    "，超过年度封顶线 {} 元{cap_tag}的剩余额度 {}，按剩余额度支付 {}",
                    amt(c),
                    amt(left),
                    fmt(exact)
                )),
                (Some(c), Some(_)) => {
                    a.push_str(&format!("，未超过年度封顶线 {} 元{cap_tag}", amt(c)))
                }
                _ if *cap_absent => a.push_str(
                    "；本估算未计封顶线（文件未规定，也未填写当地参数），实际支付可能更低",
                ),
                _ if tilt.is_some() => a.push_str("，倾斜人群不设封顶线"),
                _ if cap_tag.is_empty() => a.push_str("，不设封顶线"),
                _ => a.push_str("，当地参数规定不设封顶线"),
            }
            a.push_str(&format!("；四舍五入到分：{} 元。", amt(calc.critical)));
            let cites = sched_cites(plan);
            // The layer's caveats go with its first computed step only.
            let mut notes = if cx.crit_noted {
                vec![]
            } else {
                p.critical.notes.clone()
            };
            if !cx.crit_noted {
                let mut used: Vec<ParamIdx> = Vec::new();
                used.extend(origin.from_param.map(|(i, _, _)| i));
                used.extend(*from_schedule_param);
                if from_schedule_param.is_none() {
                    let s = &p.critical.schedule;
                    used.extend(s.bands.iter().filter_map(|b| b.ratio.param()));
                    if tilt.is_none() && !cap_absent {
                        used.extend(s.cap.param());
                    }
                }
                if plan.scope_fallback.is_none() {
                    used.extend(p.critical.scope.param());
                }
                used.dedup();
                notes.extend(used.into_iter().map(|i| local_note(p, i)));
            }
            cx.crit_noted = true;
            if tilt.is_some() {
                if let Some(TiltKind::Derive { .. }) = tilt.map(|t| &p.critical.tilts[t].kind) {
                    notes.push("倾斜标准由普通标准推算：起付标准按文件比例降低，各段支付比例提高，不设封顶线。".into());
                }
            }
            cx.push(
                ("critical", Some(i)),
                title,
                a,
                Some(calc.critical),
                &cites,
                notes,
            );
        }
        _ if !plan.scope.contains(care) => {
            let scope = p.critical.scope;
            let why = match (plan.scope_fallback, scope.param()) {
                (Some(pi), _) => format!(
                    "{}费用本估算未计入大病保险（文件未规定）：哪些就诊计入由当地经办机构确定，未填写“{}”时只计入{}费用。本次大病保险 0.00 元。",
                    care.name(),
                    p.params[pi].def.label,
                    plan.scope.names()
                ),
                (None, Some(pi)) => format!(
                    "按所填当地参数“{}”，{}费用不计入大病保险。本次大病保险 0.00 元。",
                    p.params[pi].def.label,
                    care.name()
                ),
                (None, None) => format!(
                    "文件规定计入大病保险的是{}费用，{}费用不计入。本次大病保险 0.00 元。",
                    plan.scope.names(),
                    care.name()
                ),
            };
            cx.push(
                ("critical", Some(i)),
                title,
                why,
                Some(Decimal::ZERO),
                &scope.cites().collect::<Vec<_>>(),
                vec![],
            );
        }
        _ => {
            cx.push(
                ("critical", Some(i)),
                title,
                "文件未规定本政策的大病保险起付标准和支付比例，且未填写当地参数，本次大病保险按 0.00 元计。".into(),
                Some(Decimal::ZERO),
                &p.critical.scope.cites().collect::<Vec<_>>(),
                vec![],
            );
        }
    }
}

fn assistance_step(
    cx: &mut Ctx,
    plan: &Plan,
    i: usize,
    head: &str,
    calc: &crate::settle::VisitCalc,
) {
    let p = cx.p;
    let title = format!("{head} · 医疗救助");
    let a = &p.assistance;
    match (plan.assistance, calc.assist_calc) {
        (
            AssistPlan::On {
                group,
                deductible,
                limit,
                ..
            },
            AssistCalc::Computed {
                remaining,
                deductible_used,
                base,
                ratio,
                limit_left,
                exact,
            },
        ) => {
            let ratio_val = a.groups.iter().find(|(g, _)| *g == group).map(|(_, v)| *v);
            let tag = |cv: Option<CVal>| match cv.and_then(|c| c.param()) {
                Some(_) => "（当地参数）",
                None => "",
            };
            let mut s = format!(
                "经基本医保和大病保险后，政策范围内个人负担 = {} − {} − {} = {} 元；{}按救助比例 {}{}；年度起付标准 {} 元{}，本次抵扣 {}；{} × {} = {}",
                amt(calc.eligible),
                amt(calc.basic),
                amt(calc.critical),
                amt(remaining),
                group.name(),
                pct(ratio),
                tag(ratio_val),
                amt(deductible),
                tag(Some(a.deductible)),
                amt(deductible_used),
                amt(base),
                pct(ratio),
                fmt(base * ratio)
            );
            let lt = tag(Some(a.annual_limit));
            match (limit, limit_left) {
                (Some(l), Some(left)) if base * ratio > left => s.push_str(&format!(
                    "，超过门诊和住院共用的年度救助限额 {} 元{lt}的剩余额度 {}，按 {} 支付",
                    amt(l),
                    amt(left),
                    fmt(exact)
                )),
                (Some(l), _) => s.push_str(&format!(
                    "，未超过门诊和住院共用的年度救助限额 {} 元{lt}",
                    amt(l)
                )),
                _ => {}
            }
            s.push_str(&format!("；四舍五入到分：{} 元。", amt(calc.assistance)));
            // The layer's caveat goes with its first step only.
            let notes = if cx.assist_noted {
                vec![]
            } else {
                let mut n: Vec<String> = [ratio_val, Some(a.deductible), Some(a.annual_limit)]
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.param())
                    .map(|i| local_note(p, i))
                    .collect();
                n.dedup();
                n
            };
            cx.assist_noted = true;
            let mut cites = vec![a.cite];
            cites.extend(ratio_val.iter().flat_map(|c| c.cites()));
            cites.extend(a.deductible.cites());
            cites.extend(a.annual_limit.cites());
            cx.push(
                ("assistance", Some(i)),
                title,
                s,
                Some(calc.assistance),
                &cites,
                notes,
            );
        }
        (AssistPlan::Off(Off::NotEligible), _) => cx.push(
            ("assistance", Some(i)),
            title,
            format!(
                "医疗救助面向{}等人群，所选身份不在其中，本次医疗救助 0.00 元。",
                a.groups
                    .iter()
                    .map(|(g, _)| g.name())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            Some(Decimal::ZERO),
            &[a.cite],
            vec![],
        ),
        _ => {
            // The layer's caveats go with its first step only.
            let notes = if cx.assist_noted {
                vec![]
            } else {
                a.notes.clone()
            };
            cx.assist_noted = true;
            cx.push(("assistance", Some(i)),
            title,
            "文件未规定医疗救助的起付标准、救助比例和年度限额，且未填写当地参数，本次医疗救助按 0.00 元计。".into(),
            Some(Decimal::ZERO),
            &[a.cite],
            notes,
        )
        }
    }
}

/// The steps as plain text, for `yibao explain` at a help-desk terminal.
pub fn to_text(steps: &[Step], warnings: &[String]) -> String {
    let mut out = String::new();
    for (n, s) in steps.iter().enumerate() {
        out.push_str(&format!(
            "{}. 【{}】{}\n",
            n + 1,
            layer_name(s.layer),
            s.title
        ));
        out.push_str(&format!("   {}\n", s.arithmetic));
        if let Some(a) = &s.amount {
            out.push_str(&format!("   金额：{a} 元\n"));
        }
        for c in &s.citations {
            let num = if c.number.is_empty() {
                String::new()
            } else {
                format!("（{}）", c.number)
            };
            out.push_str(&format!(
                "   依据：《{}》{} {}：“{}”\n",
                c.document, num, c.clause, c.quote
            ));
        }
        for note in &s.notes {
            out.push_str(&format!("   说明：{note}\n"));
        }
    }
    if !warnings.is_empty() {
        out.push_str("\n提示：\n");
        for w in warnings {
            out.push_str(&format!("  - {w}\n"));
        }
    }
    out
}

/// The Chinese name of one of the result's five amounts.
pub fn amount_name(amount: &str) -> &'static str {
    match amount {
        "total" => "医疗总费用",
        "basic" => "基本医保",
        "critical" => "大病保险",
        "assistance" => "医疗救助",
        "out_of_pocket" => "个人自付",
        _ => "",
    }
}

pub fn layer_name(layer: &str) -> &'static str {
    match layer {
        "policy" => "政策",
        "enrolment" => "参保",
        "contribution" => "缴费",
        "basic" => "基本医保",
        "critical" => "大病保险",
        "assistance" => "医疗救助",
        _ => "其他",
    }
}
