/**
 * Thinning a long series for a polyline: an Artisan log holds thousands of samples (one every second or
 * faster), a phone chart is about 300 px wide. Drawing every sample costs memory and time for lines that
 * fall on the same pixel column, so the series is cut into columns of equal x range and each column keeps
 * its lowest and highest sample: spikes and the shape of the curve survive, the point count stays bounded.
 *
 * Gaps stay gaps: a sample whose x or y is missing (null, NaN, ±Infinity) breaks the line, and the line is
 * broken between two kept samples whenever any missing sample lay between them in the original order.
 */
import { isFiniteNumber } from './svg.js';

/**
 * @param {ArrayLike<number|null>} xs  positions (e.g. seconds), ideally non-decreasing
 * @param {ArrayLike<number|null>} ys  values; null, NaN or ±Infinity mark a gap
 * @param {number} maxPoints  at most this many points come back in all runs together (at least 2)
 * @returns {Array<Array<[number, number]>>}  runs of [x, y] to draw as separate lines
 */
export function downsample(xs, ys, maxPoints = 600) {
  const n = Math.min(xs?.length ?? 0, ys?.length ?? 0);
  const good = (i) => isFiniteNumber(xs[i]) && isFiniteNumber(ys[i]);
  // gapsBefore[i]: how many missing samples precede i, to know whether a gap lies between two kept samples.
  const gapsBefore = new Int32Array(n + 1);
  let count = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i += 1) {
    const ok = good(i);
    gapsBefore[i + 1] = gapsBefore[i] + (ok ? 0 : 1);
    if (ok) { count += 1; lo = Math.min(lo, xs[i]); hi = Math.max(hi, xs[i]); }
  }
  if (!count) return [];

  let kept;
  const limit = Math.max(2, Math.floor(maxPoints));
  if (count <= limit) {
    kept = [];
    for (let i = 0; i < n; i += 1) if (good(i)) kept.push(i);
  } else {
    const buckets = Math.floor(limit / 2);
    const minAt = new Int32Array(buckets).fill(-1);
    const maxAt = new Int32Array(buckets).fill(-1);
    const span = hi - lo;
    for (let i = 0; i < n; i += 1) {
      if (!good(i)) continue;
      const b = span > 0 ? Math.min(buckets - 1, Math.floor(((xs[i] - lo) / span) * buckets)) : 0;
      if (minAt[b] < 0 || ys[i] < ys[minAt[b]]) minAt[b] = i;
      if (maxAt[b] < 0 || ys[i] > ys[maxAt[b]]) maxAt[b] = i;
    }
    kept = [];
    for (let b = 0; b < buckets; b += 1) {
      const a = minAt[b];
      const z = maxAt[b];
      if (a < 0) continue;
      if (a === z) kept.push(a);
      else kept.push(Math.min(a, z), Math.max(a, z));
    }
  }

  const runs = [];
  let run = [];
  let prev = -1;
  for (const i of kept) {
    const gap = prev >= 0 && gapsBefore[Math.max(i, prev)] - gapsBefore[Math.min(i, prev) + 1] > 0;
    if (gap && run.length) { runs.push(run); run = []; }
    run.push([xs[i], ys[i]]);
    prev = i;
  }
  if (run.length) runs.push(run);
  return runs;
}
