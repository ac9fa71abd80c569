// The PWA's charts: pure functions from plain data to SVG markup (no DOM, no third-party code), so that they
// are tested in node and inserted by the app through a <template>.
export { radarChart } from './radar.js';
export { roastCurveChart, mmss, DEFAULT_EVENT_LABELS } from './roastCurve.js';
export { trendChart } from './trend.js';
export { downsample } from './downsample.js';
