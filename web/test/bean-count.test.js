// Offline bean counting (web/js/vision/segment.js) against the inference service's segmentation through the shared
// vectors (spec/vectors/bean-count/: PNG crops, the Python count and its intermediate figures), plus synthetic photos
// and hostile inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { decodePNG } from './png.js';
import { segment, countBeans, MAX_SIDE, WARNING_TEXT } from '../js/vision/segment.js';

const here = dirname(fileURLToPath(import.meta.url));
const vectorDir = join(here, '..', '..', 'spec', 'vectors', 'bean-count');
const vectors = JSON.parse(readFileSync(join(vectorDir, 'bean-count.json'), 'utf8'));

const allowed = (expected) => Math.max(vectors.tolerance.absolute, vectors.tolerance.relative * expected);
const codes = (result) => result.warnings.map((w) => w.code);

// --- Synthetic photos: light paper (optionally with a luminance gradient) and filled ellipses ------------------------
function photo(width, height, { paper = [236, 234, 228], gradient = 0, beans = [] } = {}) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const f = 1 - gradient * (x / Math.max(1, width - 1));
      data[o] = paper[0] * f;
      data[o + 1] = paper[1] * f;
      data[o + 2] = paper[2] * f;
      data[o + 3] = 255;
    }
  }
  for (const { cx, cy, a, b, angle = 0, colour = [120, 130, 90] } of beans) {
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const r = Math.ceil(Math.max(a, b)) + 1;
    for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(height - 1, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(width - 1, Math.ceil(cx + r)); x++) {
        const u = ((x - cx) * c + (y - cy) * s) / a;
        const v = (-(x - cx) * s + (y - cy) * c) / b;
        if (u * u + v * v <= 1) {
          // a little fixed texture, as real beans have (a flat colour would read as a blurred photo)
          const t = (((x * 73856093) ^ (y * 19349663)) >>> 0) % 31 - 15;
          const o = (y * width + x) * 4;
          data[o] = colour[0] + t;
          data[o + 1] = colour[1] + t;
          data[o + 2] = colour[2] + t;
        }
      }
    }
  }
  return { width, height, data };
}

/** A grid of separate beans, a little rotated each, `length` px long. */
function grid(cols, rows, pitch, length, offset = 0) {
  const beans = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      beans.push({
        cx: offset + pitch / 2 + i * pitch, cy: offset + pitch / 2 + j * pitch, a: length / 2, b: length / 3,
        angle: ((i * 7 + j * 3) % 10) * 0.3, colour: [110 + ((i + j) % 3) * 20, 125, 80 + (j % 2) * 30],
      });
    }
  }
  return beans;
}

function plain(width, height, rgb) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
  return { width, height, data };
}

// --- The shared vectors ------------------------------------------------------------------------------------------------
test('the vectors are there: six or more PNG photos, each listed once, with attribution', () => {
  const pngs = readdirSync(vectorDir).filter((f) => f.endsWith('.png')).sort();
  assert.ok(vectors.cases.length >= 6);
  assert.deepEqual(vectors.cases.map((c) => c.image).sort(), pngs);
  const files = readdirSync(vectorDir);
  assert.ok(files.includes('LICENSE') && files.includes('SOURCE.txt'));
});

for (const c of vectors.cases) {
  test(`vector ${c.image}: the port counts what the Python service counts`, (t) => {
    const image = decodePNG(readFileSync(join(vectorDir, c.image)));
    const started = performance.now();
    const seg = segment(image);
    const ms = performance.now() - started;
    t.diagnostic(`js ${seg.count} · python ${c.pythonCount} · true ${c.trueCount} · ${ms.toFixed(0)} ms`);
    assert.ok(Math.abs(seg.count - c.pythonCount) <= allowed(c.pythonCount),
      `${c.image}: JS counts ${seg.count}, Python ${c.pythonCount} (allowed ±${allowed(c.pythonCount)})`);
    // The port follows the steps, so the intermediate figures are the same too (SEGMENTATION.md: "exactly").
    if (c.pythonSteps) {
      assert.deepEqual({
        otsuThreshold: seg.threshold, medianBeanArea: seg.medianArea, hMaxima: seg.h, touchingBeans: seg.touchingBeans,
      }, c.pythonSteps, c.image);
    }
    // The labels are 1..count and every counted bean that kept pixels is in the label image.
    let max = 0;
    for (const l of seg.labels) if (l > max) max = l;
    assert.equal(max, seg.count);

    // The whole pipeline works at scale 1 on these crops (as the service does) and gives the same count.
    const full = countBeans(image);
    assert.equal(full.measurements.processingScale, 1);
    assert.equal(full.count, seg.count);
    assert.equal(full.beans.length, full.count);
    for (const bean of full.beans) {
      const [x, y, w, h] = bean.bbox;
      assert.ok(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= image.width && y + h <= image.height, JSON.stringify(bean.bbox));
      assert.ok(bean.area > 0 && bean.area <= w * h);
      assert.ok(bean.polygon.length >= 3);
      for (const [px, py] of bean.polygon) assert.ok(px >= x && px <= x + w && py >= y && py <= y + h);
    }
    // crowded when the service says so: touching beans over half of them
    assert.equal(codes(full).includes('crowded'), c.pythonSteps.touchingBeans / c.pythonCount > 0.5, c.image);
  });
}

// --- Synthetic photos ---------------------------------------------------------------------------------------------------
test('separate beans on paper are counted exactly, outlined, and no warning is raised', () => {
  const beans = grid(8, 6, 60, 36, 10);
  const image = photo(500, 380, { beans });
  const r = countBeans(image);
  assert.equal(r.count, beans.length);
  assert.deepEqual(codes(r), []);
  assert.deepEqual(r.image, { width: 500, height: 380 });
  for (const bean of r.beans) {
    assert.ok(Math.abs(bean.area - Math.PI * 18 * 12) < 0.15 * Math.PI * 18 * 12, `area ${bean.area}`);
    assert.ok(bean.polygon.length >= 4);
  }
});

test('two beans pressed together are split, and the count survives a shadowed corner of the paper', () => {
  const beans = [
    { cx: 60, cy: 60, a: 18, b: 12 }, { cx: 93, cy: 60, a: 18, b: 12 }, // touching end to end
    { cx: 200, cy: 70, a: 18, b: 12, angle: 1.2 }, { cx: 60, cy: 180, a: 18, b: 12, angle: 0.4 },
    { cx: 150, cy: 180, a: 18, b: 12, angle: 2.0 }, { cx: 240, cy: 190, a: 18, b: 12, angle: 0.9 },
  ];
  const r = countBeans(photo(300, 240, { beans, gradient: 0.2 }));
  assert.equal(r.count, 6);
});

test('a large photo is downscaled like the service does (longer side 1,024 px) and reported in its own pixels', () => {
  const beans = grid(10, 7, 300, 160, 0);
  const image = photo(3000, 2100, { beans });
  const started = performance.now();
  const r = countBeans(image);
  const ms = performance.now() - started;
  assert.equal(r.count, beans.length);
  assert.ok(r.measurements.processingScale < 1);
  // beans are about 160 px long in the photo: bboxes come back at that size
  const widths = r.beans.map((b) => Math.max(b.bbox[2], b.bbox[3])).sort((a, b) => a - b);
  const mid = widths[widths.length >> 1];
  assert.ok(mid > 130 && mid < 190, `median bbox side ${mid}`);
  assert.ok(ms < 20000, `${ms} ms`);
});

test('beans_too_small: beans under 20 px long (the service\'s threshold) are flagged', () => {
  const r = countBeans(photo(240, 200, { beans: grid(10, 8, 24, 12, 0) }));
  assert.ok(r.count > 0);
  assert.ok(codes(r).includes('beans_too_small'), JSON.stringify(r.warnings));
  assert.match(r.warnings.find((w) => w.code === 'beans_too_small').message, /at least 20 pixels long; here about \d+/);
});

test('badly lit photos: too_dark, uneven_lighting, too_bright', () => {
  const dark = countBeans(photo(300, 240, { paper: [70, 70, 68], beans: grid(4, 3, 70, 40, 10).map((b) => ({ ...b, colour: [20, 25, 10] })) }));
  assert.ok(codes(dark).includes('too_dark'), JSON.stringify(dark.warnings));
  const uneven = countBeans(photo(300, 240, { gradient: 0.7, beans: grid(4, 3, 70, 40, 10) }));
  assert.ok(codes(uneven).includes('uneven_lighting'), JSON.stringify(uneven.warnings));
  const bright = countBeans(photo(300, 240, { paper: [250, 250, 250], beans: grid(4, 3, 70, 40, 10).map((b) => ({ ...b, colour: [255, 200, 120] })) }));
  assert.ok(codes(bright).includes('too_bright'), JSON.stringify(bright.warnings));
  for (const w of [...dark.warnings, ...uneven.warnings, ...bright.warnings]) assert.ok(w.code in WARNING_TEXT && w.message.length > 20);
});

// --- Hostile inputs -------------------------------------------------------------------------------------------------------
test('empty and tiny images: 0 × 0, 0 × 5, 1 × 1, 2 × 2', () => {
  for (const [w, h] of [[0, 0], [0, 5], [7, 0]]) {
    const r = countBeans({ width: w, height: h, data: new Uint8ClampedArray(0) });
    assert.equal(r.count, 0);
    assert.deepEqual(codes(r), ['no_beans']);
    assert.equal(segment({ width: w, height: h, data: new Uint8ClampedArray(0) }).count, 0);
  }
  for (const rgb of [[255, 255, 255], [0, 0, 0], [120, 90, 40]]) {
    assert.equal(countBeans(plain(1, 1, rgb)).count, 0);
    assert.equal(countBeans(plain(2, 2, rgb)).count, 0);
  }
  assert.equal(countBeans(plain(1, 37, [255, 255, 255])).count, 0);
  assert.ok(countBeans(plain(1, 37, [0, 0, 0])).count <= 1); // a 37 px dark strip is one blob to segment.py too
});

test('all white: nothing found; all black: one blob at most, flagged too dark (as the service does)', () => {
  const white = countBeans(plain(640, 480, [255, 255, 255]));
  assert.equal(white.count, 0);
  assert.deepEqual(codes(white), ['no_beans']);
  const black = countBeans(plain(640, 480, [0, 0, 0]));
  assert.ok(black.count <= 1);
  assert.ok(codes(black).includes('too_dark'));
  assert.equal(segment(plain(64, 64, [0, 0, 0])).count, 1); // segment.py gives 1 here too
  assert.equal(countBeans(plain(300, 200, [128, 128, 128])).count, 0);
});

test('malformed images are refused with a clear TypeError, oversized ones with a RangeError', () => {
  const bad = [
    [null, /must be an object/],
    [{ width: 2, height: 2 }, /Uint8ClampedArray/],
    [{ width: 2, height: 2, data: [0, 0, 0, 255] }, /Uint8ClampedArray/],
    [{ width: 2, height: 2, data: new Uint8ClampedArray(15) }, /data has 15 bytes but 2 × 2 RGBA needs 16/],
    [{ width: 2, height: 2, data: new Uint8ClampedArray(17) }, /needs 16/],
    [{ width: 1.5, height: 2, data: new Uint8ClampedArray(12) }, /non-negative integers/],
    [{ width: -1, height: 2, data: new Uint8ClampedArray(0) }, /non-negative integers/],
    [{ width: NaN, height: 2, data: new Uint8ClampedArray(0) }, /non-negative integers/],
    [{ width: '2', height: 2, data: new Uint8ClampedArray(16) }, /non-negative integers/],
  ];
  for (const [input, message] of bad) {
    for (const fn of [countBeans, segment]) assert.throws(() => fn(input), (e) => e instanceof TypeError && message.test(e.message), String(message));
  }
  const wide = { width: MAX_SIDE + 1, height: 1, data: new Uint8ClampedArray((MAX_SIDE + 1) * 4) };
  assert.throws(() => countBeans(wide), (e) => e instanceof RangeError && /at most 8000 px a side/.test(e.message));
});

test('a huge but allowed photo (6,000 × 4,000) is counted in linear time', () => {
  const beans = grid(12, 8, 500, 260, 0);
  const image = photo(6000, 4000, { beans });
  const started = performance.now();
  const r = countBeans(image);
  const ms = performance.now() - started;
  assert.equal(r.count, beans.length);
  assert.ok(ms < 30000, `${ms} ms`);
});

test('one huge blob made of two beans goes through the split path without blowing up', () => {
  // segment() at full scale: a 1,600 × 800 dumbbell (two discs joined by a bar) is one non-convex component
  const beans = [{ cx: 380, cy: 400, a: 330, b: 330 }, { cx: 1220, cy: 400, a: 330, b: 330 }, { cx: 800, cy: 400, a: 300, b: 30 }];
  const started = performance.now();
  const seg = segment(photo(1600, 800, { beans }));
  const ms = performance.now() - started;
  assert.equal(seg.count, 2);
  assert.ok(ms < 30000, `${ms} ms`);
});

test('the module runs in a browser: no imports, no node globals', () => {
  const dir = join(here, '..', 'js', 'vision');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    assert.doesNotMatch(src, /^\s*import\s/m, f);
    assert.doesNotMatch(src, /\brequire\(|\bprocess\.|\bBuffer\b|node:/, f);
  }
});

test('the test PNG decoder refuses what it cannot read instead of guessing', () => {
  assert.throws(() => decodePNG(new Uint8Array([1, 2, 3])), /bad signature/);
  const good = readFileSync(join(vectorDir, vectors.cases[0].image));
  const truncated = good.subarray(0, good.length - 20);
  assert.throws(() => decodePNG(truncated), /PNG:/);
  const corrupt = Buffer.from(good);
  corrupt[40] ^= 0xff;
  assert.throws(() => decodePNG(corrupt), /PNG:/);
});
