// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogs as adminCatalogs } from '../admin/src/messages';
import { ClientNotificationChoices } from '../admin/src/pages/NotificationChoices';
import { session as adminSession } from '../admin/src/services';
import { catalogs } from '../portal/src/messages';
import { NotificationsSection } from '../portal/src/pages/Notifications';
import { topicOf, UnsubscribePage } from '../portal/src/pages/Unsubscribe';
import { session } from '../portal/src/services';
import { never, serve, settle, show, signIn } from './screen';

const EMAIL = { news: 'email', case_changes: 'email', document_requests: 'email', billing: 'email' } as const;
const defaults = { channels: EMAIL, mobile: null, pending: null, version: 0 };
const verified = { number: '+5511987654321', verified_at: '2026-12-01T14:00:00Z' };

const fail = (status: number, code: string, details: unknown[] = []) =>
  new Response(JSON.stringify({ error: { code, message: code, details } }), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
  adminSession.clear();
  document.body.innerHTML = '';
});

const byLabel = (root: HTMLElement, label: string) => {
  const found = [...root.querySelectorAll('label')].find((l) => l.textContent === label);
  expect(found, `no control labelled ${label}`).toBeTruthy();
  return root.querySelector<HTMLInputElement & HTMLSelectElement>(`#${found!.htmlFor}`)!;
};
const button = (root: HTMLElement, name: string) => {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent === name);
  expect(found, `no button ${name}`).toBeTruthy();
  return found!;
};
async function type(control: HTMLInputElement, value: string) {
  control.value = value;
  await act(() => void control.dispatchEvent(new Event('input', { bubbles: true })));
}
async function choose(control: HTMLSelectElement, value: string) {
  control.value = value;
  await act(() => void control.dispatchEvent(new Event('change', { bubbles: true })));
}
async function click(target: HTMLElement) {
  await act(() => target.click());
  await settle();
}

describe('the profile’s notifications', () => {
  it('shows a loading state, then one choice per topic in words', async () => {
    signIn(session);
    serve({ 'GET /portal/notification-preferences': never });
    const waiting = await show(catalogs, <NotificationsSection readOnly={false} />);
    expect(waiting.querySelector('[role=status]')!.textContent).toBe('Carregando suas escolhas de notificação…');
    document.body.innerHTML = '';

    serve({ 'GET /portal/notification-preferences': defaults });
    const root = await show(catalogs, <NotificationsSection readOnly={false} />);
    expect(root.querySelector('h2')!.textContent).toBe('Notificações');
    const news = byLabel(root, 'Novidades do escritório');
    expect([...news.options].map((o) => o.textContent)).toEqual(['E-mail', 'Nenhum']); // no SMS without a number
    expect(news.value).toBe('email');
    expect(root.textContent).toContain('Para receber SMS, confirme seu celular abaixo.');
    for (const label of ['Mudanças nos seus processos', 'Pedidos de documentos', 'Faturas e pagamentos']) byLabel(root, label);
  });

  it('saves the choices over the version read', async () => {
    signIn(session);
    const served = serve({
      'GET /portal/notification-preferences': { ...defaults, mobile: verified, version: 3 },
      'PUT /portal/notification-preferences': { channels: { ...EMAIL, news: 'none', billing: 'sms' }, mobile: verified, pending: null, version: 4 },
    });
    const root = await show(catalogs, <NotificationsSection readOnly={false} />, 'es');
    const billing = byLabel(root, 'Facturas y pagos');
    expect([...billing.options].map((o) => o.textContent)).toEqual(['Correo electrónico', 'SMS (mensaje de texto)', 'Ninguno']);
    await choose(byLabel(root, 'Novedades del despacho'), 'none');
    await choose(billing, 'sms');
    await click(button(root, 'Guardar opciones de notificación'));
    expect(served.bodies.PUT).toEqual([{ channels: { ...EMAIL, news: 'none', billing: 'sms' }, version: 3 }]);
    expect(root.querySelector('.alert--success')!.textContent).toBe('Sus opciones de notificación se guardaron.');
    expect(root.textContent).toContain('+5511987654321');
    expect(root.querySelector('.badge')!.textContent).toBe('Verificado');
  });

  it('says on the topic why SMS was refused, and offers a reload after a stale save', async () => {
    signIn(session);
    serve({
      'GET /portal/notification-preferences': { ...defaults, channels: { ...EMAIL, billing: 'sms' } },
      'PUT /portal/notification-preferences': () => fail(422, 'invalid_input', [{ path: 'channels.billing', message: 'x' }]),
    });
    const root = await show(catalogs, <NotificationsSection readOnly={false} />, 'en');
    await click(button(root, 'Save notification choices'));
    expect(root.querySelector('.field__error')!.textContent).toBe('Verify a mobile number before choosing SMS.');
    document.body.innerHTML = '';

    serve({ 'GET /portal/notification-preferences': defaults, 'PUT /portal/notification-preferences': () => fail(409, 'conflict') });
    const stale = await show(catalogs, <NotificationsSection readOnly={false} />, 'en');
    await click(button(stale, 'Save notification choices'));
    expect(stale.querySelector('[role=alert]')!.textContent).toContain('Reload');
  });

  it('verifies a mobile number: number, code by SMS, verified badge, then remove', async () => {
    signIn(session);
    let state: Record<string, unknown> = { ...defaults };
    const pending = { number: '+5511987654321', expires_at: new Date(Date.now() + 600_000).toISOString(), attempts_left: 5 };
    const served = serve({
      'GET /portal/notification-preferences': () => state,
      'POST /portal/mobile': () => ((state = { ...state, pending, version: 1 }), { number: pending.number, expires_at: pending.expires_at }),
      'POST /portal/mobile/verify': () => ((state = { ...state, pending: null, mobile: verified, version: 2 }), state),
      'DELETE /portal/mobile': () => ((state = { ...state, mobile: null, version: 3 }), state),
    });
    const root = await show(catalogs, <NotificationsSection readOnly={false} />);
    await type(byLabel(root, 'Celular'), '(11) 98765-4321');
    await click(button(root, 'Enviar código'));
    expect(served.bodies.POST[0]).toEqual({ number: '(11) 98765-4321' });
    expect(root.querySelector('.alert--info')!.textContent).toBe('Enviamos um código de 6 dígitos para +5511987654321. Ele vale por 10 minutos.');
    const code = byLabel(root, 'Código recebido por SMS');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    await type(code, '123456');
    await click(button(root, 'Confirmar código'));
    expect(served.bodies.POST[1]).toEqual({ code: '123456' });
    expect(root.querySelector('.badge')!.textContent).toBe('Confirmado');
    expect(root.textContent).toContain('+5511987654321');
    await click(button(root, 'Remover este número'));
    expect(served.calls).toContain('DELETE /portal/mobile');
    expect(root.querySelector('.alert--success')!.textContent).toBe('O número foi removido. O que ia por SMS agora vai por e-mail.');
    byLabel(root, 'Celular');
  });

  it('tells a wrong code, an invalid number and an opted-out number apart', async () => {
    signIn(session);
    const pending = { number: '+5511987654321', expires_at: new Date(Date.now() + 600_000).toISOString(), attempts_left: 4 };
    serve({
      'GET /portal/notification-preferences': { ...defaults, pending, version: 2 },
      'POST /portal/mobile/verify': () => fail(422, 'invalid_input', [{ path: 'code', message: 'x' }]),
    });
    const root = await show(catalogs, <NotificationsSection readOnly={false} />, 'en');
    expect(root.textContent).toContain('Tries left: 4');
    await type(byLabel(root, 'Code received by SMS'), '000000');
    await click(button(root, 'Confirm the code'));
    expect(root.querySelector('[role=alert]')!.textContent).toBe('This code is not right. Check the text message and try again.');
    document.body.innerHTML = '';

    let answer = fail(422, 'invalid_input', [{ path: 'number', message: 'x' }]);
    serve({ 'GET /portal/notification-preferences': defaults, 'POST /portal/mobile': () => answer });
    const form = await show(catalogs, <NotificationsSection readOnly={false} />, 'en');
    await type(byLabel(form, 'Mobile number'), '123');
    await click(button(form, 'Send me a code'));
    expect(form.querySelector('[role=alert]')!.textContent).toBe('This is not a valid mobile number. Check it, with the area code.');
    answer = fail(422, 'sms_opted_out', [{ path: 'number', message: 'x' }]);
    await click(button(form, 'Send me a code'));
    expect(form.querySelector('[role=alert]')!.textContent).toBe('This number asked not to receive text messages. Use another number, or keep e-mail.');
  });

  it('a read-only session sees the choices in words and no control', async () => {
    signIn(session);
    serve({ 'GET /portal/notification-preferences': { ...defaults, channels: { ...EMAIL, news: 'none' } } });
    const root = await show(catalogs, <NotificationsSection readOnly />);
    expect(root.querySelectorAll('select, input, button')).toHaveLength(0);
    expect([...root.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['Nenhum', 'E-mail', 'E-mail', 'E-mail']);
    expect(root.querySelector('.alert--info')!.textContent).toContain('somente leitura');
  });

  it('shows a failure with a way to try again', async () => {
    signIn(session);
    serve({ 'GET /portal/notification-preferences': () => fail(500, 'internal_error') });
    const root = await show(catalogs, <NotificationsSection readOnly={false} />, 'en');
    expect(root.querySelector('[role=alert]')).not.toBeNull();
  });
});

const token = (topic: string) => `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify({ topic, firm: 'f1', sub: 'c1' })).replace(/=+$/, '')}.signature`;
const branding = {
  slug: 'silva',
  display_name: 'Silva Advogados',
  logo_url: null,
  primary_color: '#1f4e79',
  default_language: 'pt-BR',
  enabled: true,
  contact_email: null,
} as const;

describe('the unsubscribe page', () => {
  it('reads the topic from the link and changes nothing until the button is pressed', async () => {
    expect(topicOf(token('billing'))).toBe('billing');
    expect(topicOf('nonsense')).toBeNull();
    const served = serve({ 'POST /unsubscribe': { topic: 'news', channel: 'none' } });
    const root = await show(catalogs, <UnsubscribePage token={token('news')} branding={branding} />);
    expect(root.textContent).toContain('Você não receberá mais “Novidades do escritório” de Silva Advogados.');
    expect(served.calls).toEqual([]); // opening the page unsubscribes nobody
    await click(button(root, 'Parar estes e-mails'));
    expect(served.calls).toEqual([`POST /unsubscribe?token=${encodeURIComponent(token('news'))}`]);
    expect(root.querySelector('.alert--success')!.textContent).toBe('Pronto: você não receberá mais “Novidades do escritório”.');
  });

  it('says so when the link is not valid', async () => {
    serve({ 'POST /unsubscribe': () => fail(404, 'invalid_link') });
    const root = await show(catalogs, <UnsubscribePage token={token('news')} branding={branding} />, 'es');
    await click(button(root, 'Dejar de recibir estos correos'));
    expect(root.querySelector('[role=alert]')!.textContent).toBe('Este enlace para darse de baja no es válido. Cambie sus opciones en su perfil.');
  });
});

describe('the client page (admin)', () => {
  it('shows what the client chose per topic, read only', async () => {
    signIn(adminSession);
    serve({
      'GET /clients/c1/notification-preferences': { channels: { ...EMAIL, news: 'none', billing: 'sms' }, mobile: verified, pending: null, version: 2 },
    });
    const root = await show(adminCatalogs, <ClientNotificationChoices clientId="c1" />, 'en');
    const rows = [...root.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]);
    expect(rows).toEqual([
      ['News from the firm', 'None (the client chose not to be told)'],
      ['Changes in their cases', 'E-mail'],
      ['Requests for documents', 'E-mail'],
      ['Invoices and payments', 'SMS (text message)'],
      ['Mobile for SMS', '+5511987654321 (verified on Dec 1, 2026)'],
    ]);
    expect(root.querySelectorAll('select, input, button')).toHaveLength(0);
  });

  it('in Portuguese, with a loading state first', async () => {
    signIn(adminSession);
    serve({ 'GET /clients/c1/notification-preferences': never });
    const root = await show(adminCatalogs, <ClientNotificationChoices clientId="c1" />);
    expect(root.querySelector('[role=status]')!.textContent).toBe('Carregando as escolhas de notificação do cliente…');
  });
});
