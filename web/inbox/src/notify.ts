/**
 * Desktop notifications and a short WebAudio chime, only while the tab is hidden and only for what
 * the agent's settings allow. Permission is asked from a button, never on load.
 */

import type { Conversation, Message, Notifications } from './types';
import { mentions } from './mentions';

export type Reason = 'new_conversation' | 'assigned_message' | 'mention';

/** Why a message or new conversation should notify this agent, or null. Pure, for tests. */
export function reasonFor(
  kind: 'message' | 'conversation',
  meId: string,
  conversation: Conversation | undefined,
  message: Message | undefined,
  settings: Notifications,
): Reason | null {
  if (kind == 'conversation') return settings.new_conversation ? 'new_conversation' : null;
  if (!message || message.sender.type == 'system') return null;
  if (message.sender.type == 'agent' && message.sender.id == meId) return null;
  if (message.private && mentions(message.content, meId)) return settings.mention ? 'mention' : null;
  if (!message.private && message.sender.type == 'contact' && conversation?.assignee_id == meId) {
    return settings.assigned_message ? 'assigned_message' : null;
  }
  return null;
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
