// A small PNG decoder for the tests only (node's zlib; the app itself gets pixels from a canvas). It reads what the
// shared vectors need and a little more: colour types 0, 2, 3, 4 and 6, bit depths 1–16, no interlacing (Adam7 is
// refused with an error, not guessed at). Every chunk's CRC is checked. Returns an ImageData-like object
// {width, height, data: Uint8ClampedArray RGBA}; 16-bit samples keep their high byte.
// PNG specification: W3C, "Portable Network Graphics (PNG) Specification (Third Edition)", 2025.
import { inflateSync } from 'node:zlib';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

let crcTable = null;
function crc32(bytes, start, end) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function fail(message) {
  throw new Error(`PNG: ${message}`);
}

/** Decodes a PNG file (Buffer or Uint8Array). */
export function decodePNG(file) {
  const b = file instanceof Uint8Array ? file : new Uint8Array(file);
  if (b.length < 8 || SIGNATURE.some((v, i) => b[i] !== v)) fail('not a PNG file (bad signature)');
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 8;
  let header = null;
  let palette = null;
  let alphaOfIndex = null;
  let transparent = null;
  const idat = [];
  let ended = false;
  while (pos + 12 <= b.length && !ended) {
    const len = view.getUint32(pos);
    const type = String.fromCharCode(b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]);
    const body = pos + 8;
    if (body + len + 4 > b.length) fail(`chunk ${type} runs past the end of the file`);
    if (crc32(b, pos + 4, body + len) !== view.getUint32(body + len)) fail(`bad CRC in chunk ${type}`);
    const data = b.subarray(body, body + len);
    if (type === 'IHDR') {
      if (len !== 13) fail('IHDR has the wrong length');
      header = {
        width: view.getUint32(body), height: view.getUint32(body + 4), depth: data[8], colour: data[9],
        compression: data[10], filter: data[11], interlace: data[12],
      };
    } else if (type === 'PLTE') {
      palette = data;
    } else if (type === 'tRNS') {
      if (header?.colour === 3) alphaOfIndex = data;
      else if (header?.colour === 0 && len >= 2) transparent = [view.getUint16(body)];
      else if (header?.colour === 2 && len >= 6) transparent = [view.getUint16(body), view.getUint16(body + 2), view.getUint16(body + 4)];
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      ended = true;
    }
    pos = body + len + 4;
  }
  if (!header) fail('no IHDR chunk');
  if (!ended) fail('no IEND chunk (truncated file)');
  const { width, height, depth, colour } = header;
  const channels = CHANNELS[colour];
  if (!channels) fail(`unknown colour type ${colour}`);
  if (![1, 2, 4, 8, 16].includes(depth) || (channels > 1 && colour !== 3 && depth < 8) || (colour === 3 && depth > 8)) {
    fail(`bit depth ${depth} is not allowed with colour type ${colour}`);
  }
  if (header.compression !== 0 || header.filter !== 0) fail('unknown compression or filter method');
  if (header.interlace !== 0) fail('interlaced (Adam7) PNGs are not supported by this test decoder');
  if (colour === 3 && !palette) fail('palette image without a PLTE chunk');
  if (width === 0 || height === 0) fail('zero width or height');

  const raw = inflateSync(Buffer.concat(idat.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength))));
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3); // bytes to the corresponding byte of the previous pixel
  if (raw.length < height * (stride + 1)) fail('image data is shorter than the header says');

  // Undo the per-row filters (None, Sub, Up, Average, Paeth) into one unfiltered buffer.
  const pix = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const up = row - stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i];
      const a = i >= bpp ? pix[row + i - bpp] : 0;
      const u = y > 0 ? pix[up + i] : 0;
      const c = y > 0 && i >= bpp ? pix[up + i - bpp] : 0;
      let v;
      switch (filter) {
        case 0: v = x; break;
        case 1: v = x + a; break;
        case 2: v = x + u; break;
        case 3: v = x + ((a + u) >> 1); break;
        case 4: {
          const p = a + u - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - u);
          const pc = Math.abs(p - c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? u : c);
          break;
        }
        default: fail(`unknown row filter ${filter} in row ${y}`);
      }
      pix[row + i] = v & 0xff;
    }
  }

  const out = new Uint8ClampedArray(width * height * 4);
  const maxSample = (1 << depth) - 1;
  const sample = (row, index) => {
    // index-th sample of the row, as its raw value (0..2^depth - 1)
    if (depth === 8) return pix[row + index];
    if (depth === 16) return (pix[row + 2 * index] << 8) | pix[row + 2 * index + 1];
    const bit = index * depth;
    return (pix[row + (bit >> 3)] >> (8 - depth - (bit & 7))) & maxSample;
  };
  const to8 = (v) => (depth === 16 ? v >> 8 : depth === 8 ? v : Math.round((v * 255) / maxSample));
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const s = x * channels;
      if (colour === 3) {
        const k = sample(row, x);
        if (3 * k + 2 >= palette.length) fail(`palette index ${k} out of range`);
        out[o] = palette[3 * k];
        out[o + 1] = palette[3 * k + 1];
        out[o + 2] = palette[3 * k + 2];
        out[o + 3] = alphaOfIndex && k < alphaOfIndex.length ? alphaOfIndex[k] : 255;
      } else if (colour === 0 || colour === 4) {
        const g = sample(row, s);
        out[o] = out[o + 1] = out[o + 2] = to8(g);
        out[o + 3] = colour === 4 ? to8(sample(row, s + 1)) : transparent && g === transparent[0] ? 0 : 255;
      } else {
        const r = sample(row, s);
        const g = sample(row, s + 1);
        const bl = sample(row, s + 2);
        out[o] = to8(r);
        out[o + 1] = to8(g);
        out[o + 2] = to8(bl);
        out[o + 3] = colour === 6 ? to8(sample(row, s + 3))
          : transparent && r === transparent[0] && g === transparent[1] && bl === transparent[2] ? 0 : 255;
      }
    }
  }
  return { width, height, data: out };
}
