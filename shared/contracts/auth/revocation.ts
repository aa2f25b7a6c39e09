import { z } from 'zod';

/** Core NATS subject of auth's revocation notices; every edge and core follows it. */
export const revocationSubject = (prefix: string): string => `${prefix}auth.revoked`;

/**
 * Published by auth when access tokens stop being valid (logout, RevokeToken, a reused refresh
 * token), so edges close the sockets that used them and verifiers drop what they cached.
 */
export const RevocationNoticeSchema = z.object({
  user_id: z.string(),
  /** One revoked access token (`jti`), or … */
  token_id: z.string().optional(),
  /** … every token of a login session (`sid`). */
  session_id: z.string().optional(),
  reason: z.enum(['logout', 'revoked', 'refresh_reuse']),
  revoked_at: z.iso.datetime(),
});
export type RevocationNotice = z.infer<typeof RevocationNoticeSchema>;
