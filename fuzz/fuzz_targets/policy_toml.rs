//! A policy file as an agency might load it at run time: any text through the policy compiler.
//! Errors are expected; a panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use yibao::rules::Document;

fn documents() -> &'static [Document] {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| {
        yibao_compile::documents(include_str!("../../data/documents.toml"))
            .expect("data/documents.toml compiles")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = yibao_compile::compile_text(text, documents());
});
