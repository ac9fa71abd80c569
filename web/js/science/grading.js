// Green grading by a standard of the catalogue (SCA arabica, Fine Robusta).
// Mirrors Sources/KafaeDomain/Grading/GreenGrader.swift; both run spec/vectors/grading.json.

import { FieldReader } from './fields.js';

const INPUT_KEYS = new Set(['standard', 'sampleG', 'defects', 'quakers', 'moisturePct', 'waterActivity']);

/** Validates a grading input and grades it. @throws {ValidationError} */
export function gradeGreen(standard, input, prefix = '') {
  const r = new FieldReader(input, prefix, INPUT_KEYS);
  const sampleG = r.number('sampleG', { min: 50, max: 5000 }) ?? standard.sampleG;
  const quakers = r.integer('quakers', { min: 0, max: 100000 });
  const moisturePct = r.number('moisturePct', { min: 0, max: 100 });
  const waterActivity = r.number('waterActivity', { min: 0, max: 1 });
  const counts = {};
  const defects = input?.defects;
  if (defects !== undefined && defects !== null) {
    if (typeof defects !== 'object' || Array.isArray(defects)) {
      r.add('defects', 'type', { type: 'object' });
    } else {
      const dr = new FieldReader(defects, `${r.name('defects')}.`, new Set(standard.defects.map((d) => d.key)));
      for (const d of standard.defects) {
        const n = dr.integer(d.key, { min: 0, max: 100000 });
        if (n !== undefined) counts[d.key] = n;
      }
      dr.issues.forEach((i) => r.addIssue(i));
    }
  }
  r.finish();
  return compute(standard, { counts, sampleG, quakers, moisturePct, waterActivity });
}

/** DESIGN §7's arithmetic on valid counts. */
export function compute(standard, { counts, sampleG, quakers, moisturePct, waterActivity }) {
  const fullDefects = {};
  let category1 = 0; let category2 = 0;
  for (const d of standard.defects) {
    const n = Math.floor((counts[d.key] ?? 0) / d.perFullDefect);
    fullDefects[d.key] = n;
    if (d.category === 1) category1 += n; else category2 += n;
  }
  const total = category1 + category2;
  const within = (limit, v) => limit === null || limit === undefined || v <= limit;
  let byDefects = standard.grades.findIndex((g) => within(g.maxCategory1, category1)
    && within(g.maxCategory2, category2) && within(g.maxTotal, total));
  if (byDefects < 0) byDefects = standard.grades.length - 1;

  const checks = [];
  let physicalOK = true;
  const [lo, hi] = standard.moistureRange;
  if (moisturePct !== undefined) {
    const ok = moisturePct >= lo && moisturePct <= hi;
    physicalOK = physicalOK && ok;
    checks.push({ key: 'moisture', status: ok ? 'pass' : 'fail', value: moisturePct });
  }
  if (waterActivity !== undefined) {
    const ok = waterActivity < standard.waterActivityBelow;
    physicalOK = physicalOK && ok;
    checks.push({ key: 'waterActivity', status: ok ? 'pass' : 'fail', value: waterActivity });
  }
  let index = byDefects;
  while (index < standard.grades.length - 1) {
    const g = standard.grades[index];
    const quakersOK = quakers === undefined || within(g.maxQuakers, quakers);
    if (quakersOK && (!g.requiresPhysicalChecks || physicalOK)) break;
    index += 1;
  }
  if (quakers !== undefined) {
    checks.push({ key: 'quakers', status: within(standard.grades[byDefects].maxQuakers, quakers) ? 'pass' : 'fail', value: quakers });
  }
  if (Math.abs(sampleG - standard.sampleG) > 0.5) checks.push({ key: 'sampleWeight', status: 'warn', value: sampleG });
  return {
    standard: standard.id, sampleG, counts, fullDefects, category1, category2, totalFullDefects: total,
    gradeByDefects: standard.grades[byDefects].key, grade: standard.grades[index].key, checks,
  };
}
