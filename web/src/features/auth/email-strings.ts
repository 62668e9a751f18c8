/**
 * The words of the verify-email, password-reset and "check your email" screens and of the profile
 * form, read from the `auth` catalogue in the reader's language each time they are shown.
 */
import i18next from 'i18next';

const t = (key: string, options?: Record<string, string>) => i18next.t(key, { ns: 'auth', ...options });

export const EMAIL_TEXT = {
  get checkEmailTitle() {
    return t('email.checkEmailTitle');
  },
  checkEmailBody: (email: string) => t('email.checkEmailBody', { email }),
  get checkEmailSpam() {
    return t('email.checkEmailSpam');
  },
  get continue() {
    return t('email.continue');
  },
  get verifyTitle() {
    return t('email.verifyTitle');
  },
  get verifying() {
    return t('email.verifying');
  },
  get verifiedTitle() {
    return t('email.verifiedTitle');
  },
  get verifiedBody() {
    return t('email.verifiedBody');
  },
  get browseEvents() {
    return t('email.browseEvents');
  },
  get missingToken() {
    return t('email.missingToken');
  },
  bannerText: (email: string) => t('email.bannerText', { email }),
  get bannerLabel() {
    return t('email.bannerLabel');
  },
  get resend() {
    return t('email.resend');
  },
  get resent() {
    return t('email.resent');
  },
  get forgotTitle() {
    return t('email.forgotTitle');
  },
  get forgotSubtitle() {
    return t('email.forgotSubtitle');
  },
  get forgotSubmit() {
    return t('email.forgotSubmit');
  },
  forgotSent: (email: string) => t('email.forgotSent', { email }),
  get forgotLink() {
    return t('email.forgotLink');
  },
  get resetTitle() {
    return t('email.resetTitle');
  },
  get resetSubtitle() {
    return t('email.resetSubtitle');
  },
  get resetSubmit() {
    return t('email.resetSubmit');
  },
  get resetDone() {
    return t('email.resetDone');
  },
  get signIn() {
    return t('email.signIn');
  },
  get requestNewLink() {
    return t('email.requestNewLink');
  },
};

export const PROFILE_TEXT = {
  get formLabel() {
    return t('profile.formLabel');
  },
  get name() {
    return t('profile.name');
  },
  get nameHelp() {
    return t('profile.nameHelp');
  },
  get nameMissing() {
    return t('profile.nameMissing');
  },
  get language() {
    return t('profile.language');
  },
  get languageHelp() {
    return t('profile.languageHelp');
  },
  get save() {
    return t('profile.save');
  },
  get saved() {
    return t('profile.saved');
  },
};
