// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { usePages } from '../shared/ui/usePages';

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
      pages = usePages((cursor) => Promise.resolve(data[`${props.list}:${cursor ?? ''}`]!), [props.list]);
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
        (cursor) => (props.list === 'old' && cursor === 'p2' ? new Promise((done) => (release = done)) : Promise.resolve({ items: [props.list], next_cursor: 'p2' })),
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
});
