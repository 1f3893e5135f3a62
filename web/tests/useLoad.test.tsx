// @vitest-environment jsdom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { useLoad } from '../shared/ui/useLoad';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('useLoad', () => {
  it('drops a response that arrives after a newer request started', async () => {
    const requests: Record<string, ReturnType<typeof deferred<string>>> = { all: deferred(), search: deferred() };
    const Probe = (props: { query: 'all' | 'search' }) => {
      const { data } = useLoad(() => requests[props.query].promise, [props.query]);
      return <p>{data ?? 'loading'}</p>;
    };
    const root = document.createElement('div');
    await act(() => render(<Probe query="all" />, root));
    await act(() => render(<Probe query="search" />, root));
    // Each answer arrives, and the screen is given the time to show it.
    await act(async () => {
      requests.search.resolve('search results');
      await requests.search.promise;
    });
    await act(async () => {
      requests.all.resolve('every client');
      await requests.all.promise;
    });
    expect(root.textContent).toBe('search results');
  });
});
