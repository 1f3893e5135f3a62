/** One client: their details (create or edit, with the version for 409s) and their portal access. */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { clientWithTheEmail, errorText, fieldErrors } from '../../../shared/errors';
import { LANGUAGES, type Lang } from '../../../shared/i18n';
import { sharedMessages } from '../../../shared/messages';
import { hrefTo, navigate } from '../../../shared/router';
import { Alert, Field, onSubmit, useAction } from '../../../shared/ui/forms';
import { Failure, SaveError } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import { api, useT } from '../services';
import { AccessPanel } from './Access';
import { ClientConsultations } from './Consultations';
import { ClientDocumentsTab } from './Requests';
import { ClientNotificationChoices } from './NotificationChoices';
import { ClientSuppressions } from './Suppressions';

type Client = Schemas['Client'];

export function ClientPage(props: { id: string; admin: boolean; tab?: string | undefined }) {
  const { t } = useT();
  const [saved, setSaved] = useState(false);
  const isNew = props.id === 'new';
  const documents = props.tab === 'documents';
  const consultations = props.tab === 'consultations';
  const {
    data: client,
    error,
    reload: load,
    setData: setClient,
  } = useLoad(() => (isNew ? Promise.resolve(null) : api.get('/clients/{client_id}', { path: { client_id: props.id } })), [props.id]);

  if (isNew) {
    return (
      <section aria-labelledby="client-title">
        <p>
          <a href={hrefTo('clients')}>← {t('nav.clients')}</a>
        </p>
        <h1 id="client-title">{t('client.newTitle')}</h1>
        <ClientForm client={null} onSaved={(created) => navigate('clients', created.id)} onReload={load} />
      </section>
    );
  }
  if (error) return <Failure error={error} retry={load} />;
  if (!client) return <p class="muted">{t('common.loading')}</p>;
  return (
    <section aria-labelledby="client-title">
      <p>
        <a href={hrefTo('clients')}>← {t('nav.clients')}</a>
      </p>
      <h1 id="client-title">{t('client.editTitle', { name: client.name })}</h1>
      <ClientSuppressions clientId={client.id} />
      <nav class="tabs" aria-label={t('sections.client')}>
        <a href={hrefTo('clients', client.id)} aria-current={documents || consultations ? undefined : 'page'}>
          {t('sections.clientDetails')}
        </a>
        <a href={hrefTo('clients', client.id, 'documents')} aria-current={documents ? 'page' : undefined}>
          {t('documents.title')}
        </a>
        <a href={hrefTo('clients', client.id, 'consultations')} aria-current={consultations ? 'page' : undefined}>
          {t('nav.consultations')}
        </a>
      </nav>
      {consultations ? (
        <ClientConsultations clientId={client.id} />
      ) : documents ? (
        <ClientDocumentsTab clientId={client.id} name={client.name} />
      ) : (
        <div class="columns">
          <div class="card">
            <h2>{t('client.details')}</h2>
            {saved && <Alert kind="success">{t('common.saved')}</Alert>}
            {/* A new version (saved, or reloaded after a 409) starts the form afresh. */}
            <ClientForm
              key={client.version}
              client={client}
              onSaved={(updated) => (setClient(updated), setSaved(true))}
              onReload={() => (setSaved(false), load())}
            />
            <DeleteClient client={client} />
          </div>
          <AccessPanel client={client} admin={props.admin} onChanged={load} />
          <ClientNotificationChoices clientId={client.id} />
        </div>
      )}
    </section>
  );
}

const list = (value: string) => value.split(/[\s,;]+/).filter(Boolean);

function ClientForm(props: { client: Client | null; onSaved: (client: Client) => void; onReload: () => void }) {
  const { t } = useT();
  const { client } = props;
  const [name, setName] = useState(client?.name ?? '');
  const [emails, setEmails] = useState((client?.emails ?? []).join(', '));
  const [phone, setPhone] = useState(client?.phone ?? '');
  const [language, setLanguage] = useState<Lang | ''>(client?.language ?? '');
  const [notify, setNotify] = useState((client?.notification_emails ?? []).join(', '));
  const save = useAction(async () => {
    const body = { name, emails: list(emails), phone: phone.trim() || null, language: language || null, notification_emails: list(notify) };
    const result = client
      ? await api.put('/clients/{client_id}', { path: { client_id: client.id }, body: { ...body, version: client.version ?? 1 } })
      : await api.post('/clients', { body });
    props.onSaved(result);
  });
  const fields = fieldErrors(t, save.error);
  const other = clientWithTheEmail(save.error);
  return (
    <form onSubmit={onSubmit(() => save.run())} noValidate>
      <SaveError error={save.error} onReload={props.onReload} />
      {other && <a href={hrefTo('clients', other)}>{t('client.openOther')}</a>}
      <Field label={t('client.name')} type="text" required value={name} onValue={setName} error={fields.name} />
      <Field label={t('client.emails')} type="text" inputMode="email" hint={t('client.emailsHint')} value={emails} onValue={setEmails} error={fields.emails} />
      <Field label={t('client.phone')} type="tel" value={phone} onValue={setPhone} error={fields.phone} />
      <div class="field">
        <label for="client-language">{t('client.language')}</label>
        <select id="client-language" value={language} onChange={(e) => setLanguage(e.currentTarget.value as Lang | '')}>
          <option value="">{t('client.languageUnset')}</option>
          {LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {sharedMessages[code]['lang.name']}
            </option>
          ))}
        </select>
      </div>
      <Field
        label={t('client.notificationEmails')}
        type="text"
        inputMode="email"
        hint={t('client.notificationEmailsHint')}
        value={notify}
        onValue={setNotify}
        error={fields.notification_emails}
      />
      <button type="submit" class="button" disabled={save.busy}>
        {client ? t('common.save') : t('client.create')}
      </button>
    </form>
  );
}

function DeleteClient(props: { client: Client }) {
  const { t } = useT();
  const remove = useAction(async () => {
    if (!confirm(t('client.confirmDelete', { name: props.client.name }))) return;
    await api.delete('/clients/{client_id}', { path: { client_id: props.client.id } });
    navigate('clients');
  });
  return (
    <div class="danger-zone">
      {remove.error != null && <Alert>{errorText(t, remove.error)}</Alert>}
      <button type="button" class="button button--danger" onClick={() => remove.run()} disabled={remove.busy}>
        {t('client.delete')}
      </button>
    </div>
  );
}
