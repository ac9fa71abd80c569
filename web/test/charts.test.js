// The PWA's charts: well-formed SVG that names itself to assistive technology, escapes every caller-given
// text, never prints NaN/Infinity/undefined whatever the data, thins long roasts to a bounded point count,
// and gives the same markup for the same data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { radarChart, roastCurveChart, trendChart, downsample, mmss } from '../js/charts/index.js';
import { STYLES } from '../js/charts/roastCurve.js';
import { BAND_FILLS } from '../js/charts/trend.js';
import { PALETTE, INK, esc, num, ticks, niceDomain, fitText, textWidth } from '../js/charts/svg.js';
import { parseArtisan, analyzeRoast } from '../js/science/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const logsDir = join(root, '..', 'shared', 'data', 'artisan-alog');

// ---- a tiny SVG checker -------------------------------------------------------------------------------------

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z][\w:.-]*="[^"<]*")*)\s*(\/?)>/y;
const ATTR = /([A-Za-z][\w:.-]*)="([^"<]*)"/g;
const BAD_AMP = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/** Parses the markup as XML enough to trust it: one <svg> root, balanced tags, quoted attributes, no stray & or <. */
function parseSvg(svg) {
  assert.equal(typeof svg, 'string');
  assert.ok(svg.startsWith('<svg '), 'starts with <svg');
  const stack = [];
  const elements = [];
  let i = 0;
  let closedRoot = false;
  while (i < svg.length) {
    const lt = svg.indexOf('<', i);
    const text = svg.slice(i, lt < 0 ? svg.length : lt);
    assert.ok(!BAD_AMP.test(text), `stray & in text: ${text}`);
    assert.ok(!text.includes('>'), `raw > in text: ${text}`);
    if (text.trim()) {
      assert.ok(stack.length > 0, 'text outside the root');
      stack[stack.length - 1].text += text;
    }
    if (lt < 0) break;
    assert.ok(!closedRoot, `content after the root: ${svg.slice(lt, lt + 40)}`);
    TAG.lastIndex = lt;
    const m = TAG.exec(svg);
    assert.ok(m, `malformed tag at ${lt}: ${svg.slice(lt, lt + 80)}`);
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      assert.equal(attrText.trim(), '', `attributes on </${name}>`);
      const open = stack.pop();
      assert.ok(open, `</${name}> closes nothing`);
      assert.equal(open.name, name, `</${name}> closes <${open.name}>`);
      if (!stack.length) closedRoot = true;
    } else {
      const attrs = {};
      for (const [, k, v] of attrText.matchAll(ATTR)) {
        assert.ok(!(k in attrs), `duplicate attribute ${k} on <${name}>`);
        assert.ok(!BAD_AMP.test(v), `stray & in ${k}="${v}"`);
        attrs[k] = v;
      }
      const el = { name, attrs, children: [], text: '', parent: stack[stack.length - 1] ?? null };
      if (el.parent) el.parent.children.push(el);
      else assert.equal(elements.length, 0, 'a second root');
      elements.push(el);
      if (selfClosing) { if (!stack.length) closedRoot = true; } else stack.push(el);
    }
    i = TAG.lastIndex;
  }
  assert.equal(stack.length, 0, `unclosed: ${stack.map((e) => e.name).join(' ')}`);
  assert.ok(closedRoot);
  return { root: elements[0], elements };
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Everything a chart must be, whatever the data. */
function checkChart(svg, ariaLabel) {
  const { root, elements } = parseSvg(svg);
  assert.equal(root.name, 'svg');
  assert.equal(root.attrs.role, 'img');
  assert.equal(root.attrs.xmlns, 'http://www.w3.org/2000/svg');
  assert.equal(unescape(root.attrs['aria-label']), ariaLabel);
  assert.equal(root.children[0]?.name, 'title', 'the title comes first');
  assert.equal(unescape(root.children[0].text), ariaLabel);
  const vb = root.attrs.viewBox.split(' ').map(Number);
  assert.equal(vb.length, 4);
  assert.ok(vb.every(Number.isFinite) && vb[2] === 360 && vb[3] > 100 && vb[3] < 1000, `viewBox ${root.attrs.viewBox}`);
  assert.ok(!('height' in root.attrs), 'no fixed height: the chart scales with its width');
  for (const el of elements) {
    for (const [k, v] of Object.entries(el.attrs)) {
      for (const bad of ['NaN', 'Infinity', 'undefined', 'null', '[object']) assert.ok(!v.includes(bad), `${bad} in <${el.name} ${k}="${v}">`);
      if (NUMERIC.has(k) && !(el === root && k === 'width')) assert.match(v, NUMBER, `<${el.name} ${k}="${v}">`);
    }
    if ('d' in el.attrs) assert.match(el.attrs.d, PATH, `<${el.name} d>`);
    if ('points' in el.attrs) assert.match(el.attrs.points, POINTS, `<${el.name} points>`);
  }
  for (const bad of ['NaN', 'Infinity', 'undefined']) assert.ok(!svg.includes(bad), `${bad} in the markup`);
  for (const el of elements) assert.ok(!('style' in el.attrs) && !('id' in el.attrs), `<${el.name}> has style or id`);
  return { root, elements };
}

// Plain decimals only: no exponent, no NaN, nothing else.
const N = '-?\\d+(?:\\.\\d+)?';
const NUMBER = new RegExp(`^${N}$`);
const PATH = new RegExp(`^(?:[ML]${N} ${N}|h0)*$`);
const POINTS = new RegExp(`^(?:${N},${N})?(?: ${N},${N})*$`);
const NUMERIC = new Set(['x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'dy', 'width', 'height', 'font-size', 'stroke-width', 'fill-opacity']);

const elements0 = (svg) => checkChart(svg, unescape(svg.match(/aria-label="([^"]*)"/)[1])).elements;
const pathPoints = (d) => (d.match(/[ML]/g) ?? []).length;
const legendOf = (elements) => elements.find((e) => e.name === 'g' && e.attrs.class === 'legend');

// ---- sample data --------------------------------------------------------------------------------------------

const SCA = ['fragrance', 'flavor', 'aftertaste', 'acidity', 'body', 'balance', 'uniformity', 'cleanCup', 'sweetness', 'overall'];
const THAI = ['กลิ่นหอม', 'รสชาติ', 'รสที่ค้างอยู่ในปากหลังกลืนกาแฟ', 'ความเปรี้ยว', 'บอดี้', 'ความสมดุล', 'ความสม่ำเสมอ', 'ความสะอาดของถ้วย', 'ความหวาน', 'คะแนนรวมโดยผู้ชิม'];
const axes = SCA.map((key, i) => ({ key, label: THAI[i] }));
const cup = (base) => Object.fromEntries(SCA.map((k, i) => [k, base + (i % 4) * 0.25]));

/** A roast of n samples over 15 minutes, with a gap in BT. */
function roast(n) {
  const timeS = Array.from({ length: n }, (_, i) => (i * 900) / n);
  const bt = timeS.map((t) => (t < 90 ? 200 - t : 110 + (t - 90) * 0.11));
  const et = timeS.map((t) => 240 + 10 * Math.sin(t / 60));
  const ror = timeS.map((t) => (t < 90 ? -60 : 18 - t / 60));
  bt[Math.floor(n / 2)] = null;
  return { timeS, bt, et, ror };
}
const events = { chargeS: 0, chargeBt: 200, turningPointS: 90, dryEndS: 330, firstCrackS: 690, firstCrackEndS: 760, dropS: 899, dryEndEstimated: false };

/** A small deterministic generator (a linear congruential one) for the hostile-data rounds. */
function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}
const HOSTILE = [null, undefined, NaN, Infinity, -Infinity, 0, -0, 1e308, -1e308, 5e-324, '7', {}, [], true, 7.5, -3, 1e6];

const XSS = `<script>alert("x")</script> & 'q'`;

// ---- helpers ------------------------------------------------------------------------------------------------

test('escaping, numbers and ticks', () => {
  assert.equal(esc(XSS), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
  assert.equal(esc(null), '');
  assert.equal(esc(undefined), '');
  assert.equal(esc('a\u0000b\uD800c'), 'abc', 'characters XML forbids are dropped');
  assert.equal(esc('😀 กาแฟ'), '😀 กาแฟ');
  for (const v of [NaN, Infinity, -Infinity, undefined, null, '3']) assert.equal(num(v), '0');
  assert.equal(num(-0), '0');
  assert.equal(num(-0.04), '0');
  assert.equal(num(1e300), '1000000');
  assert.equal(num(1 / 3, 2), '0.33');
  assert.deepEqual(ticks(6, 10, 4), [6, 7, 8, 9, 10]);
  assert.deepEqual(ticks(0, 0.3, 3), [0, 0.1, 0.2, 0.3]);
  assert.deepEqual(ticks(80, 90, 4), [80, 82.5, 85, 87.5, 90]);
  assert.deepEqual(niceDomain(82.15, 86.35, 5), [82, 87]);
  assert.deepEqual(niceDomain(5, 5), [4.4, 5.6]);
  assert.deepEqual(niceDomain(NaN, 3), [0, 1]);
  assert.equal(mmss(0), '0:00');
  assert.equal(mmss(75.4), '1:15');
  assert.equal(mmss(-30), '-0:30');
  assert.equal(mmss(3725), '62:05');
});

test('text fitting keeps Thai marks on their consonant and cuts with an ellipsis', () => {
  const long = 'รสที่ค้างอยู่ในปากหลังกลืนกาแฟและความรู้สึกในปากที่ยาวนานมาก';
  const f = fitText(long, 60, 11, 2);
  assert.equal(f.lines.length, 2);
  assert.ok(f.cut);
  assert.ok(f.lines[1].endsWith('…'));
  for (const l of f.lines) {
    assert.ok(!/^\p{M}/u.test(l), `a line starts with a combining mark: ${l}`);
    assert.ok(textWidth(l, 11) <= 60 + 1e-9, `too wide: ${l}`);
  }
  assert.deepEqual(fitText('Body', 60, 11, 2), { lines: ['Body'], cut: false });
  assert.deepEqual(fitText('', 60, 11, 2), { lines: [], cut: false });
  const words = fitText('Fragrance and aroma of the dry grounds', 80, 11, 3);
  for (const l of words.lines) assert.equal(l, l.trim());
});

test('chart colours reach WCAG AA against white', () => {
  const lum = (hex) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  for (const c of [...PALETTE, INK.text, INK.muted, INK.axis, ...Object.values(STYLES).map((s) => s.color), '#6f4e37']) {
    assert.ok(contrast(c, '#ffffff') >= 4.5, `${c}: ${contrast(c, '#ffffff').toFixed(2)}`);
  }
  for (const band of BAND_FILLS) assert.ok(contrast(INK.muted, band) >= 4.5, `band label on ${band}`);
  assert.equal(new Set(PALETTE).size, PALETTE.length);
});

// ---- radar --------------------------------------------------------------------------------------------------

test('radar: series, legend, labels inside the viewBox', () => {
  const svg = radarChart({
    axes, min: 6, max: 10, ariaLabel: 'โปรไฟล์การชิม',
    series: [{ label: 'ผู้ชิม 1', values: cup(7.5) }, { label: 'ผู้ชิม 2', values: cup(8) }, { label: 'ค่าเฉลี่ย', values: cup(7.75) }],
  });
  const { elements } = checkChart(svg, 'โปรไฟล์การชิม');
  const series = elements.filter((e) => e.attrs.class === 'series');
  assert.equal(series.length, 3);
  assert.equal(new Set(series.map((s) => s.attrs.fill)).size, 3, 'distinct colours');
  const polys = series.map((s) => s.children.find((c) => c.name === 'polygon'));
  assert.ok(polys.every(Boolean), 'fully scored: closed polygons');
  assert.equal(new Set(polys.map((p) => p.attrs['stroke-dasharray'] ?? '')).size, 3, 'distinct dash patterns');
  assert.equal(legendOf(elements).children.length, 3);
  // Labels: every one present, none past the edge by the width estimate.
  const labels = elements.find((e) => e.attrs.class === 'axis-labels').children;
  assert.equal(labels.length, 10);
  for (const t of labels) {
    const anchor = t.attrs['text-anchor'] ?? 'start';
    const rows = t.children.filter((c) => c.name === 'tspan');
    const lines = rows.length ? rows.map((r) => r.text) : [t.text];
    const x = Number(t.attrs.x ?? rows[0].attrs.x);
    for (const l of lines) {
      const w = textWidth(unescape(l), 11);
      const [a, b] = anchor === 'start' ? [x, x + w] : anchor === 'end' ? [x - w, x] : [x - w / 2, x + w / 2];
      assert.ok(a >= 0 && b <= 360, `label "${l}" spans ${a.toFixed(1)}–${b.toFixed(1)}`);
    }
  }
  // Rings count up from the form's minimum.
  const rings = (min, max) => elements0(radarChart({ axes, series: [{ label: 'A', values: cup(min) }], min, max, ariaLabel: 'x' }))
    .find((e) => e.attrs.class === 'ticks').children.map((t) => t.text);
  assert.deepEqual(rings(6, 10), ['7', '8', '9', '10']);
  assert.deepEqual(rings(1, 9), ['3', '5', '7', '9']);
  assert.deepEqual(rings(0, 10), ['2.5', '5', '7.5', '10']);
  // One series: no legend.
  assert.equal(legendOf(checkChart(radarChart({ axes, series: [{ label: 'A', values: cup(8) }], min: 6, max: 10, ariaLabel: 'x' }), 'x').elements), undefined);
});

test('radar: a missing score opens the polygon instead of dropping to zero', () => {
  const values = { ...cup(8), body: null, acidity: NaN };
  const { elements } = checkChart(radarChart({ axes, series: [{ label: 'A', values }], min: 6, max: 10, ariaLabel: 'r' }), 'r');
  const g = elements.find((e) => e.attrs.class === 'series');
  assert.equal(g.children.filter((c) => c.name === 'polygon').length, 0);
  assert.equal(g.children.filter((c) => c.name === 'circle').length, 8);
  const path = g.children.find((c) => c.name === 'path');
  assert.equal((path.attrs.d.match(/M/g) ?? []).length, 7, 'segments only between scored neighbours');
});

test('radar: empty, degenerate and hostile data', () => {
  const cases = [
    {}, { axes: [], series: [] }, { axes, series: [] }, { axes: [], series: [{ label: 'A', values: cup(8) }] },
    { axes, series: [{ label: 'A', values: {} }] }, { axes, series: [{ label: 'A' }, null, 3, 'x'] },
    { axes: axes.slice(0, 1), series: [{ label: 'A', values: cup(8) }] },
    { axes: axes.slice(0, 2), series: [{ label: 'A', values: cup(8) }] },
    { axes, series: [{ label: 'A', values: cup(8) }], min: 10, max: 6 },
    { axes, series: [{ label: 'A', values: cup(8) }], min: 8, max: 8 },
    { axes, series: [{ label: 'A', values: cup(8) }], min: NaN, max: Infinity },
    { axes, series: [{ label: 'A', values: Object.fromEntries(SCA.map((k) => [k, 1e308])) }] },
    { axes: 'nope', series: { a: 1 }, min: '6', max: '10' },
    { axes: Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, label: THAI[i % 10] })), series: [{ label: 'A', values: { k1: 3 } }, { label: 'B', values: { k2: 4 } }] },
    { axes: [{ key: 'a', label: 'A' }, { label: 'no key' }, null, { key: {}, label: 'bad' }], series: [{ label: 'A', values: { a: 5 } }] },
  ];
  for (const c of cases) checkChart(radarChart({ ...c, ariaLabel: 'r' }), 'r');
  const empty = radarChart({ axes, series: [], ariaLabel: 'r', emptyLabel: 'ยังไม่มีคะแนน' });
  assert.ok(empty.includes('ยังไม่มีคะแนน'));
  assert.ok(!radarChart({ axes, series: [{ label: 'A', values: cup(8) }], ariaLabel: 'r', emptyLabel: 'ไม่มีคะแนน' }).includes('ไม่มีคะแนน'));
  const r = rng(1);
  for (let k = 0; k < 200; k += 1) {
    const pick = () => HOSTILE[Math.floor(r() * HOSTILE.length)];
    const series = Array.from({ length: Math.floor(r() * 4) }, (_, i) => ({ label: `S${i}`, values: Object.fromEntries(SCA.map((key) => [key, pick()])) }));
    checkChart(radarChart({ axes: axes.slice(0, Math.floor(r() * 11)), series, min: pick(), max: pick(), ariaLabel: 'r' }), 'r');
  }
});

// ---- roast curve --------------------------------------------------------------------------------------------

test('roast: axes, events, legend and the thinned lines', () => {
  const data = roast(6000);
  const svg = roastCurveChart({
    ...data, events, unit: 'C', ariaLabel: 'กราฟการคั่ว',
    labels: { bt: 'BT', et: 'ET', ror: 'RoR', time: 'เวลา', events: { firstCrackS: 'FC', dropS: 'ออก' } },
  });
  const { elements } = checkChart(svg, 'กราฟการคั่ว');
  const paths = Object.fromEntries(elements.filter((e) => e.name === 'path').map((e) => [e.attrs.class, e.attrs.d]));
  assert.deepEqual(Object.keys(paths).sort(), ['bt', 'et', 'ror']);
  for (const [key, d] of Object.entries(paths)) assert.ok(pathPoints(d) <= 600, `${key}: ${pathPoints(d)} points`);
  assert.ok((paths.bt.match(/M/g) ?? []).length >= 2, 'the BT gap breaks the line');
  assert.equal((paths.et.match(/M/g) ?? []).length, 1);
  const eventTexts = elements.find((e) => e.attrs.class === 'events').children.filter((c) => c.name === 'text').map((t) => t.text);
  assert.deepEqual(eventTexts, ['CHARGE', 'TP', 'DE', 'FC', 'FCe', 'ออก'], 'time events only, in time order, caller labels first');
  const times = elements.find((e) => e.attrs.class === 'axis-time').children.map((t) => t.text);
  assert.deepEqual(times, ['0:00', '3:00', '6:00', '9:00', '12:00', 'เวลา']);
  assert.ok(svg.includes('°C/min'));
  assert.equal(legendOf(elements).children.length, 3);
  // The plot clips through a nested viewport.
  const viewport = elements.find((e) => e.name === 'svg' && e.parent);
  assert.equal(viewport.attrs.overflow, 'hidden');
  assert.ok(roastCurveChart({ ...data, unit: 'F', ariaLabel: 'x' }).includes('°F/min'));
});

test('roast: empty, single-sample, all-null and hostile data', () => {
  const cases = [
    {}, { timeS: [], bt: [], et: [], ror: [] },
    { timeS: [0], bt: [150], et: [200], ror: [null] },
    { timeS: [0, 1, 2], bt: [null, null, null], et: [NaN, NaN, NaN], ror: [Infinity, -Infinity, null] },
    { timeS: [null, NaN, 3], bt: [1, 2, 3] },
    { timeS: [0, 0, 0, 0], bt: [100, 101, 102, 103], ror: [1, 2, 3, 4] },
    { timeS: [5, 4, 3, 2, 1], bt: [1, 2, 3, 4, 5] },
    { timeS: [0, 1e308, -1e308], bt: [1e308, -1e308, 5], et: [5e-324, 0, -0], ror: [1e308, 1, 2] },
    { timeS: [0, 1, 2], bt: [100, 101], et: [200, 201, 202, 203, 204], ror: 'x' },
    { timeS: 'abc', bt: { 0: 1 }, events: 'x', labels: null, unit: 'K' },
    { timeS: new Float64Array([0, 1, 2]), bt: new Float64Array([100, NaN, 102]) },
    { events: { firstCrackS: 400, dropS: 500, coolS: Infinity, chargeBt: 200 } },
    { timeS: [0, 10], bt: [100, 110], events: { chargeS: 0, dropS: 9e9 } },
    { timeS: [0, 10], bt: [100, 110], tempRange: [120, 100], rorRange: [NaN, 5] },
  ];
  for (const c of cases) checkChart(roastCurveChart({ ...c, ariaLabel: 'r' }), 'r');
  const single = roastCurveChart({ timeS: [0, 1, 2], bt: [null, 150, null], ariaLabel: 'r' });
  assert.match(single, /d="M[\d.]+ [\d.]+h0"/, 'a lone reading is still drawn, as a dot');
  assert.ok(roastCurveChart({ ariaLabel: 'r', emptyLabel: 'ไม่มีข้อมูล' }).includes('ไม่มีข้อมูล'));
  const r = rng(2);
  for (let k = 0; k < 100; k += 1) {
    const n = Math.floor(r() * 40);
    const pick = () => (r() < 0.7 ? r() * 250 : HOSTILE[Math.floor(r() * HOSTILE.length)]);
    const arr = () => Array.from({ length: n }, pick);
    const timeS = Array.from({ length: n }, (_, i) => (r() < 0.9 ? i : pick()));
    const ev = Object.fromEntries(['chargeS', 'turningPointS', 'firstCrackS', 'dropS'].map((key) => [key, pick()]));
    checkChart(roastCurveChart({ timeS, bt: arr(), et: arr(), ror: arr(), events: ev, maxPoints: pick(), ariaLabel: 'r' }), 'r');
  }
});

test('roast: 50,000 samples thin to the bound quickly', () => {
  const data = roast(50000);
  const started = Date.now();
  const svg = roastCurveChart({ ...data, events, ariaLabel: 'r' });
  assert.ok(Date.now() - started < 2000, 'well under the time a screen can wait');
  const { elements } = checkChart(svg, 'r');
  for (const p of elements.filter((e) => e.name === 'path')) assert.ok(pathPoints(p.attrs.d) <= 600);
  assert.ok(svg.length < 80_000, `${svg.length} characters`);
  const small = roastCurveChart({ ...data, events, ariaLabel: 'r', maxPoints: 100 });
  for (const p of parseSvg(small).elements.filter((e) => e.name === 'path')) assert.ok(pathPoints(p.attrs.d) <= 100);
});

test('roast: real Artisan logs', { skip: !existsSync(logsDir) && 'no shared logs' }, () => {
  for (const f of readdirSync(logsDir).filter((x) => x.endsWith('.alog'))) {
    const a = analyzeRoast(parseArtisan(readFileSync(join(logsDir, f), 'utf8')));
    checkChart(roastCurveChart({ ...a.curve, events: a.events, unit: a.unit, ariaLabel: f }), f);
  }
});

// ---- downsampling -------------------------------------------------------------------------------------------

test('downsample: bounded, keeps the extremes, breaks at gaps', () => {
  const n = 6001;
  const xs = Array.from({ length: n }, (_, i) => i);
  const ys = xs.map((i) => Math.sin(i / 100) * 100);
  ys[1234] = 500; // a spike
  ys[4321] = -500;
  const runs = downsample(xs, ys, 600);
  const pts = runs.flat();
  assert.ok(pts.length <= 600, `${pts.length}`);
  assert.ok(pts.some(([x, y]) => x === 1234 && y === 500), 'the spike survives');
  assert.ok(pts.some(([x, y]) => x === 4321 && y === -500));
  assert.equal(runs.length, 1);
  for (let i = 1; i < pts.length; i += 1) assert.ok(pts[i][0] > pts[i - 1][0], 'in order');
  // Gaps: a single missing sample, at full resolution and thinned.
  const gappy = ys.slice();
  gappy[3000] = null;
  assert.equal(downsample(xs, gappy, 600).length, 2);
  assert.equal(downsample(xs.slice(0, 10), [1, 2, null, 4, 5, NaN, 7, 8, 9, 10], 600).length, 3);
  // Every other sample missing: still bounded.
  const holes = ys.map((y, i) => (i % 2 ? null : y));
  assert.ok(downsample(xs, holes, 600).flat().length <= 600);
  // Nothing, or nothing usable.
  assert.deepEqual(downsample([], [], 600), []);
  assert.deepEqual(downsample([0, 1], [null, NaN], 600), []);
  assert.deepEqual(downsample(undefined, undefined), []);
  assert.deepEqual(downsample([0, 1, 2], [5, 6, 7], 600), [[[0, 5], [1, 6], [2, 7]]]);
  assert.ok(downsample(xs, ys, 1).flat().length <= 2, 'at least two points even when asked for fewer');
  assert.ok(downsample(new Array(1000).fill(7), xs.slice(0, 1000), 600).flat().length <= 2, 'all at one time');
});

// ---- trend --------------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const formatX = (ms) => new Date(ms).toISOString().slice(0, 10);
const bands = [{ from: 80, to: 84.99, label: 'ดีมาก' }, { from: 85, to: 89.99, label: 'ดีเยี่ยม' }, { from: 90, to: null, label: 'ยอดเยี่ยม' }];

test('trend: dots, line, ticks and bands', () => {
  const points = [83.5, 84.25, 86, 85.5, 87].map((y, i) => ({ x: Date.UTC(2024, i * 2, 1), y, label: i === 2 ? 'Harvest 2567' : undefined }));
  const svg = trendChart({ points, yMin: 80, yMax: 90, ariaLabel: 'คะแนนตามเวลา', formatX, bands });
  const { elements } = checkChart(svg, 'คะแนนตามเวลา');
  const dots = elements.filter((e) => e.name === 'circle');
  assert.equal(dots.length, 5);
  assert.equal(dots[2].children[0].text, 'Harvest 2567');
  assert.equal(dots[0].children[0].text, '2024-01-01: 83.5');
  const xs = dots.map((d) => Number(d.attrs.cx));
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
  assert.equal(pathPoints(elements.find((e) => e.attrs.class === 'line').attrs.d), 5);
  const bandRects = elements.find((e) => e.attrs.class === 'bands').children.filter((c) => c.name === 'rect');
  assert.equal(bandRects.length, 2, 'the band above the axis is not drawn');
  assert.ok(svg.includes('ดีมาก') && svg.includes('ดีเยี่ยม'));
  const yTicks = elements.find((e) => e.attrs.class === 'axis-y').children.map((t) => t.text);
  assert.deepEqual(yTicks, ['80', '82', '84', '86', '88', '90']);
  assert.ok(elements.find((e) => e.attrs.class === 'axis-x').children.some((t) => t.text === '2024-01-01'));
  assert.equal(legendOf(elements), undefined, 'one series: no legend');
  // A score below yMin widens the axis instead of vanishing.
  const low = trendChart({ points: [...points, { x: Date.UTC(2025, 0, 1), y: 76 }], yMin: 80, yMax: 90, ariaLabel: 't', formatX });
  const lowDots = parseSvg(low).elements.filter((e) => e.name === 'circle').map((c) => Number(c.attrs.cy));
  assert.ok(Math.max(...lowDots) <= 190, 'inside the plot');
});

test('trend: empty, single point, hostile data and formatter', () => {
  const cases = [
    {}, { points: [] }, { points: [{ x: Date.UTC(2024, 0, 1), y: 84 }] },
    { points: [{ x: 1, y: null }, { x: null, y: 5 }, { x: NaN, y: NaN }, null, 'x', {}] },
    { points: [{ x: 0, y: 1e308 }, { x: 1e308, y: -1e308 }, { x: -1e308, y: 5e-324 }] },
    { points: [{ x: 5, y: 80 }, { x: 5, y: 90 }] },
    { points: [{ x: 1, y: 80 }], yMin: 90, yMax: 80 },
    { points: [{ x: 1, y: 80 }], yMin: NaN, yMax: Infinity },
    { points: [{ x: 1, y: 80 }, { x: 2, y: 81 }], yMin: 70 },
    { points: [{ x: 1, y: 80 }], bands: [{ from: null, to: null, label: 'all' }, null, { from: 'a' }, { from: 1e308, to: -1e308 }] },
    { points: 'x', bands: 'y', formatX: 'z' },
  ];
  for (const c of cases) checkChart(trendChart({ formatX, ...c, ariaLabel: 't' }), 't');
  const throwing = trendChart({ points: [{ x: 1, y: 80 }, { x: 2, y: 82 }], ariaLabel: 't', formatX: () => { throw new Error('x'); } });
  checkChart(throwing, 't');
  const odd = trendChart({ points: [{ x: 1, y: 80 }, { x: 2, y: 82 }], ariaLabel: 't', formatX: (ms) => (ms > 1 ? undefined : { toString: () => XSS }) });
  checkChart(odd, 't');
  assert.ok(!odd.includes('<script'));
  assert.ok(trendChart({ points: [], ariaLabel: 't', formatX, emptyLabel: 'ยังไม่มีคะแนน' }).includes('ยังไม่มีคะแนน'));
  const many = Array.from({ length: 20000 }, (_, i) => ({ x: i * DAY, y: 80 + (i % 10) }));
  const { elements } = checkChart(trendChart({ points: many, ariaLabel: 't', formatX }), 't');
  assert.ok(pathPoints(elements.find((e) => e.attrs.class === 'line').attrs.d) <= 600);
  assert.equal(elements.filter((e) => e.name === 'circle').length, 0, 'too many to dot');
  const r = rng(3);
  for (let k = 0; k < 100; k += 1) {
    const pick = () => (r() < 0.6 ? 70 + r() * 30 : HOSTILE[Math.floor(r() * HOSTILE.length)]);
    const points = Array.from({ length: Math.floor(r() * 12) }, () => ({ x: r() < 0.8 ? Math.floor(r() * 1e12) : pick(), y: pick() }));
    checkChart(trendChart({ points, yMin: pick(), yMax: pick(), bands: [{ from: pick(), to: pick(), label: 'b' }], ariaLabel: 't', formatX }), 't');
  }
});

// ---- every chart --------------------------------------------------------------------------------------------

test('every caller-given text is escaped', () => {
  const charts = [
    radarChart({
      axes: [{ key: 'a', label: XSS }, { key: 'b', label: 'b' }, { key: 'c', label: 'c' }],
      series: [{ label: XSS, values: { a: 7, b: 8, c: 9 } }, { label: 'B', values: { a: 8 } }],
      ariaLabel: XSS, emptyLabel: XSS,
    }),
    roastCurveChart({ ...roast(100), events, labels: { bt: XSS, et: XSS, ror: XSS, time: XSS, events: { firstCrackS: XSS } }, ariaLabel: XSS }),
    roastCurveChart({ ariaLabel: XSS, emptyLabel: XSS }),
    trendChart({ points: [{ x: 1, y: 80, label: XSS }, { x: 2, y: 81 }], bands: [{ from: 80, to: 81, label: XSS }], formatX: () => XSS, ariaLabel: XSS }),
    trendChart({ points: [], ariaLabel: XSS, emptyLabel: XSS, formatX }),
  ];
  for (const svg of charts) {
    checkChart(svg, XSS);
    assert.ok(!svg.includes('<script'), 'no markup from a label');
    assert.ok(svg.includes('&lt;script&gt;'));
  }
});

test('the same data gives the same markup', () => {
  const make = () => [
    radarChart({ axes, series: [{ label: 'A', values: cup(7) }, { label: 'B', values: cup(8) }], min: 6, max: 10, ariaLabel: 'r' }),
    roastCurveChart({ ...roast(7000), events, ariaLabel: 'r' }),
    trendChart({ points: [{ x: 1, y: 80 }, { x: DAY, y: 85 }], bands, ariaLabel: 't', formatX }),
  ];
  assert.deepEqual(make(), make());
});
