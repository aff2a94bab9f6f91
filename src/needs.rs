//! Which local parameters a scenario needs, and why: the list a form shows, all at once.
//!
//! Why in the engine: which parameter matters depends on the rules (a basic-insurance deductible
//! only for a visit without a settlement-slip amount, of that care type and level; an assistance
//! ratio only for a person in that group; a cap only where the person's schedule has one). A page
//! that worked this out itself would keep a second copy of the rules. So every result and every
//! error carries `needs`, read leniently from the input even when it is not yet valid, and the page
//! shows exactly those fields.

use crate::input::Input;
use crate::messages::{Arg, Message};
use crate::settle::schedule_params;
use yibao_rules::{Care, Group, Groups, Layer, Need as NeedKind, ParamIdx, Policy, TiltKind};

/// One local parameter a scenario needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Need {
    /// The parameter (index into the policy's).
    pub param: ParamIdx,
    /// Whether its absence is an error for this scenario as it stands.
    pub required: bool,
    /// Whether the scenario gives it.
    pub given: bool,
    /// Why it is asked for.
    pub why: Message,
}

/// A visit as far as it can be read: care type, level, and whether the slip's amount is given.
struct LooseVisit {
    care: Option<Care>,
    level: Option<u8>,
    slip: bool,
}

/// The parameters this input needs, in the policy's order.
pub fn needs(policy: &Policy, input: &Input) -> Vec<Need> {
    let params = input.get("params");
    let given = |i: ParamIdx| {
        params
            .and_then(|m| m.get(&policy.params[i].id))
            .is_some_and(|v| !matches!(v, Input::Null))
    };
    let mut groups = Groups::default();
    if let Some(Input::Array(items)) = input.get("groups") {
        for g in items
            .iter()
            .filter_map(Input::as_str)
            .filter_map(Group::parse)
        {
            groups.insert(g);
        }
    }
    let visits: Vec<LooseVisit> = match input.get("visits") {
        Some(Input::Array(items)) => items
            .iter()
            .map(|v| LooseVisit {
                care: v.get("care").and_then(Input::as_str).and_then(Care::parse),
                level: match v.get("level") {
                    Some(Input::Number(Some(l @ 1..=3))) => Some(*l as u8),
                    _ => None,
                },
                slip: v
                    .get("basic_paid")
                    .is_some_and(|b| !matches!(b, Input::Null)),
            })
            .collect(),
        _ => Vec::new(),
    };

    // The person's critical-illness schedule: a tilt's own table, or the general one.
    let tilt = policy
        .critical
        .tilts
        .iter()
        .find(|t| t.groups.intersects(groups));
    let general = !matches!(tilt.map(|t| &t.kind), Some(TiltKind::Table(_)));
    let mut critical: Vec<ParamIdx> = Vec::new();
    if general {
        critical.extend(policy.critical.schedule_param.and_then(|v| v.param()));
        critical.extend(schedule_params(&policy.critical.schedule, tilt.is_none()));
    }
    critical.extend(policy.critical.scope.param());
    let assistance_groups: Vec<(Group, Option<ParamIdx>)> = policy
        .assistance
        .groups
        .iter()
        .filter(|(g, _)| groups.contains(*g))
        .map(|(g, v)| (*g, v.param()))
        .collect();

    let mut out = Vec::new();
    for (i, p) in policy.params.iter().enumerate() {
        let is_given = given(i);
        let why: Option<(bool, Message)> = match p.need {
            NeedKind::Always => Some((true, Message::new("need.always"))),
            NeedKind::WhenUsed => {
                let users: Vec<Arg> = visits
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| {
                        !v.slip
                            && v.care.is_some()
                            && v.care == p.care
                            && (p.level.is_none() || v.level == p.level)
                    })
                    .map(|(k, _)| Arg::Visit(k))
                    .collect();
                (!users.is_empty()).then(|| {
                    (
                        true,
                        Message::new("need.visit").arg("visits", Arg::List(users)),
                    )
                })
            }
            _ => match p.layer {
                Layer::Critical => critical.contains(&i).then(|| {
                    let key = if p.need == NeedKind::Optional {
                        "need.optional"
                    } else {
                        "need.layer"
                    };
                    (false, Message::new(key))
                }),
                Layer::Assistance => {
                    if let Some((g, _)) = assistance_groups.iter().find(|(_, r)| *r == Some(i)) {
                        Some((
                            false,
                            Message::new("need.group").arg("group", Arg::Group(*g)),
                        ))
                    } else if !assistance_groups.is_empty()
                        && [policy.assistance.deductible, policy.assistance.annual_limit]
                            .iter()
                            .any(|v| v.param() == Some(i))
                    {
                        Some((false, Message::new("need.layer")))
                    } else {
                        None
                    }
                }
                Layer::Contribution => policy
                    .groups
                    .iter()
                    .find(|r| {
                        groups.contains(r.group)
                            && matches!(r.aid, Some(yibao_rules::Aid::Param(j, _)) if j == i)
                    })
                    .map(|r| {
                        (
                            false,
                            Message::new("need.group").arg("group", Arg::Group(r.group)),
                        )
                    }),
                Layer::Basic => Some((false, Message::new("need.optional"))),
            },
        };
        // A part of a schedule is asked for only when given (old links); forms ask for the whole.
        let why = if p.part_of.is_some() && !is_given {
            None
        } else {
            why
        };
        match why {
            Some((required, why)) => out.push(Need {
                param: i,
                required: required && !is_given,
                given: is_given,
                why,
            }),
            None if is_given => out.push(Need {
                param: i,
                required: false,
                given: true,
                why: Message::new("need.given"),
            }),
            None => {}
        }
    }
    out
}
