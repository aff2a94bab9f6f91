// The form's state and its translation to and from a contract scenario.
//
// The state holds exactly what the person typed or chose (amounts as typed, strings for choices),
// plus anything a link carried that the form has no control for (kept and sent back unchanged), so
// nothing is ever lost. The engine does all validation, and decides which local parameters a
// scenario needs (`needs` in every result and error); this module only gathers and knows no rule.

import { FieldMap } from './paths.js';
import { emptySchedule, scheduleFields, scheduleFilled, scheduleFromValue, scheduleValue } from './schedule.js';

const VISIT_KEYS = ['care', 'level', 'total', 'excluded', 'basic_paid'];
const TOP_KEYS = ['policy', 'tier', 'groups', 'params', 'visits'];

let nextUid = 1;

/** A fresh visit as the form starts it: the first care type, level not yet chosen, amounts empty. */
export function newVisit(care = 'inpatient') {
  return { uid: nextUid++, care, level: '', total: '', excluded: '', basic_paid: '', raw: {}, extra: {} };
}

export function emptyState() {
  return { policy: '', tier: undefined, groups: [], params: {}, schedules: {}, visits: [newVisit()], raw: {}, paramsRaw: {}, paramsExtra: {}, extra: {} };
}

/** Text shown in a control for a value from a link: strings as they are, anything else as JSON. */
function asText(v) {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
/** An amount or parameter the form would send exactly as the link has it. */
const plainText = (v) => typeof v === 'string' && v !== '' && v.trim() === v;

/**
 * The state for a scenario from a link. Every value is shown in its control. A value that the form
 * would not send back identically (a number where text belongs, surrounding spaces, an empty
 * string, a list that is not a list...) is also kept raw and sent as it came, until the person edits
 * that field: so the page computes exactly what the link says, and the engine's error, if any,
 * points at the field to correct.
 */
export function stateFromScenario(sc) {
  const st = { policy: '', tier: undefined, groups: [], params: {}, schedules: {}, visits: [], raw: {}, paramsRaw: {}, paramsExtra: {}, extra: {} };
  if (!isObject(sc)) {
    st.raw.self = sc;
    return st;
  }
  for (const [k, v] of Object.entries(sc)) {
    if (!TOP_KEYS.includes(k)) st.extra[k] = v;
  }
  if (sc.policy !== undefined && sc.policy !== null) {
    st.policy = asText(sc.policy);
    if (!plainText(sc.policy)) st.raw.policy = sc.policy;
  }
  if (sc.tier !== undefined && sc.tier !== null) {
    st.tier = asText(sc.tier);
    if (typeof sc.tier !== 'string') st.raw.tier = sc.tier;
  }
  if (sc.groups !== undefined && sc.groups !== null) {
    if (Array.isArray(sc.groups)) st.groups = [...new Set(sc.groups.map(asText))];
    if (!Array.isArray(sc.groups) || sc.groups.some((g) => typeof g !== 'string') || st.groups.length !== sc.groups.length) {
      st.raw.groups = sc.groups;
    }
  }
  if (sc.params !== undefined && sc.params !== null) {
    if (isObject(sc.params)) {
      for (const [k, v] of Object.entries(sc.params)) {
        if (v === null || v === undefined) continue;
        if (isObject(v)) {
          // A schedule (deductible, bands, cap): shown in its band table.
          const { state, exact } = scheduleFromValue(v);
          st.schedules[k] = state;
          if (!exact) st.paramsRaw[k] = v;
          continue;
        }
        st.params[k] = asText(v);
        if (!plainText(v)) st.paramsRaw[k] = v;
      }
    } else {
      st.raw.params = sc.params;
    }
  }
  if (sc.visits !== undefined && sc.visits !== null && !Array.isArray(sc.visits)) st.raw.visits = sc.visits;
  for (const o of Array.isArray(sc.visits) ? sc.visits : []) {
    const v = newVisit();
    v.care = '';
    st.visits.push(v);
    if (!isObject(o)) {
      v.rawSelf = o;
      continue;
    }
    if (o.care !== undefined && o.care !== null) {
      v.care = asText(o.care);
      if (typeof o.care !== 'string' || o.care === '') v.raw.care = o.care;
    }
    if (o.level !== undefined && o.level !== null) {
      v.level = typeof o.level === 'number' ? String(o.level) : JSON.stringify(o.level);
      if (![1, 2, 3].includes(o.level)) v.raw.level = o.level;
    }
    for (const k of ['total', 'excluded', 'basic_paid']) {
      if (o[k] === undefined || o[k] === null) continue;
      v[k] = asText(o[k]);
      if (!plainText(o[k])) v.raw[k] = o[k];
    }
    for (const [k, val] of Object.entries(o)) {
      if (!VISIT_KEYS.includes(k)) v.extra[k] = val;
    }
  }
  return st;
}

export function findPolicy(policies, id) {
  return policies.find((p) => p.id === id) || null;
}

/** Whether the policy distinguishes hospital levels for a care type (unknown policy: yes). */
export function levelMatters(policy, care) {
  if (!policy) return true;
  const c = policy.care.find((x) => x.care === care);
  return c ? c.level_matters : true;
}

/** The level as the scenario carries it: 1, 2 or 3 as numbers, anything else as typed. */
export function levelValue(text) {
  if (/^[123]$/.test(text)) return Number(text);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Whether the person (or a link) gave a value for a parameter. */
export function paramFilled(st, id) {
  if (st.schedules && st.schedules[id]) return scheduleFilled(st.schedules[id]) || Object.prototype.hasOwnProperty.call(st.paramsRaw, id);
  return (st.params[id] ?? '').trim() !== '' || Object.prototype.hasOwnProperty.call(st.paramsRaw, id);
}

/** The schedule state of a parameter, created empty on first use. */
export function scheduleOf(st, id) {
  if (!st.schedules[id]) st.schedules[id] = emptySchedule();
  return st.schedules[id];
}

/**
 * The contract scenario for the state, and a map from each contract field path (as parts) to the
 * id of the form control that holds it (for pointing at errors).
 */
export function toScenario(st, policies) {
  const policy = findPolicy(policies, st.policy);
  const fields = new FieldMap();
  fields.set([], 'policy');
  fields.set(['policy'], 'policy');
  fields.set(['groups'], 'groups-field');
  fields.set(['params'], 'params-section');
  fields.set(['visits'], 'add-visit');
  // Every parameter of the policy has a control once the engine asks for it.
  for (const p of policy ? policy.params : []) {
    fields.set(['params', p.id], `param-${p.id}`);
    if (p.unit === 'schedule') scheduleFields(p.id, scheduleOf(st, p.id), fields);
  }
  if ('self' in st.raw) return { scenario: st.raw.self, fields };
  const sc = {};
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  if (has(st.raw, 'policy')) sc.policy = st.raw.policy;
  else if (st.policy !== '') sc.policy = st.policy;
  if (has(st.raw, 'tier')) sc.tier = st.raw.tier;
  else if (st.tier !== undefined) sc.tier = st.tier;
  const tiers = tierChoices(policy, st);
  const ti = tiers.findIndex((t) => t.id === st.tier);
  fields.set(['tier'], `tier-${ti < 0 ? 0 : ti}`);
  const shownGroups = groupChoices(policy, st);
  if (has(st.raw, 'groups')) sc.groups = st.raw.groups;
  else if (st.groups.length) sc.groups = st.groups.slice();
  (Array.isArray(sc.groups) ? sc.groups : []).forEach((g, i) => {
    const j = shownGroups.findIndex((c) => c.id === asText(g));
    if (j >= 0) fields.set(['groups', i], `group-${j}`);
  });
  if (has(st.raw, 'params')) {
    sc.params = st.raw.params;
  } else {
    // Every value the person gave for one of this policy's parameters is sent: which of them
    // matter is the engine's to say (it warns about the others).
    const params = {};
    for (const p of policy ? policy.params.filter((x) => paramFilled(st, x.id)) : []) {
      if (has(st.paramsRaw, p.id)) params[p.id] = st.paramsRaw[p.id];
      else if (p.unit === 'schedule') {
        const v = scheduleValue(st.schedules[p.id]);
        if (v !== undefined) params[p.id] = v;
      } else {
        const v = (st.params[p.id] ?? '').trim();
        if (v !== '') params[p.id] = v;
      }
    }
    Object.assign(params, st.paramsExtra);
    if (Object.keys(params).length) sc.params = params;
  }
  if (has(st.raw, 'visits')) {
    sc.visits = st.raw.visits;
  } else {
    sc.visits = st.visits.map((v, i) => {
      const id = (k) => `visit-${v.uid}-${k}`;
      fields.set(['visits', i], id('care'));
      for (const k of VISIT_KEYS) fields.set(['visits', i, k], id(k));
      if ('rawSelf' in v) return v.rawSelf;
      const out = {};
      if (has(v.raw, 'care')) out.care = v.raw.care;
      else if (v.care !== '') out.care = v.care;
      if (has(v.raw, 'level')) out.level = v.raw.level;
      else if (levelMatters(policy, v.care) && v.level !== '') out.level = levelValue(v.level);
      for (const k of ['total', 'excluded', 'basic_paid']) {
        if (has(v.raw, k)) out[k] = v.raw[k];
        else {
          const t = v[k].trim();
          if (t !== '') out[k] = t;
        }
      }
      return Object.assign(out, v.extra);
    });
  }
  Object.assign(sc, st.extra);
  return { scenario: sc, fields };
}

/** Forgets the raw link value of a field once the person edits it. */
export function edited(st, kind, a, b) {
  if (kind === 'policy' || kind === 'tier') delete st.raw[kind];
  else if (kind === 'group') delete st.raw.groups;
  else if (kind === 'param' || kind === 'sched') {
    delete st.raw.params;
    delete st.paramsRaw[a];
  } else if (kind === 'visit') {
    delete st.raw.visits;
    const v = st.visits.find((x) => x.uid === Number(a));
    if (v) {
      delete v.rawSelf;
      delete v.raw[b];
    }
  } else if (kind === 'visits') {
    delete st.raw.visits;
  }
  delete st.raw.self;
}

/** The tier radios to show: the policy's tiers, plus an unknown one from a link. */
export function tierChoices(policy, st) {
  const tiers = policy ? policy.tiers.map((t) => ({ id: t.id, tier: t })) : [];
  if (st.tier !== undefined && !tiers.some((t) => t.id === st.tier)) tiers.push({ id: st.tier, tier: null });
  return tiers;
}

/** The group checkboxes to show: the policy's groups, then any other group the state holds. */
export function groupChoices(policy, st) {
  const list = policy ? policy.groups.map((g) => ({ id: g.id, group: g })) : [];
  for (const g of st.groups) {
    if (!list.some((c) => c.id === g)) list.push({ id: g, group: null });
  }
  return list;
}
