// Building the screens: elements from plain calls, never from HTML strings holding data, so no record's text can
// become markup. Charts (our own SVG strings, escaped at the source) are the one exception, through `svg()`.

/**
 * `h('button', {class: 'big', onclick}, 'Save')`: attributes (`on…` become listeners, `false`/`null` are left out,
 * `true` is an empty attribute) and children (strings, numbers, nodes, arrays, null).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'value' && 'value' in el) el.value = v;
      else if (k === 'checked') el.checked = !!v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces an element's content. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** An SVG chart string (already escaped by its builder) as a node. */
export function svg(markup) {
  const t = document.createElement('template');
  t.innerHTML = markup;
  return t.content;
}

let ids = 0;
/** A unique id for label/field pairs. */
export const uid = (prefix = 'f') => `${prefix}-${++ids}`;

/**
 * A labelled field: a visible `<label>` tied to its control, an optional hint, and room for the server's error.
 * `control` is an element (input, select, textarea) whose id is set here.
 */
export function field(labelText, control, { hint, error } = {}) {
  const id = control.id || uid();
  control.id = id;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const errorEl = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: !error }, error || '');
  const described = [hintEl && `${id}-hint`, `${id}-error`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), control, hintEl, errorEl);
}

/** A `<select>` from `[value, label]` pairs. */
export function select(name, options, value, attrs = {}) {
  return h('select', { name, ...attrs },
    options.map(([v, l]) => h('option', { value: v, selected: String(v) === String(value ?? '') }, l)));
}

/** Shows the server's per-field errors under their fields (matching `details[].field` to control names). */
export function showFieldErrors(form, error, text) {
  for (const p of form.querySelectorAll('.field-error')) { p.hidden = true; p.textContent = ''; }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  for (const d of (error && error.details) || []) {
    const name = String(d.field || '').split('.').pop();
    const control = name && form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!control) continue;
    control.setAttribute('aria-invalid', 'true');
    const p = form.querySelector(`#${CSS.escape(control.id)}-error`);
    if (p) { p.hidden = false; p.textContent = text(d) || ''; }
  }
}
