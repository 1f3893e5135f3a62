/** The client directory: search by name or e-mail prefix, a page at a time, with access badges. */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { hrefTo } from '../../../shared/router';
import { onSubmit } from '../../../shared/ui/forms';
import { usePages } from '../../../shared/ui/usePages';
import { api, useT } from '../services';
import { Table } from '../../../shared/ui/Table';
import { AccessBadge } from './AccessBadge';

type Client = Schemas['Client'];
const PAGE_SIZE = 25;

export function ClientsPage() {
  const { t } = useT();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const clients = usePages((cursor) => api.get('/clients', { query: { q: query || null, cursor, limit: PAGE_SIZE } }), [query]);

  return (
    <section aria-labelledby="clients-title">
      <div class="page-head">
        <h1 id="clients-title">{t('clients.title')}</h1>
        <a class="button" href={hrefTo('clients', 'new')}>
          {t('clients.new')}
        </a>
      </div>
      <form class="search" role="search" onSubmit={onSubmit(() => setQuery(draft.trim()))}>
        <label for="client-search" class="visually-hidden">
          {t('clients.search')}
        </label>
        <input id="client-search" type="search" placeholder={t('clients.search')} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="submit" class="button button--secondary">
          {t('clients.searchButton')}
        </button>
      </form>
      <Table<Client>
        pages={clients}
        paging="pages"
        rowKey={(client) => client.id}
        empty={t('clients.none')}
        columns={[
          { label: t('clients.name'), cell: (client) => <a href={hrefTo('clients', client.id)}>{client.name}</a> },
          { label: t('clients.emails'), cell: (client) => (client.emails ?? []).join(', ') },
          { label: t('clients.access'), cell: (client) => <AccessBadge status={client.access?.status ?? null} /> },
        ]}
      />
    </section>
  );
}
