// Owns section 3 of the form: the local parameters. Which ones appear, and why, is the engine's
// answer (`needs` in every result and error, plus any parameter an error names): this module only
// lays them out, grouped as the policy groups them, and keeps what the person typed.

import { $, fill, h, show } from '../dom.js';
import { amountInput, field, option, withUnit } from '../controls.js';
import { scheduleEditor } from '../schedule.js';
import { paramFilled, scheduleOf } from '../state.js';

export function createParamsSection({ t, app }) {
  const nodes = new Map(); // policyId:paramId → { box, input, bands }
  const openGroups = new Set(); // collapsible groups the person opened (kept open across renders)
  const groupEls = new Map(); // group id → its element, kept across renders
  let shown = []; // the last `needs`, with parameters an error named

  /** The band table of a schedule parameter, rebuilt when a band is added or removed. */
  function scheduleNode(p, param) {
    const key = `${p.id}:${param.id}`;
    const s = scheduleOf(app.state, param.id);
    let n = nodes.get(key);
    if (n && n.bands === s.bands.length) return n;
    const id = `param-${param.id}`;
    const meaning = stripSource(param);
    const hints = [param.source, meaning, t.scheduleHint];
    const box = h(
      'fieldset',
      { class: 'field param schedule', id: `${id}-field` },
      h('legend', { id: `${id}-legend` }, param.label),
      hints.filter(Boolean).map((x, i) => h('p', { class: 'hint', id: `${id}-hint${i}` }, x)),
      h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
      scheduleEditor({ id: param.id, s, t, field, amountInput, withUnit }),
    );
    n = { box, input: box.querySelector('input'), bands: s.bands.length };
    nodes.set(key, n);
    return n;
  }

  /** The parameter's meaning without the source sentence, which is shown on its own line. */
  function stripSource(param) {
    const source = param.source || '';
    // The full stop after it, in either language (U+3002 is the Chinese one).
    return (param.meaning || '').replace(source, '').replace(/^[\s.\u3002]+/, '').trim();
  }

  function node(p, param) {
    if (param.unit === 'schedule') return scheduleNode(p, param);
    const key = `${p.id}:${param.id}`;
    let n = nodes.get(key);
    if (n) return n;
    const id = `param-${param.id}`;
    const value = app.state.params[param.id] ?? '';
    let control;
    let input;
    if (param.unit === 'choice') {
      input = h(
        'select',
        { id, name: id, 'data-bind': `param:${param.id}` },
        option('', t.paramChoicePlaceholder, value === ''),
        (param.choices || []).map((c) => option(c.value, c.label, c.value === value)),
      );
      if (value !== '' && !(param.choices || []).some((c) => c.value === value)) input.append(option(value, value, true));
      control = input;
    } else {
      const none = param.accepts_none && value === 'none';
      input = amountInput(id, `param:${param.id}`, none ? '' : value);
      input.disabled = none;
      control = withUnit(input, param.unit === 'yuan' ? t.unitYuan : t.paramUnitRatio);
    }
    // A layer parameter's "when absent" is the whole group's, so the group says it once.
    const absent = param.when_absent && param.need !== 'layer' ? `${t.paramsOptionalHint}${param.when_absent}` : '';
    const box = field({ id, label: param.label, hints: [param.source, stripSource(param), absent], control, extraClass: 'param' });
    if (param.accepts_none) {
      // "No cap" is a statement by the agency, not a blank: a box of its own.
      box.append(
        h(
          'div',
          { class: 'choice choice-inline' },
          h('input', { type: 'checkbox', id: `${id}-none`, 'data-bind': `paramNone:${param.id}`, props: { checked: value === 'none' } }),
          h('label', { for: `${id}-none` }, t.capNone),
        ),
      );
    }
    n = { box, input };
    nodes.set(key, n);
    return n;
  }

  /**
   * Lays out the parameters the engine asked for: `needs` from the last result or error, and the
   * fields its `missing` list names. Groups follow the parameters' own `need` and `layer`.
   */
  function render(needs = shown) {
    shown = needs;
    const p = app.policy();
    const section = $('params-section');
    const list = p ? needs.map((n) => ({ need: n, param: p.params.find((x) => x.id === n.param) })).filter((x) => x.param) : [];
    show(section, list.length > 0);
    if (!list.length) {
      $('params').replaceChildren();
      return;
    }
    const groups = new Map();
    const add = (key, make, item) => {
      if (!groups.has(key)) groups.set(key, { make, items: [] });
      groups.get(key).items.push(item);
    };
    const careName = (care) => (app.vocabulary().care.find((c) => c.id === care) || { name: care }).name;
    for (const item of list) {
      const { param } = item;
      if (param.need === 'always') add('always', () => ({ legend: t.paramsAlways }), item);
      else if (param.need === 'when_used') {
        add(`basic:${param.care}`, () => ({ legend: t.paramsBasic(careName(param.care)), hint: item.need.why }), item);
      } else {
        const layer = app.vocabulary().layers.find((l) => l.id === param.layer);
        add(`layer:${param.layer}`, () => ({ legend: t.paramsOptionalGroup(layer ? layer.name : param.layer), collapsible: true }), item);
      }
    }
    // Groups are kept across renders (only their contents change), so a group the person opened
    // stays open and focus stays where it was, however often the result is recomputed.
    const focused = document.activeElement;
    const order = (k) => (k === 'always' ? 0 : k.startsWith('basic:') ? 1 : 2);
    const keys = [...groups.keys()].sort((a, b) => order(a) - order(b));
    const out = keys.map((k) => {
      const g = groups.get(k);
      const info = g.make();
      const boxes = g.items.map(({ param, need }) => {
        const b = node(p, param).box;
        // Why the engine asks for it, where it says more than the group does.
        const why = b.querySelector(':scope > .need-why') || h('p', { class: 'hint need-why' });
        const text = info.collapsible ? need.why || '' : '';
        if (why.textContent !== text) why.textContent = text;
        show(why, !!text);
        if (!why.parentElement) b.querySelector(':scope > label, :scope > legend')?.after(why);
        // An embedding's parameter set adds the agency's value here (js/embedded.js).
        if (app.decorateNeed) app.decorateNeed(b, param, need);
        return b;
      });
      const gid = `params-${k.replace(':', '-')}`;
      let el = groupEls.get(gid);
      if (!el) {
        el = info.collapsible
          ? h('details', { class: 'param-group', id: gid }, h('summary', { id: `${gid}-summary` }, info.legend), h('p', { class: 'hint group-hint' }))
          : h('fieldset', { class: 'param-group', id: gid }, h('legend', null, info.legend), h('p', { class: 'hint group-hint' }));
        groupEls.set(gid, el);
      }
      const hint = el.querySelector(':scope > .group-hint');
      const layerParam = g.items.find((x) => x.param.need === 'layer');
      const hintText = info.collapsible ? (layerParam ? t.paramsLayerHint(layerParam.param.when_absent || '') : '') : info.hint || '';
      if (hint.textContent !== hintText) hint.textContent = hintText;
      show(hint, !!hintText);
      // Replace the boxes only when the list changed.
      const now = [...el.querySelectorAll(':scope > .param')];
      if (now.length !== boxes.length || now.some((x, i) => x !== boxes[i])) {
        for (const x of now) x.remove();
        el.append(...boxes);
      }
      if (info.collapsible && !el.open && (g.items.some((x) => paramFilled(app.state, x.param.id) || x.need.required) || openGroups.has(gid))) {
        el.open = true;
      }
      return el;
    });
    const box = $('params');
    if (box.children.length !== out.length || out.some((x, i) => box.children[i] !== x)) fill(box, out);
    if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus();
  }

  /** A change to a parameter's control; returns whether it changes the form's structure. */
  function input(el, kind, id, path) {
    const { state } = app;
    if (kind === 'param') {
      state.params[id] = el.value;
      return 'value';
    }
    if (kind === 'paramNone') {
      const box = $(`param-${id}`);
      box.disabled = el.checked;
      state.params[id] = el.checked ? 'none' : box.value;
      return 'structure';
    }
    // A schedule's part.
    const sch = scheduleOf(state, id);
    if (path === 'deductible' || path === 'cap') sch[path] = el.value;
    else if (path === 'capNone') {
      sch.capNone = el.checked;
      $(`param-${id}-cap`).disabled = el.checked;
      return 'structure';
    } else if (path.startsWith('band.')) {
      const [, i, k] = path.split('.');
      if (sch.bands[Number(i)]) sch.bands[Number(i)][k] = el.value;
    }
    return 'value';
  }

  /** Adds or removes a band of a schedule parameter, keeping focus in the table. */
  function bandAction(b) {
    const id = b.dataset.param;
    const sch = scheduleOf(app.state, id);
    if (b.dataset.action === 'band-add') {
      sch.bands.push({ upto: '', ratio: '' });
      render();
      $(`param-${id}-band-${sch.bands.length - 1}-upto`).focus();
      app.announce(t.announceBandAdded(t.scheduleBand(sch.bands.length)));
    } else {
      const i = Number(b.dataset.index);
      if (sch.bands.length <= 1 || !sch.bands[i]) return false;
      sch.bands.splice(i, 1);
      render();
      $(`param-${id}-band-${Math.min(i, sch.bands.length - 1)}-upto`).focus();
      app.announce(t.announceBandRemoved(t.scheduleBand(i + 1)));
    }
    return true;
  }

  /** The person opened or closed a collapsible group. */
  function toggled(d) {
    if (!d.classList || !d.classList.contains('param-group')) return;
    if (d.open) openGroups.add(d.id);
    else openGroups.delete(d.id);
  }

  /** Forgets the layout (a new policy, or a link). */
  function reset() {
    shown = [];
    groupEls.clear();
  }

  return { render, input, bandAction, toggled, reset };
}
