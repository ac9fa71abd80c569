// Members and invitations (owners and managers): who is in the organization with which role, and invitations to
// share by LINE or QR. Needs the server; shown as such when offline.

import { t, formatDate, errorText } from '../js/i18n.js';
import { h, mount, field, select } from '../js/dom.js';
import { ROLES } from '../js/records.js';
import { Screen } from './screen.js';

export class Members extends Screen {
  live = false;

  async render() {
    const { api, session } = this.app;
    let members; let invitations;
    try {
      [members, invitations] = await Promise.all([api.get('/api/v1/members'), api.get('/api/v1/invitations')]);
    } catch (e) {
      mount(this, h('h1', {}, t('members.title')), h('p', { class: 'form-error' }, e.status === 0 ? t('state.needsConnection') : errorText(e)));
      return;
    }
    const roleOptions = ROLES.filter((r) => session.organization.role === 'owner' || r !== 'owner').map((r) => [r, t(`role.${r}`)]);
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const invite = h('form', { class: 'card', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      error.hidden = true;
      try {
        const inv = await api.post('/api/v1/invitations', { email: invite.elements.email.value.trim(), role: invite.elements.role.value });
        this.lastLink = `${location.origin}/#/join/${encodeURIComponent(inv.token)}`;
        this.render();
      } catch (err) { error.hidden = false; error.textContent = errorText(err); }
    } },
      h('h2', {}, t('members.invite')),
      field(t('auth.email'), h('input', { name: 'email', type: 'email', required: true })),
      field(t('members.role'), select('role', roleOptions, 'field')),
      error,
      h('button', { type: 'submit', class: 'primary' }, t('members.sendInvite')));
    mount(this,
      h('h1', {}, t('members.title')),
      this.lastLink ? h('div', { class: 'card share' }, h('p', {}, t('members.shareLink')), h('p', {}, h('a', { href: this.lastLink }, this.lastLink)),
        navigator.share ? h('button', { type: 'button', class: 'secondary', onclick: () => navigator.share({ url: this.lastLink }).catch(() => {}) }, t('members.share')) : null) : null,
      h('ul', { class: 'list' }, (members.items || []).map((m) => h('li', { class: 'member' },
        h('span', { class: 'main' }, m.name), h('span', { class: 'sub' }, m.email),
        m.userId === session.user.id ? h('span', {}, t(`role.${m.role}`)) : field(t('members.roleOf', { name: m.name }), select('role', roleOptions, m.role, {
          onchange: async (e) => {
            try { await api.call('PATCH', `/api/v1/members/${m.userId}`, { role: e.target.value }); } catch (err) { this.app.fail(err); this.render(); }
          },
        }))))),
      invite,
      (invitations.items || []).length ? h('section', { 'aria-labelledby': 'inv-pending' }, h('h2', { id: 'inv-pending' }, t('members.pending')),
        h('ul', { class: 'list' }, invitations.items.map((i) => h('li', { class: 'member' },
          h('span', { class: 'main' }, i.email), h('span', { class: 'sub' }, `${t(`role.${i.role}`)} · ${t('members.expires', { when: formatDate(i.expiresAt) })}`),
          h('button', { type: 'button', class: 'secondary', 'aria-label': t('members.withdrawFor', { email: i.email }), onclick: async () => { try { await api.call('DELETE', `/api/v1/invitations/${i.id}`); this.render(); } catch (err) { this.app.fail(err); } } }, t('members.withdraw')))))) : null);
  }
}

customElements.define('kf-members', Members);
