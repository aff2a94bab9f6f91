// Owns section 1 of the form: the policy picker, what the policy says about itself, the tier
// radios and the identity-group checkboxes. Names and definitions come from policies(): the page
// keeps no copy of them.

import { $, fill, h, show, zhText } from '../dom.js';
import { option } from '../controls.js';
import { groupChoices, tierChoices } from '../state.js';

export function createPolicySection({ t, app }) {
  function renderPolicy() {
    const { state, policies } = app;
    const sel = $('policy');
    const opts = [option('', t.policyPlaceholder, state.policy === '')];
    for (const p of policies) opts.push(option(p.id, p.name, p.id === state.policy));
    if (state.policy !== '' && !app.policy()) opts.push(option(state.policy, t.policyUnknown(state.policy), true));
    fill(sel, opts);
    sel.dataset.bind = 'policy';
    // An agency's embedding fixes the policy: the picker is not shown.
    show($('policy-field'), !app.fixedPolicy);
    renderInfo();
    renderTiers();
    renderGroups();
  }

  function renderInfo() {
    const p = app.policy();
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
        zhText('span', null, t.docTitle(d.title)),
        d.status === 'draft' ? h('span', { class: 'tag' }, t.draftTag) : null,
        h('br'),
        h('span', { class: 'hint' }, d.number ? zhText('span', null, d.number) : t.docNoNumber, d.date ? ` · ${t.docDate} ${d.date}` : ''),
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
    const choices = tierChoices(app.policy(), app.state);
    show($('tier-field'), choices.length > 0);
    fill(
      $('tiers'),
      choices.map((c, i) => {
        const id = `tier-${i}`;
        const checked = c.id === app.state.tier;
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
    const p = app.policy();
    const choices = groupChoices(p, app.state);
    show($('groups-field'), !!p || choices.length > 0);
    const docTitle = (id) => (p && p.documents.find((d) => d.id === id)?.title) || id;
    const names = app.vocabulary().groups;
    const items = choices.map((c, i) => {
      const id = `group-${i}`;
      const checked = app.state.groups.includes(c.id);
      const g = c.group;
      const known = names.find((x) => x.id === c.id);
      const name = g ? g.name : known ? known.name : c.id;
      const hint = g ? g.definition : known ? t.groupOther : t.groupUnknown;
      return h(
        'div',
        { class: `choice${checked ? ' is-checked' : ''}${g ? '' : ' is-foreign'}` },
        h('input', { type: 'checkbox', id, value: c.id, 'data-bind': 'group', 'aria-describedby': `${id}-hint`, props: { checked } }),
        h('label', { for: id }, name),
        h('p', { class: 'hint', id: `${id}-hint` }, hint),
        g && g.citation && g.citation.quote
          ? h(
              'details',
              { class: 'cite' },
              h('summary', null, t.groupQuote(g.citation.clause)),
              zhText('blockquote', null, g.citation.quote),
              h('p', { class: 'hint' }, t.citationFrom, zhText('span', null, t.docTitle(docTitle(g.citation.doc)))),
            )
          : null,
      );
    });
    if (p && !p.groups.length) items.unshift(h('p', { class: 'hint' }, t.groupsNone));
    fill($('groups'), items);
  }

  /** A change to one of this section's controls; returns whether it changes the form's structure. */
  function input(el, kind) {
    const { state } = app;
    if (kind === 'policy') {
      if (state.policy === el.value) return null;
      state.policy = el.value;
      const p = app.policy();
      if (p && !p.tiers.some((x) => x.id === state.tier)) state.tier = p.tiers[0] ? p.tiers[0].id : undefined;
      renderPolicy();
      return 'policy';
    }
    if (kind === 'tier') {
      state.tier = el.value;
      for (const c of $('tiers').children) c.classList.toggle('is-checked', c.querySelector('input').checked);
      return 'structure';
    }
    // A group.
    const has = state.groups.includes(el.value);
    if (el.checked && !has) state.groups.push(el.value);
    if (!el.checked && has) state.groups = state.groups.filter((g) => g !== el.value);
    el.parentElement.classList.toggle('is-checked', el.checked);
    return 'structure';
  }

  return { render: renderPolicy, input };
}
