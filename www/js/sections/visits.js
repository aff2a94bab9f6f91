// Owns section 2 of the form: the list of the year's visits — care type, hospital level, the three
// amounts — and moving, adding and removing visits. Care and level names come from policies().

import { $, fill, h, setText, show } from '../dom.js';
import { amountInput, field, option, withUnit } from '../controls.js';
import { levelMatters, newVisit } from '../state.js';

export function createVisitsSection({ t, app }) {
  const nodes = new Map(); // uid → { li, ...controls }

  function node(v) {
    let n = nodes.get(v.uid);
    if (n) return n;
    const id = (k) => `visit-${v.uid}-${k}`;
    const care = h('select', { id: id('care'), name: id('care'), 'data-bind': `visit:${v.uid}:care` });
    const level = h('select', { id: id('level'), name: id('level'), 'data-bind': `visit:${v.uid}:level` });
    const amount = (k) => amountInput(id(k), `visit:${v.uid}:${k}`, v[k]);
    const legend = h('legend');
    const notes = h('ul', { class: 'care-notes wide', hidden: true });
    const btn = (action, text) => {
      const suffix = h('span', { class: 'visually-hidden' });
      const b = h('button', { type: 'button', class: 'button button-secondary button-small', 'data-action': action, 'data-uid': v.uid }, text, suffix);
      b.suffix = suffix;
      return b;
    };
    const up = btn('up', t.moveUp);
    const down = btn('down', t.moveDown);
    const remove = btn('remove', t.remove);
    const levelField = field({ id: id('level'), label: t.levelLabel, control: level });
    const fieldset = h(
      'fieldset',
      { class: 'visit', id: `visit-${v.uid}` },
      legend,
      h(
        'div',
        { class: 'visit-grid' },
        field({ id: id('care'), label: t.careLabel, control: care }),
        levelField,
        notes,
        field({ id: id('total'), label: t.totalLabel, hints: [t.totalHint], control: withUnit(amount('total'), t.unitYuan), extraClass: 'amount-field' }),
        field({ id: id('excluded'), label: t.excludedLabel, hints: [t.excludedHint], control: withUnit(amount('excluded'), t.unitYuan), extraClass: 'amount-field' }),
        field({ id: id('basic_paid'), label: t.basicPaidLabel, hints: [t.basicPaidHint], control: withUnit(amount('basic_paid'), t.unitYuan), wide: true }),
      ),
      h('div', { class: 'visit-tools' }, up, down, remove),
    );
    n = { li: h('li', { class: 'visit-item' }, fieldset), legend, care, level, levelField, notes, up, down, remove };
    nodes.set(v.uid, n);
    return n;
  }

  function render() {
    const p = app.policy();
    const { care: cares, levels } = app.vocabulary();
    const list = $('visits');
    const visits = app.state.visits;
    const alive = new Set(visits.map((v) => v.uid));
    for (const uid of nodes.keys()) if (!alive.has(uid)) nodes.delete(uid);
    const lis = visits.map((v, i) => {
      const n = node(v);
      const label = t.visitLegend(i + 1);
      setText(n.legend, label);
      for (const b of [n.up, n.down, n.remove]) setText(b.suffix, t.buttonFor(label));
      n.up.disabled = i === 0;
      n.down.disabled = i === visits.length - 1;
      // Options, keeping an unknown value from a link visible and selected.
      const careOpts = [];
      if (v.care === '') careOpts.push(option('', t.levelPlaceholder, true));
      for (const c of cares) careOpts.push(option(c.id, c.name, c.id === v.care));
      if (v.care !== '' && !cares.some((c) => c.id === v.care)) careOpts.push(option(v.care, t.careUnknown(v.care), true));
      fill(n.care, careOpts);
      const levelOpts = [option('', t.levelPlaceholder, v.level === '')];
      for (const l of levels) levelOpts.push(option(l.id, l.name, l.id === v.level));
      if (v.level !== '' && !levels.some((l) => l.id === v.level)) levelOpts.push(option(v.level, t.levelUnknown(v.level), true));
      fill(n.level, levelOpts);
      show(n.levelField, levelMatters(p, v.care));
      const careInfo = p && p.care.find((c) => c.care === v.care);
      const notes = careInfo ? careInfo.notes : [];
      fill(n.notes, notes.map((x) => h('li', null, x)));
      show(n.notes, notes.length > 0);
      return n.li;
    });
    // Reorder without recreating nodes, so typed values and error states stay.
    lis.forEach((li, i) => {
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
    while (list.children.length > lis.length) list.lastElementChild.remove();
    show($('visits-empty'), visits.length === 0);
  }

  /** A change to a visit's control; returns whether it changes the form's structure. */
  function input(el, uid, key) {
    const v = app.state.visits.find((x) => x.uid === Number(uid));
    if (!v) return null;
    v[key] = el.value;
    if (key === 'care' || key === 'level') {
      render();
      return 'structure';
    }
    return 'value';
  }

  /** Move up, move down, remove. */
  function action(b) {
    const visits = app.state.visits;
    const i = visits.findIndex((v) => v.uid === Number(b.dataset.uid));
    if (i < 0) return;
    const kind = b.dataset.action;
    if (kind === 'remove') {
      visits.splice(i, 1);
      render();
      const next = visits[i] || visits[i - 1];
      if (next) node(next).care.focus();
      else $('add-visit').focus();
      app.announce(t.announceRemoved(i + 1));
    } else {
      const j = kind === 'up' ? i - 1 : i + 1;
      if (j < 0 || j >= visits.length) return;
      const [v] = visits.splice(i, 1);
      visits.splice(j, 0, v);
      render();
      const n = node(v);
      const same = kind === 'up' ? n.up : n.down;
      (same.disabled ? (kind === 'up' ? n.down : n.up) : same).focus();
      app.announce(t.announceMoved(i + 1, j + 1));
    }
  }

  function add() {
    const visits = app.state.visits;
    const prev = visits[visits.length - 1];
    const known = app.vocabulary().care;
    const v = newVisit(prev && known.some((c) => c.id === prev.care) ? prev.care : known[0].id);
    visits.push(v);
    render();
    node(v).care.focus();
    app.announce(t.announceAdded(visits.length));
  }

  return { render, input, action, add };
}
