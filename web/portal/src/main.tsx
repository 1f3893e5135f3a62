import '../../shared/ui/base.css';
import './portal.css';
import { render } from 'preact';
import { parseHash, replaceWith } from '../../shared/router';
import { App } from './App';
import { linkManifest } from './manifest';
import { session, slug } from './services';

// Staff "simulate client" opens `#/simulate/<token>/<expires_at>`: keep the read-only token
// for this tab only, and take it out of the address bar and history at once.
const [first, token, expiresAt] = parseHash(location.hash);
if (first === 'simulate' && token) {
  const fallback = new Date(Date.now() + 30 * 60_000).toISOString();
  session.start({ access_token: token, expires_at: expiresAt ?? fallback, refresh_token: null, token_type: 'Bearer' }, 'simulation');
  replaceWith();
}

linkManifest(slug);

render(<App />, document.getElementById('app')!);

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  addEventListener('load', () => void navigator.serviceWorker.register('./sw.js'));
}
