// Registering or editing a farm. Saved on the phone at once and queued for the server; only the fields a person
// changed are sent, so an edit never overwrites what someone else changed meanwhile.

import { t, currentLanguage } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { numberFrom } from '../js/records.js';
import { provinces } from '../js/provinces.js';
import { Screen } from './screen.js';

export class FarmForm extends Screen {
  live = false;

  async render() {
    const id = this.params.id;
    const farm = id ? await this.app.store.get('farm', id) : null;
    if (id && !farm) { mount(this, h('h1', {}, t('record.notHere')), h('p', {}, h('a', { href: '#/farms' }, t('action.backToList')))); return; }
    const f = farm ? farm.fields : { country: 'TH' };
    const th = currentLanguage() === 'th';
    const provinceOptions = [['', t('form.choose')], ...provinces
      .map(([en, thName]) => [en, th ? thName : en])
      .sort((a, b) => a[1].localeCompare(b[1], th ? 'th' : 'en'))];
    if (f.province && !provinces.some(([en]) => en === f.province)) provinceOptions.push([f.province, f.province]);
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const form = h('form', { class: 'card', novalidate: true, onsubmit: (e) => this.save(e, form, farm, error) },
      field(t('farm.name'), h('input', { name: 'name', required: true, maxlength: 200, value: f.name || '', autocomplete: 'off' })),
      field(t('farm.province'), select('province', provinceOptions, f.province)),
      field(t('farm.district'), h('input', { name: 'district', maxlength: 100, value: f.district || '' })),
      field(t('farm.altitude'), h('input', { name: 'altitudeM', inputmode: 'decimal', value: f.altitudeM ?? '', autocomplete: 'off' }), { hint: t('farm.altitudeHint') }),
      field(t('farm.owner'), h('input', { name: 'owner', maxlength: 200, value: f.owner || '' })),
      field(t('farm.latitude'), h('input', { name: 'latitude', inputmode: 'decimal', value: f.latitude ?? '' })),
      field(t('farm.longitude'), h('input', { name: 'longitude', inputmode: 'decimal', value: f.longitude ?? '' })),
      'geolocation' in navigator ? h('button', { type: 'button', class: 'secondary', onclick: () => this.locate(form) }, t('farm.useLocation')) : null,
      field(t('farm.notes'), h('textarea', { name: 'notes', maxlength: 5000, rows: 3 }, f.notes || '')),
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, t('action.save')),
        h('button', { type: 'button', class: 'secondary', onclick: () => history.back() }, t('action.cancel'))));
    mount(this, h('h1', {}, farm ? t('farm.editTitle') : t('farm.newTitle')), form);
  }

  locate(form) {
    navigator.geolocation.getCurrentPosition((p) => {
      form.elements.latitude.value = p.coords.latitude.toFixed(6);
      form.elements.longitude.value = p.coords.longitude.toFixed(6);
    }, () => {}, { enableHighAccuracy: true, timeout: 15000 });
  }

  async save(e, form, farm, error) {
    e.preventDefault();
    const el = form.elements;
    const problems = [];
    const name = el.name.value.trim();
    if (!name) problems.push([el.name, t('form.required')]);
    const nums = {};
    for (const [key, min, max] of [['altitudeM', 0, 3000], ['latitude', -90, 90], ['longitude', -180, 180]]) {
      const n = numberFrom(el[key].value);
      if (Number.isNaN(n) || (n !== null && (n < min || n > max))) problems.push([el[key], t('form.range', { min, max })]);
      nums[key] = n;
    }
    for (const p of form.querySelectorAll('.field-error')) { p.hidden = true; }
    for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
    if (problems.length) {
      for (const [control, message] of problems) {
        control.setAttribute('aria-invalid', 'true');
        const p = form.querySelector(`#${control.id}-error`);
        p.hidden = false;
        p.textContent = message;
      }
      error.hidden = false;
      error.textContent = t('form.fix');
      problems[0][0].focus();
      return;
    }
    const text = (v) => (v.trim() ? v.trim() : null);
    const next = {
      name, province: el.province.value || null, district: text(el.district.value), altitudeM: nums.altitudeM,
      owner: text(el.owner.value), latitude: nums.latitude, longitude: nums.longitude, notes: text(el.notes.value),
    };
    if (!farm) next.country = 'TH';
    const old = farm ? farm.fields : {};
    const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => (old[k] ?? null) !== v));
    if (farm && !Object.keys(changed).length) { this.app.navigate(`farms/${farm.id}`); return; }
    const id = await this.app.store.save('farm', farm ? farm.id : null, changed);
    this.app.navigate(`farms/${id}`);
  }
}

customElements.define('kf-farm-form', FarmForm);
