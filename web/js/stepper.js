// A number a person sets with a thumb: big − and + buttons around a field that can also be typed in. Used for
// defect counts (steps of 1) and cupping scores (steps of 0.25): no tiny spinners, no keyboard needed.

import { t, formatNumber } from './i18n.js';
import { h, uid } from './dom.js';
import { numberFrom } from './records.js';

/**
 * @param {{name: string, label: string, value: number|null, min: number, max: number, step: number,
 *          onchange: (value: number) => void, digits?: number}} o
 * @returns {HTMLElement} a group whose `.value` is the current number
 */
export function stepper({ name, label, value, min, max, step, onchange, digits = 2 }) {
  const id = uid('st');
  let current = Number.isFinite(value) ? value : min;
  const input = h('input', { id, name, inputmode: step % 1 ? 'decimal' : 'numeric', autocomplete: 'off', value: show(current), 'aria-describedby': `${id}-range` });
  const set = (v, announce = true) => {
    const clamped = Math.min(max, Math.max(min, Math.round(v / step) * step));
    current = Number(clamped.toFixed(6));
    input.value = show(current);
    input.removeAttribute('aria-invalid');
    group.value = current;
    if (announce) onchange(current);
  };
  function show(v) { return step % 1 ? v.toFixed(digits) : String(v); }
  input.addEventListener('change', () => {
    const n = numberFrom(input.value);
    if (n === null || Number.isNaN(n) || n < min || n > max) { input.setAttribute('aria-invalid', 'true'); return; }
    set(n);
  });
  input.addEventListener('focus', () => input.select());
  const minus = h('button', { type: 'button', class: 'step', 'aria-label': t('stepper.decrease', { label }), onclick: () => set(current - step) }, '−');
  const plus = h('button', { type: 'button', class: 'step', 'aria-label': t('stepper.increase', { label }), onclick: () => set(current + step) }, '+');
  const group = h('div', { class: 'stepper' },
    h('label', { for: id, id: `${id}-label` }, label),
    h('div', { class: 'controls' }, minus, input, plus),
    h('p', { class: 'hint', id: `${id}-range` }, t('stepper.range', { min: formatNumber(min), max: formatNumber(max) })));
  group.value = current;
  group.set = (v) => set(v, false);
  return group;
}
