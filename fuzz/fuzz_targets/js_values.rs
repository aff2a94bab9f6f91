//! The WebAssembly's way in: a JS value read into an input tree. The generator builds
//! scenario-shaped trees (the real field names, the policies' parameter ids, amounts well-formed
//! and not), now and then deep ones around `yibao::input::MAX_DEPTH` or any tree at all.
//! Besides the invariants of every result, the tree written out as JSON text must give exactly
//! the same result through `estimate_text` (the command line and the page agree), and English
//! the same figures as Chinese (both only for years of at most 50 visits, for speed).
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use yibao_fuzz::{check, check_same_outcome, gen_input, to_json};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(input) = gen_input(&mut u) else {
        return;
    };
    let zh = yibao::estimate_input(&input, yibao::messages::zh());
    check(&zh);
    if input.depth() > yibao::input::MAX_DEPTH {
        let err = zh
            .as_ref()
            .expect_err("a tree deeper than MAX_DEPTH is refused");
        assert_eq!(err.error.code, yibao::ErrorCode::InvalidJson);
        assert_eq!(err.error.detail.key, "error.too_deep");
    }
    // A year of hundreds of visits costs a hundred times a short one: its invariants are checked
    // above, the two comparisons below only on shorter years, so the fuzzer keeps its pace.
    if matches!(input.get("visits"), Some(yibao::Input::Array(v)) if v.len() > 50) {
        return;
    }
    let en = yibao::estimate_input(&input, yibao::messages::en());
    check(&en);
    check_same_outcome(&zh, &en);
    let text = to_json(&input);
    let via_text = yibao::estimate_text(&text, yibao::messages::zh());
    assert_eq!(
        zh, via_text,
        "the tree and its JSON text give different results: {text}"
    );
});
