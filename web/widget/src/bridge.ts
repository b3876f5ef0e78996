/**
 * The frame's side of the postMessage protocol with the loader (docs/widget.md): it posts only to
 * the host origin named in its URL, and accepts only messages from that origin AND from its
 * parent window, so another frame or tab cannot drive it or read the visitor token.
 */

import type { FromFrame, ToFrame } from '../../shared/protocol';

export type Bridge = {
  post(message: FromFrame): void;
  listen(handler: (message: ToFrame) => void): () => void;
};

export function parentBridge(hostOrigin: string, parent: Window, self: Window = window): Bridge {
  return {
    post(message) {
      if (parent !== self) parent.postMessage(message, hostOrigin);
    },
    listen(handler) {
      const listener = (e: MessageEvent) => {
        if (e.origin !== hostOrigin || e.source !== parent || !e.data || typeof e.data.type != 'string') return;
        handler(e.data as ToFrame);
      };
      self.addEventListener('message', listener);
      return () => self.removeEventListener('message', listener);
    },
  };
}
