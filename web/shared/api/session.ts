/**
 * Where the session's tokens live (docs/WEB.md, "Token storage"):
 * - account sessions: the access token in memory only; the refresh token in localStorage,
 *   so a reload or a new tab stays signed in. It rotates at every refresh; a Web Lock makes
 *   two tabs refresh one after the other, each with the token the other left.
 * - link and simulation sessions (read-only, no refresh token): the access token in
 *   sessionStorage, so it lives as long as the tab and never reaches another one.
 * The strict Content-Security-Policy of both apps is what keeps scripts away from them.
 */
import { ApiError } from './api-error';
import type { components } from './schema';

type TokenPair = components['schemas']['TokenPair'];

export type SessionMode = 'account' | 'link' | 'simulation';

interface Stored {
  mode: SessionMode;
  refresh_token?: string;
  access_token?: string;
  expires_at?: string;
}

/** Refresh a little before the access token expires, so a request never races its expiry. */
const EARLY_MS = 30_000;

export class Session {
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<string | null> | null = null;
  private readonly listeners = new Set<(reason: string | null) => void>();

  constructor(
    private readonly key: string,
    private readonly refresh: (refreshToken: string) => Promise<TokenPair>,
    private readonly local: Storage = localStorage,
    private readonly tab: Storage = sessionStorage,
  ) {
    const stored = this.stored();
    if (stored?.access_token && stored.expires_at) {
      this.access = { token: stored.access_token, expiresAt: Date.parse(stored.expires_at) };
    }
  }

  get mode(): SessionMode | null {
    return this.stored()?.mode ?? null;
  }

  get active(): boolean {
    return this.mode !== null;
  }

  get canRefresh(): boolean {
    return Boolean(this.stored()?.refresh_token);
  }

  start(pair: TokenPair, mode: SessionMode): void {
    this.forget();
    this.access = { token: pair.access_token, expiresAt: Date.parse(pair.expires_at) };
    if (mode === 'account' && pair.refresh_token) {
      this.local.setItem(this.key, JSON.stringify({ mode, refresh_token: pair.refresh_token } satisfies Stored));
    } else {
      this.tab.setItem(this.key, JSON.stringify({ mode, access_token: pair.access_token, expires_at: pair.expires_at } satisfies Stored));
    }
    this.emit(null);
  }

  /** A usable access token, refreshed when needed; null when the session cannot go on. */
  async accessToken({ force = false } = {}): Promise<string | null> {
    if (!force && this.access && this.access.expiresAt - EARLY_MS > Date.now()) return this.access.token;
    if (!this.canRefresh) {
      return this.access && this.access.expiresAt > Date.now() ? this.access.token : null;
    }
    this.refreshing ??= this.rotate().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async rotate(): Promise<string | null> {
    const run = async (): Promise<string | null> => {
      const refreshToken = this.stored()?.refresh_token; // read inside the lock: another tab may have rotated it
      if (!refreshToken) return null;
      try {
        const pair = await this.refresh(refreshToken);
        this.access = { token: pair.access_token, expiresAt: Date.parse(pair.expires_at) };
        if (pair.refresh_token) this.local.setItem(this.key, JSON.stringify({ mode: 'account', refresh_token: pair.refresh_token } satisfies Stored));
        return pair.access_token;
      } catch (error) {
        if (error instanceof ApiError && error.status === 0) throw error; // offline: keep the session for later
        if (error instanceof ApiError && error.code === 'rate_limited') throw error;
        return null;
      }
    };
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? locks.request(`refresh:${this.key}`, run) : run();
  }

  /** Forget the session (signed out, blocked, expired); returns the error to throw. */
  end(reason: string): ApiError {
    this.forget();
    this.emit(reason);
    return new ApiError(401, reason, reason);
  }

  /** Signed out on purpose. */
  clear(): void {
    const had = this.active;
    this.forget();
    if (had) this.emit(null);
  }

  private forget(): void {
    this.access = null;
    this.local.removeItem(this.key);
    this.tab.removeItem(this.key);
  }

  /** Called with the reason the session ended (null: it started or was ended on purpose). */
  subscribe(listener: (reason: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(reason: string | null): void {
    for (const listener of this.listeners) listener(reason);
  }

  private stored(): Stored | null {
    const raw = this.tab.getItem(this.key) ?? this.local.getItem(this.key);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as Stored;
    } catch {
      return null;
    }
  }
}
