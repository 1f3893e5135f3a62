/**
 * F16: an update's plain-language texts as staff keep them: each language's text with where
 * it came from, why there is none, a button to ask for one, and staff's own text (which wins
 * over every other source) written or corrected in one language.
 */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { detailErrors } from '../../../shared/errors';
import { LANGUAGES, type Lang } from '../../../shared/i18n';
import { sharedMessages } from '../../../shared/messages';
import { translationIn } from '../../../shared/plain-language';
import { formatDate } from '../../../shared/timeline';
import { Alert, Checkbox, onSubmit, Select, TextArea, useAction } from '../../../shared/ui/forms';
import { SaveError } from '../../../shared/ui/states';
import { sourceWords, stateWords } from '../plain-words';
import { api, useT } from '../services';

type Item = Schemas['StaffTimelineItem'];
type Written = Schemas['TimelineItem'];
type Translation = Schemas['Translation'];

const languageName = (code: Lang) => sharedMessages[code]['lang.name'];

/** Whether an update has a plain-language area: court movements, and whatever already has a text or a state. */
export function hasPlainLanguage(item: Item): boolean {
  return item.kind === 'automatic_movement' || (item.translations ?? []).length > 0 || item.translation_state != null;
}

export function PlainLanguage(props: {
  matterId: string;
  item: Item;
  names: Record<string, string>;
  onWritten: (item: Written) => void;
  onReload: () => void;
}) {
  const { t, lang } = useT();
  const { item } = props;
  const [editing, setEditing] = useState(false);
  const [asked, setAsked] = useState(false);
  const path = { matter_id: props.matterId, update_id: item.id };
  const ask = useAction(async () => {
    props.onWritten(await api.post('/matters/{matter_id}/timeline/{update_id}/translation', { path }));
    setAsked(true);
  });
  const translations = LANGUAGES.map((code) => translationIn(item.translations, code)).filter((found): found is Translation => found !== null);
  const state = stateWords(t, item);
  const headingId = `plain-${item.id}`;

  return (
    <section class="plain-admin" aria-labelledby={headingId}>
      <h4 id={headingId} class="plain-admin__title">
        {t('plain.title')}
      </h4>
      {translations.length === 0 && <p class="muted">{t('plain.none')}</p>}
      {translations.length > 0 && (
        <dl class="plain-admin__texts">
          {translations.map((translation) => (
            <div key={translation.language} class="plain-admin__text">
              <dt>{languageName(translation.language)}</dt>
              <dd lang={translation.language}>
                <p>{translation.plain.happened}</p>
                {translation.plain.next.trim() && <p>{t('plain.nextLine', { next: translation.plain.next })}</p>}
                {translation.plain.action_needed && <p class="plain__action">{t('plain.actionLine')}</p>}
              </dd>
              <dd class="muted plain-admin__source">
                {t('plain.madeAt', { source: sourceWords(t, translation, props.names), date: formatDate(lang, translation.made_at) })}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {state && <p class={`plain-admin__state plain-admin__state--${item.translation_state ?? 'none'}`}>{state}</p>}
      {asked && item.translation_state === 'pending' && <Alert kind="success">{t('plain.asked')}</Alert>}
      <SaveError error={ask.error} onReload={props.onReload} />
      {editing ? (
        <PlainForm
          path={path}
          item={item}
          onSaved={(written) => (setEditing(false), props.onWritten(written))}
          onCancel={() => setEditing(false)}
          onReload={props.onReload}
        />
      ) : (
        <div class="row">
          <button type="button" class="button button--secondary" disabled={ask.busy} onClick={() => (setAsked(false), ask.run())}>
            {t('plain.ask')}
          </button>
          <button type="button" class="button button--secondary" aria-label={t('plain.editLabel', { text: item.text })} onClick={() => setEditing(true)}>
            {t('plain.edit')}
          </button>
        </div>
      )}
    </section>
  );
}

/** Staff's own text in one language, sent with the update's version (a stale one offers to reload). */
function PlainForm(props: {
  path: { matter_id: string; update_id: string };
  item: Item;
  onSaved: (item: Written) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t, lang } = useT();
  const textIn = (code: Lang) => {
    const plain = translationIn(props.item.translations, code)?.plain;
    return { language: code, happened: plain?.happened ?? '', next: plain?.next ?? '', action_needed: plain?.action_needed ?? false };
  };
  const [form, setForm] = useState(() => textIn(lang));
  const save = useAction(async () => {
    const plain = { happened: form.happened.trim(), next: form.next.trim(), action_needed: form.action_needed };
    props.onSaved(
      await api.put('/matters/{matter_id}/timeline/{update_id}/translation', {
        path: props.path,
        body: { language: form.language, plain, version: props.item.version ?? 1 },
      }),
    );
  });
  const errors = detailErrors(t, save.error);
  return (
    <form class="update__form" onSubmit={onSubmit(() => save.run())} noValidate>
      <SaveError error={save.error} onReload={props.onReload} />
      <Select
        label={t('plain.language')}
        value={form.language}
        onValue={(code) => setForm(textIn(code))}
        options={LANGUAGES.map((code) => ({ value: code, label: languageName(code) }))}
      />
      <TextArea
        label={t('plain.happened')}
        required
        rows={3}
        value={form.happened}
        onValue={(happened) => setForm({ ...form, happened })}
        error={errors['plain.happened'] ?? errors.plain}
      />
      <TextArea label={t('plain.next')} rows={2} value={form.next} onValue={(next) => setForm({ ...form, next })} error={errors['plain.next']} />
      <Checkbox label={t('plain.actionNeeded')} checked={form.action_needed} onChange={(action_needed) => setForm({ ...form, action_needed })} />
      <div class="row">
        <button type="submit" class="button" disabled={save.busy}>
          {t('common.save')}
        </button>
        <button type="button" class="button button--secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
