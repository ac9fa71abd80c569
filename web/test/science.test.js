// Runs spec/vectors/*.json against the PWA's science modules: the same cases the Swift tests run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import {
  catalogue, form, standard, scoreCupping, band, gradeGreen, parseArtisan, profileFromArtisan, analyzeRoast, parsePythonLiteral,
} from '../js/science/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vectors = (name) => JSON.parse(readFileSync(join(root, 'spec', 'vectors', name), 'utf8'));

function errorOf(fn) {
  try { fn(); return null; } catch (e) { return { code: e.code, fields: (e.details ?? []).map((d) => d.field).sort() }; }
}

test('cupping vectors', () => {
  const v = vectors('cupping.json');
  assert.ok(v.cases.length > 25);
  for (const c of v.cases) {
    const f = form(c.protocol);
    assert.ok(f, c.protocol);
    if (c.expect) {
      const r = scoreCupping(f, c.scores, 'scores.');
      assert.deepEqual({ total: r.total, defects: r.defects, finalScore: r.finalScore, band: r.band }, c.expect, c.name);
    } else {
      assert.deepEqual(errorOf(() => scoreCupping(f, c.scores, 'scores.')), c.expectError, c.name);
    }
  }
  for (const b of v.bands) assert.equal(band(form(b.protocol), b.score), b.band, JSON.stringify(b));
});

test('grading vectors', () => {
  const v = vectors('grading.json');
  for (const c of v.cases) {
    const r = gradeGreen(standard(c.input.standard), c.input);
    const got = { category1: r.category1, category2: r.category2, totalFullDefects: r.totalFullDefects, grade: r.grade, gradeByDefects: r.gradeByDefects };
    assert.deepEqual(got, c.expect, c.name);
  }
  for (const c of v.errors) {
    assert.deepEqual(errorOf(() => gradeGreen(standard(c.input.standard), c.input)), c.expectError, c.name);
  }
});

test('roast vectors match Artisan', () => {
  const v = vectors('roast.json');
  assert.ok(v.cases.length >= 8);
  for (const c of v.cases) {
    const a = analyzeRoast(profileFromArtisan(c.profile));
    const mine = {
      turningPointS: a.events.turningPointS, turningPointBt: a.events.turningPointBt, dryEndS: a.events.dryEndS,
      firstCrackS: a.events.firstCrackS, firstCrackBt: a.events.firstCrackBt, firstCrackEndS: a.events.firstCrackEndS,
      dropS: a.events.dropS, dropBt: a.events.dropBt, developmentS: a.phases.developmentS, totalS: a.phases.totalS,
      rorDry: a.ror.dry, rorMid: a.ror.mid, rorFinish: a.ror.finish, rorTotal: a.ror.total, dtrPct: a.dtrPct, weightLossPct: a.weightLossPct,
    };
    for (const [key, expected] of Object.entries(c.expect)) {
      assert.notEqual(mine[key], null, `${c.name} ${key}`);
      const tol = key === 'weightLossPct' ? 0.5 : 0.051;
      assert.ok(Math.abs(mine[key] - expected) <= tol, `${c.name} ${key}: ${mine[key]} vs ${expected}`);
    }
    assert.equal(a.curve.timeS.length, a.curve.ror.length);
  }
});

test('real .alog files parse in the browser code too', (t) => {
  const dir = join(root, '..', 'shared', 'data', 'artisan-alog');
  if (!existsSync(dir)) { t.skip('no shared data'); return; }
  const files = readdirSync(dir).filter((f) => f.endsWith('.alog'));
  assert.ok(files.length >= 8);
  for (const f of files) {
    const p = parseArtisan(readFileSync(join(dir, f), 'utf8'));
    assert.ok(p.time.length > 0, f);
  }
  const a = analyzeRoast(parseArtisan(readFileSync(join(dir, 'roast_25-10-04_1600.alog'), 'utf8')));
  assert.equal(a.dtrPct, 22.9);
  assert.equal(a.events.firstCrackS, 475.5);
  assert.equal(a.weightLossPct, 16);
});

test('bad logs are clear errors', () => {
  const code = (text) => { try { analyzeRoast(parseArtisan(text)); return null; } catch (e) { return e.code; } };
  assert.equal(code(''), 'roast.empty_file');
  assert.equal(code('not a log'), 'roast.unreadable_file');
  assert.equal(code("{'timex': [], 'temp2': []}"), 'roast.no_samples');
  assert.equal(code("{'timex': [0, 1], 'temp2': [100, 101], 'timeindex': [-1, 0, 0, 0, 0, 0, 0, 0]}"), 'roast.no_charge');
  assert.equal(code("{'timex': [0, 1, 2], 'temp2': [100]}"), 'roast.bad_field');
  assert.deepEqual(parsePythonLiteral("{'a': (1, -2.5e1), 'b': u'x\\'y', 'c': [True, None, nan]}"), { a: [1, -25], b: "x'y", c: [true, null, null] });
});

test('equal CVA ratings give the documented scores', () => {
  const keys = ['fragrance', 'aroma', 'flavor', 'aftertaste', 'acidity', 'sweetness', 'mouthfeel', 'overall'];
  for (const [rating, expected] of [[5, 79], [7, 89.5], [9, 100]]) {
    const scores = Object.fromEntries(keys.map((k) => [k, rating]));
    assert.equal(scoreCupping(form('cva2024'), scores).finalScore, expected);
  }
});

test('adding a defect never improves a grade', () => {
  for (const s of catalogue.gradingStandards) {
    const order = s.grades.map((g) => g.key);
    for (let n = 0; n < 300; n += 1) {
      const defects = {};
      for (const d of s.defects) if (Math.random() < 0.3) defects[d.key] = Math.floor(Math.random() * 13);
      const quakers = Math.floor(Math.random() * 7);
      const before = gradeGreen(s, { defects, quakers });
      const d = s.defects[Math.floor(Math.random() * s.defects.length)];
      defects[d.key] = (defects[d.key] ?? 0) + 1;
      const after = gradeGreen(s, { defects, quakers });
      assert.ok(order.indexOf(after.grade) >= order.indexOf(before.grade), `${s.id} ${d.key}`);
    }
  }
});
