/**
 * The portal a client adds to her phone's home screen carries her firm's name and colour: the
 * page's manifest is the firm's own (`GET /portals/{slug}/manifest.webmanifest`, through the
 * page's /api); without a firm in the address, the static one stays.
 */
export function manifestHref(slug: string | null): string | null {
  return slug ? `./api/portals/${encodeURIComponent(slug)}/manifest.webmanifest` : null;
}

export function linkManifest(slug: string | null, doc: Document = document): void {
  const href = manifestHref(slug);
  const link = doc.querySelector<HTMLLinkElement>('link[rel="manifest"]');
  if (href && link) link.setAttribute('href', href);
}

/** The browser's bar in the firm's colour, as the manifest says for the installed app. */
export function themeColour(colour: string, doc: Document = document): void {
  if (!/^#[0-9a-f]{6}$/i.test(colour)) return;
  doc.querySelector('meta[name="theme-color"]')?.setAttribute('content', colour);
}
