// Owns the result area: the five totals (with "最多"/"至少" where the engine says an amount is a
// bound), the bar, the warnings, the contribution, the visits table, and — only while it is open —
// the step-by-step explanation, which comes from the full engine loaded on first opening. Nothing
// here computes a rule: amounts and names are shown exactly as the engine gives them.

import { $, clausePart, h, fill, setText, show, zhText } from './dom.js';
import { formatAmount, magnitude } from './format.js';

const PARTS = ['basic', 'critical', 'assistance', 'out_of_pocket'];
// The amounts that can be bounds rather than exact figures (docs/CONTRACT.md, `bounds`).
const BOUNDED = ['critical', 'assistance', 'out_of_pocket'];
const SEG_CLASS = { basic: 'seg-basic', critical: 'seg-critical', assistance: 'seg-assistance', out_of_pocket: 'seg-oop' };
// Up to this many steps, print keeps each step's arithmetic on the one A4 page; beyond, the page
// holds each step's title, clauses and amount (the screen always shows everything).
const PRINT_FULL_STEPS = 8;

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

  /** The steps, from the full engine (loaded on first opening, then kept for offline use). */
  async function drawSteps() {
    const mine = current;
    stepsFor = mine.result;
    stepsDone = false;
    fill(el.stepsBody, h('p', { class: 'hint', role: 'status' }, t.stepsLoading));
    let full;
    try {
      const { api, options } = await stepsEngine();
      full = api.estimate(mine.scenario, mine.lang ? { ...options, lang: mine.lang } : options);
    } catch {
      if (current === mine) {
        stepsFor = null;
        fill(el.stepsBody, h('p', { class: 'notice notice-error' }, t.stepsLoadFailed));
      }
      return;
    }
    if (current !== mine) return; // a newer result arrived while loading
    const groups = new Map();
    for (const s of full.steps) {
      const key = s.visit === undefined || s.visit === null ? -1 : s.visit;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(s);
    }
    // For print, where a year's steps must fit one page: each document once, numbered, and each
    // step's clauses by that number (app.css, @media print); the screen shows the full citations.
    const docs = new Map();
    const docNumber = (c) => {
      const k = [c.doc, c.document, c.number].join('|');
      if (!docs.has(k)) docs.set(k, { n: docs.size + 1, c });
      return docs.get(k).n;
    };
    const out = [];
    for (const [key, steps] of groups) {
      out.push(
        h(
          'section',
          { class: 'step-group' },
          h('h3', null, key < 0 ? t.stepsGeneral : t.stepsVisit(key + 1)),
          h('ol', { class: 'step-list' }, steps.map((s) => drawStep(s, full.citations, docNumber))),
        ),
      );
    }
    const legend = [...docs.values()].map(({ n, c }) => h('p', null, `[${n}] `, docName(c)));
    fill(el.stepsBody, h('div', { class: 'print-only doc-legend' }, h('p', null, t.printDocuments), legend), out);
    // Printed without their arithmetic when there are many (app.css, @media print).
    el.stepsBody.classList.toggle('steps-many', full.steps.length > PRINT_FULL_STEPS);
    stepsDone = true;
  }

  function drawStep(s, citations, docNumber) {
    const cited = (s.citations || []).map((id) => citations[id]).filter(Boolean);
    return h(
      'li',
      { class: `step step-${s.layer}` },
      h(
        'div',
        { class: 'step-head' },
        // Printed for a year of many steps under the visit's heading: the layer's name alone.
        Number.isInteger(s.visit) ? h('span', { class: 'step-short print-only' }, name(s.layer)) : null,
        h('span', { class: 'step-title' }, s.title),
        s.amount !== undefined && s.amount !== null
          ? Number.isInteger(s.visit)
            ? h('button', { type: 'button', class: 'step-amount step-amount-link', 'aria-label': t.showVisit(yuan(s.amount), s.visit + 1), onclick: () => highlightVisit(s.visit) }, yuan(s.amount))
            : h('span', { class: 'step-amount' }, yuan(s.amount))
          : null,
      ),
      h('p', null, s.arithmetic),
      s.notes && s.notes.length ? h('ul', { class: 'step-notes' }, s.notes.map((n) => h('li', null, n))) : null,
      cited.map(drawCitation),
      cited.length ? h('p', { class: 'print-only step-cites' }, clauseRefs(cited, docNumber)) : null,
    );
  }

  /** A citation's document: its title and 文号, in the document's own words. */
  const docName = (c) => zhText('span', null, [t.docTitle(c.document), c.number].filter(Boolean).join(' '));

  /** "[1] 条款 二；[2] 条款 二(五)": a step's clauses by document number, each clause once. */
  function clauseRefs(cited, docNumber) {
    const seen = new Set();
    const refs = [];
    for (const c of cited) {
      const n = docNumber(c);
      if (seen.has(`${n} ${c.clause}`)) continue;
      seen.add(`${n} ${c.clause}`);
      refs.push(refs.length ? t.seriesSep : '', h('span', { class: 'ref' }, `[${n}]`, c.clause ? clausePart(t.clauseLabel, c.clause) : null));
    }
    return refs;
  }

  function drawCitation(c) {
    if (!c) return null;
    const source = [docName(c), c.clause ? clausePart(t.clauseLabel, c.clause) : null];
    // The sentence in its document (docs.js, loaded on first use); an agency's own document is
    // not among the texts the site carries.
    const open =
      c.doc && c.doc !== 'agency'
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button-link doc-open',
              onclick: async (e) => {
                const from = e.currentTarget;
                (await import('./docs.js')).openDocument(c, from, t.docs);
              },
            },
            t.openDocument,
          )
        : null;
    return h('div', { class: 'citation' }, c.quote ? zhText('blockquote', null, c.quote) : null, h('p', { class: 'source' }, t.citationFrom, source, ' ', open));
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
