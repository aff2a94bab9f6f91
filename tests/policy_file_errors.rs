//! A policy file an official writes for a region that is not built in: each mistake is refused
//! with its line, its field and a plain Chinese sentence (the error code `invalid_policy_file`).
//!
//! Every test starts from a real built-in file, makes one edit, and computes the expected line
//! from the edited text itself (where the edit is), never from the program's output.

use serde_json::Value;
use std::process::Command;
use yibao::file_error::FileError;
use yibao::messages::{self, Arg, Catalogue, KEYS};
use yibao::policy_file::check_policy_text;

const DONGYING: &str = include_str!("../data/policies/dongying-2020.toml");
const NATIONAL_2020: &str = include_str!("../data/policies/national-2020.toml");
const NATIONAL_2022: &str = include_str!("../data/policies/national-2022.toml");
const TIANJIN: &str = include_str!("../data/policies/tianjin-2022.toml");

// ------------------------------------------------------------------------------------ helpers

/// `text` with `from`, which must occur exactly once, replaced by `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} occurs once");
    text.replacen(from, to, 1)
}

/// The 1-based line of the `n`th (from 1) occurrence of `needle`.
fn nth_line(text: &str, needle: &str, n: usize) -> usize {
    let (at, _) = text
        .match_indices(needle)
        .nth(n - 1)
        .unwrap_or_else(|| panic!("{needle:?} occurs {n} times"));
    text[..at].matches('\n').count() + 1
}

/// The 1-based line of `needle`, which must occur exactly once.
fn line_of(text: &str, needle: &str) -> usize {
    assert_eq!(text.matches(needle).count(), 1, "{needle:?} occurs once");
    nth_line(text, needle, 1)
}

/// How many times `header` (a line such as `[[params]]`) opens a table before byte `at`: the
/// index of the table that `at` is in.
fn index_before(text: &str, header: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle");
    text[..at].lines().filter(|l| l.trim() == header).count() - 1
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF)
}

/// The raw texts of a message's arguments (the file's own words, quoted back).
fn raw_args(e: &FileError) -> Vec<String> {
    e.detail
        .args
        .iter()
        .filter_map(|(_, a)| match a {
            Arg::Raw(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// Checks a refused file in both languages: the line, the field and the key; the Chinese
/// sentence begins with the line and is Chinese; the English one has no Chinese of its own; the
/// message carries exactly the arguments its key declares.
fn refused(text: &str, line: usize, field: &str, key: &str) -> FileError {
    let e = check_policy_text(text, messages::zh()).expect_err("the edited file is refused");
    assert_eq!(
        (e.line, e.field.as_str(), e.detail.key),
        (line, field, key),
        "{}",
        e.message
    );
    assert_eq!(e.code, "invalid_policy_file");
    let sentence = messages::zh().render(&e.detail);
    assert!(
        sentence.chars().filter(|c| is_cjk(*c)).count() >= 4,
        "a Chinese sentence: {sentence}"
    );
    assert!(
        !sentence.contains('{'),
        "every placeholder filled: {sentence}"
    );
    if line > 0 {
        assert!(
            e.message.starts_with(&format!("第{line}行（{field}）：")),
            "{}",
            e.message
        );
    } else {
        assert_eq!(e.message, sentence);
    }
    let declared = KEYS
        .iter()
        .find(|(k, _)| *k == key)
        .unwrap_or_else(|| panic!("{key} is declared in KEYS"))
        .1;
    let mut given: Vec<&str> = e.detail.args.iter().map(|(n, _)| *n).collect();
    let mut want: Vec<&str> = declared.to_vec();
    given.sort_unstable();
    want.sort_unstable();
    assert_eq!(given, want, "{key}: the arguments it declares");
    english(text, &e, messages::en());
    e
}

/// The English wording: the same place and key, and no Chinese but the file's own words.
fn english(text: &str, zh: &FileError, en: &Catalogue) {
    let e = check_policy_text(text, en).expect_err("refused in English too");
    assert_eq!(
        (e.line, &e.field, e.detail.key),
        (zh.line, &zh.field, zh.detail.key)
    );
    let mut rest = e.message.clone();
    for a in raw_args(&e) {
        rest = rest.replace(&a, "");
    }
    assert!(
        !rest.chars().any(is_cjk),
        "no Chinese in English: {}",
        e.message
    );
}

// ------------------------------------------------------------------------------------ TOML and shape

#[test]
fn a_misspelt_key_is_refused_at_its_line_with_the_keys_that_exist() {
    let text = edit(
        DONGYING,
        "benefit = \"standard\"\nindividual = { value = \"310\"",
        "benfit = \"standard\"\nindividual = { value = \"310\"",
    );
    let e = refused(
        &text,
        line_of(&text, "benfit ="),
        "tiers[0].benfit",
        "file.unknown_key",
    );
    assert!(e.message.contains("benefit"), "{}", e.message);
}

#[test]
fn a_missing_key_is_refused_at_the_table_that_lacks_it() {
    let text = edit(
        DONGYING,
        "cite = \"poor\"\ncontribution_aid = { param = \"contribution_aid_registered_poor\"",
        "contribution_aid = { param = \"contribution_aid_registered_poor\"",
    );
    // The table that lacks it: the first group, whose `[[groups]]` header opens it.
    refused(
        &text,
        nth_line(&text, "[[groups]]", 1),
        "groups[0].cite",
        "file.missing_key",
    );
}

#[test]
fn a_number_written_as_text_where_a_year_is_due_is_a_wrong_type_at_its_line() {
    let text = edit(DONGYING, "year = 2020", "year = \"2020\"");
    let e = refused(&text, line_of(&text, "year = "), "year", "file.wrong_type");
    // What was written, as the file has it, and the kind due in the reader's words: not serde's
    // "string \"2020\"" and "u16".
    assert!(
        e.message.contains("写的是 \"2020\"，应为不带引号的数字"),
        "{}",
        e.message
    );
    let en = check_policy_text(&text, messages::en()).unwrap_err();
    assert!(
        en.message
            .contains("it is \"2020\", and should be a number without quotes"),
        "{}",
        en.message
    );
}

#[test]
fn an_amount_written_without_quotes_is_told_to_quote_it_in_the_readers_words() {
    let text = edit(
        DONGYING,
        "individual = { value = \"310\", cite = \"individual\" }",
        "individual = { value = 310, cite = \"individual\" }",
    );
    let e = refused(
        &text,
        line_of(&text, "individual = { value = 310"),
        "tiers[0].individual.value",
        "file.wrong_type",
    );
    assert!(
        e.message.contains("写的是 310，应为带引号的文字"),
        "{}",
        e.message
    );
    for serde_word in ["integer", "a string"] {
        assert!(!e.message.contains(serde_word), "{}", e.message);
    }
}

#[test]
fn a_value_cited_by_a_number_is_told_how_cite_is_written_not_that_the_toml_is_broken() {
    // `cite` is a key of [citations] or a list of two; serde only says that neither matched
    // ("untagged enum CiteKeys"), which read as "不是有效的 TOML".
    let text = edit(
        DONGYING,
        "individual = { value = \"310\", cite = \"individual\" }",
        "individual = { value = \"310\", cite = 5 }",
    );
    let e = refused(
        &text,
        line_of(&text, "individual = { value = \"310\""),
        "tiers[0].individual.cite",
        "file.cite_shape",
    );
    assert!(e.message.contains("[citations]"), "{}", e.message);
    assert!(!e.message.contains("TOML"), "{}", e.message);
}

#[test]
fn an_unclosed_quote_is_a_syntax_error_at_its_line() {
    let text = edit(
        DONGYING,
        "name = \"山东省东营市 2020年\"",
        "name = \"山东省东营市 2020年",
    );
    let e = check_policy_text(&text, messages::zh()).unwrap_err();
    assert_eq!(e.detail.key, "file.syntax");
    assert_eq!(
        e.line,
        line_of(&text, "name = \"山东省东营市"),
        "{}",
        e.message
    );
    assert!(e.message.starts_with(&format!("第{}行", e.line)));
    assert!(e.message.contains("TOML"));
}

// ------------------------------------------------------------------------------------ citations and documents

#[test]
fn a_value_citing_a_sentence_that_is_not_in_citations_is_refused_at_its_cite() {
    let text = edit(
        DONGYING,
        "individual = { value = \"310\", cite = \"individual\" }",
        "individual = { value = \"310\", cite = \"individul\" }",
    );
    let e = refused(
        &text,
        line_of(&text, "\"individul\""),
        "tiers[0].individual.cite",
        "policy_file.unknown_citation",
    );
    assert!(e.message.contains("“individul”不存在"), "{}", e.message);
    assert!(e.message.contains("[citations]"), "{}", e.message);
}

#[test]
fn the_second_of_two_citations_is_named_by_its_index() {
    let text = edit(
        TIANJIN,
        "cite = [\"student\", \"individual\"]",
        "cite = [\"student\", \"individul\"]",
    );
    let i = index_before(&text, "[[tiers]]", "\"individul\"");
    refused(
        &text,
        line_of(&text, "\"individul\""),
        &format!("tiers[{i}].individual.cite[1]"),
        "policy_file.unknown_citation",
    );
}

#[test]
fn three_citations_for_one_value_are_refused() {
    let text = edit(
        TIANJIN,
        "cite = [\"student\", \"individual\"]",
        "cite = [\"student\", \"individual\", \"subsidy\"]",
    );
    let i = index_before(&text, "[[tiers]]", "\"individual\", \"subsidy\"");
    refused(
        &text,
        line_of(&text, "\"individual\", \"subsidy\""),
        &format!("tiers[{i}].individual.cite"),
        "policy_file.cite_count",
    );
}

#[test]
fn a_citation_naming_no_document_is_refused_at_its_doc_line() {
    let text = edit(
        DONGYING,
        "subsidy = { doc = \"DY2020\"",
        "subsidy = { doc = \"DY2021\"",
    );
    let e = refused(
        &text,
        line_of(&text, "\"DY2021\""),
        "citations.subsidy.doc",
        "policy_file.unknown_document",
    );
    // The registered documents are offered.
    assert!(e.message.contains("DY2020"), "{}", e.message);
    assert!(e.message.contains("[[register]]"), "{}", e.message);
}

#[test]
fn a_policy_drawing_on_an_unknown_document_is_refused_at_its_documents_list() {
    let text = edit(
        DONGYING,
        "documents = [\"DY2020\", \"N2020\"]",
        "documents = [\"DY2020\", \"N2021\"]",
    );
    refused(
        &text,
        line_of(&text, "documents = "),
        "documents[1]",
        "policy_file.unknown_document",
    );
}

#[test]
fn a_citation_without_its_quote_is_refused_at_the_quote() {
    let from = "aid = { doc = \"DY2020\", clause = \"二(三)\", quote = \"落实落细扶贫对象参保资助政策,按标资助、人费对应,及时划转资助资金。\" }";
    let text = edit(
        DONGYING,
        from,
        "aid = { doc = \"DY2020\", clause = \"二(三)\", quote = \" \" }",
    );
    refused(
        &text,
        line_of(&text, "quote = \" \""),
        "citations.aid.quote",
        "policy_file.empty_quote",
    );
}

// ------------------------------------------------------------------------------------ the register

const REGISTER: &str = "
[[register]]
id = \"WF2024\"
title = \"潍坊市关于做好2024年城乡居民基本医疗保障工作的通知\"
number = \"\"
date = \"2024-08-01\"
status = \"official\"
url = \"https://example.org/wf2024.html\"
";

#[test]
fn a_document_declared_in_register_may_be_cited_and_is_returned_with_the_policy() {
    let text = edit(
        DONGYING,
        "subsidy = { doc = \"DY2020\"",
        "subsidy = { doc = \"WF2024\"",
    );
    let text = edit(
        &text,
        "documents = [\"DY2020\", \"N2020\"]",
        "documents = [\"WF2024\", \"DY2020\", \"N2020\"]",
    ) + REGISTER;
    let (policy, documents) = check_policy_text(&text, messages::zh()).expect("compiles");
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].id, "WF2024");
    assert_eq!(documents[0].status, "official");
    assert_eq!(documents[0].date, "2024-08-01");
    assert_eq!(policy.meta.documents[0], "WF2024");
    let c = policy
        .citations
        .iter()
        .find(|c| c.key == "subsidy")
        .unwrap();
    assert_eq!(c.doc, "WF2024");
}

#[test]
fn a_register_entry_with_the_id_of_a_built_in_document_is_refused() {
    let text = DONGYING.to_string() + &REGISTER.replace("id = \"WF2024\"", "id = \"N2020\"");
    let e = refused(
        &text,
        line_of(&text, "id = \"N2020\""),
        "register[0].id",
        "policy_file.register_clashes",
    );
    assert!(e.message.contains("N2020"), "{}", e.message);
}

#[test]
fn a_register_entry_with_an_unknown_status_is_refused_at_its_status() {
    let text =
        DONGYING.to_string() + &REGISTER.replace("status = \"official\"", "status = \"final\"");
    refused(
        &text,
        line_of(&text, "status = \"final\""),
        "register[0].status",
        "policy_file.unknown_status",
    );
}

#[test]
fn a_register_entry_carrying_a_file_is_refused_as_an_unknown_key() {
    let text = DONGYING.to_string() + REGISTER + "file = \"wf2024.txt\"\n";
    refused(
        &text,
        line_of(&text, "file = \"wf2024.txt\""),
        "register[0].file",
        "file.unknown_key",
    );
}

#[test]
fn a_built_in_policy_file_may_not_declare_documents_of_its_own() {
    let text = DONGYING.to_string() + REGISTER;
    let e = yibao_compile::registry(
        include_str!("../data/documents.toml"),
        [("dongying-2020.toml", text)],
    )
    .unwrap_err();
    assert!(e.contains("data/documents.toml"), "{e}");
}

// ------------------------------------------------------------------------------------ parameters

#[test]
fn a_param_of_an_unknown_unit_is_refused_at_its_unit() {
    let text = edit(
        DONGYING,
        "id = \"inpatient_cap\"\nlabel = \"住院年度最高支付限额\"\nmeaning = \"基本医保统筹基金一个年度内对住院的最高支付金额（元）。文件未规定，由当地经办机构公布。\"\nunit = \"yuan\"",
        "id = \"inpatient_cap\"\nlabel = \"住院年度最高支付限额\"\nmeaning = \"基本医保统筹基金一个年度内对住院的最高支付金额（元）。文件未规定，由当地经办机构公布。\"\nunit = \"amount\"",
    );
    let i = index_before(&text, "[[params]]", "id = \"inpatient_cap\"");
    let e = refused(
        &text,
        line_of(&text, "unit = \"amount\""),
        &format!("params[{i}].unit"),
        "policy_file.unknown_unit",
    );
    assert!(e.message.contains("inpatient_cap"), "{}", e.message);
    assert!(e.message.contains("yuan"), "{}", e.message);
}

#[test]
fn a_param_declared_twice_is_refused_at_the_second_id() {
    let text = edit(
        DONGYING,
        "id = \"inpatient_deductible_l2\"",
        "id = \"inpatient_deductible_l1\"",
    );
    let i = index_before(&text, "[[params]]", "label = \"住院起付标准（二级医院）\"");
    refused(
        &text,
        nth_line(&text, "id = \"inpatient_deductible_l1\"", 2),
        &format!("params[{i}].id"),
        "policy_file.param_twice",
    );
}

/// A literal scope is a rule, and a rule has its sentence; only a scope left to a parameter may
/// cite nothing (where no sentence addresses it, as in national-2020).
#[test]
fn a_literal_scope_without_a_citation_is_refused_at_its_cite() {
    let text = edit(
        DONGYING,
        "scope = { param = \"critical_scope\", cite = \"critical-bands\" }",
        "scope = { value = \"inpatient\" }",
    );
    refused(
        &text,
        line_of(&text, "scope = { value = \"inpatient\" }"),
        "critical.scope.cite",
        "file.missing_key",
    );
    // The same scope left to its parameter without a sentence is accepted.
    let open = edit(
        DONGYING,
        "scope = { param = \"critical_scope\", cite = \"critical-bands\" }",
        "scope = { param = \"critical_scope\" }",
    );
    check_policy_text(&open, messages::zh()).expect("a parameter scope may cite nothing");
}

#[test]
fn a_param_declared_but_not_used_is_refused_at_its_id() {
    let text = edit(
        DONGYING,
        "cap = { param = \"outpatient_cap\", cite = \"outpatient\" }",
        "cap = { value = \"none\", cite = \"outpatient\" }",
    );
    let i = index_before(&text, "[[params]]", "id = \"outpatient_cap\"");
    let e = refused(
        &text,
        line_of(&text, "id = \"outpatient_cap\""),
        &format!("params[{i}].id"),
        "policy_file.param_unused",
    );
    assert!(e.message.contains("outpatient_cap"), "{}", e.message);
}

#[test]
fn a_value_naming_an_undeclared_param_is_refused_at_its_param() {
    let text = edit(
        DONGYING,
        "annual_limit = { param = \"assistance_annual_limit\"",
        "annual_limit = { param = \"assistance_limit\"",
    );
    refused(
        &text,
        line_of(&text, "\"assistance_limit\""),
        "assistance.annual_limit.param",
        "policy_file.unknown_param",
    );
}

#[test]
fn a_ratio_param_where_an_amount_is_due_is_refused_for_its_unit() {
    let text = edit(
        DONGYING,
        "deductible = { param = \"assistance_deductible\"",
        "deductible = { param = \"assistance_ratio_dibao\"",
    );
    let e = refused(
        &text,
        line_of(&text, "deductible = { param = \"assistance_ratio_dibao\""),
        "assistance.deductible.param",
        "policy_file.param_wrong_unit",
    );
    assert!(e.message.contains("ratio") && e.message.contains("yuan"));
}

#[test]
fn a_fallback_that_is_not_one_of_the_choices_is_refused() {
    let text = edit(
        DONGYING,
        "fallback = \"inpatient\"",
        "fallback = \"outpatient\"",
    );
    refused(
        &text,
        line_of(&text, "fallback = "),
        "params[0].fallback",
        "policy_file.fallback_not_choice",
    );
}

#[test]
fn more_than_64_params_are_refused_at_the_first_one_too_many() {
    let extra: String = (0..36)
        .map(|i| {
            format!(
                "\n[[params]]\nid = \"extra_{i}\"\nlabel = \"x\"\nmeaning = \"x\"\nunit = \"yuan\"\nneed = \"when_used\"\nlayer = \"basic\"\n"
            )
        })
        .collect();
    let text = DONGYING.to_string() + &extra;
    assert!(text.matches("[[params]]\n").count() > 64);
    let e = refused(
        &text,
        nth_line(&text, "[[params]]\n", 65),
        "params[64]",
        "policy_file.too_many_params",
    );
    assert!(e.message.contains("64"), "{}", e.message);
}

// ------------------------------------------------------------------------------------ values and schedules

#[test]
fn a_ratio_above_one_is_refused_at_its_value() {
    let text = edit(
        DONGYING,
        "ratio = { value = \"0.70\", cite = \"critical-bands\" }",
        "ratio = { value = \"1.70\", cite = \"critical-bands\" }",
    );
    let e = refused(
        &text,
        line_of(&text, "\"1.70\""),
        "critical.schedule.bands[2].ratio.value",
        "policy_file.ratio_above_one",
    );
    assert!(e.message.contains("1.70"), "{}", e.message);
}

#[test]
fn an_amount_written_with_chinese_units_is_refused_as_not_a_plain_number() {
    let text = edit(
        DONGYING,
        "deductible = { value = \"16000\", cite = \"critical-deductible\" }",
        "deductible = { value = \"1.6万\", cite = \"critical-deductible\" }",
    );
    refused(
        &text,
        line_of(&text, "\"1.6万\""),
        "critical.schedule.deductible.value",
        "policy_file.number_not_plain",
    );
}

#[test]
fn band_limits_that_do_not_rise_are_refused_at_the_later_limit() {
    let text = edit(
        DONGYING,
        "upto = { value = \"200000\", cite = \"critical-bands\" }",
        "upto = { value = \"90000\", cite = \"critical-bands\" }",
    );
    let e = refused(
        &text,
        line_of(&text, "\"90000\""),
        "critical.schedule.bands[1].upto",
        "policy_file.bands_not_rising",
    );
    assert!(e.message.contains("90000") && e.message.contains("100000"));
}

#[test]
fn a_band_without_a_limit_before_the_last_is_refused_at_its_band() {
    let text = edit(
        DONGYING,
        "upto = { value = \"300000\", cite = \"critical-bands\" }\n",
        "",
    );
    // The third band of the general schedule is now open-ended but not the last: the mistake is
    // the band's, placed at its `[[critical.schedule.bands]]` header.
    refused(
        &text,
        nth_line(&text, "[[critical.schedule.bands]]", 3),
        "critical.schedule.bands[2]",
        "policy_file.open_band",
    );
}

#[test]
fn more_than_20_bands_in_a_schedule_are_refused() {
    let bands: String = (1..=20)
        .map(|i| {
            format!(
                "\n[[critical.schedule.bands]]\nupto = {{ value = \"{}\", cite = \"critical-bands\" }}\nratio = {{ value = \"0.75\", cite = \"critical-bands\" }}\n",
                300000 + i * 1000
            )
        })
        .collect();
    let text = edit(
        DONGYING,
        "\n[[critical.schedule.bands]]\nratio = { value = \"0.75\", cite = \"critical-bands\" }\n",
        &(bands + "\n[[critical.schedule.bands]]\nratio = { value = \"0.75\", cite = \"critical-bands\" }\n"),
    );
    refused(
        &text,
        nth_line(&text, "[[critical.schedule.bands]]", 21),
        "critical.schedule.bands[20]",
        "policy_file.too_many_bands",
    );
}

#[test]
fn both_a_value_and_a_param_in_one_place_are_refused() {
    let text = edit(
        DONGYING,
        "cap = { value = \"400000\", cite = \"critical-cap\" }",
        "cap = { value = \"400000\", param = \"inpatient_cap\", cite = \"critical-cap\" }",
    );
    refused(
        &text,
        line_of(&text, "param = \"inpatient_cap\", cite = \"critical-cap\""),
        "critical.schedule.cap",
        "policy_file.value_and_param",
    );
}

// ------------------------------------------------------------------------------------ care, groups, tiers

#[test]
fn an_unknown_care_type_is_refused_at_its_basic_rule() {
    let text = edit(
        DONGYING,
        "[[basic]]\ncare = \"outpatient\"",
        "[[basic]]\ncare = \"outpatent\"",
    );
    let e = refused(
        &text,
        line_of(&text, "\"outpatent\""),
        "basic[1].care",
        "policy_file.unknown_care",
    );
    assert!(e.message.contains("special_outpatient"), "{}", e.message);
}

#[test]
fn a_ratio_for_an_unknown_benefit_tier_is_refused_at_its_key() {
    let text = edit(
        DONGYING,
        "ratio.standard = { l1 = { param = \"outpatient_ratio_l1\"",
        "ratio.standrd = { l1 = { param = \"outpatient_ratio_l1\"",
    );
    refused(
        &text,
        line_of(&text, "ratio.standrd"),
        "basic[1].ratio.standrd",
        "policy_file.unknown_benefit",
    );
}

#[test]
fn an_unknown_group_is_refused_with_the_groups_that_exist() {
    let text = edit(DONGYING, "id = \"dibao\"", "id = \"dibaoo\"");
    let e = refused(
        &text,
        line_of(&text, "\"dibaoo\""),
        "groups[1].id",
        "policy_file.unknown_group",
    );
    assert!(e.message.contains("registered_poor"), "{}", e.message);
}

#[test]
fn an_assistance_group_not_listed_in_groups_is_refused() {
    let text = edit(DONGYING, "group = \"tekun\"", "group = \"youfu\"");
    refused(
        &text,
        line_of(&text, "group = \"youfu\""),
        "assistance.groups[2].group",
        "policy_file.group_not_listed",
    );
}

#[test]
fn a_tier_naming_an_unknown_benefit_tier_is_refused_at_its_benefit() {
    let text = edit(
        DONGYING,
        "benefit = \"standard\"\nindividual = { value = \"210\"",
        "benefit = \"high\"\nindividual = { value = \"210\"",
    );
    let e = refused(
        &text,
        line_of(&text, "benefit = \"high\""),
        "tiers[1].benefit",
        "policy_file.unknown_benefit",
    );
    assert!(e.message.contains("standard"), "{}", e.message);
}

#[test]
fn an_enrolment_naming_an_unknown_tier_is_refused() {
    let from = "contribution_tier = \"low\"";
    let n = TIANJIN.matches(from).count();
    assert!(n >= 1);
    let text = TIANJIN.replacen(from, "contribution_tier = \"lowest\"", 1);
    let i = index_before(&text, "[[groups]]", "\"lowest\"");
    refused(
        &text,
        line_of(&text, "\"lowest\""),
        &format!("groups[{i}].enrolment.contribution_tier"),
        "policy_file.unknown_tier",
    );
}

// ------------------------------------------------------------------------------------ limits

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let text = DONGYING.to_string() + &format!("# {}\n", "x".repeat(300 * 1024));
    let e = refused(&text, 0, "", "file.too_large");
    assert!(e.message.contains("256"), "{}", e.message);
}

#[test]
fn a_file_nested_too_deeply_is_refused_at_the_line_of_the_nesting() {
    let deep = format!("deep = {}1{}", "[".repeat(17), "]".repeat(17));
    let text = edit(DONGYING, "year = 2020\n", &format!("year = 2020\n{deep}\n"));
    refused(&text, line_of(&text, "deep = "), "", "file.too_deep");
}

// ------------------------------------------------------------------------------------ keys

#[test]
fn every_key_the_compiler_uses_is_declared_and_every_declared_policy_file_key_is_used() {
    let source = include_str!("../crates/compile/src/lib.rs");
    let used: std::collections::BTreeSet<&str> = source
        .split('"')
        .filter(|s| s.starts_with("policy_file.") && !s.contains(' '))
        .collect();
    let declared: std::collections::BTreeSet<&str> = KEYS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| k.starts_with("policy_file."))
        .collect();
    assert!(used.len() > 60, "{} keys", used.len());
    assert_eq!(used, declared);
}

// ------------------------------------------------------------------------------------ round trip

#[test]
fn each_built_in_file_read_at_run_time_compiles_to_the_baked_policy() {
    for (id, text) in [
        ("dongying-2020", DONGYING),
        ("national-2020", NATIONAL_2020),
        ("national-2022", NATIONAL_2022),
        ("tianjin-2022", TIANJIN),
    ] {
        let (policy, documents) = check_policy_text(text, messages::zh())
            .unwrap_or_else(|e| panic!("{id}: {}", e.message));
        assert!(documents.is_empty(), "{id}: no documents of its own");
        assert!(
            policy == *yibao::registry().policy(id).expect("built in"),
            "{id}: the run-time compilation equals the baked policy"
        );
    }
}

// ------------------------------------------------------------------------------------ command line

#[test]
fn the_command_line_checks_a_policy_file() {
    let dir = std::env::temp_dir().join(format!("yibao-policy-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |file: &str, text: &str, lang: &str| {
        let path = dir.join(file);
        std::fs::write(&path, text).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_yibao"))
            .args(["policy", "check", "--lang", lang, path.to_str().unwrap()])
            .output()
            .expect("run yibao");
        let v: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
        (o.status.code(), v)
    };

    let (code, v) = run("good.toml", DONGYING, "zh-CN");
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["ok"], true);
    assert_eq!(v["policy"]["id"], "dongying-2020");
    assert_eq!(v["policy"]["name"], "山东省东营市 2020年");

    let bad = edit(
        DONGYING,
        "ratio = { value = \"0.70\", cite = \"critical-bands\" }",
        "ratio = { value = \"1.70\", cite = \"critical-bands\" }",
    );
    let line = line_of(&bad, "\"1.70\"");
    let (code, v) = run("bad.toml", &bad, "zh-CN");
    assert_eq!(code, Some(2), "{v}");
    let e = &v["error"];
    assert_eq!(e["code"], "invalid_policy_file");
    assert_eq!(e["line"], line);
    assert_eq!(e["field"], "critical.schedule.bands[2].ratio.value");
    assert_eq!(e["key"], "policy_file.ratio_above_one");
    assert_eq!(e["args"]["value"]["raw"], "1.70");
    let message = e["message"].as_str().unwrap();
    assert!(message.starts_with(&format!("第{line}行")), "{message}");

    let (code, v) = run("bad.toml", &bad, "en");
    assert_eq!(code, Some(2));
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.starts_with(&format!("Line {line} ")), "{message}");
    assert!(!message.chars().any(is_cjk), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}
