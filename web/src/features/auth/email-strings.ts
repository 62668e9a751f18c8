/** The words of the verify-email, password-reset and "check your email" screens, in one place for translation. */
export const EMAIL_TEXT = {
  checkEmailTitle: 'Check your email',
  checkEmailBody: (email: string) =>
    `We sent a message to ${email}. Open the link in it within 24 hours to confirm your address; until then you can browse, but not book tickets.`,
  checkEmailSpam: 'Nothing after a few minutes? Look in your spam folder.',
  continue: 'Continue',
  verifyTitle: 'Confirm your email',
  verifying: 'Confirming your email address…',
  verifiedTitle: 'Email confirmed',
  verifiedBody: 'Thank you: your email address is confirmed and you can book tickets now.',
  browseEvents: 'Browse events',
  missingToken: 'This link has no token in it. Open the link from the email again, or copy all of it into the address bar.',
  bannerText: (email: string) => `Confirm your email address to book tickets: we sent a link to ${email}.`,
  bannerLabel: 'Email confirmation',
  resend: 'Send the link again',
  resent: 'Sent. Check your inbox.',
  forgotTitle: 'Forgot your password?',
  forgotSubtitle: 'Enter your email address and we will send you a link to choose a new password.',
  forgotSubmit: 'Send reset link',
  forgotSent: (email: string) =>
    `If an account uses ${email}, we have sent it a link to reset the password. The link works for one hour.`,
  forgotLink: 'Forgot your password?',
  resetTitle: 'Choose a new password',
  resetSubtitle: 'Your new password signs you out on every device.',
  resetSubmit: 'Set new password',
  resetDone: 'Your password is changed. Sign in with the new one.',
  signIn: 'Sign in',
  requestNewLink: 'Ask for a new link',
} as const;

/** The words of the profile form on the account page. */
export const PROFILE_TEXT = {
  formLabel: 'Edit profile',
  name: 'Name',
  nameHelp: 'As it should appear on your tickets.',
  nameMissing: 'Enter your name.',
  language: 'Language',
  languageHelp: 'The language of the emails we send you.',
  save: 'Save profile',
  saved: 'Your profile has been saved.',
} as const;
