// Owns embed.html, the configurator for agencies: pick the policy (or load a policy file), give
// a parameter set (checked live by the engine's agencies' build, with the line and field of each
// mistake), choose the colour, preview the embedded estimator, and copy the snippet. Nothing is
// uploaded: the files are read in the page.

import init, * as engine from '../pkg/agency.js';
import s from '../i18n/configurator.zh-CN.js';
import { accessibleColor } from './embedded.js';

const $ = (id) => document.getElementById(id);
const DEFAULT_COLOR = '#0b57a4';

/** base64url (no padding) of UTF-8 text. */
function b64(text) {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const attr = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
/** For JSON in an attribute: single-quoted, so that its double quotes stay readable. */
const attrJson = (v) => String(v).replace(/&/g, '&amp;').replace(/'/g, '&#39;');

function debounce(fn, ms) {
  let t = 0;
  return () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
}

function say(id, text, error = false) {
  const el = $(id);
  el.textContent = text;
  el.className = error ? 'hint field-error-text' : 'hint';
}

async function main() {
  try {
    await init({ module_or_path: new URL('../pkg/agency_bg.wasm', import.meta.url) });
  } catch (e) {
    $('cfg-loading').textContent = s.loadFailed;
    throw e;
  }
  $('cfg-loading').remove();
  $('cfg').hidden = false;

  const st = { policies: engine.policies(), custom: null, set: null, setError: false, policyText: '' };
  const base = new URL('./', location.href);

  function renderPolicies(selected) {
    const sel = $('cfg-policy');
    sel.replaceChildren(
      ...st.policies.map((p) => {
        const o = document.createElement('option');
        o.value = p.id;
        o.textContent = st.custom && st.custom.id === p.id ? s.customPolicy(p.name) : p.name;
        o.selected = p.id === selected;
        return o;
      }),
    );
  }
  renderPolicies(st.policies[0] && st.policies[0].id);

  const policy = () => st.policies.find((p) => p.id === $('cfg-policy').value);

  function checkPolicyFile() {
    const text = $('cfg-policy-file').value;
    st.policyText = text;
    if (!text.trim()) {
      say('cfg-policy-file-status', '');
      return;
    }
    try {
      const info = engine.loadPolicy(text);
      st.custom = info;
      st.policies = engine.policies();
      renderPolicies(info.id);
      say('cfg-policy-file-status', s.policyFileOk(info.name, info.id));
    } catch (e) {
      st.custom = null;
      say('cfg-policy-file-status', s.policyFileError(e.message || String(e)), true);
    }
  }

  function checkParams() {
    const text = $('cfg-params').value;
    st.set = null;
    st.setError = false;
    $('cfg-params-json').disabled = true;
    if (!text.trim()) {
      say('cfg-params-status', s.paramsEmpty);
      return;
    }
    try {
      const set = engine.readParamsSet(text);
      st.set = set;
      $('cfg-params-json').disabled = false;
      const p = policy();
      if (p && set.policy !== p.id) say('cfg-params-status', s.paramsOtherPolicy(set.policy, p.id), true);
      else say('cfg-params-status', s.paramsOk(set.agency.name, Object.keys(set.params).length, set.policy));
    } catch (e) {
      st.setError = true;
      say('cfg-params-status', s.paramsError(e.message || String(e)), true);
    }
  }

  function color() {
    const v = $('cfg-color').value;
    const c = accessibleColor(v);
    if (!c) return null;
    say('cfg-color-status', c.adjusted ? s.colorAdjusted(v, c.color) : s.colorOk(v));
    return v.toLowerCase() === DEFAULT_COLOR ? null : v;
  }

  function snippets() {
    const p = policy();
    const c = color();
    const paramsSrc = $('cfg-params-src').value.trim();
    const policySrc = $('cfg-policy-src').value.trim();
    const custom = st.custom && p && st.custom.id === p.id;
    const attrs = [`src="${attr(new URL('embed.js', base).href)}"`, 'async'];
    if (p) attrs.push(`data-policy="${attr(p.id)}"`);
    if (custom) attrs.push(`data-policy-src="${attr(policySrc || '/yibao/policy.toml')}"`);
    if (paramsSrc) attrs.push(`data-params-src="${attr(paramsSrc)}"`);
    else if (st.set) attrs.push(`data-params='${attrJson(JSON.stringify(st.set))}'`);
    attrs.push(`data-lang="${attr($('cfg-lang').value)}"`);
    if (c) attrs.push(`data-color="${attr(c)}"`);
    $('cfg-snippet').value = `<script ${attrs.join('\n  ')}></script>`;
    if (custom && !policySrc) say('cfg-copy-status', s.policyFileNeedsSrc, true);
    else say('cfg-copy-status', '');
    const q = new URLSearchParams({ embed: '1' });
    if (p && !custom) q.set('policy', p.id);
    if (st.set) q.set('params', b64(JSON.stringify(st.set)));
    if (c) q.set('color', c);
    q.set('lang', $('cfg-lang').value);
    $('cfg-iframe').value = `<iframe src="${attr(new URL(`index.html?${q}`, base).href)}"\n  title="${attr(s.frameTitle)}"\n  style="display:block;width:100%;height:2000px;border:0"></iframe>`;
  }

  // The preview is the estimator as embed.js shows it: this page plays the agency's page, posting
  // the files into the iframe and sizing it from the iframe's messages.
  let frame = null;
  function preview() {
    const p = policy();
    const c = color();
    const q = new URLSearchParams({ embed: '1', host: location.origin });
    if (p) q.set('policy', p.id);
    if (c) q.set('color', c);
    const pending = [];
    if (st.custom && p && st.custom.id === p.id) pending.push('policy');
    if (st.set) pending.push('params');
    if (pending.length) q.set('pending', pending.join(','));
    frame = document.createElement('iframe');
    frame.title = s.frameTitle;
    frame.className = 'preview-frame';
    frame.src = new URL(`index.html?${q}`, base).href;
    $('cfg-preview').replaceChildren(frame);
  }
  window.addEventListener('message', (e) => {
    if (!frame || e.source !== frame.contentWindow || e.origin !== location.origin) return;
    const m = e.data;
    if (!m || m.yibao !== 1) return;
    if (m.type === 'height' && m.height > 0) frame.style.height = `${Math.ceil(m.height)}px`;
    if (m.type === 'ready') {
      const post = (type, text) => frame.contentWindow.postMessage({ yibao: 1, type, text }, location.origin);
      const p = policy();
      if (st.custom && p && st.custom.id === p.id) post('policy', st.policyText);
      if (st.set) post('params', JSON.stringify(st.set));
    }
  });

  const refresh = debounce(() => {
    snippets();
    preview();
  }, 500);
  const onParams = () => {
    checkParams();
    refresh();
  };
  $('cfg-params').addEventListener('input', debounce(onParams, 300));
  $('cfg-policy-file').addEventListener('input', debounce(() => {
    checkPolicyFile();
    checkParams();
    refresh();
  }, 300));
  for (const id of ['cfg-policy', 'cfg-lang', 'cfg-color', 'cfg-params-src', 'cfg-policy-src']) {
    $(id).addEventListener('input', () => {
      if (id === 'cfg-policy') checkParams();
      refresh();
    });
  }
  const upload = (input, area) =>
    $(input).addEventListener('change', async (e) => {
      const f = e.target.files && e.target.files[0];
      if (!f) return;
      $(area).value = await f.text();
      $(area).dispatchEvent(new Event('input'));
    });
  upload('cfg-params-upload', 'cfg-params');
  upload('cfg-policy-upload', 'cfg-policy-file');

  $('cfg-params-example').addEventListener('click', () => {
    const p = policy();
    if (!p) return;
    const unit = (x) =>
      x.unit === 'yuan' ? s.unitYuan : x.unit === 'ratio' ? s.unitRatio : x.unit === 'choice' ? s.unitChoice((x.choices || []).map((c) => c.value).join(' / ')) : s.unitSchedule;
    const lines = [s.templateHeader(p.name), `policy = "${p.id}"`, '', s.templateAgency, '[agency]', 'name = ""', 'website = ""'];
    for (const x of p.params) {
      lines.push('', s.templateParam(x.label, unit(x)), `[params.${x.id}]`, 'value = ""', 'document = ""', 'number = ""', 'clause = ""', 'date = ""');
    }
    $('cfg-params').value = `${lines.join('\n')}\n`;
    onParams();
  });

  // The set's JSON form, as a file to put on the agency's site: a resident's browser then reads
  // it with the full engine, without the agencies' TOML reader (docs/CONTRACT.md).
  $('cfg-params-json').addEventListener('click', () => {
    if (!st.set) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([`${JSON.stringify(st.set, null, 2)}\n`], { type: 'application/json' }));
    a.download = 'params.json';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });

  $('cfg-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText($('cfg-snippet').value);
      say('cfg-copy-status', s.copied);
    } catch {
      $('cfg-snippet').select();
      say('cfg-copy-status', s.copyFailed, true);
    }
  });

  checkParams();
  snippets();
  preview();
}

main();
