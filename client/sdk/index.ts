// The platform's client library: the browser app, the CLI, the tests and the benchmarks use it.
export { RealtimeClient, sendTarget, type AuthForm, type ConnectionState, type RealtimeClientOptions, type SocketConstructor, type SocketLike } from './realtime-client';
export { ClientError } from './client-kit';
export { directRoom } from '#contracts/chat/rooms';
export type { FeedPost, JoinAnswer, Message, SendAnswer, ServerPayload } from '#contracts/chat/ws-frames';
