import { describe, expect, it } from 'vitest';
import { catalogs as adminCatalogs } from '../admin/src/messages';
import { format, LANGUAGES, pickLanguage } from '../shared/i18n';
import { catalogs as portalCatalogs } from '../portal/src/messages';

// Words that are the same in English and the other language.
const SAME_WORD = new Set(['E-mail', 'E-mails', 'Idioma', 'Status', 'No', 'Portal', 'Documentos']);
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each([
  ['portal', portalCatalogs],
  ['admin', adminCatalogs],
] as const)('%s catalogs', (_, catalogs) => {
  const keys = Object.keys(catalogs.en) as (keyof typeof catalogs.en)[];

  it.each(LANGUAGES)('%s has every key, none empty, with the same placeholders', (lang) => {
    expect(Object.keys(catalogs[lang]).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(catalogs[lang][key].trim(), key).not.toBe('');
      expect(placeholders(catalogs[lang][key]), key).toEqual(placeholders(catalogs.en[key]));
    }
  });

  it.each(['pt-BR', 'es'] as const)('%s leaves no English behind', (lang) => {
    const untranslated = keys.filter((key) => catalogs[lang][key] === catalogs.en[key] && !SAME_WORD.has(catalogs.en[key]));
    expect(untranslated).toEqual([]);
  });
});

describe('pickLanguage', () => {
  it('takes the first language it speaks, exactly or by its base', () => {
    expect(pickLanguage([null, 'es', 'en'])).toBe('es');
    expect(pickLanguage(['fr-FR', 'pt-PT'])).toBe('pt-BR');
    expect(pickLanguage(['es-AR'])).toBe('es');
    expect(pickLanguage(['de'], 'pt-BR')).toBe('pt-BR');
    expect(pickLanguage([undefined, 'EN-us'])).toBe('en');
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Olá, {name}', { name: 'Maria' })).toBe('Olá, Maria');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
