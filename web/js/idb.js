// A small promise layer over IndexedDB: open with versioned upgrades, run one transaction.
//
// Why this shape: a transaction commits as soon as its callback's requests are done and nothing more is queued, so
// awaiting anything else (the network above all) inside one closes it under our feet. `tx` therefore hands the body
// a synchronous helper that queues requests and resolves only when the transaction completes; bodies never await.

/** Wraps an IDBRequest in a promise. */
export function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Opens `name`, running every upgrade step past the stored version in order.
 * @param {string} name
 * @param {Array<(db: IDBDatabase, tx: IDBTransaction) => void>} upgrades — step i moves version i to i + 1
 */
export function openDatabase(name, upgrades) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, upgrades.length);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      for (let v = event.oldVersion; v < upgrades.length; v++) upgrades[v](db, request.transaction);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab opened a newer version of the app: let it upgrade, this tab reloads into the new shell.
      db.onversionchange = () => { db.close(); dispatchEvent(new CustomEvent('kafae:dbchanged')); };
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab'));
  });
}

/**
 * Runs `body(stores)` in one transaction over `names` and resolves with what `body` returned once the transaction
 * has committed (rejects if it aborts). `body` must not await: read results come back through `done()` promises,
 * which may be chained synchronously with further requests through `then`.
 */
export function tx(db, names, mode, body) {
  return new Promise((resolve, reject) => {
    const t = db.transaction(names, mode);
    const stores = {};
    for (const n of [].concat(names)) stores[n] = t.objectStore(n);
    let result;
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
    try {
      result = body(stores, t);
    } catch (e) {
      t.abort();
      reject(e);
    }
  });
}

/** Every value of a store (or an index), in key order. */
export function all(source, query) {
  return done(source.getAll(query));
}
