/**
 * F18-F19, `#/review`: what clients sent that nobody has accepted or rejected yet: how many per
 * client and per matter (each a link to its Documents tab), and the documents themselves, newest
 * first, to accept, reject with a reason, or download right here.
 */
import { useState } from 'preact/hooks';
import type { DocumentView } from '../../../shared/documents';
import { hrefTo } from '../../../shared/router';
import { usePages } from '../../../shared/ui/usePages';
import { lessOne, waitsForReview, type ReviewCount } from '../requests';
import { api, useT } from '../services';
import { DocumentsTable } from './Documents';

interface Counts {
  clients: ReviewCount[];
  matters: ReviewCount[];
}

export function ReviewQueuePage() {
  const { t } = useT();
  const [counts, setCounts] = useState<Counts>({ clients: [], matters: [] });
  // The counts come with every page; the first page's are the ones shown.
  const pages = usePages(
    (cursor) =>
      api.get('/documents/review-queue', { query: { cursor, limit: 25 } }).then((queue) => {
        if (cursor === null) setCounts({ clients: queue.clients, matters: queue.matters });
        return queue;
      }),
    [],
  );
  const names = Object.fromEntries(counts.clients.map((client) => [client.id, client.name]));
  const titles = Object.fromEntries(counts.matters.map((matter) => [matter.id, matter.name]));
  const reviewed = (before: DocumentView, after: DocumentView) => {
    if (!waitsForReview(before) || waitsForReview(after)) return;
    setCounts((current) => ({ clients: lessOne(current.clients, after.client_id), matters: lessOne(current.matters, after.matter_id) }));
  };
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t('review.title')}</h1>
      <p class="muted">{t('review.summary')}</p>
      {pages.loaded && (counts.clients.length > 0 || counts.matters.length > 0) && (
        <div class="columns">
          <CountList title={t('review.byClient')} counts={counts.clients} href={(id) => hrefTo('clients', id, 'documents')} />
          <CountList title={t('review.byMatter')} counts={counts.matters} href={(id) => hrefTo('matters', id, 'documents')} />
        </div>
      )}
      {pages.items.length > 0 && <h2>{t('review.newest')}</h2>}
      <DocumentsTable pages={pages} where="queue" empty={t('review.nothing')} names={names} matters={titles} onChanged={reviewed} />
    </section>
  );
}

function CountList(props: { title: string; counts: readonly ReviewCount[]; href: (id: string) => string }) {
  const { t } = useT();
  if (props.counts.length === 0) return null;
  return (
    <section class="card">
      <h2>{props.title}</h2>
      <ul class="plain-list counts">
        {props.counts.map((count) => (
          <li key={count.id}>
            <a href={props.href(count.id)}>{count.name}</a>
            <span class="badge badge--pending">{count.count === 1 ? t('review.countOne') : t('review.count', { count: count.count })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
