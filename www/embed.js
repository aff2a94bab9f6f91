/*! yibao embed.js — puts the estimator on an agency's page with one tag (docs/CONTRACT.md,
 * "Embedding"). No dependencies.
 *
 * <script src="https://HOST/PATH/embed.js" async data-policy="tianjin-2022"
 *   data-params-src="/yibao/params.toml" data-lang="zh-CN" data-color="#0b5394"></script>
 *
 * It inserts an <iframe> of the estimator right after itself and sizes it to the content. A file
 * named by data-params-src or data-policy-src is fetched here, by the host page with its own
 * origin, and its text is posted into the iframe, so the estimator never needs to reach another
 * origin. Messages are posted only to the estimator's origin, and only the iframe's messages from
 * that origin are read.
 */
(function () {
  var me = document.currentScript;
  if (!me || !me.src) return;
  var d = me.dataset;
  var base = new URL('.', me.src);
  var origin = base.origin;
  var q = new URLSearchParams({ embed: '1', host: location.origin });
  var pending = [];
  if (d.policy) q.set('policy', d.policy);
  if (d.lang) q.set('lang', d.lang);
  if (d.color) q.set('color', d.color);
  if (d.params) q.set('params', b64(d.params));
  if (d.paramsSrc) pending.push('params');
  if (d.policySrc) pending.push('policy');
  if (pending.length) q.set('pending', pending.join(','));

  var frame = document.createElement('iframe');
  frame.src = new URL('index.html?' + q + (d.scenario ? '#s=' + d.scenario : ''), base).href;
  // The default title in the language asked for (the host's page reads it, not ours).
  frame.title = d.title || (d.lang === 'en' ? 'Residents\' medical insurance estimator' : '城乡居民医保报销估算');
  frame.style.cssText = 'display:block;width:100%;border:0;height:' + (d.height || '900') + 'px';
  // Right after the tag; a tag left in <head> puts it at the start of the body instead.
  if (me.parentNode === document.head) {
    if (document.body) document.body.prepend(frame);
    else document.addEventListener('DOMContentLoaded', function () { document.body.prepend(frame); });
  } else {
    me.insertAdjacentElement('afterend', frame);
  }

  function b64(text) {
    var bytes = new TextEncoder().encode(text);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function fetchText(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.text();
    });
  }

  // Started at once; posted when the estimator says it is ready.
  var files = {};
  if (d.paramsSrc) files.params = fetchText(d.paramsSrc);
  if (d.policySrc) files.policy = fetchText(d.policySrc);

  function send(type) {
    files[type].then(
      function (text) {
        frame.contentWindow.postMessage({ yibao: 1, type: type, text: text }, origin);
      },
      function (e) {
        frame.contentWindow.postMessage({ yibao: 1, type: type, error: String((e && e.message) || e) }, origin);
      }
    );
  }

  window.addEventListener('message', function (e) {
    if (e.source !== frame.contentWindow || e.origin !== origin) return;
    var m = e.data;
    if (!m || m.yibao !== 1) return;
    if (m.type === 'height' && m.height > 0 && m.height < 100000) {
      frame.style.height = Math.ceil(m.height) + 'px';
    } else if (m.type === 'ready') {
      // The policy file first: a parameter set may be for the policy it defines.
      if (files.policy) send('policy');
      if (files.params) send('params');
    } else if (m.type === 'status') {
      me.dispatchEvent(new CustomEvent('yibao:status', { detail: m }));
    }
  });
})();
