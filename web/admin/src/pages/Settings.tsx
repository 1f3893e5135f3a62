/** F02, F16: the portal's settings (admins change them; staff see them) and, for admins, plain-language translations. */
import { useState } from 'preact/hooks';
import { fieldErrors } from '../../../shared/errors';
import { LANGUAGES, type Lang } from '../../../shared/i18n';
import { sharedMessages } from '../../../shared/messages';
import { hrefTo } from '../../../shared/router';
import { Alert, Checkbox, Field, onSubmit, useAction } from '../../../shared/ui/forms';
import { Failure, SaveError } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import { api, useT, type Firm } from '../services';
import { NotificationPacingForm } from './NotificationPacing';
import { TranslationSection } from './TranslationSettings';

export function SettingsPage(props: { admin: boolean; onSaved?: (firm: Firm) => void }) {
  const { t } = useT();
  const { data: firm, error, reload, setData: setFirm } = useLoad(() => api.get('/firm'), []);
  const [saved, setSaved] = useState(false);
  const load = () => (setSaved(false), reload());
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      {!props.admin && <Alert kind="info">{t('settings.adminsOnly')}</Alert>}
      <p>
        <a href={hrefTo('email-templates')}>{t('templates.fromSettings')}</a>
      </p>
      {error != null && <Failure error={error} retry={load} />}
      {saved && <Alert kind="success">{t('common.saved')}</Alert>}
      {firm && (
        <SettingsForm
          key={firm.version}
          firm={firm}
          readOnly={!props.admin}
          onSaved={(next) => (setFirm(next), setSaved(true), props.onSaved?.(next))}
          onReload={load}
        />
      )}
      {firm && (
        <UploadLimitForm
          key={`limit-${firm.version}`}
          firm={firm}
          readOnly={!props.admin}
          onSaved={(next) => (setFirm(next), setSaved(true))}
          onReload={load}
        />
      )}
      {firm && (
        <NotificationPacingForm
          key={`pacing-${firm.version}`}
          firm={firm}
          readOnly={!props.admin}
          onSaved={(next) => (setFirm(next), setSaved(true))}
          onReload={load}
        />
      )}
      {props.admin && <TranslationSection firmVersion={firm?.version} onFirmChanged={reload} />}
    </section>
  );
}

function SettingsForm(props: { firm: Firm; readOnly: boolean; onSaved: (firm: Firm) => void; onReload: () => void }) {
  const { t } = useT();
  const [settings, setSettings] = useState(props.firm.portal);
  const set =
    <K extends keyof typeof settings>(key: K) =>
    (value: (typeof settings)[K]) =>
      setSettings({ ...settings, [key]: value });
  const save = useAction(async () => {
    const body = { ...settings, logo_url: settings.logo_url?.trim() || null, reply_to: settings.reply_to?.trim() || null, version: props.firm.version };
    props.onSaved(await api.put('/firm/portal-settings', { body }));
  });
  const fields = fieldErrors(t, save.error);
  return (
    <form class="card" onSubmit={onSubmit(() => save.run())} noValidate>
      <p>
        <a href={props.firm.portal_url} target="_blank" rel="noopener noreferrer">
          {t('settings.portalAt', { url: props.firm.portal_url })}
        </a>
      </p>
      <SaveError error={save.error} onReload={props.onReload} />
      <fieldset class="plain" disabled={props.readOnly}>
        <legend class="visually-hidden">{t('settings.title')}</legend>
        <Checkbox label={t('settings.enabled')} checked={settings.enabled} onChange={set('enabled')} />
        <Field
          label={t('settings.slug')}
          hint={t('settings.slugHint')}
          type="text"
          autocapitalize="none"
          value={settings.slug}
          onValue={set('slug')}
          error={fields.slug}
        />
        <Field label={t('settings.displayName')} type="text" value={settings.display_name} onValue={set('display_name')} error={fields.display_name} />
        <Field
          label={t('settings.logoUrl')}
          hint={t('settings.logoUrlHint')}
          type="url"
          value={settings.logo_url ?? ''}
          onValue={set('logo_url')}
          error={fields.logo_url}
        />
        <div class={'field' + (fields.primary_color ? ' field--error' : '')}>
          <label for="settings-colour">{t('settings.colour')}</label>
          <div class="row">
            <input id="settings-colour" type="color" value={settings.primary_color} onInput={(e) => set('primary_color')(e.currentTarget.value)} />
            <code>{settings.primary_color}</code>
          </div>
          {fields.primary_color && <p class="field__error">{fields.primary_color}</p>}
        </div>
        <div class="field">
          <label for="settings-language">{t('settings.defaultLanguage')}</label>
          <select id="settings-language" value={settings.default_language} onChange={(e) => set('default_language')(e.currentTarget.value as Lang)}>
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {sharedMessages[code]['lang.name']}
              </option>
            ))}
          </select>
        </div>
        <Field label={t('settings.senderName')} type="text" value={settings.sender_name} onValue={set('sender_name')} error={fields.sender_name} />
        <Field label={t('settings.replyTo')} type="email" value={settings.reply_to ?? ''} onValue={set('reply_to')} error={fields.reply_to} />
        {!props.readOnly && (
          <button type="submit" class="button" disabled={save.busy}>
            {t('common.save')}
          </button>
        )}
      </fieldset>
    </form>
  );
}

/** F18-F19: the largest file the firm's clients and staff may send (the API refuses larger ones at once). */
function UploadLimitForm(props: { firm: Firm; readOnly: boolean; onSaved: (firm: Firm) => void; onReload: () => void }) {
  const { t } = useT();
  const [megabytes, setMegabytes] = useState(String(props.firm.upload_limit_megabytes));
  const save = useAction(async () => {
    const body = { upload_limit_megabytes: Number(megabytes), version: props.firm.version };
    props.onSaved(await api.put('/firm/upload-limit', { body }));
  });
  const fields = fieldErrors(t, save.error);
  return (
    <form class="card" onSubmit={onSubmit(() => save.run())} noValidate aria-labelledby="upload-limit-title">
      <h2 id="upload-limit-title">{t('settings.documents')}</h2>
      <SaveError error={save.error} onReload={props.onReload} />
      <fieldset class="plain" disabled={props.readOnly}>
        <legend class="visually-hidden">{t('settings.documents')}</legend>
        <Field
          label={t('settings.uploadLimit')}
          hint={t('settings.uploadLimitHint')}
          type="number"
          inputmode="numeric"
          min={1}
          max={100}
          value={megabytes}
          onValue={setMegabytes}
          error={fields.upload_limit_megabytes}
        />
        {!props.readOnly && (
          <button type="submit" class="button" disabled={save.busy}>
            {t('settings.saveUploadLimit')}
          </button>
        )}
      </fieldset>
    </form>
  );
}
