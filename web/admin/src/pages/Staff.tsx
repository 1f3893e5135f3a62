/** F01: the firm's staff; admins invite, change roles and remove. */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { errorText, fieldErrors } from '../../../shared/errors';
import { Alert, Field, onSubmit, useAction } from '../../../shared/ui/forms';
import { usePages } from '../../../shared/ui/usePages';
import { api, useT, type Me } from '../services';
import { Table } from '../../../shared/ui/Table';

type Member = Schemas['StaffView'];
type Role = Schemas['Role'];
const ROLES: Role[] = ['admin', 'staff'];

export function StaffPage(props: { me: Me }) {
  const { t } = useT();
  const admin = props.me.role === 'admin';
  const staff = usePages((cursor) => api.get('/staff', { query: { cursor, limit: 50 } }), []);
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
    staff.reload();
  });

  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">{t('staff.title')}</h1>
      {notice && <Alert kind="success">{notice}</Alert>}
      {action.error != null && <Alert>{errorText(t, action.error)}</Alert>}
      <Table<Member>
        pages={staff}
        rowKey={(member) => member.id}
        empty={t('staff.none')}
        columns={[
          {
            label: t('staff.name'),
            cell: (member) => (
              <>
                {member.name} {member.id === props.me.id && <span class="muted">{t('staff.you')}</span>}
              </>
            ),
          },
          { label: t('common.email'), cell: (member) => member.email },
          {
            label: t('staff.role'),
            cell: (member) =>
              admin && member.id !== props.me.id ? (
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
              ),
          },
          { label: t('staff.status'), cell: (member) => t(`staff.status.${member.status}`) },
          admin && {
            label: t('common.actions'),
            cell: (member) =>
              member.id !== props.me.id && (
                <button type="button" class="button button--danger" disabled={action.busy} onClick={() => action.run(member, 'remove')}>
                  {t('staff.remove')}
                </button>
              ),
          },
        ]}
      />
      {admin && <InviteForm onInvited={(email) => (setNotice(t('staff.invited', { email })), staff.reload())} />}
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
