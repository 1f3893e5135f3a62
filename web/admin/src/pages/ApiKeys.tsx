/**
 * F13: the keys a case-management system or a court feed sends movements with (admins only).
 * A new key's secret is in the create answer only: shown once here, to copy.
 */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { errorText, fieldErrors } from '../../../shared/errors';
import { formatDate } from '../../../shared/timeline';
import { Alert, Field, onSubmit, useAction } from '../../../shared/ui/forms';
import { usePages } from '../../../shared/ui/usePages';
import { api, useT } from '../services';
import { useStaffDirectory } from '../staff-directory';
import { Table } from '../../../shared/ui/Table';

type NewKey = Schemas['NewApiKey'];
type ApiKey = Schemas['ApiKeyView'];

export function ApiKeysPage() {
  const { t, lang } = useT();
  const keys = usePages((cursor) => api.get('/api-keys', { query: { cursor, limit: 25 } }), []);
  const { staff } = useStaffDirectory();
  const author = (id: string) => staff.find((member) => member.id === id)?.name;
  const [created, setCreated] = useState<NewKey | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const revoke = useAction(async (id: string, name: string) => {
    if (!confirm(t('apiKeys.confirmRevoke', { name }))) return;
    await api.delete('/api-keys/{key_id}', { path: { key_id: id } });
    setRevoked(name);
    keys.reload();
  });

  return (
    <section aria-labelledby="api-keys-title">
      <h1 id="api-keys-title">{t('apiKeys.title')}</h1>
      <p class="muted">{t('apiKeys.intro')}</p>
      {created ? (
        <NewSecret created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateKey
          onCreated={(key) => {
            setRevoked(null);
            setCreated(key);
            keys.reload();
          }}
        />
      )}
      {revoked && <Alert kind="success">{t('apiKeys.revoked', { name: revoked })}</Alert>}
      {revoke.error != null && <Alert>{errorText(t, revoke.error)}</Alert>}
      <Table<ApiKey>
        pages={keys}
        rowKey={(key) => key.id}
        empty={t('apiKeys.none')}
        columns={[
          { label: t('apiKeys.name'), cell: (key) => key.name },
          {
            label: t('apiKeys.created'),
            // By whom, once the staff's names are read (a member since removed: the date alone).
            cell: (key) =>
              author(key.created_by)
                ? t('apiKeys.createdBy', { date: formatDate(lang, key.created_at), name: author(key.created_by)! })
                : formatDate(lang, key.created_at),
          },
          {
            label: t('apiKeys.status'),
            cell: (key) =>
              key.revoked_at ? (
                <span class="badge badge--blocked">{t('apiKeys.revokedOn', { date: formatDate(lang, key.revoked_at) })}</span>
              ) : (
                <span class="badge badge--active">{t('apiKeys.active')}</span>
              ),
          },
          {
            label: t('common.actions'),
            cell: (key) =>
              !key.revoked_at && (
                <button
                  type="button"
                  class="button button--danger"
                  disabled={revoke.busy}
                  aria-label={t('apiKeys.revokeNamed', { name: key.name })}
                  onClick={() => revoke.run(key.id, key.name)}
                >
                  {t('apiKeys.revoke')}
                </button>
              ),
          },
        ]}
      />
      <ForYourIt />
    </section>
  );
}

/**
 * What a firm's IT person needs to connect a system: the API's address as this app reaches
 * it (the same `./api` the app calls, which CloudFront or the local server passes to the
 * API), the header for the key, the routes, and the OpenAPI document the API serves.
 */
function ForYourIt() {
  const { t } = useT();
  const base = new URL('api', document.baseURI).href;
  return (
    <section class="card" aria-labelledby="for-it-title">
      <h2 id="for-it-title">{t('apiKeys.forIt')}</h2>
      <p>{t('apiKeys.itIntro')}</p>
      <dl class="details">
        <dt>{t('apiKeys.address')}</dt>
        <dd>
          <code>{base}</code>
        </dd>
        <dt>{t('apiKeys.sendKey')}</dt>
        <dd>{t('apiKeys.sendKeyHow')}</dd>
        <dt>{t('apiKeys.movements')}</dt>
        <dd>
          <code>POST {base}/integration/movements</code>
          <br />
          {t('apiKeys.movementsHow')}
        </dd>
        <dt>{t('apiKeys.batch')}</dt>
        <dd>
          <code>GET {base}/integration/batches/…</code>
        </dd>
        <dt>{t('apiKeys.matters')}</dt>
        <dd>
          <code>PUT {base}/integration/matters</code>
        </dd>
        <dt>{t('apiKeys.reference')}</dt>
        <dd>
          <a href={`${base}/openapi.json`} target="_blank" rel="noopener noreferrer">
            {t('apiKeys.referenceLink')}
          </a>
        </dd>
      </dl>
    </section>
  );
}

function CreateKey(props: { onCreated: (key: NewKey) => void }) {
  const { t } = useT();
  const [name, setName] = useState('');
  const create = useAction(async () => {
    props.onCreated(await api.post('/api-keys', { body: { name: name.trim() } }));
    setName('');
  });
  return (
    <form class="card" onSubmit={onSubmit(() => create.run())} noValidate>
      <h2>{t('apiKeys.new')}</h2>
      {create.error != null && <Alert>{errorText(t, create.error)}</Alert>}
      <Field
        label={t('apiKeys.name')}
        hint={t('apiKeys.nameHint')}
        type="text"
        required
        value={name}
        onValue={setName}
        error={fieldErrors(t, create.error).name}
      />
      <button type="submit" class="button" disabled={create.busy}>
        {t('apiKeys.create')}
      </button>
    </form>
  );
}

/** The secret, once: the API keeps only its hash, so it can never be shown again. */
function NewSecret(props: { created: NewKey; onDone: () => void }) {
  const { t } = useT();
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(props.created.secret).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <section class="card secret" aria-labelledby="secret-title">
      <h2 id="secret-title">{t('apiKeys.createdTitle', { name: props.created.name })}</h2>
      <Alert kind="info">
        <strong>{t('apiKeys.onceWarning')}</strong>
      </Alert>
      <div class="field">
        <label for="api-key-secret">{t('apiKeys.secret')}</label>
        <div class="secret__row">
          <input id="api-key-secret" type="text" readOnly value={props.created.secret} onFocus={(e) => e.currentTarget.select()} spellcheck={false} />
          <button type="button" class="button" onClick={() => void copy()}>
            {t('apiKeys.copy')}
          </button>
        </div>
        <p class="field__hint" role="status">
          {copied === true ? t('apiKeys.copied') : copied === false ? t('apiKeys.copyFailed') : t('apiKeys.header')}
        </p>
      </div>
      <button type="button" class="button button--secondary" onClick={props.onDone}>
        {t('apiKeys.done')}
      </button>
    </section>
  );
}
