/**
 * Which firm's portal this page is: `/p/<slug>/` locally, `https://<slug>.<portal domain>/`
 * in production.
 */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;

export function firmSlug(pathname: string, hostname: string): string | null {
  const fromPath = /^\/p\/([^/]+)/.exec(pathname)?.[1]?.toLowerCase();
  if (fromPath) return SLUG.test(fromPath) ? fromPath : null;
  if (!hostname.includes('.') || /^[\d.]+$/.test(hostname)) return null; // localhost, an IP address
  const label = hostname.split('.')[0].toLowerCase();
  return SLUG.test(label) ? label : null;
}
