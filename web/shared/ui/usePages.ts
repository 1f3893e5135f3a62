import { useEffect, useRef, useState } from 'preact/hooks';

interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/**
 * A list read a page at a time ("load more"), restarted when `deps` change. Answers to a
 * request made before the restart are dropped, so they cannot mix two lists.
 */
export function usePages<T>(load: (cursor: string | null) => Promise<Page<T>>, deps: unknown[]) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const last = useRef<string | null>(null);

  const fetchPage = (cursor: string | null) => {
    last.current = cursor;
    const mine = cursor === null ? ++generation.current : generation.current;
    setBusy(true);
    setError(null);
    load(cursor)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((seen) => (cursor === null ? page.items : [...seen, ...page.items]));
        setNext(page.next_cursor ?? null);
        setLoaded(true);
      })
      .catch((failed: unknown) => mine === generation.current && setError(failed))
      .finally(() => mine === generation.current && setBusy(false));
  };
  useEffect(() => fetchPage(null), deps);

  return {
    items,
    next,
    loaded,
    busy,
    error,
    more: () => next !== null && fetchPage(next),
    reload: () => fetchPage(null),
    /** After a failure: the page that failed, again. */
    retry: () => fetchPage(last.current),
    /** Change the list in place (an item edited or removed here). */
    setItems,
  };
}
