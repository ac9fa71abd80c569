// Cupping scores for any form of the catalogue (SCA 2004, CVA 2024, Fine Robusta).
// Mirrors Sources/KafaeDomain/Cupping/CuppingScorer.swift; both run spec/vectors/cupping.json.

import { FieldReader } from './fields.js';
import { roundPlaces, roundToStep, formatNumber } from './numbers.js';

function onStep(v, min, step) {
  if (!(step > 0)) return true;
  const n = (v - min) / step;
  return Math.abs(n - Math.round(n)) < 1e-9;
}

/** The score class of a final score: the first band (highest first) whose minimum it reaches. */
export function band(form, score) {
  const b = form.bands.find((x) => x.min === null || score >= x.min);
  return b ? b.key : null;
}

/**
 * Validates a sheet against its form and scores it.
 * @returns {{protocol, values, descriptors, total, defects, finalScore, band}}
 * @throws {ValidationError} naming every field off the scale, off the step, missing or unknown.
 */
export function scoreCupping(form, input, prefix = '') {
  const r = new FieldReader(input, prefix, new Set(form.sections.map((s) => s.key)));
  const values = {};
  const descriptors = {};
  for (const s of form.sections) {
    if (s.kind === 'descriptors') {
      const raw = input?.[s.key];
      if (raw === undefined || raw === null) continue;
      if (!Array.isArray(raw)) { r.add(s.key, 'type', { type: 'array' }); continue; }
      const picked = [];
      for (const item of raw) {
        if (typeof item !== 'string' || !s.choices.includes(item)) {
          r.add(s.key, 'oneOf', { allowed: s.choices.join(', ') });
          break;
        }
        if (!picked.includes(item)) picked.push(item);
      }
      descriptors[s.key] = picked;
      continue;
    }
    const raw = input?.[s.key];
    const present = raw !== undefined && raw !== null;
    const v = r.number(s.key, { required: s.required, min: s.min, max: s.max });
    if (v === undefined) {
      if (!present && !s.required) values[s.key] = 0;
      continue;
    }
    if (!onStep(v, s.min, s.step)) {
      r.add(s.key, 'step', { step: formatNumber(s.step) });
      continue;
    }
    values[s.key] = v;
  }
  const deductionKeys = form.sections.filter((s) => s.kind === 'deduction').map((s) => s.key);
  const deducted = deductionKeys.reduce((sum, k) => sum + (values[k] ?? 0), 0);
  if (deducted > form.cupsPerSample && deductionKeys.length) {
    r.add(deductionKeys[deductionKeys.length - 1], 'cupsTotal', {
      cups: String(form.cupsPerSample), fields: deductionKeys.map((k) => r.name(k)).join(' + '),
    });
  }
  r.finish();
  return compute(form, values, descriptors);
}

/** The arithmetic of DESIGN §7 on valid values. */
export function compute(form, values, descriptors = {}) {
  let quality = 0; let cups = 0; let deductions = 0;
  for (const s of form.sections) {
    const v = values[s.key] ?? 0;
    if (s.kind === 'quality') quality += v;
    else if (s.kind === 'cups') cups += v * s.points;
    else if (s.kind === 'deduction') deductions += v * s.points;
  }
  let total = null; let finalScore = null;
  if (form.scoring.kind === 'sum') {
    total = roundPlaces(quality + cups, 2);
    finalScore = roundPlaces(quality + cups - deductions, 2);
  } else if (form.scoring.kind === 'reported') {
    const reported = values[form.scoring.key] ?? 0;
    total = roundPlaces(quality - reported, 2);
    finalScore = roundPlaces(reported - deductions, 2);
  } else if (form.scoring.kind === 'linear') {
    const { factor, offset, roundTo } = form.scoring;
    total = roundPlaces(factor * quality + offset, 5);
    finalScore = roundToStep(factor * quality + offset - deductions, roundTo);
  }
  return {
    protocol: form.id, values, descriptors, total, defects: deductions, finalScore,
    band: finalScore === null ? null : band(form, finalScore),
  };
}
