import type { FrameEncoder } from '../../../domain/delivery';

/**
 * A WebSocket text frame (RFC 6455 §5.2) as the server writes it: FIN, opcode 1, unmasked. A
 * delivery to many sockets is encoded once and the same bytes go to each, where `ws` would build
 * a header and hand two chunks to the socket per recipient.
 */
export function encodeTextFrame(payload: Uint8Array | string): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const length = data.byteLength;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (length < 126) frame[1] = length;
  else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(data, header);
  return frame;
}

/** Deliveries as WebSocket text frames (one encoding shared by every WebSocket session). */
export const WS_TEXT_FRAMES: FrameEncoder = { encode: encodeTextFrame };

const POST_FRAME_HEAD = Buffer.from('{"type":"post:created","payload":{"action":"created","seq":');
const POST_FRAME_BODY = Buffer.from(',"payload":');
const POST_FRAME_TAIL = Buffer.from('}}');

/**
 * Feed posts as WebSocket frames: `post:created`, whose payload is the seed's post message
 * `{"action":"created","payload":{id, description, …}}` with the post's feed `seq` beside
 * `action` (the `last_seq` a later feed:subscribe resumes from). Built around the post's JSON
 * without parsing it again, once for every subscribed socket.
 */
export const WS_POST_FRAMES: FrameEncoder = {
  encode: (post, seq) => {
    const data = typeof post === 'string' ? Buffer.from(post) : post;
    return encodeTextFrame(Buffer.concat([POST_FRAME_HEAD, Buffer.from(String(seq)), POST_FRAME_BODY, data, POST_FRAME_TAIL]));
  },
};
