/**
 * The `Parley(...)` command queue. The inline stub (docs/widget.md) pushes each call's arguments
 * onto `Parley.q`; the loader keeps queueing until the widget config has arrived, then runs the
 * queued calls in order and answers later calls at once.
 */

export type CommandHandlers = Record<string, (...args: any[]) => void>;
type Host = { Parley?: any };
type Warn = (...args: unknown[]) => void;

export type CommandQueue = {
  /** Runs queued commands in order, then every later call immediately. */
  start(handlers: CommandHandlers, warn?: Warn): void;
  /** The widget was refused: later calls are ignored. */
  stop(): void;
};

export function takeQueue(host: Host): CommandQueue {
  // Queued calls, then 0 once started or stopped; `handlers` is set by start only.
  let queue: ArrayLike<unknown>[] | 0 = host.Parley?.q || [];
  let handlers: CommandHandlers | undefined;
  let warn: Warn;
  const run = ([name, ...args]: any) => {
    try {
      ({}).hasOwnProperty.call(handlers, name) ? handlers![name](...args) : warn(`Parley: unknown command "${name}"`);
    } catch (e) {
      warn(e);
    }
  };
  host.Parley = (...call: unknown[]) => (queue ? queue.push(call) : handlers && run(call));

  return {
    start(h, w = console.warn) {
      const calls = queue as ArrayLike<unknown>[];
      handlers = h;
      warn = w;
      queue = 0;
      calls.forEach(run);
    },
    stop() {
      queue = 0;
    },
  };
}
