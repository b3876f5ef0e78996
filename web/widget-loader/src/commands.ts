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
  const queue: ArrayLike<unknown>[] = (host.Parley && host.Parley.q) || [];
  const stub: any = (...call: unknown[]) => queue.push(call);
  stub.q = queue;
  host.Parley = stub;

  return {
    start(handlers, warn = console.warn) {
      const run = (call: ArrayLike<unknown>) => {
        const [name, ...args] = [...(call as unknown[])];
        if (!{}.hasOwnProperty.call(handlers, name as string)) {
          warn(`Parley: unknown command "${name as string}"`);
          return;
        }
        try {
          handlers[name as string](...args);
        } catch (e) {
          warn(e);
        }
      };
      host.Parley = (...call: unknown[]) => run(call);
      while (queue.length) run(queue.shift()!);
    },
    stop() {
      queue.length = 0;
      host.Parley = () => {};
    },
  };
}
