/**
 * The firm's suppression list: addresses SES reported as bounced (they do not exist) or as
 * complaining (spam), newest first, which the portal no longer e-mails; admins lift one.
 * And the notice on a client's page for each of the client's addresses that is suppressed.
 */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { Alert, useAction } from '../../../shared/ui/forms';
import { Table } from '../../../shared/ui/Table';
import { useLoad } from '../../../shared/ui/useLoad';
import { usePages } from '../../../shared/ui/usePages';
import { api, useT } from '../services';

type Suppression = Schemas['Suppression'];

/** "1 Dec" in the screen's language. */
function dayOf(at: string, lang: string) {
  return new Date(at).toLocaleDateString(lang, { day: 'numeric', month: 'short' });
}

export function SuppressionsPage(props: { admin: boolean }) {
  const { t, lang } = useT();
  const list = usePages((cursor) => api.get('/suppressions', { query: { cursor, limit: 50 } }), []);
  const [lifted, setLifted] = useState<string | null>(null);
  const lift = useAction(async (address: string) => {
    if (!confirm(t('suppressions.confirmLift', { address }))) return;
    await api.post('/suppressions/lift', { body: { address } });
    setLifted(address);
    list.reload();
  });
  return (
    <section aria-labelledby="suppressions-title">
      <h1 id="suppressions-title">{t('suppressions.title')}</h1>
      <p class="muted">{t('suppressions.intro')}</p>
      {lifted && <Alert kind="success">{t('suppressions.lifted', { address: lifted })}</Alert>}
      {lift.error != null && <Alert>{errorText(t, lift.error)}</Alert>}
      <Table<Suppression>
        pages={list}
        rowKey={(entry) => entry.address}
        empty={t('suppressions.empty')}
        paging="more"
        columns={[
          { label: t('suppressions.address'), cell: (entry) => entry.address },
          { label: t('suppressions.reason'), cell: (entry) => t(`suppressions.reason.${entry.reason}`) },
          { label: t('suppressions.when'), cell: (entry) => dayOf(entry.at, lang) },
          props.admin && {
            label: t('suppressions.lift'),
            cell: (entry) => (
              <button type="button" class="button button--secondary" disabled={lift.busy} onClick={() => lift.run(entry.address)}>
                {t('suppressions.lift')}
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}

/** On the client's page: one notice per address of theirs the portal no longer e-mails. */
export function ClientSuppressions(props: { clientId: string }) {
  const { t, lang } = useT();
  const { data } = useLoad(() => api.get('/clients/{client_id}/suppressions', { path: { client_id: props.clientId } }), [props.clientId]);
  if (!data || data.items.length === 0) return null;
  return (
    <>
      {data.items.map((entry) => (
        <Alert key={entry.address} kind="info">
          {t('suppressions.notice', {
            address: entry.address,
            reason: t(`suppressions.reason.${entry.reason}`),
            event: t(`suppressions.event.${entry.reason}`),
            date: dayOf(entry.at, lang),
          })}
        </Alert>
      ))}
    </>
  );
}
