// The server's REST API as the app calls it: JSON in and out, the signed-in session, and token refresh.
//
// The session (tokens, user, organization) lives in localStorage so the app knows who is signed in before anything
// else loads, also offline. Refresh tokens are spent on use and a reused one revokes its whole family, so two tabs
// refreshing at once would sign the person out: refreshing happens under a cross-tab lock, and a tab that waited
// reads the token the other tab already stored instead of spending the old one.

const SESSION_KEY = 'kafae.session';

/** An answer the server refused, with its bilingual error (`code`, `messageTh`, `messageEn`, `details`). */
export class ApiError extends Error {
  constructor(status, body) {
    const e = body && body.error ? body.error : {};
    super(e.message || e.messageEn || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : 'http');
    this.messageTh = e.messageTh || null;
    this.messageEn = e.messageEn || null;
    this.details = e.details || [];
    this.headers = null;
  }
}

/** The network is out of reach (offline, server down): the work stays queued. */
export class OfflineError extends ApiError {
  constructor() { super(0, null); }
}

export function loadSession() {
  try {
    const s = JSON.parse(localStorage.getItem(SESSION_KEY) || 'null');
    return s && s.refreshToken && s.user && s.organization ? s : null;
  } catch {
    return null;
  }
}

function storeSession(s) {
  if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else localStorage.removeItem(SESSION_KEY);
}

/** A session from a token-pair answer (register, login, refresh, switch). */
function sessionFrom(pair) {
  return {
    accessToken: pair.accessToken,
    accessExpiresAt: Date.now() + (pair.expiresIn - 30) * 1000,
    refreshToken: pair.refreshToken,
    user: pair.user,
    organization: pair.organization,
  };
}

/** Whether two sessions are the same person in the same organization. */
export const sameIdentity = (a, b) => !!a && !!b && a.user.id === b.user.id && a.organization.id === b.organization.id;

const withLock = (name, f) => (navigator.locks ? navigator.locks.request(name, f) : f());

export class Api {
  constructor({ lang = () => 'th', onSignedOut = () => {} } = {}) {
    this.lang = lang;
    this.onSignedOut = onSignedOut;
    this.session = loadSession();
  }

  get signedIn() { return !!this.session; }

  async #raw(method, path, { body, token, headers = {} } = {}) {
    const h = { Accept: 'application/json', 'Accept-Language': this.lang(), ...headers };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    if (token) h.Authorization = `Bearer ${token}`;
    let response;
    try {
      response = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    } catch {
      throw new OfflineError();
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (!response.ok) {
      const err = new ApiError(response.status, json);
      err.headers = response.headers;
      throw err;
    }
    return json;
  }

  /** Creates an organization and its owner, and signs in. */
  async register(input) {
    this.#adopt(await this.#raw('POST', '/api/v1/auth/register', { body: input }));
    return this.session;
  }

  async login(email, password) {
    this.#adopt(await this.#raw('POST', '/api/v1/auth/login', { body: { email, password } }));
    return this.session;
  }

  async switchOrganization(organizationId) {
    this.#adopt(await this.call('POST', '/api/v1/auth/switch', { organizationId }));
    return this.session;
  }

  async logout() {
    const s = this.session;
    this.#adopt(null);
    if (s) await this.#raw('POST', '/api/v1/auth/logout', { body: { refreshToken: s.refreshToken } }).catch(() => {});
  }

  #adopt(pair) {
    this.session = pair ? sessionFrom(pair) : null;
    storeSession(this.session);
  }

  /** A fresh access token, refreshing under the cross-tab lock when the held one is (nearly) expired. */
  async #accessToken(force = false) {
    const held = this.session;
    if (!held) throw new ApiError(401, { error: { code: 'auth.required' } });
    if (!force && held.accessExpiresAt > Date.now()) return held.accessToken;
    return withLock('kafae-auth', async () => {
      const stored = loadSession();
      if (!stored) { this.session = null; throw new ApiError(401, { error: { code: 'auth.required' } }); }
      // Another tab refreshed while this one waited: use its tokens — only if they are this tab's person and
      // organization; a tab that switched organization (or another person signing in) must never lend its session
      // to this tab's store (the shell reloads this tab when the stored identity changes).
      if (!sameIdentity(stored, held)) throw new ApiError(401, { error: { code: 'auth.required' } });
      if (stored.refreshToken !== held.refreshToken && stored.accessExpiresAt > Date.now()) {
        this.session = stored;
        return stored.accessToken;
      }
      try {
        this.#adopt(await this.#raw('POST', '/api/v1/auth/refresh', { body: { refreshToken: stored.refreshToken } }));
      } catch (e) {
        if (e.status === 401) { this.#adopt(null); this.onSignedOut(); }
        throw e;
      }
      return this.session.accessToken;
    });
  }

  /** An authenticated call; one refresh and retry on 401. */
  async call(method, path, body, { headers } = {}) {
    try {
      return await this.#raw(method, path, { body, headers, token: await this.#accessToken() });
    } catch (e) {
      if (e.status !== 401 || !this.session) throw e;
      return this.#raw(method, path, { body, headers, token: await this.#accessToken(true) });
    }
  }

  get(path) { return this.call('GET', path); }
  post(path, body) { return this.call('POST', path, body); }
}
