// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogs } from '../admin/src/messages';
import { Table } from '../shared/ui/Table';
import type { Pages } from '../shared/ui/usePages';
import { show } from './screen';

type Row = { id: string; name: string; email: string };
const ROWS: Row[] = [
  { id: 'c1', name: 'Maria Souza', email: 'maria@example.com' },
  { id: 'c2', name: 'João Pereira', email: 'joao@example.com' },
];

/** A list in a given state; the actions say which one was asked for. */
function pagesOf(state: Partial<Pages<Row>>, asked: string[] = []): Pages<Row> {
  return {
    items: [],
    next: null,
    hasPrevious: false,
    loaded: true,
    busy: false,
    error: null,
    more: () => asked.push('more'),
    forward: () => asked.push('forward'),
    back: () => asked.push('back'),
    reload: () => asked.push('reload'),
    retry: () => asked.push('retry'),
    setItems: () => undefined,
    ...state,
  };
}

const table = (pages: Pages<Row>, paging?: 'more' | 'pages', withEmail = true) =>
  show(
    catalogs,
    <Table<Row>
      pages={pages}
      paging={paging}
      rowKey={(row) => row.id}
      empty="Nenhum cliente encontrado."
      columns={[{ label: 'Nome', cell: (row) => <a href={`#/clients/${row.id}`}>{row.name}</a> }, withEmail && { label: 'E-mail', cell: (row) => row.email }]}
    />,
  );
const buttons = (root: HTMLElement) => [...root.querySelectorAll('button')].map((button) => button.textContent);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('Table', () => {
  it('shows the declared columns, each cell labelled with its column for phones', async () => {
    const root = await table(pagesOf({ items: ROWS }));
    expect([...root.querySelectorAll('th')].map((th) => [th.textContent, th.getAttribute('scope')])).toEqual([
      ['Nome', 'col'],
      ['E-mail', 'col'],
    ]);
    expect([...root.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => `${td.dataset.label}: ${td.textContent}`))).toEqual([
      ['Nome: Maria Souza', 'E-mail: maria@example.com'],
      ['Nome: João Pereira', 'E-mail: joao@example.com'],
    ]);
    expect(root.querySelector('a')!.getAttribute('href')).toBe('#/clients/c1');
  });

  it('leaves out a column given as false', async () => {
    const root = await table(pagesOf({ items: ROWS }), 'more', false);
    expect([...root.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Nome']);
  });

  it('says it is loading, then that there is nothing, in words', async () => {
    let root = await table(pagesOf({ loaded: false, busy: true }));
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Carregando…');
    expect(root.querySelector('table')).toBeNull();
    document.body.innerHTML = '';
    root = await table(pagesOf({ items: [] }));
    expect(root.textContent).toBe('Nenhum cliente encontrado.');
  });

  it('says a failure in words with a button to try again, keeping the rows it has', async () => {
    const asked: string[] = [];
    let root = await table(pagesOf({ loaded: false, error: new Error('offline') }, asked));
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Algo deu errado. Tente novamente.');
    await act(() => root.querySelector('button')!.click());
    expect(asked).toEqual(['retry']);
    document.body.innerHTML = '';
    root = await table(pagesOf({ items: ROWS, next: 'p2', error: new Error('offline') }));
    expect(root.querySelectorAll('tbody tr').length).toBe(2);
    expect(root.querySelector('[role="alert"]')).not.toBeNull();
  });

  it('loads more rows below, by cursor', async () => {
    const asked: string[] = [];
    const root = await table(pagesOf({ items: ROWS, next: 'p2' }, asked));
    expect(buttons(root)).toEqual(['Carregar mais']);
    await act(() => root.querySelector('button')!.click());
    expect(asked).toEqual(['more']);
  });

  it('or pages forward and back, and offers neither at the only page', async () => {
    const asked: string[] = [];
    let root = await table(pagesOf({ items: ROWS, next: 'p3', hasPrevious: true }, asked), 'pages');
    expect(buttons(root)).toEqual(['Página anterior', 'Próxima página']);
    for (const button of root.querySelectorAll('button')) await act(() => button.click());
    expect(asked).toEqual(['back', 'forward']);
    document.body.innerHTML = '';
    root = await table(pagesOf({ items: ROWS }), 'pages');
    expect(buttons(root)).toEqual([]);
  });

  it('disables paging while a page is on its way, and says the table is busy', async () => {
    const root = await table(pagesOf({ items: ROWS, next: 'p2', busy: true }));
    expect(root.querySelector('table')!.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelector('button')!.disabled).toBe(true);
  });
});
