/**
 * One of the client's cases as a card: its name and unread badge, number and court, where it
 * stands (B7) and its status. The case list and the home show the same card.
 */
import type { Schemas } from '../../../shared/api/client';
import { hrefTo } from '../../../shared/router';
import { formatDate } from '../../../shared/timeline';
import { MatterStatus } from '../../../shared/ui/MatterStatus';
import { StageProgress } from '../../../shared/ui/StageProgress';
import { useT } from '../services';
import { UnreadBadge, unreadOf, type UnreadCounts } from '../unread';

export function MatterCard(props: { matter: Schemas['ClientMatterView']; counts: UnreadCounts | null }) {
  const { t, lang } = useT();
  const { matter } = props;
  return (
    <a class="card matter-card" href={hrefTo('matters', matter.id)}>
      <span class="matter-card__top">
        <span class="matter-card__title">{matter.title}</span>
        <UnreadBadge count={unreadOf(props.counts, matter.id)} t={t} lang={lang} />
      </span>
      {matter.number && <span class="matter-card__number">{matter.number}</span>}
      {(matter.court || matter.venue) && <span class="muted">{[matter.venue, matter.court].filter(Boolean).join(' · ')}</span>}
      <StageProgress stage={matter.stage} compact />
      <span class="matter-card__meta">
        <MatterStatus status={matter.status} />
        <span class="muted">{t('cases.updated', { date: formatDate(lang, matter.updated_at) })}</span>
      </span>
    </a>
  );
}
