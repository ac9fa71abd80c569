// Settings: language, date era, the organization to work in, storage and the one-tap local backup, signing out.
// Browsers may clear a site's storage under pressure; asking for persistence and keeping a backup file are what
// stand between a day's unsynced field work and that.

import { t, currentLanguage, switchLanguage, era, setEra, formatDateTime } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { Screen } from './screen.js';

export class Settings extends Screen {
  live = false;

  async render() {
    const { session, store } = this.app;
    const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : false;
    const estimate = navigator.storage?.estimate ? await navigator.storage.estimate().catch(() => null) : null;
    const pending = await store.pendingCount();
    const lang = select('lang', [['th', 'ไทย'], ['en', 'English']], currentLanguage(), { onchange: () => switchLanguage(lang.value) });
    const eraSelect = select('era', [['be', t('settings.eraBE')], ['ce', t('settings.eraCE')]], era(), { onchange: () => { setEra(eraSelect.value); this.render(); } });
    this.orgBox = h('div');
    mount(this,
      h('h1', {}, t('settings.title')),
      h('section', { class: 'card', 'aria-labelledby': 'set-display' },
        h('h2', { id: 'set-display' }, t('settings.display')),
        field(t('settings.language'), lang),
        field(t('settings.era'), eraSelect, { hint: t('settings.eraHint', { example: formatDateTime(Date.now()) }) })),
      h('section', { class: 'card', 'aria-labelledby': 'set-org' },
        h('h2', { id: 'set-org' }, t('settings.organization')),
        h('p', {}, session.organization.name, ' · ', t(`role.${session.organization.role}`)),
        this.orgBox,
        ['owner', 'manager'].includes(session.organization.role) ? h('p', {}, h('a', { class: 'button secondary', href: '#/members' }, t('members.title'))) : null),
      h('section', { class: 'card', 'aria-labelledby': 'set-storage' },
        h('h2', { id: 'set-storage' }, t('settings.storage')),
        h('p', { class: persisted ? 'ok' : 'warn' }, persisted ? t('settings.persisted') : t('settings.notPersisted')),
        !persisted && navigator.storage?.persist ? h('button', { type: 'button', class: 'secondary', onclick: async () => { await navigator.storage.persist(); this.render(); } }, t('settings.askPersist')) : null,
        estimate ? h('p', { class: 'hint' }, t('settings.usage', { mb: (estimate.usage / 1e6).toFixed(1) })) : null,
        h('p', {}, t('settings.pending', { n: pending })),
        h('button', { type: 'button', class: 'primary', onclick: () => this.backup() }, t('settings.backup')),
        h('p', { class: 'hint' }, t('settings.backupHint'))),
      h('section', { class: 'card', 'aria-labelledby': 'set-account' },
        h('h2', { id: 'set-account' }, t('settings.account')),
        h('p', {}, session.user.name, ' · ', session.user.email),
        h('button', { type: 'button', class: 'secondary', onclick: () => this.signOut(pending) }, t('settings.signOut'))));
    this.#organizations();
  }

  async #organizations() {
    const { api, session } = this.app;
    let orgs = [];
    try { orgs = (await api.get('/api/v1/organizations')).items || []; } catch { mount(this.orgBox, h('p', { class: 'hint' }, t('state.needsConnection'))); return; }
    if (orgs.length < 2) return;
    const pick = select('organization', orgs.map((o) => [o.id, `${o.name} (${t(`role.${o.role}`)})`]), session.organization.id);
    mount(this.orgBox, field(t('settings.switchOrg'), pick),
      h('button', { type: 'button', class: 'secondary', onclick: async () => {
        if (pick.value === session.organization.id) return;
        try { await api.switchOrganization(pick.value); location.hash = '#/'; await this.app.shell.route(); } catch (e) { this.app.fail(e); }
      } }, t('settings.switch')));
  }

  /** Downloads everything on the phone as one JSON file, unsynced changes first. */
  async backup() {
    const data = await this.app.store.exportAll();
    const { session } = this.app;
    const file = { kafaeBackup: 1, exportedAt: new Date().toISOString(), user: session.user, organization: session.organization, ...data };
    const blob = new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
    const a = h('a', { href: URL.createObjectURL(blob), download: `kafae-backup-${new Date().toISOString().slice(0, 10)}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  async signOut(pending) {
    if (pending && !confirm(t('settings.signOutPending', { n: pending }))) return;
    await this.app.api.logout();
    location.hash = '#/';
    await this.app.shell.route();
  }
}

customElements.define('kf-settings', Settings);
