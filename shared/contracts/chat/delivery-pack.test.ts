import { PACK_MAX_BYTES, packDeliveries, unpackDeliveries } from './delivery-pack';

const asParts = (data: Uint8Array, seq: number) => ({ data, seq });

const frame = (seq: number, body = 'hi') => JSON.stringify({ type: 'message:new', payload: { seq, body } });
const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const text = (data: Uint8Array) => Buffer.from(data).toString();

describe('delivery packs', () => {
  it('round-trips frames and seqs in order, bodies with newlines and multi-byte text included', () => {
    const frames = [
      { seq: 7, frame: frame(7, 'line one\nline two') },
      { seq: 8, frame: frame(8, 'héllo 🙂') },
      { seq: 3, frame: frame(3) },
    ];
    const [pack, ...rest] = packDeliveries(frames);
    expect(rest).toEqual([]);
    expect(pack.seqs).toBe('7,8,3');
    const unpacked = unpackDeliveries(pack.seqs, bytes(pack.data), asParts);
    expect(unpacked.map((d) => d.seq)).toEqual([7, 8, 3]);
    expect(unpacked.map((d) => text(d.data))).toEqual(frames.map((f) => f.frame));
  });

  it('a single frame is a pack of one', () => {
    const [pack] = packDeliveries([{ seq: 1, frame: frame(1) }]);
    expect(unpackDeliveries(pack.seqs, bytes(pack.data), asParts).map((d) => text(d.data))).toEqual([frame(1)]);
  });

  it('splits a batch into packs under PACK_MAX_BYTES, losing nothing', () => {
    const big = 'x'.repeat(10_000);
    const frames = Array.from({ length: 100 }, (_, i) => ({ seq: i + 1, frame: frame(i + 1, big) }));
    const packs = packDeliveries(frames);
    expect(packs.length).toBeGreaterThan(1);
    for (const pack of packs) expect(Buffer.byteLength(pack.data)).toBeLessThanOrEqual(PACK_MAX_BYTES);
    const all = packs.flatMap((p) => unpackDeliveries(p.seqs, bytes(p.data), asParts));
    expect(all.map((d) => d.seq)).toEqual(frames.map((f) => f.seq));
    expect(all.map((d) => text(d.data))).toEqual(frames.map((f) => f.frame));
  });

  it('refuses packs whose frames and seqs do not match', () => {
    const two = `${frame(1)}\n${frame(2)}`;
    expect(() => unpackDeliveries('1', bytes(two), asParts)).toThrow(/malformed delivery pack/);
    expect(() => unpackDeliveries('1,2,3', bytes(two), asParts)).toThrow(/malformed delivery pack/);
    expect(() => unpackDeliveries('1,x', bytes(two), asParts)).toThrow(/malformed delivery pack/);
    expect(() => unpackDeliveries('1,2', bytes(`${frame(1)}\n`), asParts)).toThrow(/malformed delivery pack/);
    expect(() => unpackDeliveries('0', bytes(frame(1)), asParts)).toThrow(/malformed delivery pack/);
  });
});
