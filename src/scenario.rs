//! Reading a scenario (docs/CONTRACT.md, "Scenario") from JSON into typed values.
//!
//! The JSON is walked by hand rather than through serde derive, so that every refusal can name the
//! exact field (`visits[2].excluded`) and say in Chinese what to do. Fields are checked in the
//! contract's order, and the first fault is reported: policy, tier, groups, params, then each visit
//! in order (care, level, total, excluded, basic_paid).

use crate::error::{Error, ErrorCode};
use crate::json::Json;
use crate::money::{self, BadNumber};
use crate::policy::{Care, Group, Groups, ParamIdx, ParamInfo, Policy, Registry, Unit};
use rust_decimal::Decimal;

/// A JSON object's members, looked up by key (the last of repeated keys wins).
#[derive(Clone, Copy)]
struct Obj<'a>(&'a [(String, Json)]);

impl<'a> Obj<'a> {
    fn of(v: &'a Json) -> Option<Obj<'a>> {
        match v {
            Json::Obj(m) => Some(Obj(m)),
            _ => None,
        }
    }
    fn get(self, key: &str) -> Option<&'a Json> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    fn keys(self) -> impl Iterator<Item = &'a String> {
        self.0.iter().map(|(k, _)| k)
    }
}

/// At most this many visits in one year. Why a limit: a page or script that loops by mistake
/// should get a clear error, not a frozen tab.
pub const MAX_VISITS: usize = 500;

/// One visit, validated: `excluded <= total` and `basic_paid <= total - excluded`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Visit {
    pub care: Care,
    pub level: Option<u8>,
    pub total: Decimal,
    pub excluded: Decimal,
    pub basic_paid: Option<Decimal>,
}

impl Visit {
    /// The in-policy cost (政策范围内费用): total minus the excluded part.
    pub fn eligible(&self) -> Decimal {
        self.total - self.excluded
    }
}

/// A local parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub enum PVal {
    Num(Decimal),
    /// `"none"` for a cap that accepts it: the agency states there is no cap.
    NoCap,
    /// The index of the chosen option in the parameter's `choices`.
    Choice(usize),
    Schedule(ScheduleParam),
}

/// A schedule given as one local parameter: the deductible (the start of the first band), the
/// bands, and the cap.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleParam {
    pub deductible: Decimal,
    /// Each band's upper limit on the cumulative burden (the last may be open) and its ratio.
    pub bands: Vec<(Option<Decimal>, Decimal)>,
    pub cap: CapParam,
}

/// A cap as a local parameter gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CapParam {
    /// Not given: the estimate is computed without a cap and says it is an upper bound.
    Unknown,
    /// Given as `"none"`: the agency states there is no cap.
    NoCap,
    Amount(Decimal),
}

/// At most this many bands in a schedule parameter. Real schedules have three or four.
pub const MAX_BANDS: usize = 20;

/// A validated scenario, tied to its policy.
#[derive(Debug, Clone)]
pub struct Scenario<'p> {
    pub policy: &'p Policy,
    pub tier: usize,
    pub groups: Groups,
    /// Indexed like `policy.params`.
    pub params: Vec<Option<PVal>>,
    /// Parameter ids the policy does not have; they are ignored with a warning.
    pub ignored_params: Vec<String>,
    pub visits: Vec<Visit>,
}

fn err(code: ErrorCode, field: impl Into<String>, msg: impl Into<String>) -> Error {
    Error::new(code, field, msg)
}

/// Which visit, in words: "第1次就诊".
pub fn visit_label(i: usize) -> String {
    format!("第{}次就诊", i + 1)
}

/// Reads and validates a scenario.
pub fn parse<'r>(input: &Json, reg: &'r Registry) -> Result<Scenario<'r>, Error> {
    let obj = Obj::of(input).ok_or_else(|| {
        err(
            ErrorCode::InvalidJson,
            "",
            "输入应是一个 JSON 对象（以 { 开头），请检查格式。",
        )
    })?;

    let policy = parse_policy(obj, reg)?;
    let tier = parse_tier(obj, policy)?;
    let groups = parse_groups(obj)?;
    let (params, ignored_params) = parse_params(obj, policy)?;
    let visits = parse_visits(obj)?;
    Ok(Scenario {
        policy,
        tier,
        groups,
        params,
        ignored_params,
        visits,
    })
}

fn policy_list(reg: &Registry) -> String {
    reg.policies
        .iter()
        .map(|p| format!("{}（{}）", p.meta.id, p.meta.name))
        .collect::<Vec<_>>()
        .join("、")
}

fn parse_policy<'r>(obj: Obj, reg: &'r Registry) -> Result<&'r Policy, Error> {
    match obj.get("policy") {
        None | Some(Json::Null) => Err(err(
            ErrorCode::UnknownPolicy,
            "policy",
            format!("请选择地区和年度政策。可选：{}。", policy_list(reg)),
        )),
        Some(Json::Str(s)) => reg.policy(s).ok_or_else(|| {
            err(
                ErrorCode::UnknownPolicy,
                "policy",
                format!("没有名为“{}”的政策。可选：{}。", clip(s), policy_list(reg)),
            )
        }),
        Some(_) => Err(err(
            ErrorCode::UnknownPolicy,
            "policy",
            format!("政策应填写为文本编号。可选：{}。", policy_list(reg)),
        )),
    }
}

/// Shortens user text quoted back in a message, so a huge string cannot flood the page.
pub fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

fn parse_tier(obj: Obj, policy: &Policy) -> Result<usize, Error> {
    let list = || {
        policy
            .tiers
            .iter()
            .map(|t| format!("{}（{}）", t.id, t.name))
            .collect::<Vec<_>>()
            .join("、")
    };
    match obj.get("tier") {
        None | Some(Json::Null) => Ok(0),
        Some(Json::Str(s)) => policy.tier_index(s).ok_or_else(|| {
            err(
                ErrorCode::UnknownTier,
                "tier",
                format!(
                    "“{}”不是{}的参保档次。可选：{}。",
                    clip(s),
                    policy.meta.name,
                    list()
                ),
            )
        }),
        Some(_) => Err(err(
            ErrorCode::UnknownTier,
            "tier",
            format!("参保档次应填写为文本。可选：{}。", list()),
        )),
    }
}

fn parse_groups(obj: Obj) -> Result<Groups, Error> {
    let mut groups = Groups::default();
    match obj.get("groups") {
        None | Some(Json::Null) => Ok(groups),
        Some(Json::Arr(items)) => {
            for (i, item) in items.iter().enumerate() {
                let g = item.as_str().and_then(Group::parse).ok_or_else(|| {
                    let shown = item
                        .as_str()
                        .map(clip)
                        .unwrap_or_else(|| "（非文本）".into());
                    err(
                        ErrorCode::UnknownGroup,
                        format!("groups[{i}]"),
                        format!(
                            "“{shown}”不是可识别的身份类别。可选：{}。",
                            Group::ALL
                                .iter()
                                .map(|g| format!("{}（{}）", g.id(), g.name()))
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                    )
                })?;
                groups.insert(g);
            }
            Ok(groups)
        }
        Some(_) => Err(err(
            ErrorCode::UnknownGroup,
            "groups",
            "身份类别应是一个列表，例如 [\"dibao\"]。",
        )),
    }
}

/// Explains a refused number with the field's name in front.
fn bad_number(field: String, name: &str, e: BadNumber, ratio: bool) -> Error {
    err(
        ErrorCode::InvalidAmount,
        field,
        format!("{name}{}。", e.explain(ratio)),
    )
}

fn parse_params(obj: Obj, policy: &Policy) -> Result<(Vec<Option<PVal>>, Vec<String>), Error> {
    let mut values: Vec<Option<PVal>> = vec![None; policy.params.len()];
    let mut ignored = Vec::new();
    let map = match obj.get("params") {
        None | Some(Json::Null) => return Ok((values, ignored)),
        Some(Json::Obj(m)) => Obj(m),
        Some(_) => {
            return Err(err(
                ErrorCode::InvalidAmount,
                "params",
                "当地参数应是一个对象，以参数编号为键、文本形式的数值为值。",
            ))
        }
    };
    // Checked in the policy's own order so the first error is the first field on the page.
    for (idx, info) in policy.params.iter().enumerate() {
        let id = &info.def.id;
        let v = match map.get(id.as_str()) {
            None | Some(Json::Null) => continue,
            Some(v) => v,
        };
        values[idx] = Some(parse_param(info, &format!("params.{id}"), v)?);
    }
    for k in map.keys() {
        if policy.param_index(k).is_none() && !ignored.contains(k) {
            ignored.push(k.clone());
        }
    }
    Ok((values, ignored))
}

/// One local parameter's value, checked against its unit.
fn parse_param(info: &ParamInfo, field: &str, v: &Json) -> Result<PVal, Error> {
    let name = format!("“{}”", info.def.label);
    if info.unit == Unit::Schedule {
        return parse_schedule(field, &name, v);
    }
    let Json::Str(s) = v else {
        let (code, what) = match info.unit {
            Unit::Choice => (ErrorCode::InvalidParam, "应从给定选项中选择"),
            Unit::Ratio => (
                ErrorCode::InvalidAmount,
                "应填写为文本形式的小数，例如 \"0.5\"",
            ),
            _ => (
                ErrorCode::InvalidAmount,
                "应填写为文本形式的金额，例如 \"3000\"",
            ),
        };
        return Err(err(code, field, format!("{name}{what}。")));
    };
    match info.unit {
        Unit::Yuan if info.def.accepts_none && s == "none" => Ok(PVal::NoCap),
        Unit::Yuan => money::parse_amount(s)
            .map(PVal::Num)
            .map_err(|e| bad_number(field.into(), &name, e, false)),
        Unit::Ratio => money::parse_ratio(s)
            .map(PVal::Num)
            .map_err(|e| bad_number(field.into(), &name, e, true)),
        Unit::Choice | Unit::Schedule => {
            match info.def.choices.iter().position(|c| c.value == *s) {
                Some(k) => Ok(PVal::Choice(k)),
                None => {
                    let list = info
                        .def
                        .choices
                        .iter()
                        .map(|c| format!("{}（{}）", c.value, c.label))
                        .collect::<Vec<_>>()
                        .join("、");
                    Err(err(
                        ErrorCode::InvalidParam,
                        field,
                        format!("{name}应从以下选项中选择：{list}。"),
                    ))
                }
            }
        }
    }
}

/// A schedule parameter: `{"deductible": "20000", "bands": [{"upto": "100000", "ratio": "0.5"},
/// …, {"ratio": "0.7"}], "cap": "170000" | "none"}`. Band limits are on the cumulative burden
/// from 0 and must rise above the deductible; only the last band may be open-ended; a last band
/// with a limit means nothing is paid above it. A cap left out is unknown, not "none".
fn parse_schedule(field: &str, name: &str, v: &Json) -> Result<PVal, Error> {
    let shape = || {
        err(
            ErrorCode::InvalidParam,
            field,
            format!("{name}应包括起付标准（deductible）和至少一个分段（bands，每段有上限 upto 和比例 ratio），可另填封顶线（cap）。"),
        )
    };
    let o = Obj::of(v).ok_or_else(shape)?;
    for k in o.keys() {
        if !["deductible", "bands", "cap"].contains(&k.as_str()) {
            return Err(err(
                ErrorCode::InvalidParam,
                format!("{field}.{}", clip(k)),
                format!(
                    "{name}中没有“{}”这一项，只有 deductible、bands 和 cap。",
                    clip(k)
                ),
            ));
        }
    }
    let amount = |key: &str, what: &str, json: Option<&Json>| -> Result<Option<Decimal>, Error> {
        let f = format!("{field}.{key}");
        let full = format!("{name}的{what}");
        match json {
            None | Some(Json::Null) => Ok(None),
            Some(Json::Str(s)) => money::parse_amount(s)
                .map(Some)
                .map_err(|e| bad_number(f, &full, e, false)),
            Some(_) => Err(err(
                ErrorCode::InvalidAmount,
                f,
                format!("{full}应填写为文本形式的金额，例如 \"20000\"。"),
            )),
        }
    };
    let deductible = amount("deductible", "起付标准", o.get("deductible"))?.ok_or_else(|| {
        err(
            ErrorCode::InvalidAmount,
            format!("{field}.deductible"),
            format!("请填写{name}的起付标准。"),
        )
    })?;
    let items = match o.get("bands") {
        Some(Json::Arr(a)) if !a.is_empty() => a,
        _ => {
            return Err(err(
                ErrorCode::InvalidParam,
                format!("{field}.bands"),
                format!("{name}至少要有一个分段，每段填写上限（最后一段可不填）和支付比例。"),
            ))
        }
    };
    if items.len() > MAX_BANDS {
        return Err(err(
            ErrorCode::InvalidParam,
            format!("{field}.bands"),
            format!("{name}最多{MAX_BANDS}个分段。"),
        ));
    }
    let mut bands = Vec::with_capacity(items.len());
    let mut last = deductible;
    for (i, b) in items.iter().enumerate() {
        let bf = format!("{field}.bands[{i}]");
        let nth = format!("{name}第{}段", i + 1);
        let bo = Obj::of(b).ok_or_else(|| {
            err(
                ErrorCode::InvalidParam,
                bf.clone(),
                format!("{nth}应包括上限（upto）和支付比例（ratio）。"),
            )
        })?;
        let upto = amount(
            &format!("bands[{i}].upto"),
            &format!("第{}段上限", i + 1),
            bo.get("upto"),
        )?;
        let ratio = match bo.get("ratio") {
            Some(Json::Str(s)) => money::parse_ratio(s).map_err(|e| {
                bad_number(format!("{bf}.ratio"), &format!("{nth}的支付比例"), e, true)
            })?,
            None | Some(Json::Null) => {
                return Err(err(
                    ErrorCode::InvalidAmount,
                    format!("{bf}.ratio"),
                    format!("请填写{nth}的支付比例。"),
                ))
            }
            Some(_) => {
                return Err(err(
                    ErrorCode::InvalidAmount,
                    format!("{bf}.ratio"),
                    format!("{nth}的支付比例应填写为文本形式的小数，例如 \"0.5\"。"),
                ))
            }
        };
        match upto {
            None if i + 1 < items.len() => {
                return Err(err(
                    ErrorCode::InvalidParam,
                    format!("{bf}.upto"),
                    format!("请填写{nth}的上限：只有最后一段可以不设上限。"),
                ))
            }
            Some(u) if u <= last => {
                return Err(err(
                    ErrorCode::InvalidParam,
                    format!("{bf}.upto"),
                    format!(
                        "{nth}的上限（{}元）应高于{}（{}元）。",
                        money::fmt_amount(u),
                        if i == 0 {
                            "起付标准".to_string()
                        } else {
                            format!("第{}段的上限", i)
                        },
                        money::fmt_amount(last)
                    ),
                ))
            }
            Some(u) => last = u,
            None => {}
        }
        bands.push((upto, ratio));
    }
    let cap = match o.get("cap") {
        None | Some(Json::Null) => CapParam::Unknown,
        Some(Json::Str(s)) if s == "none" => CapParam::NoCap,
        c => CapParam::Amount(amount("cap", "封顶线", c)?.unwrap_or_default()),
    };
    Ok(PVal::Schedule(ScheduleParam {
        deductible,
        bands,
        cap,
    }))
}

fn parse_visits(obj: Obj) -> Result<Vec<Visit>, Error> {
    let items = match obj.get("visits") {
        None | Some(Json::Null) => return Ok(Vec::new()),
        Some(Json::Arr(a)) => a,
        Some(_) => {
            return Err(err(
                ErrorCode::InvalidVisit,
                "visits",
                "就诊记录应是一个列表。",
            ))
        }
    };
    if items.len() > MAX_VISITS {
        return Err(err(
            ErrorCode::InvalidVisit,
            "visits",
            format!("一年最多填写{MAX_VISITS}次就诊记录，请合并后再填写。"),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, v)| parse_visit(i, v))
        .collect()
}

fn amount_field(
    v: Obj,
    i: usize,
    key: &str,
    name: &str,
    required: bool,
) -> Result<Option<Decimal>, Error> {
    let field = format!("visits[{i}].{key}");
    let full = format!("{}的{name}", visit_label(i));
    match v.get(key) {
        None | Some(Json::Null) if required => Err(err(
            ErrorCode::InvalidAmount,
            field,
            format!("请填写{full}。"),
        )),
        None | Some(Json::Null) => Ok(None),
        Some(Json::Str(s)) => money::parse_amount(s)
            .map(Some)
            .map_err(|e| bad_number(field, &full, e, false)),
        Some(_) => Err(err(
            ErrorCode::InvalidAmount,
            field,
            format!("{full}应填写为文本形式的金额，例如 \"3000\"。"),
        )),
    }
}

fn parse_visit(i: usize, v: &Json) -> Result<Visit, Error> {
    let label = visit_label(i);
    let v = Obj::of(v).ok_or_else(|| {
        err(
            ErrorCode::InvalidVisit,
            format!("visits[{i}]"),
            format!("{label}的记录格式不对，应是一个对象。"),
        )
    })?;
    let care = v.get("care").and_then(Json::as_str).and_then(Care::parse).ok_or_else(|| {
        err(
            ErrorCode::InvalidVisit,
            format!("visits[{i}].care"),
            format!("请为{label}选择就诊类型：住院（inpatient）、普通门诊（outpatient）或门诊慢特病（special_outpatient）。"),
        )
    })?;
    let level = match v.get("level") {
        None | Some(Json::Null) => None,
        Some(n @ Json::Num(_)) => match n.as_u64() {
            Some(l @ 1..=3) => Some(l as u8),
            _ => return Err(bad_level(i)),
        },
        Some(_) => return Err(bad_level(i)),
    };
    let total = amount_field(v, i, "total", "医疗总费用", true)?.unwrap_or_default();
    let excluded = amount_field(v, i, "excluded", "政策范围外费用", false)?.unwrap_or_default();
    if excluded > total {
        return Err(err(
            ErrorCode::InvalidVisit,
            format!("visits[{i}].excluded"),
            format!(
                "{label}的政策范围外费用（{}元）不能超过医疗总费用（{}元）。",
                money::fmt_amount(excluded),
                money::fmt_amount(total)
            ),
        ));
    }
    let basic_paid = amount_field(v, i, "basic_paid", "结算单上的基本医保支付", false)?;
    if let Some(p) = basic_paid {
        if p > total - excluded {
            return Err(err(
                ErrorCode::InvalidVisit,
                format!("visits[{i}].basic_paid"),
                format!(
                    "{label}结算单上的基本医保支付（{}元）不能超过政策范围内费用（医疗总费用减去政策范围外费用，{}元）。",
                    money::fmt_amount(p),
                    money::fmt_amount(total - excluded)
                ),
            ));
        }
    }
    Ok(Visit {
        care,
        level,
        total,
        excluded,
        basic_paid,
    })
}

fn bad_level(i: usize) -> Error {
    err(
        ErrorCode::InvalidVisit,
        format!("visits[{i}].level"),
        format!(
            "{}的医院级别应为 1、2 或 3（一级、二级、三级医院）。",
            visit_label(i)
        ),
    )
}

impl Scenario<'_> {
    pub fn param(&self, i: ParamIdx) -> Option<&PVal> {
        self.params[i].as_ref()
    }
}
