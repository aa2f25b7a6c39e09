import { directParticipants, directRoom, withinBodyLimit } from './rooms';

describe('direct-message rooms', () => {
  it('are named dm:<smaller>:<larger>, the ids compared as numbers', () => {
    expect(directRoom('10', '2')).toBe('dm:2:10');
    expect(directRoom('2', '10')).toBe('dm:2:10');
  });

  it('have exactly one spelling: any other names no direct room', () => {
    expect(directParticipants('dm:2:10')).toEqual(['2', '10']);
    for (const other of ['dm:10:2', 'dm:02:10', 'dm:2:010', 'dm:2:x', 'general', 'dm:2']) expect(directParticipants(other)).toBeUndefined();
  });
});

describe('withinBodyLimit', () => {
  it('counts code points', () => {
    expect(withinBodyLimit('🙂'.repeat(4000))).toBe(true);
    expect(withinBodyLimit('a'.repeat(4001))).toBe(false);
  });
});
