import { LANGUAGES, useI18n, type Lang } from '../i18n';
import { sharedMessages, type SharedKey } from '../messages';

/** Each language named in itself, so anyone can find their own. */
export function LanguageSelect() {
  const { t, lang, setLang } = useI18n<SharedKey>();
  return (
    <label class="language">
      <span class="visually-hidden">{t('lang.label')}</span>
      <select value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
        {LANGUAGES.map((code) => (
          <option value={code} lang={code} key={code}>
            {sharedMessages[code]['lang.name']}
          </option>
        ))}
      </select>
    </label>
  );
}
