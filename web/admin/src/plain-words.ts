/** F16: where a plain-language text came from, and why a movement has none, in words for staff. */
import type { Schemas } from '../../shared/api/client';
import type { Translate } from '../../shared/i18n';
import type { Key } from './messages';
import type { TranslationKey } from './messages/translation';

type Translation = Schemas['Translation'];
type Source = Schemas['TranslationSource'];
type State = Schemas['TranslationState'];
type Untranslated = Schemas['Untranslated'];

const SOURCES: Record<Source, TranslationKey> = {
  table: 'plain.source.table',
  parent: 'plain.source.parent',
  cache: 'plain.source.cache',
  model: 'plain.source.model',
  staff: 'plain.source.staff',
};

const REASONS: Record<Untranslated, TranslationKey> = {
  no_model: 'plain.reason.no_model',
  not_in_plan: 'plain.reason.not_in_plan',
  no_consent: 'plain.reason.no_consent',
  no_credit: 'plain.reason.no_credit',
  fact_check: 'plain.reason.fact_check',
};

/** Where the text came from; a firm's own text names who wrote it when the directory knows them. */
export function sourceWords(t: Translate<Key>, translation: Pick<Translation, 'source' | 'made_by'>, names: Record<string, string> = {}): string {
  const name = translation.made_by ? names[translation.made_by] : undefined;
  if (translation.source === 'staff' && name) return t('plain.source.staffBy', { name });
  return t(SOURCES[translation.source]);
}

/**
 * What staff are told about the update's plain text: a flag first (the model's text failed
 * the fact check), then why the model did not write one, then a text on its way or missing.
 * Null when there is nothing to say (translated, or not a movement that is translated).
 */
export function stateWords(t: Translate<Key>, item: { translation_state?: State | null; untranslated?: Untranslated | null }): string | null {
  if (item.translation_state === 'flagged') return t('plain.state.flagged');
  if (item.untranslated) return t(REASONS[item.untranslated]);
  if (item.translation_state === 'pending') return t('plain.state.pending');
  if (item.translation_state === 'not_translated') return t('plain.state.not_translated');
  return null;
}
