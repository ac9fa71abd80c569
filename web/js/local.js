// The phone's copy of an organization's records, and the outbox of changes not yet acknowledged by the server.
//
// One IndexedDB database per user and organization, so two people sharing a phone never see or push each other's
// work. Each record keeps the server's state (`version`, `fields`) apart from the edits still waiting in the outbox
// (`pending`): what the screen shows is the server's fields with the pending ones laid over them, so a pull that
// brings someone else's edit never erases an unsynced one, and an acknowledged or refused change falls back to the
// server's truth without guessing.

import { openDatabase, tx, done, all } from './idb.js';

export const ENTITIES = ['farm', 'lot', 'grading', 'cuppingSession', 'cuppingScore', 'roastBatch'];

/** Version i → i + 1 of the local schema. Append only: a phone may skip several app versions. */
const UPGRADES = [
  (db) => {
    for (const e of ENTITIES) db.createObjectStore(e, { keyPath: 'id' });
    const outbox = db.createObjectStore('outbox', { keyPath: 'seq' });
    outbox.createIndex('record', ['entity', 'recordId']);
    db.createObjectStore('meta', { keyPath: 'key' });
    db.createObjectStore('conflicts', { keyPath: 'id' });
    db.createObjectStore('rejected', { keyPath: 'seq' });
  },
];

const uuid = () => crypto.randomUUID();

export class LocalStore {
  /** @param {IDBDatabase} db */
  constructor(db, name) {
    this.db = db;
    this.name = name;
    this.listeners = new Set();
    this.channel = 'BroadcastChannel' in self ? new BroadcastChannel(`kafae:${name}`) : null;
    if (this.channel) this.channel.onmessage = (m) => this.emit(m.data, false);
  }

  static async open(userId, organizationId) {
    const name = `kafae:${userId}:${organizationId}`;
    return new LocalStore(await openDatabase(name, UPGRADES), name);
  }

  close() {
    this.channel?.close();
    this.db.close();
  }

  /** Tells screens (in this tab and, through the channel, in others) that records changed. */
  emit(detail, broadcast = true) {
    for (const f of this.listeners) f(detail);
    if (broadcast) this.channel?.postMessage(detail);
  }

  onChange(f) {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  // ---- meta

  async meta(key, fallback = undefined) {
    const row = await tx(this.db, 'meta', 'readonly', (s) => done(s.meta.get(key)));
    return row ? row.value : fallback;
  }

  setMeta(key, value) {
    return tx(this.db, 'meta', 'readwrite', (s) => { s.meta.put({ key, value }); });
  }

  /** This install's device id for the organization, made once. */
  async deviceId() {
    let id = await this.meta('deviceId');
    if (!id) {
      id = uuid();
      await this.setMeta('deviceId', id);
    }
    return id;
  }

  // ---- reading

  /** A record as the screen shows it: `{id, version, deleted, fields, pending, updatedAt, updatedBy}` or undefined. */
  async get(entity, id) {
    const r = await tx(this.db, entity, 'readonly', (s) => done(s[entity].get(id)));
    return r ? view(r) : undefined;
  }

  /** Every live record of an entity, as shown. */
  async list(entity) {
    const rows = await tx(this.db, entity, 'readonly', (s) => all(s[entity]));
    return rows.map(view).filter((r) => !r.deleted);
  }

  /** How many changes wait for the server. */
  pendingCount() {
    return tx(this.db, 'outbox', 'readonly', (s) => done(s.outbox.count()));
  }

  conflicts() {
    return tx(this.db, 'conflicts', 'readonly', (s) => all(s.conflicts));
  }

  rejected() {
    return tx(this.db, 'rejected', 'readonly', (s) => all(s.rejected));
  }

  dismissRejected(seq) {
    return tx(this.db, 'rejected', 'readwrite', (s) => { s.rejected.delete(seq); }).then(() => this.emit({ rejected: true }));
  }

  // ---- local writes

  /**
   * Saves an edit (or a new record) on the phone and queues it for the server, in one transaction.
   * Only the fields given are sent; an edit of a record whose queued change has not left the phone is folded into
   * that change (one upsert per record), so a device never conflicts with its own edits.
   * @returns the record's id
   */
  async save(entity, id, fields) {
    const recordId = id || uuid();
    await tx(this.db, [entity, 'outbox', 'meta'], 'readwrite', (s) =>
      Promise.all([done(s[entity].get(recordId)), done(s.outbox.index('record').getAll([entity, recordId])), done(s.meta.get('nextSeq'))])
        .then(([row, queued, next]) => {
          // An edit of a record deleted elsewhere meanwhile is queued all the same: the server holds it in an
          // edit-versus-delete conflict for a person to settle, so it is never silently dropped.
          const record = row || { id: recordId, version: null, deleted: false, fields: {}, pending: null };
          const open = queued.find((m) => !m.sent && m.op === 'upsert');
          if (open) {
            open.fields = { ...open.fields, ...fields };
            open.clientTime = new Date().toISOString();
            s.outbox.put(open);
          } else {
            const seq = next ? next.value : 1;
            s.meta.put({ key: 'nextSeq', value: seq + 1 });
            s.outbox.put({
              seq, mutationId: uuid(), entity, op: 'upsert', recordId, baseVersion: record.version,
              fields: { ...fields }, clientTime: new Date().toISOString(), sent: false,
            });
          }
          record.pending = { ...(record.pending || {}), ...fields };
          record.localUpdatedAt = Date.now();
          s[entity].put(record);
        }));
    this.emit({ entity, id: recordId, local: true });
    return recordId;
  }

  /** Deletes a record on the phone and queues the deletion. */
  async remove(entity, id) {
    await tx(this.db, [entity, 'outbox', 'meta'], 'readwrite', (s) =>
      Promise.all([done(s[entity].get(id)), done(s.meta.get('nextSeq'))]).then(([row, next]) => {
        if (!row) return;
        const seq = next ? next.value : 1;
        s.meta.put({ key: 'nextSeq', value: seq + 1 });
        s.outbox.put({ seq, mutationId: uuid(), entity, op: 'delete', recordId: id, baseVersion: row.version, fields: {}, clientTime: new Date().toISOString(), sent: false });
        row.pendingDelete = true;
        s[entity].put(row);
      }));
    this.emit({ entity, id, local: true });
  }

  // ---- sync support

  /**
   * The next batch to push, oldest first, marked as sent in the same transaction: from then on it is never changed
   * (the server may have applied it even if its answer is lost), and later edits queue behind it.
   */
  takeBatch(limit) {
    return tx(this.db, 'outbox', 'readwrite', (s) => done(s.outbox.getAll(null, limit)).then((queued) => {
      // A prefix of the outbox (seqs stay gapless) that touches each record once: a second change of a record waits
      // for the answer to the first, which gives it the version to build on (see applyPushResults).
      const batch = [];
      const records = new Set();
      for (const m of queued) {
        const key = `${m.entity}\u0000${m.recordId}`;
        if (records.has(key)) break;
        records.add(key);
        batch.push(m);
      }
      for (const m of batch) if (!m.sent) { m.sent = true; s.outbox.put(m); }
      return batch;
    }));
  }

  /**
   * Applies a push answer: each answered mutation leaves the outbox, its record takes the server's state (unless the
   * phone already holds a newer one: a resent batch answers with the record as it was), and its pending fields are
   * recomputed from what is still queued. A refused change is kept, with the server's reason, for a person to see.
   */
  async applyPushResults(batch, results) {
    const bySeq = new Map(batch.map((m) => [m.seq, m]));
    const records = new Map();
    await tx(this.db, [...ENTITIES, 'outbox', 'rejected'], 'readwrite', (s) => {
      for (const r of results) {
        const m = bySeq.get(r.seq);
        if (!m) continue;
        s.outbox.delete(m.seq);
        if (r.status === 'rejected') {
          s.rejected.put({ seq: m.seq, entity: m.entity, recordId: m.recordId, op: m.op, fields: m.fields, error: r.error || null, at: Date.now() });
        }
        const key = `${m.entity}\u0000${m.recordId}`;
        const change = r.record && r.record.entity === m.entity && r.record.id === m.recordId ? r.record : undefined;
        // Applied straight on its base (no one else's change in between), the answer's version is exactly this
        // phone's state: changes queued behind it on the same base now build on that version, so the server never
        // holds a person's correction against their own earlier value.
        const direct = r.status === 'applied' && Number.isInteger(r.version)
          && r.version === (m.baseVersion === null || m.baseVersion === undefined ? 1 : m.baseVersion + 1);
        if (direct) rebase(s, m, r.version);
        const before = records.get(key);
        if (!before || (change && (!before.change || change.version >= before.change.version))) {
          records.set(key, { entity: m.entity, id: m.recordId, change: change || before?.change });
        }
      }
      for (const { entity, id, change } of records.values()) settle(s, entity, id, change);
    });
    this.emit({ synced: true });
  }

  /**
   * Writes a pulled page and its cursor in one transaction, so a crash never keeps one without the other. During a
   * fresh start (after a 410) each pulled record is marked with the start's epoch, and the last page removes the
   * records the server no longer has — only then, so the phone is never left empty while the pull is under way.
   */
  async applyPull(changes, cursor, last = false) {
    await tx(this.db, [...ENTITIES, 'outbox', 'meta'], 'readwrite', (s) => done(s.meta.get('fullPullEpoch')).then((row) => {
      const epoch = row ? row.value : null;
      // A page holds each record once (its latest state), so one settle per change never races another.
      const settled = changes.filter((c) => ENTITIES.includes(c.entity)).map((c) => settle(s, c.entity, c.id, c, epoch));
      s.meta.put({ key: 'cursor', value: cursor });
      if (epoch === null || !last) return undefined;
      // The sweep reads after every write of this page is queued, so it sees them.
      return Promise.all(settled).then(() => {
        for (const e of ENTITIES) {
          done(s[e].getAll()).then((rows) => {
            for (const r of rows) if (r.pulledEpoch !== epoch && !r.pending && !r.pendingDelete) s[e].delete(r.id);
          });
        }
        s.meta.delete('fullPullEpoch');
      });
    }));
    if (changes.length || last) this.emit({ pulled: changes.length });
  }

  /**
   * The server asked for a fresh start (410): pull everything again from no cursor. What the phone holds stays on
   * screen until the last page is in (see applyPull); every queued change stays.
   */
  async resetForFullPull() {
    await tx(this.db, 'meta', 'readwrite', (s) => {
      s.meta.put({ key: 'fullPullEpoch', value: Date.now() });
      s.meta.delete('cursor');
    });
  }

  /**
   * The server expects a different next seq (409): the queued changes take the numbers from `expected` on, in order.
   * Safe because the server has seen none of the numbers from `expected` up.
   */
  renumberOutbox(expected) {
    return tx(this.db, ['outbox', 'meta'], 'readwrite', (s) => done(s.outbox.getAll()).then((rows) => {
      rows.forEach((m) => s.outbox.delete(m.seq));
      rows.forEach((m, i) => s.outbox.put({ ...m, seq: expected + i, sent: false }));
      s.meta.put({ key: 'nextSeq', value: expected + rows.length });
    }));
  }

  /** Replaces the open conflicts; screens hear of it only when the set changed (every sync fetches it). */
  replaceConflicts(items) {
    return tx(this.db, 'conflicts', 'readwrite', (s) => done(s.conflicts.getAll()).then((held) => {
      const key = (list) => JSON.stringify(list.map((c) => c.id).sort());
      if (key(held) === key(items)) return false;
      s.conflicts.clear();
      for (const c of items) s.conflicts.put(c);
      return true;
    })).then((changed) => { if (changed) this.emit({ conflicts: items.length }); });
  }

  /** Everything on the phone, unsynced changes first: the local backup a person can download. */
  async exportAll() {
    const names = ['outbox', 'rejected', 'conflicts', 'meta', ...ENTITIES];
    return tx(this.db, names, 'readonly', (s) => Promise.all(names.map((n) => all(s[n]))).then((lists) => {
      const out = {};
      names.forEach((n, i) => { out[n] = lists[i]; });
      return out;
    }));
  }

}

/** Queued changes of `m`'s record made on `m`'s base move to `version` (their base once `m` was applied on it). */
function rebase(s, m, version) {
  done(s.outbox.index('record').getAll([m.entity, m.recordId])).then((queued) => {
    for (const q of queued) {
      if (q.seq > m.seq && !q.sent && (q.baseVersion ?? null) === (m.baseVersion ?? null)) {
        q.baseVersion = version;
        s.outbox.put(q);
      }
    }
  });
}

/**
 * Lays a server state (if any, and not older than the one held) under a record and recomputes its pending fields from
 * what is still queued, with one read and one write of the record, so nothing queued in the same transaction races it.
 */
function settle(s, entity, id, change, epoch = null) {
  return Promise.all([done(s.outbox.index('record').getAll([entity, id])), done(s[entity].get(id))]).then(([queued, row]) => {
    let next = row;
    // During a fresh start a record's version may go down (a restored server): its state is taken as it comes.
    if (change && (epoch !== null || !(row && row.version !== null && row.version > change.version))) {
      next = row || { id, pending: null };
      next.version = change.version;
      next.deleted = !!change.deleted;
      next.fields = change.deleted ? {} : (change.fields || {});
      next.updatedAt = change.updatedAt || null;
      next.updatedBy = change.updatedBy || null;
    }
    if (next && change && epoch !== null) next.pulledEpoch = epoch;
    if (!next) return;
    const upserts = queued.filter((m) => m.op === 'upsert').sort((a, b) => a.seq - b.seq);
    next.pending = upserts.length ? Object.assign({}, ...upserts.map((m) => m.fields)) : null;
    next.pendingDelete = queued.some((m) => m.op === 'delete');
    if (!next.pending && !next.pendingDelete && (next.version === null || next.version === undefined)) s[entity].delete(id);
    else s[entity].put(next);
  });
}

/** What a screen shows of a stored record. */
function view(r) {
  return {
    id: r.id,
    version: r.version,
    deleted: r.deleted || !!r.pendingDelete,
    fields: { ...r.fields, ...(r.pending || {}) },
    pending: !!(r.pending || r.pendingDelete),
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}
