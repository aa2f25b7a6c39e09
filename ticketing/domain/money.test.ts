import fc from 'fast-check';
import { TicketingError } from './ticketing.errors';
import { fromCents, sum, toCents } from './money';

describe('money', () => {
  it('reads decimal strings as whole cents and writes two decimals', () => {
    expect(toCents('25.50')).toBe(2550n);
    expect(toCents('25.5')).toBe(2550n);
    expect(toCents('0')).toBe(0n);
    expect(fromCents(2550n)).toBe('25.50');
    expect(fromCents(5n)).toBe('0.05');
    expect(sum(['10.25', '10.25', '0.01'])).toBe('20.51');
  });

  it.each(['-1.00', '1.005', '1e3', '', ' 1.00', '01.00', '1,00', 'NaN', '12345678901.00'])('refuses %j', (amount) => {
    expect(() => toCents(amount)).toThrow(TicketingError);
  });

  it('round-trips every amount of whole cents, and sums without float error', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 99_999_999_999n }), (cents) => {
        expect(toCents(fromCents(cents))).toBe(cents);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 50 }), (amounts) => {
        const total = amounts.reduce((a, b) => a + b, 0);
        expect(sum(amounts.map((c) => fromCents(BigInt(c))))).toBe(fromCents(BigInt(total)));
      }),
    );
  });
});
