import { format } from '../../shared/i18n';
import type { WidgetConfig } from '../../shared/protocol';
import type { Text } from '../../shared/strings';
import type { Chat, ChatState } from './chat';
import { DRAFT, unreadCount } from './messages';
import { shortTime } from './time';

type Props = { chat: Chat; state: ChatState; config: WidgetConfig; text: Text; locale: string };

/** The first screen: the greeting, a way to start, and the visitor's earlier conversations. */
export function Home({ chat, state, config, text, locale }: Props) {
  return (
    <div class="home">
      {config.greeting && <p class="greeting">{config.greeting}</p>}
      <button type="button" class="primary" onClick={() => chat.show(DRAFT)}>
        {text.start}
      </button>
      {state.conversations.length > 0 && (
        <section aria-labelledby="parley-earlier">
          <h2 id="parley-earlier">{text.earlier}</h2>
          <ul class="convs">
            {state.conversations.map((c) => {
              const unread = unreadCount(state.threads[c.id], state.visitorRead[c.id] ?? 0);
              return (
                <li key={c.id}>
                  <button type="button" class="conv" onClick={() => chat.show(c.id)}>
                    <span class="preview">{c.last_message_preview || text.noPreview}</span>
                    <span class="meta">
                      {shortTime(c.last_activity_at, locale)}
                      {c.status == 'resolved' && ' · ' + text.resolved}
                    </span>
                    {unread > 0 && <span class="badge">{format(text.unread, { count: unread })}</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
