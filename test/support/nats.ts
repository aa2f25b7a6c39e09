import type { Subscription } from '@nats-io/transport-node';

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
