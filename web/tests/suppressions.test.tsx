// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogs } from '../admin/src/messages';
import { ClientPage } from '../admin/src/pages/Client';
import { SuppressionsPage } from '../admin/src/pages/Suppressions';
import { session } from '../admin/src/services';
import { never, page, serve, settle, show, signIn } from './screen';

const entry = (address: string, reason: 'bounced' | 'complained', at = '2026-12-01T14:00:00Z') => ({
  firm_id: 'silva',
  address,
  reason,
  diagnostic: reason === 'bounced' ? 'smtp; 550 5.1.1 user unknown' : null,
  at,
  kind: 'news',
});

const client = {
  id: 'c1',
  firm_id: 'silva',
  name: 'Beatriz Costa',
  emails: ['beatriz@example.com'],
  phone: null,
  language: null,
  notification_emails: ['filha@example.com'],
  access: { type: 'account', status: 'active', email: 'beatriz@example.com' },
  created_at: '2026-11-01T10:00:00Z',
  updated_at: '2026-11-01T10:00:00Z',
  version: 1,
};

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
  document.body.innerHTML = '';
});

describe('the client page', () => {
  it('says, for each suppressed address, that e-mails to it are not delivered, why and since when', async () => {
    signIn(session);
    serve({
      'GET /clients/c1': client,
      'GET /clients/c1/suppressions': { items: [entry('beatriz@example.com', 'bounced'), entry('filha@example.com', 'complained')] },
    });
    const root = await show(catalogs, <ClientPage id="c1" admin={false} />, 'en');
    const notices = [...root.querySelectorAll('.alert--info')].map((n) => n.textContent);
    expect(notices).toEqual([
      'E-mails to beatriz@example.com are not delivered: the address does not exist (bounced on Dec 1).',
      'E-mails to filha@example.com are not delivered: the recipient marked the firm’s e-mails as spam (spam complaint on Dec 1).',
    ]);
  });

  it('in Portuguese, with the accents, and no notice when nothing is suppressed', async () => {
    signIn(session);
    serve({ 'GET /clients/c1': client, 'GET /clients/c1/suppressions': { items: [entry('beatriz@example.com', 'bounced')] } });
    const root = await show(catalogs, <ClientPage id="c1" admin={false} />);
    expect(root.querySelector('.alert--info')!.textContent).toBe(
      'Os e-mails para beatriz@example.com não são entregues: o endereço não existe (devolvido em 1 de dez.).',
    );
    document.body.innerHTML = '';
    serve({ 'GET /clients/c1': client, 'GET /clients/c1/suppressions': { items: [] } });
    const clean = await show(catalogs, <ClientPage id="c1" admin={false} />);
    expect(clean.querySelector('.alert--info')).toBeNull();
  });
});

describe('the suppression list page', () => {
  it('shows loading, then the list with the reasons in words; admins lift an address once confirmed', async () => {
    signIn(session);
    let listed = [entry('ana@example.com', 'bounced'), entry('spam@example.com', 'complained')];
    const served = serve({
      'GET /suppressions': () => page(listed),
      'POST /suppressions/lift': () => ((listed = listed.slice(1)), new Response(null, { status: 204 })),
    });
    vi.stubGlobal('confirm', () => true);
    const root = await show(catalogs, <SuppressionsPage admin />, 'es');
    const rows = () => [...root.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].slice(0, 2).map((c) => c.textContent));
    expect(rows()).toEqual([
      ['ana@example.com', 'la dirección no existe'],
      ['spam@example.com', 'el destinatario marcó los correos del despacho como spam'],
    ]);
    await act(() => (root.querySelector('tbody button') as HTMLButtonElement).click());
    await settle();
    expect(served.calls).toContain('POST /suppressions/lift');
    expect(root.textContent).toContain('Los correos a ana@example.com se volverán a enviar.');
    expect(rows()).toEqual([['spam@example.com', 'el destinatario marcó los correos del despacho como spam']]);
  });

  it('has no lift button for staff who are not admins, a loading state and an empty state', async () => {
    signIn(session);
    serve({ 'GET /suppressions': never });
    const loading = await show(catalogs, <SuppressionsPage admin={false} />, 'en');
    expect(loading.textContent).toContain('Loading…');
    document.body.innerHTML = '';
    serve({ 'GET /suppressions': page([entry('ana@example.com', 'bounced')]) });
    const staff = await show(catalogs, <SuppressionsPage admin={false} />, 'en');
    expect(staff.querySelector('tbody button')).toBeNull();
    document.body.innerHTML = '';
    serve({ 'GET /suppressions': page([]) });
    const empty = await show(catalogs, <SuppressionsPage admin />, 'pt-BR');
    expect(empty.textContent).toContain('Todos os endereços recebem os e-mails do escritório.');
  });
});
