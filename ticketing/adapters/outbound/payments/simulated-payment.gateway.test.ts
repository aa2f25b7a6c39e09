import { DECLINED_TEST_CARD, SimulatedPaymentGateway } from './simulated-payment.gateway';

const request = { bookingId: 'b1', amount: '10.00', currency: 'EUR', card: '4242424242424242', idempotencyKey: 'k1' };

describe('SimulatedPaymentGateway', () => {
  it('approves cards but the declined test card, after its latency', async () => {
    const gateway = new SimulatedPaymentGateway(20);
    const started = Date.now();
    expect(await gateway.charge(request)).toEqual({ approved: true, reference: expect.stringMatching(/^ch_/) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(await gateway.charge({ ...request, idempotencyKey: 'k2', card: DECLINED_TEST_CARD })).toEqual({ approved: false, reason: 'card_declined' });
  });

  it('answers a repeated idempotency key with the first result and charges once, also when the repeats overlap', async () => {
    const gateway = new SimulatedPaymentGateway(5);
    const results = await Promise.all([gateway.charge(request), gateway.charge(request), gateway.charge(request)]);
    expect(new Set(results.map((r) => (r.approved ? r.reference : '')))).toHaveProperty('size', 1);
    expect(gateway.charges.get('b1')).toBe(1);
    await gateway.charge({ ...request, idempotencyKey: 'k2' });
    expect(gateway.charges.get('b1')).toBe(2);
  });
});
