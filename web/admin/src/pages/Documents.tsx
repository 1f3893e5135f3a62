/**
 * F17-F18 as staff work with them: a matter's documents (files the firm sends there, straight to
 * S3 with a progress bar each, hidden from the matter's clients until shown; what its clients sent
 * about it) and a client's documents (accepted, or rejected with a reason the client reads).
 * Every document that passed the check can be downloaded with a one-minute link.
 */
import { useState } from 'preact/hooks';
import { MAX_FILES, saveFrom, sizeInWords, type DocumentView } from '../../../shared/documents';
import { errorText, fieldErrors } from '../../../shared/errors';
import { hrefTo } from '../../../shared/router';
import { formatDate } from '../../../shared/timeline';
import { DocumentName } from '../../../shared/ui/DocumentName';
import { Alert, onSubmit, TextArea, useAction } from '../../../shared/ui/forms';
import { SaveError } from '../../../shared/ui/states';
import { Table } from '../../../shared/ui/Table';
import { ChooseFiles, sendLabel, UploadList, useUploads } from '../../../shared/ui/Uploads';
import { usePages, type Pages } from '../../../shared/ui/usePages';
import { canPublish, canReview, checkWords, publicationWords, reviewWords, sentByWords, withDocument } from '../document-states';
import { api, useT } from '../services';
import { namesOf, useClients } from './ClientPicker';

/** A matter's documents, and the firm's files sent to it. */
export function MatterDocuments(props: { matterId: string; names: Readonly<Record<string, string>> }) {
  const { t } = useT();
  const matter_id = props.matterId;
  const pages = usePages((cursor) => api.get('/matters/{matter_id}/documents', { path: { matter_id }, query: { cursor, limit: 25 } }), [matter_id]);
  const senders = namesOf(useClients(pages.items.flatMap((d) => (d.uploader === 'client' && d.client_id ? [d.client_id] : []))));
  return (
    <section class="documents" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('documents.title')}</h2>
      <SendToMatter
        matterId={matter_id}
        onStarted={pages.reload}
        onSeen={(document) => pages.setItems((items) => withDocument(items, document))}
        onDone={pages.reload}
      />
      <DocumentsTable pages={pages} where="matter" empty={t('documents.matterEmpty')} names={{ ...props.names, ...senders }} matters={{}} />
    </section>
  );
}

/** A client's documents (their profile's and their matters'), to review. */
export function ClientDocuments(props: { clientId: string; name: string; matters: Readonly<Record<string, string>> }) {
  const { t } = useT();
  const client_id = props.clientId;
  const pages = usePages((cursor) => api.get('/clients/{client_id}/documents', { path: { client_id }, query: { cursor, limit: 25 } }), [client_id]);
  return (
    <section class="documents" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('documents.title')}</h2>
      <DocumentsTable pages={pages} where="client" empty={t('documents.clientEmpty')} names={{ [client_id]: props.name }} matters={props.matters} />
    </section>
  );
}

/** Where a table of documents is: it decides the columns and what can be done with each one. */
export type Where = 'matter' | 'client' | 'queue' | 'request' | 'consultation';

/**
 * The one table of documents: name and description, who sent it (or, in the review queue, the
 * client), its matter (but on the matter's own page), date, size, state in words, and what can
 * be done with it: on a matter's page show or hide it, elsewhere accept or reject a client's.
 */
export function DocumentsTable(props: {
  pages: Pages<DocumentView>;
  where: Where;
  empty: string;
  /** Clients' names by id (else the name the document was sent with). */
  names: Readonly<Record<string, string>>;
  /** Matters' titles by id (else the title the document was sent with). */
  matters: Readonly<Record<string, string>>;
  /** A document changed here, as it was before and as it is now. */
  onChanged?: (before: DocumentView, after: DocumentView) => void;
}) {
  const { t, lang } = useT();
  const { pages, where } = props;
  const changed = (before: DocumentView, after: DocumentView) => {
    pages.setItems((items) => withDocument(items, after));
    props.onChanged?.(before, after);
  };
  const clientName = (d: DocumentView) => (d.client_id ? (props.names[d.client_id] ?? d.client_name) : null);
  return (
    <Table
      pages={pages}
      rowKey={(d) => d.id}
      empty={props.empty}
      columns={[
        {
          label: t('documents.col.name'),
          cell: (d) => <DocumentName document={d} />,
        },
        where === 'queue'
          ? {
              label: t('review.col.client'),
              cell: (d) => (d.client_id ? <a href={hrefTo('clients', d.client_id, 'documents')}>{clientName(d) ?? t('documents.by.aClient')}</a> : null),
            }
          : where !== 'request' && { label: t('documents.col.sentBy'), cell: (d) => sentByWords(t, d, props.names) },
        (where === 'client' || where === 'queue') && {
          label: t('documents.col.matter'),
          cell: (d) =>
            d.matter_id ? (
              <a href={hrefTo('matters', d.matter_id, 'documents')}>{props.matters[d.matter_id] ?? d.matter_title ?? t('documents.someMatter')}</a>
            ) : (
              t('documents.noMatter')
            ),
        },
        { label: t('documents.col.date'), cell: (d) => formatDate(lang, d.created_at) },
        { label: t('documents.col.size'), cell: (d) => (d.size != null ? sizeInWords(d.size, lang) : '') },
        {
          label: t('documents.col.state'),
          cell: (d) => (
            <span class="document__states">
              <span class={`document__state document__state--${d.status}`}>{checkWords(t, d)}</span>
              {reviewWords(t, d) && <span class={`document__state document__state--${d.review ?? 'new'}`}>{reviewWords(t, d)}</span>}
              {where === 'matter' && publicationWords(t, d) && <span class="document__state">{publicationWords(t, d)}</span>}
            </span>
          ),
        },
        {
          label: t('documents.col.actions'),
          cell: (d) => (
            <DocumentActions
              document={d}
              publish={where === 'matter'}
              review={where === 'client' || where === 'queue'}
              onChanged={(after) => changed(d, after)}
              onReload={pages.reload}
            />
          ),
        },
      ]}
    />
  );
}

/**
 * What can be done with one document: download it; on a matter's page show or hide it; on a
 * client's page accept it, or reject it with a reason the client reads.
 */
export function DocumentActions(props: {
  document: DocumentView;
  publish: boolean;
  review: boolean;
  onChanged: (document: DocumentView) => void;
  onReload: () => void;
}) {
  const { t } = useT();
  const { document } = props;
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const path = { document_id: document.id };
  const action = useAction(async (what: 'download' | 'publication' | 'accept' | 'reject') => {
    if (what === 'download') {
      const link = await api.get('/documents/{document_id}/download', { path });
      saveFrom(link.url, document.file_name);
    } else if (what === 'publication') {
      props.onChanged(await api.put('/documents/{document_id}/publication', { path, body: { published: !document.published, version: document.version } }));
    } else {
      const accepted = what === 'accept';
      const body = { accepted, reason: accepted ? null : reason.trim(), version: document.version };
      props.onChanged(await api.put('/documents/{document_id}/review', { path, body }));
      setRejecting(false);
      setReason('');
    }
  });
  const name = document.file_name;
  const reviewable = props.review && canReview(document);
  return (
    <div class="document__actions">
      <SaveError error={action.error} onReload={props.onReload} />
      {rejecting ? (
        <form class="reject-form" onSubmit={onSubmit(() => action.run('reject'))} noValidate>
          <TextArea label={t('documents.reason')} value={reason} onValue={setReason} rows={2} required error={fieldErrors(t, action.error).reason} />
          <div class="row">
            <button type="submit" class="button button--danger" disabled={action.busy}>
              {t('documents.rejectSend')}
            </button>
            <button type="button" class="button button--secondary" onClick={() => (setRejecting(false), action.setError(null))}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div class="row" role="group" aria-label={name}>
          {document.status === 'available' && (
            <button
              type="button"
              class="button button--secondary"
              disabled={action.busy}
              onClick={() => action.run('download')}
              aria-label={t('documents.downloadNamed', { name })}
            >
              {t('documents.download')}
            </button>
          )}
          {props.publish && canPublish(document) && (
            <button
              type="button"
              class="button button--secondary"
              disabled={action.busy}
              onClick={() => action.run('publication')}
              aria-label={t(document.published ? 'documents.hideNamed' : 'documents.publishNamed', { name })}
            >
              {t(document.published ? 'documents.hide' : 'documents.publish')}
            </button>
          )}
          {reviewable && document.review !== 'accepted' && (
            <button type="button" class="button" disabled={action.busy} onClick={() => action.run('accept')} aria-label={t('documents.acceptNamed', { name })}>
              {t('documents.accept')}
            </button>
          )}
          {reviewable && document.review !== 'rejected' && (
            <button
              type="button"
              class="button button--danger"
              disabled={action.busy}
              onClick={() => (setRejecting(true), action.setError(null))}
              aria-label={t('documents.rejectNamed', { name })}
            >
              {t('documents.reject')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * Up to 20 files sent to a matter at once, each straight to S3 with a progress bar, then what
 * the check made of it; the list is read again until none of them waits for its check.
 */
export function SendToMatter(props: {
  matterId: string;
  /** Documents were made for the files (awaiting their upload): the list can show them. */
  onStarted: () => void;
  /** A document sent here, as the check left it. */
  onSeen: (document: DocumentView) => void;
  /** Nothing sent here waits for its check any more. */
  onDone: () => void;
}) {
  const { t, lang } = useT();
  const uploads = useUploads(t);
  const [description, setDescription] = useState('');
  const matter_id = props.matterId;

  const send = () =>
    uploads.send({
      ask: (files) =>
        api.post('/matters/{matter_id}/documents/uploads', { path: { matter_id }, body: { files, description: description.trim() || null, matter_id } }),
      read: () => api.get('/matters/{matter_id}/documents', { path: { matter_id }, query: { limit: 50 } }).then((page) => page.items),
      sent: () => (setDescription(''), props.onStarted()),
      seen: props.onSeen,
      done: props.onDone,
    });

  return (
    <details class="card send-files">
      <summary>{t('documents.send')}</summary>
      <p class="muted">{t('documents.sendHint')}</p>
      <ChooseFiles uploads={uploads} label={t('documents.choose')} class="button button--secondary" />
      <p class="muted">{t('documents.kinds', { max: MAX_FILES })}</p>
      {uploads.notice && <Alert kind="info">{uploads.notice}</Alert>}
      <UploadList uploads={uploads} t={t} lang={lang} />
      <TextArea label={t('documents.description')} value={description} onValue={setDescription} rows={2} />
      {uploads.error != null && <Alert>{errorText(t, uploads.error)}</Alert>}
      <button type="button" class="button" disabled={uploads.busy || uploads.ready === 0} onClick={() => void send()}>
        {sendLabel(t, uploads)}
      </button>
    </details>
  );
}
