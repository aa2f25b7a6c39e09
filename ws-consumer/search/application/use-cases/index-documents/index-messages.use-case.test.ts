import 'reflect-metadata';
import type { MessageDocument } from '../../../domain/search-documents';
import { MARK_START } from '../../../domain/search-query';
import { createInMemorySearchContainer } from '../../../adapters/outbound/memory/in-memory-search.container';
import { IndexMessagesUseCase, MessagesNotYetStored } from './index-messages.use-case';

const doc = (seq: number, body: string): MessageDocument => ({ messageId: `00000000-0000-8000-8000-${String(seq).padStart(12, '0')}`, room: 'lobby', seq, senderId: '1', body, createdAt: new Date(0), visibility: 'public' });

describe('IndexMessagesUseCase', () => {
  it('indexes the stored messages of a batch as chat stored them', async () => {
    const { container, index, records } = createInMemorySearchContainer();
    records.store('1:a', doc(1, 'hello world'));
    records.store('1:b', doc(2, 'hello again'));
    const outcome = await container.resolve(IndexMessagesUseCase).run([{ key: '1:a', streamSeq: 1 }, { key: '1:b', streamSeq: 2 }, { key: '1:a', streamSeq: 3 }]);
    expect(outcome).toEqual({ indexed: 2, neverStored: 0 });
    expect(await index.count('messages')).toBe(2);
  });

  it('waits for chat before giving up on a message: not handled yet is a retry, handled but not stored is skipped', async () => {
    const { container, index, records } = createInMemorySearchContainer();
    records.store('1:a', doc(1, 'hello'));
    const useCase = container.resolve(IndexMessagesUseCase);
    const batch = [{ key: '1:a', streamSeq: 1 }, { key: '1:refused', streamSeq: 2 }];
    records.handled = 1;
    await expect(useCase.run(batch)).rejects.toBeInstanceOf(MessagesNotYetStored);
    expect(await index.count('messages')).toBe(0);
    records.handled = 2;
    expect(await useCase.run(batch)).toEqual({ indexed: 1, neverStored: 1 });
  });

  it('takes the highlight marks out of a body, so a message cannot fake a highlight', async () => {
    const { container, index, records } = createInMemorySearchContainer();
    records.store('1:a', doc(1, `look ${MARK_START}here`));
    await container.resolve(IndexMessagesUseCase).run([{ key: '1:a', streamSeq: 1 }]);
    const [hit] = (await index.searchMessages({ text: 'look', access: { memberOf: [] }, limit: 1 })).items;
    expect(hit.body).toBe('look  here');
  });
});
