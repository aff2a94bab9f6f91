//! The built-in policies, compiled when the crate is built.
//!
//! `build.rs` reads `data/policies/*.toml`, checks and compiles each file with
//! [`crate::policy::compile`] (the same code the tests run on the TOML), and embeds the compiled
//! [`Registry`] in postcard form. At run time it is only decoded.
//!
//! Why compile at build time: a policy file that does not compile fails the build, never a user;
//! the page starts faster; and neither the TOML model's readers nor the compiler end up in the
//! WebAssembly a phone has to download.

use crate::policy::Registry;
use std::sync::OnceLock;

const EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/registry.bin"));

/// The built-in registry, decoded once.
///
/// Why `expect` is acceptable here: the bytes were produced by this very build from data that
/// compiled; `tests/policy_data.rs` decodes them too. It is not input.
pub fn registry() -> &'static Registry {
    static REG: OnceLock<Registry> = OnceLock::new();
    REG.get_or_init(|| load_embedded().expect("the embedded registry decodes (checked by tests)"))
}

/// Decodes the embedded registry. Public so that tests can see the error text.
pub fn load_embedded() -> Result<Registry, String> {
    postcard::from_bytes(EMBEDDED).map_err(|e| e.to_string())
}
