import { useState } from 'preact/hooks';
import { errorText, fieldErrors } from '../../../shared/errors';
import { replaceWith } from '../../../shared/router';
import { Alert, Field, onSubmit, useAction } from '../../../shared/ui/forms';
import { catalogs } from '../messages';
import { api, session, useT, type Me } from '../services';
import { NotificationsSection } from './Notifications';

export function ProfilePage(props: { me: Me }) {
  const { t } = useT();
  const { me } = props;
  return (
    <section aria-labelledby="profile-title">
      <h1 id="profile-title">{t('profile.title')}</h1>
      <dl class="card details">
        <dt>{t('profile.name')}</dt>
        <dd>{me.name}</dd>
        <dt>{t('common.email')}</dt>
        <dd>{me.email}</dd>
        <dt>{t('profile.language')}</dt>
        <dd>{me.language ? catalogs[me.language]['lang.name'] : t('profile.languageUnset')}</dd>
      </dl>
      <NotificationsSection readOnly={me.read_only} />
      {me.read_only ? <Alert kind="info">{t('profile.readOnly')}</Alert> : <PasswordChange />}
    </section>
  );
}

function PasswordChange() {
  const { t } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    const pair = await api.post('/auth/password', { body: { current_password: current, new_password: next } });
    session.start(pair, 'account');
    setCurrent('');
    setNext('');
    setDone(true);
  });
  const everywhere = useAction(async () => {
    await api.post('/auth/sign-out', { body: { everywhere: true } });
    session.clear();
    replaceWith('signed-out', 'signed-out');
  });
  const fields = fieldErrors(t, change.error);
  return (
    <div class="card">
      <h2>{t('profile.changePassword')}</h2>
      {done && <Alert kind="success">{t('profile.passwordChanged')}</Alert>}
      {change.error != null && <Alert>{errorText(t, change.error)}</Alert>}
      <form onSubmit={onSubmit(() => (setDone(false), change.run()))} noValidate>
        <Field
          label={t('profile.currentPassword')}
          type="password"
          autocomplete="current-password"
          required
          value={current}
          onValue={setCurrent}
          error={fields.current_password}
        />
        <Field
          label={t('common.newPassword')}
          type="password"
          autocomplete="new-password"
          required
          minLength={10}
          hint={t('common.passwordHint')}
          value={next}
          onValue={setNext}
          error={fields.new_password}
        />
        <button type="submit" class="button button--block" disabled={change.busy}>
          {t('common.save')}
        </button>
      </form>
      {everywhere.error != null && <Alert>{errorText(t, everywhere.error)}</Alert>}
      <button type="button" class="link-button" onClick={() => everywhere.run()} disabled={everywhere.busy}>
        {t('profile.signOutEverywhere')}
      </button>
    </div>
  );
}
