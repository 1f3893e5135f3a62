/**
 * A6, F22: what the client has not read yet, for the badges of every screen (the home's feed,
 * the case list, the navigation). One store for the tab: the feed's pages, "mark all as read"
 * and each update she opens put the counts here, and every badge shows them without a reload.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../shared/api/client';
import type { Lang, Translate } from '../../shared/i18n';
import type { Key } from './messages';
import { ReadReceipts } from './read-receipts';
import { api, session } from './services';

export type UnreadCounts = Schemas['UnreadCounts'];

export class UnreadStore {
  private counts: UnreadCounts | null = null;
  private readonly listeners = new Set<(counts: UnreadCounts | null) => void>();
  private reading: Promise<void> | null = null;
  private again = false;

  constructor(private readonly read: () => Promise<UnreadCounts>) {}

  get current(): UnreadCounts | null {
    return this.counts;
  }

  set(counts: UnreadCounts): void {
    this.counts = counts;
    for (const listener of this.listeners) listener(counts);
  }

  /** Reads the counts again; asked while a read is on its way, reads once more after it. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.read()
      .then(
        (counts) => this.set(counts),
        () => undefined, // offline, say: the badges keep what they showed
      )
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          void this.refresh();
        }
      });
    return this.reading;
  }

  subscribe(listener: (counts: UnreadCounts | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the counts (someone else signs in on this tab). */
  clear(): void {
    this.counts = null;
    for (const listener of this.listeners) listener(null);
  }
}

export const unread = new UnreadStore(() => api.get('/portal/feed/unread'));

/** The one set of read receipts of the tab (B2): opening an update reads its feed entry too, so the counts drop. */
export const receipts = new ReadReceipts((matter_id, update_id) =>
  api.post('/portal/matters/{matter_id}/timeline/{update_id}/read', { path: { matter_id, update_id } }).then(() => unread.refresh()),
);

/** The counts as they change; `load` reads them when the screen first shows. */
export function useUnread(load = true, store: UnreadStore = unread): UnreadCounts | null {
  const [counts, setCounts] = useState(store.current);
  useEffect(() => {
    const stop = store.subscribe(setCounts);
    if (load) void store.refresh();
    return stop;
  }, [store, load]);
  return counts;
}

export function unreadOf(counts: UnreadCounts | null, matterId: string): number {
  return counts?.matters.find((matter) => matter.matter_id === matterId)?.unread ?? 0;
}

/** "1 atualização não lida", "3 atualizações não lidas". */
export function unreadLabel(t: Translate<Key>, lang: Lang, count: number): string {
  const form = new Intl.PluralRules(lang).select(count) === 'one' ? 'one' : 'other';
  return t(`unread.${form}`, { count });
}

/** A count as a badge: a number people see, the words screen readers say. */
export function UnreadBadge(props: { count: number; t: Translate<Key>; lang: Lang }) {
  if (props.count <= 0) return null;
  return (
    <span class="unread-badge" role="img" aria-label={unreadLabel(props.t, props.lang, props.count)}>
      {props.count > 99 ? '99+' : props.count}
    </span>
  );
}

// Signed out (or the session ended): the next person on this tab starts with no counts.
session.subscribe(() => {
  if (!session.active) unread.clear();
});
