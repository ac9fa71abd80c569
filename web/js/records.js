// What the screens need to know of each record: choices (with their translation keys), names to show, and sorting.

import { t } from './i18n.js';

export const SPECIES = ['arabica', 'robusta'];
export const STAGES = ['cherry', 'parchment', 'green', 'roasted'];
export const PROCESSES = ['washed', 'natural', 'honeyYellow', 'honeyRed', 'honeyBlack', 'anaerobic', 'wetHulled', 'other'];
export const ROLES = ['owner', 'manager', 'cupper', 'field', 'viewer'];

/** `[value, label]` pairs for a select, with an optional empty first choice. */
export const choices = (values, prefix, empty) =>
  [...(empty ? [['', t(empty)]] : []), ...values.map((v) => [v, t(`${prefix}.${v}`)])];

export const farmName = (farm) => (farm ? farm.fields.name || t('farm.unnamed') : '');
export const lotName = (lot) => (lot ? lot.fields.code || t('lot.noCode') : '');

/** By a text field, in the language's collation (Thai sorts as Thai). */
export function sortBy(records, pick) {
  const collator = new Intl.Collator(document.documentElement.lang || 'th', { numeric: true, sensitivity: 'base' });
  return records.slice().sort((a, b) => collator.compare(pick(a) || '', pick(b) || ''));
}

/** Newest first by a date field (ISO text), then by last change. */
export function newestFirst(records, field) {
  return records.slice().sort((a, b) => String(b.fields[field] || b.updatedAt || '').localeCompare(String(a.fields[field] || a.updatedAt || '')));
}

/** Today as YYYY-MM-DD in the phone's time zone. */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A number typed in a field: a finite number, or null when empty; NaN when it is not a number. */
export function numberFrom(text) {
  let s = String(text ?? '').trim();
  if (!s) return null;
  // Thai and English both group thousands with a comma (the app shows 1,200): "1,200" is 1200, "1,2" is no number.
  if (s.includes(',')) {
    if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return NaN;
    s = s.replace(/,/g, '');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}
