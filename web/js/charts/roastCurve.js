/**
 * A roast as roasters read it in Artisan: bean temperature (BT) and environment temperature (ET) against time
 * on the left axis, the rate of rise (RoR, degrees per minute) on its own right axis, and the events (turning
 * point, dry end, first crack, drop…) as vertical markers. Time runs from CHARGE in mm:ss.
 *
 * A log holds thousands of samples, so each line is thinned to at most `maxPoints` (min and max per pixel
 * column, see downsample.js); a missing reading breaks the line instead of bridging it. RoR dives right
 * after charge, so its axis spans the 2nd to 98th percentile of the RoR from the turning point on (or
 * `rorRange`), and the plot area clips what lies beyond through a nested <svg> viewport (no clipPath ids to
 * clash between charts).
 */
import { downsample } from './downsample.js';
import {
  WIDTH, INK, num, isFiniteNumber, extent, text, line, ticks, tickText, niceDomain, fitText, textBlock, textWidth, open, legend, emptyNote,
} from './svg.js';

/** Short event names, Artisan's, for events the caller gives no label for. */
export const DEFAULT_EVENT_LABELS = {
  chargeS: 'CHARGE', turningPointS: 'TP', dryEndS: 'DE', firstCrackS: 'FC', firstCrackEndS: 'FCe',
  secondCrackS: 'SC', secondCrackEndS: 'SCe', dropS: 'DROP', coolS: 'COOL',
};

export const STYLES = {
  bt: { color: '#b3261e', width: 2, dash: '' },
  et: { color: '#1d4e89', width: 1.5, dash: '' },
  ror: { color: '#2d6a1f', width: 1.5, dash: '6 3' },
};
const LEFT = 38;
const RIGHT = 38;
const PLOT_HEIGHT = 210;
const BOTTOM = 32;
const ROW = 12;
const TIME_STEPS = [15, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 3600, 7200, 14400, 36000, 86400];

/** Seconds as m:ss (minutes keep counting past 60, as roasters count them). */
export function mmss(s) {
  const t = Math.round(Math.abs(s));
  return `${s < 0 && t ? '-' : ''}${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

const finiteList = (a) => (Array.isArray(a) || ArrayBuffer.isView(a) ? Array.from(a).filter(isFiniteNumber) : []);

/**
 * @param {object} o
 * @param {number[]} o.timeS  seconds from charge, one per sample
 * @param {(number|null)[]} o.bt  bean temperature per sample
 * @param {(number|null)[]} o.et  environment temperature per sample
 * @param {(number|null)[]} o.ror  BT rate of rise, degrees per minute
 * @param {Object<string, number|null>} [o.events]  e.g. analyzeRoast's events: {chargeS, firstCrackS, dropS, …}
 * @param {'C'|'F'} [o.unit]
 * @param {{bt?, et?, ror?, time?, events?: Object<string,string>}} [o.labels]  translated names
 * @param {string} o.ariaLabel  what the chart shows, already translated
 * @param {number} [o.maxPoints]  most points per line (600)
 * @param {[number, number]} [o.tempRange]  left axis range instead of the data's
 * @param {[number, number]} [o.rorRange]  right axis range instead of the data's
 * @param {string} [o.emptyLabel]  shown when there is nothing to draw
 * @returns {string} SVG markup
 */
export function roastCurveChart({
  timeS = [], bt = [], et = [], ror = [], events = {}, unit = 'C', labels = {}, ariaLabel = '', maxPoints = 600,
  tempRange, rorRange, emptyLabel = '',
} = {}) {
  const deg = unit === 'F' ? '°F' : '°C';
  const times = Array.isArray(timeS) || ArrayBuffer.isView(timeS) ? timeS : [];
  const names = { bt: labels?.bt ?? 'BT', et: labels?.et ?? 'ET', ror: labels?.ror ?? 'RoR' };
  const lines = { bt: downsample(times, bt ?? [], maxPoints), et: downsample(times, et ?? [], maxPoints), ror: downsample(times, ror ?? [], maxPoints) };
  const eventLabels = { ...DEFAULT_EVENT_LABELS, ...(labels?.events ?? {}) };
  const marks = Object.entries(events && typeof events === 'object' ? events : {})
    .filter(([k, v]) => k.endsWith('S') && Object.hasOwn(eventLabels, k) && isFiniteNumber(v))
    .map(([k, v]) => ({ key: k, t: v, label: String(eventLabels[k] ?? '') }))
    .sort((a, b) => a.t - b.t || a.key.localeCompare(b.key));

  // Time: from charge (or earlier samples) to the last sample; with no samples, to the last event.
  const dataSpan = extent([...lines.bt, ...lines.et, ...lines.ror].flat().map((p) => p[0]));
  const span = dataSpan ?? extent(marks.map((m) => m.t));
  let t0 = Math.min(0, span?.[0] ?? 0);
  let t1 = span ? span[1] : 600;
  if (!(t1 > t0)) t1 = t0 + 60;
  if (t1 - t0 > 1e7) t0 = t1 - 1e7; // nonsense times: keep the ticks finite and few
  // An event past the curve (COOL after a curve cut at DROP) has nothing to mark.
  const shown = marks.filter((m) => m.t >= t0 && m.t <= t1);
  const step = TIME_STEPS.find((s) => (t1 - t0) / s <= 6) ?? Math.ceil((t1 - t0) / 6 / 86400) * 86400;
  const timeTicks = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1 && timeTicks.length < 20; t += step) timeTicks.push(t);

  // Temperatures share the left axis; RoR has the right one, robust to the spikes right after charge.
  const temps = extent([...lines.bt, ...lines.et].flat().map((p) => p[1]));
  const [tLo, tHi] = validRange(tempRange) ?? (temps
    ? niceDomain(temps[0], temps[1], 5)
    : (unit === 'F' ? [100, 500] : [50, 250]));
  // RoR falls steeply before the turning point; its axis follows the RoR from there on, as roasters read it.
  const tp = isFiniteNumber(events?.turningPointS) ? events.turningPointS : -Infinity;
  const rorAll = Array.isArray(ror) || ArrayBuffer.isView(ror) ? ror : [];
  const rorAfterTp = [];
  for (let i = 0; i < Math.min(times.length, rorAll.length); i += 1) {
    if (isFiniteNumber(rorAll[i]) && isFiniteNumber(times[i]) && times[i] >= tp) rorAfterTp.push(rorAll[i]);
  }
  const rorValues = (rorAfterTp.length ? rorAfterTp : finiteList(rorAll)).sort((a, b) => a - b);
  const [rLo, rHi] = validRange(rorRange) ?? (rorValues.length
    ? niceDomain(Math.min(0, quantile(rorValues, 0.02)), Math.max(quantile(rorValues, 0.98), 1), 5)
    : [0, unit === 'F' ? 40 : 20]);

  // Event labels above the plot, staggered over up to three rows so that close events stay readable.
  const rowsEnd = [];
  const placed = shown.map((m) => {
    const fitted = fitText(m.label, 64, 10, 1);
    const w = textWidth(fitted.lines[0] ?? '', 10);
    const x = LEFT + ((m.t - t0) / (t1 - t0)) * (WIDTH - LEFT - RIGHT);
    const cx = Math.min(WIDTH - 2 - w / 2, Math.max(2 + w / 2, x));
    let row = rowsEnd.findIndex((end) => end + 3 <= cx - w / 2);
    if (row < 0) row = rowsEnd.length < 3 ? rowsEnd.length : rowsEnd.indexOf(Math.min(...rowsEnd));
    rowsEnd[row] = cx + w / 2;
    return { ...m, fitted, x, cx, row };
  });
  const top = 14 + Math.max(1, rowsEnd.length) * ROW;
  const pw = WIDTH - LEFT - RIGHT;
  const ph = PLOT_HEIGHT;
  const X = (t) => ((t - t0) / (t1 - t0)) * pw;
  const Y = (v, lo, hi) => Math.min(1e4, Math.max(-1e4, ph - ((v - lo) / (hi - lo)) * ph));

  const parts = [];
  const tempTicks = ticks(tLo, tHi, 5);
  const rorTicks = ticks(rLo, rHi, 5);
  const yTemp = (v) => top + Y(v, tLo, tHi);
  const yRor = (v) => top + Y(v, rLo, rHi);
  const group = (attrs, items) => `<g ${attrs}>${items.join('')}</g>`;
  // Grid, frame and the three axes.
  parts.push(group(`class="grid" stroke="${INK.grid}" stroke-width="1"`, tempTicks.map((v) => line(LEFT, yTemp(v), LEFT + pw, yTemp(v)))));
  parts.push(`<rect x="${LEFT}" y="${num(top)}" width="${num(pw)}" height="${num(ph)}" fill="none" stroke="${INK.axis}" stroke-width="1"/>`);
  parts.push(group(`class="axis-left" fill="${INK.muted}" text-anchor="end" font-size="10"`, [
    ...tempTicks.map((v) => text(LEFT - 4, yTemp(v) + 3.5, tickText(v, tempTicks))),
    text(LEFT - 4, 10, deg),
  ]));
  parts.push(group(`class="axis-right" fill="${STYLES.ror.color}" font-size="10"`, [
    ...rorTicks.map((v) => text(LEFT + pw + 4, yRor(v) + 3.5, tickText(v, rorTicks))),
    text(WIDTH - 2, 10, `${deg}/min`, ' text-anchor="end"'),
  ]));
  parts.push(group(`class="axis-time" fill="${INK.muted}" text-anchor="middle" font-size="10"`, [
    ...timeTicks.map((t) => text(LEFT + X(t), top + ph + 13, mmss(t))),
    labels?.time ? text(LEFT + pw / 2, top + ph + 27, labels.time) : '',
  ]));

  // Events: a dashed line through the plot, the label in its row above.
  parts.push(group(`class="events" font-size="10" text-anchor="middle" fill="${INK.text}"`, placed.map((m) => (
    line(m.x, top, m.x, top + ph, ` stroke="${INK.muted}" stroke-width="1" stroke-dasharray="3 3"`)
    + textBlock(m.cx, 10 + (m.row + 1) * ROW - 2, m.fitted, m.label)))));

  // The lines, in plot coordinates inside a viewport that clips them to the plot.
  // A lone reading between gaps is a zero-length segment, which round caps draw as a dot.
  const path = (runs, lo, hi) => runs
    .map((run) => `M${run.map(([t, v]) => `${num(X(t))} ${num(Y(v, lo, hi))}`).join('L')}${run.length === 1 ? 'h0' : ''}`)
    .join('');
  const drawn = [];
  const plot = [];
  for (const key of ['et', 'bt', 'ror']) {
    if (!lines[key].length) continue;
    const s = STYLES[key];
    const [lo, hi] = key === 'ror' ? [rLo, rHi] : [tLo, tHi];
    plot.push(`<path class="${key}" d="${path(lines[key], lo, hi)}" fill="none" stroke="${s.color}" stroke-width="${s.width}" `
      + `stroke-linejoin="round" stroke-linecap="round"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    drawn.push(key);
  }
  parts.push(`<svg x="${LEFT}" y="${num(top)}" width="${num(pw)}" height="${num(ph)}" overflow="hidden">${plot.join('')}</svg>`);
  if (!drawn.length) parts.push(emptyNote(emptyLabel, LEFT + pw / 2, top + ph / 2));

  let height = top + ph + BOTTOM + (labels?.time ? 6 : 0);
  const order = ['bt', 'et', 'ror'].filter((k) => drawn.includes(k));
  const l = legend(order.map((k) => ({ label: names[k], ...STYLES[k] })), height - 4);
  parts.push(l.markup);
  height += Math.max(0, l.height - 4);
  return `${open('roast', WIDTH, height, ariaLabel)}${parts.join('')}</svg>`;
}

function validRange(r) {
  return Array.isArray(r) && isFiniteNumber(r[0]) && isFiniteNumber(r[1]) && r[1] > r[0] ? [r[0], r[1]] : null;
}
