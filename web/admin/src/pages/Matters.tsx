/** F09, F11: the firm's matters, newest first, filtered by client, status and "Public: yes/no". */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { hrefTo } from '../../../shared/router';
import { formatDate } from '../../../shared/timeline';
import { Select } from '../../../shared/ui/forms';
import { MatterStatus } from '../../../shared/ui/MatterStatus';
import { usePages } from '../../../shared/ui/usePages';
import type { Picked } from '../matter-draft';
import { api, useT } from '../services';
import { Table } from '../../../shared/ui/Table';
import { ClientPicker } from './ClientPicker';

type Status = Schemas['MatterStatus'];
type Matter = Schemas['MatterSummary'];
const PAGE_SIZE = 25;
const STATUSES: Status[] = ['active', 'suspended', 'closed', 'archived'];

export function MattersPage() {
  const { t, lang } = useT();
  const [client, setClient] = useState<Picked | null>(null);
  const [status, setStatus] = useState<Status | ''>('');
  const [visibility, setVisibility] = useState<'' | 'yes' | 'no'>('');
  const matters = usePages(
    (cursor) =>
      api.get('/matters', {
        query: { client_id: client?.id ?? null, status: status || null, public: visibility === '' ? null : visibility === 'yes', cursor, limit: PAGE_SIZE },
      }),
    [client?.id, status, visibility],
  );

  return (
    <section aria-labelledby="matters-title">
      <div class="page-head">
        <h1 id="matters-title">{t('matters.title')}</h1>
        <a class="button" href={hrefTo('matters', 'new')}>
          {t('matters.new')}
        </a>
      </div>
      <div class="filters card" role="search" aria-label={t('matters.filters')}>
        <ClientPicker label={t('matters.client')} value={client} onChange={(chosen) => setClient(chosen && { id: chosen.id, name: chosen.name })} />
        <Select
          label={t('matter.status')}
          value={status}
          onValue={setStatus}
          options={[{ value: '', label: t('matters.any') }, ...STATUSES.map((s) => ({ value: s, label: t(`matterStatus.${s}`) }))]}
        />
        <Select
          label={t('matters.public')}
          value={visibility}
          onValue={setVisibility}
          options={[
            { value: '', label: t('matters.any') },
            { value: 'yes', label: t('common.yes') },
            { value: 'no', label: t('common.no') },
          ]}
        />
      </div>
      <Table<Matter>
        pages={matters}
        paging="pages"
        rowKey={(matter) => matter.id}
        empty={t('matters.none')}
        columns={[
          { label: t('matters.matter'), cell: (matter) => <a href={hrefTo('matters', matter.id)}>{matter.title}</a> },
          { label: t('matter.number'), cell: (matter) => matter.number ?? '—' },
          { label: t('matter.status'), cell: (matter) => <MatterStatus status={matter.status} /> },
          { label: t('matters.public'), cell: (matter) => (matter.public ? t('common.yes') : t('common.no')) },
          { label: t('matter.lawyer'), cell: (matter) => matter.responsible_lawyer_name ?? '—' },
          { label: t('matters.updated'), cell: (matter) => formatDate(lang, matter.updated_at) },
        ]}
      />
    </section>
  );
}
