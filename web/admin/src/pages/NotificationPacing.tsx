/** B3: how the firm paces its notifications to clients (admins change it; staff see it), in Settings. */
import { useState } from 'preact/hooks';
import { fieldErrors } from '../../../shared/errors';
import { Checkbox, Field, onSubmit, useAction } from '../../../shared/ui/forms';
import { SaveError } from '../../../shared/ui/states';
import { api, useT, type Firm } from '../services';

/** The zones most firms are in; any other IANA name can be typed. */
export const COMMON_ZONES = [
  'America/Sao_Paulo',
  'America/Manaus',
  'America/Belem',
  'America/Fortaleza',
  'America/Recife',
  'America/Cuiaba',
  'America/Porto_Velho',
  'America/Rio_Branco',
  'America/Noronha',
  'America/Argentina/Buenos_Aires',
  'America/Montevideo',
  'America/Asuncion',
  'America/Santiago',
  'America/La_Paz',
  'America/Lima',
  'America/Bogota',
  'America/Caracas',
  'America/Mexico_City',
  'America/New_York',
  'Europe/Lisbon',
  'Europe/Madrid',
  'UTC',
] as const;

const OTHER = '';

/** "20:00:00" as a time field shows it. */
const hhmm = (time: string) => time.slice(0, 5);

export function NotificationPacingForm(props: { firm: Firm; readOnly: boolean; onSaved: (firm: Firm) => void; onReload: () => void }) {
  const { t } = useT();
  const current = props.firm.notifications;
  const [digest, setDigest] = useState(String(current.digest_minutes ?? 10));
  const [quiet, setQuiet] = useState(current.quiet_hours ?? true);
  const [from, setFrom] = useState(hhmm(current.quiet_from ?? '20:00'));
  const [until, setUntil] = useState(hhmm(current.quiet_until ?? '08:00'));
  const zone0 = current.time_zone ?? 'America/Sao_Paulo';
  const [zone, setZone] = useState<string>((COMMON_ZONES as readonly string[]).includes(zone0) ? zone0 : OTHER);
  const [otherZone, setOtherZone] = useState(zone === OTHER ? zone0 : '');
  const [sms, setSms] = useState(String(current.sms_monthly_cap ?? 500));
  const save = useAction(async () => {
    const body = {
      digest_minutes: Number(digest),
      quiet_hours: quiet,
      quiet_from: from,
      quiet_until: until,
      time_zone: zone === OTHER ? otherZone.trim() : zone,
      sms_monthly_cap: Number(sms),
      version: props.firm.version,
    };
    props.onSaved(await api.put('/firm/notification-settings', { body }));
  });
  const fields = fieldErrors(t, save.error);
  return (
    <form class="card" onSubmit={onSubmit(() => save.run())} noValidate aria-labelledby="pacing-title">
      <h2 id="pacing-title">{t('pacing.title')}</h2>
      <p class="muted">{t('pacing.intro')}</p>
      <SaveError error={save.error} onReload={props.onReload} />
      <fieldset class="plain" disabled={props.readOnly}>
        <legend class="visually-hidden">{t('pacing.title')}</legend>
        <Field
          label={t('pacing.digest')}
          hint={t('pacing.digestHint')}
          type="number"
          inputmode="numeric"
          min={0}
          max={60}
          value={digest}
          onValue={setDigest}
          error={fields.digest_minutes}
        />
        <Checkbox label={t('pacing.quiet')} checked={quiet} onChange={setQuiet} />
        <p class="field__hint">{t('pacing.quietHint')}</p>
        {quiet && (
          <div class="row">
            <Field label={t('pacing.from')} type="time" value={from} onValue={setFrom} error={fields.quiet_from} />
            <Field label={t('pacing.until')} type="time" value={until} onValue={setUntil} error={fields.quiet_until} />
          </div>
        )}
        <div class={'field' + (fields.time_zone && zone !== OTHER ? ' field--error' : '')}>
          <label for="pacing-zone">{t('pacing.zone')}</label>
          <select id="pacing-zone" aria-describedby="pacing-zone-hint" value={zone} onChange={(e) => setZone(e.currentTarget.value)}>
            {COMMON_ZONES.map((name) => (
              <option key={name} value={name}>
                {name.replace(/_/g, ' ')}
              </option>
            ))}
            <option value={OTHER}>{t('pacing.otherZone')}</option>
          </select>
          <p class="field__hint" id="pacing-zone-hint">
            {t('pacing.zoneHint')}
          </p>
          {fields.time_zone && zone !== OTHER && <p class="field__error">{fields.time_zone}</p>}
        </div>
        {zone === OTHER && (
          <Field
            label={t('pacing.zoneName')}
            hint={t('pacing.zoneNameHint')}
            type="text"
            autocapitalize="none"
            value={otherZone}
            onValue={setOtherZone}
            error={fields.time_zone}
          />
        )}
        <Field
          label={t('pacing.sms')}
          hint={t('pacing.smsHint')}
          type="number"
          inputmode="numeric"
          min={0}
          value={sms}
          onValue={setSms}
          error={fields.sms_monthly_cap}
        />
        {!props.readOnly && (
          <button type="submit" class="button" disabled={save.busy}>
            {t('pacing.apply')}
          </button>
        )}
      </fieldset>
    </form>
  );
}
