/**
 * Files in conversations (issue 16), shared by the widget, /me and the inbox: what a stored file
 * looks like and what the file pickers offer. Kept tiny: the widget loads it with the frame, and its
 * code for files (messageFiles.ts, fileFormat.ts, upload.ts, uploads.ts) only when files appear.
 */

/** A stored file as the upload answers it and as `content.attachments` lists it. */
export type Attachment = {
  id: string;
  name: string;
  content_type: string;
  size: number;
  kind: 'image' | 'file';
  width?: number;
  height?: number;
  /** Only in the upload's answer; a message's attachments do not say. */
  has_thumbnail?: boolean;
};

/** What the pickers offer: images (the camera on phones), PDF, text and office documents. */
export const ACCEPT = 'image/*,application/pdf,text/plain,text/csv,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.rtf';

/** Attachments per message, as the server accepts them. */
export const MAX_FILES = 10;
