// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogs } from '../admin/src/messages';
import { SettingsPage } from '../admin/src/pages/Settings';
import { session } from '../admin/src/services';
import { serve, settle, show, signIn } from './screen';

const pacing = {
  digest_minutes: 10,
  quiet_hours: true,
  quiet_from: '20:00',
  quiet_until: '08:00',
  time_zone: 'America/Sao_Paulo',
  sms_monthly_cap: 500,
};
const firm = (notifications = pacing, version = 3) => ({
  id: 'silva',
  name: 'Silva',
  plan: 'standard',
  portal_url: 'http://portal.test/',
  upload_limit_megabytes: 25,
  notifications,
  version,
  portal: {
    enabled: true,
    slug: 'silva',
    display_name: 'Silva',
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
  document.body.innerHTML = '';
});

async function type(element: HTMLInputElement | HTMLSelectElement, value: string) {
  element.value = value;
  await act(() => void element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true })));
}

const form = (root: HTMLElement) => root.querySelector<HTMLFormElement>('form[aria-labelledby="pacing-title"]')!;
const field = (root: HTMLElement, label: string) => {
  const found = [...form(root).querySelectorAll('label')].find((l) => l.textContent === label);
  return form(root).querySelector<HTMLInputElement & HTMLSelectElement>(`#${found!.htmlFor}`)!;
};

describe('the notifications section of Settings', () => {
  it('explains each setting in words and sends the pacing over the firm’s version', async () => {
    signIn(session);
    const served = serve({
      'GET /firm': firm(),
      'PUT /firm/notification-settings': firm({ ...pacing, digest_minutes: 0, time_zone: 'America/Manaus', sms_monthly_cap: 0 }, 4),
    });
    const root = await show(catalogs, <SettingsPage admin />);
    expect(form(root).querySelector('h2')!.textContent).toBe('Notificações');
    expect(form(root).textContent).toContain('0: cada e-mail vai sozinho, na hora.');
    expect(form(root).textContent).toContain('0: nenhuma mensagem de texto.');
    expect(field(root, 'Silêncio a partir de').value).toBe('20:00');
    const button = form(root).querySelector('button[type="submit"]')!;
    expect(button.textContent).toBe('Aplicar ritmo');
    // No button on the page has a name inside another's (the journeys find buttons by name).
    const names = [...root.querySelectorAll('button')].map((b) => b.textContent.trim()).filter(Boolean);
    for (const name of names) expect(names.filter((other) => other !== name && other.includes(name))).toEqual([]);

    await type(field(root, 'Juntar os e-mails de um cliente durante (minutos)'), '0');
    await type(field(root, 'Fuso horário do escritório'), 'America/Manaus');
    await type(field(root, 'Mensagens de texto por mês, no máximo'), '0');
    await act(() => (button as HTMLButtonElement).click());
    await settle();

    expect(served.bodies.PUT).toEqual([
      {
        digest_minutes: 0,
        quiet_hours: true,
        quiet_from: '20:00',
        quiet_until: '08:00',
        time_zone: 'America/Manaus',
        sms_monthly_cap: 0,
        version: 3,
      },
    ]);
    expect(root.textContent).toContain('Salvo');
  });

  it('takes a zone not in the list as typed, and hides the hours when quiet hours are off', async () => {
    signIn(session);
    const served = serve({ 'GET /firm': firm({ ...pacing, time_zone: 'Asia/Tokyo' }), 'PUT /firm/notification-settings': firm() });
    const root = await show(catalogs, <SettingsPage admin />, 'en');
    expect(field(root, 'The firm’s time zone').value).toBe('');
    expect(field(root, 'Time zone name').value).toBe('Asia/Tokyo');
    const quiet = [...form(root).querySelectorAll<HTMLInputElement>('input[type="checkbox"]')][0];
    await act(() => quiet.click());
    expect([...form(root).querySelectorAll('label')].some((l) => l.textContent === 'Quiet from')).toBe(false);
    await act(() => form(root).querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
    await settle();
    expect(served.bodies.PUT).toEqual([expect.objectContaining({ quiet_hours: false, time_zone: 'Asia/Tokyo' })]);
  });

  it('is read-only for staff who are not admins', async () => {
    signIn(session);
    serve({ 'GET /firm': firm() });
    const root = await show(catalogs, <SettingsPage admin={false} />, 'es');
    expect(form(root).querySelector('fieldset')!.disabled).toBe(true);
    expect(form(root).querySelector('button[type="submit"]')).toBeNull();
  });
});
