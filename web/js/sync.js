// The client half of the sync protocol (docs/sync.md): push the outbox, pull the changes, fetch open conflicts.
//
// One tab at a time syncs (a Web Lock); the others hear of the result through the store's broadcast channel. The
// network is never awaited inside an IndexedDB transaction: a batch is read (and marked sent) in one transaction,
// sent, and its answer written in another. Nothing leaves the outbox until the server has answered for it.

import { ApiError, OfflineError } from './api.js';

const PUSH_BATCH = 200;
const PULL_LIMIT = 500;
const PERIOD_MS = 60_000;

/** The states the indicator shows. */
export const SyncState = Object.freeze({ idle: 'idle', syncing: 'syncing', offline: 'offline', error: 'error', signedOut: 'signedOut' });

export class SyncEngine extends EventTarget {
  /** @param {import('./api.js').Api} api @param {import('./local.js').LocalStore} store */
  constructor(api, store) {
    super();
    this.api = api;
    this.store = store;
    this.state = navigator.onLine ? SyncState.idle : SyncState.offline;
    this.pending = 0;
    this.conflicts = 0;
    this.rejected = 0;
    this.lastSyncAt = null;
    this.lastError = null;
    this.progress = null;
    this.again = false;
    this.running = null;
    this.timer = null;
    this.debounce = null;
    this.stopped = false;
    this.onOnline = () => this.sync();
    this.onOffline = () => this.#set({ state: SyncState.offline });
    this.onVisible = () => { if (document.visibilityState === 'visible') this.sync(); };
    this.unlisten = store.onChange((d) => {
      this.refreshCounts();
      if (d && d.local) this.soon();
    });
  }

  start() {
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    document.addEventListener('visibilitychange', this.onVisible);
    this.timer = setInterval(() => { if (document.visibilityState === 'visible') this.sync(); }, PERIOD_MS);
    this.refreshCounts();
    this.sync();
  }

  stop() {
    this.stopped = true;
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    document.removeEventListener('visibilitychange', this.onVisible);
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    this.unlisten();
  }

  /** Sync shortly after a local write, gathering a burst of taps into one push. */
  soon() {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.sync(), 400);
  }

  async refreshCounts() {
    const [pending, conflicts, rejected] = await Promise.all([this.store.pendingCount(), this.store.conflicts(), this.store.rejected()]);
    this.#set({ pending, conflicts: conflicts.length, rejected: rejected.length });
  }

  #set(patch) {
    Object.assign(this, patch);
    this.dispatchEvent(new Event('change'));
  }

  /** Runs one sync now (or once more after the running one). Resolves when done; never throws. */
  sync() {
    if (this.stopped) return Promise.resolve();
    if (this.running) { this.again = true; return this.running; }
    this.running = (async () => {
      do {
        this.again = false;
        await this.#syncOnceLocked();
      } while (this.again && !this.stopped);
      this.running = null;
    })();
    return this.running;
  }

  async #syncOnceLocked() {
    if (!navigator.onLine) { this.#set({ state: SyncState.offline }); return; }
    const run = () => this.#syncOnce();
    if (navigator.locks) {
      // Another tab syncing the same organization does the work; this one hears of it through the store.
      await navigator.locks.request(`kafae-sync:${this.store.name}`, { ifAvailable: true }, (lock) => (lock ? run() : null));
    } else {
      await run();
    }
    await this.refreshCounts();
  }

  async #syncOnce() {
    this.#set({ state: SyncState.syncing, lastError: null });
    try {
      await this.#push();
      await this.#pull();
      await this.#fetchConflicts();
      this.#set({ state: SyncState.idle, lastSyncAt: Date.now(), progress: null });
      await this.store.setMeta('lastSyncAt', this.lastSyncAt);
    } catch (e) {
      if (e instanceof OfflineError) this.#set({ state: SyncState.offline, progress: null });
      else if (e instanceof ApiError && e.status === 401) this.#set({ state: SyncState.signedOut, progress: null });
      else this.#set({ state: SyncState.error, lastError: e, progress: null });
    }
  }

  async #push() {
    const deviceId = await this.store.deviceId();
    let size = PUSH_BATCH;
    for (let rounds = 0; rounds < 10_000; rounds++) {
      const batch = await this.store.takeBatch(size);
      if (!batch.length) return;
      const mutations = batch.map(({ seq, mutationId, entity, op, recordId, baseVersion, fields, clientTime }) =>
        ({ seq, mutationId, entity, op, recordId, baseVersion, fields, clientTime }));
      this.#set({ progress: { phase: 'push', count: mutations.length } });
      let answer;
      try {
        answer = await this.api.post('/api/v1/sync/push', { deviceId, mutations });
      } catch (e) {
        if (e instanceof ApiError && e.status === 409 && e.code === 'sync.seq_gap') {
          const expected = Number(e.headers?.get('X-Expected-Seq'));
          if (!Number.isSafeInteger(expected) || expected < 1) throw e;
          await this.store.renumberOutbox(expected);
          continue;
        }
        if (e instanceof ApiError && e.status === 413 && size > 1) { size = Math.max(1, Math.floor(size / 4)); continue; }
        throw e;
      }
      // An answer that settles nothing would send the same batch forever: stop and say so instead.
      if (!Array.isArray(answer?.results) || !answer.results.length) throw new Error('the server answered a push with no results');
      await this.store.applyPushResults(batch, answer.results);
      // A batch stops early at a second change of one record, so only an empty outbox ends the pushing.
    }
  }

  async #pull() {
    let pages = 0;
    for (;;) {
      const cursor = await this.store.meta('cursor');
      const q = new URLSearchParams({ limit: String(PULL_LIMIT) });
      if (cursor) q.set('cursor', cursor);
      let page;
      try {
        page = await this.api.get(`/api/v1/sync/pull?${q}`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 410 && cursor) {
          // Start over from no cursor; the outbox and the records it touches stay.
          await this.store.resetForFullPull();
          continue;
        }
        throw e;
      }
      pages += 1;
      this.#set({ progress: { phase: 'pull', pages } });
      await this.store.applyPull(page.changes || [], page.cursor, !page.hasMore);
      if (!page.hasMore) return;
    }
  }

  async #fetchConflicts() {
    const items = [];
    let cursor = null;
    do {
      const q = new URLSearchParams({ limit: '100' });
      if (cursor) q.set('cursor', cursor);
      let page;
      try {
        page = await this.api.get(`/api/v1/sync/conflicts?${q}`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 403) return; // a role that may not see conflicts
        throw e;
      }
      items.push(...(page.items || []));
      cursor = page.nextCursor;
    } while (cursor && items.length < 1000);
    await this.store.replaceConflicts(items);
  }
}
