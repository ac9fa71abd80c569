// Bean counting on the phone, with no signal.
//
// Why this exists: a grader on a farm or in a warehouse often has no network, yet wants the bean count of a photo
// at once. This module is a port of the inference service's classical segmentation
// (inference/kafae_inference/segment.py, explained step by step in inference/SEGMENTATION.md; the step numbers in
// the comments below are that document's) so the PWA can count beans offline. It only counts and outlines: which
// defect each bean shows is decided by the classifier on the server, once the photo reaches the service.
//
// The port follows the Python steps closely enough to give the same count on the shared vectors
// (spec/vectors/bean-count/, checked by web/test/bean-count.test.js, tolerance max(1 bean, 2 %)); on those it is
// exact. Every pass is linear in the pixels (or n log n where a priority queue or a sort is involved) over typed
// arrays, so a 1–2 MP photo takes a fraction of a second. Two steps use faster algorithms than the Python with the
// same result: the h-maxima reconstruction is Vincent's hybrid algorithm instead of iterated dilation, and the
// watershed's (−distance, insertion order) queue is a binary heap over typed arrays. Plain ES module, no imports,
// no DOM: it runs in a browser, a worker or node.
//
// API:
//   countBeans(image) → {count, beans: [{bbox: [x, y, w, h], area, polygon}], warnings: [{code, message}],
//                        measurements, image: {width, height}}
//     The whole service pipeline (pipeline.prepare + photo_checks): choose the processing scale, segment, report in
//     the photo's own pixels. `image` is ImageData-like: {width, height, data: Uint8ClampedArray RGBA}.
//   segment(image) → the label image and the intermediate figures of segment.py's segment() at scale 1.

// --- Constants: the same values as segment.py and pipeline.py ------------------------------------------------------
export const CONSTANTS = Object.freeze({
  BLOCK: 32,
  BG_PERCENTILE: 0.90,
  BG_MIN_FRACTION: 0.15,
  CHROMA_WEIGHT: 1.0,
  MIN_SCORE_THRESHOLD: 40,
  MIN_AREA_FRACTION: 0.20,
  MIN_THICKNESS_FRACTION: 0.40,
  SPLIT_AREA_FACTOR: 1.35,
  SPLIT_SOLIDITY: 0.90,
  SINGLE_SOLIDITY: 0.93,
  H_MAXIMA_FRACTION: 0.22,
  H_MAXIMA_MIN: 3,
  KMEANS_AREA_FACTOR: 1.6,
  KMEANS_SOLID_FACTOR: 1.35,
  KMEANS_SOLIDITY: 0.88,
  KMEANS_ALWAYS_FACTOR: 1.9,
  KMEANS_CONVEX_SOLIDITY: 0.93,
  KMEANS_ITERATIONS: 10,
  JOIN_AREA_FACTOR: 1.45,
  JOIN_SOLIDITY: 0.90,
  MERGE_FRACTION: 0.35,
  // pipeline.py
  WORK_MAX_SIDE: 1024,
  WORK_MAX_PIXELS: 4_000_000,
  BEAN_LEN_MAX: 48.0,
  BEAN_LEN_TARGET: 40.0,
  BEAN_LEN_MIN: 22.0,
  MIN_BEAN_LENGTH_PX: 20.0,
  BLUR_MIN: 0.0020,
  CROWDED_TOUCHING_FRACTION: 0.50,
  CROWDED_COVER_FRACTION: 0.45,
  DARK_BACKGROUND_Y: 90.0,
  BRIGHT_CLIPPED_FRACTION: 0.02,
  UNEVEN_LIGHT_RATIO: 0.45,
});

/** The largest photo accepted: the upload route's 8,000 px a side. */
export const MAX_SIDE = 8000;

/** The service's warning texts (pipeline.WARNING_TEXT), by the same codes. */
export const WARNING_TEXT = Object.freeze({
  no_beans: 'No beans were found. Photograph the beans from above on plain white paper.',
  beans_too_small: 'The beans are too small in this photo for reliable results: move the camera closer or use a '
    + 'higher resolution (each bean should be at least {min} pixels long; here about {val}).',
  blurred: 'The photo looks blurred: hold the camera still, let it focus, and use more light.',
  crowded: 'Many beans touch or overlap, so the count may be off: spread the beans in one layer so that they '
    + 'do not touch.',
  too_dark: 'The photo is too dark: use more (diffuse) light or a white background.',
  too_bright: 'The photo is overexposed (bean colours are clipped): use less light or lower the exposure.',
  uneven_lighting: 'The lighting is uneven (shadows or a dark corner): use even, diffuse light over the whole '
    + 'sample.',
});

const C = CONSTANTS;

// --- Input ------------------------------------------------------------------------------------------------------------
function checkImage(image) {
  if (image === null || typeof image !== 'object') throw new TypeError('bean count: the image must be an object {width, height, data}');
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new TypeError(`bean count: width and height must be non-negative integers (got ${String(width)} × ${String(height)})`);
  }
  if (width > MAX_SIDE || height > MAX_SIDE) {
    throw new RangeError(`bean count: the image is ${width} × ${height} px; at most ${MAX_SIDE} px a side is accepted`);
  }
  if (!(data instanceof Uint8ClampedArray || data instanceof Uint8Array)) {
    throw new TypeError('bean count: data must be a Uint8ClampedArray (or Uint8Array) of RGBA bytes');
  }
  if (data.length !== width * height * 4) {
    throw new TypeError(`bean count: data has ${data.length} bytes but ${width} × ${height} RGBA needs ${width * height * 4}`);
  }
  return { width, height, data };
}

/** RGBA → three planes (alpha is ignored, as PIL's convert('RGB') does). */
function planes(data, n) {
  const r = new Uint8Array(n);
  const g = new Uint8Array(n);
  const b = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    r[i] = data[j];
    g[i] = data[j + 1];
    b[i] = data[j + 2];
  }
  return { r, g, b };
}

// --- Small numeric helpers ---------------------------------------------------------------------------------------------
/** Python's round(): halves go to the even neighbour. */
function pyRound(x) {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** numpy.median of a list of numbers. */
function median(values) {
  const n = values.length;
  if (n === 0) return 0;
  const s = Float64Array.from(values).sort();
  return n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * numpy.percentile (linear interpolation) at each q of qs, of values in [0, 256) (all of them, or those at the
 * indices in pick). Linear time for any input: a 4,096-bin histogram finds the bins that hold the ranks wanted, and
 * only those bins' values are sorted.
 */
function percentiles(values, qs, pick = null) {
  const count = pick ? pick.length : values.length;
  const BINS = 4096;
  const SCALE = BINS / 256;
  const binOf = new Uint16Array(count);
  const hist = new Uint32Array(BINS + 1);
  for (let i = 0; i < count; i++) {
    const v = values[pick ? pick[i] : i];
    const bn = Math.min(BINS, Math.max(0, Math.floor(v * SCALE)));
    binOf[i] = bn;
    hist[bn]++;
  }
  const start = new Float64Array(BINS + 2);
  for (let bn = 0; bn <= BINS; bn++) start[bn + 1] = start[bn] + hist[bn];
  const sorted = new Map();
  const kth = (k) => {
    let lo = 0;
    let hi = BINS;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (start[mid + 1] <= k) lo = mid + 1;
      else hi = mid;
    }
    if (!sorted.has(lo)) {
      const inBin = new Float64Array(hist[lo]);
      let m = 0;
      for (let i = 0; i < count; i++) if (binOf[i] === lo) inBin[m++] = values[pick ? pick[i] : i];
      sorted.set(lo, inBin.sort());
    }
    return sorted.get(lo)[k - start[lo]];
  };
  return qs.map((q) => {
    const pos = (q / 100) * (count - 1);
    const lo = Math.floor(pos);
    const a = kth(lo);
    return pos === lo ? a : a + (kth(lo + 1) - a) * (pos - lo);
  });
}

// --- Step 1: luma -----------------------------------------------------------------------------------------------------
function luma(r, g, b, n) {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = (r[i] * 299.0 + g[i] * 587.0 + b[i] * 114.0) / 1000.0;
  return y;
}

/** 1000 × luma as integers (exact: the float luma is this number divided by 1000). */
function lumaNumerators(r, g, b, n) {
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = r[i] * 299 + g[i] * 587 + b[i] * 114;
  return y;
}

// --- Steps 2–4: blocks and bilinear interpolation between block centres ------------------------------------------------
/** For each pixel index along one axis: the two blocks and the weight of the second (segment.upsample_bilinear). */
function axisWeights(nPx, nBlk, block) {
  const i0 = new Int32Array(nPx);
  const i1 = new Int32Array(nPx);
  const wt = new Float64Array(nPx);
  for (let p = 0; p < nPx; p++) {
    let f = (p - (block - 1) / 2.0) / block;
    if (f < 0) f = 0;
    if (f > nBlk - 1) f = nBlk - 1;
    const a = Math.floor(f);
    i0[p] = a;
    i1[p] = Math.min(a + 1, nBlk - 1);
    wt[p] = f - a;
  }
  return { i0, i1, wt };
}

/** Writes one row of the bilinear upsampling of block values v (ny × nx) into out. */
function upsampleRow(v, nx, ax, ay, y, out) {
  const y0 = ay.i0[y] * nx;
  const y1 = ay.i1[y] * nx;
  const wy = ay.wt[y];
  const { i0, i1, wt } = ax;
  for (let x = 0; x < out.length; x++) {
    const wx = wt[x];
    const top = v[y0 + i0[x]] * (1 - wx) + v[y0 + i1[x]] * wx;
    const bot = v[y1 + i0[x]] * (1 - wx) + v[y1 + i1[x]] * wx;
    out[x] = top * (1 - wy) + bot * wy;
  }
}

/** k-th smallest of buf[0..n) (Hoare's selection, in place). */
function selectInPlace(buf, n, k) {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = buf[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buf[i] < pivot) i++;
      while (buf[j] > pivot) j--;
      if (i <= j) {
        const t = buf[i]; buf[i] = buf[j]; buf[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return buf[k];
  }
  return buf[k];
}

/**
 * Step 2: per block (edge-padded), the value at sorted index floor(q (b² − 1)). Works on the integer luma
 * numerators 299 R + 587 G + 114 B (same order as the luma), so the pick divided by 1000 is the float luma itself.
 */
function blockPercentile(yNum, w, h, block, q) {
  const ny = Math.ceil(h / block);
  const nx = Math.ceil(w / block);
  const out = new Float64Array(ny * nx);
  const buf = new Int32Array(block * block);
  const k = Math.floor(q * (block * block - 1));
  for (let by = 0; by < ny; by++) {
    for (let bx = 0; bx < nx; bx++) {
      let m = 0;
      const xs = bx * block;
      const xEnd = Math.min(xs + block, w);
      for (let yy = 0; yy < block; yy++) {
        const row = Math.min(by * block + yy, h - 1) * w;
        for (let x = xs; x < xEnd; x++) buf[m++] = yNum[row + x];
        const edge = yNum[row + w - 1];
        for (let x = xEnd; x < xs + block; x++) buf[m++] = edge;
      }
      out[by * nx + bx] = selectInPlace(buf, m, k) / 1000.0;
    }
  }
  return out;
}

/**
 * Step 4: per block (edge-padded, padding included) the mean of the valid pixels of each channel, and the count.
 * Padding repeats the last row and column, so those pixels weigh as many times as they appear in the padded block.
 */
function blockMaskedMeans(chans, valid, w, h, block) {
  const ny = Math.ceil(h / block);
  const nx = Math.ceil(w / block);
  const cnt = new Float64Array(ny * nx);
  const [r, g, b] = chans;
  const sr = new Float64Array(ny * nx);
  const sg = new Float64Array(ny * nx);
  const sb = new Float64Array(ny * nx);
  const lastW = nx * block - w + 1;
  const lastH = ny * block - h + 1;
  for (let y = 0; y < h; y++) {
    const wy = y === h - 1 ? lastH : 1;
    const brow = Math.floor(y / block) * nx;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const p = row + x;
      if (!valid[p]) continue;
      const wt = x === w - 1 ? wy * lastW : wy;
      const bi = brow + Math.floor(x / block);
      cnt[bi] += wt;
      sr[bi] += r[p] * wt;
      sg[bi] += g[p] * wt;
      sb[bi] += b[p] * wt;
    }
  }
  const means = [sr, sg, sb].map((s) => s.map((v, i) => (cnt[i] > 0 ? v / cnt[i] : 0)));
  return { means, cnt, ny, nx };
}

/** Step 4: blocks without an estimate take the mean of their estimated 8-neighbours, round after round. */
function fillBlocks(v0, ok0, ny, nx, fallback) {
  const v = Float64Array.from(v0);
  const ok = Uint8Array.from(ok0);
  if (!ok.some((o) => o)) return v.fill(fallback);
  const s = new Float64Array(ny * nx);
  const c = new Float64Array(ny * nx);
  for (;;) {
    if (ok.every((o) => o)) return v;
    s.fill(0);
    c.fill(0);
    // the same order of additions as segment._fill_blocks (dy, dx over the 3 × 3 window)
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        for (let y = 0; y < ny; y++) {
          const sy = y + dy;
          if (sy < 0 || sy >= ny) continue;
          for (let x = 0; x < nx; x++) {
            const sx = x + dx;
            if (sx < 0 || sx >= nx) continue;
            const q = sy * nx + sx;
            if (ok[q]) {
              s[y * nx + x] += v[q];
              c[y * nx + x] += 1;
            }
          }
        }
      }
    }
    const fresh = [];
    for (let i = 0; i < ny * nx; i++) if (!ok[i] && c[i] > 0) fresh.push(i);
    for (const i of fresh) {
      v[i] = s[i] / c[i];
      ok[i] = 1;
    }
  }
}

/** The value at sorted index floor(0.9 (n − 1)) of a byte plane (a counting sort). */
function bytePercentile90(a) {
  const hist = new Float64Array(256);
  for (let i = 0; i < a.length; i++) hist[a[i]]++;
  const k = Math.trunc(0.9 * (a.length - 1));
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc > k) return v;
  }
  return 255;
}

// --- Step 6: Otsu's threshold -----------------------------------------------------------------------------------------
function otsu(values) {
  const hist = new Float64Array(256);
  for (let i = 0; i < values.length; i++) hist[values[i]]++;
  let total = 0;
  for (let i = 0; i < 256; i++) total += hist[i];
  const w0 = new Float64Array(256);
  const s0 = new Float64Array(256);
  let cw = 0;
  let cs = 0;
  for (let t = 0; t < 256; t++) {
    cw += hist[t];
    cs += hist[t] * t;
    w0[t] = cw;
    s0[t] = cs;
  }
  let best = -1;
  let arg = 0;
  for (let t = 0; t < 256; t++) {
    const w1 = total - w0[t];
    const mu0 = w0[t] > 0 ? s0[t] / w0[t] : 0;
    const mu1 = w1 > 0 ? (s0[255] - s0[t]) / w1 : 0;
    const d = mu0 - mu1;
    const between = w0[t] * w1 * (d * d);
    if (between > best) {
      best = between;
      arg = t;
    }
  }
  return arg;
}

// --- Steps 7–8: binary morphology with a 3 × 3 square (separable), hole filling ------------------------------------------
/** 3 × 3 erosion (outside counts as set) or dilation (outside counts as unset) of a 0/1 mask; separable. */
function morph3(m, w, h, erode) {
  const n = w * h;
  const tmp = new Uint8Array(n);
  const out = new Uint8Array(n);
  if (n === 0) return out;
  const edge = erode ? 1 : 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const end = row + w - 1;
    if (w === 1) {
      tmp[row] = m[row];
      continue;
    }
    if (erode) {
      tmp[row] = m[row] & m[row + 1];
      for (let p = row + 1; p < end; p++) tmp[p] = m[p - 1] & m[p] & m[p + 1];
      tmp[end] = m[end - 1] & m[end];
    } else {
      tmp[row] = m[row] | m[row + 1];
      for (let p = row + 1; p < end; p++) tmp[p] = m[p - 1] | m[p] | m[p + 1];
      tmp[end] = m[end - 1] | m[end];
    }
  }
  // rows: the first and last see the outside (edge) beyond them
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const up = y > 0 ? row - w : -1;
    const dn = y < h - 1 ? row + w : -1;
    for (let x = 0; x < w; x++) {
      const a = up >= 0 ? tmp[up + x] : edge;
      const c = dn >= 0 ? tmp[dn + x] : edge;
      out[row + x] = erode ? a & tmp[row + x] & c : a | tmp[row + x] | c;
    }
  }
  return out;
}
const erode3 = (m, w, h) => morph3(m, w, h, true);
const dilate3 = (m, w, h) => morph3(m, w, h, false);

/** Step 8: background regions (4-connected) that do not reach the border become foreground. */
function fillHoles(m, w, h) {
  const n = w * h;
  const out = new Uint8Array(n).fill(1); // 0 where the background is reached from the border
  const stack = new Int32Array(n);
  let top = 0;
  for (let x = 0; x < w; x++) {
    for (const p of [x, (h - 1) * w + x]) if (!m[p] && out[p]) { out[p] = 0; stack[top++] = p; }
  }
  for (let y = 0; y < h; y++) {
    for (const p of [y * w, y * w + w - 1]) if (!m[p] && out[p]) { out[p] = 0; stack[top++] = p; }
  }
  while (top > 0) {
    const p = stack[--top];
    const x = p % w;
    let q = p - w;
    if (p >= w && !m[q] && out[q]) { out[q] = 0; stack[top++] = q; }
    q = p - 1;
    if (x > 0 && !m[q] && out[q]) { out[q] = 0; stack[top++] = q; }
    q = p + 1;
    if (x < w - 1 && !m[q] && out[q]) { out[q] = 0; stack[top++] = q; }
    q = p + w;
    if (q < n && !m[q] && out[q]) { out[q] = 0; stack[top++] = q; }
  }
  return out;
}

// --- Step 9: connected components over runs, union-find ---------------------------------------------------------------
/**
 * Labels the set pixels of a 0/1 mask (8- or 4-connectivity), 1..N in raster order of each component's first pixel.
 * Returns {labels: Int32Array, n, runs} where runs = {row, start, end, label} typed arrays in raster order.
 */
function labelComponents(m, w, h, connectivity = 8) {
  let nRuns = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) if (m[row + x] && (x === 0 || !m[row + x - 1])) nRuns++;
  }
  const rs = new Int32Array(nRuns);
  const cs = new Int32Array(nRuns);
  const ce = new Int32Array(nRuns);
  const rowFirst = new Int32Array(h + 1);
  let k = 0;
  for (let y = 0; y < h; y++) {
    rowFirst[y] = k;
    const row = y * w;
    let x = 0;
    while (x < w) {
      if (!m[row + x]) { x++; continue; }
      const s = x;
      while (x < w && m[row + x]) x++;
      rs[k] = y; cs[k] = s; ce[k] = x; k++;
    }
  }
  rowFirst[h] = k;
  const parent = new Int32Array(nRuns);
  for (let i = 0; i < nRuns; i++) parent[i] = i;
  const find = (i) => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const slack = connectivity === 8 ? 1 : 0;
  for (let r = 1; r < h; r++) {
    let i = rowFirst[r - 1];
    const a1 = rowFirst[r];
    let j = a1;
    const b1 = rowFirst[r + 1];
    while (i < a1 && j < b1) {
      if (cs[i] < ce[j] + slack && cs[j] < ce[i] + slack) {
        const ri = find(i);
        const rj = find(j);
        if (ri !== rj) {
          if (ri < rj) parent[rj] = ri;
          else parent[ri] = rj;
        }
      }
      if (ce[i] < ce[j]) i++;
      else j++;
    }
  }
  const labelOfRoot = new Int32Array(nRuns);
  const runLabel = new Int32Array(nRuns);
  let n = 0;
  for (let i = 0; i < nRuns; i++) {
    const root = find(i);
    if (labelOfRoot[root] === 0) labelOfRoot[root] = ++n;
    runLabel[i] = labelOfRoot[root];
  }
  const labels = new Int32Array(w * h);
  for (let i = 0; i < nRuns; i++) labels.fill(runLabel[i], rs[i] * w + cs[i], rs[i] * w + ce[i]);
  return { labels, n, runs: { row: rs, start: cs, end: ce, label: runLabel } };
}

// --- Step 11: chamfer 3-4 distance ------------------------------------------------------------------------------------
function chamferDistance(m, w, h) {
  const big = 3 * (h + w + 2);
  const d = new Int32Array(w * h);
  for (let i = 0; i < w * h; i++) d[i] = m[i] ? big : 0;
  // forward: up-left + 4, up + 3, up-right + 4, left + 3; outside the image is background (0)
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const p = row + x;
      let v = d[p];
      if (v === 0) continue;
      const up = y > 0 ? row - w + x : -1;
      const ul = up >= 0 && x > 0 ? d[up - 1] : 0;
      const u = up >= 0 ? d[up] : 0;
      const ur = up >= 0 && x < w - 1 ? d[up + 1] : 0;
      const l = x > 0 ? d[p - 1] : 0;
      if (ul + 4 < v) v = ul + 4;
      if (u + 3 < v) v = u + 3;
      if (ur + 4 < v) v = ur + 4;
      if (l + 3 < v) v = l + 3;
      d[p] = v;
    }
  }
  // backward, mirrored
  for (let y = h - 1; y >= 0; y--) {
    const row = y * w;
    for (let x = w - 1; x >= 0; x--) {
      const p = row + x;
      let v = d[p];
      if (v === 0) continue;
      const dn = y < h - 1 ? row + w + x : -1;
      const dr = dn >= 0 && x < w - 1 ? d[dn + 1] : 0;
      const dd = dn >= 0 ? d[dn] : 0;
      const dl = dn >= 0 && x > 0 ? d[dn - 1] : 0;
      const r = x < w - 1 ? d[p + 1] : 0;
      if (dr + 4 < v) v = dr + 4;
      if (dd + 3 < v) v = dd + 3;
      if (dl + 4 < v) v = dl + 4;
      if (r + 3 < v) v = r + 3;
      d[p] = v;
    }
  }
  return d;
}

// --- Convex hull (Andrew's monotone chain, 1979) of pixel squares, shoelace area ---------------------------------------
/** Hull of integer points given as flat [x0, y0, x1, y1, …]; counter-clockwise, no collinear points. */
function convexHull(flat) {
  const n = flat.length / 2;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = flat[2 * i] * 65536 + flat[2 * i + 1];
  keys.sort();
  const xs = [];
  const ys = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && keys[i] === keys[i - 1]) continue;
    xs.push(Math.floor(keys[i] / 65536));
    ys.push(keys[i] % 65536);
  }
  const m = xs.length;
  if (m <= 2) return xs.map((x, i) => [x, ys[i]]);
  const cross = (o, a, b) => (xs[a] - xs[o]) * (ys[b] - ys[o]) - (ys[a] - ys[o]) * (xs[b] - xs[o]);
  const lower = [];
  for (let i = 0; i < m; i++) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], i) <= 0) lower.pop();
    lower.push(i);
  }
  const upper = [];
  for (let i = m - 1; i >= 0; i--) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], i) <= 0) upper.pop();
    upper.push(i);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1)).map((i) => [xs[i], ys[i]]);
}

function polygonArea(poly) {
  if (poly.length < 3) return 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < poly.length; i++) {
    const j = (i + 1) % poly.length;
    a += poly[i][0] * poly[j][1];
    b += poly[i][1] * poly[j][0];
  }
  return 0.5 * Math.abs(a - b);
}

/**
 * Solidity (pixel count / convex hull area of the pixel squares) of the pixels of a crop labelled u or v
 * (segment._blob_solidity on a mask; the hull is segment.mask_hull's: outer corners of each row's first and last pixel).
 */
function solidityOf(parts, w, h, u, v) {
  const pts = [];
  let area = 0;
  for (let y = 0; y < h; y++) {
    let first = -1;
    let last = -1;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const l = parts[row + x];
      if (l === u || l === v) {
        if (first < 0) first = x;
        last = x;
        area++;
      }
    }
    if (first >= 0) pts.push(first, y, first, y + 1, last + 1, y, last + 1, y + 1);
  }
  const ha = pts.length ? polygonArea(convexHull(pts)) : 0;
  return ha > 0 ? area / ha : 1.0;
}

// --- Step 12: h-maxima ------------------------------------------------------------------------------------------------
/**
 * Markers: pixels where f − R ≥ h, R the reconstruction by dilation (8-neighbours) of max(f − h, 0) under f, f = 0
 * outside the mask. R is computed by L. Vincent's hybrid algorithm ("Morphological grayscale reconstruction in image
 * analysis", IEEE Trans. Image Processing 2(2), 1993): a raster pass, an anti-raster pass, then a FIFO queue; the
 * result is the same as iterating the dilation to stability, in near-linear time.
 */
function hMaxima(f, mask, w, h, hh) {
  const n = w * h;
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = f[i] > hh ? f[i] - hh : 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      let v = r[p];
      if (y > 0) {
        if (x > 0 && r[p - w - 1] > v) v = r[p - w - 1];
        if (r[p - w] > v) v = r[p - w];
        if (x < w - 1 && r[p - w + 1] > v) v = r[p - w + 1];
      }
      if (x > 0 && r[p - 1] > v) v = r[p - 1];
      r[p] = v < f[p] ? v : f[p];
    }
  }
  // FIFO ring buffer, grown when full
  let queue = new Int32Array(Math.max(64, n >> 2));
  let qh = 0;
  let qn = 0;
  const push = (p) => {
    if (qn === queue.length) {
      const bigger = new Int32Array(queue.length * 2);
      for (let i = 0; i < qn; i++) bigger[i] = queue[(qh + i) % queue.length];
      queue = bigger;
      qh = 0;
    }
    queue[(qh + qn) % queue.length] = p;
    qn++;
  };
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const p = y * w + x;
      let v = r[p];
      const down = y < h - 1;
      const right = x < w - 1;
      const left = x > 0;
      if (down) {
        if (right && r[p + w + 1] > v) v = r[p + w + 1];
        if (r[p + w] > v) v = r[p + w];
        if (left && r[p + w - 1] > v) v = r[p + w - 1];
      }
      if (right && r[p + 1] > v) v = r[p + 1];
      if (v > f[p]) v = f[p];
      r[p] = v;
      // a neighbour below or to the right that is lower than v and may still rise: propagate from p later
      let q;
      if ((down && right && r[q = p + w + 1] < v && r[q] < f[q])
        || (down && r[q = p + w] < v && r[q] < f[q])
        || (down && left && r[q = p + w - 1] < v && r[q] < f[q])
        || (right && r[q = p + 1] < v && r[q] < f[q])) push(p);
    }
  }
  while (qn > 0) {
    const p = queue[qh];
    qh = (qh + 1) % queue.length;
    qn--;
    const x = p % w;
    const y = (p - x) / w;
    const v = r[p];
    const y0 = y > 0 ? y - 1 : 0;
    const y1 = y < h - 1 ? y + 1 : y;
    const x0 = x > 0 ? x - 1 : 0;
    const x1 = x < w - 1 ? x + 1 : x;
    for (let yy = y0; yy <= y1; yy++) {
      for (let xx = x0; xx <= x1; xx++) {
        const q = yy * w + xx;
        if (r[q] < v && f[q] !== r[q]) {
          r[q] = v < f[q] ? v : f[q];
          push(q);
        }
      }
    }
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = mask[i] && f[i] - r[i] >= hh ? 1 : 0;
  return out;
}

// --- Step 13: marker-based watershed ------------------------------------------------------------------------------------
/**
 * Meyer's flooding of the inverted distance from the markers, inside the mask, 4-neighbours. segment.py orders its
 * queue by (−distance, insertion number); the distances are small integers, so a bucket per distance, each a FIFO
 * list, popped from the highest non-empty bucket, gives exactly that order in linear time.
 */
function watershed(dist, markers, mask, w, h) {
  const n = w * h;
  const lab = Int32Array.from(markers);
  let area = 0;
  let maxD = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i]) area++;
    if (dist[i] > maxD) maxD = dist[i];
  }
  const cap = 4 * area + 4;
  const pos = new Int32Array(cap);
  const lbl = new Int32Array(cap);
  const next = new Int32Array(cap);
  const head = new Int32Array(maxD + 1).fill(-1);
  const tail = new Int32Array(maxD + 1).fill(-1);
  let used = 0;
  let top = -1; // highest bucket that may be non-empty
  const push = (p, l) => {
    const d = dist[p];
    const e = used++;
    pos[e] = p;
    lbl[e] = l;
    next[e] = -1;
    if (tail[d] >= 0) next[tail[d]] = e;
    else head[d] = e;
    tail[d] = e;
    if (d > top) top = d;
  };
  const visit = (p, l) => {
    const x = p % w;
    if (p >= w && mask[p - w] && lab[p - w] === 0) push(p - w, l);
    if (x > 0 && mask[p - 1] && lab[p - 1] === 0) push(p - 1, l);
    if (x < w - 1 && mask[p + 1] && lab[p + 1] === 0) push(p + 1, l);
    if (p + w < n && mask[p + w] && lab[p + w] === 0) push(p + w, l);
  };
  for (let p = 0; p < n; p++) if (lab[p]) visit(p, lab[p]);
  while (top >= 0) {
    const e = head[top];
    if (e < 0) {
      top--;
      continue;
    }
    head[top] = next[e];
    if (next[e] < 0) tail[top] = -1;
    const p = pos[e];
    if (lab[p]) continue;
    lab[p] = lbl[e];
    visit(p, lbl[e]);
  }
  return lab;
}

// --- Step 14: cleaning the parts ----------------------------------------------------------------------------------------
function maxLabel(parts) {
  let n = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i] > n) n = parts[i];
  return n;
}

function areasOf(parts, n) {
  const a = new Float64Array(n + 1);
  for (let i = 0; i < parts.length; i++) a[parts[i]]++;
  return a;
}

/** Renumbers the labels present to 1..K keeping their order. */
function renumber(parts, n) {
  const present = new Uint8Array(n + 1);
  for (let i = 0; i < parts.length; i++) present[parts[i]] = 1;
  const remap = new Int32Array(n + 1);
  let k = 0;
  for (let l = 1; l <= n; l++) if (present[l]) remap[l] = ++k;
  for (let i = 0; i < parts.length; i++) parts[i] = remap[parts[i]];
}

/** Step 14a: a part smaller than minArea joins the neighbour it shares the most 4-neighbour pairs with. */
function mergeSmallParts(parts0, w, h, minArea) {
  const parts = Int32Array.from(parts0);
  for (;;) {
    const n = maxLabel(parts);
    if (n < 2) break;
    const areas = areasOf(parts, n);
    let i = 0;
    for (let j = 1; j <= n; j++) {
      if (areas[j] > 0 && areas[j] < minArea && (i === 0 || areas[j] < areas[i])) i = j;
    }
    if (i === 0) break;
    const contact = new Float64Array(n + 1);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = y * w + x;
        const a = parts[p];
        if (x < w - 1) {
          const b = parts[p + 1];
          if (a === i && b !== i && b > 0) contact[b]++;
          if (b === i && a !== i && a > 0) contact[a]++;
        }
        if (y < h - 1) {
          const b = parts[p + w];
          if (a === i && b !== i && b > 0) contact[b]++;
          if (b === i && a !== i && a > 0) contact[a]++;
        }
      }
    }
    let best = 0;
    for (let j = 1; j <= n; j++) if (contact[j] > contact[best]) best = j;
    if (contact[best] === 0) break;
    for (let p = 0; p < parts.length; p++) if (parts[p] === i) parts[p] = best;
    renumber(parts, n);
  }
  return parts;
}

/** Step 14b: two touching parts that together still look like one bean are joined, smallest union first. */
function mergeBeanLike(parts0, w, h, medArea) {
  const parts = Int32Array.from(parts0);
  for (;;) {
    const n = maxLabel(parts);
    if (n < 2) return parts;
    const areas = areasOf(parts, n);
    const seen = new Set();
    const pairs = [];
    const note = (a, b) => {
      if (a === b || a === 0 || b === 0) return;
      const u = Math.min(a, b);
      const v = Math.max(a, b);
      const id = u * (n + 1) + v;
      if (!seen.has(id)) {
        seen.add(id);
        pairs.push([u, v]);
      }
    };
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = y * w + x;
        if (x < w - 1) note(parts[p], parts[p + 1]);
        if (y < h - 1) note(parts[p], parts[p + w]);
      }
    }
    pairs.sort((a, b) => (areas[a[0]] + areas[a[1]]) - (areas[b[0]] + areas[b[1]]) || a[0] - b[0] || a[1] - b[1]);
    let best = null;
    for (const [u, v] of pairs) {
      if (areas[u] + areas[v] > C.JOIN_AREA_FACTOR * medArea) break;
      if (solidityOf(parts, w, h, u, v) >= C.JOIN_SOLIDITY) {
        best = [u, v];
        break;
      }
    }
    if (!best) return parts;
    const [u, v] = best;
    for (let p = 0; p < parts.length; p++) if (parts[p] === v) parts[p] = u;
    renumber(parts, n);
  }
}

// --- Step 15: k-means cut ---------------------------------------------------------------------------------------------
/** Lloyd's k-means on the (y, x) coordinates of the pixels of a crop labelled j; labels 1..k (0 elsewhere). */
function kmeansSplit(parts, w, h, j, k) {
  let count = 0;
  for (let i = 0; i < w * h; i++) if (parts[i] === j) count++;
  const py = new Float64Array(count);
  const px = new Float64Array(count);
  const at = new Int32Array(count);
  let m = 0;
  let sy = 0;
  let sx = 0;
  for (let i = 0; i < w * h; i++) {
    if (parts[i] !== j) continue;
    const x = i % w;
    py[m] = (i - x) / w;
    px[m] = x;
    at[m] = i;
    sy += py[m];
    sx += px[m];
    m++;
  }
  const cy0 = sy / count;
  const cx0 = sx / count;
  const cy = new Float64Array(k);
  const cx = new Float64Array(k);
  // first centre: the pixel farthest from the centroid (first in raster order on ties)
  let best = -1;
  let arg = 0;
  for (let i = 0; i < count; i++) {
    const d = (py[i] - cy0) * (py[i] - cy0) + (px[i] - cx0) * (px[i] - cx0);
    if (d > best) { best = d; arg = i; }
  }
  cy[0] = py[arg];
  cx[0] = px[arg];
  const dmin = new Float64Array(count);
  for (let i = 0; i < count; i++) dmin[i] = (py[i] - cy[0]) * (py[i] - cy[0]) + (px[i] - cx[0]) * (px[i] - cx[0]);
  // then repeatedly the pixel farthest from the centres so far
  for (let c = 1; c < k; c++) {
    best = -1;
    arg = 0;
    for (let i = 0; i < count; i++) if (dmin[i] > best) { best = dmin[i]; arg = i; }
    cy[c] = py[arg];
    cx[c] = px[arg];
    for (let i = 0; i < count; i++) {
      const d = (py[i] - cy[c]) * (py[i] - cy[c]) + (px[i] - cx[c]) * (px[i] - cx[c]);
      if (d < dmin[i]) dmin[i] = d;
    }
  }
  const assign = new Int32Array(count);
  const ny = new Float64Array(k);
  const nx = new Float64Array(k);
  const nc = new Float64Array(k);
  for (let it = 0; it < C.KMEANS_ITERATIONS; it++) {
    ny.fill(0); nx.fill(0); nc.fill(0);
    for (let i = 0; i < count; i++) {
      let best = Infinity;
      let arg = 0;
      for (let c = 0; c < k; c++) {
        const dy = py[i] - cy[c];
        const dx = px[i] - cx[c];
        const d = dy * dy + dx * dx;
        if (d < best) { best = d; arg = c; }
      }
      assign[i] = arg;
      ny[arg] += py[i];
      nx[arg] += px[i];
      nc[arg]++;
    }
    for (let c = 0; c < k; c++) {
      if (nc[c] > 0) {
        cy[c] = ny[c] / nc[c];
        cx[c] = nx[c] / nc[c];
      }
    }
  }
  const out = new Int32Array(w * h);
  for (let i = 0; i < count; i++) out[at[i]] = assign[i] + 1;
  return out;
}

// --- Steps 2–5 ---------------------------------------------------------------------------------------------------------
/** Steps 2–4: the background colour as three block grids (upsampled on demand) and the axis weights. */
function estimateBackground(r, g, b, y, w, h) {
  const B = C.BLOCK;
  const n = w * h;
  const ny = Math.ceil(h / B);
  const nx = Math.ceil(w / B);
  const ax = axisWeights(w, nx, B);
  const ay = axisWeights(h, ny, B);
  // step 2
  const by = blockPercentile(lumaNumerators(r, g, b, n), w, h, B, C.BG_PERCENTILE);
  // step 3
  const s1 = relativeDarkness(y, by, nx, ax, ay, w, h);
  const t1 = Math.max(otsu(s1), C.MIN_SCORE_THRESHOLD);
  const fg1 = dilate3(dilate3(threshold(s1, t1), w, h), w, h);
  // step 4
  const valid = fg1;
  for (let i = 0; i < n; i++) valid[i] ^= 1;
  const chans = [r, g, b];
  const { means, cnt } = blockMaskedMeans(chans, valid, w, h, B);
  const ok = cnt.map((c) => (c >= C.BG_MIN_FRACTION * B * B ? 1 : 0));
  const grids = chans.map((ch, c) => fillBlocks(means[c], ok, ny, nx, bytePercentile90(ch)));
  return { grids, nx, ny, ax, ay };
}

/** Step 3: floor(255 × clamp(1 − Y / max(bgY, 1), 0, 1)). */
function relativeDarkness(y, by, nx, ax, ay, w, h) {
  const s1 = new Uint8Array(w * h);
  const bgRow = new Float64Array(w);
  for (let yy = 0; yy < h; yy++) {
    upsampleRow(by, nx, ax, ay, yy, bgRow);
    const row = yy * w;
    for (let x = 0; x < w; x++) {
      const bgv = bgRow[x];
      let dark = 1.0 - y[row + x] / (bgv > 1.0 ? bgv : 1.0);
      if (dark < 0) dark = 0;
      if (dark > 1) dark = 1;
      s1[row + x] = Math.floor(dark * 255.0);
    }
  }
  return s1;
}

/** Step 5: score = relative darkness + chroma against the local background, 0..255. */
function foregroundScore(r, g, b, w, h, bg) {
  const score = new Uint8Array(w * h);
  const br = new Float64Array(w);
  const bgr = new Float64Array(w);
  const bb = new Float64Array(w);
  const weight = C.CHROMA_WEIGHT;
  for (let y = 0; y < h; y++) {
    upsampleRow(bg.grids[0], bg.nx, bg.ax, bg.ay, y, br);
    upsampleRow(bg.grids[1], bg.nx, bg.ax, bg.ay, y, bgr);
    upsampleRow(bg.grids[2], bg.nx, bg.ax, bg.ay, y, bb);
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const p = row + x;
      const d0 = br[x];
      const d1 = bgr[x];
      const d2 = bb[x];
      let n0 = r[p] / (d0 > 1.0 ? d0 : 1.0);
      let n1 = g[p] / (d1 > 1.0 ? d1 : 1.0);
      let n2 = b[p] / (d2 > 1.0 ? d2 : 1.0);
      if (n0 > 1.5) n0 = 1.5;
      if (n1 > 1.5) n1 = 1.5;
      if (n2 > 1.5) n2 = 1.5;
      const dark = 1 - (n0 * 299.0 + n1 * 587.0 + n2 * 114.0) / 1000.0;
      let hi = n0;
      let lo = n0;
      if (n1 > hi) hi = n1;
      if (n1 < lo) lo = n1;
      if (n2 > hi) hi = n2;
      if (n2 < lo) lo = n2;
      let sc = dark + weight * (hi - lo);
      if (sc < 0) sc = 0;
      if (sc > 1) sc = 1;
      score[p] = Math.floor(sc * 255.0);
    }
  }
  return score;
}

// --- segment(): steps 1–15 at the processing scale -----------------------------------------------------------------------
function emptySegmentation(w, h, threshold, background, y) {
  return {
    width: w, height: h, labels: new Int32Array(w * h), count: 0, threshold, medianArea: 0, medianMaxDistance: 0,
    h: 0, touchingBeans: 0, mergedComponents: 0, background, luma: y,
  };
}

function threshold(score, t) {
  const fg = new Uint8Array(score.length);
  for (let i = 0; i < score.length; i++) fg[i] = score[i] > t ? 1 : 0;
  return fg;
}

/** Step 10's figures per component from its runs: area, bounding box, maximum distance. */
function componentStats(runs, nc, dist, w, h) {
  const area = new Float64Array(nc + 1);
  const maxd = new Float64Array(nc + 1);
  const x0 = new Int32Array(nc + 1).fill(w);
  const y0 = new Int32Array(nc + 1).fill(h);
  const x1 = new Int32Array(nc + 1).fill(-1);
  const y1 = new Int32Array(nc + 1).fill(-1);
  const { row, start, end, label } = runs;
  for (let i = 0; i < row.length; i++) {
    const k = label[i];
    const yy = row[i];
    const s = start[i];
    const e = end[i];
    area[k] += e - s;
    if (s < x0[k]) x0[k] = s;
    if (e - 1 > x1[k]) x1[k] = e - 1;
    if (yy < y0[k]) y0[k] = yy;
    if (yy > y1[k]) y1[k] = yy;
    let md = maxd[k];
    for (let p = yy * w + s; p < yy * w + e; p++) if (dist[p] > md) md = dist[p];
    maxd[k] = md;
  }
  return { area, maxd, x0, y0, x1, y1 };
}

/** Step 10: solidity of every component of at least minArea pixels, from the hull of its run ends (the same hull as
 * the rows' first and last pixels give). Others get 1. */
function componentSolidity(runs, nc, area, minArea) {
  const solid = new Float64Array(nc + 1).fill(1);
  // group the runs by component (a counting sort keeps raster order within each)
  const { row, start, end, label } = runs;
  const first = new Int32Array(nc + 2);
  for (let i = 0; i < label.length; i++) first[label[i] + 1]++;
  for (let k = 1; k <= nc + 1; k++) first[k] += first[k - 1];
  const order = new Int32Array(label.length);
  const fill = first.slice();
  for (let i = 0; i < label.length; i++) order[fill[label[i]]++] = i;
  for (let k = 1; k <= nc; k++) {
    if (area[k] < minArea) continue;
    const pts = new Array(8 * (first[k + 1] - first[k]));
    let m = 0;
    for (let j = first[k]; j < first[k + 1]; j++) {
      const i = order[j];
      const yy = row[i];
      pts[m++] = start[i]; pts[m++] = yy; pts[m++] = start[i]; pts[m++] = yy + 1;
      pts[m++] = end[i]; pts[m++] = yy; pts[m++] = end[i]; pts[m++] = yy + 1;
    }
    const ha = polygonArea(convexHull(pts));
    solid[k] = ha > 0 ? area[k] / ha : 1.0;
  }
  return solid;
}

/** The crop of component k: its mask and its distances inside the mask. */
function cropComponent(labels, dist, w, k, cx0, cy0, cw, ch, withDist) {
  const m = new Uint8Array(cw * ch);
  const d = withDist ? new Int32Array(cw * ch) : null;
  for (let yy = 0; yy < ch; yy++) {
    const src = (cy0 + yy) * w + cx0;
    const dst = yy * cw;
    for (let x = 0; x < cw; x++) {
      if (labels[src + x] === k) {
        m[dst + x] = 1;
        if (withDist) d[dst + x] = dist[src + x];
      }
    }
  }
  return { m, d };
}

/** Steps 12–14 on one component's crop: markers, watershed, cleaning. Null when it stays one piece. */
function splitComponent(m, d, cw, ch, kExp, hval, medArea) {
  // step 12: lower h one pixel (3 chamfer units) at a time until there are as many markers as beans expected
  const want = Math.floor(kExp + 0.5);
  let hh = hval;
  let marks;
  for (;;) {
    marks = labelComponents(hMaxima(d, m, cw, ch, hh), cw, ch, 8);
    if (marks.n >= want || hh <= C.H_MAXIMA_MIN) break;
    hh = Math.max(C.H_MAXIMA_MIN, hh - 3);
  }
  if (marks.n < 2) return null;
  let parts = mergeSmallParts(watershed(d, marks.labels, m, cw, ch), cw, ch, C.MERGE_FRACTION * medArea);
  parts = mergeBeanLike(parts, cw, ch, medArea);
  return maxLabel(parts) >= 2 ? parts : null;
}

/** Writes the crop's pixels labelled j into out as value. */
function writePart(out, w, cx0, cy0, cw, ch, parts, j, value) {
  for (let yy = 0; yy < ch; yy++) {
    const dst = (cy0 + yy) * w + cx0;
    const row = yy * cw;
    for (let x = 0; x < cw; x++) if (parts[row + x] === j) out[dst + x] = value;
  }
}

/** Writes every labelled pixel q of the crop into out as base + q. */
function writeAll(out, w, cx0, cy0, cw, ch, parts, base) {
  for (let yy = 0; yy < ch; yy++) {
    const dst = (cy0 + yy) * w + cx0;
    const row = yy * cw;
    for (let x = 0; x < cw; x++) {
      const q = parts[row + x];
      if (q) out[dst + x] = base + q;
    }
  }
}

function segmentPlanes(r, g, b, w, h) {
  const n = w * h;
  if (n === 0) return emptySegmentation(w, h, C.MIN_SCORE_THRESHOLD, null, null);
  const y = luma(r, g, b, n);
  const bg = estimateBackground(r, g, b, y, w, h);
  const score = foregroundScore(r, g, b, w, h, bg);
  // step 6
  const t = Math.max(otsu(score), C.MIN_SCORE_THRESHOLD);
  let fg = threshold(score, t);
  // steps 7–8
  fg = dilate3(erode3(fg, w, h), w, h);
  fg = erode3(dilate3(fg, w, h), w, h);
  fg = fillHoles(fg, w, h);
  // step 9
  const { labels, n: nc, runs } = labelComponents(fg, w, h, 8);
  if (nc === 0) return emptySegmentation(w, h, t, bg, y);
  // steps 10–11
  const dist = chamferDistance(fg, w, h);
  const { area, maxd, x0, y0, x1, y1 } = componentStats(runs, nc, dist, w, h);
  const solid = componentSolidity(runs, nc, area, 20);
  const cand = [];
  for (let k = 1; k <= nc; k++) if (area[k] >= 20) cand.push(k);
  if (cand.length === 0) return emptySegmentation(w, h, t, bg, y);
  let single = cand.filter((k) => solid[k] >= C.SINGLE_SOLIDITY);
  if (single.length < Math.max(3, Math.floor(cand.length / 4))) single = cand;
  const medArea = median(single.map((k) => area[k]));
  const medMaxd = median(single.map((k) => maxd[k]));
  const hval = Math.max(C.H_MAXIMA_MIN, Math.trunc(pyRound(C.H_MAXIMA_FRACTION * medMaxd)));
  // steps 12–15
  const out = new Int32Array(n);
  let nxt = 1;
  let merged = 0;
  let touching = 0;
  for (let k = 1; k <= nc; k++) {
    if (!(area[k] >= C.MIN_AREA_FRACTION * medArea && maxd[k] >= C.MIN_THICKNESS_FRACTION * medMaxd)) continue;
    const cx0 = x0[k];
    const cy0 = y0[k];
    const cw = x1[k] - cx0 + 1;
    const ch = y1[k] - cy0 + 1;
    const kExp = area[k] / medArea;
    const candidate = kExp > C.SPLIT_AREA_FACTOR || (solid[k] < C.SPLIT_SOLIDITY && kExp > 0.6);
    const { m, d } = cropComponent(labels, dist, w, k, cx0, cy0, cw, ch, candidate);
    let parts = candidate ? splitComponent(m, d, cw, ch, kExp, hval, medArea) : null;
    if (parts !== null) merged++;
    else parts = m;
    // step 15: parts still the size of several beans are cut by k-means
    const first = nxt;
    const nParts = maxLabel(parts);
    const partAreas = areasOf(parts, nParts);
    for (let j = 1; j <= nParts; j++) {
      const pa = partAreas[j];
      if (pa < C.MIN_AREA_FRACTION * medArea) continue;
      const ratio = pa / medArea;
      let cut = ratio >= C.KMEANS_AREA_FACTOR;
      if (!cut && ratio >= C.KMEANS_SOLID_FACTOR) cut = solidityOf(parts, cw, ch, j, j) < C.KMEANS_SOLIDITY;
      else if (cut && ratio < C.KMEANS_ALWAYS_FACTOR) cut = solidityOf(parts, cw, ch, j, j) < C.KMEANS_CONVEX_SOLIDITY;
      if (cut) {
        const km = kmeansSplit(parts, cw, ch, j, Math.max(2, Math.floor(ratio + 0.5)));
        merged++;
        // beans nxt .. nxt + max(km) − 1 (a centre that kept no pixel still counts, as in segment.py)
        writeAll(out, w, cx0, cy0, cw, ch, km, nxt - 1);
        nxt += maxLabel(km);
      } else {
        writePart(out, w, cx0, cy0, cw, ch, parts, j, nxt);
        nxt++;
      }
    }
    if (nxt - first >= 2) touching += nxt - first;
  }
  return {
    width: w, height: h, labels: out, count: nxt - 1, threshold: t, medianArea: medArea, medianMaxDistance: medMaxd,
    h: hval, touchingBeans: touching, mergedComponents: merged, background: bg, luma: y,
  };
}

/**
 * segment.py's segment() on an ImageData-like image, at its own scale (no resizing).
 * Returns {width, height, labels: Int32Array (0 = paper, 1..count), count, threshold, medianArea,
 * medianMaxDistance, h, touchingBeans, mergedComponents, background}.
 */
export function segment(image) {
  const { width, height, data } = checkImage(image);
  const { r, g, b } = planes(data, width * height);
  const { luma: _, ...result } = segmentPlanes(r, g, b, width, height);
  return result;
}

// --- pipeline.py: processing scale, per-bean figures, photo checks ------------------------------------------------------
/** PIL's Image.resize(…, BOX) for one axis: each output pixel averages the input pixels whose centres it covers. */
function boxCoefficients(inSize, outSize) {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1.0);
  const support = 0.5 * filterscale;
  const starts = new Int32Array(outSize);
  const counts = new Int32Array(outSize);
  const weights = [];
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1.0 / filterscale;
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    const k = new Float64Array(Math.max(0, xmax));
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const t = (x + xmin - center + 0.5) * ss;
      const v = t >= -0.5 && t < 0.5 ? 1.0 : 0.0;
      k[x] = v;
      ww += v;
    }
    // fixed point as PIL keeps them (22 fraction bits)
    const fixed = new Int32Array(k.length);
    for (let x = 0; x < k.length; x++) fixed[x] = Math.trunc((ww ? k[x] / ww : 0) * (1 << 22) + 0.5);
    starts[xx] = xmin;
    counts[xx] = k.length;
    weights.push(fixed);
  }
  return { starts, counts, weights };
}

function resizeAxis(src, sw, sh, dw, dh, horizontal) {
  const out = new Uint8Array(dw * dh);
  const cf = horizontal ? boxCoefficients(sw, dw) : boxCoefficients(sh, dh);
  const half = 1 << 21;
  const FRAC = 2 ** 22;
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const o = horizontal ? x : y;
      const k = cf.weights[o];
      const s0 = cf.starts[o];
      let acc = half;
      if (horizontal) {
        const row = y * sw + s0;
        for (let i = 0; i < k.length; i++) acc += src[row + i] * k[i];
      } else {
        for (let i = 0; i < k.length; i++) acc += src[(s0 + i) * sw + x] * k[i];
      }
      const v = Math.floor(acc / FRAC);
      out[y * dw + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return out;
}

/** pipeline.resize_to: the photo at a scale (box filter, horizontal pass first as PIL does). */
function resizePlanes(pl, w, h, scale) {
  if (Math.abs(scale - 1.0) < 1e-9) return { ...pl, w, h };
  const dw = Math.max(1, pyRound(w * scale));
  const dh = Math.max(1, pyRound(h * scale));
  const out = { w: dw, h: dh };
  for (const c of ['r', 'g', 'b']) {
    let p = pl[c];
    if (dw !== w) p = resizeAxis(p, w, h, dw, h, true);
    if (dh !== h) p = resizeAxis(p, dw, h, dw, dh, false);
    out[c] = p;
  }
  return out;
}

/** Per-bean stats from a label image: area, bbox, second moments → length (pipeline.bean_lengths), hull corners. */
function beanStats(labels, w, h, count) {
  const area = new Float64Array(count + 1);
  const sx = new Float64Array(count + 1);
  const sy = new Float64Array(count + 1);
  const x0 = new Int32Array(count + 1).fill(w);
  const y0 = new Int32Array(count + 1).fill(h);
  const x1 = new Int32Array(count + 1).fill(-1);
  const y1 = new Int32Array(count + 1).fill(-1);
  for (let yy = 0; yy < h; yy++) {
    for (let x = 0; x < w; x++) {
      const k = labels[yy * w + x];
      if (!k) continue;
      area[k]++;
      sx[k] += x;
      sy[k] += yy;
      if (x < x0[k]) x0[k] = x;
      if (x > x1[k]) x1[k] = x;
      if (yy < y0[k]) y0[k] = yy;
      if (yy > y1[k]) y1[k] = yy;
    }
  }
  const mx = new Float64Array(count + 1);
  const my = new Float64Array(count + 1);
  for (let k = 1; k <= count; k++) {
    const c = area[k] || 1;
    mx[k] = sx[k] / c;
    my[k] = sy[k] / c;
  }
  const sxx = new Float64Array(count + 1);
  const syy = new Float64Array(count + 1);
  const sxy = new Float64Array(count + 1);
  // row extents per bean for the hull: corners of each run of one label
  const corners = Array.from({ length: count + 1 }, () => []);
  for (let yy = 0; yy < h; yy++) {
    let x = 0;
    while (x < w) {
      const k = labels[yy * w + x];
      if (!k) { x++; continue; }
      const s = x;
      while (x < w && labels[yy * w + x] === k) {
        const dx = x - mx[k];
        const dy = yy - my[k];
        sxx[k] += dx * dx;
        syy[k] += dy * dy;
        sxy[k] += dx * dy;
        x++;
      }
      corners[k].push(s, yy, s, yy + 1, x, yy, x, yy + 1);
    }
  }
  const lengths = new Float64Array(count);
  for (let k = 1; k <= count; k++) {
    const c = area[k] || 1;
    const a = sxx[k] / c + 1 / 12;
    const b = syy[k] / c + 1 / 12;
    const xy = sxy[k] / c;
    const l1 = (a + b) / 2 + Math.sqrt(((a - b) / 2) ** 2 + xy * xy);
    lengths[k - 1] = 4 * Math.sqrt(l1);
  }
  return { area, x0, y0, x1, y1, lengths, corners };
}

function chooseScale(first, medLen, width, height) {
  if (medLen <= 0) return first;
  if (medLen > C.BEAN_LEN_MAX) return (first * C.BEAN_LEN_TARGET) / medLen;
  if (medLen < C.BEAN_LEN_MIN && first < 1.0) {
    let s = Math.min(1.0, (first * C.BEAN_LEN_TARGET) / medLen);
    s = Math.min(s, Math.sqrt(C.WORK_MAX_PIXELS / (width * height)));
    return Math.max(s, first);
  }
  return first;
}

function formatText(code, values) {
  return WARNING_TEXT[code].replace(/\{(\w+)\}/g, (_, k) => Number(values[k]).toFixed(0));
}

/** pipeline.photo_checks at the processing scale. lengthsPx: bean lengths in the photo's own pixels. */
function photoChecks(work, seg, lengthsPx) {
  const { w, h, r, g, b } = work;
  const n = w * h;
  const warnings = [];
  const measurements = {};
  const warn = (code, values = {}) => warnings.push({ code, message: formatText(code, values) });
  const fg = new Uint8Array(n);
  let nfg = 0;
  for (let i = 0; i < n; i++) if (seg.labels[i]) { fg[i] = 1; nfg++; }
  const y = seg.luma ?? luma(r, g, b, n);
  const bgY = new Float64Array(n);
  if (seg.background) {
    // the luma of the interpolated background = the interpolation of the blocks' luma (both are linear; they differ
    // by rounding only, far below what the warnings' thresholds can see)
    const { grids, nx, ax, ay } = seg.background;
    const gy = grids[0].map((v, i) => (v * 299.0 + grids[1][i] * 587.0 + grids[2][i] * 114.0) / 1000.0);
    const row = new Float64Array(w);
    for (let yy = 0; yy < h; yy++) {
      upsampleRow(gy, nx, ax, ay, yy, row);
      bgY.set(row, yy * w);
    }
  }
  // background luma: the pixels outside the beans (all of them when beans cover everything)
  let pick = null;
  if (nfg > 0 && nfg < n) {
    pick = new Int32Array(n - nfg);
    let m = 0;
    for (let i = 0; i < n; i++) if (!fg[i]) pick[m++] = i;
  }
  [measurements.backgroundMedianY] = percentiles(y, [50], pick);
  const [p5, p95] = percentiles(bgY, [5, 95]);
  measurements.backgroundUnevenness = (p95 - p5) / Math.max(p95, 1.0);
  if (seg.count === 0) {
    warn('no_beans');
  } else {
    const medLen = median(lengthsPx);
    measurements.medianBeanLengthPx = medLen;
    if (medLen < C.MIN_BEAN_LENGTH_PX) warn('beans_too_small', { min: C.MIN_BEAN_LENGTH_PX, val: medLen });
    // variance of the 4-neighbour Laplacian of the relative luminance inside the beans (edge-replicated)
    const inner = erode3(fg, w, h);
    const relative = new Float64Array(n);
    for (let i = 0; i < n; i++) relative[i] = y[i] / Math.max(bgY[i], 1.0);
    const rel = (p) => relative[p];
    let s = 0;
    let s2 = 0;
    let m = 0;
    const lap = new Float64Array(n);
    for (let yy = 0; yy < h; yy++) {
      for (let x = 0; x < w; x++) {
        const p = yy * w + x;
        if (!inner[p]) continue;
        const up = yy > 0 ? p - w : p;
        const dn = yy < h - 1 ? p + w : p;
        const lf = x > 0 ? p - 1 : p;
        const rt = x < w - 1 ? p + 1 : p;
        const v = rel(up) + rel(dn) + rel(lf) + rel(rt) - 4 * rel(p);
        lap[m++] = v;
        s += v;
      }
    }
    if (m > 0) {
      const mean = s / m;
      for (let i = 0; i < m; i++) s2 += (lap[i] - mean) * (lap[i] - mean);
    }
    measurements.sharpness = m > 0 ? s2 / m : 0;
    if (m > 0 && measurements.sharpness < C.BLUR_MIN) warn('blurred');
    measurements.touchingFraction = seg.touchingBeans / seg.count;
    measurements.coveredFraction = nfg / n;
    if (measurements.touchingFraction > C.CROWDED_TOUCHING_FRACTION || measurements.coveredFraction > C.CROWDED_COVER_FRACTION) {
      warn('crowded');
    }
    let clipped = 0;
    for (let i = 0; i < n; i++) if (fg[i] && (r[i] >= 255 || g[i] >= 255 || b[i] >= 255)) clipped++;
    measurements.clippedBeanFraction = nfg ? clipped / nfg : 0;
    if (measurements.clippedBeanFraction > C.BRIGHT_CLIPPED_FRACTION) warn('too_bright');
  }
  if (measurements.backgroundMedianY < C.DARK_BACKGROUND_Y) warn('too_dark');
  if (measurements.backgroundUnevenness > C.UNEVEN_LIGHT_RATIO) warn('uneven_lighting');
  return { warnings, measurements };
}

const round1 = (v) => Math.round(v * 10) / 10;

/**
 * Counts the beans of a photo the way the inference service does (pipeline.prepare and photo_checks), offline.
 * image: {width, height, data: Uint8ClampedArray RGBA} (an ImageData or the like), at most MAX_SIDE px a side.
 * Returns {count, beans: [{bbox: [x, y, w, h], area, polygon: [[x, y], …]}], warnings: [{code, message}],
 * measurements, image: {width, height}}, all in the photo's own pixels (area: pixels at the processing scale / scale²).
 * Throws TypeError for a malformed image and RangeError for one over the size limit.
 */
export function countBeans(image) {
  const { width, height, data } = checkImage(image);
  const started = Date.now();
  if (width === 0 || height === 0) {
    return {
      count: 0, beans: [], warnings: [{ code: 'no_beans', message: WARNING_TEXT.no_beans }],
      measurements: { processingScale: 1 }, image: { width, height },
    };
  }
  const full = planes(data, width * height);
  const s1 = Math.min(1.0, C.WORK_MAX_SIDE / Math.max(width, height));
  let work = resizePlanes(full, width, height, s1);
  let seg = segmentPlanes(work.r, work.g, work.b, work.w, work.h);
  let stats = beanStats(seg.labels, work.w, work.h, seg.count);
  let scale = s1;
  const s = chooseScale(s1, median(stats.lengths), width, height);
  if (Math.abs(s - s1) / s1 > 0.10) {
    scale = s;
    work = resizePlanes(full, width, height, s);
    seg = segmentPlanes(work.r, work.g, work.b, work.w, work.h);
    stats = beanStats(seg.labels, work.w, work.h, seg.count);
  }
  const inv = 1 / scale;
  const beans = [];
  for (let k = 1; k <= seg.count; k++) {
    if (stats.area[k] === 0) {
      // a k-means centre that kept no pixel still counts, as in the service; it has no outline
      beans.push({ bbox: [0, 0, 0, 0], area: 0, polygon: [] });
      continue;
    }
    const hull = stats.corners[k].length ? convexHull(stats.corners[k]) : [];
    beans.push({
      bbox: [round1(stats.x0[k] * inv), round1(stats.y0[k] * inv),
        round1((stats.x1[k] + 1 - stats.x0[k]) * inv), round1((stats.y1[k] + 1 - stats.y0[k]) * inv)],
      area: Math.round(stats.area[k] * inv * inv),
      polygon: hull.map(([x, y]) => [round1(x * inv), round1(y * inv)]),
    });
  }
  const lengthsPx = Array.from(stats.lengths, (l) => l * inv);
  const { warnings, measurements } = photoChecks(work, seg, lengthsPx);
  measurements.processingScale = Math.round(scale * 10000) / 10000;
  measurements.seconds = (Date.now() - started) / 1000;
  return { count: seg.count, beans, warnings, measurements, image: { width, height } };
}
