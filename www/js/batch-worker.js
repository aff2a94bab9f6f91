// Owns the batch page's work, off the page's thread: loads the batch build of the engine, reads
// the claims file in chunks (up to three passes: is it sorted, where each person's rows end, then
// the settlement), and posts progress, the results file and the summary. Nothing leaves the
// browser. The page cancels by terminating this worker.

import init, { BatchSession, policies } from '../pkg/batch.js';

const CHUNK = 4 << 20; // 4 MB of the file at a time

let ready = null;
const load = () => {
  if (!ready) ready = init({ module_or_path: new URL('../pkg/batch_bg.wasm', import.meta.url) });
  return ready;
};

/** Reads `file` in chunks, calling `each(text, last)`; reports the progress of pass `n`. */
async function pass(file, n, passes, each) {
  const decoder = new TextDecoder('utf-8');
  let at = 0;
  do {
    const end = Math.min(at + CHUNK, file.size);
    const buf = await file.slice(at, end).arrayBuffer();
    const last = end >= file.size;
    each(decoder.decode(buf, { stream: !last }), last);
    at = end;
    self.postMessage({ type: 'progress', pass: n, passes, done: at, total: file.size });
  } while (at < file.size);
}

self.onmessage = async (e) => {
  const m = e.data;
  try {
    await load();
    if (m.type === 'policies') {
      self.postMessage({ type: 'policies', policies: policies() });
      return;
    }
    if (m.type !== 'run') return;
    const started = performance.now();
    const session = new BatchSession(m.policy, m.set || null, m.reform || null, undefined);
    await pass(m.file, 1, 2, (text, last) => session.scan(text, last));
    const passes = session.sorted ? 2 : 3;
    if (!session.sorted) {
      session.rewind();
      await pass(m.file, 2, passes, (text, last) => session.index(text, last));
    }
    session.rewind();
    const parts = [session.header()];
    await pass(m.file, passes, passes, (text, last) => {
      const rows = session.feed(text, last);
      if (rows) parts.push(rows);
      // Strings joined into a Blob now and then, so memory holds bytes, not many strings.
      if (parts.length > 64) parts.splice(0, parts.length, new Blob(parts, { type: 'text/csv' }));
    });
    const results = new Blob(parts, { type: 'text/csv;charset=utf-8' });
    const summary = session.summary();
    session.free();
    self.postMessage({ type: 'done', summary, results, ms: performance.now() - started });
  } catch (err) {
    self.postMessage({
      type: 'error',
      message: (err && err.message) || String(err),
      code: err && err.code,
      file: err && err.file,
      line: err && err.line,
    });
  }
};
