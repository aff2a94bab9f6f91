//! The built-in policies, compiled and baked when the crate is built.
//!
//! `build.rs` reads `data/policies/*.toml`, checks and compiles each file with `yibao-compile`
//! (the same code the tests run on the TOML), and writes the compiled registry out as a `static`
//! Rust value: every string and list is borrowed from the binary's read-only data. At run time
//! nothing is decoded, nothing allocated, and nothing can fail.
//!
//! Why compile at build time: a policy file that does not compile fails the build, never a user;
//! the page starts without parsing anything; and neither the TOML model's readers nor the
//! compiler end up in the WebAssembly a phone has to download.

use yibao_rules::Registry;

include!(concat!(env!("OUT_DIR"), "/registry.rs"));

/// The built-in registry.
pub fn registry() -> &'static Registry {
    &REGISTRY
}
