import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { uniqueId } from './test-run';

/** The next message of `sub`, or a failure after `ms` (so an expectation on it always runs). */
export async function nextMessage(sub: Subscription, ms = 5_000): Promise<{ subject: string; data: unknown }> {
  const timeout = setTimeout(() => sub.unsubscribe(), ms);
  try {
    for await (const m of sub) return { subject: m.subject, data: m.json() };
    throw new Error(`no message on ${sub.getSubject()} within ${ms} ms`);
  } finally {
    clearTimeout(timeout);
  }
}

/** Messages reaching one connection on some subjects, in arrival order. */
export interface Recorder {
  readonly received: Msg[];
  /** Resolves once everything `publisher` sent before this call has arrived. */
  settle(publisher: NatsConnection): Promise<void>;
  stop(): void;
}

/**
 * Records what reaches `observer` (a connection of its own, as an edge has) on `subjects`. Core
 * NATS delivers one connection's messages to a subscriber in the order published, so once a
 * sentinel that `publisher` sends after them arrives, all of them have.
 */
export async function record(observer: NatsConnection, subjects: string[]): Promise<Recorder> {
  const received: Msg[] = [];
  const sentinelSubject = `${process.env.NAME_PREFIX}recorder.sentinel.${uniqueId(6)}`;
  const arrived = new Map<string, () => void>();
  const subscriptions = [
    ...subjects.map((subject) => observer.subscribe(subject, { callback: (_, msg) => void received.push(msg) })),
    observer.subscribe(sentinelSubject, { callback: (_, msg) => arrived.get(msg.string())?.() }),
  ];
  await observer.flush();
  return {
    received,
    settle: async (publisher) => {
      const token = uniqueId(6);
      const sentinel = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the recorder’s sentinel did not arrive within 5 s')), 5_000);
        arrived.set(token, () => (clearTimeout(timer), resolve()));
      });
      publisher.publish(sentinelSubject, token);
      await sentinel;
    },
    stop: () => subscriptions.forEach((subscription) => subscription.unsubscribe()),
  };
}
