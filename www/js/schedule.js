// A local parameter of unit "schedule" (docs/CONTRACT.md): a deductible, bands of an upper limit
// and a ratio, and an optional cap. This module owns its part of the form state, the contract
// value it becomes, and the small band table that edits it. Nothing here checks a rule: the
// engine validates the value and names the sub-field at fault (params.<id>.bands[1].upto).

import { h } from './dom.js';

/** An empty schedule as the form starts it: one band, nothing typed. */
export function emptySchedule() {
  return { deductible: '', bands: [{ upto: '', ratio: '' }], cap: '', capNone: false };
}

const str = (v) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const plain = (v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === v);

/**
 * The form state for a schedule from a link. `exact` is false when the form could not send the
 * value back unchanged (numbers where text belongs, extra keys...): the caller then keeps the raw
 * value and sends it as it came until the person edits the schedule.
 */
export function scheduleFromValue(v) {
  if (!isObject(v)) return { state: emptySchedule(), exact: false };
  let exact = Object.keys(v).every((k) => ['deductible', 'bands', 'cap'].includes(k));
  const bands = Array.isArray(v.bands) ? v.bands : [];
  if (!Array.isArray(v.bands)) exact = false;
  const state = {
    deductible: str(v.deductible),
    bands: bands.map((b) => {
      if (!isObject(b) || !Object.keys(b).every((k) => k === 'upto' || k === 'ratio')) exact = false;
      const o = isObject(b) ? b : {};
      if (!plain(o.upto) || !plain(o.ratio)) exact = false;
      return { upto: str(o.upto), ratio: str(o.ratio) };
    }),
    cap: v.cap === 'none' ? '' : str(v.cap),
    capNone: v.cap === 'none',
  };
  if (!plain(v.deductible) || !plain(v.cap)) exact = false;
  if (!state.bands.length) state.bands.push({ upto: '', ratio: '' });
  return { state, exact };
}

/** The contract value of a schedule state, or undefined when nothing is filled in. */
export function scheduleValue(s) {
  if (!s) return undefined;
  const t = (x) => (x ?? '').trim();
  const bands = s.bands.map((b) => {
    const o = {};
    if (t(b.upto)) o.upto = t(b.upto);
    if (t(b.ratio)) o.ratio = t(b.ratio);
    return o;
  });
  const empty = !t(s.deductible) && !t(s.cap) && !s.capNone && bands.every((b) => !b.upto && !b.ratio);
  if (empty) return undefined;
  const v = {};
  if (t(s.deductible)) v.deductible = t(s.deductible);
  // Half-filled bands are sent as they are, so the engine can name the field still to fill in.
  v.bands = bands;
  if (s.capNone) v.cap = 'none';
  else if (t(s.cap)) v.cap = t(s.cap);
  return v;
}

/** Whether the person has typed anything into the schedule. */
export function scheduleFilled(s) {
  return scheduleValue(s) !== undefined;
}

/** Control ids, shared by the editor and the error map. */
export const scheduleIds = {
  deductible: (id) => `param-${id}-deductible`,
  upto: (id, i) => `param-${id}-band-${i}-upto`,
  ratio: (id, i) => `param-${id}-band-${i}-ratio`,
  cap: (id) => `param-${id}-cap`,
  capNone: (id) => `param-${id}-cap-none`,
  add: (id) => `param-${id}-add`,
};

/** Maps each contract path inside the schedule to the control that holds it. */
export function scheduleFields(id, s, fields) {
  const base = ['params', id];
  fields.set(base, scheduleIds.deductible(id));
  fields.set([...base, 'deductible'], scheduleIds.deductible(id));
  fields.set([...base, 'bands'], scheduleIds.add(id));
  s.bands.forEach((_, i) => {
    fields.set([...base, 'bands', i], scheduleIds.upto(id, i));
    fields.set([...base, 'bands', i, 'upto'], scheduleIds.upto(id, i));
    fields.set([...base, 'bands', i, 'ratio'], scheduleIds.ratio(id, i));
  });
  fields.set([...base, 'cap'], scheduleIds.cap(id));
}

/**
 * The editor's content for one schedule: deductible, a list of bands (each a small fieldset with
 * its limit, ratio and a remove button), an "add a band" button, the cap and "no cap".
 * `field` and `amountInput` are the page's own builders, so labels, hints and inline errors
 * behave like every other field.
 */
export function scheduleEditor({ id, s, t, field, amountInput, withUnit }) {
  const bind = (path) => `sched:${id}:${path}`;
  const deductible = field({
    id: scheduleIds.deductible(id),
    label: t.scheduleDeductible,
    hints: [t.scheduleDeductibleHint],
    control: withUnit(amountInput(scheduleIds.deductible(id), bind('deductible'), s.deductible), t.unitYuan),
    extraClass: 'amount-field',
  });
  const last = s.bands.length - 1;
  const bands = s.bands.map((b, i) =>
    h(
      'fieldset',
      { class: 'band', id: `param-${id}-band-${i}` },
      h('legend', null, t.scheduleBand(i + 1)),
      h(
        'div',
        { class: 'band-grid' },
        field({
          id: scheduleIds.upto(id, i),
          label: t.scheduleUpto,
          // The hints once: on the first band, and what the last band's limit means on the last.
          hints: [i === last ? t.scheduleUptoLastHint : i === 0 ? t.scheduleUptoHint : ''],
          control: withUnit(amountInput(scheduleIds.upto(id, i), bind(`band.${i}.upto`), b.upto), t.unitYuan),
          extraClass: 'amount-field',
        }),
        field({
          id: scheduleIds.ratio(id, i),
          label: t.scheduleRatio,
          hints: [i === 0 ? t.scheduleRatioHint : ''],
          control: withUnit(amountInput(scheduleIds.ratio(id, i), bind(`band.${i}.ratio`), b.ratio), t.paramUnitRatio),
          extraClass: 'amount-field',
        }),
      ),
      s.bands.length > 1
        ? h(
            'button',
            { type: 'button', class: 'button button-secondary button-small', 'data-action': 'band-remove', 'data-param': id, 'data-index': i },
            t.scheduleRemove,
            h('span', { class: 'visually-hidden' }, t.buttonFor(t.scheduleBand(i + 1))),
          )
        : null,
    ),
  );
  const add = h(
    'button',
    { type: 'button', class: 'button button-secondary button-small', id: scheduleIds.add(id), 'data-action': 'band-add', 'data-param': id },
    t.scheduleAdd,
  );
  const capInput = amountInput(scheduleIds.cap(id), bind('cap'), s.capNone ? '' : s.cap);
  capInput.disabled = s.capNone;
  const cap = field({
    id: scheduleIds.cap(id),
    label: t.scheduleCap,
    hints: [t.scheduleCapHint],
    control: withUnit(capInput, t.unitYuan),
    extraClass: 'amount-field',
  });
  const none = h(
    'div',
    { class: 'choice choice-inline' },
    h('input', { type: 'checkbox', id: scheduleIds.capNone(id), 'data-bind': bind('capNone'), props: { checked: s.capNone } }),
    h('label', { for: scheduleIds.capNone(id) }, t.capNone),
  );
  return [deductible, h('div', { class: 'bands' }, bands), h('p', { class: 'field-error', id: `${scheduleIds.add(id)}-error`, hidden: true }), add, cap, none];
}
