// Owns the estimator's side of an agency's embedding (docs/CONTRACT.md, "Embedding"). Loaded only
// inside one: the iframe that embed.js inserts (?embed=1&host=…), or a plain <iframe> an agency
// writes itself. It
// * fixes the policy (`policy=`) and hides the picker;
// * applies the agency's colour (`color=`), darkened if needed to keep WCAG AA contrast;
// * takes the agency's parameter set and policy file: from the address (`params=`, `policy_src`
//   is only by message) or from the host page's messages, accepting a message only from the
//   parent window and only from the origin the address names (`host=`), and posting only to it;
// * reports the page's height to the host, so that the iframe fits its content.
// The rules stay in the engine: a set or a policy file is read by the engine's own builds.

import zhWords from '../i18n/embed.zh-CN.js';

/** The embedding's words, in the page's language (startEmbed). */
let s = zhWords;

/** An origin as the address gives it: `https://host[:port]`, nothing more. */
function originOf(text) {
  try {
    const u = new URL(text);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === text ? u.origin : null;
  } catch {
    return null;
  }
}

/** base64url (no padding) of UTF-8 text, as `#s=` uses. */
function decodeText(b64) {
  const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

// ------------------------------------------------------------------ colour

function channels(hex) {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex || '');
  if (!m) return null;
  const x = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return [0, 2, 4].map((i) => parseInt(x.slice(i, i + 2), 16));
}

const toHex = (rgb) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** WCAG 2 relative luminance. */
function luminance(rgb) {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast with white (the page's background, and the text on its buttons). */
const contrastWithWhite = (rgb) => 1.05 / (luminance(rgb) + 0.05);

/**
 * The colour itself if white text on it, and it as text on white, reach 4.5:1 (WCAG AA for body
 * text); otherwise the same hue darkened just enough. Null for a value that is not a colour.
 */
export function accessibleColor(hex) {
  let rgb = channels(hex);
  if (!rgb) return null;
  for (let i = 0; i < 100 && contrastWithWhite(rgb) < 4.5; i++) rgb = rgb.map((v) => v * 0.97);
  return { color: toHex(rgb), dark: toHex(rgb.map((v) => v * 0.72)), adjusted: toHex(rgb) !== toHex(channels(hex)) };
}

// ------------------------------------------------------------------ the embedding

let agencyBuild = null;

/** The agencies' engine (the full one, plus TOML parameter sets and policy files). */
function loadAgency() {
  if (!agencyBuild) {
    agencyBuild = import('../pkg/agency.js').then(async (m) => {
      await m.default({ module_or_path: new URL('../pkg/agency_bg.wasm', import.meta.url) });
      return m;
    });
    agencyBuild.catch(() => {
      agencyBuild = null;
    });
  }
  return agencyBuild;
}

/** The agency's value beside a parameter's field, when the set gives one. */
function agencyNote(box, param, need) {
  const a = need.agency;
  let note = box.querySelector(':scope > .need-agency');
  if (!a) {
    if (note) note.remove();
    return;
  }
  if (!note) {
    note = document.createElement('p');
    note.className = 'hint need-agency';
    box.querySelector(':scope > .need-why').after(note);
  }
  const v = a.value;
  const shown =
    typeof v !== 'string'
      ? s.agencySchedule
      : param.unit === 'choice'
        ? ((param.choices || []).find((c) => c.value === v) || { label: v }).label
        : v === 'none'
          ? s.capNone
          : param.unit === 'yuan'
            ? `${v} ${s.unitYuan}`
            : v;
  const text = s.agencyValue(shown, a) + (a.overridden ? s.agencyOverridden : s.agencyHowToOverride);
  if (note.textContent !== text) note.textContent = text;
}

/**
 * `words`: the embedding's words in the page's language (Chinese when absent); `langOptions`: the
 * engine's options for that language, in which it reads the agency's files and names the policies.
 */
export function startEmbed({ query, app: ctl, loadFull, words, langOptions: inLang }) {
  const { app } = ctl;
  s = words || zhWords;
  app.decorateNeed = agencyNote;
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = new URL('../css/embed.css', import.meta.url).href;
  document.head.append(css);
  const host = originOf(query.get('host') || '');
  // Only a parent at the named origin may talk to this page (where the browser tells us the
  // parent's origin, it must match too).
  const ancestors = location.ancestorOrigins;
  const linked = !!host && window.parent !== window && (!ancestors || !ancestors.length || ancestors[0] === host);
  const post = (msg) => {
    if (linked) window.parent.postMessage({ yibao: 1, ...msg }, host);
  };
  // With a host that resizes the iframe, the page never scrolls inside it.
  if (linked) document.documentElement.classList.add('embedded-sized');

  const color = query.get('color');
  if (color) {
    const c = accessibleColor(color);
    if (c) {
      document.documentElement.style.setProperty('--primary', c.color);
      document.documentElement.style.setProperty('--primary-dark', c.dark);
      document.documentElement.style.setProperty('--c-basic', c.color);
      if (c.adjusted) console.info(`yibao: ${color} darkened to ${c.color} for contrast (WCAG AA)`);
    } else {
      console.warn(`yibao: color ${color} is not a #rrggbb colour; ignored`);
    }
  }

  const status = document.createElement('div');
  status.id = 'embed-status';
  status.className = 'notice';
  status.setAttribute('role', 'status');
  status.hidden = true;
  document.getElementById('app').before(status);
  const say = (text, error = false) => {
    status.textContent = text;
    status.className = error ? 'notice notice-error' : 'notice';
    status.hidden = !text;
  };

  const fixedPolicy = query.get('policy') || null;
  const files = { params: null, policy: null };
  const p = query.get('params');
  if (p) {
    try {
      files.params = decodeText(p);
    } catch {
      say(s.paramsUnreadable, true);
    }
  }
  // What the host said it will post (embed.js sets it for data-params-src / data-policy-src).
  const pending = new Set((query.get('pending') || '').split(',').filter((x) => x === 'params' || x === 'policy'));

  async function apply() {
    if (pending.size) return;
    if (!files.params && !files.policy) {
      if (fixedPolicy) ctl.useEngine({ fixedPolicy });
      return;
    }
    say(s.loading);
    let api;
    let policies;
    let policyId = fixedPolicy;
    let set = null;
    try {
      if (files.policy) {
        api = await loadAgency();
        const info = api.loadPolicy(files.policy, inLang);
        policies = api.policies(inLang);
        policyId = policyId || info.id;
      }
      if (files.params) {
        const json = files.params.trim().startsWith('{');
        if (!api) api = json ? await loadFull() : await loadAgency();
        set = json && api.checkParamsSet ? api.checkParamsSet(JSON.parse(files.params), inLang) : api.readParamsSet(files.params, inLang);
      }
    } catch (e) {
      const what = files.policy && !policies ? s.policyFailed : s.paramsFailed;
      say(`${what}${e && e.message ? e.message : String(e)}`, true);
      post({ type: 'status', ok: false, code: (e && e.code) || 'load_failed', line: (e && e.line) || 0, message: (e && e.message) || String(e) });
      if (fixedPolicy) ctl.useEngine({ fixedPolicy });
      return;
    }
    ctl.useEngine({ api, options: set ? { paramsSet: set } : undefined, policies, fixedPolicy: policyId });
    say(set ? s.usingSet(set.agency.name) : '');
    post({ type: 'status', ok: true, policy: policyId, agency: set ? set.agency.name : null });
  }

  window.addEventListener('message', (e) => {
    if (!linked || e.source !== window.parent || e.origin !== host) return;
    const m = e.data;
    if (!m || m.yibao !== 1 || !(m.type === 'params' || m.type === 'policy')) return;
    if (typeof m.text === 'string') files[m.type] = m.text;
    else if (m.error) say(m.type === 'policy' ? s.policyFetchFailed(m.error) : s.paramsFetchFailed(m.error), true);
    pending.delete(m.type);
    apply();
  });

  // The height of the content, posted whenever it changes (the iframe's own height does not
  // change the content's, so resizing cannot loop).
  let last = 0;
  const report = () => {
    // The root element's box: the content's height, margins included (the root's own height
    // is not tied to the viewport's; see app.css, .embedded-sized).
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      post({ type: 'height', height });
    }
  };
  new ResizeObserver(report).observe(document.body);
  post({ type: 'ready' });
  report();
  if (pending.size) say(s.loading);
  apply();
}
