import type { Locale } from '../../shared/i18n';

/** The texts of the /me app, in the widget's languages (the chat view reuses the widget's texts). */
const en = {
  title: 'Your conversations',
  signInTitle: 'See your conversations',
  signInHelp: 'Enter your email address and we will send you a link to sign in. No password needed.',
  email: 'Email address',
  sendLink: 'Email me a link',
  sending: 'Sending…',
  checkEmail: 'Check your email',
  checkEmailHelp: 'If {email} can receive it, a sign-in link is on its way. It works once, for 15 minutes.',
  otherEmail: 'Use another address',
  badEmail: 'Enter a valid email address.',
  signingIn: 'Signing you in…',
  linkInvalid: 'This sign-in link is used or expired. Ask for a new one below.',
  failed: 'Something went wrong. Please try again.',
  tooMany: 'Too many attempts. Please wait a minute and try again.',
  empty: 'No conversations yet. When you chat with a business on this server and confirm your email, it appears here.',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {email}',
  back: 'Back to your conversations',
  unread: 'unread',
  notFound: 'This conversation is not in your inbox.',
  loading: 'Loading…',
};

export type MeText = typeof en;

const fr: MeText = {
  title: 'Vos conversations',
  signInTitle: 'Voir vos conversations',
  signInHelp: 'Saisissez votre adresse e-mail : nous vous enverrons un lien de connexion. Aucun mot de passe.',
  email: 'Adresse e-mail',
  sendLink: 'Recevoir un lien par e-mail',
  sending: 'Envoi…',
  checkEmail: 'Consultez vos e-mails',
  checkEmailHelp: 'Si {email} peut le recevoir, un lien de connexion est en route. Il fonctionne une fois, pendant 15 minutes.',
  otherEmail: 'Utiliser une autre adresse',
  badEmail: 'Saisissez une adresse e-mail valide.',
  signingIn: 'Connexion…',
  linkInvalid: 'Ce lien de connexion a déjà servi ou a expiré. Demandez-en un nouveau ci-dessous.',
  failed: 'Une erreur est survenue. Veuillez réessayer.',
  tooMany: 'Trop de tentatives. Patientez une minute et réessayez.',
  empty:
    'Aucune conversation pour l’instant. Quand vous discutez avec une entreprise sur ce serveur et confirmez votre e-mail, elle apparaît ici.',
  signOut: 'Se déconnecter',
  signedInAs: 'Connecté·e en tant que {email}',
  back: 'Retour à vos conversations',
  unread: 'non lu',
  notFound: 'Cette conversation n’est pas dans votre boîte.',
  loading: 'Chargement…',
};

const de: MeText = {
  title: 'Ihre Unterhaltungen',
  signInTitle: 'Ihre Unterhaltungen ansehen',
  signInHelp: 'Geben Sie Ihre E-Mail-Adresse ein, und wir senden Ihnen einen Anmeldelink. Kein Passwort nötig.',
  email: 'E-Mail-Adresse',
  sendLink: 'Link per E-Mail senden',
  sending: 'Wird gesendet…',
  checkEmail: 'Prüfen Sie Ihre E-Mails',
  checkEmailHelp: 'Wenn {email} E-Mails empfangen kann, ist ein Anmeldelink unterwegs. Er gilt einmal, 15 Minuten lang.',
  otherEmail: 'Andere Adresse verwenden',
  badEmail: 'Geben Sie eine gültige E-Mail-Adresse ein.',
  signingIn: 'Anmeldung…',
  linkInvalid: 'Dieser Anmeldelink wurde schon verwendet oder ist abgelaufen. Fordern Sie unten einen neuen an.',
  failed: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  tooMany: 'Zu viele Versuche. Bitte warten Sie eine Minute und versuchen Sie es erneut.',
  empty:
    'Noch keine Unterhaltungen. Wenn Sie mit einem Unternehmen auf diesem Server chatten und Ihre E-Mail-Adresse bestätigen, erscheint sie hier.',
  signOut: 'Abmelden',
  signedInAs: 'Angemeldet als {email}',
  back: 'Zurück zu Ihren Unterhaltungen',
  unread: 'ungelesen',
  notFound: 'Diese Unterhaltung ist nicht in Ihrem Posteingang.',
  loading: 'Wird geladen…',
};

export const ME_TEXTS: Record<Locale, MeText> = { en, fr, de };
