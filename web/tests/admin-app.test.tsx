// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../admin/src/App';
import { catalogs } from '../admin/src/messages';
import { session } from '../admin/src/services';
import { page, serve, settle, show, signIn } from './screen';

const ME = { id: 'stf1', kind: 'staff', name: 'Ana Silva', email: 'admin@silva.example.com', role: 'admin', firm_id: 'silva' };
const firm = (display_name: string) => ({
  id: 'silva',
  name: 'Silva',
  plan: 'standard',
  portal_url: 'http://portal.test/',
  upload_limit_megabytes: 25,
  notifications: {
    digest_minutes: 10,
    quiet_hours: true,
    quiet_from: '20:00',
    quiet_until: '08:00',
    time_zone: 'America/Sao_Paulo',
    sms_monthly_cap: 500,
  },
  version: 1,
  portal: {
    enabled: true,
    slug: 'silva',
    display_name,
    logo_url: null,
    primary_color: '#1f4e79',
    default_language: 'pt-BR',
    sender_name: 'Silva',
    reply_to: null,
  },
});

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
  localStorage.clear();
  document.body.innerHTML = '';
  location.hash = '';
});

describe('the admin app’s top bar', () => {
  it('names the firm once signed in, and follows its settings when they are saved', async () => {
    localStorage.setItem('admin:lang', 'pt-BR');
    signIn(session);
    serve({
      'GET /me': ME,
      'GET /firm': firm('Silva & Associados Advocacia'),
      'GET /clients': page([]),
      'PUT /firm/portal-settings': firm('Silva Advocacia'),
    });
    const root = await show(catalogs, <App />);
    const title = () => root.querySelector('.topbar__title')!.textContent;
    expect(title()).toBe('Silva & Associados Advocacia');
    expect(document.title).toBe('Silva & Associados Advocacia · Portal do cliente — administração');

    location.hash = '#/settings';
    await settle();
    root.querySelector<HTMLButtonElement>('form button[type="submit"]')!.click();
    await settle();
    expect(title()).toBe('Silva Advocacia');
  });

  it('lets an admin set the largest file clients and staff may send', async () => {
    localStorage.setItem('admin:lang', 'pt-BR');
    signIn(session);
    const served = serve({
      'GET /me': ME,
      'GET /firm': firm('Silva'),
      'GET /clients': page([]),
      'PUT /firm/upload-limit': { ...firm('Silva'), upload_limit_megabytes: 50, version: 2 },
    });
    const root = await show(catalogs, <App />);
    location.hash = '#/settings';
    await settle();
    const form = root.querySelector<HTMLFormElement>('form[aria-labelledby="upload-limit-title"]')!;
    expect(form.querySelector('h2')!.textContent).toBe('Documentos');
    const field = form.querySelector<HTMLInputElement>('input[type="number"]')!;
    expect(field.value).toBe('25');
    expect(form.textContent).toContain('De 1 a 100 MB.');
    expect(form.querySelector('button[type="submit"]')!.textContent).toBe('Alterar o limite');
    field.value = '50';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await settle();
    expect(served.calls).toContain('PUT /firm/upload-limit');
    expect(root.querySelector<HTMLInputElement>('form[aria-labelledby="upload-limit-title"] input[type="number"]')!.value).toBe('50');
  });

  it('has the quick “new consultation” action and the consultations and my tasks in the menu', async () => {
    localStorage.setItem('admin:lang', 'pt-BR');
    signIn(session);
    serve({ 'GET /me': ME, 'GET /firm': firm('Silva'), 'GET /clients': page([]), 'GET /me/tasks': page([]) });
    const root = await show(catalogs, <App />);
    const quick = root.querySelector<HTMLAnchorElement>('.topbar a.topbar__quick')!;
    expect(quick.textContent).toBe('Novo atendimento');
    expect(quick.getAttribute('href')).toBe('#/consultations/new');
    expect(quick.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
    const menu = [...root.querySelectorAll('.sidenav a')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(menu).toContainEqual(['Atendimentos', '#/consultations']);
    expect(menu).toContainEqual(['Minhas tarefas', '#/tasks']);
  });

  it('says the app’s name to someone not signed in', async () => {
    localStorage.setItem('admin:lang', 'pt-BR');
    serve({});
    const root = await show(catalogs, <App />);
    expect(root.querySelector('.topbar__title')!.textContent).toBe('Portal do cliente — administração');
  });
});
