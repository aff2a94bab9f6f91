// A few DOM helpers. Text is always set as text (never parsed as HTML), so nothing from a link or
// the engine can inject markup.

/**
 * Creates an element: h('p', {class: 'hint', id: 'x'}, 'text', child, ...).
 * Attribute values of false/null/undefined are skipped; true sets an empty attribute.
 * Keys starting with "on" add event listeners; "dataset" and "props" set properties.
 */
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === false || v === null || v === undefined) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'props') {
        Object.assign(el, v);
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces all children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Sets textContent only when it differs (avoids needless mutations and screen-reader chatter). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

export function show(el, visible) {
  if (el.hidden === visible) el.hidden = !visible;
}

export const $ = (id) => document.getElementById(id);

/**
 * A document's own words (a title, a 文号, a clause, a quote): Chinese in every language of the
 * page, so marked as such for screen readers and for the English page's test.
 */
export const zhText = (tag, attrs, text) => h(tag, { ...attrs, lang: 'zh-CN' }, text);

/** " 条款 二(二)": a clause after its label, the clause in the document's own words. */
export const clausePart = (label, clause) => [' ', label, ' ', zhText('span', null, clause)];

/**
 * Adds a stylesheet of the site to the page (style-src 'self' allows it); resolves once it has
 * arrived, or failed. For the parts loaded when first used (the explanation, the documents'
 * panel, the comparison), which draw once their styles are there.
 */
export function stylesheet(href) {
  const link = h('link', { rel: 'stylesheet', href });
  const arrived = new Promise((resolve) => {
    link.onload = resolve;
    link.onerror = resolve;
  });
  document.head.append(link);
  return arrived;
}
