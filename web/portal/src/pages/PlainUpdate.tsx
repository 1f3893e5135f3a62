/**
 * F16: a timeline update as the client reads it. A court movement with a plain-language text
 * in the portal's language shows that text under a wand, what usually comes next, whether
 * the lawyer will be in touch, and the court's original one tap away; one without shows the
 * original, calmly marked "not translated yet". Part of the lazily loaded case screens.
 */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { readingOf, type ClientTranslation } from '../../../shared/plain-language';
import { UpdateView } from '../../../shared/ui/Update';
import { useT } from '../services';

type Item = Schemas['ClientTimelineItem'];

let counter = 0;

export function PlainUpdate(props: { update: Item }) {
  const { lang } = useT();
  const { update } = props;
  const reading = readingOf(update, lang);
  if (reading.kind === 'as_written') return <UpdateView update={update} />;
  if (reading.kind === 'untranslated') {
    return <UpdateView update={update} content={<Untranslated update={update} />} />;
  }
  return <UpdateView update={update} content={<Explained update={update} translation={reading.translation} />} />;
}

function Explained(props: { update: Item; translation: ClientTranslation }) {
  const { t } = useT();
  const { translation } = props;
  const [open, setOpen] = useState(false);
  const [id] = useState(() => `original-${++counter}`);
  return (
    <>
      <p class="update__text plain">
        <WandIcon label={t('plain.explained')} />
        <span>{translation.happened}</span>
      </p>
      {translation.next.trim() && <p class="plain__next">{t('plain.next', { next: translation.next })}</p>}
      {translation.action_needed && <p class="plain__action">{t('plain.action')}</p>}
      {translation.approximate && <p class="plain__note muted">{t('plain.approximate')}</p>}
      <button type="button" class="link-button plain__toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {open ? t('plain.hideOriginal') : t('plain.showOriginal')}
      </button>
      <div id={id} class="plain__original" hidden={!open}>
        {open && <Original update={props.update} />}
      </div>
    </>
  );
}

function Untranslated(props: { update: Item }) {
  const { t } = useT();
  return (
    <>
      <p class="plain__pending">
        <span class="badge badge--none">{t('plain.notYet')}</span>
      </p>
      <Original update={props.update} />
    </>
  );
}

/** The court's own words: its name for the movement, the complements labelled, the body. */
function Original(props: { update: Item }) {
  const { t } = useT();
  const { update } = props;
  const details = update.details;
  return (
    <>
      <p class="update__text">{update.text}</p>
      {details.length > 0 && (
        <ul class="update__complements" aria-label={t('update.complements')}>
          {details.map((detail, index) => (
            <li key={index}>{detail}</li>
          ))}
        </ul>
      )}
      {update.body && <p class="update__body">{update.body}</p>}
    </>
  );
}

/** A magic wand with sparkles: the text is an explanation, not the court's words. */
export function WandIcon(props: { label: string }) {
  return (
    <svg class="plain__wand" viewBox="0 0 24 24" width="20" height="20" role="img" aria-label={props.label} focusable="false">
      <title>{props.label}</title>
      <path
        d="M4 20 15 9m-2-2 4 4M18 2v3m-1.5-1.5h3M21 8v2m-1-1h2M10 3v2M9 4h2"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}
