/**
 * F10, F13-F14, F16, B2: the client's cases. `#/matters` lists them; `#/matters/<id>` opens one on
 * its data, `.../timeline` on what happened in it, `.../documents` on its documents. Loaded
 * on first use (App.tsx), so the sign-in page carries none of this.
 */
import { Fragment } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { hrefTo } from '../../../shared/router';
import { byMonth } from '../../../shared/timeline';
import { Alert } from '../../../shared/ui/forms';
import { MatterStatus } from '../../../shared/ui/MatterStatus';
import { StageProgress } from '../../../shared/ui/StageProgress';
import { Empty, Failure, Loading } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import { usePages } from '../../../shared/ui/usePages';
import { api, useT, type Me } from '../services';
import { receipts, useUnread } from '../unread';
import { DocumentTable } from './DocumentTable';
import { MatterCard } from './MatterCard';
import { PlainUpdate } from './PlainUpdate';
import { maySend, SendDocuments } from './SendDocuments';

type Matter = Schemas['ClientMatterView'];
const TABS = ['data', 'timeline', 'documents'] as const;
type Tab = (typeof TABS)[number];

export function MattersScreen(props: { route: string[]; me: Me }) {
  // `#/matters/<id>/timeline/<update id>` opens the timeline at that update (from the home's feed).
  const [, id, tab, focus] = props.route;
  if (!id) return <MatterList />;
  const tabs = TABS.filter((name) => name !== 'documents' || props.me.profile?.documents);
  return <MatterPage id={id} tab={tabs.find((name) => name === tab) ?? 'data'} tabs={tabs} me={props.me} focus={focus ?? null} />;
}

function MatterList() {
  const { t } = useT();
  const pages = usePages((cursor) => api.get('/portal/matters', { query: { cursor, limit: 20 } }), []);
  const counts = useUnread();
  return (
    <section aria-labelledby="cases-title">
      <h1 id="cases-title">{t('cases.title')}</h1>
      {pages.error != null && <Failure error={pages.error} retry={pages.retry} />}
      {!pages.loaded && pages.error == null && <Loading />}
      {pages.loaded && pages.items.length === 0 && <Empty>{t('cases.empty')}</Empty>}
      <ul class="matters">
        {pages.items.map((matter) => (
          <li key={matter.id}>
            <MatterCard matter={matter} counts={counts} />
          </li>
        ))}
      </ul>
      {pages.next && (
        <button type="button" class="button button--secondary button--block" disabled={pages.busy} onClick={pages.more}>
          {t('cases.more')}
        </button>
      )}
    </section>
  );
}

function MatterPage(props: { id: string; tab: Tab; tabs: readonly Tab[]; me: Me; focus: string | null }) {
  const { t } = useT();
  const { data: matter, error, reload } = useLoad(() => api.get('/portal/matters/{matter_id}', { path: { matter_id: props.id } }), [props.id]);
  if (error != null) return <Failure error={error} retry={reload} />;
  if (!matter) return <Loading />;
  return (
    <section aria-labelledby="matter-title">
      <p>
        <a href={hrefTo('matters')}>← {t('cases.title')}</a>
      </p>
      <h1 id="matter-title">{matter.title}</h1>
      {matter.number && <p class="matter-number">{matter.number}</p>}
      {matter.stage && (
        <section class="card" aria-labelledby="stage-title">
          <h2 id="stage-title" class="visually-hidden">
            {t('stage.title')}
          </h2>
          <StageProgress stage={matter.stage} />
        </section>
      )}
      <nav class="tabs" aria-label={t('matter.sections')}>
        {props.tabs.map((tab) => (
          <a key={tab} href={hrefTo('matters', matter.id, ...(tab === 'data' ? [] : [tab]))} aria-current={props.tab === tab ? 'page' : undefined}>
            {t(`matter.tab.${tab}`)}
          </a>
        ))}
      </nav>
      <h2 class="visually-hidden">{t(`matter.tab.${props.tab}`)}</h2>
      {props.tab === 'data' && <MatterData matter={matter} />}
      {props.tab === 'timeline' && <Timeline matterId={matter.id} me={props.me} focus={props.focus} />}
      {props.tab === 'documents' && <MatterDocuments matterId={matter.id} me={props.me} />}
    </section>
  );
}

/** Only what the firm published: the court's data, the parties, related cases the client is in too. */
function MatterData(props: { matter: Matter }) {
  const { t } = useT();
  const { matter } = props;
  const rows = [
    ['matter.number', matter.number],
    ['matter.court', matter.court],
    ['matter.venue', matter.venue],
    ['matter.instance', matter.instance],
    ['matter.class', matter.procedural_class],
    ['matter.lawyer', matter.responsible_lawyer],
  ] as const;
  return (
    <>
      <dl class="card details">
        <dt>{t('matter.status')}</dt>
        <dd>
          <MatterStatus status={matter.status} />
        </dd>
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <Fragment key={label}>
              <dt>{t(label)}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
      </dl>
      {matter.parties.length > 0 && (
        <section class="card" aria-labelledby="parties-title">
          <h3 id="parties-title">{t('matter.parties')}</h3>
          <ul class="plain-list">
            {matter.parties.map((party, index) => (
              <li key={index}>
                <strong>{party.name}</strong> {party.is_you && t('matter.you')}
                <span class="muted"> — {t(`role.${party.role}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {matter.related.length > 0 && (
        <section class="card" aria-labelledby="related-title">
          <h3 id="related-title">{t('matter.related')}</h3>
          <ul class="plain-list">
            {matter.related.map((related) => (
              <li key={related.id}>
                <a href={hrefTo('matters', related.id)}>{related.title ?? related.number ?? related.id}</a>
                <span class="muted">
                  {' '}
                  — {t(`relation.${related.kind}`)}
                  {related.number && related.title ? ` · ${related.number}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** Newest first, a page at a time; each update is marked read once it is on screen (B2). */
function Timeline(props: { matterId: string; me: Me; focus: string | null }) {
  const { t, lang } = useT();
  const { matterId, me, focus } = props;
  const pages = usePages(
    (cursor) => api.get('/portal/matters/{matter_id}/timeline', { path: { matter_id: matterId }, query: { cursor, limit: 20 } }),
    [matterId],
  );
  const observe = useOnScreen((updateId) => receipts.seen(me, matterId, updateId));
  // Opened at one update: it is brought into view once it is on the page.
  const focused = useRef<string | null>(null);
  useEffect(() => {
    if (!focus || focused.current === focus || !pages.items.some((update) => update.id === focus)) return;
    focused.current = focus;
    document.getElementById(`update-${focus}`)?.scrollIntoView?.({ block: 'center' });
  }, [focus, pages.items]);
  if (pages.error != null && !pages.loaded) return <Failure error={pages.error} retry={pages.retry} />;
  if (!pages.loaded) return <Loading />;
  if (pages.items.length === 0) {
    return <Empty>{t('matter.timelineEmpty')}</Empty>;
  }
  return (
    <>
      {byMonth(pages.items, lang).map((month) => (
        <section key={month.key} aria-labelledby={`month-${month.key}`}>
          <h3 class="timeline__month" id={`month-${month.key}`}>
            {month.label}
          </h3>
          <ol class="timeline">
            {month.items.map((update) => (
              <li
                key={update.id}
                id={`update-${update.id}`}
                class={update.id === focus ? 'timeline__focus' : undefined}
                ref={(element) => observe(element, update.id)}
              >
                <PlainUpdate update={update} />
              </li>
            ))}
          </ol>
        </section>
      ))}
      {pages.error != null && <Failure error={pages.error} retry={pages.retry} />}
      {pages.next && (
        <button type="button" class="button button--secondary button--block" disabled={pages.busy} onClick={pages.more}>
          {t('update.more')}
        </button>
      )}
    </>
  );
}

/**
 * What the firm published on the case and what the client sent to it, newest first, each with
 * its state in words and a Download button; the client may send more about this case from here.
 */
function MatterDocuments(props: { matterId: string; me: Me }) {
  const { t } = useT();
  const { matterId } = props;
  const list = (cursor: string | null, limit: number) =>
    api.get('/portal/matters/{matter_id}/documents', { path: { matter_id: matterId }, query: { cursor, limit } });
  const pages = usePages((cursor) => list(cursor, 25), [matterId]);
  return (
    <>
      <DocumentTable pages={pages} empty={t('matter.documentsEmpty')} sender />
      {maySend(props.me) ? (
        <SendDocuments
          title={t('matter.sendDocuments')}
          send={(body) => api.post('/portal/documents/uploads', { body: { ...body, matter_id: matterId } })}
          check={() => list(null, 50).then((page) => page.items)}
          onChecked={pages.reload}
        />
      ) : (
        <Alert kind="info">{t('documents.readOnly')}</Alert>
      )}
    </>
  );
}

/**
 * Calls `onSeen(id)` the first time at least half of an element (or half the screen, for one
 * taller than that) is on screen. Returns the function to give each element with its id.
 */
function useOnScreen(onSeen: (id: string) => void) {
  const observer = useRef<IntersectionObserver | null>(null);
  const callback = useRef(onSeen);
  callback.current = onSeen;
  useEffect(() => () => observer.current?.disconnect(), []);
  return (element: HTMLElement | null, id: string) => {
    if (!element || typeof IntersectionObserver === 'undefined') return;
    observer.current ??= new IntersectionObserver(
      (entries, self) => {
        for (const entry of entries) {
          const half = Math.min(entry.boundingClientRect.height, entry.rootBounds?.height ?? Infinity) / 2;
          if (entry.isIntersecting && entry.intersectionRect.height >= half) {
            self.unobserve(entry.target);
            callback.current((entry.target as HTMLElement).dataset.update ?? '');
          }
        }
      },
      { threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    if (element.dataset.update === id) return;
    element.dataset.update = id;
    observer.current.observe(element);
  };
}
