import type { Locale } from './i18n';

/**
 * The texts of files in the widget and /me, apart from strings.ts: the widget loads them with its
 * code for files (widget/src/attach.tsx), not with the frame. The paperclip's label ("Attach a file")
 * is in strings.ts, since the button shows from the start.
 */
const en = {
  removeFile: 'Remove {name}',
  download: 'Download',
  closeFile: 'Close',
  fileTooLarge: 'Too large: the limit is {size}.',
  uploadFailed: 'Upload failed.',
};

export type FileText = typeof en;

export const FILE_TEXT: Record<Locale, FileText> = {
  en,
  fr: {
    removeFile: 'Retirer {name}',
    download: 'Télécharger',
    closeFile: 'Fermer',
    fileTooLarge: 'Trop volumineux : {size} au maximum.',
    uploadFailed: 'Échec de l’envoi.',
  },
  de: {
    removeFile: '{name} entfernen',
    download: 'Herunterladen',
    closeFile: 'Schließen',
    fileTooLarge: 'Zu groß: höchstens {size}.',
    uploadFailed: 'Hochladen fehlgeschlagen.',
  },
};
