// Owns batch.html, the what-if page for agencies: gathers the claims file, the policy and the
// parameter files, hands them to a Web Worker (batch-worker.js, with the batch build of the
// engine), shows its progress, and draws the summary it returns. Every figure shown is one the
// engine computed; this file only formats and draws. Nothing is uploaded.

import s from '../i18n/batch.zh-CN.js';
import { $, h, fill, show } from './dom.js';
import { formatAmount } from './format.js';

const st = { file: null, set: null, reform: null, reading: {}, policies: [], running: false, url: null };
let worker = null;

/** A worker with the engine loaded; a cancelled run's worker is terminated and replaced. */
function getWorker() {
  if (!worker) worker = new Worker(new URL('./batch-worker.js', import.meta.url), { type: 'module' });
  return worker;
}

function status(text) {
  $('batch-status').textContent = text;
}

function sizeText(bytes) {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  if (bytes >= 1 << 10) return `${(bytes / (1 << 10)).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** The error summary (GOV.UK pattern): each mistake links to its field. */
function showErrors(items) {
  const box = $('batch-errors');
  for (const el of document.querySelectorAll('.field-error')) el.classList.remove('field-error');
  if (!items.length) {
    show(box, false);
    return;
  }
  fill(
    box,
    h('h2', null, s.errorsTitle),
    h(
      'ul',
      null,
      items.map(({ field, text }) => {
        $(field).closest('.field').classList.add('field-error');
        return h('li', null, h('a', { href: `#${field}` }, text));
      }),
    ),
  );
  show(box, true);
  box.focus();
}

function setFile(file) {
  st.file = file || null;
  $('batch-file-name').textContent = file ? s.fileChosen(file.name, sizeText(file.size)) : '';
  updateRun();
}

function updateRun() {
  $('batch-run').disabled = st.running || !st.policies.length;
  if (!st.running && st.policies.length) status(st.file ? s.readyToRun : s.chooseFile);
}

/** Reads a parameter file's text when it is chosen; the worker checks it at the run. */
function readSet(input, key) {
  const f = input.files && input.files[0];
  st.reading[key] = (f ? f.text() : Promise.resolve(null)).then((text) => {
    st[key] = text == null ? null : { name: f.name, text };
  });
}

function setRunning(on) {
  st.running = on;
  show($('batch-cancel'), on);
  show($('batch-progress'), on);
  for (const id of ['batch-file', 'batch-policy', 'batch-set', 'batch-reform']) $(id).disabled = on;
  updateRun();
}

async function run() {
  await Promise.all(Object.values(st.reading));
  if (!st.file) {
    showErrors([{ field: 'batch-file', text: s.needFile }]);
    return;
  }
  showErrors([]);
  show($('batch-result'), false);
  setRunning(true);
  const p = $('batch-progress');
  p.value = 0;
  const labels = [s.passScan, s.passIndex, s.passSettle];
  const w = getWorker();
  w.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'progress') {
      const frac = m.total ? m.done / m.total : 1;
      p.value = (m.pass - 1 + frac) / m.passes;
      const label = m.pass === m.passes ? labels[2] : labels[m.pass - 1];
      status(s.progress(m.pass, m.passes, label, Math.floor(frac * 100)));
    } else if (m.type === 'done') {
      setRunning(false);
      status(s.done((m.ms / 1000).toFixed(m.ms < 1000 ? 2 : 1)));
      render(m.summary, m.results);
    } else if (m.type === 'error') {
      setRunning(false);
      failed(m);
    }
  };
  w.onerror = () => {
    setRunning(false);
    status(s.loadFailed);
  };
  w.postMessage({
    type: 'run',
    file: st.file,
    policy: $('batch-policy').value,
    set: st.set && st.set.text,
    reform: st.reform && st.reform.text,
  });
}

function failed(m) {
  if (m.file === 'set' || m.file === 'reform') {
    const which = m.file === 'set' ? s.setFile : s.reformFile;
    showErrors([{ field: `batch-${m.file}`, text: s.fileError(which, m.message, m.line) }]);
    status(s.failed(m.message));
  } else if (m.code === 'invalid_claims') {
    showErrors([{ field: 'batch-file', text: m.message }]);
    status(s.failed(m.message));
  } else {
    status(s.failed(m.message));
  }
}

function cancel() {
  if (worker) worker.terminate();
  worker = null;
  setRunning(false);
  status(s.cancelled);
  $('batch-run').focus();
}

// ------------------------------------------------------------------------------- the summary

function amountName(id) {
  const p = st.policies.find((x) => x.id === $('batch-policy').value) || st.policies[0];
  const a = p && p.vocabulary.amounts.find((x) => x.id === id);
  return a ? a.name : id;
}

function totalsTable(sum) {
  const r = sum.reform;
  const rows = [
    ['total', amountName('total')],
    ['basic', amountName('basic')],
    ['critical', amountName('critical')],
    ['assistance', amountName('assistance')],
    ['fund', s.fund],
    ['out_of_pocket', amountName('out_of_pocket')],
    ['individual', s.individual],
    ['subsidy', s.subsidy],
  ].filter(Boolean);
  const cell = (v) => h('td', { class: 'num' }, v == null ? '—' : formatAmount(v));
  return [
    h('caption', null, r ? s.totalsCaptionReform : s.totalsCaption),
    h(
      'thead',
      null,
      h('tr', null, h('th', { scope: 'col' }, s.colItem), h('th', { scope: 'col' }, s.colCurrent), r && h('th', { scope: 'col' }, s.colReform), r && h('th', { scope: 'col' }, s.colChange)),
    ),
    h(
      'tbody',
      null,
      rows.map(([id, name]) =>
        h('tr', { class: id === 'fund' ? 'batch-fund' : null }, h('th', { scope: 'row' }, name), cell(sum.totals[id]), r && cell(r.totals[id]), r && cell(r.change[id])),
      ),
    ),
  ];
}

function binLabel(b) {
  const f = (v) => formatAmount(v.replace(/\.00$/, ''));
  if (b.from == null) return s.binBelow(f(b.to));
  if (b.to == null) return s.binFrom(f(b.from));
  return s.binRange(f(b.from), f(b.to));
}

/** A horizontal bar chart of the histogram (decorative to screen readers: the table has it). */
function histogramSvg(bins) {
  // Sized for a phone's width (it scales down less there); the table beside it has the figures.
  const rowH = 32;
  const labelW = 160;
  const barW = 170;
  const max = Math.max(1, ...bins.map((b) => b.persons));
  const height = bins.length * rowH + 8;
  return h(
    'svg:svg',
    { viewBox: `0 0 420 ${height}`, class: 'batch-chart', 'aria-hidden': 'true', focusable: 'false' },
    bins.map((b, i) => {
      const y = i * rowH + 4;
      // Widths are drawing only; the counts shown are the engine's.
      const w = b.persons ? Math.max(2, (b.persons / max) * barW) : 0;
      const less = b.to != null && (b.to.startsWith('-') || b.to === '0.00');
      return h(
        'svg:g',
        null,
        h('svg:text', { x: labelW - 8, y: y + 21, 'text-anchor': 'end', class: 'batch-chart-label' }, binLabel(b)),
        h('svg:rect', { x: labelW, y: y + 4, width: w.toFixed(1), height: rowH - 8, class: less ? 'bar-less' : 'bar-more' }),
        h('svg:text', { x: labelW + w + 6, y: y + 21, class: 'batch-chart-count' }, formatAmount(String(b.persons))),
      );
    }),
  );
}

function render(sum, results) {
  const r = sum.reform;
  $('batch-meta').textContent = s.meta(
    formatAmount(String(sum.persons)),
    sum.persons_refused ? formatAmount(String(sum.persons_refused)) : 0,
    formatAmount(String(sum.rows)),
    sum.invalid_rows ? formatAmount(String(sum.invalid_rows)) : 0,
  );
  fill($('batch-totals'), totalsTable(sum));
  show($('batch-reform-out'), !!r);
  if (r) {
    $('batch-who').textContent = s.who(formatAmount(String(r.pay_more)), formatAmount(String(r.pay_less)), formatAmount(String(r.same)));
    $('batch-hist-caption').textContent = s.histCaption;
    fill($('batch-hist-chart'), histogramSvg(r.histogram));
    fill(
      $('batch-hist-table'),
      h('caption', { class: 'visually-hidden' }, s.histCaption),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, s.histChange), h('th', { scope: 'col' }, s.histPersons))),
      h(
        'tbody',
        null,
        r.histogram.map((b) => h('tr', null, h('th', { scope: 'row' }, binLabel(b)), h('td', { class: 'num' }, formatAmount(String(b.persons))))),
      ),
    );
  }
  if (st.url) URL.revokeObjectURL(st.url);
  st.url = URL.createObjectURL(results);
  const a = $('batch-download');
  a.href = st.url;
  a.download = `${st.file.name.replace(/\.[^.]*$/, '')}-yibao.csv`;
  const n = sum.error_count;
  show($('batch-mistakes'), n > 0);
  if (n > 0) {
    $('batch-mistakes-summary').textContent = s.mistakes(formatAmount(String(n)));
    fill(
      $('batch-mistakes-table'),
      sum.errors.length < n ? h('caption', null, s.mistakesShown(sum.errors.length, formatAmount(String(n)))) : null,
      h('thead', null, h('tr', null, [s.colLine, s.colColumn, s.colPerson, s.colMessage].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        null,
        sum.errors.map((e) => h('tr', null, h('td', { class: 'num' }, e.line || ''), h('td', null, e.column), h('td', null, e.person), h('td', null, e.message))),
      ),
    );
  }
  show($('batch-result'), true);
  $('batch-result').focus();
}

// ------------------------------------------------------------------------------- start

function start() {
  const w = getWorker();
  w.onmessage = (e) => {
    if (e.data.type === 'policies') {
      st.policies = e.data.policies;
      fill(
        $('batch-policy'),
        st.policies.map((p) => h('option', { value: p.id }, p.name)),
      );
      updateRun();
    } else if (e.data.type === 'error') {
      status(s.loadFailed);
    }
  };
  w.onerror = () => status(s.loadFailed);
  w.postMessage({ type: 'policies' });

  const input = $('batch-file');
  input.addEventListener('change', () => setFile(input.files && input.files[0]));
  const drop = $('batch-drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('drop-over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('drop-over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('drop-over');
    if (st.running) return;
    const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (f) setFile(f);
  });
  $('batch-set').addEventListener('change', () => readSet($('batch-set'), 'set'));
  $('batch-reform').addEventListener('change', () => readSet($('batch-reform'), 'reform'));
  $('batch-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!st.running) run();
  });
  $('batch-cancel').addEventListener('click', cancel);
  $('batch-errors').addEventListener('click', (e) => {
    const a = e.target.closest('a[href^="#"]');
    if (!a) return;
    e.preventDefault();
    $(a.getAttribute('href').slice(1)).focus();
  });
}

start();
