/**
 * The widget's code for files, loaded on first use (lazy.ts): uploads and their chips, the messages'
 * files and the viewer, with their texts and styles. /me shows conversations with this code too.
 */

import { FILE_TEXT, type FileText } from '../../shared/fileStrings';
import { pickLocale } from '../../shared/i18n';
import { attachmentsOf, captionOf } from '../../shared/messageFiles';
import type { Text } from '../../shared/strings';
import { upload } from '../../shared/upload';
import { UploadChips } from '../../shared/UploadChips';
import { Uploads, type Chip } from '../../shared/uploads';
import { Attachments } from './Attachments';
import './attach.css';
import type { Chat } from './chat';
import { FileUrls } from './files';
import type { Message } from './messages';
import { RichText } from './MessageItem';

/** In the frame's language: the page's, which the frame and /me set from the visitor's choice. */
const fileText = (): FileText => FILE_TEXT[pickLocale([document.documentElement.lang])];

/** The chat's uploads, made on the first file: the chips live in the chat's state. */
export function uploadsOf(chat: Chat): Uploads {
  if (chat.uploads) return chat.uploads;
  const { api } = chat.deps;
  const text = fileText();
  return (chat.uploads = new Uploads({
    upload: (file, onProgress) =>
      upload(api.base + 'visitor/files?name=' + encodeURIComponent(file.name), file, { Authorization: 'Bearer ' + api.token }, onProgress),
    onChange: (uploads) => chat.set({ uploads }),
    tooLarge: text.fileTooLarge,
    failed: text.uploadFailed,
    previews: true,
  }));
}

/** The chips above the message box, each with the local preview of its image. */
export function Chips({ chat, chips, retry }: { chat: Chat; chips: Chip[]; retry: string }) {
  const uploads = uploadsOf(chat);
  return (
    <UploadChips
      chips={chips}
      labels={{ remove: fileText().removeFile, retry }}
      onRemove={(key) => uploads.remove(key)}
      onRetry={(key) => uploads.retry(key)}
      thumb={(c) => c.preview}
    />
  );
}

/**
 * A message's text and files (fetched through the chat's cache of object URLs). A text that only
 * names the files (what the server stores for a message sent without one) is not shown again.
 */
export function MessageFiles({ message, chat, text }: { message: Message; chat: Chat; text: Text }) {
  const list = attachmentsOf(message.content);
  const caption = captionOf(message.text, list);
  return (
    <>
      {caption && (
        <p class="bubble">
          <RichText value={caption} text={text} />
        </p>
      )}
      {list.length > 0 && <Attachments list={list} files={(chat.files ||= new FileUrls(chat.deps.api))} text={fileText()} />}
    </>
  );
}
