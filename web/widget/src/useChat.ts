import { useEffect, useState } from 'preact/hooks';
import type { Chat, ChatState } from './chat';

/** Re-renders the component whenever the chat's state changes. */
export function useChat(chat: Chat): ChatState {
  const [state, setState] = useState(chat.state);
  useEffect(() => chat.subscribe(() => setState(chat.state)), [chat]);
  return state;
}
