import { TicketingError } from './ticketing.errors';

/**
 * Money is never a float: amounts are decimal strings with two decimals in JSON (`"25.50"`),
 * numeric(12,2) in PostgreSQL, and whole cents (bigint) in arithmetic.
 */
export const MONEY = /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/;

/** Cents of a decimal string; TicketingError EVENT.INVALID for a negative, fractional-cent or malformed amount. */
export function toCents(amount: string): bigint {
  if (!MONEY.test(amount)) throw new TicketingError('EVENT.INVALID', `price ${JSON.stringify(amount)} must be a decimal amount with at most two decimals, e.g. "25.50"`);
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** `2550n` → `"25.50"`. */
export function fromCents(cents: bigint): string {
  const whole = cents / 100n;
  const rest = cents % 100n;
  return `${whole}.${rest.toString().padStart(2, '0')}`;
}

export function sum(amounts: string[]): string {
  return fromCents(amounts.reduce((total, amount) => total + toCents(amount), 0n));
}
