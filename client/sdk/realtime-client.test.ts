import { sendTarget } from './realtime-client';

describe('sendTarget', () => {
  it('sends into a direct room to the other user, and into any other room to the room', () => {
    expect(sendTarget('dm:2:10', '2')).toEqual({ to_user: '10' });
    expect(sendTarget('dm:2:10', '10')).toEqual({ to_user: '2' });
    expect(sendTarget('dm:7:7', '7')).toEqual({ to_user: '7' });
    expect(sendTarget('general', '2')).toEqual({ room: 'general' });
    // Not the one spelling of a pair's room: an ordinary (and nonexistent) room name.
    expect(sendTarget('dm:10:2', '2')).toEqual({ room: 'dm:10:2' });
  });
});
