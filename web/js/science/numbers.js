// Rounding the way a person rounds on paper: half away from zero, with binary noise removed.
// Mirrors Sources/KafaeDomain/Common/Rounding.swift (roundToStep, roundPlaces).

/** Rounds to a multiple of `step` (0.25, 0.1, …), halves away from zero. */
export function roundToStep(value, step) {
  const scaled = value / step;
  const nudged = scaled + (scaled >= 0 ? 1e-9 : -1e-9);
  return Math.sign(nudged) * Math.round(Math.abs(nudged)) * step;
}

/** Rounds to `places` decimals, halves away from zero. */
export function roundPlaces(value, places) {
  const p = 10 ** places;
  const x = value * p + (value >= 0 ? 1e-9 : -1e-9);
  return (Math.sign(x) * Math.round(Math.abs(x))) / p;
}

/** Formats a limit for a message: whole numbers without decimals. */
export function formatNumber(d) {
  return Number.isInteger(d) ? String(d) : String(d);
}
