/** Pages for people who are not signed in: sign-in, forgot password, new link, signed out. */
import { useState } from 'preact/hooks';
import { errorText, fieldErrors } from '../../../shared/errors';
import { hrefTo, parseHash, replaceWith } from '../../../shared/router';
import { Alert, Field, onSubmit, useAction } from '../../../shared/ui/forms';
import type { Key } from '../messages';
import { api, session, slug, useT, type Branding } from '../services';

export function SignInPage(props: { branding: Branding }) {
  const { t } = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    const pair = await api.post('/auth/{kind}/sign-in', { path: { kind: 'client' }, body: { portal: slug!, email, password } });
    session.start(pair, 'account');
    // Opened at a page of the portal (an e-mailed link to a case, say): that page, now signed in.
    if (parseHash(location.hash)[0] === 'sign-in') replaceWith();
  });
  const fields = fieldErrors(t, action.error);
  return (
    <section class="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <p class="muted">{t('signIn.intro', { firm: props.branding.display_name })}</p>
      {action.error != null && <Alert>{errorText(t, action.error)}</Alert>}
      <form onSubmit={onSubmit(() => action.run())} noValidate>
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
      <p class="links">
        <a href={hrefTo('forgot')}>{t('common.forgotPassword')}</a>
        <span>
          {t('signIn.noPassword')} <a href={hrefTo('new-link')}>{t('signIn.askLink')}</a>
        </span>
      </p>
    </section>
  );
}

/** Ask for an e-mail with a link: a password reset, or a new access link. */
function EmailRequest(props: { title: Key; intro: Key; button: Key; sent: Key; send: (email: string) => Promise<unknown> }) {
  const { t } = useT();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const action = useAction(async () => {
    await props.send(email);
    setSent(true);
  });
  const fields = fieldErrors(t, action.error);
  return (
    <section class="card narrow" aria-labelledby="email-request-title">
      <h1 id="email-request-title">{t(props.title)}</h1>
      {sent ? (
        <Alert kind="success">{t(props.sent)}</Alert>
      ) : (
        <>
          <p class="muted">{t(props.intro)}</p>
          {action.error != null && <Alert>{errorText(t, action.error)}</Alert>}
          <form onSubmit={onSubmit(() => action.run())} noValidate>
            <Field label={t('common.email')} type="email" autocomplete="email" required value={email} onValue={setEmail} error={fields.email} />
            <button type="submit" class="button button--block" disabled={action.busy}>
              {t(props.button)}
            </button>
          </form>
        </>
      )}
      <p class="links">
        <a href={hrefTo('sign-in')}>{t('common.toSignIn')}</a>
      </p>
    </section>
  );
}

export function ForgotPasswordPage() {
  return (
    <EmailRequest
      title="forgot.title"
      intro="forgot.intro"
      button="common.sendResetLink"
      sent="common.resetSent"
      send={(email) => api.post('/auth/{kind}/forgot-password', { path: { kind: 'client' }, body: { portal: slug!, email } })}
    />
  );
}

export function NewLinkPage() {
  return (
    <EmailRequest
      title="newLink.title"
      intro="newLink.intro"
      button="newLink.send"
      sent="newLink.sent"
      send={(email) => api.post('/auth/client/access-link', { body: { portal: slug!, email } })}
    />
  );
}

const REASONS: Record<string, Key> = {
  'signed-out': 'signedOut.signedOut',
  'simulation-ended': 'signedOut.simulationEnded',
  access_blocked: 'error.access_blocked',
  access_removed: 'error.access_removed',
};

/** Where a session ends: on purpose, blocked, removed or expired, with what to do next. */
export function SignedOutPage(props: { reason: string }) {
  const { t } = useT();
  const message = REASONS[props.reason] ?? 'error.session_ended';
  return (
    <section class="card narrow" aria-labelledby="signed-out-title">
      <h1 id="signed-out-title">{t('signedOut.title')}</h1>
      <Alert kind={props.reason === 'signed-out' ? 'success' : 'info'}>{t(message)}</Alert>
      {props.reason !== 'simulation-ended' && (
        <a class="button button--block" href={hrefTo('sign-in')}>
          {t('common.toSignIn')}
        </a>
      )}
    </section>
  );
}
