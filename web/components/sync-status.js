// The sync indicator: the one live status region of the app. It always holds the number of changes waiting for
// the server, so a person (and a screen reader) can trust that nothing is lost while offline.

import { t } from '../js/i18n.js';
import { SyncState } from '../js/sync.js';
import { h, mount } from '../js/dom.js';

export class SyncStatus extends HTMLElement {
  set engine(e) {
    this.detach?.();
    this._engine = e;
    if (!e) { this.render(); return; }
    const f = () => this.render();
    e.addEventListener('change', f);
    this.detach = () => e.removeEventListener('change', f);
    this.render();
  }

  connectedCallback() {
    this.setAttribute('role', 'status');
    this.setAttribute('aria-live', 'polite');
    this.render();
  }

  render() {
    const e = this._engine;
    if (!e) { mount(this); return; }
    const state = e.state === SyncState.syncing ? 'syncing'
      : e.state === SyncState.offline ? 'offline'
        : e.state === SyncState.error || e.state === SyncState.signedOut ? 'error'
          : e.pending ? 'waiting' : 'synced';
    this.dataset.state = state;
    mount(this,
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      h('span', { class: 'state' }, t(`sync.${state}`)),
      ' ',
      h('span', { class: 'count' }, t('sync.unsynced', { n: e.pending })));
  }
}

customElements.define('kf-sync-status', SyncStatus);
