import { systemRoomKind, writeRefusal, type Room, type Visibility } from './room.entity';

describe('systemRoomKind', () => {
  it.each([
    ['dm:1:2', 'direct'],
    ['dm:', 'direct'],
    ['event:42', 'event'],
    ['event:', 'event'],
  ])('%s is made by the system as a %s room', (name, kind) => {
    expect(systemRoomKind(name)).toBe(kind);
  });

  it.each(['general', 'dm', 'my-dm:1', 'events:1', 'event-1', 'x:event:1'])('%s is a name users may take', (name) => {
    expect(systemRoomKind(name)).toBeUndefined();
  });
});

describe('writeRefusal', () => {
  const room = (visibility: Visibility): Room => ({ name: 'r', visibility, createdBy: null, lastSeq: 0, createdAt: new Date() });
  const user = { userId: '1' };
  const guest = { anonymous: true } as const;

  it('event rooms are read-only for everyone, members and guests alike', () => {
    expect(writeRefusal(room('event'), user, true)).toBe('ROOM.READ_ONLY');
    expect(writeRefusal(room('event'), guest, false)).toBe('ROOM.READ_ONLY');
  });

  it('guests never write; signed-in users write to public rooms, members to private and direct ones', () => {
    expect(writeRefusal(room('public'), guest, false)).toBe('ROOM.FORBIDDEN');
    expect(writeRefusal(room('public'), user, false)).toBeUndefined();
    for (const visibility of ['private', 'direct'] as const) {
      expect(writeRefusal(room(visibility), user, true)).toBeUndefined();
      expect(writeRefusal(room(visibility), user, false)).toBe('ROOM.FORBIDDEN');
    }
  });
});
