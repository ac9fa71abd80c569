// Joining an organization from an invitation link (#/join/<token>): sign in or create an account with the invited
// e-mail, then accept, then work in the new organization.

import { t, errorText } from '../js/i18n.js';
import { h, mount } from '../js/dom.js';
import { Screen } from './screen.js';
import './sign-in.js';

export class Join extends Screen {
  live = false;

  async render() {
    const { api } = this.app;
    if (!api.signedIn) {
      const signIn = document.createElement('kf-sign-in');
      signIn.app = this.app;
      signIn.params = {};
      mount(this, h('p', { class: 'lead' }, t('join.signInFirst')), signIn);
      return;
    }
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    mount(this, h('h1', {}, t('join.title')), h('p', {}, t('join.explain')), error,
      h('button', { type: 'button', class: 'primary', onclick: async () => {
        try {
          const org = await api.post('/api/v1/invitations/accept', { token: this.params.token });
          await api.switchOrganization(org.id);
          location.hash = '#/';
          await this.app.shell.route();
        } catch (e) { error.hidden = false; error.textContent = errorText(e); }
      } }, t('join.accept')));
  }
}

customElements.define('kf-join', Join);
