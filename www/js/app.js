// The estimator page: builds the form from the engine's policy data, keeps the scenario in the
// address bar (#s=), recomputes as the person types, and shows either the result or what to fix.
//
// Error display follows the GOV.UK error summary pattern, adapted to live update:
// * a required field that is still empty and has not been visited yet is not an error, only a
//   "still to fill in" line in the result area;
// * a bad value in the field being typed into is shown once typing pauses (0.8 s) or the field is
//   left, so a half-typed "12." does not flash red;
// * otherwise the engine's message appears in the summary at the top (role="alert") with a link to
//   the field, and inline next to the field (aria-invalid, aria-describedby);
// * focus moves to the summary only after a deliberate action: pressing Enter in a field, or
//   opening a link whose scenario is invalid. It never jumps while someone is typing or tabbing.
// Whenever the input is not valid, the result body is hidden: a stale figure is never on screen.

import { $, h, fill, setText, show } from './dom.js';
import { formatAmount } from './format.js';
import { decodeScenario, encodeScenario, linkPayload } from './link.js';
import { createResultView } from './result.js';
import { scheduleEditor } from './schedule.js';
import {
  CARES,
  LEVELS,
  edited,
  emptyState,
  findPolicy,
  groupChoices,
  levelMatters,
  newVisit,
  paramFilled,
  scheduleOf,
  stateFromScenario,
  tierChoices,
  toScenario,
  visibleParams,
} from './state.js';

const DEBOUNCE_MS = 150;
const TYPING_GRACE_MS = 800;

export function startApp({ api, t, policies }) {
  let state = emptyState();
  let pristine = true; // nothing entered yet and no link: the address bar is left alone
  const touched = new Set();
  const forced = new Set(); // parameters shown because the engine asked for them
  let timer = 0;
  let lastInputAt = 0;
  let lastInputId = '';
  let lastWritten = null; // the #s= payload this page last put in the address bar
  let shownError = null; // { key, target } of the error on screen
  let lastAnnounced = '';

  const form = $('form');
  const resultEl = $('result');
  const view = createResultView(t);
  const visitNodes = new Map(); // uid → { li, ...controls }
  const paramNodes = new Map(); // policyId:paramId → { box, input }
  const openGroups = new Set(); // parameter groups the person opened (kept open across re-renders)

  const policy = () => findPolicy(policies, state.policy);

  // ---------------------------------------------------------------- building blocks

  /** A labelled control with hint and an (initially hidden) inline error. */
  function field({ id, label, hints = [], control, wide = false, extraClass = '' }) {
    const hintEls = hints.filter(Boolean).map((text, i) => h('p', { class: 'hint', id: `${id}-hint${i}` }, text));
    const describedBy = hintEls.map((e) => e.id);
    if (describedBy.length) control.setAttribute('aria-describedby', describedBy.join(' '));
    control.dataset.describedby = describedBy.join(' ');
    return h(
      'div',
      { class: `field${wide ? ' wide' : ''}${extraClass ? ` ${extraClass}` : ''}`, id: `${id}-field` },
      h('label', { for: id }, label),
      hintEls,
      h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
      control,
    );
  }

  function amountInput(id, bind, value) {
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

  function withUnit(input, unit) {
    const wrap = h('div', { class: 'input-unit' }, input, h('span', { class: 'unit', 'aria-hidden': 'true' }, unit));
    return wrap;
  }

  function option(value, label, selected) {
    return h('option', { value, props: { selected } }, label);
  }

  // ---------------------------------------------------------------- section 1: policy, tier, groups

  function renderPolicy() {
    const sel = $('policy');
    const opts = [option('', t.policyPlaceholder, state.policy === '')];
    for (const p of policies) opts.push(option(p.id, p.name, p.id === state.policy));
    if (state.policy !== '' && !policy()) opts.push(option(state.policy, t.policyUnknown(state.policy), true));
    fill(sel, opts);
    sel.dataset.bind = 'policy';
    renderPolicyInfo();
    renderTiers();
    renderGroups();
  }

  function renderPolicyInfo() {
    const p = policy();
    const box = $('policy-info');
    if (!p) {
      box.replaceChildren();
      box.className = '';
      return;
    }
    box.className = 'policy-info';
    const docs = p.documents.map((d) =>
      h(
        'li',
        null,
        h('span', null, t.docTitle(d.title)),
        d.status === 'draft' ? h('span', { class: 'tag' }, t.draftTag) : null,
        h('br'),
        h('span', { class: 'hint' }, [d.number || t.docNoNumber, d.date ? `${t.docDate} ${d.date}` : ''].filter(Boolean).join(' · ')),
      ),
    );
    fill(
      box,
      h('p', { class: 'policy-summary' }, p.summary),
      p.notes.length ? h('ul', { class: 'policy-notes' }, p.notes.map((n) => h('li', null, n))) : null,
      h('details', null, h('summary', null, t.policyAbout), h('ul', { class: 'docs-list' }, docs)),
    );
  }

  function renderTiers() {
    const p = policy();
    const choices = tierChoices(p, state);
    show($('tier-field'), choices.length > 0);
    fill(
      $('tiers'),
      choices.map((c, i) => {
        const id = `tier-${i}`;
        const checked = c.id === state.tier;
        const hint = c.tier ? c.tier.description : '';
        return h(
          'div',
          { class: `choice${checked ? ' is-checked' : ''}${c.tier ? '' : ' is-foreign'}` },
          h('input', {
            type: 'radio',
            name: 'tier',
            id,
            value: c.id,
            'data-bind': 'tier',
            'aria-describedby': hint ? `${id}-hint` : null,
            props: { checked },
          }),
          h('label', { for: id }, c.tier ? c.tier.name : t.tierUnknown(c.id)),
          hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
        );
      }),
    );
  }

  function renderGroups() {
    const p = policy();
    const choices = groupChoices(p, state);
    show($('groups-field'), !!p || choices.length > 0);
    const docTitle = (id) => (p && p.documents.find((d) => d.id === id)?.title) || id;
    const items = choices.map((c, i) => {
      const id = `group-${i}`;
      const checked = state.groups.includes(c.id);
      const g = c.group;
      const name = g ? g.name : t.groupNames[c.id] || c.id;
      const hint = g ? g.definition : t.groupNames[c.id] ? t.groupOther : t.groupUnknown;
      return h(
        'div',
        { class: `choice${checked ? ' is-checked' : ''}${g ? '' : ' is-foreign'}` },
        h('input', {
          type: 'checkbox',
          id,
          value: c.id,
          'data-bind': 'group',
          'aria-describedby': `${id}-hint`,
          props: { checked },
        }),
        h('label', { for: id }, name),
        h('p', { class: 'hint', id: `${id}-hint` }, hint),
        g && g.citation && g.citation.quote
          ? h(
              'details',
              { class: 'cite' },
              h('summary', null, t.groupQuote(g.citation.clause)),
              h('blockquote', null, g.citation.quote),
              h('p', { class: 'hint' }, `${t.citationFrom}${t.docTitle(docTitle(g.citation.doc))}`),
            )
          : null,
      );
    });
    if (p && !p.groups.length) items.unshift(h('p', { class: 'hint' }, t.groupsNone));
    fill($('groups'), items);
  }

  // ---------------------------------------------------------------- section 2: visits

  function visitNode(v) {
    let n = visitNodes.get(v.uid);
    if (n) return n;
    const id = (k) => `visit-${v.uid}-${k}`;
    const care = h('select', { id: id('care'), name: id('care'), 'data-bind': `visit:${v.uid}:care` });
    const level = h('select', { id: id('level'), name: id('level'), 'data-bind': `visit:${v.uid}:level` });
    const total = amountInput(id('total'), `visit:${v.uid}:total`, v.total);
    const excluded = amountInput(id('excluded'), `visit:${v.uid}:excluded`, v.excluded);
    const basicPaid = amountInput(id('basic_paid'), `visit:${v.uid}:basic_paid`, v.basic_paid);
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
        field({ id: id('total'), label: t.totalLabel, hints: [t.totalHint], control: withUnit(total, t.unitYuan), extraClass: 'amount-field' }),
        field({ id: id('excluded'), label: `${t.excludedLabel}`, hints: [t.excludedHint], control: withUnit(excluded, t.unitYuan), extraClass: 'amount-field' }),
        field({ id: id('basic_paid'), label: t.basicPaidLabel, hints: [t.basicPaidHint], control: withUnit(basicPaid, t.unitYuan), wide: true }),
      ),
      h('div', { class: 'visit-tools' }, up, down, remove),
    );
    // field() set aria-describedby on the wrapper; move it to the inputs themselves.
    for (const input of [total, excluded, basicPaid]) {
      const wrap = input.parentElement;
      input.setAttribute('aria-describedby', wrap.getAttribute('aria-describedby'));
      input.dataset.describedby = wrap.dataset.describedby;
      wrap.removeAttribute('aria-describedby');
      delete wrap.dataset.describedby;
    }
    n = { li: h('li', { class: 'visit-item' }, fieldset), legend, care, level, levelField, notes, up, down, remove };
    visitNodes.set(v.uid, n);
    return n;
  }

  function renderVisits() {
    const p = policy();
    const list = $('visits');
    const alive = new Set(state.visits.map((v) => v.uid));
    for (const uid of visitNodes.keys()) if (!alive.has(uid)) visitNodes.delete(uid);
    const nodes = state.visits.map((v, i) => {
      const n = visitNode(v);
      const label = t.visitLegend(i + 1);
      setText(n.legend, label);
      for (const b of [n.up, n.down, n.remove]) setText(b.suffix, t.buttonFor(label));
      n.up.disabled = i === 0;
      n.down.disabled = i === state.visits.length - 1;
      // Care options (keeping an unknown value from a link visible and selected).
      const careOpts = [];
      if (v.care === '') careOpts.push(option('', t.levelPlaceholder, true));
      for (const c of CARES) careOpts.push(option(c, t.careNames[c], c === v.care));
      if (v.care !== '' && !CARES.includes(v.care)) careOpts.push(option(v.care, t.careUnknown(v.care), true));
      fill(n.care, careOpts);
      const levelOpts = [option('', t.levelPlaceholder, v.level === '')];
      for (const l of LEVELS) levelOpts.push(option(String(l), t.levelNames[l], String(l) === v.level));
      if (v.level !== '' && !['1', '2', '3'].includes(v.level)) levelOpts.push(option(v.level, t.levelUnknown(v.level), true));
      fill(n.level, levelOpts);
      show(n.levelField, levelMatters(p, v.care));
      const careInfo = p && p.care.find((c) => c.care === v.care);
      const notes = careInfo ? careInfo.notes : [];
      fill(n.notes, notes.map((x) => h('li', null, x)));
      show(n.notes, notes.length > 0);
      return n.li;
    });
    // Reorder without recreating nodes, so typed values and error states stay.
    nodes.forEach((li, i) => {
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
    while (list.children.length > nodes.length) list.lastElementChild.remove();
    show($('visits-empty'), state.visits.length === 0);
  }

  // ---------------------------------------------------------------- section 3: local parameters

  /** The band table of a schedule parameter, rebuilt when a band is added or removed. */
  function scheduleNode(p, param) {
    const key = `${p.id}:${param.id}`;
    let n = paramNodes.get(key);
    if (n && n.bands === scheduleOf(state, param.id).bands.length) return n;
    const id = `param-${param.id}`;
    const s = scheduleOf(state, param.id);
    const source = param.source || t.paramSource;
    const meaning = (param.meaning || '').replace(`${source}。`, '').replace(source, '');
    const hints = [source, meaning, t.scheduleHint];
    const box = h(
      'fieldset',
      { class: 'field param schedule', id: `${id}-field` },
      h('legend', { id: `${id}-legend` }, param.label),
      hints.filter(Boolean).map((x, i) => h('p', { class: 'hint', id: `${id}-hint${i}` }, x)),
      h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
      scheduleEditor({ id: param.id, s, t, field, amountInput, withUnit }),
    );
    // Inputs inside carry their own hints; move each wrapper's description to its input.
    for (const input of box.querySelectorAll('input.amount')) {
      const wrap = input.parentElement;
      if (wrap.getAttribute('aria-describedby')) {
        input.setAttribute('aria-describedby', wrap.getAttribute('aria-describedby'));
        input.dataset.describedby = wrap.dataset.describedby;
        wrap.removeAttribute('aria-describedby');
        delete wrap.dataset.describedby;
      }
    }
    n = { box, input: box.querySelector('input'), bands: s.bands.length };
    paramNodes.set(key, n);
    return n;
  }

  function paramNode(p, param) {
    if (param.unit === 'schedule') return scheduleNode(p, param);
    const key = `${p.id}:${param.id}`;
    let n = paramNodes.get(key);
    if (n) return n;
    const id = `param-${param.id}`;
    const value = state.params[param.id] ?? '';
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
      control = param.unit === 'yuan' ? withUnit(input, t.unitYuan) : withUnit(input, t.paramUnitRatio);
    }
    const source = param.source || t.paramSource;
    const meaning = (param.meaning || '').replace(`${source}。`, '').replace(source, '');
    // A layer parameter's "when absent" is the whole group's, so the group says it once.
    const absent = param.when_absent && param.need !== 'layer' ? `${t.paramsOptionalHint}${param.when_absent}` : '';
    const hints = [source, meaning, absent];
    const box = field({ id, label: param.label, hints, control, extraClass: 'param' });
    if (control !== input) {
      input.setAttribute('aria-describedby', control.getAttribute('aria-describedby'));
      input.dataset.describedby = control.dataset.describedby;
      control.removeAttribute('aria-describedby');
      delete control.dataset.describedby;
    }
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
    paramNodes.set(key, n);
    return n;
  }

  function renderParams() {
    const p = policy();
    const section = $('params-section');
    const shown = visibleParams(p, state, forced);
    show(section, shown.length > 0);
    if (!shown.length) {
      $('params').replaceChildren();
      return;
    }
    const groups = new Map();
    const add = (key, make, param) => {
      if (!groups.has(key)) groups.set(key, { make, params: [] });
      groups.get(key).params.push(param);
    };
    for (const param of shown) {
      if (param.need === 'always') add('always', () => ({ legend: t.paramsAlways }), param);
      else if (param.need === 'when_used') {
        const care = t.careNames[param.care] || param.care;
        add(`basic:${param.care}`, () => ({ legend: t.paramsBasic(care), hint: t.paramsBasicHint(care) }), param);
      } else {
        const layer = param.layer;
        add(`layer:${layer}`, () => ({ legend: t.paramsLayer[layer] || layer, collapsible: true }), param);
      }
    }
    const order = (k) => (k === 'always' ? 0 : k.startsWith('basic:') ? 1 + CARES.indexOf(k.slice(6)) : 10);
    const keys = [...groups.keys()].sort((a, b) => order(a) - order(b));
    const focused = document.activeElement;
    const out = keys.map((k) => {
      const g = groups.get(k);
      const info = g.make();
      const boxes = g.params.map((param) => paramNode(p, param).box);
      if (info.collapsible) {
        const layerParam = g.params.find((x) => x.need === 'layer');
        const hasValue = g.params.some((x) => paramFilled(state, x.id) || forced.has(x.id));
        const gid = `params-${k.replace(':', '-')}`;
        const d = h(
          'details',
          { class: 'param-group', id: gid, props: { open: hasValue || openGroups.has(gid) } },
          h('summary', { id: `${gid}-summary` }, info.legend),
          layerParam ? h('p', { class: 'hint' }, t.paramsLayerHint(layerParam.when_absent || '')) : null,
          boxes,
        );
        return d;
      }
      return h(
        'fieldset',
        { class: 'param-group', id: `params-${k.replace(':', '-')}` },
        h('legend', null, info.legend),
        info.hint ? h('p', { class: 'hint' }, info.hint) : null,
        boxes,
      );
    });
    fill($('params'), out);
    if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus();
  }

  function renderAll() {
    renderPolicy();
    renderVisits();
    renderParams();
  }

  // ---------------------------------------------------------------- input handling

  function visitByUid(uid) {
    return state.visits.find((v) => v.uid === Number(uid));
  }

  function onInput(e) {
    const el = e.target;
    const bind = el.dataset && el.dataset.bind;
    if (!bind) return;
    // While an input method is composing (e.g. pinyin), wait for the composed text.
    if (e.isComposing) return;
    pristine = false;
    const [kind, a, b] = bind.split(':');
    edited(state, kind, a, b);
    let structural = false;
    if (kind === 'policy') {
      if (state.policy === el.value) return;
      state.policy = el.value;
      const p = policy();
      if (p && !p.tiers.some((x) => x.id === state.tier)) state.tier = p.tiers[0] ? p.tiers[0].id : undefined;
      forced.clear();
      renderPolicy();
      renderVisits();
      renderParams();
    } else if (kind === 'tier') {
      state.tier = el.value;
      for (const c of $('tiers').children) c.classList.toggle('is-checked', c.querySelector('input').checked);
      structural = true;
    } else if (kind === 'group') {
      const has = state.groups.includes(el.value);
      if (el.checked && !has) state.groups.push(el.value);
      if (!el.checked && has) state.groups = state.groups.filter((g) => g !== el.value);
      el.parentElement.classList.toggle('is-checked', el.checked);
      renderParams();
      structural = true;
    } else if (kind === 'param') {
      state.params[a] = el.value;
    } else if (kind === 'paramNone') {
      const input = $(`param-${a}`);
      input.disabled = el.checked;
      state.params[a] = el.checked ? 'none' : input.value;
      structural = true;
    } else if (kind === 'sched') {
      const sch = scheduleOf(state, a);
      if (b === 'deductible' || b === 'cap') sch[b] = el.value;
      else if (b === 'capNone') {
        sch.capNone = el.checked;
        $(`param-${a}-cap`).disabled = el.checked;
        structural = true;
      } else if (b.startsWith('band.')) {
        const [, i, k] = b.split('.');
        if (sch.bands[Number(i)]) sch.bands[Number(i)][k] = el.value;
      }
    } else if (kind === 'visit') {
      const v = visitByUid(a);
      if (!v) return;
      const before = v[b];
      v[b] = el.value;
      if (b === 'care' || b === 'level') {
        renderVisits();
        renderParams();
        structural = true;
      } else if (b === 'basic_paid' && (before.trim() === '') !== (el.value.trim() === '')) {
        renderParams();
      }
    }
    if (el.tagName === 'INPUT' && el.type === 'text') {
      touched.add(el.id);
      lastInputAt = Date.now();
      lastInputId = el.id;
      schedule(DEBOUNCE_MS);
    } else {
      touched.add(el.id);
      schedule(structural || kind === 'policy' ? 0 : DEBOUNCE_MS);
    }
  }

  /** After a link or Enter, every field on screen counts as visited (fields added later do not). */
  function touchAll() {
    for (const el of form.querySelectorAll('input[id], select[id]')) touched.add(el.id);
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(() => compute(), ms);
  }

  form.addEventListener('input', onInput);
  form.addEventListener('compositionend', onInput);
  form.addEventListener('change', (e) => {
    const el = e.target;
    if (el.tagName === 'INPUT' && el.type === 'text') {
      // Committed by leaving the field: show what is wrong with it now.
      touched.add(el.id);
      lastInputAt = 0;
      schedule(0);
    }
    // Selects, radios and checkboxes were handled by their "input" event.
  });
  form.addEventListener('focusout', (e) => {
    const el = e.target;
    if (!el.id || !(el.tagName === 'INPUT' || el.tagName === 'SELECT')) return;
    touched.add(el.id);
    if (el.id === lastInputId) lastInputAt = 0;
    // Leaving a field ends its grace period: show now whatever is wrong with it.
    if (!pristine && resultEl.dataset.state !== 'ok') schedule(0);
  });
  form.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.isComposing) return;
    const el = e.target;
    if (el.tagName !== 'INPUT' || el.type !== 'text') return;
    // Enter is the "submit" of a form without a submit button: show everything that is wrong
    // and take the person to the summary.
    e.preventDefault();
    pristine = false;
    touchAll();
    lastInputAt = 0;
    compute({ commit: true });
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  // "toggle" does not bubble; listen in the capture phase.
  form.addEventListener(
    'toggle',
    (e) => {
      const d = e.target;
      if (!d.classList || !d.classList.contains('param-group')) return;
      if (d.open) openGroups.add(d.id);
      else openGroups.delete(d.id);
    },
    true,
  );

  form.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]');
    if (!b) return;
    if (b.dataset.action === 'band-add' || b.dataset.action === 'band-remove') {
      bandAction(b);
      return;
    }
    const i = state.visits.findIndex((v) => v.uid === Number(b.dataset.uid));
    if (i < 0) return;
    pristine = false;
    edited(state, 'visits');
    const action = b.dataset.action;
    if (action === 'remove') {
      state.visits.splice(i, 1);
      renderVisits();
      renderParams();
      const next = state.visits[i] || state.visits[i - 1];
      if (next) visitNode(next).care.focus();
      else $('add-visit').focus();
      announce(t.announceRemoved(i + 1));
    } else {
      const j = action === 'up' ? i - 1 : i + 1;
      if (j < 0 || j >= state.visits.length) return;
      const [v] = state.visits.splice(i, 1);
      state.visits.splice(j, 0, v);
      renderVisits();
      const n = visitNode(v);
      const same = action === 'up' ? n.up : n.down;
      (same.disabled ? (action === 'up' ? n.down : n.up) : same).focus();
      announce(t.announceMoved(i + 1, j + 1));
    }
    schedule(0);
  });

  /** Adds or removes a band of a schedule parameter, keeping focus in the table. */
  function bandAction(b) {
    pristine = false;
    const id = b.dataset.param;
    edited(state, 'sched', id);
    const sch = scheduleOf(state, id);
    const bandLabel = (n) => t.scheduleBand(n);
    if (b.dataset.action === 'band-add') {
      sch.bands.push({ upto: '', ratio: '' });
      renderParams();
      $(`param-${id}-band-${sch.bands.length - 1}-upto`).focus();
      announce(t.announceBandAdded(bandLabel(sch.bands.length)));
    } else {
      const i = Number(b.dataset.index);
      if (sch.bands.length <= 1 || !sch.bands[i]) return;
      sch.bands.splice(i, 1);
      renderParams();
      const next = Math.min(i, sch.bands.length - 1);
      $(`param-${id}-band-${next}-upto`).focus();
      announce(t.announceBandRemoved(bandLabel(i + 1)));
    }
    schedule(0);
  }

  $('add-visit').addEventListener('click', () => {
    pristine = false;
    edited(state, 'visits');
    const v = newVisit();
    const prev = state.visits[state.visits.length - 1];
    if (prev && CARES.includes(prev.care)) v.care = prev.care;
    state.visits.push(v);
    renderVisits();
    renderParams();
    visitNode(v).care.focus();
    announce(t.announceAdded(state.visits.length));
    schedule(0);
  });

  $('copy-link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      announce(t.copied, true);
    } catch {
      announce(t.copyFailed, true);
    }
  });

  // In-page links (#id) move focus to their target without touching the #s= link in the address bar.
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#"]');
    if (!a || a.getAttribute('href').startsWith('#s=')) return;
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    const target = document.getElementById(id);
    if (!target) return;
    e.preventDefault();
    focusField(target);
  });

  function focusField(el) {
    for (let d = el.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
    const box = el.closest('.field') || el;
    if (el.tabIndex < 0 && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(el.tagName)) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
    box.scrollIntoView({ block: 'start' });
  }

  const live = $('live');
  const copyNote = h('p', { class: 'hint', role: 'status' });
  $('copy-link').parentElement.after(copyNote);
  let pendingNote = ''; // an action's announcement, to be joined with the update it causes
  function announce(text, visible = false) {
    if (visible) {
      copyNote.textContent = text;
      return;
    }
    pendingNote = text;
    live.textContent = text;
  }

  // ---------------------------------------------------------------- compute and show

  function compute({ commit = false, fromLink = false } = {}) {
    clearTimeout(timer);
    performance.mark('yibao:recompute-start');
    const { scenario, fields } = toScenario(state, policies, forced);
    const payload = encodeScenario(scenario);
    if (!pristine && lastWritten !== payload) {
      lastWritten = payload;
      syncAddress(payload);
    }
    let result = null;
    let error = null;
    try {
      result = api.estimate(scenario);
    } catch (e) {
      error = e;
    }
    if (result) showResult(result, scenario, payload);
    else if (!showError(error, fields, { commit, fromLink })) return compute({ commit, fromLink });
    performance.measure('yibao:recompute', 'yibao:recompute-start');
  }

  /**
   * Puts the link in the address bar once the new result is on screen: replaceState costs
   * Chromium several milliseconds, which should not delay the figures.
   */
  let addressTimer = 0;
  function syncAddress(payload) {
    clearTimeout(addressTimer);
    addressTimer = setTimeout(() => {
      try {
        if (location.hash !== `#s=${payload}`) history.replaceState(history.state, '', `#s=${payload}`);
      } catch {
        // Some sandboxed embeddings forbid it; the estimate itself still works.
      }
    }, 30);
  }

  function setState(s, payload = '') {
    resultEl.dataset.state = s;
    resultEl.dataset.for = payload;
    show($('result-body'), s === 'ok');
    if (s !== 'ok') view.clear();
    if (s !== 'incomplete') {
      show($('result-todo'), false);
      delete $('result-todo').dataset.key;
    }
    const status = { empty: t.resultIntro, ok: t.resultCurrent, incomplete: t.resultIncomplete, error: t.resultInvalid, typing: t.resultTyping }[s];
    setText($('result-status'), status);
  }

  function showResult(result, scenario, payload) {
    clearError();
    view.draw(result, scenario);
    setState('ok', payload);
    const msg = t.announceUpdated(formatAmount(result.out_of_pocket, t.unitYuan));
    if (msg !== lastAnnounced || pendingNote) {
      lastAnnounced = msg;
      live.textContent = pendingNote + msg;
      pendingNote = '';
    }
  }

  /** Resolves an error's field path to a control id, most specific first. */
  function resolve(path, fields) {
    let p = path || '';
    while (p) {
      if (fields[p] && $(fields[p])) return fields[p];
      const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) break;
      p = p.slice(0, cut);
    }
    return fields[p] && $(fields[p]) ? fields[p] : null;
  }

  /** Returns false when the form had to change (a parameter field added) and compute must rerun. */
  function showError(e, fields, { commit, fromLink }) {
    if (!e || typeof e.code !== 'string') {
      // Not an input error: the engine itself failed. Show it rather than a stale figure.
      console.error(e);
      renderError({ code: 'internal', field: '', message: String((e && e.message) || e) }, null, commit || fromLink);
      return true;
    }
    const p = policy();
    // Every missing parameter at once (the engine lists them all): each gets a field.
    const missing = e.code === 'missing_param' && Array.isArray(e.missing) && e.missing.length ? e.missing : [{ field: e.field, message: e.message }];
    let added = false;
    for (const m of missing) {
      if (fields[m.field] || !m.field.startsWith('params.') || !p) continue;
      const id = m.field.slice('params.'.length);
      if (p.params.some((x) => x.id === id) && !forced.has(id)) {
        forced.add(id);
        added = true;
      }
    }
    if (added) {
      renderParams();
      return false;
    }
    const target = resolve(e.field, fields);
    const el = target && $(target);
    lastAnnounced = '';
    const gentle = (tgt) => {
      const c = tgt && $(tgt);
      const isValueControl = c && (c.tagName === 'SELECT' || (c.tagName === 'INPUT' && c.type === 'text'));
      return isValueControl && c.value.trim() === '' && !touched.has(tgt);
    };
    const targets = missing.map((m) => resolve(m.field, fields));
    if (targets.every(gentle) && !commit && !fromLink && e.code !== 'invalid_json') {
      // Fields still to fill in that nobody has visited yet: a to-do list, not an error.
      clearError();
      setState('incomplete');
      const todo = $('result-todo');
      const labels = targets.map((tgt) => `${tgt}|${labelFor($(tgt))}`);
      // Re-render only on change: replacing a link under the pointer would swallow its click.
      if (todo.dataset.key !== labels.join('\n')) {
        todo.dataset.key = labels.join('\n');
        fill(todo, targets.map((tgt) => h('li', null, h('a', { href: `#${tgt}` }, labelFor($(tgt))))));
      }
      show(todo, true);
      return true;
    }
    const typing = el && el === document.activeElement && target === lastInputId && Date.now() - lastInputAt < TYPING_GRACE_MS && !commit;
    if (typing) {
      // Still typing into the faulty field: keep an error already shown for it, but do not raise a
      // new one until typing pauses or the field is left.
      const key = `${e.code}|${e.field}|${e.message}`;
      if (shownError && shownError.key === key && shownError.target === target) {
        setState('error');
      } else {
        clearError();
        setState('typing');
        schedule(TYPING_GRACE_MS - (Date.now() - lastInputAt) + 10);
      }
      return true;
    }
    renderError(e, target, commit || fromLink, missing.length > 1 ? missing.map((m) => ({ ...m, target: resolve(m.field, fields) })) : null);
    return true;
  }

  function labelFor(el) {
    const label = el.id && document.querySelector(`label[for="${el.id}"]`);
    if (label) return label.textContent;
    const fs = el.closest('fieldset');
    const legend = fs && fs.querySelector('legend');
    return legend ? legend.textContent : el.textContent;
  }

  /** The error summary and inline messages; `list` holds every missing parameter at once. */
  function renderError(e, target, moveFocus, list = null) {
    const items = list || [{ message: e.message, target }];
    const key = `${e.code}|${e.field}|${items.map((x) => x.message).join('|')}`;
    setState('error');
    if (!shownError || shownError.key !== key || shownError.target !== target) {
      clearError();
      fill(
        $('error-list'),
        items.map((x) => h('li', null, x.target ? h('a', { href: `#${x.target}` }, x.message) : x.message)),
      );
      show($('error-summary'), true);
      for (const x of items) if (x.target) markField(x.target, x.message);
      shownError = { key, target };
    }
    if (moveFocus) $('error-summary').focus();
  }

  /** Inline message next to the control (or its group), wired up with aria-invalid/-describedby. */
  function markField(target, message) {
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
    shownErrorEls.push({ el, msg, box, holder });
  }

  let shownErrorEls = [];
  function clearError() {
    for (const { el, msg, box, holder } of shownErrorEls) {
      msg.hidden = true;
      msg.textContent = '';
      if (box) box.classList.remove('has-error');
      el.removeAttribute('aria-invalid');
      const base = holder.dataset.describedby;
      if (base) holder.setAttribute('aria-describedby', base);
      else holder.removeAttribute('aria-describedby');
    }
    shownErrorEls = [];
    if (!$('error-summary').hidden) {
      show($('error-summary'), false);
      $('error-list').replaceChildren();
    }
    shownError = null;
  }

  // ---------------------------------------------------------------- links

  function loadFromLocation() {
    const payload = linkPayload(location.hash);
    if (payload === null || payload === lastWritten) return false;
    let sc;
    try {
      sc = decodeScenario(payload);
    } catch {
      clearError();
      fill($('error-list'), h('li', null, t.badLink));
      show($('error-summary'), true);
      shownError = { key: 'bad-link', target: null };
      $('error-summary').focus();
      return true;
    }
    state = stateFromScenario(sc);
    const p = policy();
    if (p && state.tier === undefined && p.tiers[0]) state.tier = p.tiers[0].id;
    lastWritten = null;
    pristine = false;
    forced.clear();
    clearError();
    renderAll();
    touchAll();
    compute({ fromLink: true });
    return true;
  }

  window.addEventListener('hashchange', () => loadFromLocation());

  // ---------------------------------------------------------------- start

  renderAll();
  if (!loadFromLocation()) compute();
  return { compute };
}
