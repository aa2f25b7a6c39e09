import { z } from 'zod';
import { MessageSchema } from '#contracts/chat/ws-frames';
import { limitParam, optionalSeqParam } from '../../query-params';

export const MAX_HISTORY_PAGE = 200;
export const DEFAULT_HISTORY_PAGE = 50;

export const ReadHistoryQuerySchema = z
  .object({
    before_seq: optionalSeqParam('messages older than this seq, newest first (the default order)'),
    after_seq: optionalSeqParam('messages newer than this seq, oldest first'),
    limit: limitParam(MAX_HISTORY_PAGE, DEFAULT_HISTORY_PAGE),
  })
  .refine((q) => q.before_seq === undefined || q.after_seq === undefined, { error: 'give before_seq or after_seq, not both', path: ['after_seq'] });

export const MessagePageSchema = z
  .object({
    // The example is given here: MessageSchema belongs to chat's published language.
    items: z.array(MessageSchema).meta({ example: [{ message_id: '5b0e7c1d-93a4-5f62-8e1b-2d7c4a9f6e30', room: 'general', seq: 151, sender_id: '42', body: 'hello', client_msg_id: 'c-1', created_at: '2026-12-03T09:15:27.512Z' }] }),
    next_cursor: z
      .string()
      .optional()
      .meta({ description: 'a seq: pass it as the same parameter (before_seq or after_seq) for the next page; absent on the last page', example: '151' }),
  })
  .meta({ id: 'MessagePage' });
export type MessagePage = z.infer<typeof MessagePageSchema>;
