// Owns drawing the step-by-step explanation: each step's title, amount, arithmetic, notes and
// citations, grouped by visit, with the document list that print numbers the clauses by. Loaded
// with the full engine, the first time the explanation is opened (result.js), so a first visit
// does not carry it. Nothing here computes a rule: everything is the engine's result, drawn.

import { clausePart, h, stylesheet, zhText } from './dom.js';

// Its own stylesheet, loaded with it: the steps are drawn once it has arrived (result.js), so
// print, which waits for them, never lays out unstyled steps.
export const styled = stylesheet(new URL('../css/steps.css', import.meta.url).href);

// Up to this many steps, print keeps each step's arithmetic on the one A4 page; beyond, the page
// holds each step's title, clauses and amount (the screen always shows everything).
const PRINT_FULL_STEPS = 8;

/**
 * The steps of `full` (the full engine's result) as nodes for the explanation's body, and whether
 * there are so many that print leaves out their arithmetic. `name(id)` is an amount's or layer's
 * name, `yuan(amount)` an amount as shown, and `showVisit(i)` brings visit i's row into view.
 */
export function drawSteps(full, { t, name, yuan, showVisit }) {
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
  /** A citation's document: its title and 文号, in the document's own words. */
  const docName = (c) => zhText('span', null, [t.docTitle(c.document), c.number].filter(Boolean).join(' '));

  /** "[1] 条款 二；[2] 条款 二(五)": a step's clauses by document number, each clause once. */
  function clauseRefs(cited) {
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

  function drawStep(s) {
    const cited = (s.citations || []).map((id) => full.citations[id]).filter(Boolean);
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
            ? h('button', { type: 'button', class: 'step-amount step-amount-link', 'aria-label': t.showVisit(yuan(s.amount), s.visit + 1), onclick: () => showVisit(s.visit) }, yuan(s.amount))
            : h('span', { class: 'step-amount' }, yuan(s.amount))
          : null,
      ),
      h('p', null, s.arithmetic),
      s.notes && s.notes.length ? h('ul', { class: 'step-notes' }, s.notes.map((n) => h('li', null, n))) : null,
      cited.map(drawCitation),
      cited.length ? h('p', { class: 'print-only step-cites' }, clauseRefs(cited)) : null,
    );
  }

  const sections = [];
  for (const [key, steps] of groups) {
    sections.push(
      h(
        'section',
        { class: 'step-group' },
        h('h3', null, key < 0 ? t.stepsGeneral : t.stepsVisit(key + 1)),
        h('ol', { class: 'step-list' }, steps.map(drawStep)),
      ),
    );
  }
  const legend = [...docs.values()].map(({ n, c }) => h('p', null, `[${n}] `, docName(c)));
  return {
    nodes: [h('div', { class: 'print-only doc-legend' }, h('p', null, t.printDocuments), legend), sections],
    many: full.steps.length > PRINT_FULL_STEPS,
  };
}
