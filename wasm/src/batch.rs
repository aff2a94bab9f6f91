//! A claims file settled in pieces, for the batch page's Web Worker (docs/CONTRACT.md, "Claims
//! files and `yibao batch`"). The same [`yibao::batch`] code as the command line: only the
//! reading differs, because a worker gets the file in chunks rather than as a seekable file.
//!
//! The worker reads the file up to three times: `scan` (is it sorted by person?), `index` when it
//! is not (the line of each person's last row), then `feed`, which returns the results rows of
//! the persons each chunk completes; `summary` gives the totals at the end. A chunk may end in the
//! middle of a line: the rest is kept for the next one. (A quoted CSV field with a line break in
//! it is therefore read as two lines, and reported; claims files have none.)

use super::{sets, throw_plain, to_js};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use yibao::batch::{Batch, Feeder, Grouping, Header, Scan, Unreadable, PERSON};
use yibao::params_set::ParamSet;
use yibao::Input;

/// One record of a chunk, as [`Reader::records`] hands it out.
enum Record<'r> {
    /// A CSV record (with the header to find its columns).
    Csv(&'r csv::StringRecord, &'r Header),
    /// A JSON-lines object.
    Json(&'r Input),
    /// A line that is not a record, and why.
    Bad(Unreadable),
}

impl Record<'_> {
    /// The record's person id, trimmed, or "" when it has none.
    fn person(&self) -> String {
        match self {
            Record::Csv(rec, h) => h
                .index(PERSON)
                .and_then(|i| rec.get(i))
                .unwrap_or("")
                .trim()
                .to_string(),
            Record::Json(v) => yibao::batch::json_person(v),
            Record::Bad(_) => String::new(),
        }
    }
}

/// Reads a file given in chunks into records, one pass at a time.
#[derive(Default)]
struct Reader {
    /// The end of the previous chunk after its last line break.
    carry: String,
    /// Lines read before the carried text.
    line: u64,
    /// The header (CSV), read from the pass's first line.
    header: Option<Header>,
    /// Whether the file is JSON lines, known from its first non-blank line.
    json: Option<bool>,
}

impl Reader {
    /// Calls `each(line, record)` for every record that `chunk` completes. `Err` is the header's
    /// mistake (a required column missing), which stops the file.
    fn records(
        &mut self,
        chunk: &str,
        last: bool,
        cat: &yibao::Catalogue,
        mut each: impl FnMut(u64, Record),
    ) -> Result<(), String> {
        self.carry.push_str(chunk);
        let cut = if last {
            self.carry.len()
        } else {
            match self.carry.rfind('\n') {
                Some(i) => i + 1,
                None => return Ok(()),
            }
        };
        let rest = self.carry.split_off(cut);
        let text = std::mem::replace(&mut self.carry, rest);
        let base = self.line;
        self.line += text.matches('\n').count() as u64;
        let text = if base == 0 {
            text.trim_start_matches('\u{feff}')
        } else {
            text.as_str()
        };
        if self.json.is_none() {
            match text.trim_start().chars().next() {
                Some(c) => self.json = Some(c == '{'),
                None => return Ok(()),
            }
        }
        if self.json == Some(true) {
            for (i, l) in text.lines().enumerate() {
                if l.trim().is_empty() {
                    continue;
                }
                let n = base + i as u64 + 1;
                match yibao::input::from_text(l) {
                    Ok(v @ Input::Object(_)) => each(n, Record::Json(&v)),
                    Ok(_) => each(n, Record::Bad(Unreadable::NotObject)),
                    Err((_, col)) => each(n, Record::Bad(Unreadable::NotJson(col as u64))),
                }
            }
            return Ok(());
        }
        // One CSV reader over the chunk's complete lines; its line numbers count from the chunk.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rec = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {
                    let n = base + rec.position().map_or(1, |p| p.line());
                    match &self.header {
                        Some(h) => each(n, Record::Csv(&rec, h)),
                        None => match Header::new(rec.iter(), cat) {
                            Ok(h) => self.header = Some(h),
                            Err(e) => return Err(e.message),
                        },
                    }
                }
                Err(e) => {
                    let n = base + e.position().map_or(1, |p| p.line());
                    each(n, Record::Bad(Unreadable::of_csv(&e)));
                }
            }
        }
        Ok(())
    }
}

/// A claims file being settled, for the batch page's worker.
#[wasm_bindgen]
pub struct BatchSession {
    /// The batch until the last pass starts, then its feeder.
    pending: Option<Batch<'static>>,
    feeder: Option<Feeder<'static>>,
    cat: &'static yibao::Catalogue,
    reader: Reader,
    scan: Scan,
    last: HashMap<String, u64>,
    with_reform: bool,
    policy: String,
}

#[wasm_bindgen]
impl BatchSession {
    /// A session for a built-in policy, with an optional parameter set and reform set, each given
    /// as its text (TOML or JSON) or `null`. Throws `unknown_policy`, or the set's mistakes as
    /// `readParamsSet` does.
    #[wasm_bindgen(constructor)]
    pub fn new(
        policy: String,
        set: Option<String>,
        reform: Option<String>,
        options: JsValue,
    ) -> Result<BatchSession, JsValue> {
        let cat = super::catalogue(&options)?;
        let reg = sets::registry();
        let Some(p) = reg.policy(&policy) else {
            return Err(throw_plain("unknown_policy", &policy));
        };
        // A mistake names the file it is in (`file`: "set" or "reform"), so the page can point at
        // the right field.
        let read = |t: Option<String>, file: &str| -> Result<Option<ParamSet>, JsValue> {
            match t {
                Some(text) if !text.trim().is_empty() => {
                    yibao::agency::read_set_text_in(reg, &text, cat)
                        .map(Some)
                        .map_err(|e| {
                            let js = sets::throw_file(&e.message, &e);
                            super::set(&js, "file", &JsValue::from_str(file));
                            js
                        })
                }
                _ => Ok(None),
            }
        };
        let set = read(set, "set")?;
        let reform = read(reform, "reform")?;
        let batch = Batch::new(reg, p, cat, set, reform).map_err(|e| {
            let js = throw_plain("set_other_policy", &e.message);
            let file = if e.reform { "reform" } else { "set" };
            super::set(&js, "file", &JsValue::from_str(file));
            js
        })?;
        let with_reform = batch.with_reform();
        Ok(BatchSession {
            pending: Some(batch),
            feeder: None,
            cat,
            reader: Reader::default(),
            scan: Scan::new(),
            last: HashMap::new(),
            with_reform,
            policy,
        })
    }

    /// Pass 1: a chunk of the file, for whether it is sorted by person. `last` for the final
    /// chunk. Throws `invalid_claims` if the header lacks a required column.
    pub fn scan(&mut self, chunk: &str, last: bool) -> Result<(), JsValue> {
        let scan = &mut self.scan;
        self.reader
            .records(chunk, last, self.cat, |_, r| scan.person(&r.person()))
            .map_err(|m| throw_plain("invalid_claims", &m))
    }

    /// Whether the file scanned is sorted by person (then no `index` pass is needed).
    #[wasm_bindgen(getter)]
    pub fn sorted(&self) -> bool {
        self.scan.sorted
    }

    /// Rows the scan saw.
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> f64 {
        self.scan.rows as f64
    }

    /// Starts a pass over the file again from its first line.
    pub fn rewind(&mut self) {
        self.reader = Reader::default();
    }

    /// Pass 2, for a file that is not sorted: the line of each person's last row.
    pub fn index(&mut self, chunk: &str, last: bool) -> Result<(), JsValue> {
        let map = &mut self.last;
        self.reader
            .records(chunk, last, self.cat, |n, r| {
                let p = r.person();
                if !p.is_empty() {
                    map.insert(p, n);
                }
            })
            .map_err(|m| throw_plain("invalid_claims", &m))
    }

    /// The last pass: a chunk; returns the results rows (CSV, no header) of the persons it
    /// completes, and at the `last` chunk those of everyone still open.
    pub fn feed(&mut self, chunk: &str, last: bool) -> Result<String, JsValue> {
        if let Some(b) = self.pending.take() {
            let grouping = if self.scan.sorted {
                Grouping::Sorted
            } else {
                Grouping::LastLines(std::mem::take(&mut self.last))
            };
            self.feeder = Some(Feeder::new(b, grouping));
        }
        let Some(feeder) = self.feeder.as_mut() else {
            return Ok(String::new());
        };
        let mut ready = Vec::new();
        self.reader
            .records(chunk, last, self.cat, |n, r| {
                ready.extend(match r {
                    Record::Csv(rec, h) => {
                        feeder.record(n, |c| h.index(c).and_then(|i| rec.get(i)))
                    }
                    Record::Json(v) => feeder.json_record(n, v),
                    Record::Bad(why) => feeder.unreadable(n, &why),
                })
            })
            .map_err(|m| throw_plain("invalid_claims", &m))?;
        if last {
            ready.extend(feeder.finish());
        }
        let settled = feeder.settle(ready);
        let mut out = String::new();
        feeder.write(&settled, &mut out);
        Ok(out)
    }

    /// The results CSV's header row.
    pub fn header(&self) -> String {
        yibao::batch::results_header(self.with_reform)
    }

    /// The summary (docs/CONTRACT.md): totals, the reform's effect, the first mistakes. `null`
    /// before the last pass.
    pub fn summary(&self) -> JsValue {
        match &self.feeder {
            Some(f) => to_js(&f.summary.document(&self.policy, self.with_reform)),
            None => JsValue::NULL,
        }
    }
}
