//! The `yibao` command line (docs/CONTRACT.md, "Command line").
//!
//! * `yibao estimate [--lang en] [FILE|-]` prints the result JSON, or the error JSON with exit
//!   status 2.
//! * `yibao explain [--lang en] [FILE|-]` prints the explanation as plain text for a help-desk
//!   terminal.
//! * `yibao policies [--lang en]` prints the built-in policies as JSON.

use std::io::{Read, Write};
use std::process::ExitCode;
use yibao::{messages, Catalogue};

const USAGE: &str = "用法：
  yibao estimate [--lang en] [文件|-]   读取情景（JSON），输出估算结果（JSON）
  yibao explain [--lang en] [文件|-]    读取情景，逐步说明计算过程（文本）
  yibao policies [--lang en]            列出内置政策（JSON）

Usage: yibao estimate [--lang zh-CN|en] [FILE|-] | yibao explain [--lang zh-CN|en] [FILE|-]
       | yibao policies [--lang zh-CN|en]";

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

/// Splits `--lang X` out of the arguments; the rest, in order.
fn options(args: &[String]) -> Result<(&'static Catalogue, Vec<&str>), String> {
    let mut lang = "zh-CN";
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--lang" {
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
    Ok((cat, rest))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(1);
    };
    let (cat, rest) = match options(rest) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}\n\n{USAGE}");
            return ExitCode::from(1);
        }
    };
    match cmd.as_str() {
        "estimate" | "explain" => {
            let input = match read_input(rest.first().copied()) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(1);
                }
            };
            match yibao::estimate_text(&input, cat) {
                Ok(e) if cmd == "estimate" => emit(&pretty(&e)),
                Ok(e) => emit(&yibao::explain_text(&e, cat)),
                Err(e) => {
                    emit(&pretty(&serde_json::json!({ "error": e })));
                    return ExitCode::from(2);
                }
            }
            ExitCode::SUCCESS
        }
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
