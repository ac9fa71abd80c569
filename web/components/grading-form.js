// Grading a green sample: big counters per defect type, the full defects and the grade recomputed with every tap by
// the same science as the server (web/js/science), moisture and the other physical checks. Works with no signal.

import { t, label, formatNumber } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { lotName, sortBy, numberFrom, today } from '../js/records.js';
import { stepper } from '../js/stepper.js';
import * as science from '../js/science/index.js';
import { Screen } from './screen.js';

export class GradingForm extends Screen {
  live = false;

  async render() {
    const id = this.params.id;
    const [grading, lots] = await Promise.all([id ? this.app.store.get('grading', id) : null, this.app.store.list('lot')]);
    if (id && !grading) { mount(this, h('h1', {}, t('record.notHere')), h('p', {}, h('a', { href: '#/grading' }, t('action.backToList')))); return; }
    const presetLot = this.params.query?.get('lot');
    const f = grading ? grading.fields : { lotId: presetLot || '', gradedOn: today(), sampleG: 350, defects: {} };
    const lot = lots.find((l) => l.id === f.lotId);
    this.values = { counts: { ...(f.defects || {}) }, quakers: f.quakers ?? 0 };
    this.standardId = f.standard || (lot && lot.fields.species === 'robusta' ? 'fineRobusta' : 'scaArabica');
    const lotOptions = [['', t('form.choose')], ...sortBy(lots, lotName).map((l) => [l.id, lotName(l)])];
    if (f.lotId && !lots.some((l) => l.id === f.lotId)) lotOptions.push([f.lotId, t('lot.unknownLot')]);
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    // A polite live region, not <output>: that is role=status, and the sync indicator is the app's one status.
    this.result = h('div', { class: 'result', 'aria-live': 'polite' });
    this.defectsBox = h('div', { class: 'counters' });
    const standardSelect = select('standard', science.catalogue.gradingStandards.map((s) => [s.id, label(s.name)]), this.standardId, {
      onchange: () => { this.standardId = standardSelect.value; this.#drawCounters(); this.#update(); },
    });
    const form = h('form', { class: 'card', novalidate: true, oninput: () => this.#update(), onsubmit: (e) => this.save(e, form, grading, error) },
      field(t('grading.lot'), select('lotId', lotOptions, f.lotId, { required: true })),
      field(t('grading.standard'), standardSelect),
      field(t('grading.gradedOn'), h('input', { name: 'gradedOn', type: 'date', value: f.gradedOn || '' })),
      h('div', { class: 'two' },
        field(t('grading.sampleG'), h('input', { name: 'sampleG', inputmode: 'decimal', value: f.sampleG ?? 350 })),
        field(t('grading.moisture'), h('input', { name: 'moisturePct', inputmode: 'decimal', value: f.moisturePct ?? '' }))),
      h('div', { class: 'two' },
        field(t('grading.waterActivity'), h('input', { name: 'waterActivity', inputmode: 'decimal', value: f.waterActivity ?? '' })),
        field(t('grading.density'), h('input', { name: 'densityGL', inputmode: 'decimal', value: f.densityGL ?? '' }))),
      h('h2', {}, t('grading.defects')),
      this.defectsBox,
      stepper({ name: 'quakers', label: t('grading.quakers'), value: this.values.quakers, min: 0, max: 100000, step: 1, onchange: (v) => { this.values.quakers = v; this.#update(); } }),
      field(t('grading.notes'), h('textarea', { name: 'notes', rows: 2, maxlength: 5000 }, f.notes || '')),
      error,
      this.result,
      h('div', { class: 'actions sticky' },
        h('button', { type: 'submit', class: 'primary' }, t('action.save')),
        h('button', { type: 'button', class: 'secondary', onclick: () => history.back() }, t('action.cancel'))));
    this.form = form;
    mount(this, h('h1', {}, grading ? t('grading.editTitle') : t('grading.newTitle')), form);
    this.#drawCounters();
    this.#update();
  }

  #standard() { return science.standard(this.standardId); }

  #drawCounters() {
    const std = this.#standard();
    const groups = [1, 2].map((cat) => h('fieldset', { class: 'category' },
      h('legend', {}, t(`grading.category${cat}`)),
      std.defects.filter((d) => d.category === cat).map((d) => stepper({
        name: `defect-${d.key}`, label: label(d.label), value: this.values.counts[d.key] ?? 0, min: 0, max: 100000, step: 1,
        onchange: (v) => { this.values.counts[d.key] = v; this.#update(); },
      }))));
    mount(this.defectsBox, groups);
  }

  /** The input as the server takes it, read from the form; `issues` lists fields that are not numbers. */
  #input() {
    const el = this.form.elements;
    const issues = [];
    const num = (name) => { const n = numberFrom(el[name].value); if (Number.isNaN(n)) { issues.push(name); return undefined; } return n ?? undefined; };
    const std = this.#standard();
    const defects = {};
    for (const d of std.defects) if (this.values.counts[d.key]) defects[d.key] = this.values.counts[d.key];
    const input = { sampleG: num('sampleG'), moisturePct: num('moisturePct'), waterActivity: num('waterActivity'), defects, quakers: this.values.quakers };
    return { input, issues, densityGL: num('densityGL') };
  }

  #update() {
    if (!this.form) return;
    const { input, issues } = this.#input();
    let r = null;
    let problem = issues.length ? t('form.notNumber') : null;
    if (!problem) {
      try { r = science.gradeGreen(this.#standard(), input); } catch (e) { problem = (e.details || []).map((d) => d.field).join(', ') || e.message; }
    }
    if (!r) { mount(this.result, h('p', { class: 'form-error' }, t('grading.cannotGrade', { why: problem }))); return; }
    const std = this.#standard();
    const grade = std.grades.find((g) => g.key === r.grade);
    mount(this.result,
      h('dl', { class: 'score-board' },
        h('div', {}, h('dt', { id: 'res-c1' }, t('grading.category1Total')), h('dd', {}, h('span', { id: 'res-c1-value' }, String(r.category1)))),
        h('div', {}, h('dt', { id: 'res-c2' }, t('grading.category2Total')), h('dd', {}, h('span', { id: 'res-c2-value' }, String(r.category2)))),
        h('div', {}, h('dt', { id: 'res-total' }, t('grading.totalFull')), h('dd', {}, h('span', { id: 'res-total-value' }, String(r.totalFullDefects)))),
        h('div', { class: 'grade' }, h('dt', { id: 'res-grade' }, t('grading.grade')), h('dd', {}, h('span', { id: 'res-grade-value' }, label(grade?.label))))),
      r.checks.length ? h('ul', { class: 'checks' }, r.checks.map((c) => h('li', { class: c.status }, t(`check.${c.key}`), ': ', formatNumber(c.value), ' — ', t(`check.${c.status}`)))) : null);
  }

  async save(e, form, grading, error) {
    e.preventDefault();
    const el = form.elements;
    const { input, issues, densityGL } = this.#input();
    error.hidden = true;
    if (!el.lotId.value) { error.hidden = false; error.textContent = t('grading.pickLot'); el.lotId.focus(); return; }
    if (issues.length) { error.hidden = false; error.textContent = t('form.notNumber'); el[issues[0]].focus(); return; }
    try {
      science.gradeGreen(this.#standard(), input);
    } catch {
      error.hidden = false; error.textContent = t('form.fix'); return;
    }
    const next = {
      lotId: el.lotId.value, standard: this.standardId, gradedOn: el.gradedOn.value || null,
      sampleG: input.sampleG ?? 350, moisturePct: input.moisturePct ?? null, waterActivity: input.waterActivity ?? null,
      densityGL: densityGL ?? null, defects: input.defects, quakers: input.quakers, notes: el.notes.value.trim() || null,
    };
    const old = grading ? grading.fields : {};
    const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => JSON.stringify(old[k] ?? null) !== JSON.stringify(v)));
    const id = await this.app.store.save('grading', grading ? grading.id : null, grading ? changed : next);
    this.app.navigate(`lots/${next.lotId}`);
    return id;
  }
}

customElements.define('kf-grading-form', GradingForm);
