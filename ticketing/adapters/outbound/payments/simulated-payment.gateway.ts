import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import type { ChargeRequest, ChargeResult, PaymentGatewayPort } from '../../../application/ports/payment-gateway.port';

/** The test card the simulated gateway declines (Stripe's "card declined" test number). */
export const DECLINED_TEST_CARD = '4000000000000002';

/**
 * A payment service provider stand-in for development, demos and tests: answers after a
 * configurable latency, approves every card but the declined test card, and, like a real
 * gateway, answers a repeated idempotency key with the first result without charging again.
 */
export class SimulatedPaymentGateway implements PaymentGatewayPort {
  private readonly results = new LRUCache<string, Promise<ChargeResult>>({ max: 100_000 });
  /** Charges actually made, by booking (tests read it to prove a retry charged once). */
  readonly charges = new Map<string, number>();

  constructor(private readonly latencyMs: number) {}

  charge(request: ChargeRequest): Promise<ChargeResult> {
    const key = `${request.bookingId}:${request.idempotencyKey}`;
    let result = this.results.get(key);
    if (!result) {
      result = this.authorize(request);
      this.results.set(key, result);
    }
    return result;
  }

  async refund(request: { reference: string; amount: string; currency: string; idempotencyKey: string }): Promise<{ reference: string }> {
    await sleep(this.latencyMs);
    return { reference: `re_${request.reference}` };
  }

  private async authorize(request: ChargeRequest): Promise<ChargeResult> {
    await sleep(this.latencyMs);
    if (request.card.replace(/\s/g, '') === DECLINED_TEST_CARD) return { approved: false, reason: 'card_declined' };
    this.charges.set(request.bookingId, (this.charges.get(request.bookingId) ?? 0) + 1);
    return { approved: true, reference: `ch_${randomUUID()}` };
  }
}
