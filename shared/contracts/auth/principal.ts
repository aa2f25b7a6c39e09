import { z } from 'zod';
import { PublicError } from '#kernel/errors/error-kind';

/** What a user may do beyond using the platform: `admin` reads the ops endpoints (`/v1/admin/*`). */
export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The role claim of a token or a ValidateToken answer. Tokens issued before roles existed carry
 * none (and proto3 answers "" for an absent field): those are users, so older tokens keep working.
 */
export const RoleClaimSchema = z.preprocess((claim) => (claim === '' ? undefined : claim), z.enum(ROLES).default('user'));

/** Who made an authenticated request. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  /** The access token's id, so logout can revoke exactly this token. */
  tokenId: string;
  /** The login session the token belongs to. */
  sessionId: string;
  /** Seconds since epoch when the token stops being valid. */
  expiresAt: number;
  token: string;
}

/** The refusals every ops route documents besides its answer. */
export const ADMIN_REFUSALS = {
  401: { description: 'No valid access token' },
  403: { description: 'The token has no admin role' },
} as const;

/** For the ops routes: PublicError `forbidden` unless the caller has the admin role. */
export function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new PublicError('forbidden', 'admin role required');
}
