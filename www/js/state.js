// The form's state and its translation to and from a contract scenario.
//
// The state holds exactly what the person typed or chose (amounts as typed, strings for choices),
// plus anything a link carried that the form has no control for (kept and sent back unchanged), so
// nothing is ever lost. The engine does all validation; this module only gathers.

export const CARES = ['inpatient', 'outpatient', 'special_outpatient'];
export const LEVELS = [1, 2, 3];
const VISIT_KEYS = ['care', 'level', 'total', 'excluded', 'basic_paid'];
const TOP_KEYS = ['policy', 'tier', 'groups', 'params', 'visits'];

let nextUid = 1;

/** A fresh visit as the form starts it: 住院, level not yet chosen, amounts empty. */
export function newVisit() {
  return { uid: nextUid++, care: 'inpatient', level: '', total: '', excluded: '', basic_paid: '', extra: {} };
}

export function emptyState() {
  return { policy: '', tier: undefined, groups: [], params: {}, visits: [newVisit()], extra: {} };
}

/** Text shown in an input for a value from a link: strings as they are, anything else as JSON. */
function asText(v) {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * The state for a scenario from a link. Values the form can show are taken as they are; values of
 * the wrong JSON type are shown as text so the person can see and correct them.
 */
export function stateFromScenario(sc) {
  const st = { policy: '', tier: undefined, groups: [], params: {}, visits: [], extra: {} };
  if (sc === null || typeof sc !== 'object' || Array.isArray(sc)) return st;
  for (const [k, v] of Object.entries(sc)) {
    if (!TOP_KEYS.includes(k)) st.extra[k] = v;
  }
  if (sc.policy !== undefined && sc.policy !== null) st.policy = asText(sc.policy);
  if (sc.tier !== undefined && sc.tier !== null) st.tier = asText(sc.tier);
  if (Array.isArray(sc.groups)) st.groups = sc.groups.map(asText);
  if (sc.params && typeof sc.params === 'object' && !Array.isArray(sc.params)) {
    for (const [k, v] of Object.entries(sc.params)) {
      if (v !== null && v !== undefined) st.params[k] = asText(v);
    }
  }
  if (Array.isArray(sc.visits)) {
    for (const raw of sc.visits) {
      const v = newVisit();
      const o = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
      v.care = o.care === undefined || o.care === null ? '' : asText(o.care);
      v.level = o.level === undefined || o.level === null ? '' : asText(o.level);
      v.total = asText(o.total);
      v.excluded = asText(o.excluded);
      v.basic_paid = asText(o.basic_paid);
      for (const [k, val] of Object.entries(o)) {
        if (!VISIT_KEYS.includes(k)) v.extra[k] = val;
      }
      st.visits.push(v);
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

/**
 * Which local parameters the form shows for this state. A `when_used` parameter is shown when a
 * visit of its care type (and level, if it has one) has no settlement-slip amount, since only then
 * does the engine need it. `always`, `layer` and `optional` parameters are always shown.
 * `forced` adds parameters the engine asked for (so its error always has a field to point at).
 */
export function visibleParams(policy, st, forced = new Set()) {
  if (!policy) return [];
  return policy.params.filter((p) => {
    if (forced.has(p.id)) return true;
    if (p.need !== 'when_used') return true;
    return st.visits.some(
      (v) =>
        v.care === p.care &&
        v.basic_paid.trim() === '' &&
        (p.level === undefined || p.level === null || levelValue(v.level) === p.level),
    );
  });
}

/**
 * The contract scenario for the state, and a map from each contract field path to the id of the
 * form control that holds it (for pointing at errors).
 */
export function toScenario(st, policies, forced) {
  const policy = findPolicy(policies, st.policy);
  const sc = {};
  const fields = { policy: 'policy', groups: 'groups-field', params: 'params-section', visits: 'add-visit' };
  if (st.policy !== '') sc.policy = st.policy;
  if (st.tier !== undefined) {
    sc.tier = st.tier;
    const tiers = tierChoices(policy, st);
    const i = tiers.findIndex((t) => t.id === st.tier);
    fields.tier = `tier-${i < 0 ? 0 : i}`;
  } else {
    fields.tier = 'tier-0';
  }
  if (st.groups.length) {
    sc.groups = st.groups.slice();
    const shown = groupChoices(policy, st);
    st.groups.forEach((g, i) => {
      const j = shown.findIndex((c) => c.id === g);
      fields[`groups[${i}]`] = `group-${j}`;
    });
  }
  const params = {};
  for (const p of visibleParams(policy, st, forced)) {
    const v = (st.params[p.id] ?? '').trim();
    if (v !== '') params[p.id] = v;
    fields[`params.${p.id}`] = `param-${p.id}`;
  }
  if (Object.keys(params).length) sc.params = params;
  sc.visits = st.visits.map((v, i) => {
    const out = {};
    const id = (k) => `visit-${v.uid}-${k}`;
    fields[`visits[${i}]`] = id('care');
    if (v.care !== '') out.care = v.care;
    fields[`visits[${i}].care`] = id('care');
    if (levelMatters(policy, v.care) && v.level !== '') out.level = levelValue(v.level);
    fields[`visits[${i}].level`] = id('level');
    for (const k of ['total', 'excluded', 'basic_paid']) {
      const t = v[k].trim();
      if (t !== '') out[k] = t;
      fields[`visits[${i}].${k}`] = id(k);
    }
    return Object.assign(out, v.extra);
  });
  Object.assign(sc, st.extra);
  return { scenario: sc, fields };
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
