import { useEffect, useRef, useState } from 'preact/hooks';

interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export interface Pages<T> {
  /** What is on screen: every page read so far ("more"), or the one page shown (next/previous). */
  items: T[];
  /** The cursor of the page after these; null at the end. */
  next: string | null;
  hasPrevious: boolean;
  /** The first answer for this list has come (items may still be empty). */
  loaded: boolean;
  busy: boolean;
  error: unknown;
  /** Adds the next page below these ("load more"). */
  more: () => void;
  /** Shows the next page instead of this one. */
  forward: () => void;
  /** Shows the page before this one again. */
  back: () => void;
  /** Reads again the page the list starts at now (after a change made here). */
  reload: () => void;
  /** After a failure: the page that failed, again. */
  retry: () => void;
  /** Changes the list in place (an item edited or removed here). */
  setItems: (change: (items: T[]) => T[]) => void;
}

/**
 * The one way a list is read from the API, a page (cursor) at a time, restarted when `deps`
 * change. It serves "load more" lists (`more`) and lists paged forward and back (`forward`,
 * `back`: the cursors seen are kept to go back). An answer to a request made before the list
 * changed (new deps, another page shown) is dropped, so two lists or two pages never mix.
 */
export function usePages<T>(load: (cursor: string | null) => Promise<Page<T>>, deps: unknown[]): Pages<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  // The cursors of the pages shown one after the other; the last is the page on screen.
  const [shown, setShown] = useState<(string | null)[]>([null]);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const failed = useRef<{ cursor: string | null; append: boolean }>({ cursor: null, append: false });

  const fetchPage = (cursor: string | null, append: boolean) => {
    failed.current = { cursor, append };
    // A page in place of the list starts a new generation; a page added below belongs to it.
    const mine = append ? generation.current : ++generation.current;
    setBusy(true);
    setError(null);
    load(cursor)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((seen) => (append ? [...seen, ...page.items] : page.items));
        setNext(page.next_cursor ?? null);
        setLoaded(true);
      })
      .catch((caught: unknown) => mine === generation.current && setError(caught))
      .finally(() => mine === generation.current && setBusy(false));
  };

  useEffect(() => {
    setShown([null]);
    setLoaded(false);
    fetchPage(null, false);
  }, deps);

  return {
    items,
    next,
    hasPrevious: shown.length > 1,
    loaded,
    busy,
    error,
    more: () => {
      if (next !== null) fetchPage(next, true);
    },
    forward: () => {
      if (next === null) return;
      setShown([...shown, next]);
      fetchPage(next, false);
    },
    back: () => {
      if (shown.length < 2) return;
      const before = shown.slice(0, -1);
      setShown(before);
      fetchPage(before[before.length - 1] ?? null, false);
    },
    reload: () => fetchPage(shown[shown.length - 1] ?? null, false),
    retry: () => fetchPage(failed.current.cursor, failed.current.append),
    setItems,
  };
}

/** Every page of a list, read one after the other (a lookup, e.g. the staff's names by id). */
export function useAllPages<T>(load: (cursor: string | null) => Promise<Page<T>>, deps: unknown[]): Pages<T> {
  const pages = usePages(load, deps);
  useEffect(() => {
    if (pages.loaded && pages.next !== null && !pages.busy && pages.error == null) pages.more();
  }, [pages.loaded, pages.next, pages.busy, pages.error]);
  return pages;
}

/**
 * A list that comes whole with something else (a request's files, in the request): the shape
 * `usePages` gives, so the same `Table` shows it. `reload` reads that something again.
 */
export function listOf<T>(items: T[], reload: () => void, setItems: (change: (items: T[]) => T[]) => void = () => undefined): Pages<T> {
  const nothing = () => undefined;
  return {
    items,
    next: null,
    hasPrevious: false,
    loaded: true,
    busy: false,
    error: null,
    more: nothing,
    forward: nothing,
    back: nothing,
    reload,
    retry: reload,
    setItems,
  };
}
