/**
 * F19: a document request's page (`#/requests/<id>`): what the firm wrote, its due date and
 * state, why the firm asked again, the files sent with their state, the history in words, and
 * the sending from the phone (the Documents page's own), after which the request is read again
 * until its files are checked: a refused file says why within seconds, and the state turns to
 * "sent" once one passes. Loaded on first use (App.tsx).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../../shared/api/client';
import { hrefTo } from '../../../shared/router';
import type { RequestEvent } from '../../../shared/requests';
import { formatDate, formatDay } from '../../../shared/timeline';
import { Alert } from '../../../shared/ui/forms';
import { Failure, Loading } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import { listOf } from '../../../shared/ui/usePages';
import { CHECK_POLL, refusalKey } from '../../../shared/documents';
import { eventKey } from '../requests';
import { api, useT, type Me } from '../services';
import { RequestState } from './Checklist';
import { DocumentTable } from './DocumentTable';
import { maySend, SendDocuments, type FilesBody } from './SendDocuments';

/** A request's page. */
export function RequestScreen(props: { id: string; me: Me }) {
  const { t, lang } = useT();
  const { id, me } = props;
  const read = () => api.get('/portal/document-requests/{request_id}', { path: { request_id: id } });
  const { data: detail, error, reload, setData } = useLoad(read, [id]);
  // Once files were sent from here the sending stays on screen (with what became of each file,
  // or why the firm takes no more), even after the request turns to "sent": then under a heading
  // that says so, and with nothing more to choose.
  const [sentHere, setSentHere] = useState(false);
  // While the sending follows its files, it reads the request itself.
  const following = useRef(false);
  const rounds = useRef(0);
  const waiting = detail?.documents.some((d) => d.status === 'awaiting_upload') ?? false;
  // Files sent a moment ago (before a reload, on another screen) still being checked: read again a few times.
  useEffect(() => {
    if (!waiting || following.current || rounds.current >= CHECK_POLL.times) return;
    const timer = setTimeout(() => (rounds.current++, reload()), CHECK_POLL.delayMs * 2);
    return () => clearTimeout(timer);
  }, [detail]);
  // Opening the request reads its entry in her home feed, once (one not in her feed changes nothing).
  const created = detail?.request.created_at;
  useEffect(() => {
    if (!created) return;
    api.post('/portal/feed/{entry_id}/read', { path: { entry_id: feedEntryId(created, id) } }).catch(() => undefined);
  }, [id, created]);

  if (error != null && !detail) return <Failure error={error} retry={reload} />;
  if (!detail) return <Loading />;
  const { request, documents } = detail;

  const send = (body: FilesBody) => {
    setSentHere(true);
    return api.post('/portal/document-requests/{request_id}/uploads', { path: { request_id: id }, body }).then(
      (tickets) => ((following.current = true), tickets),
      (caught: unknown) => {
        // The firm has what was sent already: show the request as it is now.
        if (fulfilled(caught)) reload();
        throw caught;
      },
    );
  };
  const check = async () => {
    const fresh = await read();
    setData(fresh);
    return fresh.documents;
  };
  const describe = (caught: unknown) => {
    if (fulfilled(caught)) return t('requests.fulfilled');
    if (caught instanceof ApiError && caught.status === 422 && (caught.details as { path?: string }[]).some((d) => /^(body\.)?files$/.test(d.path ?? ''))) {
      return t('requests.tooManyFiles');
    }
    return null;
  };

  return (
    <section aria-labelledby="request-title">
      <p>
        <a href={hrefTo()}>← {t('requests.back')}</a>
      </p>
      <h1 id="request-title">{request.title}</h1>
      {request.details && <p class="request-details">{request.details}</p>}
      <dl class="card details">
        <dt>{t('requests.state')}</dt>
        <dd>
          <RequestState request={request} />
        </dd>
        {request.due_date && (
          <>
            <dt>{t('requests.dueDate')}</dt>
            <dd>{formatDay(lang, request.due_date, 'long')}</dd>
          </>
        )}
        {request.matter_id && (
          <>
            <dt>{t('requests.caseLabel')}</dt>
            <dd>
              <a href={hrefTo('matters', request.matter_id)}>{request.matter_title ?? t('documents.someCase')}</a>
            </dd>
          </>
        )}
        <dt>{t('requests.askedOn')}</dt>
        <dd>{formatDate(lang, request.created_at)}</dd>
      </dl>

      {request.status === 'submitted' && <Alert kind="info">{t('requests.submittedNote')}</Alert>}
      {request.status === 'accepted' && <Alert kind="success">{t('requests.acceptedNote')}</Alert>}
      {!maySend(me)
        ? request.status === 'pending' && <Alert kind="info">{t('requests.readOnly')}</Alert>
        : (request.status === 'pending' || sentHere) && (
            <SendDocuments
              title={t(request.status === 'pending' ? 'requests.send' : 'requests.chosen')}
              send={send}
              check={check}
              onChecked={() => ((following.current = false), reload())}
              describe={describe}
              closed={request.status !== 'pending'}
            />
          )}

      <section aria-labelledby="request-files-title">
        <h2 id="request-files-title">{t('requests.files')}</h2>
        <DocumentTable pages={listOf(documents, reload)} empty={t('requests.filesEmpty')} download={me.profile?.documents === true} />
      </section>

      <section aria-labelledby="request-history-title">
        <h2 id="request-history-title">{t('requests.history')}</h2>
        <ol class="card request-history">
          {request.history.map((event, index) => (
            <li key={index}>
              <span class="muted request-history__at">{formatDate(lang, event.at)}</span> <EventWords event={event} />
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}

/** A step of the request's history in words: who did what, the file's name, why. */
function EventWords(props: { event: RequestEvent }) {
  const { t } = useT();
  const { event } = props;
  const name = event.note || t('requests.aFile');
  if (event.kind === 'file_refused') return <>{t('requests.event.file_refused', { name, reason: t(refusalKey(event.refusal)) })}</>;
  if (event.kind === 'file_received') return <>{t('requests.event.file_received', { name })}</>;
  return <>{t(eventKey(event), { reason: event.note ?? '' })}</>;
}

const fulfilled = (error: unknown) => error instanceof ApiError && error.code === 'request_fulfilled';

/** A request's entry in her home feed: the moment it was asked for (UTC, to the second) and its id. */
export function feedEntryId(createdAt: string, requestId: string): string {
  return new Date(createdAt).toISOString().replace(/\D/g, '').slice(0, 14) + requestId;
}
