import { parseLine } from './chat-commands';

describe('chat CLI input', () => {
  it('sends plain text and parses every command', () => {
    expect(parseLine('  hello there ')).toEqual({ kind: 'say', text: 'hello there' });
    expect(parseLine('/join general')).toEqual({ kind: 'join', room: 'general' });
    expect(parseLine('/history')).toEqual({ kind: 'history', count: 20 });
    expect(parseLine('/history 5')).toEqual({ kind: 'history', count: 5 });
    expect(parseLine('/dm bob hi there')).toEqual({ kind: 'dm', username: 'bob', text: 'hi there' });
    expect(parseLine('/dm bob')).toEqual({ kind: 'dm', username: 'bob', text: undefined });
    expect(parseLine('/quit')).toEqual({ kind: 'quit' });
    expect(parseLine('   ')).toBeUndefined();
  });

  it('answers a typo with a reason instead of sending it', () => {
    expect(parseLine('/join')).toMatchObject({ kind: 'invalid', reason: 'usage: /join <room>' });
    expect(parseLine('/history lots')).toMatchObject({ kind: 'invalid' });
    expect(parseLine('/history 0')).toMatchObject({ kind: 'invalid' });
    expect(parseLine('/jion general')).toMatchObject({ kind: 'invalid', reason: 'unknown command /jion (try /help)' });
  });
});
