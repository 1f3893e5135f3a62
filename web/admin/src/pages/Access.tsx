/** A client's portal access (F05-F08): grant, resend, block, unblock, remove, profile, simulate. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { hrefTo } from '../../../shared/router';
import { Alert, Checkbox, onSubmit, useAction } from '../../../shared/ui/forms';
import { Failure, SaveError } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import type { Key } from '../messages';
import { api, useT } from '../services';
import { AccessBadge } from './AccessBadge';

type Client = Schemas['Client'];
type Access = Schemas['AccessView'];
type Profile = Schemas['VisibilityProfile'];

const PROFILE_KEYS = [
  'automatic_movements',
  'manual_movements',
  'tasks',
  'publications',
  'documents',
  'include_private_matters',
  'include_team_matters',
] as const satisfies readonly (keyof Profile)[];

const DEFAULT_PROFILE: Profile = {
  automatic_movements: true,
  manual_movements: true,
  tasks: false,
  publications: true,
  documents: true,
  include_private_matters: false,
  include_team_matters: false,
};

export function AccessPanel(props: { client: Client; admin: boolean; onChanged: () => void }) {
  const { t } = useT();
  const { client } = props;
  const [notice, setNotice] = useState<Key | null>(null);
  // Only admins may read an access; a 404 means the client has none.
  const {
    data: access,
    error,
    reload: load,
    setData: setAccess,
  } = useLoad<Access | null>(
    () =>
      props.admin
        ? api.get('/clients/{client_id}/access', { path: { client_id: client.id } }).catch((caught: unknown) => {
            if (caught instanceof ApiError && caught.status === 404) return null;
            throw caught;
          })
        : Promise.resolve(null),
    [client.id, props.admin],
  );

  /** After a change: show what happened, and refresh the client (its badge) and the access. */
  const changed = (next: Access | null, message: Key) => {
    setAccess(next);
    setNotice(message);
    props.onChanged();
  };

  let body;
  if (!props.admin) {
    body = (
      <>
        <p>
          <AccessBadge status={client.access?.status ?? null} />
        </p>
        <p class="muted">{t('access.adminsOnly')}</p>
      </>
    );
  } else if (error) body = <Failure error={error} retry={load} />;
  else if (access === undefined) body = <p class="muted">{t('common.loading')}</p>;
  else if (!access) body = <GrantForm client={client} onGranted={(granted) => changed(granted, 'access.granted')} />;
  else body = <AccessDetails client={client} access={access} onChanged={changed} onReload={load} />;

  return (
    <section class="card" aria-labelledby="access-title">
      <h2 id="access-title">{t('access.title')}</h2>
      {notice && <Alert kind="success">{t(notice)}</Alert>}
      {body}
    </section>
  );
}

function ProfileBoxes(props: { profile: Profile; onChange: (profile: Profile) => void }) {
  const { t } = useT();
  return (
    <fieldset>
      <legend>{t('access.profile')}</legend>
      {PROFILE_KEYS.map((key) => (
        <Checkbox
          key={key}
          label={t(`profile.${key}`)}
          checked={props.profile[key]}
          onChange={(checked) => props.onChange({ ...props.profile, [key]: checked })}
        />
      ))}
    </fieldset>
  );
}

function GrantForm(props: { client: Client; onGranted: (access: Access) => void }) {
  const { t } = useT();
  const emails = props.client.emails ?? [];
  const [type, setType] = useState<'account' | 'link'>('account');
  const [email, setEmail] = useState(emails[0] ?? '');
  const [profile, setProfile] = useState<Profile>(DEFAULT_PROFILE);
  const grant = useAction(async () => {
    props.onGranted(await api.post('/clients/{client_id}/access', { path: { client_id: props.client.id }, body: { type, email, profile } }));
  });
  if (emails.length === 0) return <p class="muted">{t('access.needsEmail')}</p>;
  return (
    <form onSubmit={onSubmit(() => grant.run())} noValidate>
      <p class="muted">{t('access.none')}</p>
      {grant.error != null && <Alert>{errorText(t, grant.error)}</Alert>}
      <fieldset>
        <legend>{t('access.type')}</legend>
        {(['account', 'link'] as const).map((option) => (
          <label class="check" key={option}>
            <input type="radio" name="access-type" value={option} checked={type === option} onChange={() => setType(option)} />
            <span>{t(`type.${option}`)}</span>
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="access-email">{t('access.email')}</label>
        <select id="access-email" value={email} onChange={(e) => setEmail(e.currentTarget.value)}>
          {emails.map((address) => (
            <option key={address} value={address}>
              {address}
            </option>
          ))}
        </select>
      </div>
      <ProfileBoxes profile={profile} onChange={setProfile} />
      <button type="submit" class="button" disabled={grant.busy}>
        {t('access.grant')}
      </button>
    </form>
  );
}

function AccessDetails(props: { client: Client; access: Access; onChanged: (access: Access | null, message: Key) => void; onReload: () => void }) {
  const { t, lang } = useT();
  const { access, client } = props;
  const path = { client_id: client.id };
  const [profile, setProfile] = useState<Profile>(access.profile);
  useEffect(() => setProfile(access.profile), [access.version]);
  const when = (value: string | null) => (value ? new Date(value).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }) : '—');

  const action = useAction(async (kind: 'resend' | 'block' | 'unblock' | 'remove' | 'profile') => {
    switch (kind) {
      case 'resend':
        return props.onChanged(await api.post('/clients/{client_id}/access/resend', { path }), 'access.resent');
      case 'block':
        return props.onChanged(await api.post('/clients/{client_id}/access/block', { path }), 'access.blocked');
      case 'unblock':
        return props.onChanged(await api.post('/clients/{client_id}/access/unblock', { path }), 'access.unblocked');
      case 'remove':
        if (!confirm(t('access.confirmRemove', { name: client.name }))) return;
        await api.delete('/clients/{client_id}/access', { path });
        return props.onChanged(null, 'access.removed');
      case 'profile':
        return props.onChanged(await api.put('/clients/{client_id}/access/profile', { path, body: { profile, version: access.version } }), 'common.saved');
    }
  });
  const simulate = useSimulation(client.id);

  return (
    <div>
      <dl class="details">
        <dt>{t('access.status')}</dt>
        <dd>
          <AccessBadge status={access.status} />
        </dd>
        <dt>{t('access.type')}</dt>
        <dd>{t(`type.${access.type}`)}</dd>
        <dt>{t('common.email')}</dt>
        <dd>{access.email}</dd>
        <dt>{t('access.invitationSent')}</dt>
        <dd>{when(access.invitation_sent_at)}</dd>
        {access.invitation_expires_at && (
          <>
            <dt>{t('access.invitationExpires')}</dt>
            <dd>{when(access.invitation_expires_at)}</dd>
          </>
        )}
        <dt>{t('access.activated')}</dt>
        <dd>{when(access.activated_at)}</dd>
        <dt>{t('access.lastSignIn')}</dt>
        <dd>{when(access.last_sign_in_at)}</dd>
      </dl>
      <SaveError error={action.error} onReload={props.onReload} />
      <div class="row actions">
        {(access.status === 'pending' || access.type === 'link') && access.status !== 'blocked' && (
          <button type="button" class="button button--secondary" disabled={action.busy} onClick={() => action.run('resend')}>
            {t('access.resend')}
          </button>
        )}
        {access.status === 'blocked' ? (
          <button type="button" class="button button--secondary" disabled={action.busy} onClick={() => action.run('unblock')}>
            {t('access.unblock')}
          </button>
        ) : (
          <button type="button" class="button button--danger" disabled={action.busy} onClick={() => action.run('block')}>
            {t('access.block')}
          </button>
        )}
        <button type="button" class="button button--danger" disabled={action.busy} onClick={() => action.run('remove')}>
          {t('access.remove')}
        </button>
      </div>
      <form onSubmit={onSubmit(() => action.run('profile'))}>
        <ProfileBoxes profile={profile} onChange={setProfile} />
        <button type="submit" class="button button--secondary" disabled={action.busy}>
          {t('access.saveProfile')}
        </button>
      </form>
      <div class="simulate">
        {simulate.error != null && <Alert>{errorText(t, simulate.error)}</Alert>}
        <button type="button" class="button" disabled={simulate.busy} onClick={() => simulate.run()} aria-describedby="simulate-hint">
          {t('access.simulate')}
        </button>
        <p class="field__hint" id="simulate-hint">
          {t('access.simulateHint')}
        </p>
      </div>
    </div>
  );
}

/**
 * Opens the portal as the client sees it, in a new tab. The tab is opened at the click (so
 * no popup blocker stops it) and sent to the portal once the read-only token is there; the
 * token travels in the fragment, which the portal keeps in that tab's sessionStorage.
 */
function useSimulation(clientId: string) {
  return useAction(async () => {
    const tab = window.open('', '_blank');
    try {
      const [pair, firm] = await Promise.all([api.post('/clients/{client_id}/access/simulation', { path: { client_id: clientId } }), api.get('/firm')]);
      const url = firm.portal_url + hrefTo('simulate', pair.access_token, pair.expires_at);
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      } else {
        window.open(url, '_blank', 'noopener');
      }
    } catch (error) {
      tab?.close();
      throw error;
    }
  });
}
