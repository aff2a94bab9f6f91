//! The built-in policies, compiled when the crate is built.
//!
//! `build.rs` reads `data/policies/*.toml`, checks and compiles each file with
//! [`crate::policy::compile`] (the same code the tests run on the TOML), and embeds the compiled
//! [`Registry`] in the small binary form of [`crate::policy::codec`]. At run time it is only
//! decoded.
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
    REG.get_or_init(|| match load_embedded() {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    })
}

/// Decodes the embedded registry.
pub fn load_embedded() -> Result<Registry, String> {
    crate::policy::codec::from_bytes(EMBEDDED)
        .ok_or_else(|| "the embedded registry does not decode".to_string())
}
