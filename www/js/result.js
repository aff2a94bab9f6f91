// Owns the result area: the five totals (with "最多"/"至少" where the engine says an amount is a
// bound), the bar, the warnings, the contribution, the visits table, and — only while it is open —
// the step-by-step explanation, which comes from the full engine loaded on first opening and is
// drawn by steps.js (loaded then too). Nothing here computes a rule: amounts and names are shown
// exactly as the engine gives them.

import { $, h, fill, setText, show } from './dom.js';
import { formatAmount, magnitude } from './format.js';

const PARTS = ['basic', 'critical', 'assistance', 'out_of_pocket'];
// The amounts that can be bounds rather than exact figures (docs/CONTRACT.md, `bounds`).
const BOUNDED = ['critical', 'assistance', 'out_of_pocket'];
const SEG_CLASS = { basic: 'seg-basic', critical: 'seg-critical', assistance: 'seg-assistance', out_of_pocket: 'seg-oop' };

export function createResultView(t, { vocabulary, stepsEngine }) {
  const el = {
    amounts: Object.fromEntries(['total', ...PARTS].map((k) => [k, document.querySelector(`[data-amount="${k}"]`)])),
    bounds: Object.fromEntries(
      BOUNDED.map((k) => [k, { label: document.querySelector(`[data-bound="${k}"]`), note: $(`bound-note-${k}`) }]),
    ),
    barTitle: $('bar-title'),
    segs: Object.fromEntries(PARTS.map((k) => [k, document.querySelector(`#bar .${SEG_CLASS[k]}`)])),
    warnings: $('warnings'),
    warningList: $('warning-list'),
    individual: $('contribution-individual'),
    subsidy: $('contribution-subsidy'),
    table: $('visits-table'),
    steps: $('steps'),
    stepsSummary: $('steps-summary'),
    stepsBody: $('steps-body'),
  };
  const yuan = (a) => formatAmount(a, t.unitYuan);
  /** A visit's care type and hospital level by the vocabulary's names ("" where not given). */
  const visitNames = (sv) => {
    const { care, levels } = vocabulary();
    return [(care.find((c) => c.id === sv.care) || { name: sv.care || '' }).name, (levels.find((l) => l.id === String(sv.level)) || { name: '' }).name];
  };
  const name = (k) => (vocabulary().amounts.find((a) => a.id === k) || { name: k }).name;
  let current = null; // { result, scenario }
  let stepsFor = null; // the result whose steps are on screen (or being fetched)
  let stepsDone = false; // whether they have been drawn

  // The amounts' names, from the engine's vocabulary.
  for (const n of document.querySelectorAll('[data-name]')) setText(n, name(n.dataset.name));
  setText(el.stepsSummary, t.stepsSummary);

  el.steps.addEventListener('toggle', () => {
    if (el.steps.open && current && stepsFor !== current.result) drawSteps();
  });

  function draw(result, scenario) {
    current = { result, scenario };
    for (const k of ['total', ...PARTS]) setText(el.amounts[k], yuan(result[k]));
    drawBounds(result.bounds || {});
    drawBar(result);
    drawWarnings(result.warnings);
    setText(el.individual, yuan(result.contribution.individual));
    setText(
      el.subsidy,
      result.contribution.subsidy_is_minimum ? t.atLeastAmount(yuan(result.contribution.subsidy)) : yuan(result.contribution.subsidy),
    );
    drawTable(result, scenario);
    stepsFor = null;
    if (el.steps.open) drawSteps();
    else el.stepsBody.replaceChildren();
  }

  /** "最多" / "至少" in front of an amount that is a bound, with the engine's reason beside it. */
  function drawBounds(bounds) {
    for (const k of BOUNDED) {
      const b = bounds[k];
      const { label, note } = el.bounds[k];
      setText(label, b ? `${b.label} ` : '');
      show(label, !!b);
      setText(note, b ? b.reasons.join(t.seriesSep) : '');
      show(note, !!b);
    }
  }

  function drawBar(result) {
    // Widths are for the picture only; the figures themselves are in the list above it.
    const sizes = PARTS.map((k) => magnitude(result[k]));
    const sum = sizes.reduce((a, b) => a + b, 0);
    let x = 0;
    PARTS.forEach((k, i) => {
      const w = sum > 0 ? (sizes[i] / sum) * 1000 : 0;
      el.segs[k].setAttribute('x', x.toFixed(2));
      el.segs[k].setAttribute('width', w.toFixed(2));
      x += w;
    });
    const alt = sum > 0 ? t.barAlt(PARTS.map((k) => `${name(k)} ${yuan(result[k])}`).join(t.listSep)) : t.barEmpty;
    setText(el.barTitle, alt);
  }

  let warningsKey = null;
  function drawWarnings(list) {
    show(el.warnings, list.length > 0);
    const key = list.join('\n');
    if (key === warningsKey) return;
    warningsKey = key;
    fill(el.warningList, list.map((w) => h('li', null, w)));
  }

  function drawTable(result, scenario) {
    // Rows are reused and only their texts updated: a recompute while typing touches as few
    // nodes as possible. Explicit table roles keep the table meaning when narrow screens restyle
    // rows as cards.
    const n = result.visits.length;
    const rows = el.table.rows;
    if (!n) {
      fill(el.table, h('tr', { role: 'row' }, h('td', { role: 'cell', colspan: 6 }, t.visitsTableEmpty)));
      return;
    }
    if (rows.length && rows[0].cells.length !== 6) el.table.replaceChildren();
    while (rows.length > n) el.table.lastElementChild.remove();
    while (rows.length < n) {
      el.table.append(
        h(
          'tr',
          { role: 'row' },
          h('th', { scope: 'row', role: 'rowheader' }, h('span'), ' ', h('span', { class: 'hint' })),
          ['total', ...PARTS].map((k) => h('td', { role: 'cell', 'data-label': name(k) })),
        ),
      );
    }
    result.visits.forEach((v, i) => {
      const [careName, levelName] = visitNames((scenario.visits && scenario.visits[i]) || {});
      const row = rows[i];
      const head = row.cells[0];
      setText(head.firstChild, t.visitLegend(i + 1));
      setText(head.lastChild, [careName, levelName].filter(Boolean).join(' · '));
      ['total', ...PARTS].forEach((k, j) => setText(row.cells[j + 1], formatAmount(v[k])));
    });
  }

  /** The steps, from the full engine and steps.js (both loaded on first opening, then kept for
   * offline use). */
  async function drawSteps() {
    const mine = current;
    stepsFor = mine.result;
    stepsDone = false;
    fill(el.stepsBody, h('p', { class: 'hint', role: 'status' }, t.stepsLoading));
    let full;
    let steps;
    try {
      const [engine, module] = await Promise.all([stepsEngine(), import('./steps.js')]);
      full = engine.api.estimate(mine.scenario, mine.lang ? { ...engine.options, lang: mine.lang } : engine.options);
      steps = module;
      await module.styled;
    } catch {
      if (current === mine) {
        stepsFor = null;
        fill(el.stepsBody, h('p', { class: 'notice notice-error' }, t.stepsLoadFailed));
      }
      return;
    }
    if (current !== mine) return; // a newer result arrived while loading
    const view = steps.drawSteps(full, { t, name, yuan, showVisit: highlightVisit });
    fill(el.stepsBody, view.nodes);
    // Printed without their arithmetic when there are many (app.css, @media print).
    el.stepsBody.classList.toggle('steps-many', view.many);
    stepsDone = true;
  }

  /** Marks visit `i` in the visits table and brings it into view (from a step's amount). */
  function highlightVisit(i) {
    for (const r of el.table.querySelectorAll('.is-highlighted')) r.classList.remove('is-highlighted');
    const row = el.table.rows[i];
    if (!row) return;
    row.classList.add('is-highlighted');
    row.setAttribute('tabindex', '-1');
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: 'center' });
  }

  /** The steps on screen for the current result (opening the explanation and loading them). */
  async function ensureSteps() {
    if (!current) return;
    el.steps.open = true;
    if (stepsFor !== current.result || !stepsDone) await drawSteps();
  }

  /** The visits table as CSV text (amounts as the engine gives them, names from its vocabulary). */
  function csv() {
    if (!current) return '';
    const { result, scenario } = current;
    const cell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const rows = [[t.csvVisit, t.csvCare, t.csvLevel, ...['total', ...PARTS].map(name)]];
    result.visits.forEach((v, i) => {
      rows.push([String(i + 1), ...visitNames((scenario.visits && scenario.visits[i]) || {}), ...['total', ...PARTS].map((k) => v[k])]);
    });
    rows.push([t.csvYear, '', '', ...['total', ...PARTS].map((k) => result[k])]);
    return rows.map((r) => r.map((x) => cell(String(x))).join(',')).join('\r\n') + '\r\n';
  }

  /** Empties the figures, so that nothing (not even a script reading the page) sees old ones. */
  function clear() {
    if (!current) return;
    current = null;
    for (const k of ['total', ...PARTS]) setText(el.amounts[k], '');
    drawBounds({});
    setText(el.barTitle, '');
  }

  return {
    draw,
    clear,
    ensureSteps,
    csv,
    get current() {
      return current;
    },
  };
}
