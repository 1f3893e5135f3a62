// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogs } from '../admin/src/messages';
import { PendingNotificationsPage } from '../admin/src/pages/PendingNotifications';
import { session } from '../admin/src/services';
import { never, page, serve, settle, show, signIn } from './screen';

const entry = (matter_id: string, title: string, client_names: string[], changed_at = '2026-12-01T14:05:00Z') => ({
  matter_id,
  title,
  number: matter_id === 'm1' ? '0000832-35.2018.4.01.3202' : null,
  client_names,
  changed_at,
});

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
  document.body.innerHTML = '';
});

const rows = (root: HTMLElement) =>
  [...root.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].slice(0, 2).map((cell) => cell.textContent));

describe('the pending notifications page', () => {
  it('lists each matter in words, with the clients it would reach, and notifies one, then reads the list again', async () => {
    signIn(session);
    let listed = [entry('m1', 'Maria Souza x INSS', ['Maria Souza', 'João Pereira']), entry('m2', 'Contrato de locação', [])];
    const served = serve({
      'GET /matters/pending-notifications': () => page(listed),
      'POST /matters/m1/notify': () => ((listed = listed.slice(1)), { notified_client_ids: ['c1', 'c2'] }),
    });
    const root = await show(catalogs, <PendingNotificationsPage />);
    expect(root.querySelector('h1')!.textContent).toBe('Notificações pendentes');
    expect(rows(root)).toEqual([
      ['Maria Souza x INSS · 0000832-35.2018.4.01.3202', 'Maria Souza, João Pereira'],
      ['Contrato de locação', 'ninguém (não publicado a nenhum cliente)'],
    ]);
    expect(root.querySelector('tbody a')!.getAttribute('href')).toBe('#/matters/m1');

    const notify = root.querySelector<HTMLButtonElement>('tbody button')!;
    expect(notify.textContent).toBe('Notificar');
    await act(() => notify.click());
    await settle();

    expect(served.calls.filter((c) => c.startsWith('GET /matters/pending-notifications'))).toHaveLength(2);
    expect(root.textContent).toContain('Os clientes de “Maria Souza x INSS” serão avisados por e-mail.');
    expect(rows(root)).toEqual([['Contrato de locação', 'ninguém (não publicado a nenhum cliente)']]);
  });

  it('notifies all once confirmed, says how many and whether more remain, and nothing without confirmation', async () => {
    signIn(session);
    let listed = [entry('m1', 'Maria Souza x INSS', ['Maria Souza']), entry('m2', 'Reclamação trabalhista', ['João Pereira'])];
    const served = serve({
      'GET /matters/pending-notifications': () => page(listed),
      'POST /matters/notify-pending': () => ((listed = []), { notified_matters: 2, notified_clients: 2, more: true }),
    });
    let answer = false;
    vi.stubGlobal('confirm', () => answer);
    const root = await show(catalogs, <PendingNotificationsPage />, 'es');
    const all = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Notificar todos')!;

    await act(() => all.click());
    await settle();
    expect(served.calls).not.toContain('POST /matters/notify-pending');

    answer = true;
    await act(() => all.click());
    await settle();
    expect(served.calls).toContain('POST /matters/notify-pending');
    expect(root.textContent).toContain('Asuntos notificados: 2. Correos en camino: 2.');
    expect(root.textContent).toContain('Aún quedan asuntos esperando');
    expect(root.textContent).toContain('Todos los clientes ya fueron avisados de todos los cambios publicados.');
    expect([...root.querySelectorAll('button')].some((b) => b.textContent === 'Notificar todos')).toBe(false);
  });

  it('shows a loading state, then an empty state in words', async () => {
    signIn(session);
    serve({ 'GET /matters/pending-notifications': never });
    const loading = await show(catalogs, <PendingNotificationsPage />, 'en');
    expect(loading.textContent).toContain('Loading…');
    document.body.innerHTML = '';
    serve({ 'GET /matters/pending-notifications': page([]) });
    const empty = await show(catalogs, <PendingNotificationsPage />, 'en');
    expect(empty.textContent).toContain('Every client has been told about every published change.');
    expect(empty.querySelector('button')).toBeNull();
  });
});
