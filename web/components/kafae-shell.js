// The app's frame: top bar (home, sync indicator, settings), the current screen, the bottom navigation, and the
// hash router that picks the screen. Screens load on first use, so the first visit downloads only the shell and the
// sign-in form.

import { t, askedLanguage, currentLanguage, useLanguage, chooseLanguage } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { Api, loadSession, sameIdentity } from '../js/api.js';
import { LocalStore } from '../js/local.js';
import { SyncEngine } from '../js/sync.js';
import './sync-status.js';

/** Route pattern → [custom element, module]. `:name` parts become screen parameters. */
const ROUTES = [
  ['', 'kf-home', 'home'],
  ['farms', 'kf-farms', 'farms'],
  ['farms/new', 'kf-farm-form', 'farm-form'],
  ['farms/:id', 'kf-farm-detail', 'farm-detail'],
  ['farms/:id/edit', 'kf-farm-form', 'farm-form'],
  ['lots', 'kf-lots', 'lots'],
  ['lots/new', 'kf-lot-form', 'lot-form'],
  ['lots/:id', 'kf-lot-detail', 'lot-detail'],
  ['lots/:id/edit', 'kf-lot-form', 'lot-form'],
  ['grading', 'kf-gradings', 'gradings'],
  ['grading/new', 'kf-grading-form', 'grading-form'],
  ['grading/:id', 'kf-grading-form', 'grading-form'],
  ['cupping', 'kf-cupping-sessions', 'cupping-sessions'],
  ['cupping/new', 'kf-cupping-session-form', 'cupping-session-form'],
  ['cupping/calibration', 'kf-calibration', 'calibration'],
  ['cupping/:id', 'kf-cupping-session', 'cupping-session'],
  ['cupping/:id/score/:code', 'kf-cupping-score', 'cupping-score'],
  ['roasts', 'kf-roasts', 'roasts'],
  ['roasts/new', 'kf-roast-form', 'roast-form'],
  ['roasts/:id', 'kf-roast-detail', 'roast-detail'],
  ['conflicts', 'kf-conflicts', 'conflicts'],
  ['settings', 'kf-settings', 'settings'],
  ['members', 'kf-members', 'members'],
  ['join/:token', 'kf-join', 'join'],
];

const NAV = [['farms', 'nav.farms'], ['lots', 'nav.lots'], ['grading', 'nav.grading'], ['cupping', 'nav.cupping'], ['roasts', 'nav.roasts']];

const decode = (s) => { try { return decodeURIComponent(s); } catch { return s; } };

function match(path) {
  const parts = path.split('/').filter(Boolean);
  for (const [pattern, tag, module] of ROUTES) {
    const want = pattern.split('/').filter(Boolean);
    if (want.length !== parts.length) continue;
    const params = {};
    if (want.every((w, i) => (w.startsWith(':') ? ((params[w.slice(1)] = decode(parts[i])), true) : w === parts[i]))) {
      return { tag, module, params };
    }
  }
  return null;
}

export class KafaeShell extends HTMLElement {
  constructor() {
    super();
    this.api = new Api({ lang: () => document.documentElement.lang || 'th', onSignedOut: () => this.route() });
    this.store = null;
    this.sync = null;
  }

  async connectedCallback() {
    this.status = h('kf-sync-status');
    this.alert = h('div', { class: 'banner error', role: 'alert', hidden: true });
    this.update = h('div', { class: 'banner update', hidden: true });
    this.main = h('main', { id: 'main', tabindex: '-1' });
    this.nav = h('nav', { class: 'tabs', 'aria-label': t('nav.label') },
      NAV.map(([path, key]) => h('a', { href: `#/${path}`, 'data-path': path }, h('span', { class: `icon icon-${path}`, 'aria-hidden': 'true' }), h('span', {}, t(key)))));
    this.header = h('header', { class: 'top' },
      h('a', { class: 'brand', href: '#/' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), h('span', { class: 'label' }, t('app.home'))),
      this.status,
      h('a', { class: 'settings-link', href: '#/settings' }, h('span', { class: 'icon icon-settings', 'aria-hidden': 'true' }), h('span', { class: 'label' }, t('nav.settings'))));
    mount(this, h('a', { class: 'skip', href: '#main', onclick: (e) => { e.preventDefault(); this.main.focus(); } }, t('nav.skip')),
      this.header, this.update, this.alert, this.main, this.nav);
    addEventListener('hashchange', () => this.route());
    // Another tab signed out, signed in as someone else or switched organization: this tab's store and sync belong
    // to the old identity, so it starts over with the new one rather than mixing the two.
    addEventListener('storage', (e) => {
      if (e.key !== 'kafae.session') return;
      if (!sameIdentity(loadSession(), this.api.session)) location.reload();
    });
    addEventListener('kafae:dbchanged', () => location.reload());
    await this.route();
  }

  /** The context every screen gets. */
  get app() {
    return {
      api: this.api,
      store: this.store,
      sync: this.sync,
      session: this.api.session,
      navigate: (path) => { location.hash = `#/${path}`; },
      fail: (e) => this.fail(e),
      shell: this,
    };
  }

  /**
   * Opens the signed-in person's local store and starts syncing it (again after an organization switch). Concurrent
   * calls (a hash change and an explicit route at once) share one opening, so no screen ever sees a half-open store.
   */
  openStore() {
    const s = this.api.session;
    const key = s ? `${s.user.id}:${s.organization.id}` : null;
    if (this.storeKey === key && this.opening) return this.opening;
    this.storeKey = key;
    this.opening = (async () => {
      this.sync?.stop();
      this.store?.close();
      this.store = null;
      this.sync = null;
      if (!s) { this.status.engine = null; return; }
      const store = await LocalStore.open(s.user.id, s.organization.id);
      if (this.storeKey !== key) { store.close(); return; }
      this.store = store;
      this.sync = new SyncEngine(this.api, store);
      this.status.engine = this.sync;
      this.sync.start();
      if (navigator.storage?.persist) navigator.storage.persist().catch(() => {});
    })();
    return this.opening;
  }

  async route() {
    const ticket = (this.ticket = (this.ticket || 0) + 1);
    // `?lang=` in an address opened within the running app (only the hash changed): switch and start again in it.
    const asked = askedLanguage();
    if (asked && asked !== currentLanguage()) {
      await useLanguage(chooseLanguage());
      location.reload();
      return;
    }
    const [rawPath, rawQuery = ''] = location.hash.replace(/^#\/?/, '').split('?');
    const path = rawPath.replace(/\/+$/, '');
    const signedIn = this.api.signedIn;
    document.body.dataset.signedIn = signedIn ? 'yes' : 'no';
    this.header.hidden = !signedIn;
    this.nav.hidden = !signedIn;
    await this.openStore();
    let target = match(path) || { tag: 'kf-not-found', module: 'not-found', params: {} };
    if (!signedIn && target.tag !== 'kf-join') target = { tag: 'kf-sign-in', module: 'sign-in', params: {} };
    for (const a of this.nav.querySelectorAll('a')) {
      const on = path === a.dataset.path || path.startsWith(`${a.dataset.path}/`);
      if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    try {
      await import(`./${target.module}.js`);
    } catch (e) {
      this.fail(e);
      return;
    }
    if (ticket !== this.ticket) return; // a later navigation won
    const screen = document.createElement(target.tag);
    screen.app = this.app;
    screen.params = { ...target.params, query: new URLSearchParams(rawQuery) };
    this.alert.hidden = true;
    mount(this.main, screen);
    scrollTo(0, 0);
    if (this.routed) this.main.focus({ preventScroll: true });
    this.routed = true;
  }

  /** Shows an error a person should see (never swallowed). */
  fail(e) {
    console.error(e);
    this.alert.hidden = false;
    mount(this.alert, h('p', {}, e && e.messageTh !== undefined ? (document.documentElement.lang === 'th' ? e.messageTh || e.message : e.messageEn || e.message) : t('error.unknown')),
      h('button', { type: 'button', class: 'secondary', onclick: () => { this.alert.hidden = true; } }, t('action.dismiss')));
  }

  /** A new version of the app is installed and waits: it takes over only when the person agrees. */
  offerUpdate(apply, message = 'update.available') {
    this.update.hidden = false;
    mount(this.update, h('p', {}, t(message)),
      h('button', { type: 'button', onclick: apply }, t('update.reload')));
  }
}

customElements.define('kf-shell', KafaeShell);
