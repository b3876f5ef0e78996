/**
 * Desktop notifications and a short WebAudio chime, only while the tab is hidden and only for what
 * the agent's settings allow. Permission is asked from a button, never on load.
 */

import type { Conversation, Handover, Message, Notifications } from './types';
import { contactName } from './format';
import { mentions } from './mentions';
import { botOwned } from './store';

export type Reason = 'new_conversation' | 'assigned_message' | 'mention' | 'handoff';

/**
 * Why a message, a new conversation or a handover should notify this agent, or null. Pure, for tests.
 *
 * While a flow or an app owns the thread (docs/bots.md) neither its creation nor its messages ring: the bot is
 * handling it. A mention is a teammate asking for this agent by name, so it still does. When the
 * thread passes to the humans it rings like a new conversation (`handoff`), or like a message of
 * one's own conversation when it is assigned to this agent; not when an agent took it or replied
 * (a teammate is already on it), nor when it goes back to a flow or the flow resolved it.
 */
export function reasonFor(
  kind: 'message' | 'conversation' | 'handover',
  meId: string,
  conversation: Conversation | undefined,
  message: Message | undefined,
  settings: Notifications,
  handover?: Pick<Handover, 'to' | 'reason'>,
): Reason | null {
  const mine = conversation?.assignee_id == meId;
  if (kind == 'handover') {
    if (handover?.to?.type != 'humans' || botOwned(conversation)) return null;
    if (handover.reason == 'agent_took' || handover.reason == 'agent_replied') return null;
    // A flow that resolved the conversation needs no one: the thread returns to the humans only for later messages.
    if (handover.reason == 'resolved' || conversation?.status == 'resolved') return null;
    if (mine && settings.assigned_message) return 'assigned_message';
    return settings.new_conversation ? 'handoff' : null;
  }
  const bot = botOwned(conversation);
  if (kind == 'conversation') return settings.new_conversation && !bot ? 'new_conversation' : null;
  if (!message || message.sender.type == 'system') return null;
  if (message.sender.type == 'agent' && message.sender.id == meId) return null;
  if (message.private && mentions(message.content, meId)) return settings.mention ? 'mention' : null;
  if (!bot && !message.private && message.sender.type == 'contact' && mine) {
    return settings.assigned_message ? 'assigned_message' : null;
  }
  return null;
}

/** The title and body of a desktop notification for `reason`; a handover brings its own sentence. Pure, for tests. */
export function notificationText(
  reason: Reason,
  c: Conversation,
  m: Message | undefined,
  h?: { handover: Pick<Handover, 'reason'>; text: string },
): { title: string; body: string } {
  const who = contactName(c);
  if (h) return { title: `${reason == 'assigned_message' ? 'Yours now' : 'Handed over'}: ${who}`, body: h.text };
  const title =
    reason == 'new_conversation'
      ? `New conversation: ${who}`
      : reason == 'mention'
        ? `${m?.sender.name || 'A teammate'} mentioned you`
        : `New message from ${who}`;
  return { title, body: m?.text ?? (c.last_message_preview || 'A visitor started a conversation.') };
}

export const DEFAULT_SETTINGS: Notifications = { new_conversation: true, assigned_message: true, mention: true, sound: true };

export function permission(): NotificationPermission | 'unsupported' {
  return typeof Notification == 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askPermission(): Promise<string> {
  if (typeof Notification == 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

export function notify(title: string, body: string, tag: string, onClick: () => void) {
  if (permission() != 'granted') return;
  try {
    const n = new Notification(title, { body: body.slice(0, 200), tag });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {}
}

let audio: AudioContext | undefined;

/** Browsers allow sound only after a gesture: prepare the context on the first one. */
export function unlockSound() {
  const unlock = () => {
    try {
      audio ||= new AudioContext();
      audio.resume();
    } catch {}
  };
  addEventListener('pointerdown', unlock, { once: true });
  addEventListener('keydown', unlock, { once: true });
}

export function chime() {
  if (!audio || audio.state != 'running') return;
  const t = audio.currentTime;
  const gain = audio.createGain();
  gain.connect(audio.destination);
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.5);
  [740, 988].forEach((f, i) => {
    const o = audio!.createOscillator();
    o.frequency.value = f;
    o.connect(gain);
    o.start(t + i * 0.13);
    o.stop(t + 0.5);
  });
}
