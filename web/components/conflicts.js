// Needs attention: changes made on two phones to the same field. Each shows mine (this organization's held change)
// against theirs (what the server kept), who made it and when; settled with Keep mine, Keep theirs, or edited
// values — an ordinary versioned change every phone then pulls.

import { t, formatDateTime, errorText } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { farmName, lotName, numberFrom } from '../js/records.js';
import { Screen } from './screen.js';

const show = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export class Conflicts extends Screen {
  async render() {
    // Never under a person's typing: an open value editor waits (a sync may bring new conflicts meanwhile).
    if ([...this.querySelectorAll('form.edit-values')].some((f) => !f.hidden)) return;
    const { store } = this.app;
    const conflicts = (await store.conflicts()).sort((a, b) => String(a.when).localeCompare(String(b.when)));
    const items = await Promise.all(conflicts.map(async (c) => ({ c, record: await store.get(c.entity, c.recordId) })));
    mount(this,
      h('h1', {}, t('conflicts.title')),
      h('p', { class: 'lead' }, t('conflicts.explain')),
      items.length ? null : h('p', { class: 'empty' }, t('conflicts.none')),
      items.map(({ c, record }) => this.#card(c, record)));
  }

  #name(c, record) {
    if (!record) return t(`entity.${c.entity}`);
    if (c.entity === 'farm') return farmName(record);
    if (c.entity === 'lot') return lotName(record);
    return `${t(`entity.${c.entity}`)} ${record.fields.name || ''}`.trim();
  }

  #card(c, record) {
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const fields = Object.entries(c.fields || {});
    const who = c.who?.name || c.who?.userName || c.who?.userId || '';
    const headingId = `cf-${c.id}`;
    // Values can be typed only for plain text and numbers; a structured value (samples, defects, scores) or a
    // deletion is settled by keeping one side.
    const kindOf = (v) => (typeof v.mine === 'number' || typeof v.theirs === 'number' ? 'number' : 'text');
    const editable = (c.kind || 'field') === 'field' && fields.length > 0 && fields.every(([, v]) =>
      [v.mine, v.theirs].every((x) => x === null || x === undefined || typeof x === 'string' || typeof x === 'number'));
    const editor = h('form', { class: 'edit-values', hidden: true, novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      const values = {};
      for (const [k, v] of fields) {
        const raw = editor.elements[`v-${k}`].value;
        if (kindOf(v) === 'number') {
          const n = numberFrom(raw);
          if (Number.isNaN(n)) { error.hidden = false; error.textContent = t('form.notNumber'); editor.elements[`v-${k}`].focus(); return; }
          values[k] = n;
        } else values[k] = raw.trim() || null;
      }
      this.resolve(c, 'values', values, error);
    } },
      fields.map(([k, v]) => h('div', { class: 'field' }, h('label', { for: `v-${c.id}-${k}` }, t(`field.${k}`)),
        h('input', { id: `v-${c.id}-${k}`, name: `v-${k}`, inputmode: kindOf(v) === 'number' ? 'decimal' : null, value: v.mine ?? '' }))),
      h('button', { type: 'submit', class: 'primary' }, t('conflicts.saveValues')));
    return h('section', { class: 'card conflict', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, this.#name(c, record)),
      h('p', { class: 'hint' }, t(`conflicts.kind.${c.kind || 'field'}`), ' · ', t('conflicts.byWhen', { who, when: formatDateTime(c.when) })),
      h('table', { class: 'compare' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('conflicts.field')), h('th', { scope: 'col' }, t('conflicts.mine')), h('th', { scope: 'col' }, t('conflicts.theirs')))),
        h('tbody', {}, fields.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, t(`field.${k}`)), h('td', {}, show(v.mine)), h('td', {}, show(v.theirs)))))),
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => this.resolve(c, 'mine', null, error) }, t('conflicts.keepMine')),
        h('button', { type: 'button', class: 'secondary', onclick: () => this.resolve(c, 'theirs', null, error) }, t('conflicts.keepTheirs')),
        editable ? h('button', { type: 'button', class: 'secondary', onclick: () => { editor.hidden = !editor.hidden; } }, t('conflicts.edit')) : null),
      editor);
  }

  async resolve(c, choice, values, error) {
    error.hidden = true;
    try {
      await this.app.api.post(`/api/v1/sync/conflicts/${c.id}/resolve`, values ? { choice, fields: values } : { choice });
      const rest = (await this.app.store.conflicts()).filter((x) => x.id !== c.id);
      await this.app.store.replaceConflicts(rest);
      this.app.sync.sync();
    } catch (e) {
      error.hidden = false;
      error.textContent = e.status === 0 ? t('state.needsConnection') : errorText(e);
    }
  }
}

customElements.define('kf-conflicts', Conflicts);
