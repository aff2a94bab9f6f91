//! Turns the human-edited TOML policy files into one JSON document embedded in the library.
//!
//! Why: the engine must run in a phone's browser, and a TOML parser would add tens of kilobytes
//! to the WebAssembly. JSON is parsed by serde_json, which the engine needs anyway. The policy
//! structure itself (and its rejection of unknown keys) is checked when the JSON is read, by the
//! same serde model that the tests use on the TOML directly.
use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new("data/policies");
    println!("cargo:rerun-if-changed=data/policies");
    println!("cargo:rerun-if-changed=data/documents.toml");
    let mut names: Vec<_> = fs::read_dir(dir)
        .expect("data/policies exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    names.sort();
    let mut policies = Vec::new();
    for path in &names {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(path).expect("policy file is readable UTF-8");
        let value: toml::Value = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()));
        policies.push(serde_json::to_value(value).expect("TOML converts to JSON"));
    }
    let docs_text = fs::read_to_string("data/documents.toml").expect("data/documents.toml");
    let docs: toml::Value = toml::from_str(&docs_text).expect("documents.toml is valid TOML");
    let out = serde_json::json!({
        "documents": serde_json::to_value(docs).expect("documents convert"),
        "policies": policies,
    });
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("policies.json");
    fs::write(dest, serde_json::to_string(&out).unwrap()).unwrap();
}
