/** F01: the firm's staff; admins invite, change roles and remove. */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { errorText, fieldErrors } from '../../../shared/errors';
import { Alert, Field, onSubmit, useAction } from '../../../shared/ui/forms';
import { Empty, Failure, Loading } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import { api, useT, type Me } from '../services';

type Member = Schemas['StaffView'];
type Role = Schemas['Role'];
const ROLES: Role[] = ['admin', 'staff'];

export function StaffPage(props: { me: Me }) {
  const { t } = useT();
  const admin = props.me.role === 'admin';
  // One page of 100: a firm with more staff sees the first hundred by name.
  const { data: page, error, reload: load } = useLoad(() => api.get('/staff', { query: { limit: 100 } }), []);
  const staff = page?.items;
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction(async (member: Member, change: { role: Role } | 'remove') => {
    setNotice(null);
    if (change === 'remove') {
      if (!confirm(t('staff.confirmRemove', { name: member.name }))) return;
      await api.delete('/staff/{staff_id}', { path: { staff_id: member.id } });
    } else {
      await api.put('/staff/{staff_id}', { path: { staff_id: member.id }, body: { name: member.name, role: change.role, version: member.version } });
      setNotice(t('common.saved'));
    }
    load();
  });

  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">{t('staff.title')}</h1>
      {error != null && <Failure error={error} retry={load} />}
      {notice && <Alert kind="success">{notice}</Alert>}
      {action.error != null && <Alert>{errorText(t, action.error)}</Alert>}
      {!staff && error == null && <Loading />}
      {staff && staff.length === 0 && <Empty>{t('staff.none')}</Empty>}
      {staff && staff.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('staff.name')}</th>
              <th scope="col">{t('common.email')}</th>
              <th scope="col">{t('staff.role')}</th>
              <th scope="col">{t('staff.status')}</th>
              {admin && <th scope="col">{t('common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => {
              const self = member.id === props.me.id;
              return (
                <tr key={member.id}>
                  <td data-label={t('staff.name')}>
                    {member.name} {self && <span class="muted">{t('staff.you')}</span>}
                  </td>
                  <td data-label={t('common.email')}>{member.email}</td>
                  <td data-label={t('staff.role')}>
                    {admin && !self ? (
                      <select
                        aria-label={t('staff.changeRole', { name: member.name })}
                        value={member.role}
                        disabled={action.busy}
                        onChange={(e) => action.run(member, { role: e.currentTarget.value as Role })}
                      >
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`staff.role.${role}`)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      t(`staff.role.${member.role}`)
                    )}
                  </td>
                  <td data-label={t('staff.status')}>{t(`staff.status.${member.status}`)}</td>
                  {admin && (
                    <td data-label={t('common.actions')}>
                      {!self && (
                        <button type="button" class="button button--danger" disabled={action.busy} onClick={() => action.run(member, 'remove')}>
                          {t('staff.remove')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {admin && <InviteForm onInvited={(email) => (setNotice(t('staff.invited', { email })), load())} />}
    </section>
  );
}

function InviteForm(props: { onInvited: (email: string) => void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const invite = useAction(async () => {
    const member = await api.post('/staff', { body: { name, email, role } });
    setName('');
    setEmail('');
    props.onInvited(member.email);
  });
  const fields = fieldErrors(t, invite.error);
  return (
    <form class="card" onSubmit={onSubmit(() => invite.run())} noValidate>
      <h2>{t('staff.invite')}</h2>
      {invite.error != null && <Alert>{errorText(t, invite.error)}</Alert>}
      <Field label={t('staff.name')} type="text" required value={name} onValue={setName} error={fields.name} />
      <Field label={t('common.email')} type="email" required value={email} onValue={setEmail} error={fields.email} />
      <div class="field">
        <label for="invite-role">{t('staff.role')}</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {t(`staff.role.${option}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button" disabled={invite.busy}>
        {t('staff.inviteButton')}
      </button>
    </form>
  );
}
