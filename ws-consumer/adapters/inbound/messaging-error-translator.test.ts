import { PublicError } from '#kernel/errors/error-kind';
import { MessagingError, type MessagingErrorCode } from '../../domain/messaging.errors';
import { translateMessagingError } from './messaging-error-translator';

describe('translateMessagingError', () => {
  it.each<[MessagingErrorCode, string]>([
    ['ROOM.NOT_FOUND', 'not_found'],
    ['ROOM.FORBIDDEN', 'forbidden'],
    ['ROOM.READ_ONLY', 'forbidden'],
    ['ROOM.ALREADY_EXISTS', 'conflict'],
    ['ROOM.INVALID', 'bad_request'],
    ['USER.NOT_FOUND', 'not_found'],
  ])('maps %s to %s, keeping the message, the dotted code and the details', (code, kind) => {
    const translated = translateMessagingError(new MessagingError(code, 'what happened', { room: 'x' }));
    expect(translated).toBeInstanceOf(PublicError);
    expect(translated).toMatchObject({ kind, message: 'what happened', reason: code, details: { room: 'x' } });
  });

  it('leaves errors that are not its own to others', () => {
    expect(translateMessagingError(new Error('boom'))).toBeUndefined();
    expect(translateMessagingError(undefined)).toBeUndefined();
  });
});
