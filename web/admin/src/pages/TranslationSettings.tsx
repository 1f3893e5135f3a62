/**
 * F16, F25: plain-language translations in the settings (admins): the model provider and what
 * consent sends to it, the consent switch, who changed it and when, the credits left and the
 * use per month. Consent is a change of the firm: it is sent with the firm's latest version.
 */
import { useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../../shared/api/client';
import { formatDate } from '../../../shared/timeline';
import { Alert, useAction } from '../../../shared/ui/forms';
import { SaveError } from '../../../shared/ui/states';
import { usePages } from '../../../shared/ui/usePages';
import { useStaffDirectory } from '../staff-directory';
import { api, useT } from '../services';
import { Table } from '../../../shared/ui/Table';

type Settings = Schemas['TranslationSettings'];
type Usage = Schemas['MonthlyUsage'];

/** "2026-08" in the reader's words: "agosto de 2026". */
export function monthWords(lang: string, month: string): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  const words = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, number - 1, 1)));
  return words.charAt(0).toLocaleUpperCase() + words.slice(1);
}

/** Why the switch cannot be turned on, or null when it can. */
export function consentBlocked(settings: Pick<Settings, 'provider' | 'model_available'>): 'translation.noModel' | 'translation.notInPlan' | null {
  if (settings.provider === null) return 'translation.noModel';
  if (!settings.model_available) return 'translation.notInPlan';
  return null;
}

export function TranslationSection(props: { firmVersion: number | undefined; onFirmChanged: () => void }) {
  const { t, lang } = useT();
  const [settings, setSettings] = useState<Settings | null>(null);
  // One request: the settings, whose use per month is the table's one page.
  const pages = usePages(
    () =>
      api.get('/firm/translation').then((found) => {
        setSettings(found);
        return { items: found.usage, next_cursor: null };
      }),
    [],
  );
  const { staff } = useStaffDirectory();
  const change = useAction(async (granted: boolean) => {
    // Consent is a change of the firm, like the portal settings: a portal-settings save on this
    // page answered a newer version of the same firm, whose consent is the one shown here (a
    // save succeeds only over the version read). So the newest version this page was answered.
    const version = Math.max(settings?.firm_version ?? 0, props.firmVersion ?? 0);
    const next = await api.put('/firm/translation/consent', { body: { granted, version } });
    setSettings(next);
    pages.setItems(() => next.usage);
    props.onFirmChanged();
  });

  const columns = [
    { label: t('translation.month'), cell: (usage: Usage) => monthWords(lang, usage.month) },
    { label: t('translation.calls'), cell: (usage: Usage) => usage.model_calls.toLocaleString(lang) },
    { label: t('translation.creditsUsed'), cell: (usage: Usage) => usage.credits.toLocaleString(lang) },
    { label: t('translation.noCredit'), cell: (usage: Usage) => usage.untranslated_no_credit.toLocaleString(lang) },
  ];
  const blocked = settings ? consentBlocked(settings) : null;
  const consent = settings?.consent;
  const changedBy = consent?.changed_by ? (staff.find((member) => member.id === consent.changed_by)?.name ?? t('translation.someone')) : null;
  // A 422 (no model) or 403 (not in the plan) is said by the switch's own reason.
  const refused = change.error instanceof ApiError && (change.error.status === 422 || change.error.code === 'not_in_plan');

  return (
    <section class="card" aria-labelledby="translation-title">
      <h2 id="translation-title">{t('translation.title')}</h2>
      <p>{t('translation.intro')}</p>
      {settings && (
        <>
          <p>{settings.provider ? t('translation.provider', { provider: settings.provider }) : t('translation.noProvider')}</p>
          {settings.provider && <p>{t('translation.consentMeans', { provider: settings.provider })}</p>}
          {!refused && <SaveError error={change.error} onReload={pages.reload} />}
          <label class="check">
            <input
              type="checkbox"
              role="switch"
              checked={settings.consent.granted}
              disabled={change.busy || (blocked !== null && !settings.consent.granted)}
              aria-describedby={blocked ? 'translation-blocked' : undefined}
              onChange={(e) => change.run(e.currentTarget.checked)}
            />
            <span>
              {t('translation.consent')}: <strong>{settings.consent.granted ? t('translation.on') : t('translation.off')}</strong>
            </span>
          </label>
          {(blocked || refused) && (
            <p class="field__hint" id="translation-blocked">
              {t(blocked ?? 'translation.noModel')}
            </p>
          )}
          <p class="muted">
            {consent?.changed_at
              ? t('translation.changed', { name: changedBy ?? t('translation.someone'), date: formatDate(lang, consent.changed_at) })
              : t('translation.never')}
          </p>
          <Alert kind="info">{t('translation.credits', { credits: settings.credits.toLocaleString(lang) })}</Alert>
        </>
      )}
      <h3>{t('translation.usage')}</h3>
      <Table pages={pages} columns={columns} rowKey={(usage) => usage.month} empty={t('translation.usageEmpty')} caption={t('translation.usage')} />
    </section>
  );
}
