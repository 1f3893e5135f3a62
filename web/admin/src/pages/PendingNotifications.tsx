/**
 * F12 "notify later": every matter with a published change its clients have not been told
 * about, the latest change first, with "Notify" for one and "Notify all" (100 matters a
 * call; the answer says whether more remain). The list is read again after each.
 */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { hrefTo } from '../../../shared/router';
import { Alert, useAction } from '../../../shared/ui/forms';
import { Table } from '../../../shared/ui/Table';
import { usePages } from '../../../shared/ui/usePages';
import { api, useT } from '../services';

type Pending = Schemas['PendingNotification'];

/** "1 Dec, 14:05" in the screen's language. */
function momentOf(at: string, lang: string) {
  return new Date(at).toLocaleString(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function PendingNotificationsPage() {
  const { t, lang } = useT();
  const list = usePages((cursor) => api.get('/matters/pending-notifications', { query: { cursor, limit: 50 } }), []);
  const [done, setDone] = useState<string[]>([]);
  const notify = useAction(async (entry: Pending) => {
    const result = await api.post('/matters/{matter_id}/notify', { path: { matter_id: entry.matter_id } });
    setDone([t(result.notified_client_ids.length ? 'pending.sent' : 'pending.sentNobody', { title: entry.title })]);
    list.reload();
  });
  const notifyAll = useAction(async () => {
    if (!confirm(t('pending.confirmAll'))) return;
    const result = await api.post('/matters/notify-pending', {});
    setDone([t('pending.sentAll', { matters: result.notified_matters, clients: result.notified_clients }), ...(result.more ? [t('pending.more')] : [])]);
    list.reload();
  });
  const busy = notify.busy || notifyAll.busy;
  const error = notify.error ?? notifyAll.error;
  return (
    <section aria-labelledby="pending-title">
      <h1 id="pending-title">{t('pending.title')}</h1>
      <p class="muted">{t('pending.intro')}</p>
      {done.map((line) => (
        <Alert key={line} kind="success">
          {line}
        </Alert>
      ))}
      {error != null && <Alert>{errorText(t, error)}</Alert>}
      {list.items.length > 0 && (
        <div class="row">
          <button type="button" class="button" disabled={busy} onClick={() => notifyAll.run()}>
            {t('pending.notifyAll')}
          </button>
        </div>
      )}
      <Table<Pending>
        pages={list}
        rowKey={(entry) => entry.matter_id}
        empty={t('pending.empty')}
        paging="more"
        columns={[
          {
            label: t('pending.matter'),
            cell: (entry) => (
              <>
                <a href={hrefTo('matters', entry.matter_id)}>{entry.title}</a>
                {entry.number && <span class="muted"> · {entry.number}</span>}
              </>
            ),
          },
          { label: t('pending.clients'), cell: (entry) => (entry.client_names.length ? entry.client_names.join(', ') : t('pending.nobody')) },
          { label: t('pending.changed'), cell: (entry) => momentOf(entry.changed_at, lang) },
          {
            label: t('pending.actions'),
            cell: (entry) => (
              <button type="button" class="button button--secondary" disabled={busy} onClick={() => notify.run(entry)}>
                {t('pending.notify')}
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}
