// Home: what needs a person's attention first (conflicts, refused changes, unsynced work), then things to do
// (lots waiting for a grading, cupping sessions with scores missing), then the organization at a glance.

import { t, formatDateTime, errorText } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { lotName } from '../js/records.js';
import { Screen } from './screen.js';

export class Home extends Screen {
  async render() {
    const { store, sync, session } = this.app;
    const [conflicts, rejected, pending, lots, gradings, farms, sessions, scores] = await Promise.all([
      store.conflicts(), store.rejected(), store.pendingCount(), store.list('lot'), store.list('grading'),
      store.list('farm'), store.list('cuppingSession'), store.list('cuppingScore')]);
    const graded = new Set(gradings.map((g) => g.fields.lotId));
    const toGrade = lots.filter((l) => l.fields.stage === 'green' && !graded.has(l.id)).slice(0, 5);
    const scored = new Set(scores.map((s) => `${s.fields.sessionId}/${s.fields.sampleCode}`));
    const openSessions = sessions.filter((s) => (s.fields.samples || []).some((x) => !scored.has(`${s.id}/${x.code}`))).slice(0, 5);

    const attention = [];
    if (conflicts.length) {
      attention.push(h('a', { class: 'attention', href: '#/conflicts' },
        h('strong', {}, t('home.needsAttention')), h('span', { class: 'badge' }, String(conflicts.length)),
        h('span', { class: 'sub' }, t('home.conflictsExplain', { n: conflicts.length }))));
    }
    for (const r of rejected) {
      attention.push(h('div', { class: 'card refused' },
        h('p', {}, h('strong', {}, t('home.refused')), ' ', t(`entity.${r.entity}`)),
        h('p', {}, errorText(r.error || {})),
        h('button', { type: 'button', class: 'secondary', onclick: () => store.dismissRejected(r.seq) }, t('action.dismiss'))));
    }

    mount(this,
      h('h1', {}, session.organization.name),
      h('p', { class: 'lead' }, t('home.hello', { name: session.user.name })),
      attention,
      h('section', { class: 'card sync-card', 'aria-labelledby': 'home-sync' },
        h('h2', { id: 'home-sync' }, t('home.syncTitle')),
        h('p', {}, pending ? t('home.pending', { n: pending }) : t('home.allSynced')),
        sync.lastSyncAt ? h('p', { class: 'hint' }, t('home.lastSync', { when: formatDateTime(sync.lastSyncAt) })) : null,
        sync.lastError ? h('p', { class: 'form-error' }, errorText(sync.lastError)) : null,
        h('button', { type: 'button', class: 'secondary', onclick: () => sync.sync() }, t('action.syncNow'))),
      h('section', { 'aria-labelledby': 'home-todo' },
        h('h2', { id: 'home-todo' }, t('home.todo')),
        !toGrade.length && !openSessions.length ? h('p', { class: 'empty' }, t('home.nothingToDo')) : null,
        h('ul', { class: 'list' },
          toGrade.map((l) => h('li', {}, h('a', { href: `#/grading/new?lot=${l.id}`, class: 'row' },
            h('span', {}, t('home.gradeLot', { code: lotName(l) })), h('span', { class: 'chev', 'aria-hidden': 'true' }, '›')))),
          openSessions.map((s) => h('li', {}, h('a', { href: `#/cupping/${s.id}`, class: 'row' },
            h('span', {}, t('home.finishSession', { name: s.fields.name || '' })), h('span', { class: 'chev', 'aria-hidden': 'true' }, '›')))))),
      h('section', { 'aria-labelledby': 'home-glance' },
        h('h2', { id: 'home-glance' }, t('home.glance')),
        h('ul', { class: 'tiles' },
          // Counts only: the navigation already links each list, and one name should lead to one place.
          h('li', {}, h('strong', {}, String(farms.length)), h('span', {}, t('home.farmsCount'))),
          h('li', {}, h('strong', {}, String(lots.length)), h('span', {}, t('home.lotsCount'))),
          h('li', {}, h('strong', {}, String(gradings.length)), h('span', {}, t('home.gradingsCount'))),
          h('li', {}, h('strong', {}, String(sessions.length)), h('span', {}, t('home.sessionsCount'))))));
  }
}

customElements.define('kf-home', Home);
