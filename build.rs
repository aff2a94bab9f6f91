//! Compiles the human-edited policy files (`data/policies/*.toml`) into the registry the library
//! embeds (`src/registry.rs` explains why this happens at build time).
//!
//! The model (`src/policy/model.rs`) rejects unknown keys and `policy::compile` checks citations,
//! parameters and units, so a broken policy file fails the build with a message naming the file.
use std::{env, fs, path::Path};

#[allow(dead_code)]
#[path = "src/money.rs"]
mod money;

#[allow(dead_code)]
#[path = "src/policy/mod.rs"]
mod policy;

fn main() {
    println!("cargo:rerun-if-changed=data/policies");
    println!("cargo:rerun-if-changed=data/documents.toml");
    println!("cargo:rerun-if-changed=src/policy");
    println!("cargo:rerun-if-changed=src/money.rs");
    let docs_text = fs::read_to_string("data/documents.toml").expect("data/documents.toml");
    let documents: policy::model::DocumentsFile =
        toml::from_str(&docs_text).unwrap_or_else(|e| panic!("data/documents.toml: {e}"));
    let documents = documents.documents;
    let mut names: Vec<_> = fs::read_dir("data/policies")
        .expect("data/policies exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    names.sort();
    let mut policies = Vec::new();
    for path in &names {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(path).expect("policy file is readable UTF-8");
        let file: policy::PolicyFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let compiled =
            policy::compile(file, &documents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        policies.push(compiled);
    }
    let registry = policy::Registry {
        documents,
        policies,
    };
    let bytes = policy::codec::to_bytes(&registry);
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("registry.bin");
    fs::write(dest, bytes).unwrap();
}
