/** F09, F11: the firm's matters, newest first, filtered by client, status and "Public: yes/no". */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { hrefTo } from '../../../shared/router';
import { formatDate } from '../../../shared/timeline';
import { Select } from '../../../shared/ui/forms';
import { MatterStatus } from '../../../shared/ui/MatterStatus';
import { Empty, Failure, Loading } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import type { Picked } from '../matter-draft';
import { api, useT } from '../services';
import { ClientPicker } from './ClientPicker';

type Status = Schemas['MatterStatus'];
const PAGE_SIZE = 25;
const STATUSES: Status[] = ['active', 'suspended', 'closed', 'archived'];

export function MattersPage() {
  const { t, lang } = useT();
  const [client, setClient] = useState<Picked | null>(null);
  const [status, setStatus] = useState<Status | ''>('');
  const [visibility, setVisibility] = useState<'' | 'yes' | 'no'>('');
  // The cursors of the pages seen so far: the last one is the page on screen.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const filter = <T,>(set: (value: T) => void) => (value: T) => (set(value), setCursors([null]));
  const query = { client_id: client?.id ?? null, status: status || null, public: visibility === '' ? null : visibility === 'yes', cursor, limit: PAGE_SIZE };
  const { data: page, error, reload } = useLoad(() => api.get('/matters', { query }), [client?.id, status, visibility, cursor]);

  return (
    <section aria-labelledby="matters-title">
      <div class="page-head">
        <h1 id="matters-title">{t('matters.title')}</h1>
        <a class="button" href={hrefTo('matters', 'new')}>
          {t('matters.new')}
        </a>
      </div>
      <div class="filters card" role="search" aria-label={t('matters.filters')}>
        <ClientPicker label={t('matters.client')} value={client} onChange={filter((chosen) => setClient(chosen && { id: chosen.id, name: chosen.name }))} />
        <Select
          label={t('matter.status')}
          value={status}
          onValue={filter(setStatus)}
          options={[{ value: '', label: t('matters.any') }, ...STATUSES.map((s) => ({ value: s, label: t(`matterStatus.${s}`) }))]}
        />
        <Select
          label={t('matters.public')}
          value={visibility}
          onValue={filter(setVisibility)}
          options={[
            { value: '', label: t('matters.any') },
            { value: 'yes', label: t('common.yes') },
            { value: 'no', label: t('common.no') },
          ]}
        />
      </div>
      {error != null && <Failure error={error} retry={reload} />}
      {!page && error == null && <Loading />}
      {page &&
        (page.items.length === 0 ? (
          <Empty>{t('matters.none')}</Empty>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('matters.matter')}</th>
                <th scope="col">{t('matter.number')}</th>
                <th scope="col">{t('matter.status')}</th>
                <th scope="col">{t('matters.public')}</th>
                <th scope="col">{t('matter.lawyer')}</th>
                <th scope="col">{t('matters.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((matter) => (
                <tr key={matter.id}>
                  <td data-label={t('matters.matter')}>
                    <a href={hrefTo('matters', matter.id)}>{matter.title}</a>
                  </td>
                  <td data-label={t('matter.number')}>{matter.number ?? '—'}</td>
                  <td data-label={t('matter.status')}>
                    <MatterStatus status={matter.status} />
                  </td>
                  <td data-label={t('matters.public')}>{matter.public ? t('common.yes') : t('common.no')}</td>
                  <td data-label={t('matter.lawyer')}>{matter.responsible_lawyer_name ?? '—'}</td>
                  <td data-label={t('matters.updated')}>{formatDate(lang, matter.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {page && (
        <div class="row pager">
          {cursors.length > 1 && (
            <button type="button" class="button button--secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
              {t('clients.previous')}
            </button>
          )}
          {page.next_cursor && (
            <button type="button" class="button button--secondary" onClick={() => setCursors([...cursors, page.next_cursor ?? null])}>
              {t('clients.next')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
