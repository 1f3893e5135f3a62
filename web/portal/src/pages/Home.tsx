/**
 * A6, F22: the client's home, around her activity feed. What changed across all of her cases,
 * newest first (each with its case's name, when in words, the update in plain language when
 * there is one, an unread dot; a tap opens the case at that update and reads it), "mark all as
 * read", older updates a page at a time; then the documents the firm still needs from her (and
 * what she already sent), her next dated item, and how to reach the firm. Its own chunk, fetched when the home first shows.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import type { Lang } from '../../../shared/i18n';
import { readingOf } from '../../../shared/plain-language';
import { relativeTime } from '../../../shared/relative-time';
import { hrefTo } from '../../../shared/router';
import { formatDate } from '../../../shared/timeline';
import { UpdateIcon } from '../../../shared/ui/Update';
import { Empty, Failure, Loading, SaveError } from '../../../shared/ui/states';
import { usePages, type Pages } from '../../../shared/ui/usePages';
import { api, useT, type Branding, type Me } from '../services';
import { receipts, unread, UnreadBadge, useUnread } from '../unread';
import { useLoad } from '../../../shared/ui/useLoad';
import { RequestChecklist } from './Checklist';
import { MatterCard } from './MatterCard';
import { WandIcon } from './PlainUpdate';

export type FeedItem = Schemas['FeedItem'];
type FeedPage = Schemas['FeedPage'];
/** Her next open dated items, soonest first (at most 3), with the feed's first page. */
export type Upcoming = Schemas['Upcoming'];

export const FEED_PAGE = 20;

export function HomeSections(props: { me: Me; branding: Branding | null }) {
  const [upcoming, setUpcoming] = useState<Upcoming[] | null>(null);
  const feed = useFeed((page) => setUpcoming(page.upcoming));
  return (
    <>
      <ActivityFeed me={props.me} feed={feed} />
      <MyCases />
      <RequestChecklist />
      <NextAppointment upcoming={upcoming} error={feed.error} loaded={feed.loaded} />
      <FirmContact branding={props.branding} />
    </>
  );
}

/**
 * Her feed a page at a time. A page may hold fewer entries than asked for and still have a
 * cursor (entries she may not see are left out): it reads on until a screenful is shown or
 * the feed ends. Each answer's counts go to the badges.
 */
export function useFeed(onFirstPage: (page: FeedPage) => void = () => undefined, limit = FEED_PAGE): Pages<FeedItem> & { more: () => void } {
  const [wanted, setWanted] = useState(limit);
  const pages = usePages(
    (cursor) =>
      api.get('/portal/feed', { query: { cursor, limit } }).then((page) => {
        unread.set(page.unread);
        if (cursor === null) onFirstPage(page);
        return page;
      }),
    [],
  );
  useEffect(() => {
    if (pages.loaded && !pages.busy && pages.error == null && pages.next !== null && pages.items.length < wanted) pages.more();
  }, [pages.loaded, pages.busy, pages.error, pages.next, pages.items.length, wanted]);
  return {
    ...pages,
    more: () => {
      setWanted(pages.items.length + limit);
      pages.more();
    },
  };
}

export function ActivityFeed(props: { me: Me; feed: Pages<FeedItem> }) {
  const { t, lang } = useT();
  const { me, feed } = props;
  const counts = useUnread(false);
  const [marking, setMarking] = useState(false);
  const [markError, setMarkError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  // Still reading on past short pages: not empty yet.
  const empty = feed.loaded && feed.items.length === 0 && feed.next === null;
  const anyUnread = (counts?.total ?? 0) > 0 || feed.items.some((item) => !item.read);

  const markAll = () => {
    setMarking(true);
    setMarkError(null);
    api
      .post('/portal/feed/read-all')
      .then((after) => {
        unread.set(after);
        feed.setItems((items) => items.map((item) => ({ ...item, read: true })));
        setDone(true);
      })
      .catch(setMarkError)
      .finally(() => setMarking(false));
  };

  const open = (item: FeedItem) => {
    if (item.update && item.matter_id) {
      receipts.seen(me, item.matter_id, item.update.id);
    } else if (!me.simulated_by && !item.read) {
      // A document or a request: its entry is read here (a request's page reads it too).
      api
        .post('/portal/feed/{entry_id}/read', { path: { entry_id: item.id } })
        .then(() => unread.refresh())
        .catch(() => undefined);
    }
    if (!me.simulated_by) feed.setItems((items) => items.map((other) => (other.id === item.id ? { ...other, read: true } : other)));
  };

  return (
    <section class="feed" aria-labelledby="feed-title">
      <div class="feed__head">
        <h2 id="feed-title">
          {t('feed.title')} <UnreadBadge count={counts?.total ?? 0} t={t} lang={lang} />
        </h2>
        {/* Staff simulating her only look: marking her feed read would leave a trace. */}
        {!me.simulated_by && anyUnread && (
          <button type="button" class="button button--secondary" disabled={marking} onClick={markAll}>
            {t('feed.markAll')}
          </button>
        )}
      </div>
      <SaveError error={markError} onReload={feed.reload} />
      {done && !anyUnread && (
        <p class="visually-hidden" role="status">
          {t('feed.allRead')}
        </p>
      )}
      {feed.error != null && !feed.loaded && <Failure error={feed.error} retry={feed.retry} />}
      {!feed.loaded && feed.error == null && <Loading>{t('feed.loading')}</Loading>}
      {empty && <Empty>{t('feed.empty')}</Empty>}
      {feed.items.length > 0 && (
        <ol class="feed__list">
          {feed.items.map((item) => (
            <li key={item.id}>
              <FeedEntry item={item} lang={lang} onOpen={() => open(item)} />
            </li>
          ))}
        </ol>
      )}
      {feed.loaded && feed.error != null && <Failure error={feed.error} retry={feed.retry} />}
      {feed.loaded && !feed.busy && feed.next !== null && feed.items.length > 0 && (
        <button type="button" class="button button--secondary button--block" onClick={feed.more}>
          {t('feed.more')}
        </button>
      )}
      {feed.loaded && feed.busy && <Loading />}
    </section>
  );
}

function FeedEntry(props: { item: FeedItem; lang: Lang; onOpen: () => void }) {
  const { t } = useT();
  const { item, lang } = props;
  const update = item.update;
  const reading = update ? readingOf(update, lang) : null;
  const href = entryHref(item);
  return (
    <a class={`card feed-entry${item.read ? '' : ' feed-entry--unread'}`} href={href} onClick={props.onOpen}>
      <span class="feed-entry__head">
        <span class="feed-entry__title">
          {!item.read && (
            <span class="feed-entry__dot">
              <span class="visually-hidden">{t('feed.new')}: </span>
            </span>
          )}
          <span class="feed-entry__case">{item.matter_title ?? t('feed.noCase')}</span>
        </span>
        <time class="feed-entry__when" dateTime={item.occurred_at} title={formatDate(lang, item.occurred_at)}>
          {relativeTime(lang, item.occurred_at)}
        </time>
      </span>
      {item.document && (
        <span class="feed-entry__body">
          <span class="feed-entry__text">{t('feed.document', { name: item.document.file_name })}</span>
        </span>
      )}
      {item.request && (
        <span class="feed-entry__body">
          <span class="feed-entry__text">{t('feed.request', { title: item.request.title })}</span>
        </span>
      )}
      {update && (
        <span class="feed-entry__body">
          <UpdateIcon kind={update.kind} />
          <span class="feed-entry__kind visually-hidden">{t(`update.${update.kind}`)}: </span>
          {reading?.kind === 'plain' ? (
            <span class="feed-entry__text plain">
              <WandIcon label={t('plain.explained')} />
              <span>{reading.translation.happened}</span>
            </span>
          ) : (
            <span class="feed-entry__text">{update.text}</span>
          )}
        </span>
      )}
    </a>
  );
}

/** Where an entry opens: the update in its case's timeline, the request, or her documents. */
function entryHref(item: FeedItem): string {
  if (item.update && item.matter_id) return hrefTo('matters', item.matter_id, 'timeline', item.update.id);
  if (item.request) return hrefTo('requests', item.request.id);
  if (item.document) return item.matter_id ? hrefTo('matters', item.matter_id) : hrefTo('documents');
  return hrefTo('matters');
}

/** Her cases at a glance, each with where it stands and what she has not read (B7, A6). */
export function MyCases() {
  const { t } = useT();
  const cases = useLoad(() => api.get('/portal/matters', { query: { limit: HOME_CASES } }), []);
  const counts = useUnread(false); // the feed's pages bring them
  const items = cases.data?.items ?? [];
  return (
    <section class="home-card" aria-labelledby="my-cases-title">
      <h2 id="my-cases-title">{t('home.cases')}</h2>
      {cases.error != null && <Failure error={cases.error} retry={cases.reload} />}
      {cases.data === undefined && cases.error == null && <Loading />}
      {cases.data !== undefined && items.length === 0 && <Empty>{t('cases.empty')}</Empty>}
      {items.length > 0 && (
        <ul class="matters">
          {items.map((matter) => (
            <li key={matter.id}>
              <MatterCard matter={matter} counts={counts} />
            </li>
          ))}
        </ul>
      )}
      {cases.data?.next_cursor && <a href={hrefTo('matters')}>{t('home.allCases')}</a>}
    </section>
  );
}

const HOME_CASES = 5;

/** Her next dated items (a hearing, a task's due date), soonest first. */
export function NextAppointment(props: { upcoming: Upcoming[] | null; loaded: boolean; error: unknown }) {
  const { t, lang } = useT();
  const { upcoming } = props;
  return (
    <section class="home-card" aria-labelledby="next-title">
      <h2 id="next-title">{t('next.title')}</h2>
      {upcoming === null && props.error == null && <Loading />}
      {upcoming === null && props.error != null && <p class="muted">{t('next.empty')}</p>}
      {upcoming !== null && upcoming.length === 0 && <Empty>{t('next.empty')}</Empty>}
      {upcoming !== null && upcoming.length > 0 && (
        <ul class="plain-list">
          {upcoming.map((item) => (
            <li key={item.entry_id} class="next-item">
              <strong>{item.text}</strong>
              <span class="muted"> — {t('next.when', { date: formatDate(lang, item.due_at), relative: relativeTime(lang, item.due_at) })}</span>
              {item.matter_id && item.matter_title && (
                <>
                  {' · '}
                  <a href={hrefTo('matters', item.matter_id)}>{item.matter_title}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The firm's name and how to reach it, each a tap away on a phone. */
export function FirmContact(props: { branding: Branding | null }) {
  const { t } = useT();
  const { branding } = props;
  if (!branding) return null;
  const phone = (branding as Branding & { contact_phone?: string | null }).contact_phone ?? null;
  return (
    <section class="home-card" aria-labelledby="contact-title">
      <h2 id="contact-title">{t('contact.title')}</h2>
      <p>
        <strong>{branding.display_name}</strong>
      </p>
      <ul class="plain-list">
        {branding.contact_email && (
          <li>
            <a href={`mailto:${branding.contact_email}`}>{t('contact.email', { email: branding.contact_email })}</a>
          </li>
        )}
        {phone && (
          <li>
            <a href={`tel:${phone.replace(/[^\d+]/g, '')}`}>{t('contact.phone', { phone })}</a>
          </li>
        )}
      </ul>
      {!branding.contact_email && !phone && <p class="muted">{t('contact.none')}</p>}
    </section>
  );
}
