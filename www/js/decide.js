// Owns the two panels that help a resident decide and a help-desk worker explain, loaded only when
// one is first opened, and computed only while open, by the full engine in a Web Worker
// (decide-worker.js), so they never slow the live update (an agency's own engine, which may carry
// a policy file the worker does not know, computes them in the page instead):
// * the tier comparison (compareTiers): each tier's premium, out-of-pocket cost and year cost, the
//   cheaper one marked, and the break-even spending or why there is none;
// * the cost curve of one more visit (costCurve): what the funds and the person pay against that
//   visit's total cost, with a data table beside the chart; each kink is labelled with its clause,
//   and choosing a point (click, tap, Enter or Space) adds a visit at that cost.
// Every figure and sentence is the engine's; this module only lays them out.

import zhWords from '../i18n/decide.zh-CN.js';
import { $, h, fill, stylesheet } from './dom.js';
import { formatAmount } from './format.js';

/** The panels' words, in the page's language (createDecide). */
let s = zhWords;

const SVG_W = 600;
const SVG_H = 300;
const PAD = { l: 64, r: 16, t: 12, b: 40 };

/** The engine in a worker, with the same calls as the page's (each answered asynchronously). */
function workerEngine() {
  const w = new Worker(new URL('./decide-worker.js', import.meta.url), { type: 'module' });
  const waiting = new Map();
  let next = 1;
  w.onmessage = (e) => {
    const p = waiting.get(e.data.id);
    waiting.delete(e.data.id);
    if (p) (e.data.error !== undefined ? p.reject(new Error(e.data.error)) : p.resolve(e.data.value));
  };
  const call = (msg) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      w.postMessage({ ...msg, id });
    });
  return {
    compareTiers: (scenario, options) => call({ kind: 'compare', scenario, options }),
    costCurve: (scenario, visit, options) => call({ kind: 'curve', scenario, visit, options }),
  };
}

export function createDecide({ app, full: pageEngine, engineOptions, addVisit, words }) {
  s = words || zhWords;
  // Its own stylesheet, loaded with it.
  stylesheet(new URL('../css/decide.css', import.meta.url).href);
  const el = {
    compare: $('compare'),
    compareBody: $('compare-body'),
    curve: $('curve'),
    curveBody: $('curve-body'),
  };
  let current = null; // { scenario }
  let timer = 0;
  let api = null;
  const choice = { care: '', level: '' };

  const name = (list, id) => (list.find((x) => x.id === id) || { name: id }).name;

  async function engine() {
    if (!api) api = (await pageEngine()) || workerEngine();
    return api;
  }

  /** After each new result (or a panel opened): recompute the open panels, off the update path. */
  function update(scenario) {
    current = scenario ? { scenario } : null;
    clearTimeout(timer);
    timer = setTimeout(run, 0);
  }

  async function run() {
    if (!current || (!el.compare.open && !el.curve.open)) return;
    const mine = current;
    let full;
    try {
      full = await engine();
    } catch {
      for (const [d, body] of [[el.compare, el.compareBody], [el.curve, el.curveBody]]) {
        if (d.open) fill(body, h('p', { class: 'notice notice-error' }, s.loadFailed));
      }
      return;
    }
    if (current !== mine) return;
    const options = engineOptions();
    const visit = curveVisit();
    const [c, k] = await Promise.all([
      el.compare.open ? settle(() => full.compareTiers(mine.scenario, options)) : null,
      el.curve.open ? settle(() => full.costCurve(mine.scenario, visit, options)) : null,
    ]);
    if (current !== mine) return; // a newer result arrived meanwhile
    // What the open panels add to the page's own thread (drawing only, when the worker computes):
    // measured as "yibao:decide" (docs/PERFORMANCE.md).
    performance.mark('yibao:decide-start');
    if (c) drawCompare(c);
    if (k) drawCurve(k);
    performance.measure('yibao:decide', 'yibao:decide-start');
  }

  /** A call's value or error, from either engine (the page's answers at once, the worker later). */
  async function settle(call) {
    try {
      return { value: await call() };
    } catch (e) {
      return { error: e.message };
    }
  }

  function curveVisit() {
    if (!choice.care) controlsChoice();
    const visit = { care: choice.care };
    if (choice.level !== '-') visit.level = Number(choice.level);
    return visit;
  }

  // ------------------------------------------------------------------ tier comparison

  function drawCompare({ value: c, error }) {
    if (error !== undefined) {
      fill(el.compareBody, h('p', { class: 'notice notice-error' }, error));
      return;
    }
    const head = c.tiers.map((t) =>
      h(
        'th',
        { scope: 'col' },
        t.name,
        t.chosen ? h('span', { class: 'tag' }, s.compareChosen) : null,
        t.cheapest && c.tiers.length > 1 ? h('span', { class: 'tag tag-cheapest' }, s.compareCheapest) : null,
      ),
    );
    const row = (label, key, strong) =>
      h('tr', strong ? { class: 'compare-total' } : null, h('th', { scope: 'row' }, label), c.tiers.map((t) => h('td', { class: 'num' }, formatAmount(t[key]))));
    fill(
      el.compareBody,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'compare-table' },
          h('caption', null, s.compareCaption),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, s.compareItem), head)),
          h('tbody', null, row(s.compareIndividual, 'individual'), row(s.compareOop, 'out_of_pocket'), row(s.compareYear, 'year_cost', true)),
        ),
      ),
      c.break_even.map((b) => h('p', { class: 'break-even' }, b.text)),
      c.notes.length ? h('div', { class: 'warnings' }, h('h4', null, s.compareNotes), h('ul', null, c.notes.map((n) => h('li', null, n)))) : null,
    );
  }

  // ------------------------------------------------------------------ cost curve

  /** The curve's first visit kind: the year's last visit's, else the first care type at 三级. */
  function controlsChoice() {
    const voc = app.vocabulary();
    const visits = (current && current.scenario.visits) || [];
    const last = visits[visits.length - 1] || {};
    if (!choice.care) choice.care = voc.care.some((c) => c.id === last.care) ? last.care : voc.care[0].id;
    if (!choice.level) choice.level = last.level ? String(last.level) : '3';
  }

  function controls() {
    const voc = app.vocabulary();
    controlsChoice();
    const care = h(
      'select',
      { id: 'curve-care', onchange: (e) => ((choice.care = e.target.value), update(current && current.scenario)) },
      voc.care.map((c) => h('option', { value: c.id, selected: c.id === choice.care }, c.name)),
    );
    const level = h(
      'select',
      { id: 'curve-level', onchange: (e) => ((choice.level = e.target.value), update(current && current.scenario)) },
      h('option', { value: '-', selected: choice.level === '-' }, s.curveLevelNone),
      voc.levels.map((l) => h('option', { value: l.id, selected: l.id === choice.level }, l.name)),
    );
    return h(
      'div',
      { class: 'curve-controls' },
      h('div', { class: 'field' }, h('label', { for: 'curve-care' }, s.curveCare), care),
      h('div', { class: 'field' }, h('label', { for: 'curve-level' }, s.curveLevel), level),
    );
  }

  function drawCurve({ value: c, error }) {
    // The controls are kept while the figures change, so focus and choices stay where they were.
    if (!$('curve-care')) fill(el.curveBody, controls(), h('div', { id: 'curve-out' }));
    const out = $('curve-out');
    if (error !== undefined) {
      fill(out, h('p', { class: 'notice notice-error' }, error));
      return;
    }
    const careName = name(app.vocabulary().care, c.care);
    fill(out, h('figure', { class: 'curve' }, h('figcaption', { id: 'curve-caption' }, s.curveCaption(careName)), chart(c), legend(), table(c)));
  }

  /** Kinks numbered in order, for the chart's labels and the table. */
  function kinkNumbers(c) {
    let n = 0;
    return c.points.map((p) => (p.kinks.length ? ++n : 0));
  }

  function chart(c) {
    // Positions are drawing only; the figures themselves are in the table below.
    const max = Number.parseFloat(c.points[c.points.length - 1].total) || 1;
    const x = (v) => PAD.l + (Number.parseFloat(v) / max) * (SVG_W - PAD.l - PAD.r);
    const y = (v) => SVG_H - PAD.b - (Number.parseFloat(v) / max) * (SVG_H - PAD.t - PAD.b);
    const line = (key, cls) => h('svg:polyline', { class: cls, points: c.points.map((p) => `${x(p.total).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ') });
    const nums = kinkNumbers(c);
    const marks = c.points.map((p, i) => {
      if (!p.kinks.length) return null;
      const label = s.pointLabel(s.curveAddLabel(formatAmount(p.total)), p.kinks.map((k) => k.text));
      const choose = () => add(p.total);
      return h(
        'svg:g',
        {
          class: 'kink',
          tabindex: '0',
          role: 'button',
          'aria-label': label,
          onclick: choose,
          onkeydown: (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              choose();
            }
          },
        },
        h('svg:title', null, label),
        h('svg:circle', { cx: x(p.total).toFixed(1), cy: y(p.fund).toFixed(1), r: 9 }),
        h('svg:text', { x: x(p.total).toFixed(1), y: (y(p.fund) - 13).toFixed(1), 'text-anchor': 'middle' }, String(nums[i])),
      );
    });
    return h(
      'svg:svg',
      { viewBox: `0 0 ${SVG_W} ${SVG_H}`, class: 'curve-chart', role: 'group', 'aria-labelledby': 'curve-caption' },
      h('svg:line', { class: 'axis', x1: PAD.l, y1: SVG_H - PAD.b, x2: SVG_W - PAD.r, y2: SVG_H - PAD.b }),
      h('svg:line', { class: 'axis', x1: PAD.l, y1: PAD.t, x2: PAD.l, y2: SVG_H - PAD.b }),
      h('svg:text', { class: 'axis-label', x: SVG_W - PAD.r, y: SVG_H - 8, 'text-anchor': 'end' }, `${s.curveAxisX} 0 – ${formatAmount(c.points[c.points.length - 1].total)}`),
      line('out_of_pocket', 'line-oop'),
      line('fund', 'line-fund'),
      marks,
    );
  }

  function legend() {
    return h(
      'p',
      { class: 'curve-legend', 'aria-hidden': 'true' },
      h('span', { class: 'key key-fund' }),
      s.curveFund,
      ' ',
      h('span', { class: 'key key-oop' }),
      s.curveOop,
    );
  }

  function table(c) {
    const nums = kinkNumbers(c);
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'curve-table' },
        h('caption', { class: 'visually-hidden' }, s.curveCaption(name(app.vocabulary().care, c.care))),
        h('thead', null, h('tr', null, [s.curveTotal, s.curveFund, s.curveOop].map((x) => h('th', { scope: 'col' }, x)))),
        // Each point's row, then (for a kink) what begins there, its clause and the button that
        // adds a visit at that cost, on a row of its own so a phone's width holds the figures.
        c.points.map((p, i) =>
          h(
            'tbody',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'row', class: 'num' }, nums[i] ? `${nums[i]}. ` : '', formatAmount(p.total)),
              h('td', { class: 'num' }, formatAmount(p.fund)),
              h('td', { class: 'num' }, formatAmount(p.out_of_pocket)),
            ),
            Number.parseFloat(p.total) > 0
              ? h(
                  'tr',
                  { class: 'kink-row' },
                  h(
                    'td',
                    { colspan: 3 },
                    p.kinks.map((k) => h('div', null, k.text, h('span', { class: 'hint' }, s.clause(k.citation.doc, k.citation.clause)))),
                    h('button', { type: 'button', class: 'button button-secondary button-small', 'aria-label': s.curveAddLabel(formatAmount(p.total)), onclick: () => add(p.total) }, s.curveAdd),
                  ),
                )
              : null,
          ),
        ),
      ),
    );
  }

  function add(total) {
    addVisit({ care: choice.care, level: choice.level === '-' ? '' : choice.level, total }, s.curveAdded(formatAmount(total)));
  }

  function clear() {
    current = null;
    clearTimeout(timer);
  }

  return { update, clear };
}
