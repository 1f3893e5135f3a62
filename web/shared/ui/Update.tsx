/** One update of a matter's timeline as both apps show it; the admin app adds its controls as children. */
import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n';
import type { MatterKey } from '../matter-messages';
import type { SharedKey } from '../messages';
import { formatDate, type Update, type UpdateKind } from '../timeline';

// 24×24 line drawings: a courthouse, a pen, a ticked box, a gazette, a megaphone.
const ICONS: Record<UpdateKind, string> = {
  automatic_movement: 'M3 21h18M5 21v-9m4 9v-9m6 9v-9m4 9v-9M2 10l10-6 10 6z',
  manual_movement: 'M4 20h4L19 9l-4-4L4 16zm10-14 4 4',
  task: 'M4 4h16v16H4zm4 8 3 3 5-6',
  publication: 'M4 5h13v14H6a2 2 0 0 1-2-2zm13 4h3v8a2 2 0 0 1-2 2M8 9h5m-5 4h5',
  news: 'M3 10v4h4l6 4V6l-6 4zm14-2a5 5 0 0 1 0 8',
};

export function UpdateIcon(props: { kind: UpdateKind }) {
  return (
    <svg class="update__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d={ICONS[props.kind]} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

/**
 * The kind (icon and words, never the icon alone), the date, the text as written (for a
 * court movement, the court's own name for it) with the court's complements, the body, a
 * task's due date, and the firm's comment set apart. `content` stands in for the text, the
 * complements and the body (the portal's plain-language reading of a court movement).
 */
export function UpdateView(props: { update: Update; content?: ComponentChildren; children?: ComponentChildren }) {
  const { t, lang } = useI18n<MatterKey | SharedKey>();
  const { update } = props;
  return (
    <article class={`update update--${update.kind}`}>
      <header class="update__head">
        <UpdateIcon kind={update.kind} />
        <span class="update__kind">{t(`update.${update.kind}`)}</span>
        <time class="update__date" dateTime={update.occurred_at}>
          {formatDate(lang, update.occurred_at)}
        </time>
      </header>
      {props.content ?? (
        <>
          <p class="update__text">{update.text}</p>
          {update.details.length > 0 && (
            // The court's complements, named by the API as people read them ("Tipo de audiência: Conciliação").
            <ul class="update__complements" aria-label={t('update.complements')}>
              {update.details.map((detail, index) => (
                <li key={index}>{detail}</li>
              ))}
            </ul>
          )}
          {update.body && <p class="update__body">{update.body}</p>}
        </>
      )}
      {update.kind === 'task' && (update.due_at || update.done) && (
        <p class="update__due">
          {update.due_at && t('update.due', { date: formatDate(lang, update.due_at) })}
          {update.done && <span class="badge badge--active">{t('update.done')}</span>}
        </p>
      )}
      {update.comment && (
        <div class="update__comment">
          <p class="update__comment-title">{t('update.comment')}</p>
          <p class="update__body">{update.comment}</p>
        </div>
      )}
      {props.children}
    </article>
  );
}
