import { useEffect, useState } from 'preact/hooks';

/**
 * Loads data for a screen and reloads it when `deps` change. A response that arrives after a
 * newer request started is dropped, so a slow first page cannot overwrite a search result.
 * `data` is undefined until the first load ends; it keeps its last value while reloading.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setError(null);
    load().then(
      (loaded) => current && setData(() => loaded),
      (failed) => current && setError(failed),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return { data, error, setData: (value: T) => setData(() => value), reload: () => setRound((r) => r + 1) };
}
