//! Any text as a scenario (the command line's and Rust callers' way in), in both languages.
//! A result must satisfy the contract's invariants; an error must have a code and a sentence;
//! nothing may panic; and the language changes only the words.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yibao_fuzz::{check, check_same_outcome};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let zh = yibao::estimate_text(text, yibao::messages::zh());
    check(&zh);
    let en = yibao::estimate_text(text, yibao::messages::en());
    check(&en);
    check_same_outcome(&zh, &en);
});
