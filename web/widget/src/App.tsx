import { useEffect, useRef } from 'preact/hooks';
import type { WidgetConfig } from '../../shared/protocol';
import type { Text } from '../../shared/strings';
import type { Chat } from './chat';
import { focusFirst, trapTab } from './focus';
import type { FollowUp } from './followup';
import { Header } from './Header';
import { Home } from './Home';
import { Thread } from './Thread';
import { useChat } from './useChat';

type Props = { chat: Chat; config: WidgetConfig; text: Text; locale: string; follow: FollowUp; onClose: () => void };

/** The panel: a modal dialog with its own focus trap; Esc and the close button hand back to the loader. */
export function App({ chat, config, text, locale, follow, onClose }: Props) {
  const state = useChat(chat);
  const root = useRef<HTMLDivElement>(null);

  // Opening the panel or changing screens puts focus where the visitor will act.
  useEffect(() => {
    if (state.open) focusFirst(root.current);
  }, [state.open, state.view]);

  return (
    <div
      class="panel"
      ref={root}
      role="dialog"
      aria-modal="true"
      aria-labelledby="parley-title"
      onKeyDown={(e) => {
        if (e.key == 'Escape') {
          e.preventDefault();
          onClose();
        } else trapTab(e, root.current!);
      }}
    >
      <Header config={config} text={text} onBack={state.view != null ? () => chat.show(null) : undefined} onClose={onClose} />
      {state.status == 'offline' && (
        <p class="offline" role="status">
          {text.offline}
        </p>
      )}
      <main class="body">
        {state.view == null ? (
          <Home chat={chat} state={state} config={config} text={text} locale={locale} />
        ) : (
          <Thread chat={chat} state={state} id={state.view} config={config} text={text} follow={follow} />
        )}
      </main>
      <div class="sr-only" aria-live="polite" aria-atomic="true">
        {state.announcement}
      </div>
    </div>
  );
}
