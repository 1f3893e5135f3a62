/**
 * Hash routing: `#/invite/<token>` and the like. The fragment never reaches a server nor a
 * Referer header, which is why the e-mailed links carry their tokens there.
 */
import { useEffect, useState } from 'preact/hooks';

/** `#/clients/abc?q=x` → ['clients', 'abc'] (the query part is ignored). */
export function parseHash(hash: string): string[] {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return path
    .split('/')
    .filter(Boolean)
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
}

export function hrefTo(...parts: string[]): string {
  return '#/' + parts.map(encodeURIComponent).join('/');
}

export function navigate(...parts: string[]): void {
  location.hash = hrefTo(...parts);
}

/** Leave a page whose address holds a secret, without keeping the secret in history. */
export function replaceWith(...parts: string[]): void {
  history.replaceState(null, '', location.pathname + location.search + hrefTo(...parts));
  dispatchEvent(new HashChangeEvent('hashchange'));
}

export function useRoute(): string[] {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
