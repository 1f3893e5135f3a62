/**
 * `#/unsubscribe/<token>`: the page an e-mail's unsubscribe link opens. It says what stops
 * and waits for a click: opening a link must never unsubscribe (mail scanners open links).
 * The click is the same POST a mail app's one-click unsubscribe sends (RFC 8058).
 */
import { useState } from 'preact/hooks';
import { ApiError } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { hrefTo } from '../../../shared/router';
import { Alert, useAction } from '../../../shared/ui/forms';
import { api, useT, type Branding } from '../services';
import { TOPICS, type Topic } from './Notifications';

/** The topic the token names (its payload is readable; only the API checks the signature). */
export function topicOf(token: string): Topic | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { topic?: unknown };
    return TOPICS.find((topic) => topic === json.topic) ?? null;
  } catch {
    return null;
  }
}

export function UnsubscribePage(props: { token: string; branding: Branding }) {
  const { t } = useT();
  const topic = topicOf(props.token);
  const [done, setDone] = useState<Topic | null>(null);
  const stop = useAction(async () => {
    const result = await api.post('/unsubscribe', { query: { token: props.token } });
    setDone(result.topic);
  });
  const firm = props.branding.display_name;
  const topicName = (name: Topic) => t(`notifications.topic.${name}`);
  const invalid = stop.error instanceof ApiError && (stop.error.code === 'invalid_link' || stop.error.status === 422);
  return (
    <section class="card narrow" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{t('unsubscribe.title')}</h1>
      {done ? (
        <Alert kind="success">{t('unsubscribe.done', { topic: topicName(done) })}</Alert>
      ) : invalid || !props.token ? (
        <Alert>{t('unsubscribe.invalid')}</Alert>
      ) : (
        <>
          <p>{topic ? t('unsubscribe.intro', { topic: topicName(topic), firm }) : t('unsubscribe.introUnknown', { firm })}</p>
          {stop.error != null && <Alert>{errorText(t, stop.error)}</Alert>}
          <button type="button" class="button button--block" onClick={() => stop.run()} disabled={stop.busy}>
            {t('unsubscribe.confirm')}
          </button>
        </>
      )}
      <p>
        <a href={hrefTo('profile')}>{t('nav.profile')}</a>
      </p>
    </section>
  );
}
