import { DomainError } from '../domain/domain-error';
import { PublicError } from './error-kind';
import { combineTranslators, errorTable } from './error-table';

class ShopError extends DomainError<'SHOP.CLOSED' | 'ITEM.GONE'> {}
class OtherError extends DomainError<'OTHER.THING'> {}

const shop = errorTable(ShopError, { 'SHOP.CLOSED': 'unavailable', 'ITEM.GONE': 'not_found' });
const other = errorTable(OtherError, { 'OTHER.THING': 'conflict' });

describe('errorTable', () => {
  it('maps each code to its kind, keeping the message, the dotted code and the details', () => {
    expect(shop(new ShopError('ITEM.GONE', 'sold out', { item: 7 }))).toEqual(new PublicError('not_found', 'sold out', 'ITEM.GONE', { item: 7 }));
    expect(shop(new ShopError('SHOP.CLOSED', 'closed'))).toMatchObject({ kind: 'unavailable', reason: 'SHOP.CLOSED' });
  });

  it('leaves errors that are not its own class to others', () => {
    expect(shop(new OtherError('OTHER.THING', 'x'))).toBeUndefined();
    expect(shop(new Error('boom'))).toBeUndefined();
    expect(shop(undefined)).toBeUndefined();
  });

  it('combined, the first table that knows the error answers', () => {
    const both = combineTranslators(shop, other);
    expect(both(new OtherError('OTHER.THING', 'x'))).toMatchObject({ kind: 'conflict' });
    expect(both(new ShopError('SHOP.CLOSED', 'y'))).toMatchObject({ kind: 'unavailable' });
    expect(both(new Error('z'))).toBeUndefined();
  });
});
