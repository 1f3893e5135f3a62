// @vitest-environment jsdom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../shared/i18n';
import { byMonth, type Update } from '../shared/timeline';
import { UpdateView } from '../shared/ui/Update';
import { catalogs } from '../portal/src/messages';

const at = (iso: string) => ({ occurred_at: iso });
const update = (fields: Partial<Update> & Pick<Update, 'id' | 'kind' | 'occurred_at' | 'text'>): Update => ({
  body: null,
  details: [],
  comment: null,
  due_at: null,
  done: false,
  ...fields,
});

describe('byMonth', () => {
  it('puts updates, newest first, under one heading per month in the reader’s language', () => {
    const items = [at('2026-11-02T10:00:00Z'), at('2026-10-30T09:00:00Z'), at('2026-10-01T13:00:00Z'), at('2025-10-20T08:00:00Z')];
    const groups = byMonth(items, 'pt-BR', 'UTC');
    expect(groups.map((g) => [g.key, g.label, g.items.length])).toEqual([
      ['2026-11', 'Novembro de 2026', 1],
      ['2026-10', 'Outubro de 2026', 2],
      ['2025-10', 'Outubro de 2025', 1],
    ]);
    expect(byMonth(items, 'es', 'UTC')[0].label).toBe('Noviembre de 2026');
  });

  it('reads the month in the reader’s time zone', () => {
    // 1 November 01:00 in UTC is still October in São Paulo (UTC-3).
    expect(byMonth([at('2026-11-01T01:00:00Z')], 'en', 'America/Sao_Paulo')[0].key).toBe('2026-10');
  });
});

describe('UpdateView', () => {
  const show = (update: Update) => {
    const root = document.createElement('div');
    render(
      <I18nProvider catalogs={catalogs} lang="pt-BR" setLang={() => undefined}>
        <UpdateView update={update} />
      </I18nProvider>,
      root,
    );
    return root;
  };

  it('shows a court movement in the court’s words, with its complements and the firm’s comment set apart', () => {
    const root = show(
      update({
        id: '20261006100000abcdef12',
        kind: 'automatic_movement',
        occurred_at: '2026-10-06T10:00:00Z',
        text: 'Juntada de Petição',
        details: ['Tipo de petição: Contestação'],
        comment: 'O INSS respondeu; nada a fazer agora.',
      }),
    );
    expect(root.querySelector('.update__kind')!.textContent).toBe('Andamento do tribunal');
    expect(root.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
    expect(root.querySelector('.update__text')!.textContent).toBe('Juntada de Petição');
    expect(root.querySelector('.update__complements li')!.textContent).toBe('Tipo de petição: Contestação');
    expect(root.querySelector('.update__comment')!.textContent).toBe('Comentário do escritórioO INSS respondeu; nada a fazer agora.');
    expect(root.querySelector('time')!.getAttribute('datetime')).toBe('2026-10-06T10:00:00Z');
  });

  it('gives a task its due date and says when it is done', () => {
    const root = show(
      update({
        id: '20261022090000abcdef12',
        kind: 'task',
        occurred_at: '2026-10-22T09:00:00Z',
        text: 'Separar documentos',
        due_at: '2026-10-28T18:00:00Z',
        done: true,
      }),
    );
    expect(root.querySelector('.update__kind')!.textContent).toBe('Tarefa');
    expect(root.querySelector('.update__due')!.textContent).toMatch(/^Prazo: 28 de out\. de 2026.*Concluída$/);
    expect(root.querySelector('.update__comment')).toBeNull();
  });
});
