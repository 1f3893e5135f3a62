// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogs as adminCatalogs } from '../admin/src/messages';
import { consentBlocked, monthWords, TranslationSection } from '../admin/src/pages/TranslationSettings';
import { sourceWords, stateWords } from '../admin/src/plain-words';
import { session } from '../admin/src/services';
import { format, LANGUAGES, type Lang } from '../shared/i18n';
import { readingOf, translationIn, type ClientTranslation } from '../shared/plain-language';
import { catalogs as portalCatalogs } from '../portal/src/messages';
import { PlainUpdate } from '../portal/src/pages/PlainUpdate';
import { serve, settle, show, signIn } from './screen';
import type { Schemas } from '../shared/api/client';

const plain = (language: Lang, fields: Partial<ClientTranslation> = {}): ClientTranslation => ({
  language,
  happened: `happened in ${language}`,
  next: '',
  action_needed: false,
  approximate: false,
  ...fields,
});
const t = (lang: Lang) => (key: keyof (typeof adminCatalogs)['en'], values?: Record<string, string | number>) => format(adminCatalogs[lang][key], values);

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
  document.body.innerHTML = '';
});

describe('translationIn', () => {
  it('finds the text in exactly the language asked for, never another one instead', () => {
    const translations = [plain('en'), plain('es')];
    expect(translationIn(translations, 'es')?.happened).toBe('happened in es');
    expect(translationIn(translations, 'pt-BR')).toBeNull();
    expect(translationIn(undefined, 'en')).toBeNull();
  });
});

describe('readingOf', () => {
  const movement = { kind: 'automatic_movement' as const, translations: [plain('pt-BR')], translation_state: 'translated' as const };

  it('reads a court movement in plain words when it has a text in the reader’s language', () => {
    expect(readingOf(movement, 'pt-BR')).toEqual({ kind: 'plain', translation: movement.translations[0] });
  });

  it('shows a court movement’s original, not translated yet, without a text in that language', () => {
    expect(readingOf(movement, 'en')).toEqual({ kind: 'untranslated' });
    expect(readingOf({ kind: 'automatic_movement', translations: [], translation_state: null }, 'en')).toEqual({ kind: 'untranslated' });
    // An empty text is no text.
    expect(readingOf({ ...movement, translations: [plain('pt-BR', { happened: '  ' })] }, 'pt-BR')).toEqual({ kind: 'untranslated' });
  });

  it('marks any update waiting for a text, and shows the firm’s own updates as written', () => {
    expect(readingOf({ kind: 'manual_movement', translations: [], translation_state: 'pending' }, 'es')).toEqual({ kind: 'untranslated' });
    expect(readingOf({ kind: 'manual_movement', translations: [], translation_state: 'not_translated' }, 'es')).toEqual({ kind: 'untranslated' });
    expect(readingOf({ kind: 'news', translations: [], translation_state: null }, 'es')).toEqual({ kind: 'as_written' });
  });
});

describe('the words staff read about a plain-language text', () => {
  it('says where each text came from, in every language, and who of the firm wrote one', () => {
    const sources = ['table', 'parent', 'cache', 'model', 'staff'] as const;
    expect(sources.map((source) => sourceWords(t('en'), { source, made_by: null }))).toEqual([
      'From the court code table',
      'From the general text of the national code (approximate)',
      'Reused from an earlier translation',
      'Written by the language model',
      'Written by the firm',
    ]);
    expect(sourceWords(t('pt-BR'), { source: 'table', made_by: null })).toBe('Da tabela de códigos do tribunal');
    expect(sourceWords(t('pt-BR'), { source: 'staff', made_by: 'stf1' }, { stf1: 'Paulo Lima' })).toBe('Escrito pelo escritório (Paulo Lima)');
    // Someone the directory does not know is not named by an id.
    expect(sourceWords(t('en'), { source: 'staff', made_by: 'stf9' }, {})).toBe('Written by the firm');
    for (const lang of LANGUAGES) {
      for (const source of sources) expect(sourceWords(t(lang), { source, made_by: null })).not.toMatch(/plain\.|_/);
    }
  });

  it('says why there is no text: a flag first, then the reason, then a text on its way', () => {
    expect(stateWords(t('en'), { translation_state: 'flagged', untranslated: 'fact_check' })).toBe(
      'The model’s text left out or added a fact; write it yourself or ask again',
    );
    expect(stateWords(t('en'), { translation_state: 'not_translated', untranslated: 'no_credit' })).toBe('No credits left this month');
    expect(stateWords(t('en'), { translation_state: 'not_translated', untranslated: 'no_consent' })).toBe('Consent to the model provider is off (Settings)');
    expect(stateWords(t('en'), { translation_state: 'not_translated', untranslated: 'no_model' })).toBe('No language model is configured');
    expect(stateWords(t('en'), { translation_state: 'not_translated', untranslated: 'not_in_plan' })).toBe('Your plan doesn’t include the language model');
    expect(stateWords(t('pt-BR'), { translation_state: 'pending', untranslated: null })).toBe('Um texto em linguagem simples está a caminho.');
    expect(stateWords(t('en'), { translation_state: 'translated', untranslated: null })).toBeNull();
    expect(stateWords(t('en'), {})).toBeNull();
  });

  it('names a month in words and says why consent cannot be turned on', () => {
    expect(monthWords('pt-BR', '2026-08')).toBe('Agosto de 2026');
    expect(monthWords('en', '2026-01')).toBe('January 2026');
    expect(consentBlocked({ provider: null, model_available: true })).toBe('translation.noModel');
    expect(consentBlocked({ provider: 'OpenAI (gpt-4o-mini)', model_available: false })).toBe('translation.notInPlan');
    expect(consentBlocked({ provider: 'OpenAI (gpt-4o-mini)', model_available: true })).toBeNull();
  });
});

const item = (fields: Partial<Schemas['ClientTimelineItem']> = {}): Schemas['ClientTimelineItem'] => ({
  id: '20261114160000-a',
  matter_id: 'm1',
  kind: 'automatic_movement',
  occurred_at: '2026-11-14T16:00:00Z',
  text: 'Conclusão',
  body: null,
  code: 51,
  complements: [],
  comment: null,
  due_at: null,
  done: false,
  details: ['Tipo de conclusão: para despacho'],
  translations: [],
  translation_state: 'translated',
  ...fields,
});

describe('a court movement on the portal', () => {
  it('shows the plain text under a labelled wand, and the court’s original one tap away', async () => {
    const translations = [plain('pt-BR', { happened: 'O processo foi enviado ao juiz.', next: 'O juiz vai decidir.', action_needed: true, approximate: true })];
    const root = await show(portalCatalogs, <PlainUpdate update={item({ translations })} />);
    expect(root.querySelector('svg[role="img"]')?.getAttribute('aria-label')).toBe('Explicado em linguagem simples');
    const text = () => root.textContent ?? '';
    expect(text()).toContain('O processo foi enviado ao juiz.');
    expect(text()).toContain('O que costuma acontecer depois: O juiz vai decidir.');
    expect(text()).toContain('Talvez você precise agir: seu advogado vai entrar em contato.');
    expect(text()).toContain('Esta é a explicação geral para este tipo de andamento.');
    expect(text()).not.toContain('Tipo de conclusão');
    const toggle = root.querySelector('button')!;
    expect(toggle.textContent).toBe('Ver o texto original do tribunal');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    await settle();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent).toBe('Ocultar o texto original');
    expect(text()).toContain('Tipo de conclusão: para despacho');
  });

  it('shows the original, calmly not translated yet, when there is no text in the reader’s language', async () => {
    const root = await show(portalCatalogs, <PlainUpdate update={item({ translations: [plain('pt-BR')] })} />, 'en');
    expect(root.textContent).toContain('Not translated yet');
    expect(root.textContent).toContain('Tipo de conclusão: para despacho');
    expect(root.querySelector('button')).toBeNull();
  });
});

describe('the translation settings', () => {
  it('turns consent off with the reason when no model is configured, and lists the use by month', async () => {
    signIn(session);
    serve({
      'GET /firm/translation': {
        plan: 'essential',
        model_available: true,
        provider: null,
        consent: { granted: false, provider: null, changed_by: null, changed_at: null },
        credits: 0,
        usage: [{ month: '2026-08', model_calls: 3, credits: 3, untranslated_no_credit: 1 }],
        firm_version: 4,
      },
      'GET /staff': { items: [], next_cursor: null },
    });
    const root = await show(adminCatalogs, <TranslationSection firmVersion={4} onFirmChanged={() => undefined} />);
    const toggle = root.querySelector<HTMLInputElement>('input[role="switch"]')!;
    expect(toggle.disabled).toBe(true);
    expect(root.textContent).toContain('Nenhum modelo de linguagem está configurado; não há a que consentir.');
    expect(root.querySelector('tbody')?.textContent).toContain('Agosto de 2026');
  });

  it('says there is no use yet', async () => {
    signIn(session);
    serve({
      'GET /firm/translation': {
        plan: 'plus',
        model_available: true,
        provider: 'OpenAI (gpt-4o-mini)',
        consent: { granted: false, provider: null, changed_by: null, changed_at: null },
        credits: 100,
        usage: [],
        firm_version: 4,
      },
      'GET /staff': { items: [], next_cursor: null },
    });
    const root = await show(adminCatalogs, <TranslationSection firmVersion={4} onFirmChanged={() => undefined} />);
    expect(root.querySelector<HTMLInputElement>('input[role="switch"]')!.disabled).toBe(false);
    expect(root.textContent).toContain('enviado a OpenAI (gpt-4o-mini)');
    expect(root.textContent).toContain('Ainda não há uso.');
  });
});
