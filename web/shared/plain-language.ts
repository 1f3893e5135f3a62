/**
 * F16: court movements in plain words. Which plain text an update shows in a language, and
 * whether it shows the court's original marked "not translated yet". Pure, for both apps.
 */
import type { Schemas } from './api/client';
import type { Lang } from './i18n';

export type ClientTranslation = Schemas['ClientTranslation'];
type TranslationState = Schemas['TranslationState'];

/** The translation in exactly this language, or null: another language's text is never shown instead. */
export function translationIn<T extends { language: string }>(translations: readonly T[] | null | undefined, lang: Lang): T | null {
  return translations?.find((translation) => translation.language === lang) ?? null;
}

/** What the portal shows of an update in the reader's language. */
export type Reading =
  | { kind: 'plain'; translation: ClientTranslation }
  /** The court's original, with a calm "not translated yet". */
  | { kind: 'untranslated' }
  /** Written by the firm (news, a task…), shown as written. */
  | { kind: 'as_written' };

interface Readable {
  kind: Schemas['UpdateKind'];
  translations?: ClientTranslation[];
  translation_state?: TranslationState | null;
}

export function readingOf(update: Readable, lang: Lang): Reading {
  const translation = translationIn(update.translations, lang);
  if (translation && translation.happened.trim()) return { kind: 'plain', translation };
  const waiting = update.translation_state === 'pending' || update.translation_state === 'not_translated' || update.translation_state === 'flagged';
  return update.kind === 'automatic_movement' || waiting ? { kind: 'untranslated' } : { kind: 'as_written' };
}
