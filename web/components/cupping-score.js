// Scoring one sample: the session form's sections in order, big steppers in the form's steps, per-cup toggles for
// the cup attributes, descriptors, a break timer, and the score recomputed with every tap by the same science as
// the server. One sample at a time, one thumb.

import { t, label, formatNumber } from '../js/i18n.js';
import { h, mount, field } from '../js/dom.js';
import { stepper } from '../js/stepper.js';
import * as science from '../js/science/index.js';
import { Screen } from './screen.js';

export class CuppingScore extends Screen {
  live = false;

  async render() {
    const { store, session } = this.app;
    const s = await store.get('cuppingSession', this.params.id);
    const code = this.params.code;
    if (!s || !(s.fields.samples || []).some((x) => x.code === code)) { mount(this, h('h1', {}, t('cupping.gone'))); return; }
    const form = science.form(s.fields.protocol);
    const existing = (await store.list('cuppingScore')).find((c) => c.fields.sessionId === s.id && c.fields.sampleCode === code && c.fields.cupperId === session.user.id);
    this.existing = existing;
    this.session = s;
    this.formDef = form;
    this.values = { ...defaults(form), ...(existing?.fields.scores || {}) };
    this.output = h('span', { id: 'final-score' });
    this.bandOut = h('span', { class: 'band' });
    this.problem = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const sections = form.sections.map((sec) => this.#section(sec));
    const notes = h('textarea', { name: 'notes', rows: 2, maxlength: 5000 }, existing?.fields.notes || '');
    this.form = h('form', { class: 'score-form', novalidate: true, onsubmit: (e) => this.save(e, notes) },
      sections,
      field(t('cupping.notes'), notes),
      this.problem,
      h('div', { class: 'actions sticky' },
        h('div', { class: 'live-score', 'aria-live': 'polite' }, h('span', { id: 'final-score-label' }, t('cupping.finalScore')), ' ', this.output, ' ', this.bandOut),
        h('button', { type: 'submit', class: 'primary' }, t('cupping.saveScore'))));
    mount(this,
      h('p', { class: 'back' }, h('a', { href: `#/cupping/${s.id}` }, '‹ ', s.fields.name || t('cupping.untitled'))),
      h('h1', {}, t('cupping.scoringSample', { code })),
      h('p', { class: 'lead' }, t(`protocol.${s.fields.protocol}`)),
      this.#timer(),
      this.form);
    this.#update();
  }

  #section(sec) {
    const name = label(sec.label);
    if (sec.kind === 'descriptors') {
      const picked = new Set(this.values[sec.key] || []);
      return h('fieldset', { class: 'descriptors' }, h('legend', {}, name),
        sec.choices.map((c) => {
          const id = `d-${sec.key}-${c}`;
          return h('div', { class: 'chip' },
            h('input', { type: 'checkbox', id, checked: picked.has(c), onchange: (e) => {
              if (e.target.checked) picked.add(c); else picked.delete(c);
              this.values[sec.key] = sec.choices.filter((x) => picked.has(x));
              this.#update();
            } }),
            h('label', { for: id }, t(`descriptor.${c}`)));
        }));
    }
    if (sec.kind === 'cups') {
      // One toggle per cup: a cup left on counts; the value is the number of cups that pass.
      const cups = this.formDef.cupsPerSample;
      const on = Array.from({ length: cups }, (_, i) => i < (this.values[sec.key] ?? cups));
      return h('fieldset', { class: 'cups' }, h('legend', {}, name),
        on.map((checked, i) => {
          const id = `c-${sec.key}-${i}`;
          return h('div', { class: 'cup' },
            // Three attributes have five cups each: the name says which (and keeps the visible "Cup n").
            h('input', { type: 'checkbox', id, checked, 'aria-label': t('cupping.cupOf', { section: name, n: i + 1 }), onchange: (e) => {
              on[i] = e.target.checked;
              this.values[sec.key] = on.filter(Boolean).length;
              this.#update();
            } }),
            h('label', { for: id }, t('cupping.cupN', { n: i + 1 })));
        }));
    }
    return stepper({
      name: sec.key, label: name, value: this.values[sec.key], min: sec.min, max: sec.max, step: sec.step,
      onchange: (v) => { this.values[sec.key] = v; this.#update(); },
    });
  }

  #timer() {
    const out = h('span', { class: 'timer-value', role: 'timer', 'aria-live': 'off' }, '0:00');
    let started = null;
    let tick = null;
    const button = h('button', { type: 'button', class: 'secondary', onclick: () => {
      if (tick) { clearInterval(tick); tick = null; button.textContent = t('cupping.startTimer'); return; }
      started = Date.now();
      tick = setInterval(() => {
        const s = Math.floor((Date.now() - started) / 1000);
        out.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
        if (s === 240 && navigator.vibrate) navigator.vibrate(400); // the break, four minutes after pouring
      }, 250);
      button.textContent = t('cupping.stopTimer');
    } }, t('cupping.startTimer'));
    this.stopTimer = () => clearInterval(tick);
    return h('div', { class: 'timer' }, h('span', {}, t('cupping.breakTimer')), ' ', out, ' ', button);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopTimer?.();
  }

  #update() {
    try {
      const r = science.scoreCupping(this.formDef, this.values);
      this.output.textContent = Number.isFinite(r.finalScore) ? formatNumber(r.finalScore) : '—';
      const band = this.formDef.bands.find((b) => b.key === r.band);
      this.bandOut.textContent = band ? label(band.label) : '';
      this.problem.hidden = true;
      return r;
    } catch (e) {
      this.output.textContent = '—';
      this.bandOut.textContent = '';
      return null;
    }
  }

  async save(e, notes) {
    e.preventDefault();
    if (!this.#update() && this.formDef.scoring.kind !== 'none') {
      this.problem.hidden = false;
      this.problem.textContent = t('form.fix');
      return;
    }
    const s = this.session;
    const fields = { sessionId: s.id, sampleCode: this.params.code, cupperId: this.app.session.user.id, scores: { ...this.values }, notes: notes.value.trim() || null };
    await this.app.store.save('cuppingScore', this.existing?.id || null, this.existing ? { scores: fields.scores, notes: fields.notes } : fields);
    // Straight on to the next sample this cupper has not scored.
    const scores = await this.app.store.list('cuppingScore');
    const next = (s.fields.samples || []).find((x) => x.code !== this.params.code
      && !scores.some((c) => c.fields.sessionId === s.id && c.fields.sampleCode === x.code && c.fields.cupperId === this.app.session.user.id));
    this.app.navigate(next ? `cupping/${s.id}/score/${encodeURIComponent(next.code)}` : `cupping/${s.id}`);
  }
}

/** A fresh sheet: qualities at the middle of their scale, every cup passing, no deductions, no descriptors. */
function defaults(form) {
  const v = {};
  for (const s of form.sections) {
    if (s.kind === 'quality') v[s.key] = s.min + Math.round(((s.max - s.min) / 2) / s.step) * s.step;
    else if (s.kind === 'intensity') v[s.key] = Math.round((s.min + s.max) / 2);
    else if (s.kind === 'cups') v[s.key] = form.cupsPerSample;
    else if (s.kind === 'deduction') v[s.key] = 0;
  }
  return v;
}

customElements.define('kf-cupping-score', CuppingScore);
