import type { FrameEncoder } from '../../../domain/delivery';

const DATA_END = Buffer.from('\n\n');

/**
 * Feed posts as SSE events: `id: <seq>`, `event: post`, one `data:` line of the post's JSON
 * (JSON text never holds a raw newline), encoded once for every stream. The id is what the
 * browser's EventSource sends back as Last-Event-ID when it reconnects.
 */
export const SSE_POST_EVENTS: FrameEncoder = {
  encode: (post, seq) => Buffer.concat([Buffer.from(`id: ${seq}\nevent: post\ndata: `), typeof post === 'string' ? Buffer.from(post) : post, DATA_END]),
};

/** An event of its own (reset, end) without an id: the client's Last-Event-ID stays the last post's. */
export function sseEvent(event: string, data: object): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: EventSource ignores it; proxies see traffic and keep the stream open. */
export const SSE_HEARTBEAT = ': heartbeat\n\n';
