import { z } from 'zod';

/** User ids are the decimal strings of auth's bigint user sequence. */
export const USER_ID = /^\d{1,18}$/;

export const UserIdSchema = z.string().regex(USER_ID, { error: 'expected a user id' });

export const isUserId = (id: string): boolean => USER_ID.test(id);

/** Orders user ids by numeric value, as PostgreSQL orders the bigint ids. */
export function byUserId(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}
