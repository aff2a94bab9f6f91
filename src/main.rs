//! The `yibao` command line (docs/CONTRACT.md, "Command line").
//!
//! * `yibao estimate [--lang en] [FILE|-]` prints the result JSON, or the error JSON with exit
//!   status 2.
//! * `yibao explain [--lang en] [FILE|-]` prints the explanation as plain text for a help-desk
//!   terminal.
//! * `yibao policies [--lang en]` prints the built-in policies as JSON.
//! * `yibao estimate --params-set FILE …` fills the local parameters the scenario leaves out from
//!   an agency's parameter set (TOML or JSON), each step citing the agency's document.
//! * `yibao params check FILE` checks a parameter set: `{"ok": true, …}`, or the error document
//!   with the line, the field and the message (exit status 2).
//! * `yibao policy check FILE` checks a policy file for a region that is not built in:
//!   `{"ok": true, "policy": {"id", "name"}}`, or the error document with the line, the field and
//!   the message (exit status 2).

#[cfg(feature = "cli")]
mod batch_cmd;

use std::io::{Read, Write};
use std::process::ExitCode;
use yibao::{messages, Catalogue};

const USAGE: &str = "用法：
  yibao estimate [--lang en] [--params-set 参数文件] [文件|-]
                                        读取情景（JSON），输出估算结果（JSON）；
                                        可用经办机构的参数文件补足当地参数
  yibao compare [--lang en] [--params-set 参数文件] [文件|-]
                                        比较此人可选的各参保档次：全年花费和平衡点（JSON）
  yibao curve --care 就诊类型 [--level 级别] [--lang en] [--params-set 参数文件] [文件|-]
                                        再加一次就诊时基金和个人各付多少：费用曲线及其拐点（JSON）
  yibao params check [--lang en] 参数文件
                                        检查经办机构的参数文件（TOML 或 JSON）
  yibao batch --policy 政策 [--params-set 参数文件] [--reform 参数文件]
              [--out 结果.csv] [--summary 汇总.json] [--jobs 线程数] 理赔明细.csv
                                        按理赔明细（CSV 或 JSON lines）逐人估算，输出结果和汇总
  yibao policy check [--lang en] 政策文件
                                        检查未内置地区的政策文件（TOML）
  yibao explain [--lang en] [文件|-]    读取情景，逐步说明计算过程（文本）
  yibao policies [--lang en]            列出内置政策（JSON）

Usage: yibao estimate [--lang zh-CN|en] [--params-set FILE] [FILE|-]
       | yibao compare [--lang zh-CN|en] [--params-set FILE] [FILE|-]
       | yibao curve --care CARE [--level N] [--lang zh-CN|en] [--params-set FILE] [FILE|-]
       | yibao params check [--lang zh-CN|en] FILE
       | yibao batch --policy ID [--params-set FILE] [--reform FILE] [--out FILE] [--summary FILE]
         [--jobs N] CLAIMS | yibao explain [--lang zh-CN|en] [FILE|-]
       | yibao policies [--lang zh-CN|en] | yibao policy check [--lang zh-CN|en] FILE";

fn read_input(arg: Option<&str>) -> Result<String, String> {
    let mut bytes = Vec::new();
    match arg {
        None | Some("-") => {
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| e.to_string())?;
        }
        Some(path) => {
            bytes = std::fs::read(path).map_err(|e| format!("无法读取文件 {path}：{e}"))?;
        }
    };
    // Invalid UTF-8 is invalid JSON; hand it on so it gets the contract's error.
    Ok(String::from_utf8(bytes).unwrap_or_else(|_| "\u{0}".to_string()))
}

/// Writes to standard output; a closed pipe (`yibao … | head`) is not an error worth a panic.
fn emit(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{s}");
}

fn pretty<T: serde::Serialize>(v: &T) -> String {
    // Our own types always serialise; an empty document is better than a panic if not.
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The options every command takes, and the arguments left.
struct Options<'a> {
    cat: &'static Catalogue,
    /// `--params-set FILE`: an agency's parameter set.
    params_set: Option<&'a str>,
    rest: Vec<&'a str>,
}

/// Splits `--lang X` and `--params-set FILE` out of the arguments; the rest, in order.
fn options(args: &[String]) -> Result<Options<'_>, String> {
    let mut lang = "zh-CN";
    let mut params_set = None;
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--params-set" {
            params_set = Some(
                it.next()
                    .map(String::as_str)
                    .ok_or("--params-set needs a file")?,
            );
        } else if let Some(v) = a.strip_prefix("--params-set=") {
            params_set = Some(v);
        } else if a == "--lang" {
            lang = it
                .next()
                .map(String::as_str)
                .ok_or("--lang needs a value")?;
        } else if let Some(v) = a.strip_prefix("--lang=") {
            lang = v;
        } else {
            rest.push(a.as_str());
        }
    }
    let cat = match lang {
        "zh" | "zh-CN" => messages::zh(),
        "en" => messages::en(),
        other => return Err(format!("unknown language {other}: use zh-CN or en")),
    };
    Ok(Options {
        cat,
        params_set,
        rest,
    })
}

/// Reads an agency's parameter set file; its mistakes as the error document (exit status 2).
fn read_set(path: &str, cat: &Catalogue) -> Result<yibao::params_set::ParamSet, ExitCode> {
    let text = read_input(Some(path)).map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(1)
    })?;
    yibao::agency::read_set_text(&text, cat).map_err(|e| {
        emit(&pretty(&e.document()));
        ExitCode::from(2)
    })
}

/// `yibao policy check FILE`: compiles a policy file for a region that is not built in.
fn check_policy(path: &str, cat: &Catalogue) -> ExitCode {
    let text = match read_input(Some(path)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    match yibao::policy_file::check_policy_text(&text, cat) {
        Ok((p, _)) => {
            let name = cat.policy_text(&p.meta.name);
            emit(&pretty(&serde_json::json!({
                "ok": true,
                "policy": { "id": p.meta.id, "name": name },
            })));
            ExitCode::SUCCESS
        }
        Err(e) => {
            emit(&pretty(&e.document()));
            ExitCode::from(2)
        }
    }
}

/// Reads the scenario (a file or standard input) and the parameter set, runs `f`, and prints the
/// text it answers, or the error document with exit status 2 (`estimate`, `explain`, `compare`,
/// `curve`).
fn answer(
    file: Option<&str>,
    params_set: Option<&str>,
    cat: &'static Catalogue,
    f: impl FnOnce(&str, Option<&yibao::params_set::ParamSet>) -> Result<String, yibao::ErrorOut>,
) -> ExitCode {
    let input = match read_input(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let set = match params_set.map(|p| read_set(p, cat)).transpose() {
        Ok(s) => s,
        Err(code) => return code,
    };
    match f(&input, set.as_ref()) {
        Ok(text) => {
            emit(&text);
            ExitCode::SUCCESS
        }
        Err(e) => {
            emit(&pretty(&serde_json::json!({ "error": e })));
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(1);
    };
    let Options {
        cat,
        params_set,
        rest,
    } = match options(rest) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}\n\n{USAGE}");
            return ExitCode::from(1);
        }
    };
    match cmd.as_str() {
        "estimate" | "explain" => answer(rest.first().copied(), params_set, cat, |input, set| {
            let result = match yibao::parse_text(input) {
                Ok(tree) => yibao::estimate_with_set(&tree, set, cat),
                // Not JSON: the same error document as without a set.
                Err(_) => yibao::estimate_text(input, cat),
            };
            result.map(|e| {
                if cmd == "estimate" {
                    pretty(&e)
                } else {
                    yibao::explain_text(&e, cat)
                }
            })
        }),
        "compare" => answer(rest.first().copied(), params_set, cat, |text, set| {
            yibao::compare::compare_text(text, set, cat).map(|c| pretty(&c))
        }),
        "curve" => {
            // yibao curve --care CARE [--level N] [FILE|-]
            let (mut care, mut level, mut file) = (None, None, None);
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                match *a {
                    "--care" => care = it.next().and_then(|c| yibao::rules::Care::parse(c)),
                    "--level" => level = it.next().and_then(|l| l.parse::<u8>().ok()),
                    x => file = Some(x),
                }
            }
            let Some(care) = care else {
                eprintln!("{USAGE}");
                return ExitCode::from(1);
            };
            answer(file, params_set, cat, |text, set| {
                yibao::curve::curve_text(text, set, care, level, cat).map(|c| pretty(&c))
            })
        }
        #[cfg(feature = "cli")]
        "batch" => {
            let mut it = rest.iter();
            let (mut policy, mut reform, mut out, mut summary, mut jobs, mut input) =
                (None, None, None, None, 1usize, None);
            while let Some(a) = it.next() {
                let mut value = || it.next().copied();
                match *a {
                    "--policy" => policy = value(),
                    "--reform" => reform = value(),
                    "--out" => out = value(),
                    "--summary" => summary = value(),
                    "--jobs" => jobs = value().and_then(|v| v.parse().ok()).unwrap_or(0),
                    x if !x.starts_with("--") || x == "-" => input = Some(x),
                    _ => {
                        eprintln!("{USAGE}");
                        return ExitCode::from(1);
                    }
                }
            }
            let (Some(policy), Some(input)) = (policy, input) else {
                eprintln!("{USAGE}");
                return ExitCode::from(1);
            };
            if jobs == 0 {
                eprintln!("--jobs needs a whole number of threads, 1 or more");
                return ExitCode::from(1);
            }
            let set = match params_set.map(|p| read_set(p, cat)).transpose() {
                Ok(s) => s,
                Err(code) => return code,
            };
            let reform = match reform.map(|p| read_set(p, cat)).transpose() {
                Ok(s) => s,
                Err(code) => return code,
            };
            let code = batch_cmd::run(
                batch_cmd::Options {
                    policy,
                    set,
                    reform,
                    out,
                    summary,
                    jobs,
                    input,
                },
                cat,
            );
            ExitCode::from(u8::try_from(code).unwrap_or(1))
        }
        "params" if rest.first() == Some(&"check") => {
            let Some(path) = rest.get(1) else {
                eprintln!("{USAGE}");
                return ExitCode::from(1);
            };
            match read_set(path, cat) {
                Ok(set) => {
                    emit(&pretty(&serde_json::json!({
                        "ok": true,
                        "policy": set.policy,
                        "agency": set.agency.name,
                        "params": set.values.iter().map(|v| v.param.as_str()).collect::<Vec<_>>(),
                        "set": set,
                    })));
                    ExitCode::SUCCESS
                }
                Err(code) => code,
            }
        }
        "policy" if rest.first() == Some(&"check") => match rest.get(1) {
            Some(path) => check_policy(path, cat),
            None => {
                eprintln!("{USAGE}");
                ExitCode::from(1)
            }
        },
        "policies" => {
            emit(&pretty(&yibao::policies(cat)));
            ExitCode::SUCCESS
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(1)
        }
    }
}
