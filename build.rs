//! Compiles the human-edited policy files (`data/policies/*.toml`) and bakes them into the engine
//! as static Rust (`src/registry.rs` explains why this happens at build time).
//!
//! `yibao-compile` rejects unknown keys and checks citations, parameters and units, so a broken
//! policy file fails the build with a message naming the file.
use std::{env, fs, path::Path};

fn main() {
    catalogues();
    println!("cargo:rerun-if-changed=data/policies");
    println!("cargo:rerun-if-changed=data/documents.toml");
    let docs = fs::read_to_string("data/documents.toml").expect("data/documents.toml");
    let mut paths: Vec<_> = fs::read_dir("data/policies")
        .expect("data/policies exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            println!("cargo:rerun-if-changed={}", p.display());
            let text = fs::read_to_string(p).expect("policy file is readable UTF-8");
            (p.display().to_string(), text)
        })
        .collect();
    let registry =
        yibao_compile::registry(&docs, files.iter().map(|(n, t)| (n.as_str(), t.clone())))
            .unwrap_or_else(|e| panic!("{e}"));
    // Without the step-by-step explanation, the texts only the steps show are dead weight; but
    // `details` (the agencies' and the batch's builds) lists some of them in `policies()`.
    let lean = ["CARGO_FEATURE_STEPS", "CARGO_FEATURE_DETAILS"]
        .iter()
        .all(|f| env::var_os(f).is_none());
    let registry = if lean {
        yibao_compile::without_steps_texts(registry)
    } else {
        registry
    };
    let baked = yibao_compile::bake(&registry);
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("registry.rs");
    fs::write(
        dest,
        format!("/// The built-in policies, baked from data/policies at build time.\npub static REGISTRY: yibao_rules::Registry = {baked};\n"),
    )
    .unwrap();
}

/// Bakes the message catalogues (`data/messages/*.toml`) into `catalogues.rs`: Chinese always,
/// English for builds with the `en` feature (the command line; the page fetches it instead).
fn catalogues() {
    let mut out = String::from("use std::borrow::Cow;\n");
    for (name, file, feature) in [("ZH", "zh-CN.toml", None), ("EN", "en.toml", Some("en"))] {
        let path = Path::new("data/messages").join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut tables = yibao_compile::catalogue::read(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Without the step-by-step explanation, its templates are dead weight.
        if env::var_os("CARGO_FEATURE_STEPS").is_none() {
            tables = yibao_compile::catalogue::without_steps(tables);
        }
        // Nor, without reading files (`agency`), the messages about mistakes in them.
        if env::var_os("CARGO_FEATURE_AGENCY").is_none() {
            tables = yibao_compile::catalogue::without_files(tables);
        }
        if env::var_os("CARGO_FEATURE_SETS").is_none() {
            tables = yibao_compile::catalogue::without_sets(tables);
        }
        if env::var_os("CARGO_FEATURE_BATCH").is_none() {
            tables = yibao_compile::catalogue::without_batch(tables);
        }
        let (messages, texts) = yibao_compile::catalogue::bake_tables(&tables);
        if let Some(f) = feature {
            out.push_str(&format!("#[cfg(feature = {f:?})]\n"));
        }
        out.push_str(&format!(
            "pub static {name}: crate::messages::Catalogue = crate::messages::Catalogue {{ lang: Cow::Borrowed({:?}), messages: {messages}, policy_texts: {texts} }};\n",
            tables.lang
        ));
    }
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("catalogues.rs");
    fs::write(dest, out).unwrap();
}
