//! Reads the human-edited policy files (`data/policies/*.toml`) and the document register, checks
//! them against the policy model, and embeds them in the library as one compact binary blob.
//!
//! Why: the engine runs in a phone's browser. A TOML or JSON reader for the whole policy model
//! would add well over 100 KB of WebAssembly; postcard's reader for the same model is a fraction
//! of that, and the data itself is smaller without key names. The model (`src/policy/model.rs`)
//! rejects unknown keys, so a misspelt key fails the build, not a user.
use std::{env, fs, path::Path};

#[allow(dead_code)]
#[path = "src/policy/model.rs"]
mod model;

#[derive(serde::Serialize)]
struct Bundle {
    documents: model::DocumentsFile,
    policies: Vec<model::PolicyFile>,
}

fn main() {
    println!("cargo:rerun-if-changed=data/policies");
    println!("cargo:rerun-if-changed=data/documents.toml");
    println!("cargo:rerun-if-changed=src/policy/model.rs");
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
        let file: model::PolicyFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        policies.push(file);
    }
    let docs_text = fs::read_to_string("data/documents.toml").expect("data/documents.toml");
    let documents: model::DocumentsFile =
        toml::from_str(&docs_text).unwrap_or_else(|e| panic!("data/documents.toml: {e}"));
    let bytes = postcard::to_allocvec(&Bundle {
        documents,
        policies,
    })
    .expect("encodes");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("policies.bin");
    fs::write(dest, bytes).unwrap();
}
