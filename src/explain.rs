//! The explanation: the result's `steps` and `warnings`.
//!
//! Each step names its layer, shows its arithmetic with the actual numbers, and cites the
//! document, 文号, clause and sentence it applies, so a help-desk worker can trace every figure.
//! Every visit gets one step per layer, carrying that layer's payment as `amount`, so the steps'
//! amounts add up to the result's totals (checked by tests).

use crate::json::{Json, ObjBuilder};
use crate::money::{fmt_amount as amt, fmt_exact as fmt, fmt_percent as pct};
use crate::policy::{CVal, Care, CiteIdx, Group, Need, Policy, Registry, Src, TiltKind};
use crate::scenario::{visit_label, Scenario};
use crate::settle::{AssistCalc, AssistPlan, BasicCalc, CritCalc, CritPlan, Off, Plan, Settlement};
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

/// Labels of the layer's local parameters, for "please fill in …" warnings.
fn layer_param_labels(p: &Policy, layer: &str) -> String {
    p.params
        .iter()
        .filter(|i| i.def.layer == layer && i.need != Need::Optional)
        .map(|i| format!("“{}”", i.def.label))
        .collect::<Vec<_>>()
        .join("、")
}

/// Builds the steps and warnings for a settled scenario.
pub fn explain(
    reg: &Registry,
    sc: &Scenario,
    plan: &Plan,
    s: &Settlement,
) -> (Vec<Step>, Vec<String>) {
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
    // Tier, benefit tier and groups.
    let tier = &p.tiers[sc.tier];
    let benefit_name = &p.benefits[plan.benefit].name;
    let mut arith = format!("参保档次：{}。{}", tier.name, tier.description);
    let mut cites = vec![tier.benefit_cite];
    match plan.benefit_from.and_then(|g| p.group_rule(g)) {
        Some(rule) => {
            arith.push_str(&format!(
                "因属于{}，报销待遇为：{}。",
                rule.group.name(),
                benefit_name
            ));
            if let Some(e) = &rule.enrolment {
                cites.push(e.cite);
            }
        }
        None => arith.push_str(&format!("报销待遇：{}。", benefit_name)),
    }
    cx.push(
        ("enrolment", None),
        format!("参保档次：{}", tier.name),
        arith,
        None,
        &cites,
        vec![],
    );

    for g in sc.groups.iter() {
        match p.group_rule(g) {
            Some(rule) => cx.push(
                ("enrolment", None),
                format!("身份：{}", g.name()),
                rule.definition.clone(),
                None,
                &[rule.cite],
                vec![],
            ),
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
    let c = &plan.contribution;
    let ct = &p.tiers[c.tier];
    let mut arith = format!("个人缴费标准（{}）{} 元", ct.name, amt(c.standard));
    let mut cites = vec![ct.individual.cite];
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
    arith.push_str(&format!("；财政补助每人 {} 元。", amt(c.subsidy)));
    cites.push(ct.subsidy.cite);
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
                let mut a = format!("{eligible}。");
                match mode {
                    crate::policy::Mode::Annual => a.push_str(&format!(
                        "年度起付标准 {} 元，本次前尚需自付 {} 元，本次抵扣 {} 元；",
                        amt(deductible),
                        amt(deductible_due),
                        amt(deductible_used)
                    )),
                    crate::policy::Mode::PerVisit => a.push_str(&format!(
                        "起付标准 {} 元（每次计算），本次抵扣 {} 元；",
                        amt(deductible),
                        amt(deductible_used)
                    )),
                }
                a.push_str(&format!(
                    "（{} − {}）× {}（{}）= {}",
                    amt(calc.eligible),
                    amt(deductible_used),
                    pct(ratio),
                    if rule.ratio[plan.benefit].per_level {
                        level_name(l)
                    } else {
                        "各级医院"
                    },
                    fmt(raw)
                ));
                match (cap, cap_left) {
                    (Some(c), Some(left)) if raw > left => a.push_str(&format!(
                        "，超过年度最高支付限额 {} 元的剩余额度 {}，按剩余额度支付 {}",
                        amt(c),
                        amt(left),
                        fmt(exact)
                    )),
                    (Some(c), Some(left)) => a.push_str(&format!(
                        "，未超过年度最高支付限额 {} 元的剩余额度 {}",
                        amt(c),
                        amt(left)
                    )),
                    _ => {}
                }
                a.push_str(&format!("；四舍五入到分：{} 元。", amt(calc.basic)));
                let mut cites = vec![rule.cite];
                for cv in [
                    rule.deductible.v[l],
                    rule.mode,
                    rule.ratio[plan.benefit].v[l],
                    rule.cap,
                ] {
                    cites.push(cv.cite);
                }
                let mut notes = notes;
                for cv in [
                    rule.deductible.v[l],
                    rule.mode,
                    rule.ratio[plan.benefit].v[l],
                    rule.cap,
                ] {
                    if let Src::Param(pi, _) = cv.src {
                        notes.push(format!(
                            "“{}”为当地参数：文件未规定，由当地经办机构公布。",
                            p.params[pi].def.label
                        ));
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

        critical_step(&mut cx, plan, (i, sc.groups), &head, care, calc);
        assistance_step(&mut cx, plan, i, &head, calc);
    }

    // Warnings about layers left out.
    let any_in_scope = sc.visits.iter().any(|v| plan.scope[v.care as usize]);
    match &plan.critical {
        CritPlan::Off(Off::NoParams) if any_in_scope => warnings.push(format!(
            "大病保险未计入：文件未规定本政策普通参保居民的大病保险起付标准和支付比例，本估算中大病保险为 0。如当地已公布，请填写{}。",
            layer_param_labels(p, "critical")
        )),
        CritPlan::On { cap_absent: true, .. } if any_in_scope => {
            if let Src::Param(i, _) = p.critical.schedule.cap.src {
                warnings.push(format!(
                    "大病保险封顶线：文件未规定具体金额，本估算按不设封顶线计算。如当地有封顶线，请填写“{}”。",
                    p.params[i].def.label
                ));
            }
        }
        _ => {}
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
            .filter_map(|v| match v.src {
                Src::Param(i, _) => Some(format!("“{}”", p.params[i].def.label)),
                _ => None,
            })
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
    (cx.steps, warnings)
}

fn critical_step(
    cx: &mut Ctx,
    plan: &Plan,
    (i, groups): (usize, crate::policy::Groups),
    head: &str,
    care: Care,
    calc: &crate::settle::VisitCalc,
) {
    let p = cx.p;
    let title = format!("{head} · 大病保险");
    let sched_cites = |plan: &Plan| -> Vec<CiteIdx> {
        let mut v = p.critical.basis.clone();
        v.push(p.critical.scope_cite);
        match &plan.critical {
            CritPlan::On { tilt: Some(t), .. } => {
                let tilt = &p.critical.tilts[*t];
                v.push(tilt.cite);
                match &tilt.kind {
                    TiltKind::Table(s) => {
                        v.push(s.deductible.cite);
                        v.extend(s.bands.iter().map(|b| b.ratio.cite));
                        v.push(s.cap.cite);
                    }
                    TiltKind::Derive {
                        deductible_factor,
                        ratio_add,
                        no_cap_cite,
                    } => {
                        v.push(p.critical.schedule.deductible.cite);
                        v.extend(p.critical.schedule.bands.iter().map(|b| b.ratio.cite));
                        v.extend([deductible_factor.cite, ratio_add.cite, *no_cap_cite]);
                    }
                }
            }
            _ => {
                let s = &p.critical.schedule;
                v.push(s.deductible.cite);
                v.extend(s.bands.iter().map(|b| b.ratio.cite));
                v.push(s.cap.cite);
            }
        }
        v
    };
    match (&plan.critical, calc.crit_calc) {
        (
            CritPlan::On { sched, tilt, .. },
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
                    let mine: Vec<_> = groups
                        .iter()
                        .filter(|g| tg.contains(*g))
                        .map(Group::name)
                        .collect();
                    format!("因属于{}，按倾斜标准", mine.join("、"))
                }
                None => "按普通参保居民标准".to_string(),
            };
            a.push_str(&format!("{who}：起付标准 {} 元", fmt(sched.deductible)));
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
            match (sched.cap, cap_left) {
                (Some(c), Some(left)) if owed > left => a.push_str(&format!(
                    "，超过年度封顶线 {} 元的剩余额度 {}，按剩余额度支付 {}",
                    amt(c),
                    amt(left),
                    fmt(exact)
                )),
                (Some(c), Some(_)) => a.push_str(&format!("，未超过年度封顶线 {} 元", amt(c))),
                _ => a.push_str("，不设封顶线"),
            }
            a.push_str(&format!("；四舍五入到分：{} 元。", amt(calc.critical)));
            let cites = sched_cites(plan);
            // The layer's caveats go with its first computed step only.
            let mut notes = if cx.crit_noted {
                vec![]
            } else {
                p.critical.notes.clone()
            };
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
        (CritPlan::On { .. }, _) => {
            cx.push(
                ("critical", Some(i)),
                title,
                format!(
                    "{}费用不计入大病保险的合规费用，本次大病保险支付 0.00 元。",
                    care.name()
                ),
                Some(Decimal::ZERO),
                &[p.critical.scope_cite],
                vec![],
            );
        }
        (CritPlan::Off(_), _) => {
            let why = if plan.scope[care as usize] {
                "文件未规定本政策的大病保险起付标准和支付比例，且未填写当地参数，本次大病保险按 0.00 元计。"
            } else {
                "本类费用不计入大病保险的合规费用，本次大病保险支付 0.00 元。"
            };
            cx.push(
                ("critical", Some(i)),
                title,
                why.into(),
                Some(Decimal::ZERO),
                &[p.critical.scope_cite],
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
            let mut s = format!(
                "经基本医保和大病保险后，政策范围内个人负担 = {} − {} − {} = {} 元；{}按救助比例 {}；年度起付标准 {} 元，本次抵扣 {}；{} × {} = {}",
                amt(calc.eligible),
                amt(calc.basic),
                amt(calc.critical),
                amt(remaining),
                group.name(),
                pct(ratio),
                amt(deductible),
                amt(deductible_used),
                amt(base),
                pct(ratio),
                fmt(base * ratio)
            );
            match (limit, limit_left) {
                (Some(l), Some(left)) if base * ratio > left => s.push_str(&format!(
                    "，超过门诊和住院共用的年度救助限额 {} 元的剩余额度 {}，按 {} 支付",
                    amt(l),
                    amt(left),
                    fmt(exact)
                )),
                (Some(l), _) => s.push_str(&format!(
                    "，未超过门诊和住院共用的年度救助限额 {} 元",
                    amt(l)
                )),
                _ => {}
            }
            s.push_str(&format!("；四舍五入到分：{} 元。", amt(calc.assistance)));
            // The layer's caveat goes with its first step only.
            let notes = if cx.assist_noted {
                vec![]
            } else {
                vec!["医疗救助的比例、起付标准和年度限额为当地参数：文件未规定，由当地经办机构公布。".to_string()]
            };
            cx.assist_noted = true;
            let cites = [a.cite, a.deductible.cite, a.annual_limit.cite];
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
