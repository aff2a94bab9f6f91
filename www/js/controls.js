// Owns the form's building blocks: a labelled field with hints and an inline error, an amount
// input, a unit beside an input, an option. Every section builds its controls with these, so
// labels, hints and error messages behave the same everywhere.

import { h } from './dom.js';

/** A labelled control with hints and an (initially hidden) inline error. */
export function field({ id, label, hints = [], control, wide = false, extraClass = '' }) {
  const hintEls = hints.filter(Boolean).map((text, i) => h('p', { class: 'hint', id: `${id}-hint${i}` }, text));
  const describedBy = hintEls.map((e) => e.id);
  if (describedBy.length) control.setAttribute('aria-describedby', describedBy.join(' '));
  control.dataset.describedby = describedBy.join(' ');
  const box = h(
    'div',
    { class: `field${wide ? ' wide' : ''}${extraClass ? ` ${extraClass}` : ''}`, id: `${id}-field` },
    h('label', { for: id }, label),
    hintEls,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
    control,
  );
  // A unit wrapper got the description; it belongs on the input itself.
  const input = control.tagName === 'INPUT' || control.tagName === 'SELECT' ? null : control.querySelector('input');
  if (input && control.getAttribute('aria-describedby')) {
    input.setAttribute('aria-describedby', control.getAttribute('aria-describedby') || '');
    input.dataset.describedby = control.dataset.describedby;
    control.removeAttribute('aria-describedby');
    delete control.dataset.describedby;
  }
  return box;
}

export function amountInput(id, bind, value) {
  return h('input', {
    type: 'text',
    id,
    name: id,
    class: 'amount',
    inputmode: 'decimal',
    autocomplete: 'off',
    spellcheck: 'false',
    'data-bind': bind,
    props: { value },
  });
}

export function withUnit(input, unit) {
  return h('div', { class: 'input-unit' }, input, h('span', { class: 'unit', 'aria-hidden': 'true' }, unit));
}

export function option(value, label, selected) {
  return h('option', { value, props: { selected } }, label);
}
