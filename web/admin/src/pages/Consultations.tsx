/**
 * F20, as Astrea's "Atendimentos" users know it: every consultation, newest first, a page at a
 * time, with a star to mark the important ones and filters (important, client, staff member,
 * dates, linked to a matter or not) and a search on the subject's words. The same table lists a
 * client's and a matter's consultations on their pages.
 */
import { useState } from 'preact/hooks';
import { errorText } from '../../../shared/errors';
import { relativeTime } from '../../../shared/relative-time';
import { hrefTo } from '../../../shared/router';
import { formatDate } from '../../../shared/timeline';
import { Alert, Checkbox, Field, onSubmit, Select, useAction } from '../../../shared/ui/forms';
import { Table } from '../../../shared/ui/Table';
import { usePages, type Pages } from '../../../shared/ui/usePages';
import { filtered, listKey, listQuery, NO_FILTERS, replaced, withWhom, type Consultation, type Filters } from '../consultations';
import { api, useT } from '../services';
import { useStaffDirectory } from '../staff-directory';
import { ClientPicker } from './ClientPicker';

const PAGE_SIZE = 25;

export function ConsultationsPage() {
  const { t } = useT();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [draft, setDraft] = useState('');
  const { staff } = useStaffDirectory();
  const set =
    <K extends keyof Filters>(key: K) =>
    (value: Filters[K]) =>
      setFilters((current) => ({ ...current, [key]: value }));
  const pages = usePages((cursor) => api.get('/consultations', { query: listQuery(filters, cursor, PAGE_SIZE) }), [listKey(filters)]);

  return (
    <section aria-labelledby="consultations-title">
      <div class="page-head">
        <h1 id="consultations-title">{t('consultations.title')}</h1>
        <a class="button" href={hrefTo('consultations', 'new')}>
          {t('consultations.new')}
        </a>
      </div>
      <form class="search" role="search" onSubmit={onSubmit(() => set('q')(draft))}>
        <label for="consultation-search" class="visually-hidden">
          {t('consultations.search')}
        </label>
        <input id="consultation-search" type="search" placeholder={t('consultations.search')} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="submit" class="button button--secondary">
          {t('consultations.searchButton')}
        </button>
      </form>
      <div class="filters card" role="group" aria-label={t('consultations.filters')}>
        <Checkbox label={t('consultations.onlyImportant')} checked={filters.important} onChange={set('important')} />
        <ClientPicker
          label={t('consultations.client')}
          value={filters.client}
          onChange={(chosen) => set('client')(chosen && { id: chosen.id, name: chosen.name })}
        />
        <Select
          label={t('consultations.staff')}
          value={filters.staffId}
          onValue={set('staffId')}
          options={[{ value: '', label: t('consultations.anyone') }, ...staff.map((member) => ({ value: member.id, label: member.name }))]}
        />
        <Select
          label={t('consultations.matter')}
          value={filters.matter}
          onValue={set('matter')}
          options={[
            { value: '', label: t('consultations.any') },
            { value: 'linked', label: t('consultations.linked') },
            { value: 'unlinked', label: t('consultations.unlinked') },
          ]}
        />
        <Field label={t('consultations.from')} type="date" value={filters.from} onValue={set('from')} />
        <Field label={t('consultations.to')} type="date" value={filters.to} onValue={set('to')} />
        {filtered(filters) && (
          <button type="button" class="button button--secondary" onClick={() => (setDraft(''), setFilters(NO_FILTERS))}>
            {t('consultations.clear')}
          </button>
        )}
      </div>
      <ConsultationsTable pages={pages} empty={filtered(filters) ? t('consultations.noneFound') : t('consultations.none')} />
    </section>
  );
}

/** A client's consultations, on their page. */
export function ClientConsultations(props: { clientId: string }) {
  const { t } = useT();
  const client_id = props.clientId;
  const pages = usePages((cursor) => api.get('/clients/{client_id}/consultations', { path: { client_id }, query: { cursor, limit: PAGE_SIZE } }), [client_id]);
  return (
    <section aria-labelledby="client-consultations-title">
      <div class="page-head">
        <h2 id="client-consultations-title">{t('nav.consultations')}</h2>
        <a class="button button--secondary" href={hrefTo('consultations', 'new', client_id)}>
          {t('consultations.newForClient')}
        </a>
      </div>
      <ConsultationsTable pages={pages} empty={t('consultations.clientEmpty')} without="who" />
    </section>
  );
}

/** A matter's consultations, on its page. */
export function MatterConsultations(props: { matterId: string }) {
  const { t } = useT();
  const matter_id = props.matterId;
  const pages = usePages((cursor) => api.get('/matters/{matter_id}/consultations', { path: { matter_id }, query: { cursor, limit: PAGE_SIZE } }), [matter_id]);
  return (
    <section aria-labelledby="matter-consultations-title">
      <h2 id="matter-consultations-title">{t('matter.consultations')}</h2>
      <ConsultationsTable pages={pages} empty={t('consultations.matterEmpty')} without="matter" />
    </section>
  );
}

/** The one table of consultations: star, subject (a link), with whom, staff, when (in words), matter. */
export function ConsultationsTable(props: { pages: Pages<Consultation>; empty: string; without?: 'who' | 'matter' }) {
  const { t, lang } = useT();
  const { pages } = props;
  return (
    <Table<Consultation>
      pages={pages}
      paging="pages"
      rowKey={(c) => c.id}
      empty={props.empty}
      columns={[
        {
          label: t('consultations.col.important'),
          cell: (c) => <Star consultation={c} onChanged={(next) => pages.setItems((items) => replaced(items, next))} />,
        },
        {
          label: t('consultations.col.subject'),
          cell: (c) => (
            <>
              <a href={hrefTo('consultations', c.id)}>{c.subject}</a>
              <span class="muted"> · {c.entry_count === 1 ? t('consultations.entriesOne') : t('consultations.entries', { count: c.entry_count })}</span>
            </>
          ),
        },
        props.without !== 'who' && { label: t('consultations.col.who'), cell: (c) => <WithWhom consultation={c} /> },
        { label: t('consultations.col.staff'), cell: (c) => (c.staff ?? []).map((member) => member.name).join(', ') },
        {
          label: t('consultations.col.when'),
          cell: (c) => (
            <time dateTime={c.occurred_at} title={formatDate(lang, c.occurred_at)}>
              {relativeTime(lang, c.occurred_at)}
            </time>
          ),
        },
        props.without !== 'matter' && {
          label: t('consultations.col.matter'),
          cell: (c) =>
            c.matter_id ? <a href={hrefTo('matters', c.matter_id)}>{c.matter_title ?? t('consultation.linkedMatter')}</a> : t('consultations.noMatter'),
        },
      ]}
    />
  );
}

/** The client by name (a link to their page), or the prospect's name, said to be one. */
export function WithWhom(props: { consultation: Consultation }) {
  const { t } = useT();
  const { consultation } = props;
  const who = withWhom(consultation);
  if (who.prospect) return <span>{t('consultations.prospect', { name: who.name })}</span>;
  return consultation.client_id ? <a href={hrefTo('clients', consultation.client_id)}>{who.name}</a> : <span>{who.name}</span>;
}

/** The star: a toggle button ("important" or not), a flag set without a version. */
export function Star(props: { consultation: Consultation; onChanged: (consultation: Consultation) => void }) {
  const { t } = useT();
  const { consultation } = props;
  const toggle = useAction(async () => {
    const body = { important: !consultation.important };
    props.onChanged(await api.put('/consultations/{consultation_id}/importance', { path: { consultation_id: consultation.id }, body }));
  });
  const label = t(consultation.important ? 'star.unmark' : 'star.mark', { subject: consultation.subject });
  return (
    <span class="star-cell">
      <button
        type="button"
        class={'star' + (consultation.important ? ' star--on' : '')}
        aria-label={label}
        title={label}
        disabled={toggle.busy}
        onClick={() => toggle.run()}
      >
        <span aria-hidden="true">{consultation.important ? '★' : '☆'}</span>
      </button>
      {toggle.error != null && <Alert>{errorText(t, toggle.error)}</Alert>}
    </span>
  );
}
