//! Reading a policy file for a region that is not built in (`yibao policy check`, the page's
//! `data-policy-src`): the file is checked and compiled at run time by the same compiler as the
//! built-in files, and each mistake is reported with its line, its field and a sentence in the
//! chosen language ([`FileError`], code `invalid_policy_file`).
//!
//! The file may cite the built-in documents and the documents it declares itself in
//! `[[register]]` (whose texts are not at hand, so quotes are only checked to be non-empty).

use crate::file_error::{FileError, FileKind};
use crate::messages::Catalogue;
use yibao_rules::{Document, Policy};

/// Checks and compiles a policy file's text against the built-in documents.
///
/// Returns the policy, which names its documents by id only, and the documents its
/// `[[register]]` declares (none of which has a built-in id), to be added to a registry next to
/// the built-in documents so that the policy's citations resolve. The first mistake found is the
/// error, worded in `cat`'s language.
pub fn check_policy_text(
    text: &str,
    cat: &Catalogue,
) -> Result<(Policy, Vec<Document>), FileError> {
    // A byte-order mark is not part of the TOML (editors on Windows may write one).
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    yibao_compile::check_policy(text, &crate::registry().documents)
        .map_err(|d| FileError::new(FileKind::Policy, &d, cat))
}
