// The roast science's hardening, as the Swift has it (Tests/KafaeDomainTests/ParserHardeningTests.swift): every
// input gives a profile and an analysis or a RoastError with the server's code, the parser and the RoR curve stay
// linear, and the curve gives the same figures as before on real logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import {
  parseArtisan, profileFromArtisan, analyzeRoast, parsePythonLiteral, curve, numberKeyText, RoastError, TooManyItems,
  MAX_SAMPLES, MAX_DEPTH, ROR_WINDOW_S,
} from '../js/science/roast.js';
import { roundPlaces } from '../js/science/numbers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const logsDir = join(root, '..', 'shared', 'data', 'artisan-alog');
const realLogs = () => (existsSync(logsDir) ? readdirSync(logsDir).filter((f) => f.endsWith('.alog')).sort() : []);

/** Parses and analyzes a log: null for a result, else the RoastError (anything else fails the test). */
function failure(text) {
  try {
    analyzeRoast(parseArtisan(text));
    return null;
  } catch (e) {
    assert.ok(e instanceof RoastError, `not a RoastError: ${e}`);
    return e;
  }
}
const code = (text) => failure(text)?.code ?? null;
const errorOf = (fn) => {
  try { fn(); return null; } catch (e) { assert.ok(e instanceof RoastError, `not a RoastError: ${e}`); return { code: e.code, params: e.params }; }
};

/** A flat profile built in code (what analyzeRoast takes). */
const profile = (time, bt, extra = {}) => ({
  unit: 'C', time, et: time.map(() => null), bt, charge: 0, dryEnd: null, firstCrack: null, firstCrackEnd: null,
  secondCrack: null, secondCrackEnd: null, drop: null, cool: null, weightInG: null, weightOutG: null, dryingEndTemp: null, ...extra,
});

/** The curve as it was computed before (a fresh least-squares sum over the window for every sample). */
function referenceCurve(p, start, end) {
  const c = { timeS: [], bt: [], et: [], ror: [] };
  const t0 = p.time[start];
  let windowStart = start;
  for (let i = start; i <= end; i += 1) {
    c.timeS.push(roundPlaces(p.time[i] - t0, 2));
    c.bt.push(p.bt[i] === null ? null : roundPlaces(p.bt[i], 2));
    c.et.push(p.et[i] === null ? null : roundPlaces(p.et[i], 2));
    while (p.time[i] - p.time[windowStart] > ROR_WINDOW_S) windowStart += 1;
    let n = 0; let st = 0; let sb = 0; let stt = 0; let stb = 0;
    for (let j = windowStart; j <= i; j += 1) {
      const v = p.bt[j];
      if (v === null) continue;
      const x = p.time[j] - t0;
      n += 1; st += x; sb += v; stt += x * x; stb += x * v;
    }
    const den = n * stt - st * st;
    c.ror.push(n >= 3 && p.time[i] - p.time[windowStart] >= ROR_WINDOW_S / 2 && den > 0
      ? roundPlaces(((n * stb - st * sb) / den) * 60, 1) : null);
  }
  return c;
}

const HOSTILE = ['1e19', '-1e19', 'nan', 'inf', '-inf', '1e308', '-1e308', '-0', '-0.0', '9223372036854775808',
  '-9223372036854775809', '18446744073709551616', '1.5', '0.5', '-1', '4.9e-324', '1e-320'];

test('60,000 equal times finish, with no slope', () => {
  const n = 60000;
  const p = profile(new Array(n).fill(5), Array.from({ length: n }, (_, k) => 150 + (k % 50)));
  const c = curve(p, 0, n - 1);
  assert.equal(c.ror.length, n);
  assert.ok(c.ror.every((v) => v === null), 'no slope over no time');
  // The same through the parser, at the cap.
  const m = MAX_SAMPLES;
  const text = `{'timex': [${new Array(m).fill('5').join(',')}], 'temp2': [${Array.from({ length: m }, (_, k) => 150 + (k % 50)).join(',')}], 'timeindex': [0, 0, 0, 0, 0, 0, ${m - 1}, 0]}`;
  assert.equal(analyzeRoast(parseArtisan(text)).curve.ror.length, m);
  // Dense times (many samples per window) stay linear too, and still give a slope.
  const dense = profile(Array.from({ length: m }, (_, k) => k * 0.01), Array.from({ length: m }, (_, k) => 100 + k * 0.01));
  assert.equal(curve(dense, 0, m - 1).ror.at(-1), 60, '1 degree per second');
});

test('at most 50,000 samples', () => {
  const log = (n) => `{'timex': [${Array.from({ length: n }, (_, k) => k).join(',')}], 'temp2': [${Array.from({ length: n }, (_, k) => 100 + (k % 100)).join(',')}], 'timeindex': [0, 0, 0, 0, 0, 0, 0, 0]}`;
  assert.equal(code(log(MAX_SAMPLES)), null);
  assert.deepEqual(errorOf(() => parseArtisan(log(MAX_SAMPLES + 1))), { code: 'roast.too_many_samples', params: { max: '50000' } });
  // A profile built in code is checked too.
  const n = MAX_SAMPLES + 1;
  assert.equal(errorOf(() => analyzeRoast(profile(Array.from({ length: n }, (_, k) => k), new Array(n).fill(100)))).code, 'roast.too_many_samples');
  // A runaway list anywhere in the file stops the parser early, with the same error.
  const runaway = (k) => `{'extratimex': [[${new Array(k).fill('1').join(',')}]]}`;
  assert.deepEqual(errorOf(() => parseArtisan(runaway(2 * MAX_SAMPLES + 1))), { code: 'roast.too_many_samples', params: { max: '50000' } });
  assert.equal(code(runaway(2 * MAX_SAMPLES)), 'roast.no_samples');
  assert.throws(() => parsePythonLiteral('[1, 2, 3]', { maxItems: 2 }), TooManyItems);
  assert.throws(() => parsePythonLiteral("{'a': 1, 'b': 2, 'c': 3}", { maxItems: 2 }), TooManyItems);
  assert.deepEqual(parsePythonLiteral('[1, 2]', { maxItems: 2 }), [1, 2]);
});

test('decreasing times are refused, equal times tolerated', () => {
  assert.deepEqual(errorOf(() => parseArtisan("{'timex':[0,10,5,20],'temp2':[1,2,3,4]}")), { code: 'roast.bad_field', params: { field: 'timex' } });
  assert.equal(code("{'timex':[0,10,5,20],'temp2':[1,2,3,4],'timeindex':[0]}"), 'roast.bad_field');
  assert.equal(code("{'timex':[0,10,10,20],'temp2':[1,2,3,4],'timeindex':[0]}"), null);
  assert.deepEqual(errorOf(() => analyzeRoast(profile([0, 10, 5, 20], [1, 2, 3, 4]))), { code: 'roast.bad_field', params: { field: 'timex' } });
  // Times within ±1e6 s, readings within ±1e5, weights up to 1e8 g.
  const base = { timex: '[0, 10, 20, 30, 40]', temp1: '[200, 190, 180, 185, 190]', temp2: '[180, 150, 140, 150, 160]',
    timeindex: '[0, 0, 2, 0, 0, 0, 4, 0]', weight: "[100, 85, 'g']", phases: '[150, 160, 190, 210]', roastepoch: '1700000000' };
  const log = (changes) => `{${Object.entries({ ...base, ...changes }).map(([k, v]) => `'${k}': ${v}`).join(', ')}}`;
  assert.equal(code(log({})), null);
  assert.deepEqual(errorOf(() => parseArtisan(log({ timex: '[0, 10, 20, 30, 1e19]' }))).params, { field: 'timex' });
  assert.deepEqual(errorOf(() => parseArtisan(log({ timex: '[-1000000.5, 10, 20, 30, 40]' }))).params, { field: 'timex' });
  assert.equal(code(log({ timex: '[-1000000, 10, 20, 30, 1000000]' })), null);
  assert.deepEqual(errorOf(() => parseArtisan(log({ temp2: '[180, 1e300, 140, 150, 160]' }))).params, { field: 'temp2' });
  assert.deepEqual(errorOf(() => parseArtisan(log({ temp1: '[200, -100000.5, 180, 185, 190]' }))).params, { field: 'temp1' });
  assert.deepEqual(errorOf(() => parseArtisan(log({ weight: "[1e308, 1, 'lb']" }))).params, { field: 'weight' });
  assert.deepEqual(errorOf(() => parseArtisan(log({ weight: "[100, 100001, 'kg']" }))).params, { field: 'weight' });
  assert.equal(parseArtisan(log({ weight: "[100, 85, 3]" })).weightInG, 100, 'a unit that is not text is grams');
  // A start time outside the years 1970–9999 is unknown.
  assert.equal(parseArtisan(log({})).roastedAt, '2023-11-14T22:13:20.000Z');
  assert.equal(parseArtisan(log({ roastepoch: '1e300' })).roastedAt, null);
  assert.equal(parseArtisan(log({ roastepoch: '253402300800' })).roastedAt, null);
  assert.equal(parseArtisan(log({ roastepoch: '-1' })).roastedAt, null);
  // Every number of every field takes every hostile value: a result or a RoastError, never anything else.
  for (const n of HOSTILE) {
    for (const [key, value] of Object.entries(base)) {
      const parts = value.split(',');
      parts.forEach((part, i) => {
        const mutated = [...parts];
        mutated[i] = (part.trim().startsWith('[') ? '[' : '') + n + (part.endsWith(']') ? ']' : '');
        failure(log({ [key]: mutated.join(',') }));
      });
    }
  }
});

test('timeindex: 1e19, fractions and NaN as the Swift reads them', () => {
  const log = (ti) => `{'timex':[0,1],'temp2':[1,2],'timeindex':[${ti}]}`;
  assert.equal(code(log('1e19')), 'roast.no_charge', 'past the samples: not set');
  assert.deepEqual(errorOf(() => parseArtisan(log('1.5'))), { code: 'roast.bad_field', params: { field: 'timeindex' } });
  assert.deepEqual(errorOf(() => parseArtisan(log('0, 0, 0, 0, 0, 0, 0.5'))), { code: 'roast.bad_field', params: { field: 'timeindex' } });
  assert.equal(code(log('0, 0, 0, 0, 0, 0, 0, 0, 1.5')), null, 'only the first eight entries mean anything');
  assert.equal(code(log('-0.0, 0, 0, 0, 0, 0, 1e19, -1e19')), null, '-0 is sample 0');
  assert.equal(parseArtisan(log('-0.0')).charge, 0);
  assert.ok(Object.is(parseArtisan(log('-0.0')).charge, 0));
  assert.equal(code(log("None, 'x', [], 0, 0, 0, 0, 0")), null, 'not a number: 0, as before');
  // nan in the file is no number (0); a NaN number put there in code is malformed.
  assert.equal(parseArtisan(log('nan')).charge, 0);
  assert.equal(parseArtisan(log('inf')).charge, 0);
  assert.deepEqual(errorOf(() => profileFromArtisan({ timex: [0, 1], temp2: [1, 2], timeindex: [NaN] })), { code: 'roast.bad_field', params: { field: 'timeindex' } });
  assert.deepEqual(errorOf(() => profileFromArtisan({ timex: [0, 1], temp2: [1, 2], timeindex: [Infinity] })), { code: 'roast.bad_field', params: { field: 'timeindex' } });
  const p = parseArtisan("{'timex':[0,1,2],'temp2':[1,2,3],'timeindex':[0,0,0,0,0,0,9223372036854775807,2]}");
  assert.equal(p.drop, null, 'Int.max is past the samples');
  assert.equal(p.cool, 2);
  for (const n of HOSTILE) {
    for (let k = 0; k < 8; k += 1) {
      const ti = new Array(8).fill('0');
      ti[k] = n;
      failure(`{'timex':[0,1,2],'temp2':[100,101,102],'timeindex':[${ti.join(',')}]}`);
    }
  }
  // Events built in code past the samples are not events; a CHARGE outside them is no samples.
  const ok = profile([0, 10, 20, 30], [200, 150, 160, 170], { drop: 3 });
  assert.equal(analyzeRoast({ ...ok, drop: 99, firstCrack: Number.MAX_SAFE_INTEGER }).events.dropS, null);
  assert.equal(errorOf(() => analyzeRoast({ ...ok, charge: -1 })).code, 'roast.no_samples');
  assert.equal(errorOf(() => analyzeRoast({ ...ok, bt: [200, 150] })).code, 'roast.bad_field');
  assert.equal(errorOf(() => analyzeRoast({ ...ok, bt: [200, NaN, 160, 170] })).code, 'roast.bad_field');
  assert.equal(errorOf(() => analyzeRoast({ ...ok, time: [0, Infinity, 20, 30] })).code, 'roast.bad_field');
  assert.equal(errorOf(() => analyzeRoast({ ...ok, weightInG: Infinity })).code, 'roast.bad_field');
});

test('deep nesting is refused', () => {
  for (const [open, close] of [['[', ']'], ['(', ')'], ["{'a':", '}']]) {
    const nested = (d) => open.repeat(d) + '1' + close.repeat(d);
    assert.doesNotThrow(() => parsePythonLiteral(nested(MAX_DEPTH)));
    for (const d of [MAX_DEPTH + 1, 100000]) {
      const e = errorOf(() => parsePythonLiteral(nested(d)));
      assert.equal(e.code, 'roast.unreadable_file');
      assert.equal(e.params.reason, 'nested too deeply');
    }
  }
  assert.equal(code('['.repeat(100000)), 'roast.unreadable_file');
  assert.equal(code('['.repeat(1000000)), 'roast.unreadable_file');
});

test('number dict keys as the Swift writes them', () => {
  assert.equal(code('{1e19: 1}'), 'roast.no_samples');
  for (const n of HOSTILE) failure(`{${n}: 1}`);
  assert.deepEqual(Object.keys(parsePythonLiteral('{1e19: 1, -1e19: 2, 9223372036854775808: 3, -0.0: 4, 2.5: 5, 7: 6}')).sort(),
    ['-1e+19', '0', '1e+19', '2.5', '7', '9.223372036854776e+18']);
  assert.equal(code('{nan: 1}'), 'roast.unreadable_file', 'a nan key is no key');
  const cases = [[-(2 ** 63), '-9223372036854775808'], [2 ** 53 + 2, '9007199254740994'], [1e-5, '1e-05'], [1.5e-5, '1.5e-05'],
    [0.0001, '0.0001'], [0.00012345, '0.00012345'], [5e-324, '5e-324'], [1e300, '1e+300'], [123456789012345.6, '123456789012345.6'],
    [1.2345678901234567e17, '123456789012345664'], [1e21, '1e+21']];
  for (const [n, text] of cases) assert.equal(numberKeyText(n), text, String(n));
  // A key is data: `__proto__` does not set the prototype (the Swift sees no timex here).
  const o = parsePythonLiteral("{'__proto__': {'timex': [0, 1]}}");
  assert.equal(Object.getPrototypeOf(o), Object.prototype);
  assert.equal(o.timex, undefined);
  assert.equal(code("{'__proto__': {'timex': [0, 1], 'temp2': [1, 2]}}"), 'roast.no_samples');
  assert.equal(code("{'constructor': 1, 'timex': [0, 1], 'temp2': [1, 2], 'timeindex': [0], 'weight': [1, 1, 'constructor']}"), null);
});

test('the curve is unchanged on the real logs and the vectors', (t) => {
  const profiles = JSON.parse(readFileSync(join(root, 'spec', 'vectors', 'roast.json'), 'utf8')).cases.map((c) => [c.name, profileFromArtisan(c.profile)]);
  for (const f of realLogs()) profiles.push([f, parseArtisan(readFileSync(join(logsDir, f), 'utf8'))]);
  if (profiles.length < 9) t.diagnostic('no shared data: vectors only');
  let slopes = 0;
  for (const [name, p] of profiles) {
    const a = analyzeRoast(p);
    const end = p.drop !== null && p.drop > p.charge ? p.drop : p.time.length - 1;
    assert.deepEqual(a.curve, referenceCurve(p, p.charge, end), name);
    slopes += a.curve.ror.filter((v) => v !== null).length;
  }
  assert.ok(slopes > 1000, `${slopes} slopes compared`);
  // Synthetic logs sampled from every 0.05 s (running sums) to every 5 s (fresh sums): the same figures.
  let seed = 42;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (const interval of [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5]) {
    const time = []; const bt = [];
    let x = random(); let temp = 200;
    while (x < 900) {
      time.push(x);
      temp += random() * 0.6 - 0.2;
      bt.push(random() < 0.02 ? null : Math.round(temp * 10) / 10);
      x += interval * (0.9 + random() * 0.2);
    }
    const p = profile(time, bt);
    assert.deepEqual(curve(p, 0, time.length - 1), referenceCurve(p, 0, time.length - 1), `every ${interval} s`);
  }
});

test('wrong types name the field; odd strings and numbers are no crash', () => {
  for (const key of ['timex', 'temp1', 'temp2', 'timeindex']) {
    for (const value of ["'x'", '1', '{}', 'True', "{'a': [1]}"]) {
      const d = { timex: '[0, 1]', temp1: '[1, 2]', temp2: '[1, 2]', timeindex: '[0]', [key]: value };
      const text = `{${Object.entries(d).map(([k, v]) => `'${k}': ${v}`).join(', ')}}`;
      assert.deepEqual(errorOf(() => parseArtisan(text)), { code: 'roast.bad_field', params: { field: key } }, text);
    }
  }
  assert.equal(code("{'timex': [0, 1], 'temp1': None, 'temp2': [1, 2], 'timeindex': [0], 'weight': 'x', 'mode': 3, 'phases': {}}"), null);
  assert.equal(parseArtisan("{'timex': [0, 1], 'temp2': [1, 2], 'mode': ['f']}").unit, 'C', 'a mode that is not text is C');
  assert.equal(code(''), 'roast.empty_file');
  assert.equal(code('   '), 'roast.unreadable_file');
  assert.equal(code('\ufeff'), 'roast.unreadable_file');
  // A number of hundreds of digits is refused as soon as it is seen (1e400 is inf: no time).
  assert.equal(code(`{'timex': [${'1'.repeat(400)}], 'temp2': [1]}`), 'roast.bad_field');
  assert.equal(failure(`{'timex': [${'1_'.repeat(4000000)}1]}`).params.reason, 'number too long');
  assert.equal(code("{'timex': [0, 1], 'temp2': [1, 2], 'title': '\\x"), 'roast.unreadable_file');
  assert.equal(code("{'timex': [0, 1], 'temp2': [1, 2], 'title': '\\u12"), 'roast.unreadable_file');
  const p = parseArtisan("{'timex': [0, 1], 'temp2': [1, 2], 'timeindex': [0], 'title': '\\ud800\\ud800\\U0011ffff\\ud83d\\ude00\\x41'}");
  assert.equal(p.title, '\ufffd\ufffd\ufffd\u{1f600}A', 'what is not a character is U+FFFD, as in the Swift');
  // Offsets count UTF-8 bytes, as the server does.
  assert.equal(failure("{'title': 'ดอยช้าง', 'x': ?}").params.offset, String(new TextEncoder().encode("{'title': 'ดอยช้าง', 'x': ").length));
});

test('every truncation of a real log and every fuzz regression is a result or a RoastError', () => {
  for (const f of realLogs().slice(0, 2)) {
    const whole = readFileSync(join(logsDir, f), 'utf8');
    for (let end = 0; end < whole.length; end += Math.max(1, Math.floor(whole.length / 300))) failure(whole.slice(0, end));
  }
  const dir = join(root, 'Tests', 'fuzz-regressions', 'alog');
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).filter((name) => !name.startsWith('.') && name !== 'README.md')) {
    failure(readFileSync(join(dir, f), 'utf8'));
  }
});
