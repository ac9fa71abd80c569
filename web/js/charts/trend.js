/**
 * Cup scores of a lot over time: is this farm's coffee getting better harvest after harvest, did the new
 * drying beds show in the cup? Dots (each with its own tooltip) joined by a line, with optional shaded bands
 * for the form's score classes (80–84.99 "Very good", 85–89.99 "Excellent"…) so that a score reads as a class.
 *
 * The x axis is time in epoch milliseconds, but its tick text comes from the caller's `formatX`, so dates are
 * shown in the user's language and calendar (Thai users often read Buddhist-era years). A given yMin/yMax is
 * widened to include every score rather than hiding one beyond it.
 */
import { downsample } from './downsample.js';
import {
  WIDTH, INK, esc, num, isFiniteNumber, extent, ticks, tickText, niceDomain,
  fitText, textBlock, textWidth, text, line, open, emptyNote,
} from './svg.js';

const LEFT = 36;
const RIGHT = 14;
const TOP = 10;
const PLOT_HEIGHT = 180;
const BOTTOM = 26;
const INSET = 10; // the first and last dot sit this far inside the plot, not on its edge
const DOT = '#6f4e37';
export const BAND_FILLS = ['#f3eadf', '#e6efe3', '#e5edf5', '#f4e4e8'];
const MAX_DOTS = 150; // past this the dots would merge into a smear: the line alone is drawn
const DAY = 86_400_000;

/** The caller's formatter, guarded: a throw or a non-string gives the empty string. */
function formatter(formatX) {
  return (x) => {
    if (typeof formatX !== 'function') return '';
    try { const s = formatX(x); return s === null || s === undefined ? '' : String(s); } catch { return ''; }
  };
}

/**
 * @param {object} o
 * @param {{x: number, y: number, label?: string}[]} o.points  x in epoch ms; points without a finite x and y are skipped
 * @param {number} [o.yMin]  lowest value on the axis (widened to the data)
 * @param {number} [o.yMax]  highest value on the axis (widened to the data)
 * @param {string} o.ariaLabel  what the chart shows, already translated
 * @param {(ms: number) => string} o.formatX  date text for ticks and tooltips
 * @param {{from: number|null, to: number|null, label: string}[]} [o.bands]  shaded value ranges
 * @param {string} [o.emptyLabel]  shown when there is nothing to draw
 * @returns {string} SVG markup
 */
export function trendChart({ points = [], yMin, yMax, ariaLabel = '', formatX, bands = [], emptyLabel = '' } = {}) {
  const fmt = formatter(formatX);
  const data = (Array.isArray(points) ? points : [])
    .map((p, i) => ({ x: p?.x, y: p?.y, label: p?.label, i }))
    .filter((p) => isFiniteNumber(p.x) && isFiniteNumber(p.y))
    .sort((a, b) => a.x - b.x || a.i - b.i);

  const xr = extent(data.map((p) => p.x));
  let [x0, x1] = xr ?? [0, DAY];
  if (!(x1 > x0)) { x0 -= DAY; x1 += DAY; }
  const yr = extent(data.map((p) => p.y));
  let lo;
  let hi;
  if (isFiniteNumber(yMin) && isFiniteNumber(yMax) && yMax > yMin) {
    lo = Math.min(yMin, yr?.[0] ?? yMin);
    hi = Math.max(yMax, yr?.[1] ?? yMax);
  } else if (yr) {
    const pad = (yr[1] - yr[0]) * 0.1 || 1;
    [lo, hi] = niceDomain(isFiniteNumber(yMin) ? Math.min(yMin, yr[0]) : yr[0] - pad, isFiniteNumber(yMax) ? Math.max(yMax, yr[1]) : yr[1] + pad, 5);
  } else {
    [lo, hi] = [0, 100];
  }

  const pw = WIDTH - LEFT - RIGHT;
  const ph = PLOT_HEIGHT;
  const X = (x) => LEFT + INSET + ((x - x0) / (x1 - x0)) * (pw - 2 * INSET);
  const Y = (y) => TOP + ph - ((y - lo) / (hi - lo)) * ph;
  const parts = [];

  // Bands under everything, each clipped to the axis range, its label at its top left.
  const bandList = (Array.isArray(bands) ? bands : []).filter((b) => b && typeof b === 'object');
  parts.push(`<g class="bands">${bandList.map((b, i) => {
    const from = Math.max(lo, isFiniteNumber(b.from) ? b.from : lo);
    const to = Math.min(hi, isFiniteNumber(b.to) ? b.to : hi);
    if (!(to > from)) return '';
    const top = Y(to);
    const h = Y(from) - top;
    const fill = BAND_FILLS[i % BAND_FILLS.length];
    const label = h >= 12 ? textBlock(LEFT + 4, top + 10, fitText(b.label, pw - 8, 10, 1), b.label, ` font-size="10" fill="${INK.muted}"`) : '';
    return `<rect x="${LEFT}" y="${num(top)}" width="${num(pw)}" height="${num(h)}" fill="${fill}"><title>${esc(b.label)}</title></rect>${label}`;
  }).join('')}</g>`);

  // Y grid and ticks, the plot frame.
  const yTicks = ticks(lo, hi, 5);
  parts.push(`<g class="grid" stroke="${INK.grid}" stroke-width="1">${yTicks.map((v) => line(LEFT, Y(v), LEFT + pw, Y(v))).join('')}</g>`);
  parts.push(`<rect x="${LEFT}" y="${TOP}" width="${num(pw)}" height="${num(ph)}" fill="none" stroke="${INK.axis}" stroke-width="1"/>`);
  const yText = yTicks.map((v) => text(LEFT - 4, Y(v) + 3.5, tickText(v, yTicks))).join('');
  parts.push(`<g class="axis-y" fill="${INK.muted}" text-anchor="end" font-size="10">${yText}</g>`);

  // X ticks: at the dates themselves when there are few, else four evenly spaced; a label that would
  // overlap the previous one is dropped.
  const distinct = [...new Set(data.map((p) => p.x))];
  const xTicks = distinct.length && distinct.length <= 4 ? distinct : [0, 1, 2, 3].map((k) => x0 + ((x1 - x0) * k) / 3);
  let lastEnd = -Infinity;
  const xLabels = [];
  for (const x of xTicks) {
    const full = fmt(x);
    const fitted = fitText(full, 100, 10, 1);
    const w = textWidth(fitted.lines[0] ?? '', 10);
    const cx = Math.min(WIDTH - 2 - w / 2, Math.max(2 + w / 2, X(x)));
    if (!fitted.lines.length || cx - w / 2 < lastEnd + 6) continue;
    lastEnd = cx + w / 2;
    xLabels.push(line(X(x), TOP + ph, X(x), TOP + ph + 4, ` stroke="${INK.axis}"`) + textBlock(cx, TOP + ph + 15, fitted, full));
  }
  parts.push(`<g class="axis-x" fill="${INK.muted}" text-anchor="middle" font-size="10">${xLabels.join('')}</g>`);

  // The line (thinned past 600 points), then the dots with their tooltips.
  if (data.length > 1) {
    const runs = downsample(data.map((p) => p.x), data.map((p) => p.y), 600);
    const d = runs.map((run) => `M${run.map(([x, y]) => `${num(X(x))} ${num(Y(y))}`).join('L')}`).join('');
    parts.push(`<path class="line" d="${d}" fill="none" stroke="${DOT}" stroke-width="2" stroke-linejoin="round"/>`);
  }
  if (data.length && data.length <= MAX_DOTS) {
    parts.push(`<g class="dots" fill="${DOT}" stroke="#ffffff" stroke-width="1.5">${data.map((p) => {
      const tip = p.label !== undefined && p.label !== null && p.label !== '' ? String(p.label) : `${fmt(p.x)}: ${num(p.y, 2)}`;
      return `<circle cx="${num(X(p.x))}" cy="${num(Y(p.y))}" r="4"><title>${esc(tip)}</title></circle>`;
    }).join('')}</g>`);
  }
  if (!data.length) parts.push(emptyNote(emptyLabel, LEFT + pw / 2, TOP + ph / 2 + 4));

  return `${open('trend', WIDTH, TOP + ph + BOTTOM, ariaLabel)}${parts.join('')}</svg>`;
}
