//! # yibao-compile: policy files into rules
//!
//! A policy file is data ([`model`]): a person edits it, and it may be wrong. [`compile`] checks
//! everything such a person could get wrong — a citation that does not exist, a parameter of the
//! wrong unit, a ratio above 1, band limits that do not rise, a parameter declared and never used
//! — and turns every number into a [`yibao_rules::Value`]: a literal with its citation, or a
//! reference to a local parameter. Nothing here knows any region by name.
//!
//! Every mistake is a [`Diagnostic`]: the path of the offending field in the file (e.g.
//! `params[3].unit`, `critical.schedule.bands[1].upto`), a `policy_file.*` message key of the
//! engine's catalogue and its arguments. [`check_policy`] reads the text as well, so its
//! diagnostics also carry the line and column; the engine words them in the person's language.
//!
//! Three users, none of which carries another's code:
//!
//! * the engine's build script, which compiles `data/policies/*.toml` and, with the `bake` feature,
//!   writes the result out as static Rust (`bake`);
//! * the tests, which compile the same files and check that the baked data equals them;
//! * the engine's `agency` feature (the command line, the agencies' WebAssembly), which checks a
//!   policy file an official loads at run time ([`check_policy`]).

#![warn(missing_docs)]

pub mod catalogue;
pub mod diag;
pub mod model;

use diag::{key, Diagnostic, PathExt, Seg};
use model::{DocumentsFile, PolicyFile};
use std::borrow::Cow;
use yibao_rules::{
    money, Aid, Assistance, Assumption, Band, BasicRule, Benefit, ByLevel, Care, CareSet, Choice,
    ChoiceMeaning, Citation, CiteIdx, Critical, Document, Enrolment, Group, GroupRule, Groups,
    Layer, Meta, Mode, Need, Param, ParamIdx, Policy, Registry, Schedule, Scope, Source, Tier,
    TierChoice, Tilt, TiltKind, Unit, Value,
};

/// The largest policy file read, in bytes.
pub const MAX_POLICY_BYTES: usize = 256 * 1024;
/// The deepest nesting of arrays and inline tables in a policy file.
pub const MAX_POLICY_DEPTH: usize = 16;
/// The most local parameters (`[[params]]`) a policy file may declare.
pub const MAX_PARAMS: usize = 64;
/// The most enrolment tiers (`[[tiers]]`).
pub const MAX_TIERS: usize = 16;
/// The most benefit tiers (`[[benefits]]`).
pub const MAX_BENEFITS: usize = 16;
/// The most groups (`[[groups]]`).
pub const MAX_GROUPS: usize = 32;
/// The most citations (`[citations]`).
pub const MAX_CITATIONS: usize = 500;
/// The most bands in one schedule (the engine's limit for a scenario's schedule too).
pub const MAX_BANDS: usize = 20;
/// The most documents a policy file may declare in `[[register]]`.
pub const MAX_REGISTER: usize = 64;

type Res<T> = Result<T, Diagnostic>;

/// A diagnostic with its key at a path.
fn err(k: &'static str, at: Vec<Seg>) -> Diagnostic {
    Diagnostic::new(k).at(at)
}

/// `at` one key deeper, without consuming it.
fn sub(at: &[Seg], k: &str) -> Vec<Seg> {
    at.to_vec().key(k)
}

/// Ids joined for a message's `choices`.
fn join<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    ids.into_iter().collect::<Vec<_>>().join(", ")
}

/// Reads the document register (`data/documents.toml`).
pub fn documents(toml_text: &str) -> Result<Vec<Document>, String> {
    let file: DocumentsFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
    Ok(file
        .documents
        .into_iter()
        .map(|d| Document {
            id: d.id.into(),
            title: d.title.into(),
            number: d.number.into(),
            date: d.date.into(),
            file: d.file.into(),
            status: d.status.into(),
        })
        .collect())
}

/// Reads, checks and compiles a policy file's text, as an official writes it: the file's size
/// and nesting first ([`MAX_POLICY_BYTES`], [`MAX_POLICY_DEPTH`]), then its TOML and the shape of
/// [`PolicyFile`], then everything [`compile`] checks. `documents` is the built-in register; the
/// file may cite those documents and the ones it declares in `[[register]]`.
///
/// Returns the policy (which names documents by id only) and the documents of its
/// `[[register]]`, with an empty `file` (no text comes with them), which a caller adds to the
/// registry's documents next to the built-in ones. The first mistake found is the error, with
/// its line, column and path in `text`.
pub fn check_policy(
    text: &str,
    documents: &[Document],
) -> Result<(Policy, Vec<Document>), Diagnostic> {
    diag::check_limits(text, MAX_POLICY_BYTES, MAX_POLICY_DEPTH)?;
    let file: PolicyFile = toml::from_str(text).map_err(|e| diag::from_toml(text, &e))?;
    compile_all(file, documents).map_err(|mut d| {
        diag::locate(text, &mut d);
        d
    })
}

/// Reads and compiles one policy file's text (the build script's and the tests' way in): as
/// [`check_policy`], the mistake as text (`line 12, params[2].unit: policy_file.unknown_unit
/// (…)`). The file's `[[register]]` documents, if any, are not returned.
pub fn compile_text(toml_text: &str, documents: &[Document]) -> Result<Policy, String> {
    check_policy(toml_text, documents)
        .map(|(p, _)| p)
        .map_err(|d| d.to_string())
}

/// Compiles the document register and policy files into a registry, policies in the given order.
/// A built-in policy file may not declare documents of its own (`[[register]]`): its documents
/// belong in `data/documents.toml`, with their texts, so that its quotes can be checked.
pub fn registry<'a>(
    documents_toml: &str,
    policies: impl IntoIterator<Item = (&'a str, String)>,
) -> Result<Registry, String> {
    let documents = documents(documents_toml).map_err(|e| format!("documents.toml: {e}"))?;
    let mut compiled = Vec::new();
    for (name, text) in policies {
        let (policy, register) =
            check_policy(&text, &documents).map_err(|e| format!("{name}: {e}"))?;
        if !register.is_empty() {
            return Err(format!(
                "{name}: [[register]] is for policy files loaded at run time; add the documents \
                 of a built-in policy to data/documents.toml, with their texts"
            ));
        }
        compiled.push(policy);
    }
    Ok(Registry {
        documents: documents.into(),
        policies: compiled.into(),
    })
}

/// Writes a registry out as the Rust expression that rebuilds it, every string and list
/// borrowed from static data: `static REGISTRY: yibao_rules::Registry = <this>;`.
#[cfg(feature = "bake")]
pub fn bake(registry: &Registry) -> String {
    use databake::Bake;
    let env = databake::CrateEnv::default();
    registry.bake(&env).to_string()
}

/// The registry for a build without the step-by-step explanation and without `details` (the
/// resident's page build), without the texts only the steps show. A citation keeps its document,
/// clause and quote only where something other than the steps shows them, which by the engine's
/// code is: a group's citation (`policies()`, `output::policy_info`), an enrolment rule's (the
/// tier-override warning, `explain::warnings`) and an assumption's (its warning,
/// `explain::assumption_warning`). Every citation's key (it names the citation in the steps'
/// table) and the critical-illness and assistance notes (the steps' own) go too. 1.9 KB gzip of
/// every first visit; tests/e2e/resident.test.mjs checks that the page's engine, built this way,
/// gives the public API's results for every policy, tier and group.
pub fn without_steps_texts(mut registry: Registry) -> Registry {
    for p in registry.policies.to_mut() {
        let mut shown = Vec::new();
        for g in p.groups.iter() {
            shown.push(g.cite);
            if let Some(e) = &g.enrolment {
                shown.push(e.cite);
                shown.extend(e.by_tier_cite);
            }
        }
        let assumptions = p.critical.assumptions.iter();
        let tilts = p
            .critical
            .tilts
            .iter()
            .filter_map(|t| t.assumption.as_ref());
        for a in assumptions.chain(tilts) {
            shown.extend(a.cites.iter().copied());
        }
        for (i, c) in p.citations.to_mut().iter_mut().enumerate() {
            c.key = Cow::Borrowed("");
            if !shown.contains(&i) {
                c.quote = Cow::Borrowed("");
                c.clause = Cow::Borrowed("");
                c.doc = Cow::Borrowed("");
            }
        }
        p.critical.notes = Cow::Borrowed(&[]);
        p.assistance.notes = Cow::Borrowed(&[]);
    }
    registry
}

fn owned(s: &str) -> Cow<'static, str> {
    Cow::Owned(s.to_string())
}

/// Checks a policy file against the document register and compiles it. `documents` is the
/// built-in register; the file's own `[[register]]` documents may be cited too (see
/// [`register_documents`]). A mistake's diagnostic has its path but no line: [`check_policy`]
/// places it in the text.
pub fn compile(file: PolicyFile, documents: &[Document]) -> Result<Policy, Diagnostic> {
    compile_all(file, documents).map(|(p, _)| p)
}

/// Checks a policy file's `[[register]]` and returns its documents (with an empty `file`): each
/// id well formed, declared once and not the id of a built-in document (`built_in`), a title,
/// a status of `official` or `draft`, and a `url`, if any, starting with `https://` or
/// `http://`.
pub fn register_documents(
    file: &PolicyFile,
    built_in: &[Document],
) -> Result<Vec<Document>, Diagnostic> {
    let mut out: Vec<Document> = Vec::new();
    for (i, r) in file.register.iter().enumerate() {
        let at = key("register").index(i);
        if r.id.trim().is_empty() {
            return Err(err("policy_file.blank", sub(&at, "id")).arg("key", "id"));
        }
        if !r
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            || r.id.len() > 32
        {
            return Err(err("policy_file.bad_document_id", sub(&at, "id")).arg("doc", &r.id));
        }
        if built_in.iter().any(|d| d.id == r.id) {
            return Err(err("policy_file.register_clashes", sub(&at, "id")).arg("doc", &r.id));
        }
        if out.iter().any(|d| d.id == r.id) {
            return Err(err("policy_file.register_twice", sub(&at, "id")).arg("doc", &r.id));
        }
        if r.title.trim().is_empty() {
            return Err(err("policy_file.blank", sub(&at, "title")).arg("key", "title"));
        }
        if !matches!(r.status.as_str(), "official" | "draft") {
            return Err(
                err("policy_file.unknown_status", sub(&at, "status")).arg("value", &r.status)
            );
        }
        if let Some(u) = &r.url {
            let rest = u
                .strip_prefix("https://")
                .or_else(|| u.strip_prefix("http://"));
            if rest.is_none_or(|r| r.is_empty() || r.chars().any(char::is_whitespace)) {
                return Err(err("policy_file.bad_url", sub(&at, "url")).arg("value", u));
            }
        }
        out.push(Document {
            id: owned(&r.id),
            title: owned(&r.title),
            number: owned(&r.number),
            date: owned(&r.date),
            file: Cow::Borrowed(""),
            status: owned(&r.status),
        });
    }
    Ok(out)
}

/// How many entries a run-time file may have of each list: more is refused at the first entry
/// too many, so that nothing huge reaches the compiler or the engine.
fn check_counts(file: &PolicyFile) -> Res<()> {
    let over = |k: &'static str, at: Vec<Seg>, max: usize, count: usize| {
        err(k, at)
            .arg("max", max.to_string())
            .arg("count", count.to_string())
    };
    if file.citations.len() > MAX_CITATIONS {
        return Err(over(
            "policy_file.too_many_citations",
            key("citations"),
            MAX_CITATIONS,
            file.citations.len(),
        ));
    }
    let lists: [(&'static str, &'static str, usize, usize); 5] = [
        (
            "params",
            "policy_file.too_many_params",
            MAX_PARAMS,
            file.params.len(),
        ),
        (
            "benefits",
            "policy_file.too_many_benefits",
            MAX_BENEFITS,
            file.benefits.len(),
        ),
        (
            "tiers",
            "policy_file.too_many_tiers",
            MAX_TIERS,
            file.tiers.len(),
        ),
        (
            "groups",
            "policy_file.too_many_groups",
            MAX_GROUPS,
            file.groups.len(),
        ),
        (
            "register",
            "policy_file.too_many_documents",
            MAX_REGISTER,
            file.register.len(),
        ),
    ];
    for (name, k, max, count) in lists {
        if count > max {
            return Err(over(k, key(name).index(max), max, count));
        }
    }
    let mut schedules = vec![(key("critical").key("schedule"), &file.critical.schedule)];
    for (i, t) in file.critical.tilts.iter().enumerate() {
        if let Some(s) = &t.schedule {
            schedules.push((key("critical").key("tilts").index(i).key("schedule"), s));
        }
    }
    for (at, s) in schedules {
        if s.bands.len() > MAX_BANDS {
            return Err(over(
                "policy_file.too_many_bands",
                at.key("bands").index(MAX_BANDS),
                MAX_BANDS,
                s.bands.len(),
            ));
        }
    }
    Ok(())
}

/// A policy id: lower-case ASCII letters, digits, `-` and `_`, as scenarios and addresses name it.
fn check_header(file: &PolicyFile) -> Res<()> {
    if file.id.is_empty()
        || file.id.len() > 64
        || !file
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return Err(err("policy_file.bad_policy_id", key("id")).arg("value", &file.id));
    }
    for (k, v) in [("name", &file.name), ("region", &file.region)] {
        if v.trim().is_empty() {
            return Err(err("policy_file.blank", key(k)).arg("key", k));
        }
    }
    Ok(())
}

/// [`compile`], also returning the file's `[[register]]` documents.
fn compile_all(file: PolicyFile, documents: &[Document]) -> Res<(Policy, Vec<Document>)> {
    check_counts(&file)?;
    check_header(&file)?;
    let register = register_documents(&file, documents)?;
    let known = |id: &str| documents.iter().chain(&register).any(|d| d.id == id);
    let unknown_document = |id: &str, at: Vec<Seg>| {
        err("policy_file.unknown_document", at).arg("doc", id).arg(
            "choices",
            join(documents.iter().chain(&register).map(|d| d.id.as_ref())),
        )
    };
    let citations: Vec<Citation> = file
        .citations
        .iter()
        .map(|(k, v)| Citation {
            key: owned(k),
            doc: owned(&v.doc),
            clause: owned(&v.clause),
            quote: owned(&v.quote),
        })
        .collect();
    for c in &citations {
        let at = key("citations").key(&c.key);
        if !known(&c.doc) {
            return Err(unknown_document(&c.doc, sub(&at, "doc")));
        }
        if c.clause.trim().is_empty() {
            return Err(err("policy_file.empty_clause", sub(&at, "clause")).arg("cite", &*c.key));
        }
        if c.quote.trim().is_empty() {
            return Err(err("policy_file.empty_quote", sub(&at, "quote")).arg("cite", &*c.key));
        }
    }
    for (i, d) in file.documents.iter().enumerate() {
        if !known(d) {
            return Err(unknown_document(d, key("documents").index(i)));
        }
    }
    let mut params: Vec<Param> = Vec::new();
    for (i, p) in file.params.iter().enumerate() {
        params.push(param(p, &params, key("params").index(i))?);
    }
    // `part_of` names a schedule parameter, which may be declared after its parts.
    for (i, p) in file.params.iter().enumerate() {
        if let Some(whole) = &p.part_of {
            let j = params
                .iter()
                .position(|q| q.id == *whole && q.unit == Unit::Schedule)
                .ok_or_else(|| {
                    err(
                        "policy_file.part_of_not_schedule",
                        key("params").index(i).key("part_of"),
                    )
                    .arg("param", &p.id)
                    .arg("value", whole)
                })?;
            params[i].part_of = Some(j);
        }
    }
    let cx = Compiler {
        citations: &citations,
        params: &params,
    };

    let mut benefits: Vec<Benefit> = Vec::new();
    for (i, b) in file.benefits.iter().enumerate() {
        if benefits.iter().any(|x| x.id == b.id) {
            return Err(err(
                "policy_file.benefit_twice",
                key("benefits").index(i).key("id"),
            )
            .arg("value", &b.id));
        }
        benefits.push(Benefit {
            id: owned(&b.id),
            name: owned(&b.name),
        });
    }
    if benefits.is_empty() {
        return Err(err("policy_file.no_benefits", key("benefits")));
    }
    let benefit_idx = |id: &str, at: Vec<Seg>| -> Res<usize> {
        benefits.iter().position(|b| b.id == id).ok_or_else(|| {
            err("policy_file.unknown_benefit", at)
                .arg("value", id)
                .arg("choices", join(benefits.iter().map(|b| b.id.as_ref())))
        })
    };
    let mut tiers: Vec<Tier> = Vec::new();
    for (i, t) in file.tiers.iter().enumerate() {
        let at = key("tiers").index(i);
        if tiers.iter().any(|x| x.id == t.id) {
            return Err(err("policy_file.tier_twice", sub(&at, "id")).arg("value", &t.id));
        }
        tiers.push(Tier {
            id: owned(&t.id),
            name: owned(&t.name),
            description: owned(&t.description),
            benefit: benefit_idx(&t.benefit, sub(&at, "benefit"))?,
            benefit_cite: t
                .benefit_cite
                .as_deref()
                .map(|k| cx.cite(k, sub(&at, "benefit_cite")))
                .transpose()?,
            individual: cx.amount(&t.individual, &sub(&at, "individual"))?,
            subsidy: cx.amount(&t.subsidy, &sub(&at, "subsidy"))?,
            choice: match &t.choice {
                Some(c) => Some(TierChoice {
                    set: owned(&c.set),
                    cite: cx.cite(&c.cite, sub(&sub(&at, "choice"), "cite"))?,
                }),
                None => None,
            },
        });
    }
    if tiers.is_empty() {
        return Err(err("policy_file.no_tiers", key("tiers")));
    }
    let tier_idx = |id: &str, at: Vec<Seg>| -> Res<usize> {
        file.tiers.iter().position(|t| t.id == id).ok_or_else(|| {
            err("policy_file.unknown_tier", at)
                .arg("value", id)
                .arg("choices", join(file.tiers.iter().map(|t| t.id.as_str())))
        })
    };
    let group_of = |id: &str, at: Vec<Seg>| -> Res<Group> {
        Group::parse(id).ok_or_else(|| {
            err("policy_file.unknown_group", at)
                .arg("value", id)
                .arg("choices", join(Group::ALL.iter().map(|g| g.id())))
        })
    };
    let mut groups: Vec<GroupRule> = Vec::new();
    for (i, g) in file.groups.iter().enumerate() {
        let at = key("groups").index(i);
        let group = group_of(&g.id, sub(&at, "id"))?;
        if groups.iter().any(|r| r.group == group) {
            return Err(err("policy_file.group_twice", sub(&at, "id")).arg("value", &g.id));
        }
        let enrolment = match &g.enrolment {
            None => None,
            Some(e) => {
                let at = sub(&at, "enrolment");
                let mut by_tier = Vec::new();
                for (t, b) in &e.benefit_by_tier {
                    let here = sub(&at, "benefit_by_tier").key(t);
                    by_tier.push((tier_idx(t, here.clone())?, benefit_idx(b, here)?));
                }
                Some(Enrolment {
                    contribution_tier: tier_idx(
                        &e.contribution_tier,
                        sub(&at, "contribution_tier"),
                    )?,
                    full_aid: e.full_aid,
                    benefit: benefit_idx(&e.benefit, sub(&at, "benefit"))?,
                    benefit_by_tier: by_tier.into(),
                    by_tier_cite: e
                        .benefit_by_tier_cite
                        .as_ref()
                        .map(|k| cx.cite(k, sub(&at, "benefit_by_tier_cite")))
                        .transpose()?,
                    cite: cx.cite(&e.cite, sub(&at, "cite"))?,
                })
            }
        };
        let aid = match &g.contribution_aid {
            None => None,
            Some(a) => {
                let at = sub(&at, "contribution_aid");
                match (a.full, &a.param) {
                    (true, None) => Some(Aid::Full(cx.cite(&a.cite, sub(&at, "cite"))?)),
                    (false, Some(p)) => Some(Aid::Param(
                        cx.param(p, Unit::Yuan, sub(&at, "param"))?,
                        cx.cite(&a.cite, sub(&at, "cite"))?,
                    )),
                    _ => return Err(err("policy_file.aid_full_or_param", at).arg("group", &g.id)),
                }
            }
        };
        groups.push(GroupRule {
            group,
            definition: owned(&g.definition),
            cite: cx.cite(&g.cite, sub(&at, "cite"))?,
            enrolment,
            aid,
            caveat: g.caveat.as_deref().map(owned),
        });
    }
    let mentioned = Groups::of(groups.iter().map(|g| g.group));
    // A group named in critical illness or assistance: known, and listed in `[[groups]]`.
    let listed_group = |id: &str, at: Vec<Seg>| -> Res<Group> {
        let g = group_of(id, at.clone())?;
        if !mentioned.contains(g) {
            return Err(err("policy_file.group_not_listed", at).arg("value", id));
        }
        Ok(g)
    };

    let mut basic: [Option<BasicRule>; 3] = [None, None, None];
    for (i, r) in file.basic.iter().enumerate() {
        let at = key("basic").index(i);
        let care = Care::parse(&r.care).ok_or_else(|| {
            err("policy_file.unknown_care", sub(&at, "care"))
                .arg("value", &r.care)
                .arg("choices", join(Care::ALL.iter().map(|c| c.id())))
        })?;
        if basic[care as usize].is_some() {
            return Err(err("policy_file.basic_twice", sub(&at, "care")).arg("care", &r.care));
        }
        let ratio_at = sub(&at, "ratio");
        for k in r.ratio.keys() {
            benefit_idx(k, sub(&ratio_at, k))?;
        }
        let mut ratio = Vec::new();
        for b in &benefits {
            let levels = r.ratio.get(b.id.as_ref()).ok_or_else(|| {
                err("policy_file.missing_ratio", ratio_at.clone())
                    .arg("care", &r.care)
                    .arg("benefit", &*b.id)
            })?;
            ratio.push(cx.levels(levels, Unit::Ratio, &sub(&ratio_at, &b.id))?);
        }
        basic[care as usize] = Some(BasicRule {
            care,
            cite: cx.cite(&r.cite, sub(&at, "cite"))?,
            deductible: cx.levels(&r.deductible, Unit::Yuan, &sub(&at, "deductible"))?,
            mode: cx.mode(&r.deductible_mode, &sub(&at, "deductible_mode"))?,
            ratio: ratio.into(),
            cap: cx.cap(&r.cap, &sub(&at, "cap"))?,
            notes: strings(&r.notes),
        });
    }
    let missing_basic =
        |care: Care| err("policy_file.missing_basic", key("basic")).arg("care", care.id());
    let [b0, b1, b2] = basic;
    let basic = [
        b0.ok_or_else(|| missing_basic(Care::Inpatient))?,
        b1.ok_or_else(|| missing_basic(Care::Outpatient))?,
        b2.ok_or_else(|| missing_basic(Care::SpecialOutpatient))?,
    ];

    let c = &file.critical;
    let crit = key("critical");
    let mut tilts: Vec<Tilt> = Vec::new();
    for (i, t) in c.tilts.iter().enumerate() {
        let at = sub(&crit, "tilts").index(i);
        let kind = match (&t.schedule, &t.derive) {
            (Some(s), None) => {
                let sat = sub(&at, "schedule");
                if s.whole.is_some() {
                    return Err(err("policy_file.tilt_whole", sub(&sat, "whole")));
                }
                TiltKind::Table(cx.schedule(s, &sat)?)
            }
            (None, Some(d)) => {
                let dat = sub(&at, "derive");
                TiltKind::Derive {
                    deductible_factor: cx
                        .ratio_literal(&d.deductible_factor, &sub(&dat, "deductible_factor"))?,
                    ratio_add: cx.ratio_literal(&d.ratio_add, &sub(&dat, "ratio_add"))?,
                    no_cap_cite: cx.cite(&d.no_cap_cite, sub(&dat, "no_cap_cite"))?,
                }
            }
            _ => return Err(err("policy_file.tilt_schedule_or_derive", at)),
        };
        let mut tg = Groups::default();
        for (j, id) in t.groups.iter().enumerate() {
            let here = sub(&at, "groups").index(j);
            let g = listed_group(id, here.clone())?;
            if tilts.iter().any(|x| x.groups.contains(g)) {
                return Err(err("policy_file.group_in_two_tilts", here).arg("value", id));
            }
            tg.insert(g);
        }
        tilts.push(Tilt {
            groups: tg,
            cite: cx.cite(&t.cite, sub(&at, "cite"))?,
            kind,
            assumption: t
                .assumption
                .as_ref()
                .map(|a| cx.assumption(a, &sub(&at, "assumption")))
                .transpose()?,
        });
    }
    let sched_at = sub(&crit, "schedule");
    let schedule_param = match &c.schedule.whole {
        None => None,
        Some(w) => Some(cx.whole_schedule(w, &c.schedule, &sched_at)?),
    };
    let critical = Critical {
        scope: cx.scope(&c.scope, &sub(&crit, "scope"))?,
        basis: c
            .basis
            .iter()
            .enumerate()
            .map(|(j, k)| cx.cite(k, sub(&crit, "basis").index(j)))
            .collect::<Res<Vec<_>>>()?
            .into(),
        schedule: cx.schedule(&c.schedule, &sched_at)?,
        schedule_param,
        tilts: tilts.into(),
        notes: strings(&c.notes),
        assumptions: c
            .assumptions
            .iter()
            .enumerate()
            .map(|(j, a)| cx.assumption(a, &sub(&crit, "assumptions").index(j)))
            .collect::<Res<Vec<_>>>()?
            .into(),
    };

    let a = &file.assistance;
    let ast = key("assistance");
    let mut agroups = Vec::new();
    for (i, g) in a.groups.iter().enumerate() {
        let at = sub(&ast, "groups").index(i);
        let grp = listed_group(&g.group, sub(&at, "group"))?;
        agroups.push((grp, cx.ratio(&g.ratio, &sub(&at, "ratio"))?));
    }
    let assistance = Assistance {
        cite: cx.cite(&a.cite, sub(&ast, "cite"))?,
        groups: agroups.into(),
        deductible: cx.amount(&a.deductible, &sub(&ast, "deductible"))?,
        annual_limit: cx.cap(&a.annual_limit, &sub(&ast, "annual_limit"))?,
        notes: strings(&a.notes),
    };

    // Every declared parameter is used somewhere.
    let mut used: Vec<Value> = Vec::new();
    let scope_param = critical.scope.param();
    for b in &basic {
        used.extend(b.deductible.values);
        used.extend(b.ratio.iter().flat_map(|l| l.values));
        used.extend([b.mode, b.cap]);
    }
    used.extend(critical.schedule_param);
    let mut sched = |s: &Schedule<Value>| {
        used.push(s.deductible);
        used.extend(s.cap);
        for b in s.bands.iter() {
            used.extend(b.upto);
            used.push(b.ratio);
        }
    };
    sched(&critical.schedule);
    for t in critical.tilts.iter() {
        if let TiltKind::Table(s) = &t.kind {
            sched(s);
        }
    }
    used.extend(assistance.groups.iter().map(|(_, v)| *v));
    used.extend([assistance.deductible, assistance.annual_limit]);
    used.extend(tiers.iter().flat_map(|t| [t.individual, t.subsidy]));
    let aid_params: Vec<ParamIdx> = groups
        .iter()
        .filter_map(|g| match g.aid {
            Some(Aid::Param(i, _)) => Some(i),
            _ => None,
        })
        .collect();
    for (i, p) in params.iter().enumerate() {
        if !used.iter().any(|v| v.param() == Some(i))
            && !aid_params.contains(&i)
            && scope_param != Some(i)
        {
            return Err(
                err("policy_file.param_unused", key("params").index(i).key("id"))
                    .arg("param", &*p.id),
            );
        }
    }

    let policy = Policy {
        meta: Meta {
            id: owned(&file.id),
            name: owned(&file.name),
            region: owned(&file.region),
            year: file.year,
            documents: file
                .documents
                .iter()
                .map(|d| owned(d))
                .collect::<Vec<_>>()
                .into(),
            summary: owned(&file.summary),
            notes: strings(&file.notes),
        },
        citations: citations.into(),
        benefits: benefits.into(),
        tiers: tiers.into(),
        groups: groups.into(),
        params: params.into(),
        basic,
        critical,
        assistance,
    };
    Ok((policy, register))
}

fn strings(v: &[String]) -> Cow<'static, [Cow<'static, str>]> {
    v.iter().map(|s| owned(s)).collect::<Vec<_>>().into()
}

/// One `[[params]]` entry, checked on its own (its `part_of` is resolved by the caller); `at` is
/// its path, `params[i]`.
fn param(p: &model::ParamDef, earlier: &[Param], at: Vec<Seg>) -> Res<Param> {
    let bad = |k: &'static str, field: &str| err(k, sub(&at, field)).arg("param", &p.id);
    if p.id.is_empty()
        || !p
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(bad("policy_file.bad_param_id", "id"));
    }
    if earlier.iter().any(|q| q.id == p.id) {
        return Err(bad("policy_file.param_twice", "id"));
    }
    let unit = match p.unit.as_str() {
        "yuan" => Unit::Yuan,
        "ratio" => Unit::Ratio,
        "choice" => Unit::Choice,
        "schedule" => Unit::Schedule,
        u => return Err(bad("policy_file.unknown_unit", "unit").arg("value", u)),
    };
    let need = match p.need.as_str() {
        "always" => Need::Always,
        "when_used" => Need::WhenUsed,
        "layer" => Need::Layer,
        "optional" => Need::Optional,
        n => return Err(bad("policy_file.unknown_need", "need").arg("value", n)),
    };
    let layer = Layer::parse(&p.layer)
        .ok_or_else(|| bad("policy_file.unknown_layer", "layer").arg("value", &p.layer))?;
    let care = match &p.care {
        None => None,
        Some(c) => Some(Care::parse(c).ok_or_else(|| {
            err("policy_file.unknown_care", sub(&at, "care"))
                .arg("value", c)
                .arg("choices", join(Care::ALL.iter().map(|c| c.id())))
        })?),
    };
    if let Some(l) = p.level.filter(|l| !(1..=3).contains(l)) {
        return Err(bad("policy_file.bad_level", "level").arg("value", l.to_string()));
    }
    let mut choices: Vec<Choice> = Vec::new();
    for (j, c) in p.choices.iter().enumerate() {
        let here = sub(&at, "choices").index(j);
        let meaning = ChoiceMeaning::parse(&c.value).ok_or_else(|| {
            err("policy_file.unknown_choice", sub(&here, "value"))
                .arg("param", &p.id)
                .arg("value", &c.value)
        })?;
        if choices
            .first()
            .is_some_and(|f| std::mem::discriminant(&f.meaning) != std::mem::discriminant(&meaning))
        {
            return Err(err("policy_file.mixed_choices", sub(&here, "value"))
                .arg("param", &p.id)
                .arg("value", &c.value));
        }
        choices.push(Choice {
            value: owned(&c.value),
            label: owned(&c.label),
            meaning,
        });
    }
    if unit == Unit::Choice && choices.is_empty() {
        return Err(bad("policy_file.choice_without_choices", "unit"));
    }
    if unit != Unit::Choice && !choices.is_empty() {
        return Err(err(
            "policy_file.choices_without_choice_unit",
            sub(&at, "choices").index(0),
        )
        .arg("param", &p.id)
        .arg("unit", &p.unit));
    }
    let fallback = match &p.fallback {
        None => None,
        Some(f) => Some(
            p.choices
                .iter()
                .position(|c| &c.value == f)
                .ok_or_else(|| {
                    bad("policy_file.fallback_not_choice", "fallback")
                        .arg("value", f)
                        .arg("choices", join(p.choices.iter().map(|c| c.value.as_str())))
                })?,
        ),
    };
    if fallback.is_some() && need != Need::Optional {
        return Err(bad("policy_file.fallback_not_optional", "fallback"));
    }
    if p.accepts_none && unit != Unit::Yuan {
        return Err(bad("policy_file.none_not_amount", "accepts_none"));
    }
    Ok(Param {
        id: owned(&p.id),
        label: owned(&p.label),
        meaning: owned(&p.meaning),
        unit,
        need,
        layer,
        care,
        level: p.level,
        choices: choices.into(),
        when_absent: p.when_absent.as_deref().map(owned),
        fallback,
        accepts_none: p.accepts_none,
        part_of: None,
    })
}

/// A literal number the strict parser refused, as a diagnostic at `at` (the `value` or the
/// `factor` it was written in).
fn bad_number(e: money::BadNumber, s: &str, unit: Unit, at: Vec<Seg>) -> Diagnostic {
    use money::BadNumber as B;
    let d = match e {
        B::Empty => return err("policy_file.number_empty", at),
        B::Negative => err("policy_file.number_negative", at),
        B::TooManyDecimals => err("policy_file.too_many_decimals", at)
            .arg("max", if unit == Unit::Ratio { "4" } else { "2" }),
        B::NotPlain => err("policy_file.number_not_plain", at),
        B::TooLarge => err("policy_file.number_too_large", at),
        B::RatioAboveOne => err("policy_file.ratio_above_one", at),
    };
    d.arg("value", s)
}

/// Resolves citation keys and parameter ids while compiling one file. Every method takes the
/// path of what it reads (`at`), so that a mistake names its field.
struct Compiler<'a> {
    citations: &'a [Citation],
    params: &'a [Param],
}

impl Compiler<'_> {
    fn cite(&self, key: &str, at: Vec<Seg>) -> Res<CiteIdx> {
        self.citations
            .iter()
            .position(|c| c.key == key)
            .ok_or_else(|| err("policy_file.unknown_citation", at).arg("cite", key))
    }

    /// The main citation and, where a value rests on two sentences, the second; `at` is the
    /// `cite` field.
    fn cites(&self, keys: &model::CiteKeys, at: Vec<Seg>) -> Res<(CiteIdx, Option<CiteIdx>)> {
        match keys {
            model::CiteKeys::One(a) => Ok((self.cite(a, at)?, None)),
            model::CiteKeys::Many(v) => match v.as_slice() {
                [a] => Ok((self.cite(a, at.index(0))?, None)),
                [a, b] => Ok((
                    self.cite(a, at.clone().index(0))?,
                    Some(self.cite(b, at.index(1))?),
                )),
                _ => Err(err("policy_file.cite_count", at).arg("count", v.len().to_string())),
            },
        }
    }

    fn assumption(&self, a: &model::Assumption, at: &[Seg]) -> Res<Assumption> {
        if a.cite.is_empty() {
            return Err(err("policy_file.assumption_without_cite", sub(at, "cite")));
        }
        Ok(Assumption {
            text: owned(&a.text),
            cites: a
                .cite
                .iter()
                .enumerate()
                .map(|(j, k)| self.cite(k, sub(at, "cite").index(j)))
                .collect::<Res<Vec<_>>>()?
                .into(),
        })
    }

    fn param(&self, id: &str, unit: Unit, at: Vec<Seg>) -> Res<ParamIdx> {
        let i = self
            .params
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| err("policy_file.unknown_param", at.clone()).arg("param", id))?;
        if self.params[i].unit != unit {
            return Err(err("policy_file.param_wrong_unit", at)
                .arg("param", id)
                .arg("unit", self.params[i].unit.as_str())
                .arg("expected", unit.as_str()));
        }
        Ok(i)
    }

    /// The critical-illness scope: a literal set of care types, or a choice parameter whose
    /// choices are sets of care types and which has a fallback.
    fn scope(&self, v: &model::ScopeVal, at: &[Seg]) -> Res<Scope> {
        let (cite, also) = match &v.cite {
            Some(keys) => {
                let (c, a) = self.cites(keys, sub(at, "cite"))?;
                (Some(c), a)
            }
            // A literal set is a rule, and a rule has its sentence.
            None if v.value.is_some() => {
                return Err(err("file.missing_key", sub(at, "cite")).arg("key", "cite"))
            }
            None => (None, None),
        };
        let source = match (&v.value, &v.param) {
            (Some(s), None) => Source::Scope(CareSet::parse(s).ok_or_else(|| {
                err("policy_file.unknown_scope", sub(at, "value")).arg("value", s)
            })?),
            (None, Some(p)) => {
                let i = self.param(p, Unit::Choice, sub(at, "param"))?;
                let info = &self.params[i];
                if !info
                    .choices
                    .iter()
                    .all(|c| matches!(c.meaning, ChoiceMeaning::Scope(_)))
                {
                    return Err(err("policy_file.scope_choices", sub(at, "param")).arg("param", p));
                }
                if info.fallback.is_none() {
                    return Err(
                        err("policy_file.scope_needs_fallback", sub(at, "param")).arg("param", p)
                    );
                }
                Source::Param(i, None)
            }
            (Some(_), Some(_)) => return Err(err("policy_file.value_and_param", at.to_vec())),
            (None, None) => return Err(err("policy_file.no_value", at.to_vec())),
        };
        Ok(Scope { source, cite, also })
    }

    fn val(&self, v: &model::Val, unit: Unit, allow_none: bool, at: &[Seg]) -> Res<Value> {
        let (cite, also) = self.cites(&v.cite, sub(at, "cite"))?;
        if v.minimum && (unit != Unit::Yuan || v.value.is_none()) {
            return Err(err("policy_file.minimum_not_amount", sub(at, "minimum")));
        }
        let source = match (&v.value, &v.param) {
            (Some(s), None) => {
                if v.factor.is_some() {
                    return Err(err("policy_file.factor_without_param", sub(at, "factor")));
                }
                let value_at = || sub(at, "value");
                match unit {
                    _ if allow_none && s == "none" => Source::NoCap,
                    Unit::Yuan => Source::Literal(
                        money::parse_amount(s).map_err(|e| bad_number(e, s, unit, value_at()))?,
                    ),
                    Unit::Ratio => Source::Literal(
                        money::parse_ratio(s).map_err(|e| bad_number(e, s, unit, value_at()))?,
                    ),
                    Unit::Choice => Source::Mode(Mode::parse(s).ok_or_else(|| {
                        err("policy_file.unknown_mode", value_at()).arg("value", s)
                    })?),
                    Unit::Schedule => return Err(err("policy_file.schedule_literal", value_at())),
                }
            }
            (None, Some(p)) => {
                let factor = match &v.factor {
                    None => None,
                    Some(f) => Some(
                        money::parse_ratio(f)
                            .map_err(|e| bad_number(e, f, Unit::Ratio, sub(at, "factor")))?,
                    ),
                };
                let i = self.param(p, unit, sub(at, "param"))?;
                if unit == Unit::Choice
                    && !self.params[i]
                        .choices
                        .iter()
                        .all(|c| matches!(c.meaning, ChoiceMeaning::Mode(_)))
                {
                    return Err(err("policy_file.mode_choices", sub(at, "param")).arg("param", p));
                }
                if self.params[i].accepts_none && !allow_none {
                    return Err(err("policy_file.none_not_cap", sub(at, "param")).arg("param", p));
                }
                Source::Param(i, factor)
            }
            (Some(_), Some(_)) => return Err(err("policy_file.value_and_param", at.to_vec())),
            (None, None) => return Err(err("policy_file.no_value", at.to_vec())),
        };
        Ok(Value {
            source,
            cite,
            also,
            minimum: v.minimum,
        })
    }

    fn amount(&self, v: &model::Val, at: &[Seg]) -> Res<Value> {
        self.val(v, Unit::Yuan, false, at)
    }
    fn cap(&self, v: &model::Val, at: &[Seg]) -> Res<Value> {
        self.val(v, Unit::Yuan, true, at)
    }
    fn ratio(&self, v: &model::Val, at: &[Seg]) -> Res<Value> {
        self.val(v, Unit::Ratio, false, at)
    }
    fn mode(&self, v: &model::Val, at: &[Seg]) -> Res<Value> {
        self.val(v, Unit::Choice, false, at)
    }
    fn ratio_literal(&self, v: &model::Val, at: &[Seg]) -> Res<Value> {
        let c = self.ratio(v, at)?;
        match c.source {
            Source::Literal(_) => Ok(c),
            _ => Err(err("policy_file.derive_not_literal", sub(at, "param"))),
        }
    }

    fn levels(&self, l: &model::ByLevel, unit: Unit, at: &[Seg]) -> Res<ByLevel> {
        match (&l.all, &l.l1, &l.l2, &l.l3) {
            (Some(a), None, None, None) => {
                let v = self.val(a, unit, false, &sub(at, "all"))?;
                Ok(ByLevel {
                    per_level: false,
                    values: [v, v, v],
                })
            }
            (None, Some(a), Some(b), Some(c)) => Ok(ByLevel {
                per_level: true,
                values: [
                    self.val(a, unit, false, &sub(at, "l1"))?,
                    self.val(b, unit, false, &sub(at, "l2"))?,
                    self.val(c, unit, false, &sub(at, "l3"))?,
                ],
            }),
            _ => Err(err("policy_file.levels", at.to_vec())),
        }
    }

    fn schedule(&self, s: &model::Schedule, at: &[Seg]) -> Res<Schedule<Value>> {
        if s.bands.is_empty() {
            return Err(err("policy_file.no_bands", sub(at, "bands")));
        }
        let mut bands = Vec::new();
        let mut last: Option<(yibao_rules::Decimal, &str)> = None;
        for (i, b) in s.bands.iter().enumerate() {
            let band_at = sub(at, "bands").index(i);
            let upto = match &b.upto {
                None if i + 1 == s.bands.len() => None,
                None => return Err(err("policy_file.open_band", band_at)),
                Some(u) => {
                    let upto_at = sub(&band_at, "upto");
                    let v = self.amount(u, &upto_at)?;
                    if let (Source::Literal(x), Some(written)) = (v.source, u.value.as_deref()) {
                        if let Some((_, previous)) = last.filter(|(l, _)| x <= *l) {
                            return Err(err("policy_file.bands_not_rising", upto_at)
                                .arg("value", written)
                                .arg("previous", previous));
                        }
                        last = Some((x, written));
                    }
                    Some(v)
                }
            };
            bands.push(Band {
                upto,
                ratio: self.ratio(&b.ratio, &sub(&band_at, "ratio"))?,
            });
        }
        Ok(Schedule {
            deductible: self.amount(&s.deductible, &sub(at, "deductible"))?,
            bands: bands.into(),
            cap: Some(self.cap(&s.cap, &sub(at, "cap"))?),
        })
    }

    /// The whole general schedule as one parameter of unit `schedule`; the file's separate
    /// values must then be its one-band parts. `at` is the schedule's path.
    fn whole_schedule(&self, w: &model::Val, s: &model::Schedule, at: &[Seg]) -> Res<Value> {
        let whole_at = sub(at, "whole");
        let v = self.val(w, Unit::Schedule, false, &whole_at)?;
        let Some(i) = v.param() else {
            return Err(err("policy_file.schedule_literal", whole_at));
        };
        let parts = s
            .bands
            .iter()
            .enumerate()
            .map(|(j, b)| {
                (
                    b.ratio.param.as_ref(),
                    sub(at, "bands").index(j).key("ratio"),
                )
            })
            .chain([
                (s.deductible.param.as_ref(), sub(at, "deductible")),
                (s.cap.param.as_ref(), sub(at, "cap")),
            ]);
        for (p, part_at) in parts {
            let Some(p) = p else { continue };
            let is_part = self
                .params
                .iter()
                .position(|q| q.id == *p)
                .is_some_and(|j| self.params[j].part_of == Some(i));
            if !is_part {
                return Err(err("policy_file.part_of_missing", part_at.key("param"))
                    .arg("param", p)
                    .arg("whole", &*self.params[i].id));
            }
        }
        Ok(v)
    }
}
