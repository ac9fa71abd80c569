// Every string of the app exists in Thai and in English: a key in one file only, or a key the code asks for that
// neither has, fails here rather than showing a raw key to a person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const read = (p) => readFileSync(new URL(p, import.meta.url), 'utf8');
const th = JSON.parse(read('../i18n/th.json'));
const en = JSON.parse(read('../i18n/en.json'));
const sources = ['../js/', '../components/'].flatMap((dir) =>
  readdirSync(new URL(dir, import.meta.url)).filter((f) => f.endsWith('.js')).map((f) => read(dir + f)));

test('Thai and English have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(th).sort(), Object.keys(en).sort());
  for (const [k, v] of [...Object.entries(th), ...Object.entries(en)]) assert.ok(typeof v === 'string' && v.trim(), `empty: ${k}`);
});

test('every key the code asks for exists', () => {
  const used = new Set(sources.flatMap((s) => [...s.matchAll(/\bt\('([A-Za-z0-9_.]+)'/g)].map((m) => m[1])));
  assert.ok(used.size > 100);
  for (const k of used) assert.ok(k in en, `missing key: ${k}`);
});

test('every choice shown through a key prefix has its strings', async () => {
  const records = await import('../js/records.js');
  const { catalogue } = await import('../js/science/index.js');
  const expect = [
    ...records.SPECIES.map((v) => `species.${v}`), ...records.STAGES.map((v) => `stage.${v}`),
    ...records.PROCESSES.map((v) => `process.${v}`), ...records.ROLES.map((v) => `role.${v}`),
    ...catalogue.gradingStandards.flatMap((s) => s.grades.map((g) => `grade.${g.key}`)),
    ...catalogue.forms.map((f) => `protocol.${f.id}`),
    ...catalogue.forms.flatMap((f) => f.sections.flatMap((s) => s.choices.map((c) => `descriptor.${c}`))),
    ...['synced', 'syncing', 'waiting', 'offline', 'error'].map((s) => `sync.${s}`),
    ...['farm', 'lot', 'grading', 'cuppingSession', 'cuppingScore', 'roastBatch'].map((e) => `entity.${e}`),
  ];
  for (const k of expect) assert.ok(k in en && k in th, `missing key: ${k}`);
});

test('placeholders match between the languages', () => {
  const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(en)) assert.deepEqual(names(th[k]), names(en[k]), k);
});
