// Cupping sessions, newest first, with how many of their cups are scored; and the way to cupper calibration.

import { t, formatDate, label } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { newestFirst } from '../js/records.js';
import { Screen } from './screen.js';

export class CuppingSessions extends Screen {
  async render() {
    const [sessions, scores] = await Promise.all([this.app.store.list('cuppingSession'), this.app.store.list('cuppingScore')]);
    const count = new Map();
    for (const s of scores) count.set(s.fields.sessionId, (count.get(s.fields.sessionId) || 0) + 1);
    const list = newestFirst(sessions, 'sessionDate');
    mount(this,
      h('div', { class: 'title-row' },
        h('h1', {}, t('cupping.title')),
        h('button', { type: 'button', class: 'primary', onclick: () => this.app.navigate('cupping/new') }, t('cupping.new'))),
      list.length ? null : h('p', { class: 'empty' }, t('cupping.empty')),
      h('ul', { class: 'list' }, list.map((s) => h('li', {}, h('a', { class: 'row', href: `#/cupping/${s.id}`, 'aria-labelledby': `cs-${s.id}`, 'aria-describedby': `cs-${s.id}-sub` },
        h('span', { class: 'main', id: `cs-${s.id}` }, s.fields.name || t('cupping.untitled')),
        h('span', { class: 'sub', id: `cs-${s.id}-sub` }, [formatDate(s.fields.sessionDate), t(`protocol.${s.fields.protocol}`),
          t('cupping.samplesScored', { samples: (s.fields.samples || []).length, scores: count.get(s.id) || 0 })].filter(Boolean).join(' · ')),
        s.pending ? h('span', { class: 'pending-tag' }, t('sync.notYet')) : null)))),
      h('p', {}, h('a', { class: 'button secondary', href: '#/cupping/calibration' }, t('calibration.title'))));
  }
}

customElements.define('kf-cupping-sessions', CuppingSessions);
