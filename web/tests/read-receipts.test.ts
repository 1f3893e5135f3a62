import { describe, expect, it } from 'vitest';
import { ReadReceipts } from '../portal/src/read-receipts';

const flush = () => new Promise((done) => setTimeout(done, 0));

describe('ReadReceipts (B2)', () => {
  it('tells the firm once per update, per client', () => {
    const sent: string[] = [];
    const receipts = new ReadReceipts((matter, update) => (sent.push(`${matter}/${update}`), Promise.resolve()));
    const maria = { id: 'c1' };
    receipts.seen(maria, 'm1', 'u1');
    receipts.seen(maria, 'm1', 'u1');
    receipts.seen(maria, 'm1', 'u2');
    receipts.seen({ id: 'c2' }, 'm1', 'u1'); // another client signed in on the same tab
    expect(sent).toEqual(['m1/u1', 'm1/u2', 'm1/u1']);
  });

  it('records nothing while staff simulate the client', () => {
    const sent: string[] = [];
    const receipts = new ReadReceipts((matter, update) => (sent.push(`${matter}/${update}`), Promise.resolve()));
    receipts.seen({ id: 'c1', simulated_by: 's1' }, 'm1', 'u1');
    expect(sent).toEqual([]);
  });

  it('says it again the next time the update is shown when the first attempt failed', async () => {
    let attempts = 0;
    const receipts = new ReadReceipts(() => (++attempts === 1 ? Promise.reject(new Error('offline')) : Promise.resolve()));
    receipts.seen({ id: 'c1' }, 'm1', 'u1');
    await flush();
    receipts.seen({ id: 'c1' }, 'm1', 'u1');
    await flush();
    receipts.seen({ id: 'c1' }, 'm1', 'u1');
    expect(attempts).toBe(2);
  });
});
