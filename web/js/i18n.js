// Thai first, English second: the chosen language, its strings (web/i18n/{th,en}.json) and date and number formats.
//
// `?lang=th|en` on any address picks the language and keeps it; otherwise the last choice, otherwise Thai. Dates
// follow the person's era setting: the Buddhist era (พ.ศ., Gregorian + 543) by default, as Thai paperwork uses.

const LANG_KEY = 'kafae.lang';
const ERA_KEY = 'kafae.era';
export const LANGUAGES = ['th', 'en'];

let lang = 'th';
let strings = {};

/** `lang` asked for in an address's query or in its hash's query (`#/farms?lang=en`), or null. */
export function askedLanguage(search = location.search, hash = location.hash) {
  const inHash = hash.includes('?') ? new URLSearchParams(hash.slice(hash.indexOf('?') + 1)).get('lang') : null;
  const asked = new URLSearchParams(search).get('lang') || inHash;
  return LANGUAGES.includes(asked) ? asked : null;
}

/** The language from the address, else the stored choice, else Thai; a language from the address is kept. */
export function chooseLanguage(search = location.search, hash = location.hash) {
  const asked = askedLanguage(search, hash);
  if (LANGUAGES.includes(asked)) {
    localStorage.setItem(LANG_KEY, asked);
    return asked;
  }
  const stored = localStorage.getItem(LANG_KEY);
  return LANGUAGES.includes(stored) ? stored : 'th';
}

/** Loads a language's strings and marks the document with it. */
export async function useLanguage(code) {
  const response = await fetch(new URL(`../i18n/${code}.json`, import.meta.url));
  strings = await response.json();
  lang = code;
  localStorage.setItem(LANG_KEY, code);
  document.documentElement.lang = code;
}

export const currentLanguage = () => lang;

/**
 * A person's choice of language (Settings, the sign-in page): kept, taken out of the address (which would otherwise
 * win on the next load), and the app starts again in it.
 */
export async function switchLanguage(code) {
  await useLanguage(code);
  const url = new URL(location.href);
  url.searchParams.delete('lang');
  const [path, query = ''] = url.hash.split('?');
  const q = new URLSearchParams(query);
  q.delete('lang');
  url.hash = q.toString() ? `${path}?${q}` : path;
  history.replaceState(null, '', url);
  location.reload();
}

/** The string for `key` with `{name}` placeholders filled; the key itself if missing (a test keeps none missing). */
export function t(key, params) {
  const s = strings[key];
  if (s === undefined) return key;
  return params ? s.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k]))) : s;
}

/** A catalogue label `{en, th}` in the current language. */
export const label = (l) => (l ? l[lang] || l.en || '' : '');

export const era = () => (localStorage.getItem(ERA_KEY) === 'ce' ? 'ce' : 'be');
export const setEra = (e) => localStorage.setItem(ERA_KEY, e === 'ce' ? 'ce' : 'be');

function locale() {
  const base = lang === 'th' ? 'th-TH' : 'en-GB';
  return era() === 'be' ? `${base}-u-ca-buddhist` : `${base}-u-ca-gregory`;
}

function toDate(v) {
  if (v === null || v === undefined || v === '') return null;
  const d = typeof v === 'number' ? new Date(v) : new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A day, e.g. 25 พ.ย. 2569 or 25 Nov 2569 BE. */
export function formatDate(v) {
  const d = toDate(v);
  if (!d) return '';
  const opts = { day: 'numeric', month: 'short', year: 'numeric' };
  if (/^\d{4}-\d{2}-\d{2}$/.test(String(v))) opts.timeZone = 'UTC';
  return new Intl.DateTimeFormat(locale(), opts).format(d);
}

/** A moment, with the time of day. */
export function formatDateTime(v) {
  const d = toDate(v);
  if (!d) return '';
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** A number with at most `digits` decimals, in the language's digits and grouping. */
export function formatNumber(n, digits = 2) {
  if (n === null || n === undefined || !Number.isFinite(Number(n))) return '';
  return new Intl.NumberFormat(lang === 'th' ? 'th-TH' : 'en-GB', { maximumFractionDigits: digits }).format(Number(n));
}

/** The error of a server answer in the current language. */
export function errorText(e) {
  if (!e) return '';
  if (e.code === 'network') return t('error.offline');
  const own = lang === 'th' ? e.messageTh : e.messageEn;
  return own || e.message || t('error.unknown');
}
