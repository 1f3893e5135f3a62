/** The client directory: search by name or e-mail prefix, a page at a time, with access badges. */
import { useState } from 'preact/hooks';
import { hrefTo } from '../../../shared/router';
import { onSubmit } from '../../../shared/ui/forms';
import { Empty, Failure, Loading } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import { api, useT } from '../services';
import { AccessBadge } from './AccessBadge';

const PAGE_SIZE = 25;

export function ClientsPage() {
  const { t } = useT();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  // The cursors of the pages seen so far: the last one is the page on screen.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const { data: page, error, reload } = useLoad(() => api.get('/clients', { query: { q: query || null, cursor, limit: PAGE_SIZE } }), [query, cursor]);

  return (
    <section aria-labelledby="clients-title">
      <div class="page-head">
        <h1 id="clients-title">{t('clients.title')}</h1>
        <a class="button" href={hrefTo('clients', 'new')}>
          {t('clients.new')}
        </a>
      </div>
      <form
        class="search"
        role="search"
        onSubmit={onSubmit(() => {
          setQuery(draft.trim());
          setCursors([null]);
        })}
      >
        <label for="client-search" class="visually-hidden">
          {t('clients.search')}
        </label>
        <input id="client-search" type="search" placeholder={t('clients.search')} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="submit" class="button button--secondary">
          {t('clients.searchButton')}
        </button>
      </form>
      {error != null && <Failure error={error} retry={reload} />}
      {!page && error == null && <Loading />}
      {page && (
        <>
          {page.items.length === 0 ? (
            <Empty>{t('clients.none')}</Empty>
          ) : (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('clients.name')}</th>
                  <th scope="col">{t('clients.emails')}</th>
                  <th scope="col">{t('clients.access')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((client) => (
                  <tr key={client.id}>
                    <td data-label={t('clients.name')}>
                      <a href={hrefTo('clients', client.id)}>{client.name}</a>
                    </td>
                    <td data-label={t('clients.emails')}>{(client.emails ?? []).join(', ')}</td>
                    <td data-label={t('clients.access')}>
                      <AccessBadge status={client.access?.status ?? null} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
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
        </>
      )}
    </section>
  );
}
