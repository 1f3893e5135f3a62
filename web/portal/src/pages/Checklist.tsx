/**
 * F19: what the firm asked the client for, on the home screen: a checklist with what is still
 * to send first, with its due date (and why the firm asked again), then what the firm is
 * checking, then what is done; each opens the request's page (Request.tsx).
 * Its own small chunk, fetched when the home screen first shows (Modules.tsx).
 */
import { hrefTo } from '../../../shared/router';
import { Empty, Failure, Loading } from '../../../shared/ui/states';
import { usePages } from '../../../shared/ui/usePages';
import { isOverdue, type DocumentRequest } from '../../../shared/requests';
import { formatDay } from '../../../shared/timeline';
import { checklistOrder } from '../requests';
import { api, useT } from '../services';
const BADGE: Record<DocumentRequest['status'], string> = { pending: 'badge--pending', submitted: 'badge--none', accepted: 'badge--active' };
const MARK: Record<DocumentRequest['status'], string> = { pending: '○', submitted: '…', accepted: '✓' };

/**
 * The home screen's checklist of the client's document requests: what is still to send (the
 * home's "pending documents"), then what she already sent; each opens its page.
 */
export function RequestChecklist() {
  const { t } = useT();
  const pages = usePages((cursor) => api.get('/portal/document-requests', { query: { cursor, limit: 50 } }), []);
  const ordered = checklistOrder(pages.items);
  const pending = ordered.filter((request) => request.status === 'pending');
  const others = ordered.filter((request) => request.status !== 'pending');
  return (
    <section class="requests" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('pending.title')}</h2>
      {pages.error != null && <Failure error={pages.error} retry={pages.retry} />}
      {!pages.loaded && pages.error == null && <Loading />}
      {pages.loaded && pages.items.length === 0 && <Empty>{t('requests.empty')}</Empty>}
      {pages.loaded && pages.items.length > 0 && pending.length === 0 && <Empty>{t('pending.empty')}</Empty>}
      {pending.length > 0 && <Cards requests={pending} />}
      {others.length > 0 && (
        <>
          <h3 class="requests__others">{t('requests.others')}</h3>
          <Cards requests={others} />
        </>
      )}
      {pages.next && (
        <button type="button" class="button button--secondary button--block" disabled={pages.busy} onClick={pages.more}>
          {t('requests.more')}
        </button>
      )}
    </section>
  );
}

function Cards(props: { requests: DocumentRequest[] }) {
  const { t } = useT();
  return (
    <ul class="checklist">
      {props.requests.map((request) => (
        <li key={request.id}>
          <a class={`card request-card request-card--${request.status}`} href={hrefTo('requests', request.id)}>
            <span class="request-card__mark" aria-hidden="true">
              {MARK[request.status]}
            </span>
            <span class="request-card__body">
              <span class="request-card__title">{request.title}</span>
              {request.matter_title && <span class="muted">{t('requests.case', { title: request.matter_title })}</span>}
              <RequestState request={request} />
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

/** Where a request stands, in words: its state; for one still to send, its due date and why the firm asked again. */
export function RequestState(props: { request: DocumentRequest }) {
  const { t, lang } = useT();
  const { request } = props;
  const late = isOverdue(request);
  return (
    <span class="request-state">
      <span class={`badge ${BADGE[request.status]}`}>{t(`requests.status.${request.status}`)}</span>
      {request.status === 'pending' && request.due_date && (
        <span class={late ? 'request-state__due request-state__due--late' : 'request-state__due'}>
          {t(late ? 'requests.overdue' : 'requests.due', { date: formatDay(lang, request.due_date, 'long') })}
        </span>
      )}
      {request.status === 'pending' && request.rejection_reason && (
        <span class="request-state__rejected">{t('requests.rejected', { reason: request.rejection_reason })}</span>
      )}
    </span>
  );
}
