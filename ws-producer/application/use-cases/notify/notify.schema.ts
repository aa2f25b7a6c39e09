import { z } from 'zod';
import { UserIdSchema } from '#contracts/auth/user-id';
import { RoomNameSchema } from '#contracts/chat/rooms';

// Chat, room, system and protocol frames come only from the platform itself: a caller of the
// notification API must not be able to forge a message:new or a system frame.
const RESERVED_TYPES = /^(message|room|system|auth):|^(ok|error)$/;

export const FrameTypeSchema = z
  .string()
  .regex(/^[a-z_]+:[a-z_]+$/, { error: 'frame types look like booking:confirmed' })
  .refine((type) => !RESERVED_TYPES.test(type), { error: 'message:*, room:*, system:* and auth:* frames cannot be sent through this API' });

/** A JSON object given as text (the gRPC API's `payload` string); empty means `{}`. */
export const JsonObjectTextSchema = z
  .string()
  .default('{}')
  .transform((text, ctx) => {
    try {
      const value: unknown = JSON.parse(text || '{}');
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'payload must be a JSON object' });
    return z.NEVER;
  });

export const ToUserSchema = z.object({ user_id: UserIdSchema, type: FrameTypeSchema, payload: JsonObjectTextSchema });
export const ToRoomSchema = z.object({ room: RoomNameSchema, type: FrameTypeSchema, payload: JsonObjectTextSchema });
export type ToUser = z.infer<typeof ToUserSchema>;
export type ToRoom = z.infer<typeof ToRoomSchema>;

// The seed's notification methods (realtime.v1), as proto-loader decodes them (defaults filled in).
export const BookingResultSchema = z.object({
  user_id: UserIdSchema,
  booking_id: z.string(),
  success: z.boolean(),
  message: z.string(),
  booking_reference: z.string(),
  event_id: z.string(),
  seat_numbers: z.array(z.string()),
  total_amount: z.string(),
  currency: z.string(),
});
export const QueuePositionSchema = z.object({ user_id: UserIdSchema, booking_id: z.string(), position: z.number().int(), estimated_wait_seconds: z.number().int() });
export const PaymentStatusSchema = z.object({
  user_id: UserIdSchema,
  booking_id: z.string(),
  payment_id: z.string(),
  status: z.enum(['processing', 'success', 'failed']),
  message: z.string(),
  amount: z.string(),
  currency: z.string(),
});
export type BookingResult = z.infer<typeof BookingResultSchema>;
export type QueuePosition = z.infer<typeof QueuePositionSchema>;
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;
