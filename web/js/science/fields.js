// Field validation shared by the science modules: the same issue codes as the server
// (Sources/KafaeDomain/Common/FieldReader.swift), so the PWA shows the same errors offline.

import { formatNumber } from './numbers.js';

/** A validation failure: `details` names every field at fault, like the server's `request.invalid`. */
export class ValidationError extends Error {
  constructor(details) {
    super(`Invalid input: ${details[0]?.field ?? ''}`);
    this.code = 'request.invalid';
    this.details = details;
  }
}

/** Collects issues while reading typed fields out of a plain object. */
export class FieldReader {
  constructor(object, prefix, allowed) {
    this.object = object ?? {};
    this.prefix = prefix ?? '';
    this.issues = [];
    for (const key of Object.keys(this.object).sort()) {
      if (!allowed.has(key)) this.add(key, 'unknown');
    }
  }

  name(key) { return this.prefix + key; }

  add(key, code, params = {}) { this.issues.push({ field: this.name(key), code, params }); }

  addIssue(issue) { this.issues.push(issue); }

  finish() { if (this.issues.length) throw new ValidationError(this.issues); }

  /** A number in [min, max]; undefined when absent (or null) or wrong. */
  number(key, { required = false, min, max }) {
    const v = this.object[key];
    if (v === undefined || v === null) {
      if (required) this.add(key, 'required');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add(key, 'type', { type: 'number' });
      return undefined;
    }
    if (v < min || v > max) {
      this.add(key, 'range', { min: formatNumber(min), max: formatNumber(max) });
      return undefined;
    }
    return v;
  }

  integer(key, opts) {
    const v = this.number(key, opts);
    if (v === undefined) return undefined;
    if (!Number.isInteger(v)) {
      this.add(key, 'type', { type: 'integer' });
      return undefined;
    }
    return v;
  }
}
