// Owns the "政策原文" panel: a step's cited sentence shown in the whole text of its document, the
// sentence highlighted and scrolled into view. Loaded on the first "政策原文" button pressed; each
// text (documents/<id>.txt) is fetched when first shown, then the service worker keeps it, so the
// panel works offline afterwards. Nothing here interprets a document: it finds the quote's
// characters in the text, ignoring line breaks and spaces, as the data tests compare them.

import zhWords from '../i18n/docs.zh-CN.js';
import { clausePart, h, fill, stylesheet, zhText } from './dom.js';

const texts = new Map();
/** The panel's words (openDocument). */
let s = zhWords;
/** Resolves once the panel's stylesheet has loaded (or failed). */
let styled = Promise.resolve();

/** Whitespace is layout in the published texts (tests/policy_data.rs drops it the same way). */
const isSpace = (c) => /\s/.test(c) || c === '\u3000' || c === '\u00a0';

/** [start, end) of `quote` in `text`, ignoring whitespace in both, or null. */
export function locate(text, quote) {
  const chars = [];
  const at = [];
  for (let i = 0; i < text.length; i++) {
    if (!isSpace(text[i])) {
      chars.push(text[i]);
      at.push(i);
    }
  }
  const q = [...quote].filter((c) => !isSpace(c)).join('');
  if (!q) return null;
  const k = chars.join('').indexOf(q);
  if (k < 0) return null;
  return [at[k], at[k + q.length - 1] + 1];
}

function dialog() {
  let d = document.getElementById('doc-dialog');
  if (d) return d;
  // The panel's own stylesheet sets its size: the sentence is scrolled to once it has arrived
  // (before, a first opening could scroll an unstyled panel and leave the sentence out of view).
  styled = stylesheet(new URL('../css/docs.css', import.meta.url).href);
  d = h(
    'dialog',
    { id: 'doc-dialog', class: 'doc-dialog', 'aria-labelledby': 'doc-title' },
    h(
      'div',
      { class: 'doc-head' },
      zhText('h2', { id: 'doc-title' }),
      h('button', { type: 'button', class: 'button button-secondary button-small', onclick: () => d.close() }, s.close),
    ),
    h('p', { id: 'doc-source', class: 'hint' }),
    zhText('div', { id: 'doc-text', class: 'doc-text', tabindex: '0' }),
  );
  document.body.append(d);
  return d;
}

async function text(doc) {
  if (!texts.has(doc)) {
    const url = new URL(`../documents/${encodeURIComponent(doc)}.txt`, import.meta.url);
    texts.set(
      doc,
      fetch(url).then((r) => {
        if (!r.ok) throw new Error(String(r.status));
        return r.text();
      }),
    );
  }
  try {
    return await texts.get(doc);
  } catch (e) {
    texts.delete(doc);
    throw e;
  }
}

/**
 * Opens the panel on citation `c` ({ doc, document, number, clause, quote }); focus returns to
 * `from`. `words`: the panel's words in the page's language (Chinese when absent).
 */
export async function openDocument(c, from, words) {
  s = words || zhWords;
  const d = dialog();
  fill(d.querySelector('#doc-title'), c.document || c.doc);
  fill(d.querySelector('#doc-source'), c.number ? zhText('span', null, c.number) : null, c.clause ? clausePart(s.clauseLabel, c.clause) : null);
  const body = d.querySelector('#doc-text');
  fill(body, h('p', { class: 'hint', role: 'status' }, s.loading));
  d.onclose = () => from && from.focus();
  if (!d.open) d.showModal();
  let t;
  try {
    t = await text(c.doc);
  } catch {
    fill(body, h('p', { class: 'notice notice-error' }, s.failed));
    return;
  }
  const span = c.quote ? locate(t, c.quote) : null;
  if (!span) {
    fill(body, c.quote ? h('p', { class: 'hint' }, s.notFound) : null, t);
    return;
  }
  const mark = h('mark', { id: 'doc-quote' }, t.slice(span[0], span[1]));
  // Shown and scrolled to in one go, once the panel has its size.
  await styled;
  fill(body, t.slice(0, span[0]), mark, t.slice(span[1]));
  mark.scrollIntoView({ block: 'center' });
}
