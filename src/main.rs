//! The `yibao` command line (docs/CONTRACT.md, "Command line").
//!
//! * `yibao estimate [FILE|-]` prints the result JSON, or the error JSON with exit status 2.
//! * `yibao explain [FILE|-]` prints the explanation as plain text for a help-desk terminal.
//! * `yibao policies` prints the built-in policies as JSON.

use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "用法：
  yibao estimate [文件|-]   读取情景（JSON），输出估算结果（JSON）
  yibao explain [文件|-]    读取情景，逐步说明计算过程（文本）
  yibao policies            列出内置政策（JSON）

Usage: yibao estimate [FILE|-] | yibao explain [FILE|-] | yibao policies";

fn read_input(arg: Option<&str>) -> Result<String, String> {
    let mut bytes = Vec::new();
    match arg {
        None | Some("-") => std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?,
        Some(path) => {
            bytes = std::fs::read(path).map_err(|e| format!("无法读取文件 {path}：{e}"))?;
            0
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = args.first().map(String::as_str);
    let file = args.get(1).map(String::as_str);
    match cmd {
        Some("estimate") | Some("explain") => {
            let input = match read_input(file) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(1);
                }
            };
            let out = if cmd == Some("estimate") {
                yibao::estimate_text(&input)
            } else {
                yibao::explain_str(&input)
            };
            match out {
                Ok(s) => {
                    emit(&s);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    emit(&e.to_json().to_pretty());
                    ExitCode::from(2)
                }
            }
        }
        Some("policies") => {
            emit(&yibao::policies_json().to_pretty());
            ExitCode::SUCCESS
        }
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(1)
        }
    }
}
