//! The policy files are the rules, so they are tested like code: every file loads, rejects
//! unknown keys, cites every value, and every quote is really in its document.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use yibao_compile::model::{DocumentsFile, PolicyFile};

fn policy_paths() -> Vec<PathBuf> {
    let mut v: Vec<_> = fs::read_dir("data/policies")
        .expect("data/policies")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

fn documents() -> DocumentsFile {
    toml::from_str(&fs::read_to_string("data/documents.toml").unwrap()).expect("documents.toml")
}

/// Whitespace (including the full-width space and the non-breaking space the texts contain) is
/// dropped before comparing, because line breaks and spacing in the published texts are layout.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '\u{a0}')
        .collect()
}

fn doc_text(file: &str) -> String {
    fs::read_to_string(Path::new("data/documents").join(file)).expect("document text")
}

#[test]
fn the_four_built_in_policies_are_present_and_compile() {
    let reg = yibao::registry();
    let ids: BTreeSet<_> = reg.policies.iter().map(|p| p.meta.id.as_ref()).collect();
    for id in [
        "national-2020",
        "national-2022",
        "dongying-2020",
        "tianjin-2022",
    ] {
        assert!(ids.contains(id), "{id} missing");
    }
    assert_eq!(
        policy_paths().len(),
        reg.policies.len(),
        "one file per region-year"
    );
}

#[test]
fn each_file_is_named_after_its_policy_id() {
    for path in policy_paths() {
        let f: PolicyFile = toml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(path.file_stem().unwrap().to_str().unwrap(), f.id);
    }
}

#[test]
fn unknown_keys_are_rejected_at_every_level() {
    let path = Path::new("data/policies/dongying-2020.toml");
    let text = fs::read_to_string(path).unwrap();
    // The unchanged file loads.
    toml::from_str::<PolicyFile>(&text).expect("file loads");
    // A misspelt key at the top, inside a table, inside an inline value and inside an array of
    // tables is refused, not silently ignored.
    let cases = [
        (
            "id = \"dongying-2020\"",
            "id = \"dongying-2020\"\nyaer = 2020",
        ),
        (
            "[critical.schedule]",
            "[critical.schedule]\ndeductable = { value = \"1\", cite = \"poor\" }",
        ),
        (
            "deductible = { value = \"16000\", cite = \"critical-deductible\" }",
            "deductible = { value = \"16000\", cite = \"critical-deductible\", note = \"x\" }",
        ),
        (
            "[[tiers]]\nid = \"resident\"",
            "[[tiers]]\nid = \"resident\"\nprice = \"310\"",
        ),
    ];
    for (from, to) in cases {
        assert!(text.contains(from), "fixture anchor {from:?}");
        let bad = text.replacen(from, to, 1);
        let err = toml::from_str::<PolicyFile>(&bad).expect_err("unknown key must be rejected");
        assert!(err.to_string().contains("unknown field"), "{err}");
    }
}

#[test]
fn a_value_without_a_citation_is_rejected() {
    let text = fs::read_to_string("data/policies/dongying-2020.toml").unwrap();
    let bad = text.replacen(
        "deductible = { value = \"16000\", cite = \"critical-deductible\" }",
        "deductible = { value = \"16000\" }",
        1,
    );
    let err = toml::from_str::<PolicyFile>(&bad).expect_err("missing cite");
    assert!(err.to_string().contains("cite"), "{err}");
}

/// Walks the raw TOML: any table holding a `value` or a `param` must also hold a `cite`. The one
/// exception is a critical-illness scope left to a parameter where no sentence of the documents
/// addresses the scope at all (national-2020): it cites nothing rather than a sentence about
/// something else, and its steps say 文件未规定 (docs/POLICY_FORMAT.md).
fn every_value_is_cited(v: &toml::Value, path: &str, out: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) => {
            // A parameter's `choices` are labelled options of a form field, not rule values.
            let is_choice = path.ends_with("]") && path.contains(".choices[");
            let open_scope =
                path == ".critical.scope" && t.contains_key("param") && !t.contains_key("value");
            if (t.contains_key("value") || t.contains_key("param"))
                && !t.contains_key("cite")
                && !is_choice
                && !open_scope
            {
                out.push(path.to_string());
            }
            for (k, x) in t {
                every_value_is_cited(x, &format!("{path}.{k}"), out);
            }
        }
        toml::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                every_value_is_cited(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn no_value_lacks_a_citation() {
    for path in policy_paths() {
        let v: toml::Value = toml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let mut bad = Vec::new();
        every_value_is_cited(&v, "", &mut bad);
        assert!(
            bad.is_empty(),
            "{}: uncited values at {bad:?}",
            path.display()
        );
        // And the compiler resolves every cite key to a citation in the file.
        let f: PolicyFile = toml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        yibao_compile::compile(f, &registered_documents()).expect("compiles");
    }
}

#[test]
fn every_quote_occurs_verbatim_in_its_document() {
    let docs = documents();
    for path in policy_paths() {
        let f: PolicyFile = toml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        for (key, c) in &f.citations {
            let doc = docs
                .documents
                .iter()
                .find(|d| d.id == c.doc)
                .expect("known document");
            let text = normalise(&doc_text(&doc.file));
            assert!(
                text.contains(&normalise(&c.quote)),
                "{}: citation {key} quote not found in {}: {}",
                path.display(),
                doc.id,
                c.quote
            );
            assert!(!c.quote.trim().is_empty() && !c.clause.trim().is_empty());
        }
    }
}

#[test]
fn every_citation_is_used_and_every_document_exists() {
    let docs = documents();
    for d in &docs.documents {
        assert!(!doc_text(&d.file).trim().is_empty(), "{} text", d.id);
        assert!(d.status == "official" || d.status == "draft");
    }
    for path in policy_paths() {
        let text = fs::read_to_string(&path).unwrap();
        let f: PolicyFile = toml::from_str(&text).unwrap();
        for key in f.citations.keys() {
            let uses = text.matches(&format!("\"{key}\"")).count();
            assert!(
                uses >= 1,
                "{}: citation {key} is never used",
                path.display()
            );
        }
    }
}

const FNV_N2020: u64 = 0xb3f8c7cb9170caaf;
const FNV_DY2020: u64 = 0xee54b5306fc0dca2;
const FNV_N2022: u64 = 0x936c8fdae8fb2444;
const FNV_TJ2021D: u64 = 0x45a429b77f25e3d5;
const FNV_P2019: u64 = 0x48091c2f67ce67a5;

/// FNV-1a, 64 bits: enough to notice an accidental edit of a document text.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[test]
fn the_document_texts_are_unchanged() {
    // The texts in data/documents/ are verbatim copies of the official documents (the project's
    // seed set); every quote is checked against them, so an edit here would move the ground
    // under every citation. The fingerprints were taken when the texts were copied in.
    let expected = [
        ("n2020.txt", FNV_N2020),
        ("dy2020.txt", FNV_DY2020),
        ("n2022.txt", FNV_N2022),
        ("tj2021d.txt", FNV_TJ2021D),
        ("p2019.txt", FNV_P2019),
    ];
    for (file, want) in expected {
        let got = fnv1a(&fs::read(Path::new("data/documents").join(file)).unwrap());
        assert_eq!(
            got, want,
            "data/documents/{file} changed (fingerprint {got:#x})"
        );
    }
}

#[test]
fn no_region_id_appears_in_the_engine() {
    // The rules live in the data: the engine's Rust code names no region or policy id.
    let forbidden = [
        "national-2020",
        "national-2022",
        "dongying",
        "tianjin",
        "东营",
        "天津",
        "N2020",
        "DY2020",
        "TJ2021D",
    ];
    for entry in fs::read_dir("src")
        .unwrap()
        .chain(fs::read_dir("crates/rules/src").unwrap())
        .chain(fs::read_dir("crates/compile/src").unwrap())
    {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        // Doc examples and tests may name a policy; the code itself may not.
        let code: String = text
            .lines()
            .take_while(|l| !l.starts_with("#[cfg(test)]"))
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for f in forbidden {
            assert!(!code.contains(f), "{} names {f}", path.display());
        }
    }
}

/// The document register, compiled.
fn registered_documents() -> Vec<yibao::rules::Document> {
    yibao_compile::documents(&fs::read_to_string("data/documents.toml").unwrap()).unwrap()
}

#[test]
fn the_baked_registry_is_exactly_a_fresh_compilation_of_the_files() {
    let files = policy_paths()
        .iter()
        .map(|p| (p.display().to_string(), fs::read_to_string(p).unwrap()))
        .collect::<Vec<_>>();
    let fresh = yibao_compile::registry(
        &fs::read_to_string("data/documents.toml").unwrap(),
        files.iter().map(|(n, t)| (n.as_str(), t.clone())),
    )
    .unwrap();
    // The baked statics borrow every string and list; the fresh compilation owns them. Equal all
    // the same, value for value.
    assert_eq!(
        yibao::registry(),
        &fresh,
        "the build baked what the files say"
    );
    assert!(matches!(
        yibao::registry().policies,
        std::borrow::Cow::Borrowed(_)
    ));
    assert!(matches!(fresh.policies, std::borrow::Cow::Owned(_)));
}
