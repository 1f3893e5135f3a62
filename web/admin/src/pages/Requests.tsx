/**
 * F19: what the firm asks a client for. On a client's and on a matter's Documents tab: the
 * requests (what, due when, where each stands, the last rejection's reason) and "Request
 * documents"; `#/requests/<id>`: one request, edited or deleted, its history in words, the files
 * the client sent for it, and once they sent something, accept it or reject it with a reason.
 */
import { Fragment, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { DocumentView } from '../../../shared/documents';
import { fieldErrors } from '../../../shared/errors';
import { isOverdue, type DocumentRequest } from '../../../shared/requests';
import { hrefTo } from '../../../shared/router';
import { formatDate, formatDay } from '../../../shared/timeline';
import { Alert, Field, onSubmit, Select, TextArea, useAction } from '../../../shared/ui/forms';
import { Failure, Loading, SaveError } from '../../../shared/ui/states';
import { Table } from '../../../shared/ui/Table';
import { useLoad } from '../../../shared/ui/useLoad';
import { listOf, usePages, useAllPages, type Pages } from '../../../shared/ui/usePages';
import { eventWords, statusWords } from '../requests';
import { api, useT } from '../services';
import { ClientDocuments, DocumentsTable } from './Documents';

type Option = { id: string; name: string };

/** A client's Documents tab: what was asked of them, and what they sent. */
export function ClientDocumentsTab(props: { clientId: string; name: string }) {
  const client_id = props.clientId;
  // Their matters: to name the matter of each request and document, and to ask about one they see.
  const matters = useAllPages((cursor) => api.get('/matters', { query: { client_id, cursor, limit: 100 } }), [client_id]);
  const titles = Object.fromEntries(matters.items.map((matter) => [matter.id, matter.title]));
  const pages = usePages((cursor) => api.get('/clients/{client_id}/document-requests', { path: { client_id }, query: { cursor, limit: 25 } }), [client_id]);
  return (
    <>
      <Requests
        pages={pages}
        where="client"
        clients={[{ id: client_id, name: props.name }]}
        matters={matters.items.filter((matter) => matter.published_to?.includes(client_id)).map((matter) => ({ id: matter.id, name: matter.title }))}
      />
      <ClientDocuments clientId={client_id} name={props.name} matters={titles} />
    </>
  );
}

/** A matter's requests, to any of the clients who see it (a request is about what the client sees). */
export function MatterRequests(props: { matterId: string; matterTitle: string; clients: readonly Option[] }) {
  const matter_id = props.matterId;
  const pages = usePages((cursor) => api.get('/matters/{matter_id}/document-requests', { path: { matter_id }, query: { cursor, limit: 25 } }), [matter_id]);
  return <Requests pages={pages} where="matter" clients={props.clients} matters={[{ id: matter_id, name: props.matterTitle }]} />;
}

/** The list of requests and the form that adds one; `clients`/`matters`: what the form offers. */
function Requests(props: { pages: Pages<DocumentRequest>; where: 'client' | 'matter'; clients: readonly Option[]; matters: readonly Option[] }) {
  const { t, lang } = useT();
  const { pages, where } = props;
  const [created, setCreated] = useState(0);
  return (
    <section class="requests" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('requests.title')}</h2>
      <details class="card add-request">
        <summary>{t('requests.new')}</summary>
        {created > 0 && <Alert kind="success">{t('requests.created')}</Alert>}
        <RequestForm
          key={created}
          request={null}
          clients={props.clients}
          matters={where === 'client' ? props.matters : []}
          matterId={where === 'matter' ? (props.matters[0]?.id ?? null) : null}
          onSaved={(request) => (pages.setItems((items) => [request, ...items]), setCreated((n) => n + 1))}
          onReload={pages.reload}
        />
      </details>
      <Table
        pages={pages}
        rowKey={(r) => r.id}
        empty={t(where === 'client' ? 'requests.clientEmpty' : 'requests.matterEmpty')}
        columns={[
          {
            label: t('requests.col.title'),
            cell: (r) => (
              <>
                <a href={hrefTo('requests', r.id)}>{r.title}</a>
                {r.status === 'pending' && r.rejection_reason && (
                  <span class="request__rejection">{t('requests.lastRejection', { reason: r.rejection_reason })}</span>
                )}
              </>
            ),
          },
          where === 'matter' && { label: t('requests.col.client'), cell: (r) => <a href={hrefTo('clients', r.client_id, 'documents')}>{r.client_name}</a> },
          where === 'client' && {
            label: t('requests.col.matter'),
            cell: (r) => (r.matter_id ? <a href={hrefTo('matters', r.matter_id, 'documents')}>{r.matter_title ?? r.matter_id}</a> : t('requests.profile')),
          },
          { label: t('requests.col.due'), cell: (r) => <DueDate request={r} lang={lang} /> },
          { label: t('requests.col.state'), cell: (r) => <RequestStatus request={r} /> },
        ]}
      />
    </section>
  );
}

function DueDate(props: { request: DocumentRequest; lang: string }) {
  const { t } = useT();
  const { request } = props;
  if (!request.due_date) return <span class="muted">{t('requests.noDue')}</span>;
  return (
    <span class="request__due">
      {formatDay(props.lang, request.due_date)}
      {isOverdue(request) && <span class="badge badge--blocked">{t('requests.overdue')}</span>}
    </span>
  );
}

const BADGE = { pending: 'pending', submitted: 'active', accepted: 'none' } as const;

function RequestStatus(props: { request: DocumentRequest }) {
  const { t } = useT();
  return <span class={`badge badge--${BADGE[props.request.status]}`}>{statusWords(t, props.request)}</span>;
}

/**
 * A new request (`request` null: to one of `clients`, about `matterId` or one of `matters`), or
 * one changed (what, details, due date; sent with its version).
 */
function RequestForm(props: {
  request: DocumentRequest | null;
  clients: readonly Option[];
  matters: readonly Option[];
  matterId: string | null;
  onSaved: (request: DocumentRequest) => void;
  onCancel?: () => void;
  onReload: () => void;
}) {
  const { t } = useT();
  const { request } = props;
  const [clientId, setClientId] = useState(request?.client_id ?? (props.clients.length === 1 ? (props.clients[0]?.id ?? '') : ''));
  const [matterId, setMatterId] = useState(request?.matter_id ?? props.matterId ?? '');
  const [title, setTitle] = useState(request?.title ?? '');
  const [details, setDetails] = useState(request?.details ?? '');
  const [due, setDue] = useState(request?.due_date ?? '');
  const save = useAction(async () => {
    const fields = { title: title.trim(), details: details.trim(), due_date: due || null };
    const saved = request
      ? await api.put('/document-requests/{request_id}', { path: { request_id: request.id }, body: { ...fields, version: request.version } })
      : await api.post('/document-requests', { body: { ...fields, client_id: clientId, matter_id: matterId || null } });
    props.onSaved(saved);
  });
  const errors = fieldErrors(t, save.error);
  if (!request && props.clients.length === 0) return <p class="muted">{t('requests.form.noClients')}</p>;
  return (
    <form class="request-form" onSubmit={onSubmit(() => save.run())} noValidate>
      <SaveError error={save.error} onReload={props.onReload} />
      {!request && props.clients.length > 1 && (
        <Select
          label={t('requests.form.client')}
          value={clientId}
          onValue={setClientId}
          error={errors.client_id}
          options={[{ value: '', label: t('requests.form.chooseClient') }, ...props.clients.map((c) => ({ value: c.id, label: c.name }))]}
        />
      )}
      {!request && props.matters.length > 0 && props.matterId === null && (
        <Select
          label={t('requests.form.matter')}
          value={matterId}
          onValue={setMatterId}
          error={errors.matter_id}
          options={[{ value: '', label: t('requests.profile') }, ...props.matters.map((m) => ({ value: m.id, label: m.name }))]}
        />
      )}
      <Field label={t('requests.form.title')} hint={t('requests.form.titleHint')} type="text" required value={title} onValue={setTitle} error={errors.title} />
      <TextArea label={t('requests.form.details')} hint={t('requests.form.detailsHint')} value={details} onValue={setDetails} rows={3} error={errors.details} />
      <Field label={t('requests.form.due')} type="date" value={due} onValue={setDue} error={errors.due_date} />
      <div class="row">
        <button type="submit" class="button" disabled={save.busy || (!request && !clientId)}>
          {request ? t('common.save') : t('requests.form.send')}
        </button>
        {props.onCancel && (
          <button type="button" class="button button--secondary" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** `#/requests/<id>`: one request, its history and its files. */
export function RequestPage(props: { id: string }) {
  const { t } = useT();
  const { data, error, reload, setData } = useLoad(() => api.get('/document-requests/{request_id}', { path: { request_id: props.id } }), [props.id]);
  if (error != null) return <Failure error={error} retry={reload} />;
  if (!data) return <Loading />;
  const { request } = data;
  const back = request.matter_id ? hrefTo('matters', request.matter_id, 'documents') : hrefTo('clients', request.client_id, 'documents');
  return (
    <section aria-labelledby="request-title">
      <p>
        <a href={back}>← {t('requests.back', { name: request.matter_title ?? request.client_name })}</a>
      </p>
      {/* A new version (saved, reviewed, or reloaded after a 409) starts the screen afresh. */}
      <RequestScreen
        key={request.version}
        request={request}
        back={back}
        files={listOf(data.documents, reload, (change) => setData({ ...data, documents: change(data.documents) }))}
        onChanged={(next) => setData({ ...data, request: next })}
        onReviewed={reload}
        onReload={reload}
      />
    </section>
  );
}

function RequestScreen(props: {
  request: DocumentRequest;
  back: string;
  files: Pages<DocumentView>;
  onChanged: (request: DocumentRequest) => void;
  onReviewed: () => void;
  onReload: () => void;
}) {
  const { t, lang } = useT();
  const { request } = props;
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const path = { request_id: request.id };
  const remove = useAction(async () => {
    if (!confirm(t('requests.confirmDelete', { title: request.title }))) return;
    await api.delete('/document-requests/{request_id}', { path });
    location.hash = props.back;
  });
  const review = useAction(async (accepted: boolean) => {
    await api.put('/document-requests/{request_id}/review', { path, body: { accepted, reason: accepted ? null : reason.trim(), version: request.version } });
    // Its files got the same verdict: read the request and its files again.
    props.onReviewed();
  });
  const rows: [string, ComponentChildren][] = [
    [t('requests.for'), <a href={hrefTo('clients', request.client_id, 'documents')}>{request.client_name}</a>],
    [
      t('requests.about'),
      request.matter_id ? <a href={hrefTo('matters', request.matter_id, 'documents')}>{request.matter_title ?? request.matter_id}</a> : t('requests.profile'),
    ],
    [t('requests.col.due'), <DueDate request={request} lang={lang} />],
    [t('requests.requestedAt'), formatDate(lang, request.created_at)],
    [t('requests.col.state'), <RequestStatus request={request} />],
  ];
  return (
    <>
      <div class="page-head">
        <h1 id="request-title">{t('requests.detail', { title: request.title })}</h1>
        {!editing && (
          <div class="row">
            {/* An accepted request is done: a new need is a new request. */}
            {request.status !== 'accepted' && (
              <button type="button" class="button button--secondary" onClick={() => setEditing(true)}>
                {t('requests.edit')}
              </button>
            )}
            <button type="button" class="button button--danger" disabled={remove.busy} onClick={() => remove.run()}>
              {t('requests.delete')}
            </button>
          </div>
        )}
      </div>
      <SaveError error={remove.error} onReload={props.onReload} />
      {editing ? (
        <section class="card" aria-labelledby="edit-request-title">
          <h2 id="edit-request-title">{t('requests.edit')}</h2>
          <RequestForm
            request={request}
            clients={[]}
            matters={[]}
            matterId={null}
            onSaved={(next) => (setEditing(false), props.onChanged(next))}
            onCancel={() => setEditing(false)}
            onReload={props.onReload}
          />
        </section>
      ) : (
        <div class="card">
          <dl class="details">
            {rows.map(([label, value]) => (
              <Fragment key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </Fragment>
            ))}
          </dl>
          {request.details && <p class="request__details">{request.details}</p>}
          {request.status === 'pending' && request.rejection_reason && (
            <p class="request__rejection">{t('requests.lastRejection', { reason: request.rejection_reason })}</p>
          )}
        </div>
      )}
      {request.status === 'submitted' && (
        <section class="card" aria-labelledby="review-request-title">
          <h2 id="review-request-title">{t('requests.status.submitted')}</h2>
          <p class="muted">{t('requests.reviewHint')}</p>
          <SaveError error={review.error} onReload={props.onReload} />
          {rejecting ? (
            <form onSubmit={onSubmit(() => review.run(false))} noValidate>
              <TextArea label={t('requests.reason')} value={reason} onValue={setReason} rows={3} required error={fieldErrors(t, review.error).reason} />
              <div class="row">
                <button type="submit" class="button button--danger" disabled={review.busy}>
                  {t('requests.rejectSend')}
                </button>
                <button type="button" class="button button--secondary" onClick={() => setRejecting(false)}>
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          ) : (
            <div class="row">
              <button type="button" class="button" disabled={review.busy} onClick={() => review.run(true)}>
                {t('requests.accept')}
              </button>
              <button type="button" class="button button--danger" disabled={review.busy} onClick={() => setRejecting(true)}>
                {t('requests.reject')}
              </button>
            </div>
          )}
        </section>
      )}
      <section aria-labelledby="files-title">
        <h2 id="files-title">{t('requests.files')}</h2>
        <DocumentsTable pages={props.files} where="request" empty={t('requests.noFiles')} names={{}} matters={{}} />
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('requests.history')}</h2>
        <ol class="history">
          {request.history.map((event, index) => (
            <li key={index}>
              <time dateTime={event.at}>{formatDate(lang, event.at)}</time>
              <span>{eventWords(t, event)}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
