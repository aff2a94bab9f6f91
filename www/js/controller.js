// Owns the page's state and its compute loop: it keeps what the person typed, recomputes as they
// type, keeps the scenario in the address bar (#s=), and hands each section what it draws. The
// sections own their parts of the form (policy, visits, parameters), the error display and the
// result; the engine owns every rule, every name and every sentence.
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

import { $, h, setText, show } from './dom.js';
import { formatAmount } from './format.js';
import { decodeScenario, encodeScenario, linkPayload } from './link.js';
import { createResultView } from './result.js';
import { createErrorsSection } from './sections/errors.js';
import { createParamsSection } from './sections/params.js';
import { createPolicySection } from './sections/policy.js';
import { createVisitsSection } from './sections/visits.js';
import { edited, emptyState, findPolicy, newVisit, stateFromScenario, toScenario } from './state.js';

const DEBOUNCE_MS = 150;
// The rules' version (build-site.mjs): every link carries it as `rules`, so that a link opened
// under other rules says so (docs/CONTRACT.md).
const RULES = (document.querySelector('meta[name="yibao-rules"]') || {}).content || '';
const TYPING_GRACE_MS = 800;

export function startApp({ api, t, policies, loadFull, langOptions }) {
  // The engine estimates are asked of, and its options: the resident's build at first; an
  // agency's parameter set or policy file switches to a build that reads them (useEngine).
  let engine = api;
  let engineOptions;
  // Every call to the engine is in the page's language (its sentences, names and messages).
  const callOptions = () => (langOptions ? { ...engineOptions, ...langOptions } : engineOptions);
  let pristine = true; // nothing entered yet and no link: the address bar is left alone
  const touched = new Set();
  let timer = 0;
  let lastInputAt = 0;
  let lastInputId = '';
  let lastWritten = null; // the #s= payload this page last put in the address bar
  let lastAnnounced = '';

  // What every section reads: the state, the policies, and a few shared actions.
  const app = {
    state: emptyState(),
    policies,
    fixedPolicy: null,
    policy: () => findPolicy(app.policies, app.state.policy),
    // The same vocabulary comes with every policy; before one is chosen, the first one's.
    vocabulary: () => (app.policy() || app.policies[0]).vocabulary,
    announce,
  };
  const form = $('form');
  const resultEl = $('result');
  const policy = createPolicySection({ t, app });
  const visits = createVisitsSection({ t, app });
  const params = createParamsSection({ t, app });
  const errors = createErrorsSection({ t });
  // The steps come from a build with the explanation: the current engine if it has one (an
  // agency's), else the full build, loaded on first opening.
  const stepsEngine = async () => ({ api: engine.explainText ? engine : await loadFull(), options: callOptions() });
  const view = createResultView(t, { vocabulary: app.vocabulary, stepsEngine });

  // The tier comparison and the cost curve (decide.js): loaded, with the full engine, when one of
  // their panels is first opened; recomputed after each result only while open.
  let decide = null;
  for (const d of [$('compare'), $('curve')]) {
    d.addEventListener('toggle', async () => {
      if (!d.open) return;
      if (!decide) {
        const m = await import('./decide.js');
        decide = decide || m.createDecide({ app, full: async () => (engine.compareTiers ? engine : null), engineOptions: callOptions, addVisit: addVisitAt, words: t.decide });
      }
      decide.update(view.current && view.current.scenario);
    });
  }

  /** A visit added from the cost curve, at the cost the person chose there. */
  function addVisitAt({ care, level, total }, message) {
    pristine = false;
    edited(app.state, 'visits');
    const v = newVisit(care);
    v.level = level ? String(level) : '';
    v.total = String(total);
    app.state.visits.push(v);
    visits.render();
    announce(message);
    schedule(0);
  }

  function renderAll() {
    policy.render();
    visits.render();
    params.render([]);
  }

  // ---------------------------------------------------------------- input handling

  function onInput(e) {
    const el = e.target;
    const bind = el.dataset && el.dataset.bind;
    if (!bind) return;
    // While an input method is composing (e.g. pinyin), wait for the composed text.
    if (e.isComposing) return;
    pristine = false;
    const [kind, a, b] = bind.split(':');
    edited(app.state, kind, a, b);
    let change;
    if (kind === 'policy' || kind === 'tier' || kind === 'group') change = policy.input(el, kind);
    else if (kind === 'visit') change = visits.input(el, a, b);
    else change = params.input(el, kind, a, b);
    if (change === null) return;
    if (change === 'policy') {
      params.reset();
      visits.render();
      params.render([]);
    }
    touched.add(el.id);
    if (el.tagName === 'INPUT' && el.type === 'text') {
      lastInputAt = Date.now();
      lastInputId = el.id;
      schedule(DEBOUNCE_MS);
    } else {
      schedule(change === 'value' ? DEBOUNCE_MS : 0);
    }
  }

  /** After a link or Enter, every field on screen counts as visited (fields added later do not). */
  function touchAll() {
    for (const x of form.querySelectorAll('input[id], select[id]')) touched.add(x.id);
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
  form.addEventListener('toggle', (e) => params.toggled(e.target), true);

  form.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]');
    if (!b) return;
    pristine = false;
    const kind = b.dataset.action;
    if (kind === 'band-add' || kind === 'band-remove') {
      edited(app.state, 'sched', b.dataset.param);
      if (params.bandAction(b)) schedule(0);
      return;
    }
    edited(app.state, 'visits');
    visits.action(b);
    schedule(0);
  });

  $('add-visit').addEventListener('click', () => {
    pristine = false;
    edited(app.state, 'visits');
    visits.add();
    schedule(0);
  });

  // Print: the summary on one A4 page, with the steps and their clauses (loaded first), the
  // rules' version, the date and the link (app.css, @media print).
  $('print').addEventListener('click', async () => {
    await view.ensureSteps();
    setText($('print-rules'), RULES);
    setText($('print-date'), new Date().toISOString().slice(0, 10));
    setText($('print-link'), location.href);
    window.print();
  });

  // The visits table as CSV, for help-desk records: the engine's amounts, the vocabulary's names.
  $('download-csv').addEventListener('click', () => {
    const text = view.csv();
    if (!text) return;
    const url = URL.createObjectURL(new Blob([`\ufeff${text}`], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: t.csvFile, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    announce(t.csvDownloaded, true);
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
    const target = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
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

  /** The scenario the form holds, and its link payload (with the rules' version). */
  function current() {
    const { scenario } = toScenario(app.state, app.policies);
    return { scenario, payload: encodeScenario(RULES ? { ...scenario, rules: RULES } : scenario) };
  }

  function compute({ commit = false, fromLink = false } = {}) {
    clearTimeout(timer);
    performance.mark('yibao:recompute-start');
    const { scenario, payload } = current();
    if (!pristine && lastWritten !== payload) {
      lastWritten = payload;
      syncAddress(payload);
    }
    let result = null;
    let error = null;
    try {
      result = engine.estimate(scenario, callOptions());
    } catch (e) {
      error = e;
    }
    if (result) showResult(result, scenario, payload);
    else showError(error, scenario, { commit, fromLink });
    performance.measure('yibao:recompute', 'yibao:recompute-start');
  }

  /**
   * Puts the link in the address bar once the new result is on screen: replaceState costs
   * Chromium several milliseconds, which should not delay the figures.
   */
  let addressTimer = 0;
  function syncAddress(payload) {
    clearTimeout(addressTimer);
    // A link opened meanwhile (a new hash, its hashchange still to come) wins over this update.
    const before = location.hash;
    addressTimer = setTimeout(() => {
      if (location.hash === before) writeAddress(payload);
    }, 30);
  }

  function writeAddress(payload) {
    try {
      if (location.hash !== `#s=${payload}`) history.replaceState(history.state, '', `#s=${payload}`);
    } catch {
      // Some sandboxed embeddings forbid it; the estimate itself still works.
    }
  }

  function setState(s, payload = '') {
    resultEl.dataset.state = s;
    resultEl.dataset.for = payload;
    show($('result-body'), s === 'ok');
    if (s !== 'ok') {
      view.clear();
      if (decide) decide.clear();
    }
    if (s !== 'incomplete') errors.clearTodo();
    const status = { empty: t.resultIntro, ok: t.resultCurrent, incomplete: t.resultIncomplete, error: t.resultInvalid, typing: t.resultTyping }[s];
    setText($('result-status'), status);
  }

  function showResult(result, scenario, payload) {
    errors.clear();
    params.render(result.needs);
    view.draw(result, scenario);
    setState('ok', payload);
    if (decide) decide.update(scenario);
    const msg = t.announceUpdated(formatAmount(result.out_of_pocket, t.unitYuan));
    if (msg !== lastAnnounced || pendingNote) {
      lastAnnounced = msg;
      live.textContent = pendingNote + msg;
      pendingNote = '';
    }
  }

  /** The parameters the engine asks for, with every one its error names (missing ones first). */
  function neededFor(e, missing) {
    const needs = Array.isArray(e.needs) ? e.needs.slice() : [];
    for (const m of missing) {
      const id = Array.isArray(m.path) && m.path[0] === 'params' && typeof m.path[1] === 'string' ? m.path[1] : null;
      if (id && !needs.some((n) => n.param === id)) needs.push({ param: id, required: true, given: false, why: '' });
    }
    return needs;
  }

  function showError(e, scenario, { commit, fromLink }) {
    if (!e || typeof e.code !== 'string') {
      // Not an input error: the engine itself failed. Show it rather than a stale figure.
      console.error(e);
      setState('error');
      errors.render({ code: 'internal', field: '' }, [{ message: String((e && e.message) || e), target: null }], commit || fromLink);
      return;
    }
    // Every missing parameter at once (the engine lists them all), each with its field.
    const missing = e.code === 'missing_param' && Array.isArray(e.missing) && e.missing.length ? e.missing : [{ field: e.field, path: e.path, message: e.message }];
    params.render(neededFor(e, missing));
    const { fields } = toScenario(app.state, app.policies);
    const targets = missing.map((m) => errors.resolve(m.path, fields));
    lastAnnounced = '';
    const gentle = (x) => {
      const c = x && $(x);
      const isValueControl = c && (c.tagName === 'SELECT' || (c.tagName === 'INPUT' && c.type === 'text'));
      return isValueControl && c.value.trim() === '' && !touched.has(x);
    };
    if (targets.every(gentle) && !commit && !fromLink && e.code !== 'invalid_json') {
      // Fields still to fill in that nobody has visited yet: a to-do list, not an error.
      setState('incomplete');
      errors.todo(targets);
      return;
    }
    const target = targets[0];
    const el = target && $(target);
    const typing = el && el === document.activeElement && target === lastInputId && Date.now() - lastInputAt < TYPING_GRACE_MS && !commit;
    if (typing) {
      // Still typing into the faulty field: keep an error already shown for it, but do not raise a
      // new one until typing pauses or the field is left.
      if (errors.isShown(e, target)) {
        setState('error');
      } else {
        errors.clear();
        setState('typing');
        schedule(TYPING_GRACE_MS - (Date.now() - lastInputAt) + 10);
      }
      return;
    }
    setState('error');
    errors.render(e, missing.map((m, i) => ({ message: m.message, target: targets[i] })), commit || fromLink);
  }

  // ---------------------------------------------------------------- links

  /**
   * Opens the scenario of the link in the address, if there is one: false when there is none (or
   * it is the one just written), else true. At start (`startup`), nothing has been drawn yet, and
   * a link that reads is left for `start` to estimate: it returns 'link' instead.
   */
  function loadFromLocation({ startup = false } = {}) {
    const payload = linkPayload(location.hash);
    if (payload === null || payload === lastWritten) return false;
    let sc;
    try {
      sc = decodeScenario(payload);
    } catch {
      if (startup) renderAll();
      errors.plain(t.badLink);
      return true;
    }
    // The rules the link was made under: said plainly when they are not today's; the link then
    // carries today's, as the figures on screen are today's.
    const then = sc && typeof sc === 'object' && !Array.isArray(sc) ? sc.rules : undefined;
    if (then !== undefined) delete sc.rules;
    const changed = then !== undefined && String(then) !== RULES;
    setText($('rules-changed'), changed ? t.rulesChanged(String(then), RULES) : '');
    show($('rules-changed'), changed);
    app.state = stateFromScenario(sc);
    if (app.fixedPolicy) app.state.policy = app.fixedPolicy;
    const p = app.policy();
    if (p && app.state.tier === undefined && p.tiers[0]) app.state.tier = p.tiers[0].id;
    lastWritten = null;
    pristine = false;
    errors.clear();
    params.reset();
    renderAll();
    touchAll();
    if (startup) return 'link';
    compute({ fromLink: true });
    return true;
  }

  window.addEventListener('hashchange', () => loadFromLocation());

  // ---------------------------------------------------------------- start

  /**
   * Estimates with another build of the engine from now on (an agency's embedding): `options` go
   * with every estimate (`{ paramsSet }`), `policies` replace the list (loaded policy files), and
   * `fixedPolicy` chooses the policy and hides the picker.
   */
  function useEngine({ api: next, options, policies: list, fixedPolicy } = {}) {
    if (next) engine = next;
    if (options !== undefined) engineOptions = options;
    if (list) app.policies = list;
    if (fixedPolicy !== undefined) {
      app.fixedPolicy = fixedPolicy;
      if (fixedPolicy && app.state.policy !== fixedPolicy) {
        app.state.policy = fixedPolicy;
        const p = app.policy();
        app.state.tier = p && p.tiers[0] ? p.tiers[0].id : undefined;
        params.reset();
      }
    }
    renderAll();
    compute();
  }

  /** Puts the scenario in the address bar now (before the page reloads in another language). */
  function saveAddress() {
    if (!pristine) writeAddress(current().payload);
  }

  // The form is drawn now (into the page while it is still hidden); the first estimate is
  // `start`'s, which main.js calls in a task of its own, so that neither task is long, and then
  // shows the page with both at once (an error summary appearing above a form already on screen
  // would shift it: CLS 0.14).
  const opened = loadFromLocation({ startup: true });
  if (!opened) renderAll();
  function start() {
    if (opened === 'link') compute({ fromLink: true });
    else if (!opened) compute();
  }
  return { compute, useEngine, app, saveAddress, start };
}
