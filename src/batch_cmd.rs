//! `yibao batch`: a claims file settled person by person (docs/CONTRACT.md, "Claims files and
//! `yibao batch`"). The reading and settling are the library's ([`yibao::batch`]); this module
//! only opens files, shows progress on a terminal, spreads the settling over threads when asked,
//! and writes the results.

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read, Seek, Write};
use yibao::batch::{
    json_person, results_header, Batch, Feeder, Grouping, Header, Person, RowError, Scan, Settled,
    Unreadable, PERSON,
};
use yibao::params_set::ParamSet;
use yibao::Catalogue;

/// The options of `yibao batch`.
pub struct Options<'a> {
    /// The policy's id.
    pub policy: &'a str,
    /// An agency's parameter set.
    pub set: Option<ParamSet>,
    /// The reform's parameter set.
    pub reform: Option<ParamSet>,
    /// `--out`: the results CSV (standard output when absent).
    pub out: Option<&'a str>,
    /// `--summary`: the summary JSON.
    pub summary: Option<&'a str>,
    /// `--jobs`: threads for settling.
    pub jobs: usize,
    /// The claims file (`-`: standard input).
    pub input: &'a str,
}

/// Persons settled together (and, with `--jobs`, in parallel).
const CHUNK: usize = 8192;

fn fail(msg: &str) -> i32 {
    eprintln!("{msg}");
    1
}

/// The claims file as a seekable file: standard input is copied to a temporary file first, as the
/// batch reads the file twice when it is not sorted by person.
fn open(input: &str) -> std::io::Result<File> {
    if input != "-" {
        return File::open(input);
    }
    let path = std::env::temp_dir().join(format!("yibao-claims-{}.tmp", std::process::id()));
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)?;
    // Removed at once: the open handle keeps the data until the process ends.
    let _ = std::fs::remove_file(&path);
    std::io::copy(&mut std::io::stdin().lock(), &mut f)?;
    f.rewind()?;
    Ok(f)
}

/// Whether the file is JSON lines (its first character, after a byte-order mark and spaces, is
/// `{`).
fn is_json_lines(f: &mut File) -> std::io::Result<bool> {
    let mut head = [0u8; 64];
    let n = f.read(&mut head)?;
    f.rewind()?;
    let text = String::from_utf8_lossy(&head[..n]);
    Ok(text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{'))
}

/// One record of a claims file, as [`walk`] hands it out.
enum Event<'r> {
    /// A CSV record and the header.
    Csv(u64, &'r csv::StringRecord, &'r Header),
    /// A JSON-lines object.
    Json(u64, &'r yibao::Input),
    /// A line that is not a record, and why.
    Bad(u64, Unreadable),
}

/// Walks the records of a file, calling `each` for every one. Returns the header's mistake, if
/// the header itself is unusable.
fn walk(
    f: &mut File,
    json: bool,
    cat: &Catalogue,
    progress: &ProgressBar,
    mut each: impl FnMut(Event),
) -> Result<(), RowError> {
    f.rewind().map_err(|e| io_error(cat, &e))?;
    if json {
        let reader = BufReader::new(&mut *f);
        for (i, line) in reader.lines().enumerate() {
            let n = i as u64 + 1;
            let Ok(line) = line else {
                each(Event::Bad(n, Unreadable::NotUtf8));
                continue;
            };
            if !progress.is_hidden() {
                progress.inc(line.len() as u64 + 1);
            }
            let text = line.trim_start_matches('\u{feff}');
            if text.trim().is_empty() {
                continue;
            }
            match yibao::input::from_text(text) {
                Ok(v @ yibao::Input::Object(_)) => each(Event::Json(n, &v)),
                Ok(_) => each(Event::Bad(n, Unreadable::NotObject)),
                Err((_, col)) => each(Event::Bad(n, Unreadable::NotJson(col as u64))),
            }
        }
        return Ok(());
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(BufReader::with_capacity(1 << 20, &mut *f));
    let header = {
        let h = reader.headers().map_err(|e| csv_error(cat, 1, &e))?;
        Header::new(h.iter(), cat)?
    };
    let mut record = csv::StringRecord::new();
    let mut last = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if !progress.is_hidden() {
                    let pos = record.position().map_or(0, |p| p.byte());
                    progress.inc(pos.saturating_sub(last));
                    last = pos;
                }
                each(Event::Csv(
                    record.position().map_or(0, |p| p.line()),
                    &record,
                    &header,
                ));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                each(Event::Bad(line, Unreadable::of_csv(&e)));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    Ok(())
}

fn io_error(cat: &Catalogue, e: &std::io::Error) -> RowError {
    let m = yibao::messages::Message::new("batch.row_unreadable")
        .arg("detail", yibao::messages::Arg::Raw(e.to_string()));
    RowError {
        line: 0,
        column: String::new(),
        person: String::new(),
        message: cat.render(&m),
        key: m.key,
    }
}

fn csv_error(cat: &Catalogue, line: u64, e: &csv::Error) -> RowError {
    let m = Unreadable::of_csv(e).message();
    RowError {
        line,
        column: String::new(),
        person: String::new(),
        message: cat.render(&m),
        key: m.key,
    }
}

fn field<'r>(record: &'r csv::StringRecord, header: &Header, column: usize) -> Option<&'r str> {
    header.index(column).and_then(|i| record.get(i))
}

/// Runs the batch; returns the exit status.
pub fn run(o: Options, cat: &'static Catalogue) -> i32 {
    let reg = yibao::registry();
    let Some(policy) = reg.policy(o.policy) else {
        let ids: Vec<&str> = reg.policies.iter().map(|p| p.meta.id.as_ref()).collect();
        return fail(&format!(
            "没有“{}”这项内置政策。可选：{}",
            o.policy,
            ids.join("、")
        ));
    };
    // Built before the file is read, so that a set for another policy stops it at once.
    let batch = match Batch::new(reg, policy, cat, o.set, o.reform) {
        Ok(b) => b,
        Err(e) => return fail(&e.message),
    };
    let mut f = match open(o.input) {
        Ok(f) => f,
        Err(e) => return fail(&format!("无法读取文件 {}：{e}", o.input)),
    };
    let json = match is_json_lines(&mut f) {
        Ok(j) => j,
        Err(e) => return fail(&format!("无法读取文件 {}：{e}", o.input)),
    };
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let terminal = std::io::stderr().is_terminal();
    let bar = |label: &'static str| {
        if !terminal {
            return ProgressBar::hidden();
        }
        let b = ProgressBar::new(size);
        b.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        b.set_message(label);
        b
    };

    // Pass 1: is the file sorted by person? (O(1) memory.)
    let mut scan = Scan::new();
    let pb = bar("检查排序");
    let header_error = walk(&mut f, json, cat, &pb, |e| match e {
        Event::Csv(_, r, h) => scan.person(field(r, h, PERSON).unwrap_or("")),
        Event::Json(_, v) => scan.person(json_person(v).as_str()),
        Event::Bad(..) => {}
    });
    pb.finish_and_clear();
    if let Err(e) = header_error {
        eprintln!("{}", line_message(&e));
        return 2;
    }
    // Pass 2, only for a file that is not sorted: the line of each person's last row.
    let grouping = if scan.sorted {
        Grouping::Sorted
    } else {
        let mut last = std::collections::HashMap::new();
        let pb = bar("记录每人最后一行");
        let _ = walk(&mut f, json, cat, &pb, |e| {
            let (n, id) = match e {
                Event::Csv(n, r, h) => (n, field(r, h, PERSON).unwrap_or("").trim().to_string()),
                Event::Json(n, v) => (n, json_person(v)),
                Event::Bad(..) => return,
            };
            if !id.is_empty() {
                last.insert(id, n);
            }
        });
        pb.finish_and_clear();
        Grouping::LastLines(last)
    };

    let mut feeder = Feeder::new(batch, grouping);
    let mut out: Box<dyn Write> = match o.out {
        Some(p) => match File::create(p) {
            Ok(f) => Box::new(std::io::BufWriter::with_capacity(1 << 20, f)),
            Err(e) => return fail(&format!("无法写入文件 {p}：{e}")),
        },
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout().lock(),
        )),
    };
    if out
        .write_all(results_header(feeder.batch.with_reform()).as_bytes())
        .is_err()
    {
        return fail("无法写入结果");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(o.jobs.max(1))
        .build()
        .ok();
    let pb = bar("计算");
    // Above the bar on a terminal; plain lines otherwise (a hidden bar prints nothing).
    let say = |line: String| {
        if terminal {
            pb.println(line);
        } else {
            eprintln!("{line}");
        }
    };
    let mut ready: Vec<Person> = Vec::new();
    let mut text = String::with_capacity(1 << 20);
    let mut reported = 0usize;
    // Settles what is ready, writes it, and prints every mistake found since the last time (the
    // summary keeps the first ones).
    let mut flush = |feeder: &mut Feeder, ready: &mut Vec<Person>, out: &mut Box<dyn Write>| {
        let settled = settle(feeder, std::mem::take(ready), pool.as_ref());
        feeder.write(&settled, &mut text);
        for (s, _) in &settled {
            if let Settled::Partial(_, e, _) | Settled::Refused(e, _) = s {
                for x in e {
                    say(line_message(x));
                }
            }
        }
        let _ = out.write_all(text.as_bytes());
        text.clear();
    };
    let _ = walk(&mut f, json, cat, &pb, |e| {
        let done = match e {
            Event::Csv(n, r, h) => feeder.record(n, |c| field(r, h, c)),
            Event::Json(n, v) => feeder.json_record(n, v),
            Event::Bad(n, why) => feeder.unreadable(n, &why),
        };
        // Unreadable rows are reported as they are read.
        for x in feeder.summary.errors.iter().skip(reported) {
            say(line_message(x));
        }
        reported = feeder.summary.errors.len();
        ready.extend(done);
        if ready.len() >= CHUNK {
            flush(&mut feeder, &mut ready, &mut out);
            reported = feeder.summary.errors.len();
        }
    });
    let rest = feeder.finish();
    ready.extend(rest);
    flush(&mut feeder, &mut ready, &mut out);
    pb.finish_and_clear();
    if out.flush().is_err() {
        return fail("无法写入结果");
    }
    drop(out);
    let doc = feeder
        .summary
        .document(&policy.meta.id, feeder.batch.with_reform());
    let summary = serde_json::to_string_pretty(&doc).unwrap_or_default();
    match o.summary {
        Some(p) => {
            if std::fs::write(p, format!("{summary}\n")).is_err() {
                return fail(&format!("无法写入文件 {p}"));
            }
        }
        None => eprintln!(
            "{} 人，{} 行，其中 {} 行有误未计入；{} 人无法计算。",
            doc.persons, doc.rows, doc.invalid_rows, doc.persons_refused
        ),
    }
    0
}

/// A row's mistake as a line for standard error.
fn line_message(e: &RowError) -> String {
    if e.column.is_empty() {
        format!("第{}行：{}", e.line, e.message)
    } else {
        format!("第{}行，{}列：{}", e.line, e.column, e.message)
    }
}

/// Settles persons, in parallel when there is a pool of more than one thread, in order.
fn settle(
    feeder: &mut Feeder,
    persons: Vec<Person>,
    pool: Option<&rayon::ThreadPool>,
) -> Vec<(Settled, bool)> {
    match pool {
        Some(pool) if pool.current_num_threads() > 1 => {
            for (_, rows) in &persons {
                feeder.batch.prepare(&rows[0].tier, &rows[0].groups);
            }
            let batch = &feeder.batch;
            pool.install(|| {
                persons
                    .into_par_iter()
                    .map(|(p, rows)| batch.settle_person(&p, rows))
                    .collect()
            })
        }
        _ => feeder.settle(persons),
    }
}
