// Signing in, and creating an account (a new organization with its owner). One view at a time: each has exactly
// one "Sign in" and one "Create account" button, the submit of one being the switch to the other.

import { t, errorText, switchLanguage, currentLanguage } from '../js/i18n.js';
import { h, mount, field, showFieldErrors } from '../js/dom.js';
import { Screen } from './screen.js';

export class SignIn extends Screen {
  live = false;
  mode = 'signIn';

  render() {
    const signIn = this.mode === 'signIn';
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const email = h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true, inputmode: 'email' });
    const password = h('input', { name: 'password', type: 'password', autocomplete: signIn ? 'current-password' : 'new-password', required: true, minlength: signIn ? null : 8 });
    const fields = signIn ? [] : [
      field(t('auth.organization'), h('input', { name: 'organizationName', autocomplete: 'organization', required: true, maxlength: 200 })),
      field(t('auth.yourName'), h('input', { name: 'name', autocomplete: 'name', required: true, maxlength: 200 })),
    ];
    const submit = h('button', { type: 'submit', class: 'primary wide' }, signIn ? t('auth.signIn') : t('auth.createAccount'));
    const form = h('form', { class: 'card', novalidate: true, onsubmit: (e) => this.submit(e, form, error, submit) },
      fields,
      field(t('auth.email'), email),
      field(t('auth.password'), password, { hint: signIn ? null : t('auth.passwordHint') }),
      error,
      submit);
    const other = h('button', { type: 'button', class: 'secondary wide', onclick: () => { this.mode = signIn ? 'register' : 'signIn'; this.render(); } },
      signIn ? t('auth.createAccount') : t('auth.signIn'));
    const lang = currentLanguage() === 'th' ? 'en' : 'th';
    mount(this,
      h('div', { class: 'welcome' },
        h('span', { class: 'logo big', 'aria-hidden': 'true' }),
        h('h1', {}, signIn ? t('auth.signInTitle') : t('auth.registerTitle')),
        h('p', { class: 'lead' }, t('auth.tagline'))),
      form,
      h('div', { class: 'switch' }, h('p', {}, signIn ? t('auth.newHere') : t('auth.haveAccount')), other),
      h('p', { class: 'center' }, h('a', { href: `?lang=${lang}${location.hash}`, lang, onclick: (e) => {
        e.preventDefault();
        switchLanguage(lang);
      } }, lang === 'th' ? 'ภาษาไทย' : 'English')));
    (signIn ? email : form.querySelector('input')).focus();
  }

  async submit(e, form, error, button) {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    const missing = [...form.querySelectorAll('input[required]')].filter((i) => !i.value.trim());
    if (missing.length) {
      error.hidden = false;
      error.textContent = t('form.fillRequired');
      missing[0].focus();
      return;
    }
    button.disabled = true;
    error.hidden = true;
    try {
      if (this.mode === 'signIn') await this.app.api.login(data.email.trim(), data.password);
      else await this.app.api.register({ organizationName: data.organizationName.trim(), name: data.name.trim(), email: data.email.trim(), password: data.password });
      const join = location.hash.match(/^#\/join\//);
      if (!join) location.hash = '#/';
      await this.app.shell.route();
    } catch (err) {
      error.hidden = false;
      error.textContent = errorText(err);
      showFieldErrors(form, err, (d) => (currentLanguage() === 'th' ? d.messageTh : d.messageEn) || d.message);
      button.disabled = false;
    }
  }
}

customElements.define('kf-sign-in', SignIn);
