// Artisan .alog reading and roast metrics, computed as Artisan computes them.
// Mirrors Sources/KafaeDomain/Roasting/*.swift; both run spec/vectors/roast.json.
//
// Total on any input, as the Swift is: the parser is linear in the text, nesting is capped at MAX_DEPTH, a list
// in a log at 2 × MAX_SAMPLES items; every number from the file is range-checked before it is used; times never
// go backwards; the smoothed RoR curve is linear in the number of samples.

import { roundPlaces } from './numbers.js';

/** An error with a catalogue code (`roast.no_charge`, …), as the server would answer. */
export class RoastError extends Error {
  constructor(code, params = {}) {
    super(code);
    this.code = code;
    this.params = params;
  }
}

/** A list or dict holds more than the `maxItems` given to parsePythonLiteral. */
export class TooManyItems extends Error {
  constructor(offset, max) {
    super('too many items');
    this.offset = offset;
    this.max = max;
  }
}

/** The deepest nesting of lists, tuples and dicts accepted (an Artisan log nests 3 deep). */
export const MAX_DEPTH = 64;
/** The longest number accepted, in characters (a double needs at most 24). */
export const MAX_NUMBER_LENGTH = 400;
/** The most samples a log may hold (Artisan samples every 0.5–5 s: 50,000 samples are hours of roasting). */
export const MAX_SAMPLES = 50000;
/** The largest sample time, in seconds from the start of recording, accepted (about 11.5 days). */
export const MAX_TIME_S = 1e6;
/** The largest magnitude of a temperature reading accepted (°C or °F); anything beyond is not a reading. */
export const MAX_READING = 1e5;
/** The largest batch weight accepted, in grams (100 t). */
export const MAX_WEIGHT_G = 1e8;
/** Seconds since 1970 of 10000-01-01: a start time from then on is not a date. */
const MAX_EPOCH_S = 253402300800;

const TWO_63 = 2 ** 63;

/**
 * A number used as a dict key, as the Swift writes it (Python's `str`): `1` for a whole number within Int64,
 * `1e+19` past it, `2.5` otherwise (Swift's shortest form: exponent from 1e-5 down and from 2^53 up).
 */
export function numberKeyText(n) {
  if (Number.isInteger(n) && n >= -TWO_63 && n < TWO_63) return BigInt(n).toString();
  const [mantissa, exponent] = n.toExponential().split('e');
  const e = Number(exponent);
  if (Math.abs(n) < 2 ** 53 && e >= -4) return String(n);
  return `${mantissa}e${exponent[0]}${exponent.slice(1).padStart(2, '0')}`;
}

// Swift's UInt32(_:radix: 16): an optional sign, then hex digits; a minus only before zero.
function hexValue(s) {
  if (!/^[+-]?[0-9A-Fa-f]+$/.test(s)) return null;
  const v = parseInt(s, 16);
  if (s[0] === '-') return v === 0 ? 0 : null;
  return v <= 0xffffffff ? v : null;
}

// The UTF-8 length of a string (the Swift counts offsets in bytes).
function utf8Length(s) {
  let n = 0;
  for (let k = 0; k < s.length; k += 1) {
    const c = s.charCodeAt(k);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && k + 1 < s.length && s.charCodeAt(k + 1) >= 0xdc00 && s.charCodeAt(k + 1) <= 0xdfff) { n += 4; k += 1; }
    else n += 3;
  }
  return n;
}

/**
 * Parses Artisan's Python-literal dict (or JSON) into plain JS values; nan/inf become null.
 * @throws {RoastError} `roast.unreadable_file` (with the byte offset) for malformed or too deeply nested text
 * @throws {TooManyItems} when a list or dict holds more than `maxItems` entries
 */
export function parsePythonLiteral(text, { maxItems = Infinity } = {}) {
  const begin = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let i = begin;
  let depth = 0;
  const failAt = (at, reason) => new RoastError('roast.unreadable_file', { offset: String(utf8Length(text.slice(begin, at))), reason });
  const fail = (reason) => failAt(i, reason);
  const space = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i += 1; else return;
    }
  };
  const isLetter = (c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

  function value() {
    if (i >= text.length) throw fail('unexpected end');
    const c = text[i];
    if (c === '{') return container('}', true);
    if (c === '[') return container(']', false);
    if (c === '(') return container(')', false);
    if (c === "'" || c === '"') return string(false);
    if ('ubrUBR'.includes(c) && (text[i + 1] === "'" || text[i + 1] === '"')) {
      const raw = c === 'r' || c === 'R';
      i += 1;
      return string(raw);
    }
    if ('-+.0123456789'.includes(c)) return number();
    return word();
  }

  function container(close, dict) {
    depth += 1;
    if (depth > MAX_DEPTH) throw fail('nested too deeply');
    i += 1;
    const obj = {}; const arr = [];
    let items = 0;
    space();
    for (;;) {
      if (i >= text.length) throw fail('unclosed container');
      if (text[i] === close) { i += 1; break; }
      items += 1;
      if (items > maxItems) throw new TooManyItems(utf8Length(text.slice(begin, i)), maxItems);
      if (dict) {
        let key = value();
        if (typeof key === 'number') key = numberKeyText(key);
        else if (typeof key === 'boolean') key = key ? 'True' : 'False';
        else if (typeof key !== 'string') throw fail('unsupported dict key');
        space();
        if (text[i] !== ':') throw fail("expected ':'");
        i += 1;
        space();
        // A key is only data: `__proto__` must not become the object's prototype.
        Object.defineProperty(obj, key, { value: value(), writable: true, enumerable: true, configurable: true });
      } else {
        arr.push(value());
      }
      space();
      if (i >= text.length) throw fail('unclosed container');
      if (text[i] === ',') { i += 1; space(); } else if (text[i] !== close) throw fail("expected ',' or a closing bracket");
    }
    depth -= 1;
    return dict ? obj : arr;
  }

  function string(raw) {
    const quote = text[i];
    i += 1;
    let out = '';
    for (;;) {
      if (i >= text.length) throw fail('unterminated string');
      const c = text[i];
      if (c === quote) { i += 1; break; }
      if (c === '\\' && !raw) {
        i += 1;
        if (i >= text.length) throw fail('unterminated escape');
        const e = text[i];
        i += 1;
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case '0': out += '\0'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'x': out += scalar(2); break;
          case 'u': out += scalar(4); break;
          case 'U': out += scalar(8); break;
          case '\n': break; // line continuation
          default: out += e; // \\ \' \" and anything else taken literally
        }
      } else {
        out += c;
        i += 1;
      }
    }
    return out;
  }

  // An escaped character; a surrogate pair written as two \u escapes is one character, anything else that is
  // not a Unicode scalar (a lone surrogate, past U+10FFFF) is U+FFFD, as in the Swift.
  function scalar(digits) {
    const code = i + digits <= text.length ? hexValue(text.slice(i, i + digits)) : null;
    if (code === null) throw fail('bad escape');
    i += digits;
    if (code >= 0xd800 && code <= 0xdbff && i + 6 <= text.length && text[i] === '\\' && text[i + 1] === 'u') {
      const low = hexValue(text.slice(i + 2, i + 6));
      if (low !== null && low >= 0xdc00 && low <= 0xdfff) {
        i += 6;
        return String.fromCodePoint(0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00));
      }
    }
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return '\ufffd';
    return String.fromCodePoint(code);
  }

  function number() {
    const start = i;
    if (text[i] === '-' || text[i] === '+') i += 1;
    // -inf, -nan, -Infinity
    if (i < text.length && isLetter(text[i])) { word(); return null; }
    while (i < text.length) {
      const c = text[i];
      if (c === '+' || c === '-') {
        if (i > start && text[i - 1] !== 'e' && text[i - 1] !== 'E') break;
      } else if (!((c >= '0' && c <= '9') || c === '.' || c === 'e' || c === 'E' || c === '_')) {
        break;
      }
      i += 1;
      // No program writes a number of hundreds of digits: refuse one before converting megabytes of it.
      if (i - start > MAX_NUMBER_LENGTH) throw failAt(start, 'number too long');
    }
    // Python allows `_` between digits (1_000).
    const t = text.slice(start, i).replaceAll('_', '');
    const d = Number(t);
    if (t === '' || Number.isNaN(d)) throw failAt(start, `bad number '${t}'`);
    return Number.isFinite(d) ? d : null;
  }

  function word() {
    const start = i;
    while (i < text.length && isLetter(text[i])) i += 1;
    const w = text.slice(start, i);
    if (w === 'True' || w === 'true') return true;
    if (w === 'False' || w === 'false') return false;
    if (['None', 'null', 'nan', 'NaN', 'inf', 'Infinity', 'infinity'].includes(w)) return null;
    throw failAt(start, 'unexpected text');
  }

  space();
  const v = value();
  space();
  if (i !== text.length) throw fail('unexpected text after the value');
  return v;
}

const GRAMS = { g: 1, kg: 1000, lb: 453.59237, oz: 28.349523125 };

const tooManySamples = () => new RoastError('roast.too_many_samples', { max: String(MAX_SAMPLES) });
const badField = (field) => new RoastError('roast.bad_field', { field });
const isNumber = (v) => typeof v === 'number';
const stringOrNull = (v) => (typeof v === 'string' ? v : null);

/** Reads an .alog file's text into a profile. @throws {RoastError} */
export function parseArtisan(text) {
  if (!text || !text.length) throw new RoastError('roast.empty_file');
  let root;
  try {
    // No list in a log is longer than its samples (temp1 and temp2 may carry a few more): refuse a runaway list
    // while parsing, before it is all in memory.
    root = parsePythonLiteral(text, { maxItems: 2 * MAX_SAMPLES });
  } catch (e) {
    if (e instanceof TooManyItems) throw tooManySamples();
    throw e;
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) throw new RoastError('roast.unreadable_file', { offset: '0' });
  return profileFromArtisan(root);
}

/** Builds a profile from an Artisan dict (samples, event indices, weights). @throws {RoastError} */
export function profileFromArtisan(d) {
  const own = (key) => (Object.hasOwn(d, key) ? d[key] : undefined);
  // The sample lists and the event indices are lists or absent (null counts as absent).
  for (const key of ['timex', 'temp1', 'temp2', 'timeindex']) {
    const v = own(key);
    if (v !== undefined && v !== null && !Array.isArray(v)) throw badField(key);
  }
  const timex = own('timex');
  if (!Array.isArray(timex) || timex.length === 0) throw new RoastError('roast.no_samples');
  if (timex.length > MAX_SAMPLES) throw tooManySamples();
  // Times: finite, within range and never decreasing (Artisan's clock only goes forward; equal times are
  // tolerated). The RoR curve and every phase length rely on this.
  const time = [];
  let last = -MAX_TIME_S;
  for (const t of timex) {
    if (!isNumber(t) || !Number.isFinite(t) || Math.abs(t) > MAX_TIME_S || !(t >= last)) throw badField('timex');
    time.push(t);
    last = t;
  }
  const readings = (key) => {
    const list = own(key);
    if (!Array.isArray(list)) return time.map(() => null);
    if (list.length < time.length) throw badField(key);
    const out = new Array(time.length);
    for (let k = 0; k < time.length; k += 1) {
      const v = list[k];
      if (!isNumber(v) || v === -1 || !Number.isFinite(v)) { out[k] = null; continue; }
      if (Math.abs(v) > MAX_READING) throw badField(key);
      out[k] = v;
    }
    return out;
  };
  const et = readings('temp1');
  const bt = readings('temp2');
  if (!bt.some((v) => v !== null)) throw new RoastError('roast.no_samples');
  // Event indices: only the first eight entries mean anything. A fraction (or a non-finite number) is malformed;
  // an index outside the samples (negative, past the end, 1e19) is "not set"; an entry that is not a number
  // counts as 0.
  const ti = [];
  for (const v of (Array.isArray(own('timeindex')) ? own('timeindex') : []).slice(0, 8)) {
    if (!isNumber(v)) { ti.push(0); continue; }
    if (!Number.isInteger(v)) throw badField('timeindex');
    ti.push(v >= 0 && v < time.length ? v + 0 : -1); // + 0: -0 is sample 0
  }
  const index = (k, allowZero = false) => {
    if (k >= ti.length) return null;
    const v = ti[k];
    if (v < 0 || v >= time.length || (!allowZero && v === 0)) return null;
    return v;
  };
  const profile = {
    unit: (stringOrNull(own('mode')) ?? 'C').toUpperCase() === 'F' ? 'F' : 'C',
    time, et, bt,
    charge: index(0, true), dryEnd: index(1), firstCrack: index(2), firstCrackEnd: index(3),
    secondCrack: index(4), secondCrackEnd: index(5), drop: index(6), cool: index(7),
    weightInG: null, weightOutG: null, dryingEndTemp: null,
    title: stringOrNull(own('title')), beans: stringOrNull(own('beans')), roastId: stringOrNull(own('roastUUID')), roastedAt: null,
  };
  const w = own('weight');
  if (Array.isArray(w) && w.length >= 3) {
    const unit = (stringOrNull(w[2]) ?? 'g').toLowerCase();
    if (Object.hasOwn(GRAMS, unit)) {
      const factor = GRAMS[unit];
      const inGrams = (a) => {
        if (!isNumber(a) || !(a > 0)) return null;
        const g = a * factor;
        if (!Number.isFinite(g) || g > MAX_WEIGHT_G) throw badField('weight');
        return g;
      };
      profile.weightInG = inGrams(w[0]);
      profile.weightOutG = inGrams(w[1]);
    }
  }
  const phases = own('phases');
  if (Array.isArray(phases) && phases.length >= 2 && isNumber(phases[1]) && phases[1] > 0 && Number.isFinite(phases[1])) {
    profile.dryingEndTemp = phases[1];
  }
  // A start time outside the years 1970–9999 is not a date: it is left unknown.
  const epoch = own('roastepoch');
  if (isNumber(epoch) && epoch > 0 && epoch < MAX_EPOCH_S) profile.roastedAt = new Date(epoch * 1000).toISOString();
  return profile;
}

/** Seconds of samples the smoothed RoR curve fits a line through. */
export const ROR_WINDOW_S = 30;
/**
 * Windows of up to this many samples (a sample every 0.24 s or slower; the real logs sample every 1.5–4.5 s) are
 * summed afresh in sample order; larger ones (dense or equal times) use running sums, so the curve stays linear.
 */
export const DIRECT_WINDOW_SAMPLES = 128;

/**
 * Checks what the arithmetic relies on, for a profile from anywhere (parseArtisan or built in code): at most
 * MAX_SAMPLES samples, one reading per sample, finite times that never decrease, finite readings and weights
 * within range. After this every computed figure is finite. @throws {RoastError}
 */
function validate(p) {
  if (p.time.length > MAX_SAMPLES) throw tooManySamples();
  let last = -MAX_TIME_S;
  for (const t of p.time) {
    if (!isNumber(t) || !Number.isFinite(t) || Math.abs(t) > MAX_TIME_S || !(t >= last)) throw badField('timex');
    last = t;
  }
  for (const [key, list] of [['temp1', p.et], ['temp2', p.bt]]) {
    if (!Array.isArray(list) || list.length !== p.time.length) throw badField(key);
    for (const v of list) {
      if (v !== null && !(isNumber(v) && Number.isFinite(v) && Math.abs(v) <= MAX_READING)) throw badField(key);
    }
  }
  for (const w of [p.weightInG, p.weightOutG]) {
    if (w !== null && w !== undefined && !(isNumber(w) && Number.isFinite(w) && w <= MAX_WEIGHT_G)) throw badField('weight');
  }
}

/** Events, phases, DTR, weight loss and RoR, as Artisan computes them. @throws {RoastError} */
export function analyzeRoast(p) {
  const charge = p.charge;
  if (charge === null || charge === undefined) throw new RoastError('roast.no_charge');
  if (!Array.isArray(p.time) || !Number.isInteger(charge) || charge < 0 || charge >= p.time.length) throw new RoastError('roast.no_samples');
  validate(p);
  const t0 = p.time[charge];
  const t = (i) => p.time[i] - t0;
  const s = (i) => (i === null ? null : roundPlaces(t(i), 1));
  const b = (i) => (i === null || p.bt[i] === null ? null : roundPlaces(p.bt[i], 1));
  // Events after CHARGE only: a mark before it is a mistake in the log, not an event (nor is one past the end).
  const after = (i) => (Number.isInteger(i) && i > charge && i < p.time.length ? i : null);
  let dryEnd = after(p.dryEnd);
  const fcs = after(p.firstCrack); const fce = after(p.firstCrackEnd);
  const scs = after(p.secondCrack); const sce = after(p.secondCrackEnd);
  const drop = after(p.drop); const cool = after(p.cool);

  const searchEnd = dryEnd ?? fcs ?? drop ?? p.time.length;
  let tp = null; let low = Infinity;
  for (let i = searchEnd - 1; i >= charge; i -= 1) {
    const v = p.bt[i];
    if (v !== null && v > 0 && v < low) { low = v; tp = i; }
  }
  let dryEndEstimated = false;
  const limit = p.dryingEndTemp;
  if (dryEnd === null && limit !== null && limit !== undefined && tp !== null) {
    const stop = fcs ?? drop ?? p.time.length;
    for (let i = tp; i < stop; i += 1) {
      if ((p.bt[i] ?? -1) >= limit) { dryEnd = i; dryEndEstimated = true; break; }
    }
  }
  const rate = (from, to) => {
    if (from === null || to === null || to <= from || p.bt[from] === null || p.bt[to] === null) return null;
    const dt = t(to) - t(from);
    if (!(dt > 0)) return null;
    const r = ((p.bt[to] - p.bt[from]) / dt) * 60;
    return Number.isFinite(r) ? roundPlaces(r, 1) : null;
  };
  const events = {
    chargeS: 0, chargeBt: b(charge), chargeEt: p.et[charge] === null ? null : roundPlaces(p.et[charge], 1),
    turningPointS: s(tp), turningPointBt: b(tp), dryEndS: s(dryEnd), dryEndBt: b(dryEnd), dryEndEstimated,
    firstCrackS: s(fcs), firstCrackBt: b(fcs), firstCrackEndS: s(fce), firstCrackEndBt: b(fce),
    secondCrackS: s(scs), secondCrackBt: b(scs), secondCrackEndS: s(sce),
    dropS: s(drop), dropBt: b(drop), dropEt: drop === null || p.et[drop] === null ? null : roundPlaces(p.et[drop], 1),
    coolS: s(cool),
  };
  const phases = {
    dryingS: dryEnd === null ? null : roundPlaces(t(dryEnd), 1),
    maillardS: dryEnd !== null && fcs !== null && fcs > dryEnd ? roundPlaces(t(fcs) - t(dryEnd), 1) : null,
    developmentS: fcs !== null && drop !== null && drop > fcs ? roundPlaces(t(drop) - t(fcs), 1) : null,
    totalS: drop === null ? null : roundPlaces(t(drop), 1),
  };
  const dtrPct = fcs !== null && drop !== null && drop > fcs && t(drop) > 0
    ? roundPlaces(((t(drop) - t(fcs)) / t(drop)) * 100, 1) : null;
  const wIn = p.weightInG ?? null; const wOut = p.weightOutG ?? null;
  const weightLossPct = wIn !== null && wOut !== null && wIn > 0 && wOut > 0 && wOut <= wIn
    ? roundPlaces(((wIn - wOut) / wIn) * 100, 1) : null;
  return {
    unit: p.unit, events, phases, dtrPct,
    weightInG: wIn === null ? null : roundPlaces(wIn, 1),
    weightOutG: wOut === null ? null : roundPlaces(wOut, 1),
    weightLossPct,
    ror: { dry: rate(tp ?? charge, dryEnd), mid: rate(dryEnd, fcs), finish: rate(fcs, drop), total: rate(tp ?? charge, drop) },
    curve: curve(p, charge, drop ?? p.time.length - 1),
  };
}

/**
 * BT, ET and a smoothed RoR (least-squares slope over the last ROR_WINDOW_S seconds) from CHARGE to DROP.
 *
 * Linear in the number of samples, whatever the times: a window of at most DIRECT_WINDOW_SAMPLES samples is
 * summed afresh in sample order (the same figures, bit for bit, as always for real logs); a larger one, which only
 * dense or equal times make, uses sums kept running as samples enter and leave the window.
 */
export function curve(p, start, end) {
  const c = { timeS: [], bt: [], et: [], ror: [] };
  if (!(start >= 0 && start <= end && end < p.time.length)) return c;
  const t0 = p.time[start];
  let windowStart = start;
  // Running sums over the window (n, Σx, Σbt, Σx², Σx·bt), valid while `running` is true.
  let running = false;
  let rn = 0; let rt = 0; let rb = 0; let rtt = 0; let rtb = 0;
  for (let i = start; i <= end; i += 1) {
    c.timeS.push(roundPlaces(p.time[i] - t0, 2));
    c.bt.push(p.bt[i] === null ? null : roundPlaces(p.bt[i], 2));
    c.et.push(p.et[i] === null ? null : roundPlaces(p.et[i], 2));
    if (running && p.bt[i] !== null) {
      const x = p.time[i] - t0; const v = p.bt[i];
      rn += 1; rt += x; rb += v; rtt += x * x; rtb += x * v;
    }
    while (p.time[i] - p.time[windowStart] > ROR_WINDOW_S) {
      if (running && p.bt[windowStart] !== null) {
        const x = p.time[windowStart] - t0; const v = p.bt[windowStart];
        rn -= 1; rt -= x; rb -= v; rtt -= x * x; rtb -= x * v;
      }
      windowStart += 1;
    }
    let n = 0; let st = 0; let sb = 0; let stt = 0; let stb = 0;
    if (i - windowStart < DIRECT_WINDOW_SAMPLES) {
      running = false;
      for (let j = windowStart; j <= i; j += 1) {
        const v = p.bt[j];
        if (v === null) continue;
        const x = p.time[j] - t0;
        n += 1; st += x; sb += v; stt += x * x; stb += x * v;
      }
    } else {
      if (!running) {
        // Entering a large window: sum it once, then keep the sums running.
        rn = 0; rt = 0; rb = 0; rtt = 0; rtb = 0;
        for (let j = windowStart; j <= i; j += 1) {
          const v = p.bt[j];
          if (v === null) continue;
          const x = p.time[j] - t0;
          rn += 1; rt += x; rb += v; rtt += x * x; rtb += x * v;
        }
        running = true;
      }
      n = rn; st = rt; sb = rb; stt = rtt; stb = rtb;
    }
    const den = n * stt - st * st;
    const slope = ((n * stb - st * sb) / den) * 60;
    c.ror.push(n >= 3 && p.time[i] - p.time[windowStart] >= ROR_WINDOW_S / 2 && den > 0 && Number.isFinite(slope)
      ? roundPlaces(slope, 1) : null);
  }
  return c;
}
