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
  const s = String(text ?? '').trim().replace(',', '.');
  if (!s) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}
