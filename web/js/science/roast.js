// Artisan .alog reading and roast metrics, computed as Artisan computes them.
// Mirrors Sources/KafaeDomain/Roasting/*.swift; both run spec/vectors/roast.json.

import { roundPlaces } from './numbers.js';

/** An error with a catalogue code (`roast.no_charge`, …), as the server would answer. */
export class RoastError extends Error {
  constructor(code, params = {}) {
    super(code);
    this.code = code;
    this.params = params;
  }
}

/** Parses Artisan's Python-literal dict (or JSON) into plain JS values; nan/inf become null. */
export function parsePythonLiteral(text) {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let depth = 0;
  const fail = (reason) => new RoastError('roast.unreadable_file', { offset: String(i), reason });
  const space = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i += 1; };
  const isLetter = (c) => /[A-Za-z]/.test(c);

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
    if (depth >= 200) throw fail('nested too deeply');
    i += 1;
    const obj = {}; const arr = [];
    space();
    for (;;) {
      if (i >= text.length) throw fail('unclosed container');
      if (text[i] === close) { i += 1; break; }
      if (dict) {
        let key = value();
        if (typeof key === 'number') key = String(key);
        else if (typeof key === 'boolean') key = key ? 'True' : 'False';
        else if (typeof key !== 'string') throw fail('unsupported dict key');
        space();
        if (text[i] !== ':') throw fail("expected ':'");
        i += 1;
        space();
        obj[key] = value();
      } else {
        arr.push(value());
      }
      space();
      if (i >= text.length) throw fail('unclosed container');
      if (text[i] === ',') { i += 1; space(); } else if (text[i] !== close) throw fail("expected ','");
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
        const e = text[i + 1];
        i += 2;
        const hex = (n) => {
          const code = parseInt(text.slice(i, i + n), 16);
          if (Number.isNaN(code)) throw fail('bad escape');
          i += n;
          return code;
        };
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case '0': out += '\0'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'x': out += String.fromCodePoint(hex(2)); break;
          case 'u': out += String.fromCharCode(hex(4)); break;
          case 'U': out += String.fromCodePoint(hex(8)); break;
          case '\n': break;
          case undefined: throw fail('unterminated escape');
          default: out += e;
        }
      } else {
        out += c;
        i += 1;
      }
    }
    return out;
  }

  function number() {
    const start = i;
    if (text[i] === '-' || text[i] === '+') i += 1;
    if (i < text.length && isLetter(text[i])) { word(); return null; }
    while (i < text.length && '0123456789.eE+-_'.includes(text[i])) {
      if ((text[i] === '+' || text[i] === '-') && i > start && !'eE'.includes(text[i - 1])) break;
      i += 1;
    }
    const t = text.slice(start, i).replaceAll('_', '');
    const d = Number(t);
    if (t === '' || Number.isNaN(d)) throw fail(`bad number '${t}'`);
    return Number.isFinite(d) ? d : null;
  }

  function word() {
    const start = i;
    while (i < text.length && isLetter(text[i])) i += 1;
    const w = text.slice(start, i);
    if (w === 'True' || w === 'true') return true;
    if (w === 'False' || w === 'false') return false;
    if (['None', 'null', 'nan', 'NaN', 'inf', 'Infinity', 'infinity'].includes(w)) return null;
    i = start;
    throw fail('unexpected text');
  }

  space();
  const v = value();
  space();
  if (i !== text.length) throw fail('unexpected text after the value');
  return v;
}

const GRAMS = { g: 1, kg: 1000, lb: 453.59237, oz: 28.349523125 };

/** Reads an .alog file's text into a profile. @throws {RoastError} */
export function parseArtisan(text) {
  if (!text || !text.length) throw new RoastError('roast.empty_file');
  const root = parsePythonLiteral(text);
  if (root === null || typeof root !== 'object' || Array.isArray(root)) throw new RoastError('roast.unreadable_file', { offset: '0' });
  return profileFromArtisan(root);
}

/** Builds a profile from an Artisan dict (samples, event indices, weights). */
export function profileFromArtisan(d) {
  const timex = d.timex;
  if (!Array.isArray(timex) || timex.length === 0) throw new RoastError('roast.no_samples');
  if (timex.some((t) => typeof t !== 'number')) throw new RoastError('roast.bad_field', { field: 'timex' });
  const readings = (key) => {
    const list = d[key];
    if (!Array.isArray(list)) return timex.map(() => null);
    if (list.length < timex.length) throw new RoastError('roast.bad_field', { field: key });
    return list.slice(0, timex.length).map((v) => (typeof v === 'number' && v !== -1 && Number.isFinite(v) ? v : null));
  };
  const et = readings('temp1');
  const bt = readings('temp2');
  if (!bt.some((v) => v !== null)) throw new RoastError('roast.no_samples');
  const ti = (Array.isArray(d.timeindex) ? d.timeindex : []).map((v) => (typeof v === 'number' ? Math.trunc(v) : 0));
  const index = (k, allowZero = false) => {
    if (k >= ti.length) return null;
    const v = ti[k];
    if (v < 0 || v >= timex.length || (!allowZero && v === 0)) return null;
    return v;
  };
  const profile = {
    unit: String(d.mode ?? 'C').toUpperCase() === 'F' ? 'F' : 'C',
    time: timex, et, bt,
    charge: index(0, true), dryEnd: index(1), firstCrack: index(2), firstCrackEnd: index(3),
    secondCrack: index(4), secondCrackEnd: index(5), drop: index(6), cool: index(7),
    weightInG: null, weightOutG: null, dryingEndTemp: null,
  };
  const w = d.weight;
  if (Array.isArray(w) && w.length >= 3) {
    const factor = GRAMS[String(w[2] ?? 'g').toLowerCase()];
    if (factor) {
      if (typeof w[0] === 'number' && w[0] > 0) profile.weightInG = w[0] * factor;
      if (typeof w[1] === 'number' && w[1] > 0) profile.weightOutG = w[1] * factor;
    }
  }
  if (Array.isArray(d.phases) && d.phases.length >= 2 && typeof d.phases[1] === 'number' && d.phases[1] > 0) {
    profile.dryingEndTemp = d.phases[1];
  }
  return profile;
}

/** Seconds of samples the smoothed RoR curve fits a line through. */
export const ROR_WINDOW_S = 30;

/** Events, phases, DTR, weight loss and RoR, as Artisan computes them. @throws {RoastError} */
export function analyzeRoast(p) {
  const charge = p.charge;
  if (charge === null || charge === undefined) throw new RoastError('roast.no_charge');
  const t0 = p.time[charge];
  const t = (i) => p.time[i] - t0;
  const s = (i) => (i === null ? null : roundPlaces(t(i), 1));
  const b = (i) => (i === null || p.bt[i] === null ? null : roundPlaces(p.bt[i], 1));
  const after = (i) => (i !== null && i !== undefined && i > charge ? i : null);
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
  if (dryEnd === null && p.dryingEndTemp && tp !== null) {
    const stop = fcs ?? drop ?? p.time.length;
    for (let i = tp; i < stop; i += 1) {
      if ((p.bt[i] ?? -1) >= p.dryingEndTemp) { dryEnd = i; dryEndEstimated = true; break; }
    }
  }
  const rate = (from, to) => {
    if (from === null || to === null || to <= from || p.bt[from] === null || p.bt[to] === null) return null;
    const dt = t(to) - t(from);
    return dt > 0 ? roundPlaces(((p.bt[to] - p.bt[from]) / dt) * 60, 1) : null;
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
  const weightLossPct = p.weightInG > 0 && p.weightOutG > 0 && p.weightOutG <= p.weightInG
    ? roundPlaces(((p.weightInG - p.weightOutG) / p.weightInG) * 100, 1) : null;
  return {
    unit: p.unit, events, phases, dtrPct,
    weightInG: p.weightInG === null ? null : roundPlaces(p.weightInG, 1),
    weightOutG: p.weightOutG === null ? null : roundPlaces(p.weightOutG, 1),
    weightLossPct,
    ror: { dry: rate(tp ?? charge, dryEnd), mid: rate(dryEnd, fcs), finish: rate(fcs, drop), total: rate(tp ?? charge, drop) },
    curve: curve(p, charge, drop ?? p.time.length - 1),
  };
}

function curve(p, start, end) {
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
