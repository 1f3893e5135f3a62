/** Staff e-mailed links: `#/invite/<slug>/<token>` and `#/reset/<slug>/<token>`. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { hrefTo, replaceWith } from '../../../shared/router';
import { Alert } from '../../../shared/ui/forms';
import { NewPasswordForm } from '../../../shared/ui/NewPasswordForm';
import { api, rememberSlug, session, useT } from '../services';

/** Looking the invitation up does not use it; only submitting the password does. */
export function InvitationPage(props: { slug: string; token: string }) {
  const { t } = useT();
  const [details, setDetails] = useState<Schemas['InvitationDetails'] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    api
      .post('/auth/{kind}/invitation', { path: { kind: 'staff' }, body: { portal: props.slug, token: props.token } })
      .then(setDetails)
      .catch(setFailure);
  }, [props.slug, props.token]);
  const accept = async (password: string) => {
    const pair = await api.post('/auth/{kind}/invitation/accept', { path: { kind: 'staff' }, body: { portal: props.slug, token: props.token, password } });
    rememberSlug(props.slug);
    session.start(pair, 'account');
    replaceWith('clients');
  };
  if (failure) {
    const expired = failure instanceof ApiError && failure.status === 410;
    return (
      <section class="card narrow" aria-labelledby="invite-title">
        <h1 id="invite-title">{t('invite.title')}</h1>
        <Alert>{expired ? t('invite.expired') : errorText(t, failure)}</Alert>
        <a class="button" href={hrefTo('sign-in')}>
          {t('common.toSignIn')}
        </a>
      </section>
    );
  }
  if (!details) return <p class="muted">{t('invite.checking')}</p>;
  return (
    <section class="card narrow" aria-labelledby="invite-title">
      <h1 id="invite-title">{t('invite.title')}</h1>
      <p>{t('invite.intro', { firm: details.firm_name, email: details.email })}</p>
      <NewPasswordForm save={accept} button="common.setPassword" />
    </section>
  );
}

export function ResetPasswordPage(props: { slug: string; token: string }) {
  const { t } = useT();
  const reset = async (new_password: string) => {
    const pair = await api.post('/auth/{kind}/reset-password', { path: { kind: 'staff' }, body: { portal: props.slug, token: props.token, new_password } });
    rememberSlug(props.slug);
    session.start(pair, 'account');
    replaceWith('clients');
  };
  return (
    <section class="card narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{t('reset.title')}</h1>
      <NewPasswordForm save={reset} button="common.save" />
      <p>
        <a href={hrefTo('forgot')}>{t('common.forgotPassword')}</a>
      </p>
    </section>
  );
}
