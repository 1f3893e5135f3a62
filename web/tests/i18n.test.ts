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

describe('message files', () => {
  // Every file of words, as its text (to count lines) and as its module (to read its keys).
  const texts = import.meta.glob(['../shared/*messages.ts', '../portal/src/*messages.ts', '../admin/src/messages/*.ts'], {
    eager: true,
    query: '?raw',
    import: 'default',
  });
  const modules = import.meta.glob(['../shared/*messages.ts', '../portal/src/*messages.ts', '../admin/src/messages/*.ts'], { eager: true });

  it.each(Object.keys(texts))('%s stays under 800 lines (split it by area before)', (file) => {
    expect(texts[file].split('\n').length).toBeLessThan(800);
  });

  it.each(['portal', 'admin'])('no two areas of the %s app define the same key (a later one would silently win)', (app) => {
    // The areas are the `...Messages` exports ({ en, 'pt-BR', es }) that an app's `catalogs` merge.
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const [file, module] of Object.entries(modules)) {
      if (!file.startsWith('../shared/') && !file.startsWith(`../${app}/`)) continue;
      for (const [name, area] of Object.entries(module as Record<string, { en: object }>)) {
        if (!name.endsWith('Messages')) continue;
        for (const key of Object.keys(area.en)) {
          if (owner.has(key)) twice.push(`${key}: ${owner.get(key)} and ${name}`);
          owner.set(key, name);
        }
      }
    }
    expect(twice).toEqual([]);
  });
});
