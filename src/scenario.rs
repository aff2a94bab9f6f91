//! Reading a scenario (docs/CONTRACT.md, "Scenario") from the input tree into typed values.
//!
//! The tree is walked by hand rather than through serde derive, so that every refusal names the
//! exact field (`visits[2].excluded`) and says what to do in the resident's language (a derive's
//! errors are English and name no field). Fields are checked in the contract's order, and the
//! first fault is reported: policy, tier, groups, params, then each visit in order (care, level,
//! total, excluded, basic_paid).

use crate::error::{indexed, member, Error, ErrorCode, Path};
use crate::input::Input;
use crate::messages::{clip, param as param_arg, Arg, Message};
use rust_decimal::Decimal;
use yibao_rules::money::{self, BadNumber};
use yibao_rules::{Care, Group, Groups, Param, ParamIdx, Policy, Registry, Unit};

/// At most this many visits in one year. Why a limit: a page or script that loops by mistake
/// should get a clear error, not a frozen tab.
pub const MAX_VISITS: usize = 500;

/// At most this many bands in a schedule parameter. Real schedules have three or four.
pub const MAX_BANDS: usize = 20;

/// One visit, validated: `excluded <= total` and `basic_paid <= total - excluded`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Visit {
    /// The care type.
    pub care: Care,
    /// The hospital level, where given.
    pub level: Option<u8>,
    /// 医疗总费用.
    pub total: Decimal,
    /// The part outside the policy range.
    pub excluded: Decimal,
    /// The basic-insurance payment from the settlement slip, where given.
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
pub enum ParamValue {
    /// An amount or a ratio.
    Number(Decimal),
    /// `"none"` for a cap that accepts it: the agency states there is no cap.
    NoCap,
    /// The index of the chosen option in the parameter's `choices`.
    Choice(usize),
    /// A whole schedule.
    Schedule(ScheduleParam),
}

/// A schedule given as one local parameter: the deductible (the start of the first band), the
/// bands, and the cap.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleParam {
    /// Where the first band starts.
    pub deductible: Decimal,
    /// Each band's upper limit on the cumulative burden (the last may be open) and its ratio.
    pub bands: Vec<(Option<Decimal>, Decimal)>,
    /// The cap.
    pub cap: CapParam,
}

/// A cap as a local parameter gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CapParam {
    /// Not given: the estimate is computed without a cap and says it is an upper bound.
    Unknown,
    /// Given as `"none"`: the agency states there is no cap.
    NoCap,
    /// An amount.
    Amount(Decimal),
}

/// A validated scenario, tied to its policy.
#[derive(Debug, Clone)]
pub struct Scenario<'p> {
    /// The policy.
    pub policy: &'p Policy,
    /// The chosen tier (index into the policy's tiers); the policy's first when none was given.
    pub tier: usize,
    /// Whether the scenario named its tier (`false`: `tier` is the policy's first, by default).
    pub tier_given: bool,
    /// The person's groups.
    pub groups: Groups,
    /// The local parameters, indexed like the policy's.
    pub params: Vec<Option<ParamValue>>,
    /// Parameter ids the policy does not have; they are ignored with a warning.
    pub ignored_params: Vec<String>,
    /// The year's visits, in time order.
    pub visits: Vec<Visit>,
}

impl Scenario<'_> {
    /// The value given for a parameter.
    pub fn param(&self, i: ParamIdx) -> Option<&ParamValue> {
        self.params[i].as_ref()
    }
}

fn err(code: ErrorCode, field: impl Into<Path>, m: Message) -> Error {
    Error::new(code, field, m)
}

/// Reads and validates a scenario.
pub fn parse<'r>(input: &Input, reg: &'r Registry) -> Result<Scenario<'r>, Error> {
    if !matches!(input, Input::Object(_)) {
        return Err(err(
            ErrorCode::InvalidJson,
            "",
            Message::new("error.not_object"),
        ));
    }
    let policy = parse_policy(input, reg)?;
    let (tier, tier_given) = parse_tier(input, policy)?;
    let groups = parse_groups(input)?;
    let (params, ignored_params) = parse_params(input, policy)?;
    let visits = parse_visits(input)?;
    Ok(Scenario {
        policy,
        tier,
        tier_given,
        groups,
        params,
        ignored_params,
        visits,
    })
}

/// Which policy a scenario names, if any (for telling a form what it needs even when the rest of
/// the scenario is wrong).
pub fn policy_of<'r>(input: &Input, reg: &'r Registry) -> Option<&'r Policy> {
    reg.policy(input.get("policy")?.as_str()?)
}

fn policy_list(reg: &Registry) -> Arg {
    Arg::List(
        reg.policies
            .iter()
            .map(|p| {
                Message::new("choice.item")
                    .arg("id", Arg::Raw(p.meta.id.to_string()))
                    .arg("name", Arg::Text(p.meta.name.clone()))
                    .into()
            })
            .collect(),
    )
}

fn parse_policy<'r>(obj: &Input, reg: &'r Registry) -> Result<&'r Policy, Error> {
    let e = |m: Message| err(ErrorCode::UnknownPolicy, "policy", m);
    match obj.get("policy") {
        None | Some(Input::Null) => Err(e(
            Message::new("error.policy_missing").arg("choices", policy_list(reg))
        )),
        Some(Input::Str(s)) => reg.policy(s).ok_or_else(|| {
            e(Message::new("error.policy_unknown")
                .arg("value", clip(s))
                .arg("choices", policy_list(reg)))
        }),
        Some(_) => Err(e(
            Message::new("error.policy_not_text").arg("choices", policy_list(reg))
        )),
    }
}

/// The tier's index, and whether the scenario named it.
fn parse_tier(obj: &Input, policy: &Policy) -> Result<(usize, bool), Error> {
    let list = || {
        Arg::List(
            policy
                .tiers
                .iter()
                .map(|t| {
                    Message::new("choice.item")
                        .arg("id", Arg::Raw(t.id.to_string()))
                        .arg("name", Arg::Text(t.name.clone()))
                        .into()
                })
                .collect(),
        )
    };
    let e = |m: Message| err(ErrorCode::UnknownTier, "tier", m);
    match obj.get("tier") {
        None | Some(Input::Null) => Ok((0, false)),
        Some(Input::Str(s)) => policy.tier_index(s).map(|t| (t, true)).ok_or_else(|| {
            e(Message::new("error.tier_unknown")
                .arg("value", clip(s))
                .arg("policy", Arg::Text(policy.meta.name.clone()))
                .arg("choices", list()))
        }),
        Some(_) => Err(e(Message::new("error.tier_not_text").arg("choices", list()))),
    }
}

fn group_list() -> Arg {
    Arg::List(
        Group::ALL
            .iter()
            .map(|g| {
                Message::new("choice.item")
                    .arg("id", Arg::Raw(g.id().to_string()))
                    .arg("name", Arg::Group(*g))
                    .into()
            })
            .collect(),
    )
}

fn parse_groups(obj: &Input) -> Result<Groups, Error> {
    let mut groups = Groups::default();
    match obj.get("groups") {
        None | Some(Input::Null) => Ok(groups),
        Some(Input::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let g = item.as_str().and_then(Group::parse).ok_or_else(|| {
                    let m = match item.as_str() {
                        Some(s) => Message::new("error.group_unknown").arg("value", clip(s)),
                        None => Message::new("error.group_not_text"),
                    };
                    err(
                        ErrorCode::UnknownGroup,
                        indexed("groups", i),
                        m.arg("choices", group_list()),
                    )
                })?;
                groups.insert(g);
            }
            Ok(groups)
        }
        Some(_) => Err(err(
            ErrorCode::UnknownGroup,
            "groups",
            Message::new("error.groups_not_list"),
        )),
    }
}

/// Explains a refused number, with the field's name in front.
fn bad_number(field: Path, name: Message, e: BadNumber, ratio: bool) -> Error {
    let key = match (e, ratio) {
        (BadNumber::Empty, _) => "error.number.empty",
        (BadNumber::Negative, _) => "error.number.negative",
        (BadNumber::TooManyDecimals, false) => "error.number.too_many_decimals",
        (BadNumber::TooManyDecimals, true) => "error.number.ratio_too_many_decimals",
        (BadNumber::NotPlain, false) => "error.number.not_plain",
        (BadNumber::NotPlain, true) => "error.number.ratio_not_plain",
        (BadNumber::TooLarge, _) => "error.number.too_large",
        (BadNumber::RatioAboveOne, _) => "error.number.ratio_above_one",
    };
    err(
        ErrorCode::InvalidAmount,
        field,
        Message::new(key).arg("name", name),
    )
}

fn parse_params(
    obj: &Input,
    policy: &Policy,
) -> Result<(Vec<Option<ParamValue>>, Vec<String>), Error> {
    let mut values: Vec<Option<ParamValue>> = vec![None; policy.params.len()];
    let mut ignored = Vec::new();
    let members = match obj.get("params") {
        None | Some(Input::Null) => return Ok((values, ignored)),
        Some(Input::Object(m)) => m,
        Some(_) => {
            return Err(err(
                ErrorCode::InvalidAmount,
                "params",
                Message::new("error.params_not_object"),
            ))
        }
    };
    let map = obj.get("params").unwrap_or(&Input::Null);
    // Checked in the policy's own order so the first error is the first field on the page.
    for (idx, info) in policy.params.iter().enumerate() {
        let v = match map.get(&info.id) {
            None | Some(Input::Null) => continue,
            Some(v) => v,
        };
        values[idx] = Some(parse_param(info, &member("params", &info.id), v)?);
    }
    for (k, _) in members {
        if policy.param_index(k).is_none() && !ignored.contains(k) {
            ignored.push(k.clone());
        }
    }
    Ok((values, ignored))
}

/// Checks one value for a policy's parameter exactly as `params.<id>` of a scenario is checked
/// (an agency's parameter set uses it, so that its mistakes read the same).
#[cfg(feature = "sets")]
pub(crate) fn check_param(policy: &Policy, idx: ParamIdx, v: &Input) -> Result<ParamValue, Error> {
    let info = &policy.params[idx];
    parse_param(info, &member("params", &info.id), v)
}

/// One local parameter's value, checked against its unit.
fn parse_param(info: &Param, field: &Path, v: &Input) -> Result<ParamValue, Error> {
    let name = || Message::new("field.param").arg("param", param_arg(info));
    if info.unit == Unit::Schedule {
        return parse_schedule(info, field, v);
    }
    let Input::Str(s) = v else {
        let (code, key) = match info.unit {
            Unit::Choice => (ErrorCode::InvalidParam, "error.param_choice_not_text"),
            Unit::Ratio => (ErrorCode::InvalidAmount, "error.param_ratio_not_text"),
            _ => (ErrorCode::InvalidAmount, "error.param_amount_not_text"),
        };
        return Err(err(
            code,
            field,
            Message::new(key).arg("param", param_arg(info)),
        ));
    };
    match info.unit {
        Unit::Yuan if info.accepts_none && s == "none" => Ok(ParamValue::NoCap),
        Unit::Yuan => money::parse_amount(s)
            .map(ParamValue::Number)
            .map_err(|e| bad_number(field.into(), name(), e, false)),
        Unit::Ratio => money::parse_ratio(s)
            .map(ParamValue::Number)
            .map_err(|e| bad_number(field.into(), name(), e, true)),
        Unit::Choice | Unit::Schedule => match info.choices.iter().position(|c| c.value == *s) {
            Some(k) => Ok(ParamValue::Choice(k)),
            None => Err(err(
                ErrorCode::InvalidParam,
                field,
                Message::new("error.param_choice_unknown")
                    .arg("param", param_arg(info))
                    .arg(
                        "choices",
                        Arg::List(
                            info.choices
                                .iter()
                                .map(|c| {
                                    Message::new("choice.item")
                                        .arg("id", Arg::Raw(c.value.to_string()))
                                        .arg("name", Arg::Text(c.label.clone()))
                                        .into()
                                })
                                .collect(),
                        ),
                    ),
            )),
        },
    }
}

/// A schedule parameter: `{"deductible": "20000", "bands": [{"upto": "100000", "ratio": "0.5"},
/// …, {"ratio": "0.7"}], "cap": "170000" | "none"}`. Band limits are on the cumulative burden
/// from 0 and must rise above the deductible; only the last band may be open-ended; a last band
/// with a limit means nothing is paid above it. A cap left out is unknown, not "none".
fn parse_schedule(info: &Param, field: &Path, v: &Input) -> Result<ParamValue, Error> {
    let p = || param_arg(info);
    let invalid = |f: Path, m: Message| err(ErrorCode::InvalidParam, f, m);
    let Input::Object(members) = v else {
        return Err(invalid(
            field.into(),
            Message::new("error.schedule_shape").arg("param", p()),
        ));
    };
    for (k, _) in members {
        if !["deductible", "bands", "cap"].contains(&k.as_str()) {
            return Err(invalid(
                member(field, k),
                Message::new("error.schedule_unknown_key")
                    .arg("param", p())
                    .arg("key", clip(k)),
            ));
        }
    }
    let band_name = |i: usize| {
        Message::new("schedule.band")
            .arg("param", p())
            .arg("band", Arg::Count(i as u64 + 1))
    };
    // A named amount inside the schedule: deductible, a band's limit, the cap.
    let amount =
        |sub: Path, name: Message, value: Option<&Input>| -> Result<Option<Decimal>, Error> {
            match value {
                None | Some(Input::Null) => Ok(None),
                Some(Input::Str(s)) => money::parse_amount(s)
                    .map(Some)
                    .map_err(|e| bad_number(sub, name, e, false)),
                Some(_) => Err(err(
                    ErrorCode::InvalidAmount,
                    sub,
                    Message::new("error.schedule_amount_not_text").arg("name", name),
                )),
            }
        };
    let part = |k: &'static str| {
        Message::new("field.schedule_part")
            .arg("param", p())
            .arg("part", Arg::Name(k))
    };
    let deductible = amount(
        member(field, "deductible"),
        part("schedule.part.deductible"),
        v.get("deductible"),
    )?
    .ok_or_else(|| {
        err(
            ErrorCode::InvalidAmount,
            member(field, "deductible"),
            Message::new("error.schedule_deductible_missing").arg("param", p()),
        )
    })?;
    let items = match v.get("bands") {
        Some(Input::Array(a)) if !a.is_empty() => a,
        _ => {
            return Err(invalid(
                member(field, "bands"),
                Message::new("error.schedule_bands_missing").arg("param", p()),
            ))
        }
    };
    if items.len() > MAX_BANDS {
        return Err(invalid(
            member(field, "bands"),
            Message::new("error.schedule_too_many_bands")
                .arg("param", p())
                .arg("max", Arg::Count(MAX_BANDS as u64)),
        ));
    }
    let mut bands = Vec::with_capacity(items.len());
    let mut last = deductible;
    for (i, b) in items.iter().enumerate() {
        let bf = indexed(member(field, "bands"), i);
        if !matches!(b, Input::Object(_)) {
            return Err(invalid(
                bf,
                Message::new("error.schedule_band_not_object").arg("band", band_name(i)),
            ));
        }
        let band_part = |k: &'static str| {
            Message::new("field.schedule_band_part")
                .arg("param", p())
                .arg("band", Arg::Count(i as u64 + 1))
                .arg("part", Arg::Name(k))
        };
        let upto = amount(
            member(&bf, "upto"),
            band_part("schedule.part.upto"),
            b.get("upto"),
        )?;
        let ratio = match b.get("ratio") {
            Some(Input::Str(s)) => money::parse_ratio(s).map_err(|e| {
                bad_number(
                    member(&bf, "ratio"),
                    band_part("schedule.part.ratio"),
                    e,
                    true,
                )
            })?,
            None | Some(Input::Null) => {
                return Err(err(
                    ErrorCode::InvalidAmount,
                    member(&bf, "ratio"),
                    Message::new("error.schedule_ratio_missing").arg("band", band_name(i)),
                ))
            }
            Some(_) => {
                return Err(err(
                    ErrorCode::InvalidAmount,
                    member(&bf, "ratio"),
                    Message::new("error.schedule_ratio_not_text").arg("band", band_name(i)),
                ))
            }
        };
        match upto {
            None if i + 1 < items.len() => {
                return Err(invalid(
                    member(&bf, "upto"),
                    Message::new("error.schedule_upto_missing").arg("band", band_name(i)),
                ))
            }
            Some(u) if u <= last => {
                let previous = if i == 0 {
                    Message::new("schedule.deductible")
                } else {
                    Message::new("schedule.previous_band").arg("band", Arg::Count(i as u64))
                };
                return Err(invalid(
                    member(&bf, "upto"),
                    Message::new("error.schedule_upto_not_rising")
                        .arg("band", band_name(i))
                        .arg("upto", Arg::Amount(u))
                        .arg("previous", previous)
                        .arg("last", Arg::Amount(last)),
                ));
            }
            Some(u) => last = u,
            None => {}
        }
        bands.push((upto, ratio));
    }
    let cap = match v.get("cap") {
        None | Some(Input::Null) => CapParam::Unknown,
        Some(Input::Str(s)) if s == "none" => CapParam::NoCap,
        c => CapParam::Amount(
            amount(member(field, "cap"), part("schedule.part.cap"), c)?.unwrap_or_default(),
        ),
    };
    Ok(ParamValue::Schedule(ScheduleParam {
        deductible,
        bands,
        cap,
    }))
}

fn parse_visits(obj: &Input) -> Result<Vec<Visit>, Error> {
    let items = match obj.get("visits") {
        None | Some(Input::Null) => return Ok(Vec::new()),
        Some(Input::Array(a)) => a,
        Some(_) => {
            return Err(err(
                ErrorCode::InvalidVisit,
                "visits",
                Message::new("error.visits_not_list"),
            ))
        }
    };
    if items.len() > MAX_VISITS {
        return Err(err(
            ErrorCode::InvalidVisit,
            "visits",
            Message::new("error.too_many_visits").arg("max", Arg::Count(MAX_VISITS as u64)),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, v)| parse_visit(i, v))
        .collect()
}

fn amount_field(
    v: &Input,
    i: usize,
    key: &str,
    name: &'static str,
    required: bool,
) -> Result<Option<Decimal>, Error> {
    let field = member(indexed("visits", i), key);
    let full = || {
        Message::new("field.visit_amount")
            .arg("visit", Arg::Visit(i))
            .arg("field", Arg::Name(name))
    };
    match v.get(key) {
        None | Some(Input::Null) if required => Err(err(
            ErrorCode::InvalidAmount,
            field,
            Message::new("error.visit_amount_missing").arg("name", full()),
        )),
        None | Some(Input::Null) => Ok(None),
        Some(Input::Str(s)) => money::parse_amount(s)
            .map(Some)
            .map_err(|e| bad_number(field, full(), e, false)),
        Some(_) => Err(err(
            ErrorCode::InvalidAmount,
            field,
            Message::new("error.visit_amount_not_text").arg("name", full()),
        )),
    }
}

/// One visit, checked (the batch reads claims rows with it, so they get the same messages).
pub(crate) fn parse_visit(i: usize, v: &Input) -> Result<Visit, Error> {
    if !matches!(v, Input::Object(_)) {
        return Err(err(
            ErrorCode::InvalidVisit,
            indexed("visits", i),
            Message::new("error.visit_not_object").arg("visit", Arg::Visit(i)),
        ));
    }
    let care = v
        .get("care")
        .and_then(Input::as_str)
        .and_then(Care::parse)
        .ok_or_else(|| {
            err(
                ErrorCode::InvalidVisit,
                member(indexed("visits", i), "care"),
                Message::new("error.visit_care").arg("visit", Arg::Visit(i)),
            )
        })?;
    let level = match v.get("level") {
        None | Some(Input::Null) => None,
        Some(Input::Number(Some(l @ 1..=3))) => Some(*l as u8),
        Some(_) => return Err(bad_level(i)),
    };
    let total = amount_field(v, i, "total", "field.total", true)?.unwrap_or_default();
    let excluded = amount_field(v, i, "excluded", "field.excluded", false)?.unwrap_or_default();
    if excluded > total {
        return Err(err(
            ErrorCode::InvalidVisit,
            member(indexed("visits", i), "excluded"),
            Message::new("error.excluded_above_total")
                .arg("visit", Arg::Visit(i))
                .arg("excluded", Arg::Amount(excluded))
                .arg("total", Arg::Amount(total)),
        ));
    }
    let basic_paid = amount_field(v, i, "basic_paid", "field.basic_paid", false)?;
    if let Some(p) = basic_paid {
        if p > total - excluded {
            return Err(err(
                ErrorCode::InvalidVisit,
                member(indexed("visits", i), "basic_paid"),
                Message::new("error.basic_paid_above_eligible")
                    .arg("visit", Arg::Visit(i))
                    .arg("paid", Arg::Amount(p))
                    .arg("eligible", Arg::Amount(total - excluded)),
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
        member(indexed("visits", i), "level"),
        Message::new("error.visit_level").arg("visit", Arg::Visit(i)),
    )
}
