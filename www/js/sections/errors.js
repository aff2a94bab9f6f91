// Owns what the page says is wrong: the error summary at the top (GOV.UK pattern), the message
// beside each field at fault, and the gentle "still to fill in" list in the result area. Which
// field is at fault comes from the engine's error: its `path` (or `field`), and for a missing
// local parameter, every entry of `missing`.

import { $, fill, h, show } from '../dom.js';

export function createErrorsSection({ t }) {
  let shown = null; // { key, target } of the error on screen
  let marked = [];

  /** The control on screen nearest to an engine path (`["visits", 0, "total"]`). */
  function resolve(path, fields) {
    return fields.find(path, (id) => !!$(id));
  }

  function labelFor(el) {
    const label = el.id && document.querySelector(`label[for="${el.id}"]`);
    if (label) return label.textContent;
    const fs = el.closest('fieldset');
    const legend = fs && fs.querySelector('legend');
    return legend ? legend.textContent : el.textContent;
  }

  /** The to-do list of fields nobody has visited yet. */
  function todo(targets) {
    clear();
    const box = $('result-todo');
    const key = targets.map((x) => `${x}|${labelFor($(x))}`).join('\n');
    // Re-render only on change: replacing a link under the pointer would swallow its click.
    if (box.dataset.key !== key) {
      box.dataset.key = key;
      fill(box, targets.map((x) => h('li', null, h('a', { href: `#${x}` }, labelFor($(x))))));
    }
    show(box, true);
  }

  /** The summary and inline messages; `items` holds every fault: `{ message, target }`. */
  function render(e, items, moveFocus) {
    const key = `${e.code}|${e.field}|${items.map((x) => x.message).join('|')}`;
    const target = items[0] && items[0].target;
    if (!shown || shown.key !== key || shown.target !== target) {
      clear();
      fill(
        $('error-list'),
        items.map((x) => h('li', null, x.target ? h('a', { href: `#${x.target}` }, x.message) : x.message)),
      );
      show($('error-summary'), true);
      for (const x of items) if (x.target) mark(x.target, x.message);
      shown = { key, target };
    }
    if (moveFocus) $('error-summary').focus();
  }

  /** A message that belongs to no field (a link that cannot be read). */
  function plain(message) {
    clear();
    fill($('error-list'), h('li', null, message));
    show($('error-summary'), true);
    shown = { key: message, target: null };
    $('error-summary').focus();
  }

  /** Whether the summary already shows this error (kept while the person is still typing). */
  function isShown(e, target) {
    return !!shown && shown.key.startsWith(`${e.code}|${e.field}|`) && shown.target === target;
  }

  /** Inline message next to the control (or its group), wired up with aria-invalid/-describedby. */
  function mark(target, message) {
    const el = $(target);
    if (el.hidden) el.hidden = false;
    let box;
    let msg;
    if (el.type === 'radio' || el.type === 'checkbox') {
      box = el.closest('fieldset');
      msg = box.querySelector(':scope > .field-error');
    } else if (el.tagName === 'FIELDSET' || el.tagName === 'SECTION') {
      box = el;
      msg = el.querySelector(':scope > .field-error');
    } else if (el.id === 'add-visit') {
      box = null;
      msg = $('visits-error');
    } else {
      box = el.closest('.field');
      msg = $(`${target}-error`);
    }
    if (!msg) return;
    msg.textContent = message;
    msg.hidden = false;
    if (box) box.classList.add('has-error');
    const holder = el.type === 'radio' || el.type === 'checkbox' ? box : el;
    if (el.tagName === 'INPUT' || el.tagName === 'SELECT') el.setAttribute('aria-invalid', 'true');
    const base = holder.dataset.describedby ?? holder.getAttribute('aria-describedby') ?? '';
    holder.dataset.describedby = base;
    holder.setAttribute('aria-describedby', [msg.id, base].filter(Boolean).join(' '));
    marked.push({ el, msg, box, holder });
  }

  function clear() {
    for (const { el, msg, box, holder } of marked) {
      msg.hidden = true;
      msg.textContent = '';
      if (box) box.classList.remove('has-error');
      el.removeAttribute('aria-invalid');
      const base = holder.dataset.describedby;
      if (base) holder.setAttribute('aria-describedby', base);
      else holder.removeAttribute('aria-describedby');
    }
    marked = [];
    if (!$('error-summary').hidden) {
      show($('error-summary'), false);
      $('error-list').replaceChildren();
    }
    shown = null;
  }

  /** Hides the to-do list. */
  function clearTodo() {
    show($('result-todo'), false);
    delete $('result-todo').dataset.key;
  }

  return { resolve, labelFor, todo, render, plain, isShown, clear, clearTodo, t };
}
