/**
 * The one translation mechanism of both apps: a catalog per language, typed from the
 * English one, so a key missing in Portuguese or Spanish fails the build.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useMemo } from 'preact/hooks';

export const LANGUAGES = ['pt-BR', 'es', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export type Catalogs<K extends string> = Record<Lang, Record<K, string>>;

/** The first candidate we speak: exact ('pt-BR'), or by its language alone ('pt-PT' → 'pt-BR'). */
export function pickLanguage(candidates: readonly (string | null | undefined)[], fallback: Lang = 'en'): Lang {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const exact = LANGUAGES.find((l) => l.toLowerCase() === candidate.toLowerCase());
    if (exact) return exact;
    const base = candidate.split('-')[0].toLowerCase();
    const loose = LANGUAGES.find((l) => l.split('-')[0] === base);
    if (loose) return loose;
  }
  return fallback;
}

export function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
}

/** `{name}` placeholders; a missing value stays visible rather than silently empty. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export type Translate<K extends string> = (key: K, values?: Record<string, string | number>) => string;

export interface I18n<K extends string> {
  lang: Lang;
  t: Translate<K>;
  setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18n<string> | null>(null);

export function I18nProvider<K extends string>(props: { catalogs: Catalogs<K>; lang: Lang; setLang: (lang: Lang) => void; children: ComponentChildren }) {
  const { catalogs, lang, setLang } = props;
  const value = useMemo<I18n<K>>(() => ({ lang, setLang, t: (key, values) => format(catalogs[lang][key], values) }), [catalogs, lang, setLang]);
  return <I18nContext.Provider value={value as I18n<string>}>{props.children}</I18nContext.Provider>;
}

export function useI18n<K extends string>(): I18n<K> {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
