// Cupper calibration: how far each cupper's scores sit from their panels' means (mean absolute deviation) and which
// way (bias), session by session, for the signed-in cupper or, for owners and managers, any member.

import { t, formatDate, formatNumber, errorText } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { Screen } from './screen.js';

export class Calibration extends Screen {
  live = false;

  async render() {
    const { api, session } = this.app;
    this.cupper = this.cupper || session.user.id;
    let members = [];
    if (['owner', 'manager'].includes(session.organization.role)) {
      try { members = (await api.get('/api/v1/members')).items || []; } catch { /* offline */ }
    }
    const box = h('div', { 'aria-live': 'polite' }, h('p', { class: 'hint' }, t('state.loading')));
    const pick = members.length > 1 ? select('cupper', members.map((m) => [m.userId, m.name]), this.cupper, { onchange: () => { this.cupper = pick.value; this.render(); } }) : null;
    mount(this,
      h('h1', {}, t('calibration.title')),
      h('p', { class: 'lead' }, t('calibration.explain')),
      pick ? field(t('calibration.cupper'), pick) : null,
      box);
    try {
      const c = await api.get(`/api/v1/cuppers/${this.cupper}/calibration`);
      const o = c.overall || {};
      mount(box,
        h('dl', { class: 'facts' },
          h('dt', {}, t('calibration.sessions')), h('dd', {}, String(o.sessions ?? 0)),
          h('dt', {}, t('calibration.mad')), h('dd', {}, o.meanAbsoluteDeviation != null ? formatNumber(o.meanAbsoluteDeviation) : '—'),
          h('dt', {}, t('calibration.bias')), h('dd', {}, o.bias != null ? formatNumber(o.bias) : '—')),
        (c.sessions || []).length ? h('table', { class: 'results' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('cupping.title')), h('th', { scope: 'col' }, t('calibration.mad')), h('th', { scope: 'col' }, t('calibration.bias')))),
          h('tbody', {}, c.sessions.map((s) => h('tr', {}, h('th', { scope: 'row' }, `${s.name || ''} ${formatDate(s.sessionDate)}`),
            h('td', {}, formatNumber(s.meanAbsoluteDeviation)), h('td', {}, formatNumber(s.bias)))))) : h('p', { class: 'empty' }, t('calibration.none')));
    } catch (e) {
      mount(box, h('p', { class: 'form-error' }, e.status === 0 ? t('state.needsConnection') : errorText(e)));
    }
  }
}

customElements.define('kf-calibration', Calibration);
