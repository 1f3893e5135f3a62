/** The pages e-mailed links open: invitation, password reset, access link. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { hrefTo, replaceWith } from '../../../shared/router';
import { Alert } from '../../../shared/ui/forms';
import { NewPasswordForm } from '../../../shared/ui/NewPasswordForm';
import { Loading } from '../../../shared/ui/states';
import { api, session, slug, useT, type Branding } from '../services';

/**
 * `#/invite/<token>`: looks the invitation up (which does not use it), and redeems it only
 * when the client submits a password.
 */
export function InvitationPage(props: { token: string; branding: Branding }) {
  const { t, lang } = useT();
  const [details, setDetails] = useState<Schemas['InvitationDetails'] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    api
      .post('/auth/{kind}/invitation', { path: { kind: 'client' }, body: { portal: slug!, token: props.token } })
      .then(setDetails)
      .catch(setFailure);
  }, [props.token]);

  const accept = async (password: string) => {
    const pair = await api.post('/auth/{kind}/invitation/accept', { path: { kind: 'client' }, body: { portal: slug!, token: props.token, password } });
    session.start(pair, 'account');
    replaceWith();
  };

  if (failure) return <LinkFailure error={failure} invitation />;
  if (!details) return <Loading>{t('invite.checking')}</Loading>;
  const expires = new Date(details.expires_at).toLocaleString(lang, { dateStyle: 'long', timeStyle: 'short' });
  return (
    <section class="card narrow" aria-labelledby="invite-title">
      <h1 id="invite-title">{t('invite.title')}</h1>
      <p>{t('invite.intro', { firm: details.firm_name || props.branding.display_name, email: details.email })}</p>
      <p class="muted">{t('invite.expiresAt', { date: expires })}</p>
      <NewPasswordForm save={accept} button="common.setPassword" />
    </section>
  );
}

export function ResetPasswordPage(props: { token: string }) {
  const { t } = useT();
  const reset = async (new_password: string) => {
    const pair = await api.post('/auth/{kind}/reset-password', { path: { kind: 'client' }, body: { portal: slug!, token: props.token, new_password } });
    session.start(pair, 'account');
    replaceWith();
  };
  return (
    <section class="card narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{t('reset.title')}</h1>
      <p class="muted">{t('reset.intro')}</p>
      <NewPasswordForm save={reset} button="common.save" />
      <p class="links">
        <a href={hrefTo('forgot')}>{t('common.forgotPassword')}</a>
      </p>
    </section>
  );
}

/** `#/link/<token>`: the read-only session of a link access. */
export function LinkPage(props: { token: string }) {
  const { t } = useT();
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    api
      .post('/auth/client/link-session', { body: { portal: slug!, token: props.token } })
      .then((pair) => {
        session.start(pair, 'link');
        replaceWith();
      })
      .catch(setFailure);
  }, [props.token]);
  return failure ? <LinkFailure error={failure} /> : <Loading>{t('link.opening')}</Loading>;
}

function LinkFailure(props: { error: unknown; invitation?: boolean }) {
  const { t } = useT();
  const { error } = props;
  const expired = error instanceof ApiError && error.status === 410;
  const invalid = error instanceof ApiError && error.code === 'invalid_link';
  let message = errorText(t, error);
  if (props.invitation && expired) message = t('invite.expired');
  else if (props.invitation && invalid) message = t('invite.invalid');
  // A link access can be renewed by the client; an invitation only by the firm.
  const linkCanBeRenewed = !props.invitation && (invalid || expired);
  return (
    <section class="card narrow" aria-labelledby="link-failed-title">
      <h1 id="link-failed-title">{props.invitation ? t('invite.title') : t('link.failedTitle')}</h1>
      <Alert>{message}</Alert>
      <a class="button button--block" href={hrefTo(linkCanBeRenewed ? 'new-link' : 'sign-in')}>
        {linkCanBeRenewed ? t('newLink.send') : t('common.toSignIn')}
      </a>
    </section>
  );
}
