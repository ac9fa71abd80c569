/**
 * What the chart modules share: escaping, number output, ticks, text fitting, colours and the legend.
 *
 * The charts build SVG as strings, with no DOM, so that they run in node tests (and in a worker) and the app
 * inserts them through a <template>. Every caller-given text goes through esc() and every coordinate through
 * num(): two narrow doors, so that no label can inject markup and no NaN or Infinity can reach an attribute.
 * Only presentation attributes are used (no style attributes, no ids): the markup works under a strict CSP
 * and several charts can sit on one page without clashing ids.
 */

/** Width of every chart's viewBox: the phone's 360 px, so that 1 unit is about 1 CSS pixel there. */
export const WIDTH = 360;
export const FONT_SIZE = 11;
const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans Thai', Roboto, sans-serif";

/** Ink colours: each reaches 4.5:1 against white (WCAG AA for text; graphics need only 3:1). */
export const INK = { text: '#222222', muted: '#595959', grid: '#dcdcdc', axis: '#767676' };

/** Series colours and dash patterns, paired so that series stay apart for colour-blind eyes and in greyscale. */
export const PALETTE = ['#1d4e89', '#b3261e', '#2d6a1f', '#7a2c8f', '#8a5200', '#00656b', '#a4134d', '#4a4a4a'];
export const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'];
export const seriesStyle = (i) => ({ color: PALETTE[i % PALETTE.length], dash: DASHES[i % DASHES.length] });

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// Characters XML forbids outright (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF): dropped.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an element or a double-quoted attribute. null and undefined are the empty string. */
export function esc(value) {
  const s = value === null || value === undefined ? '' : String(value);
  return s.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export const isFiniteNumber = (v) => typeof v === 'number' && Number.isFinite(v);

/** A coordinate or value as markup: rounded to `places`, never NaN, Infinity, -0 or an exponent. */
export function num(v, places = 1) {
  if (!isFiniteNumber(v)) return '0';
  const f = 10 ** places;
  const r = Math.round(Math.min(1e6, Math.max(-1e6, v)) * f) / f;
  return String(r === 0 ? 0 : r);
}

export const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** [min, max] of the finite numbers in a list (a loop: spreading 50,000 values into Math.min can overflow). */
export function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (isFiniteNumber(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return lo <= hi ? [lo, hi] : null;
}

/** A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `range` into about `count` parts. */
export function niceStep(range, count = 5) {
  const raw = range > 0 && Number.isFinite(range) ? range / Math.max(1, count) : 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5]) if (m * mag >= raw * (1 - 1e-9)) return m * mag;
  return 10 * mag;
}

/** Decimals that a step shows with: 0 for 5, 1 for 0.5, 2 for 0.25. */
function decimalsOf(step) {
  for (let p = 0; p < 6; p += 1) if (Math.abs(Math.round(step * 10 ** p) - step * 10 ** p) < 1e-6) return p;
  return 6;
}

/** Multiples of a round step within [lo, hi] (at most 50), rounded so that 0.1 + 0.2 shows as 0.3. */
export function ticks(lo, hi, count = 5) {
  if (!(hi > lo)) return isFiniteNumber(lo) ? [lo] : [];
  const step = niceStep(hi - lo, count);
  const places = decimalsOf(step);
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9 && out.length < 50; v += step) {
    out.push(Number(v.toFixed(places)));
  }
  return out;
}

/** [lo, hi] widened outwards to round steps; a single value or nothing still gives a usable range. */
export function niceDomain(lo, hi, count = 5) {
  if (!isFiniteNumber(lo) || !isFiniteNumber(hi)) return [0, 1];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) { const d = Math.abs(lo) * 0.1 || 1; lo -= d; hi += d; }
  const step = niceStep(hi - lo, count);
  const places = decimalsOf(step);
  return [Number((Math.floor(lo / step + 1e-9) * step).toFixed(places)), Number((Math.ceil(hi / step - 1e-9) * step).toFixed(places))];
}

/** Tick text for a value, with the decimals its step needs. */
export function tickText(v, all) {
  const step = all.length > 1 ? Math.abs(all[1] - all[0]) : 1;
  return num(v, step > 0 ? decimalsOf(step) : 0);
}

// Text measuring without a DOM: an estimate per user-perceived character. Thai vowel and tone marks combine
// with the consonant before them (\p{M}), so they take no width and are never cut from their consonant.
const GRAPHEME = /\P{M}\p{M}*|\p{M}+/gu;
export const graphemes = (s) => String(s).match(GRAPHEME) ?? [];
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|\p{Extended_Pictographic}/u;

function glyphWidth(g) {
  if (WIDE.test(g)) return 1;
  if (/^[il.,:;'|!]/.test(g)) return 0.3;
  if (/^[A-Z0-9MWmw@%]/.test(g)) return 0.68;
  if (g === ' ') return 0.3;
  if (/^[\u0E00-\u0E7F]/.test(g)) return 0.68; // Thai consonants and leading vowels run wide in Thai fonts
  return 0.6;
}

export const textWidth = (s, size = FONT_SIZE) => graphemes(s).reduce((w, g) => w + glyphWidth(g) * size, 0);

const wordSegmenter = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter('th', { granularity: 'word' }) : null;
const words = (s) => (wordSegmenter ? Array.from(wordSegmenter.segment(s), (x) => x.segment) : s.split(/(?<=\s)/));

/**
 * Lines of at most `maxWidth` for a label, broken between words (Thai has no spaces: Intl.Segmenter finds the
 * words), at most `maxLines` of them, the last one ending in … when the text had to be cut.
 * @returns {{lines: string[], cut: boolean}}
 */
export function fitText(text, maxWidth, size = FONT_SIZE, maxLines = 1) {
  const clean = String(text ?? '').replace(/\s+/g, ' ').trim();
  const lines = [];
  let line = '';
  let cut = false;
  const push = () => { lines.push(line.trim()); line = ''; };
  outer: for (const word of words(clean)) {
    if (textWidth(line + word, size) <= maxWidth) { line += word; continue; }
    if (line.trim()) { push(); if (lines.length === maxLines) { cut = true; break; } }
    if (textWidth(word, size) <= maxWidth) { line = word.trimStart(); continue; }
    for (const g of graphemes(word.trimStart())) { // a word longer than a line: broken between characters
      if (textWidth(line + g, size) > maxWidth && line) { push(); if (lines.length === maxLines) { cut = true; break outer; } }
      line += g;
    }
  }
  if (!cut && line.trim()) push();
  if (cut && lines.length) {
    const gs = graphemes(lines[lines.length - 1]);
    while (gs.length && textWidth(`${gs.join('')}…`, size) > maxWidth) gs.pop();
    lines[lines.length - 1] = `${gs.join('').trimEnd()}…`;
  }
  return { lines, cut };
}

/**
 * A <text> of one or more lines: `x`, the first baseline `y`, `attrs` as given (already safe). A cut label
 * carries its full text as a <title>, which browsers show on hover.
 */
export function textBlock(x, y, fitted, full, attrs = '', lineHeight = FONT_SIZE + 2) {
  const { lines, cut } = fitted;
  if (!lines.length) return '';
  const title = cut ? `<title>${esc(full)}</title>` : '';
  if (lines.length === 1) return `<text x="${num(x)}" y="${num(y)}"${attrs}>${title}${esc(lines[0])}</text>`;
  const spans = lines.map((l, i) => `<tspan x="${num(x)}" ${i ? `dy="${num(lineHeight)}"` : `y="${num(y)}"`}>${esc(l)}</tspan>`).join('');
  return `<text${attrs}>${title}${spans}</text>`;
}

/** A one-line <text>; `attrs` as given (already safe). */
export const text = (x, y, content, attrs = '') => `<text x="${num(x)}" y="${num(y)}"${attrs}>${esc(content)}</text>`;

/** A <line>; `attrs` as given (already safe). */
export const line = (x1, y1, x2, y2, attrs = '') => `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}"${attrs}/>`;

/** The opening of a chart: scales to its container's width, is one image to assistive technology. */
export function open(kind, width, height, ariaLabel) {
  const label = esc(ariaLabel);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-${kind}" viewBox="0 0 ${num(width)} ${num(height)}" `
    + `width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="${label}" `
    + `font-family="${FONT_FAMILY}" font-size="${FONT_SIZE}" fill="${INK.text}"><title>${label}</title>`;
}

/** A short line in a series' colour and dash, as the legend and the series draw it. */
const swatch = (x, y, s) => line(x, y, x + 18, y, ` stroke="${s.color}" stroke-width="${num(s.width ?? 2)}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}`);

/**
 * A legend laid out in rows across the width, starting at `top`: items {label, color, dash, width}.
 * @returns {{markup: string, height: number}}
 */
export function legend(items, top, width = WIDTH) {
  const rowHeight = 18;
  const left = 10;
  let x = left;
  let row = 0;
  const parts = [];
  for (const item of items) {
    const fitted = fitText(item.label, width - 2 * left - 24, FONT_SIZE, 1);
    const w = 24 + textWidth(fitted.lines[0] ?? '', FONT_SIZE) + 14;
    if (x > left && x + w > width - left) { x = left; row += 1; }
    const y = top + row * rowHeight + rowHeight / 2;
    parts.push(`<g>${swatch(x, y, item)}${textBlock(x + 24, y + 4, fitted, item.label)}</g>`);
    x += w;
  }
  if (!parts.length) return { markup: '', height: 0 };
  return { markup: `<g class="legend">${parts.join('')}</g>`, height: (row + 1) * rowHeight + 4 };
}

/** A centred note in place of data, when the caller gave one. */
export const emptyNote = (note, x, y) => (note ? text(x, y, note, ` text-anchor="middle" fill="${INK.muted}"`) : '');
