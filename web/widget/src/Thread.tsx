import { useLayoutEffect, useRef } from 'preact/hooks';
import { format } from '../../shared/i18n';
import { canAskForHuman, HUMAN_PAYLOAD, requestedInput, visibleQuickReplies } from '../../shared/rich';
import type { WidgetConfig } from '../../shared/protocol';
import type { Text } from '../../shared/strings';
import type { Chat, ChatState } from './chat';
import { Composer } from './Composer';
import type { FollowUp } from './followup';
import { FollowUps } from './FollowUps';
import { useAttach } from './lazy';
import { LimitNotice } from './LimitNotice';
import { DRAFT } from './messages';
import { MessageItem } from './MessageItem';
import { RatingPrompt } from './RatingPrompt';

type Props = { chat: Chat; state: ChatState; id: string; config: WidgetConfig; text: Text; follow: FollowUp };

/**
 * One conversation: messages (with their buttons and cards), the agent's typing, "Seen", quick replies,
 * "Talk to a person" while a flow has the thread, a rate-limit notice and the message box.
 */
export function Thread({ chat, state, id, config, text, follow }: Props) {
  const messages = state.threads[id] || [];
  const list = useRef<HTMLOListElement>(null);
  const loading = state.loading[id];
  const typing = state.typing[id];
  const agentRead = state.agentRead[id] ?? 0;
  const replies = visibleQuickReplies(messages);
  const input = requestedInput(messages);
  const conversation = state.conversations.find((c) => c.id == id);
  const askHuman = canAskForHuman(conversation, messages);
  // A resolved conversation ends with the rating (CSAT), live when an agent resolves it.
  const resolved = id != DRAFT && conversation?.status == 'resolved';
  const choose = (label: string, payload: string) => chat.outbox.send(label, payload);
  // "Seen" goes under the visitor's newest message that an agent has read.
  let seenIndex = -1;
  messages.forEach((m, i) => {
    if (m.sender.type == 'contact' && m.seq != null && m.seq <= agentRead) seenIndex = i;
  });

  // Files show once their code has loaded (lazy.ts), taller than the text they replace: the list
  // goes to the bottom again then.
  const files = useAttach(messages.some((m) => m.content?.attachments?.length));

  useLayoutEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length, typing, id, resolved, state.ratings[id], files]);

  return (
    <div
      class="thread"
      // Files dropped anywhere on the conversation join the message being written.
      onDragOver={(e) => e.dataTransfer?.types.includes('Files') && e.preventDefault()}
      onDrop={(e) => {
        if (!e.dataTransfer?.files.length) return;
        e.preventDefault();
        chat.attach(e.dataTransfer.files);
      }}
    >
      <ol class="msgs" ref={list} aria-label={text.messages} tabIndex={0}>
        {id == DRAFT && config.greeting && (
          <li class="msg theirs sent">
            <p class="bubble">{config.greeting}</p>
          </li>
        )}
        {loading == 'loading' && !messages.length && <li class="note">{text.loading}</li>}
        {loading == 'failed' && (
          <li class="note">
            {text.loadFailed}{' '}
            <button type="button" class="retry" onClick={() => chat.load(id)}>
              {text.retry}
            </button>
          </li>
        )}
        {messages.map((m, i) => (
          <MessageItem
            key={m.clientMsgId || m.id}
            message={m}
            text={text}
            showName={m.sender.type != 'contact' && (i == 0 || messages[i - 1].sender.id != m.sender.id)}
            seen={i == seenIndex}
            onRetry={() => chat.outbox.retry(m.clientMsgId!)}
            onChoose={choose}
            chat={chat}
          />
        ))}
        {resolved && <RatingPrompt chat={chat} id={id} rating={state.ratings[id]} text={text} />}
      </ol>
      {typing && (
        <p class="typing" aria-live="off">
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {format(text.typing, { name: typing })}
        </p>
      )}
      {replies.length > 0 && (
        <div class="chips" role="group" aria-label={text.suggestions}>
          {replies.map((q, i) => (
            <button key={i} type="button" class="chip" onClick={() => choose(q.label, q.payload)}>
              {q.label}
            </button>
          ))}
        </div>
      )}
      {askHuman && (
        <div class="human">
          <button type="button" class="retry" onClick={() => choose(text.talkToPerson, HUMAN_PAYLOAD)}>
            {text.talkToPerson}
          </button>
        </div>
      )}
      {id != DRAFT && (
        <FollowUps
          key={id}
          follow={follow}
          messages={messages}
          teamOnline={!!config.team_online}
          askAfter={(config.email_ask_delay_seconds ?? 30) * 1000}
          text={text}
        />
      )}
      <LimitNotice limit={state.rateLimit} messages={messages} text={text} />
      <Composer chat={chat} text={text} input={input} uploads={state.uploads} />
    </div>
  );
}

