import { systemRoomKind } from './room.entity';

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
