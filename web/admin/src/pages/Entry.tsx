/** Pages before signing in: sign-in, forgot password, signed out. */
import { useState } from 'preact/hooks';
import { errorText, fieldErrors } from '../../../shared/errors';
import { hrefTo, replaceWith } from '../../../shared/router';
import { Alert, Field, onSubmit, useAction } from '../../../shared/ui/forms';
import { api, rememberedSlug, rememberSlug, session, useT } from '../services';

export function SignInPage() {
  const { t } = useT();
  const [portal, setPortal] = useState(rememberedSlug);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    const slug = portal.trim().toLowerCase();
    const pair = await api.post('/auth/{kind}/sign-in', { path: { kind: 'staff' }, body: { portal: slug, email, password } });
    rememberSlug(slug);
    session.start(pair, 'account');
    replaceWith('clients');
  });
  const fields = fieldErrors(t, action.error);
  return (
    <section class="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {action.error != null && <Alert>{errorText(t, action.error)}</Alert>}
      <form onSubmit={onSubmit(() => action.run())} noValidate>
        <Field
          label={t('signIn.portal')}
          hint={t('signIn.portalHint')}
          type="text"
          autocomplete="organization"
          autocapitalize="none"
          required
          value={portal}
          onValue={setPortal}
          error={fields.portal}
        />
        <Field label={t('common.email')} type="email" autocomplete="username" required value={email} onValue={setEmail} error={fields.email} />
        <Field
          label={t('common.password')}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onValue={setPassword}
          error={fields.password}
        />
        <button type="submit" class="button button--block" disabled={action.busy}>
          {t('common.signIn')}
        </button>
      </form>
      <p>
        <a href={hrefTo('forgot')}>{t('common.forgotPassword')}</a>
      </p>
    </section>
  );
}

export function ForgotPasswordPage() {
  const { t } = useT();
  const [portal, setPortal] = useState(rememberedSlug);
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const action = useAction(async () => {
    await api.post('/auth/{kind}/forgot-password', { path: { kind: 'staff' }, body: { portal: portal.trim().toLowerCase(), email } });
    setSent(true);
  });
  const fields = fieldErrors(t, action.error);
  return (
    <section class="card narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t('forgot.title')}</h1>
      {sent ? (
        <Alert kind="success">{t('common.resetSent')}</Alert>
      ) : (
        <form onSubmit={onSubmit(() => action.run())} noValidate>
          <p class="muted">{t('forgot.intro')}</p>
          {action.error != null && <Alert>{errorText(t, action.error)}</Alert>}
          <Field label={t('signIn.portal')} type="text" autocapitalize="none" required value={portal} onValue={setPortal} error={fields.portal} />
          <Field label={t('common.email')} type="email" autocomplete="email" required value={email} onValue={setEmail} error={fields.email} />
          <button type="submit" class="button button--block" disabled={action.busy}>
            {t('common.sendResetLink')}
          </button>
        </form>
      )}
      <p>
        <a href={hrefTo('sign-in')}>{t('common.toSignIn')}</a>
      </p>
    </section>
  );
}

export function SignedOutPage(props: { reason: string }) {
  const { t } = useT();
  return (
    <section class="card narrow" aria-labelledby="signed-out-title">
      <h1 id="signed-out-title">{t('signedOut.title')}</h1>
      <Alert kind={props.reason === 'signed-out' ? 'success' : 'info'}>
        {props.reason === 'signed-out' ? t('signedOut.signedOut') : t('error.session_ended')}
      </Alert>
      <a class="button button--block" href={hrefTo('sign-in')}>
        {t('common.toSignIn')}
      </a>
    </section>
  );
}
