import type { Message } from '#contracts/chat/ws-frames';
import { createInMemoryEdgeContainer, type InMemoryEdge } from '../adapters/outbound/memory/in-memory-edge.container';
import { RecordingSession } from '../adapters/outbound/memory/recording.session';
import { LocalSessions } from './local-sessions';

const dm = (seq: number): Message => ({ message_id: `m${seq}`, room: 'dm:1:2', seq, sender_id: '2', body: 'hi', client_msg_id: `c${seq}`, created_at: new Date().toISOString() });

describe('LocalSessions (the sessions an edge holds, and their users)', () => {
  let edge: InMemoryEdge;
  let sessions: LocalSessions;
  let n = 0;
  const signedIn = (userId: string) => {
    const session = new RecordingSession(`s${++n}`);
    sessions.opened(session);
    session.signIn(edge.verifier.issue(userId));
    sessions.signedIn(session);
    return session;
  };
  beforeEach(() => {
    edge = createInMemoryEdgeContainer();
    sessions = edge.container.resolve(LocalSessions);
  });

  it("follows a user's deliveries while one of their sessions is here, and stops with the last", () => {
    const [a, b] = [signedIn('1'), signedIn('1')];
    expect(edge.feed.followsUser('1')).toBe(true);
    expect(edge.telemetry.signedIn).toBe(2);
    sessions.closed(a);
    expect(edge.feed.followsUser('1')).toBe(true);
    sessions.closed(b);
    expect(edge.feed.followsUser('1')).toBe(false);
    expect([edge.telemetry.open, edge.telemetry.signedIn]).toEqual([0, 0]);
    expect(sessions.closed(b)).toBe(false); // closed twice counts once
  });

  it("writes a user's direct messages to each of their sessions once, repeats dropped; a session that joined the dm room gets them from the room instead", () => {
    const [a, b] = [signedIn('1'), signedIn('1')];
    b.rooms.add('dm:1:2');
    edge.feed.toUser('1', 'dm:1:2', [dm(1), dm(2)]);
    edge.feed.toUser('1', 'dm:1:2', [dm(2), dm(3)]); // a second core repeats seq 2
    expect(a.seqs()).toEqual([1, 2, 3]);
    expect(b.seqs()).toEqual([]);
  });

  it('ends every session of a revoked token or session, and only those', () => {
    const [a, b, c] = [signedIn('1'), signedIn('1'), signedIn('2')];
    expect(sessions.revoke({ user_id: '1', token_id: a.principal?.tokenId, reason: 'logout', revoked_at: new Date().toISOString() })).toBe(1);
    expect(sessions.revoke({ user_id: '1', session_id: b.principal?.sessionId, reason: 'revoked', revoked_at: new Date().toISOString() })).toBe(1);
    expect([a.ended?.reason, b.ended?.reason, c.ended]).toEqual(['revoked', 'revoked', undefined]);
  });

  it('counts open and signed-in sessions', () => {
    signedIn('1');
    sessions.opened(new RecordingSession('guest'));
    expect(sessions.counts()).toEqual({ connections: 2, authenticated: 1 });
  });
});
