// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { useAllPages, usePages } from '../shared/ui/usePages';

type Pages = ReturnType<typeof usePages<string>>;

/** Does `fn` (effects run as it ends), then lets the answers it asked for arrive. */
async function step(fn: () => void) {
  await act(fn);
  await act(() => new Promise<void>((done) => setTimeout(done, 0)));
}

describe('usePages', () => {
  it('adds each further page to the list, and starts again when what it lists changes', async () => {
    const data: Record<string, { items: string[]; next_cursor: string | null }> = {
      'a:': { items: ['a1', 'a2'], next_cursor: 'p2' },
      'a:p2': { items: ['a3'], next_cursor: null },
      'b:': { items: ['b1'], next_cursor: null },
    };
    let pages!: Pages;
    const Probe = (props: { list: string }) => {
      pages = usePages((cursor) => Promise.resolve(data[`${props.list}:${cursor ?? ''}`]), [props.list]);
      return null;
    };
    const root = document.createElement('div');
    await step(() => render(<Probe list="a" />, root));
    expect(pages.items).toEqual(['a1', 'a2']);
    await step(() => void pages.more());
    expect(pages.items).toEqual(['a1', 'a2', 'a3']);
    expect(pages.next).toBeNull();
    await step(() => render(<Probe list="b" />, root));
    expect(pages.items).toEqual(['b1']);
  });

  it('drops a page asked for before the list started again', async () => {
    let release!: (page: { items: string[] }) => void;
    let pages!: Pages;
    const Probe = (props: { list: string }) => {
      pages = usePages(
        (cursor) =>
          props.list === 'old' && cursor === 'p2' ? new Promise((done) => (release = done)) : Promise.resolve({ items: [props.list], next_cursor: 'p2' }),
        [props.list],
      );
      return null;
    };
    const root = document.createElement('div');
    await step(() => render(<Probe list="old" />, root));
    await step(() => void pages.more());
    await step(() => render(<Probe list="new" />, root));
    await step(() => release({ items: ['old page 2'] }));
    expect(pages.items).toEqual(['new']);
  });

  it('pages forward and back by cursor, one page on screen at a time', async () => {
    const data: Record<string, { items: string[]; next_cursor: string | null }> = {
      '': { items: ['a', 'b'], next_cursor: 'p2' },
      p2: { items: ['c', 'd'], next_cursor: 'p3' },
      p3: { items: ['e'], next_cursor: null },
    };
    const asked: (string | null)[] = [];
    let pages!: Pages;
    const Probe = () => {
      pages = usePages((cursor) => (asked.push(cursor), Promise.resolve(data[cursor ?? ''])), []);
      return null;
    };
    await step(() => render(<Probe />, document.createElement('div')));
    expect([pages.items, pages.hasPrevious]).toEqual([['a', 'b'], false]);
    await step(() => pages.forward());
    await step(() => pages.forward());
    expect([pages.items, pages.next, pages.hasPrevious]).toEqual([['e'], null, true]);
    await step(() => pages.back());
    expect([pages.items, pages.next]).toEqual([['c', 'd'], 'p3']);
    // After a change made on this page, it reads this page again, not the first.
    await step(() => pages.reload());
    expect(asked).toEqual([null, 'p2', 'p3', 'p2', 'p2']);
    await step(() => pages.back());
    expect([pages.items, pages.hasPrevious]).toEqual([['a', 'b'], false]);
  });

  it('keeps what it has when a further page fails, and retries that page', async () => {
    let fail = true;
    let pages!: Pages;
    const Probe = () => {
      pages = usePages(
        (cursor) =>
          cursor === 'p2' && fail ? Promise.reject(new Error('offline')) : Promise.resolve({ items: [cursor ?? 'first'], next_cursor: cursor ? null : 'p2' }),
        [],
      );
      return null;
    };
    await step(() => render(<Probe />, document.createElement('div')));
    await step(() => pages.more());
    expect([pages.items, pages.error instanceof Error]).toEqual([['first'], true]);
    fail = false;
    await step(() => pages.retry());
    expect([pages.items, pages.error]).toEqual([['first', 'p2'], null]);
  });

  it('reads every page when every one is wanted (useAllPages)', async () => {
    let pages!: Pages;
    const Probe = () => {
      pages = useAllPages((cursor) => Promise.resolve({ items: [cursor ?? '0'], next_cursor: cursor === '2' ? null : String(Number(cursor ?? 0) + 1) }), []);
      return null;
    };
    await step(() => render(<Probe />, document.createElement('div')));
    await step(() => undefined);
    await step(() => undefined);
    expect([pages.items, pages.next]).toEqual([['0', '1', '2'], null]);
  });
});
