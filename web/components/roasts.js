// Roast batches, newest first: lot, machine, DTR and weight loss at a glance.

import { t, formatDateTime, formatNumber } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { lotName, newestFirst } from '../js/records.js';
import { Screen } from './screen.js';

export class Roasts extends Screen {
  async render() {
    const [roasts, lots] = await Promise.all([this.app.store.list('roastBatch'), this.app.store.list('lot')]);
    const byId = new Map(lots.map((l) => [l.id, l]));
    const list = newestFirst(roasts, 'roastedAt');
    mount(this,
      h('div', { class: 'title-row' },
        h('h1', {}, t('roast.title')),
        h('button', { type: 'button', class: 'primary', onclick: () => this.app.navigate('roasts/new') }, t('roast.new'))),
      list.length ? null : h('p', { class: 'empty' }, t('roast.empty')),
      h('ul', { class: 'list' }, list.map((r) => h('li', {}, h('a', { class: 'row', href: `#/roasts/${r.id}`, 'aria-labelledby': `rb-${r.id}`, 'aria-describedby': `rb-${r.id}-sub` },
        h('span', { class: 'main', id: `rb-${r.id}` }, `${lotName(byId.get(r.fields.lotId)) || '—'} · ${formatDateTime(r.fields.roastedAt) || t('roast.undated')}`),
        h('span', { class: 'sub', id: `rb-${r.id}-sub` }, [r.fields.machine,
          Number.isFinite(r.fields.dtrPct) ? `DTR ${formatNumber(r.fields.dtrPct, 1)} %` : null,
          Number.isFinite(r.fields.weightLossPct) ? t('roast.lossShort', { pct: formatNumber(r.fields.weightLossPct, 1) }) : null].filter(Boolean).join(' · ')),
        r.pending ? h('span', { class: 'pending-tag' }, t('sync.notYet')) : null)))));
  }
}

customElements.define('kf-roasts', Roasts);
