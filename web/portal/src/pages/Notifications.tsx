/**
 * The profile's "Notifications" section (issue 10): per topic e-mail, SMS or none, and the
 * mobile number texts go to, verified with a code sent by SMS. Read-only sessions (a link,
 * a simulation) see the choices and change nothing.
 */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { Alert, Field, onSubmit, Select, useAction } from '../../../shared/ui/forms';
import { Failure, Loading, SaveError } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import type { Key } from '../messages';
import { api, useT } from '../services';

type Preferences = Schemas['NotificationPreferencesView'];
export type Topic = 'news' | 'case_changes' | 'document_requests' | 'billing';
type Choice = Preferences['channels'][string];

export const TOPICS: readonly Topic[] = ['news', 'case_changes', 'document_requests', 'billing'];

export function NotificationsSection(props: { readOnly: boolean }) {
  const { t } = useT();
  const { data, error, setData, reload } = useLoad(() => api.get('/portal/notification-preferences'), []);
  // Kept here: the choices' form starts afresh with each new version, a saved one included.
  const [saved, setSaved] = useState(false);
  return (
    <section class="card" aria-labelledby="notifications-title">
      <h2 id="notifications-title">{t('notifications.title')}</h2>
      <p class="muted">{t('notifications.intro')}</p>
      {error != null ? (
        <Failure error={error} retry={reload} />
      ) : !data ? (
        <Loading>{t('notifications.loading')}</Loading>
      ) : (
        <>
          {props.readOnly && <Alert kind="info">{t('notifications.readOnly')}</Alert>}
          {saved && <Alert kind="success">{t('notifications.saved')}</Alert>}
          <Choices
            key={data.version}
            preferences={data}
            readOnly={props.readOnly}
            onSaving={() => setSaved(false)}
            onSaved={(next) => (setData(next), setSaved(true))}
            onReload={reload}
          />
          <Mobile preferences={data} readOnly={props.readOnly} onChanged={setData} />
        </>
      )}
    </section>
  );
}

function Choices(props: { preferences: Preferences; readOnly: boolean; onSaving: () => void; onSaved: (p: Preferences) => void; onReload: () => void }) {
  const { t } = useT();
  const { preferences } = props;
  const [channels, setChannels] = useState(preferences.channels);
  const save = useAction(async () => {
    props.onSaved(await api.put('/portal/notification-preferences', { body: { channels, version: preferences.version } }));
  });
  const hasMobile = preferences.mobile != null;
  const options = (current: Choice) =>
    (['email', 'sms', 'none'] as const)
      // SMS is offered once a number is verified (or while a stored choice still says it).
      .filter((choice) => choice !== 'sms' || hasMobile || current === 'sms')
      .map((choice) => ({ value: choice, label: t(`notifications.channel.${choice}`) }));
  const problems = topicErrors(t, save.error);
  return (
    <form onSubmit={onSubmit(() => (props.onSaving(), save.run()))} noValidate>
      {Object.keys(problems).length === 0 && <SaveError error={save.error} onReload={props.onReload} />}
      {props.readOnly ? (
        <dl class="details">
          {TOPICS.map((topic) => (
            <Fragment key={topic}>
              <dt>{t(`notifications.topic.${topic}`)}</dt>
              <dd>{t(`notifications.channel.${preferences.channels[topic]}`)}</dd>
            </Fragment>
          ))}
        </dl>
      ) : (
        <>
          {TOPICS.map((topic) => (
            <Select<Choice>
              key={topic}
              label={t(`notifications.topic.${topic}`)}
              value={channels[topic]}
              onValue={(value) => setChannels({ ...channels, [topic]: value })}
              options={options(channels[topic])}
              error={problems[topic]}
            />
          ))}
          {!hasMobile && <p class="field__hint">{t('notifications.smsHint')}</p>}
          <button type="submit" class="button" disabled={save.busy}>
            {t('notifications.save')}
          </button>
        </>
      )}
    </form>
  );
}

function Mobile(props: { preferences: Preferences; readOnly: boolean; onChanged: (p: Preferences) => void }) {
  const { t } = useT();
  const { mobile, pending } = props.preferences;
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const [waiting, setWaiting] = useState<{ number: string; expires_at: string } | null>(pending && new Date(pending.expires_at) > new Date() ? pending : null);
  const [removed, setRemoved] = useState(false);
  const reread = async () => props.onChanged(await api.get('/portal/notification-preferences'));
  const send = useAction(async () => {
    setWaiting(await api.post('/portal/mobile', { body: { number } }));
    setCode('');
    await reread();
  });
  const confirm = useAction(async () => {
    try {
      props.onChanged(await api.post('/portal/mobile/verify', { body: { code } }));
      setWaiting(null);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) await reread(); // a try was counted
      throw error;
    }
  });
  const remove = useAction(async () => {
    props.onChanged(await api.delete('/portal/mobile'));
    setRemoved(true);
    setWaiting(null);
    setNumber('');
  });

  if (mobile) {
    return (
      <div class="mobile">
        <h3>{t('notifications.mobile')}</h3>
        <p>
          {mobile.number} <span class="badge badge--active">{t('notifications.verified')}</span>
        </p>
        {remove.error != null && <Alert>{errorText(t, remove.error)}</Alert>}
        {!props.readOnly && (
          <button type="button" class="link-button" onClick={() => remove.run()} disabled={remove.busy}>
            {t('notifications.remove')}
          </button>
        )}
      </div>
    );
  }
  if (props.readOnly) {
    return null;
  }
  if (waiting) {
    const attempts = props.preferences.pending?.attempts_left;
    return (
      <div class="mobile">
        <h3>{t('notifications.mobile')}</h3>
        <Alert kind="info">{t('notifications.codeSent', { number: waiting.number })}</Alert>
        {confirm.error != null && <Alert>{mobileError(t, confirm.error)}</Alert>}
        <form onSubmit={onSubmit(() => confirm.run())} noValidate>
          <Field
            label={t('notifications.code')}
            type="text"
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            onValue={setCode}
            hint={attempts != null && attempts < 5 ? t('notifications.attemptsLeft', { count: attempts }) : undefined}
          />
          <button type="submit" class="button" disabled={confirm.busy || code.trim().length !== 6}>
            {t('notifications.confirmCode')}
          </button>
        </form>
        <button type="button" class="link-button" onClick={() => (confirm.setError(null), setWaiting(null))}>
          {t('notifications.otherNumber')}
        </button>
      </div>
    );
  }
  return (
    <div class="mobile">
      <h3>{t('notifications.mobile')}</h3>
      {removed && <Alert kind="success">{t('notifications.removed')}</Alert>}
      <p class="muted">{t('notifications.mobileIntro')}</p>
      {send.error != null && <Alert>{mobileError(t, send.error)}</Alert>}
      <form onSubmit={onSubmit(() => (setRemoved(false), send.run()))} noValidate>
        <Field
          label={t('notifications.mobile')}
          type="tel"
          autocomplete="tel"
          required
          value={number}
          onValue={setNumber}
          hint={t('notifications.mobileHint')}
        />
        <button type="submit" class="button" disabled={send.busy || !number.trim()}>
          {t('notifications.sendCode')}
        </button>
      </form>
    </div>
  );
}

type T = ReturnType<typeof useT>['t'];

/** A refused choice, by topic (`channels.billing`: SMS without a verified number). */
function topicErrors(t: T, error: unknown): Partial<Record<Topic, string>> {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  const found: Partial<Record<Topic, string>> = {};
  for (const detail of error.details as { path?: string }[]) {
    const topic = detail.path?.replace(/^body\./, '').replace(/^channels\./, '') as Topic | undefined;
    if (topic && TOPICS.includes(topic)) found[topic] = t('notifications.smsNeedsMobile');
  }
  return found;
}

/** What went wrong with the number or the code, in the client's words. */
function mobileError(t: T, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'sms_opted_out') return t('notifications.optedOut');
    const path = (error.details as { path?: string }[])[0]?.path?.replace(/^body\./, '');
    const known: Record<string, Key> = { number: 'notifications.numberInvalid', code: 'notifications.codeWrong' };
    if (error.status === 422 && path && path in known) return t(known[path]);
    if (error.code === 'code_expired' || error.code === 'code_exhausted') return t('notifications.codeExpired');
    if (error.code === 'sms_cap_reached') return t('notifications.capReached');
  }
  return errorText(t, error);
}
