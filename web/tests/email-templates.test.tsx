// @vitest-environment jsdom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogs } from '../admin/src/messages';
import { EmailTemplatePage, EmailTemplatesPage } from '../admin/src/pages/EmailTemplates';
import { session } from '../admin/src/services';
import { never, serve, settle, show, signIn } from './screen';

const summary = (name: string, language: string, changes: Record<string, unknown> = {}) => ({
  name,
  language,
  to_staff: name === 'upload_received',
  customized: false,
  failing: false,
  failed_at: null,
  updated_at: null,
  ...changes,
});

const placeholders = [
  { name: 'firm_name', descriptions: { 'pt-BR': 'Nome do escritório no portal', es: 'Nombre del despacho en el portal', en: 'The firm’s name on the portal' } },
  { name: 'recipient_name', descriptions: { 'pt-BR': 'Nome de quem recebe o e-mail', es: 'Nombre de quien recibe el correo', en: 'The recipient’s name' } },
  { name: 'link', descriptions: { 'pt-BR': 'Link da página', es: 'Enlace a la página', en: 'Link to the page' } },
  { name: 'portal_link', descriptions: { 'pt-BR': 'Link do portal', es: 'Enlace al portal', en: 'Link to the portal' } },
];

const detail = (override: Record<string, unknown> | null = null) => ({
  name: 'invitation',
  language: 'pt-BR',
  default: { subject: 'Seu acesso ao portal de {{ firm_name }}', body: 'Olá, {{ recipient_name }}.\n\nCrie sua senha.' },
  override,
  placeholders,
});

const own = (changes: Record<string, unknown> = {}) => ({
  firm_id: 'silva',
  name: 'invitation',
  language: 'pt-BR',
  subject: 'Bem-vindo, {{ recipient_name }}',
  body: 'Texto do escritório',
  updated_at: '2026-11-20T10:00:00Z',
  updated_by: 's1',
  failure: null,
  version: 3,
  ...changes,
});

const rendered = (subject: string) => ({ subject, html: `<!DOCTYPE html><html><body><p>${subject}</p></body></html>`, text: subject });

const ONE = '/email-templates/invitation/pt-BR';

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
  document.body.innerHTML = '';
});

function byLabel(root: HTMLElement, label: string): HTMLInputElement | HTMLTextAreaElement {
  const found = [...root.querySelectorAll('label')].find((l) => l.textContent === label);
  expect(found, `a field labelled ${label}`).toBeTruthy();
  return root.querySelector(`#${found!.htmlFor}`)!;
}

function button(root: HTMLElement, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent === name);
  expect(found, `a button named ${name}`).toBeTruthy();
  return found as HTMLButtonElement;
}

async function type(field: HTMLInputElement | HTMLTextAreaElement, value: string) {
  field.value = value;
  await act(() => void field.dispatchEvent(new Event('input', { bubbles: true })));
  await settle();
}

describe('the list of e-mail templates', () => {
  it('shows loading, then every e-mail in words with its language and badges', async () => {
    signIn(session);
    serve({ 'GET /email-templates': never });
    const loading = await show(catalogs, <EmailTemplatesPage />, 'en');
    expect(loading.textContent).toContain('Loading…');
    document.body.innerHTML = '';

    serve({
      'GET /email-templates': {
        items: [
          summary('invitation', 'pt-BR', { customized: true, updated_at: '2026-11-20T10:00:00Z' }),
          summary('news', 'es', { customized: true, failing: true, failed_at: '2026-11-21T10:00:00Z' }),
          summary('upload_received', 'en'),
        ],
      },
    });
    const root = await show(catalogs, <EmailTemplatesPage />, 'pt-BR');
    const rows = [...root.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Convite para o portal', 'Português (Brasil)', 'Clientes', 'Personalizado'],
      ['Novidade em um processo', 'Espanhol', 'Clientes', 'PersonalizadoFalhou'],
      ['Documento recebido de um cliente', 'Inglês', 'Equipe do escritório', 'Padrão'],
    ]);
    const link = root.querySelector('tbody a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('#/email-templates/invitation/pt-BR');
    expect(link.getAttribute('aria-label')).toBe('Convite para o portal em Português (Brasil)');
    expect(root.textContent).not.toContain('invitation');
  });

  it('says so when there is nothing to list', async () => {
    signIn(session);
    serve({ 'GET /email-templates': { items: [] } });
    const root = await show(catalogs, <EmailTemplatesPage />, 'es');
    expect(root.textContent).toContain('No hay correos que personalizar.');
  });
});

describe('the template editor', () => {
  it('starts from the default, previews it in a sandboxed frame and saves the firm’s first version', async () => {
    signIn(session);
    const served = serve({
      [`GET ${ONE}`]: detail(),
      [`POST ${ONE}/preview`]: (url: URL) => (void url, rendered('Prévia')),
      [`PUT ${ONE}`]: detail(own({ version: 1 })),
    });
    const root = await show(catalogs, <EmailTemplatePage kind="invitation" language="pt-BR" admin previewDelay={0} />);

    expect(root.querySelector('h1')!.textContent).toBe('Convite para o portal · Português (Brasil)');
    expect(byLabel(root, 'Assunto').value).toBe('Seu acesso ao portal de {{ firm_name }}');
    expect(byLabel(root, 'Texto').value).toBe('Olá, {{ recipient_name }}.\n\nCrie sua senha.');
    expect(root.textContent).toContain('Este e-mail usa o texto padrão.');
    const frame = root.querySelector('iframe')!;
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<p>Prévia</p>');
    expect(frame.getAttribute('title')).toBe('Pré-visualização do e-mail com dados de exemplo');
    expect(root.textContent).toContain('Assunto: Prévia');

    await type(byLabel(root, 'Assunto'), 'Bem-vindo, {{ recipient_name }}');
    expect(served.bodies.POST.at(-1)).toEqual({ subject: 'Bem-vindo, {{ recipient_name }}', body: 'Olá, {{ recipient_name }}.\n\nCrie sua senha.' });

    await act(() => button(root, 'Salvar').click());
    await settle();
    expect(served.bodies.PUT).toEqual([{ subject: 'Bem-vindo, {{ recipient_name }}', body: 'Olá, {{ recipient_name }}.\n\nCrie sua senha.', version: null }]);
    expect(root.textContent).toContain('Salvo.');
    expect(root.textContent).toContain('Este e-mail usa o texto do escritório');
  });

  it('inserts a placeholder where the cursor is, in the field last used', async () => {
    signIn(session);
    serve({ [`GET ${ONE}`]: detail(), [`POST ${ONE}/preview`]: rendered('x') });
    const root = await show(catalogs, <EmailTemplatePage kind="invitation" language="pt-BR" admin previewDelay={0} />, 'en');
    const body = byLabel(root, 'Text') as HTMLTextAreaElement;
    await type(body, 'Hello , welcome');
    body.dispatchEvent(new FocusEvent('focus'));
    body.setSelectionRange(6, 6);

    await act(() => button(root, '{{ recipient_name }}').click());
    await settle();

    expect(body.value).toBe('Hello {{ recipient_name }}, welcome');
    expect(root.textContent).toContain('The recipient’s name');
  });

  it('shows the check’s problems with their line, in words', async () => {
    signIn(session);
    const invalid = (details: unknown[]) =>
      new Response(JSON.stringify({ error: { code: 'invalid_template', message: 'Line 3: …', details } }), {
        status: 422,
        headers: { 'content-type': 'application/json' },
      });
    serve({
      [`GET ${ONE}`]: detail(),
      [`POST ${ONE}/preview`]: rendered('ok'),
      [`PUT ${ONE}`]: () =>
        invalid([
          { path: 'body', field: 'body', line: 3, placeholder: 'config', type: 'unknown_placeholder', message: 'Line 3: {{ config }} is not a placeholder.' },
          { path: 'subject', field: 'subject', line: 1, placeholder: null, type: 'syntax', message: 'Line 1: …' },
        ]),
    });
    const root = await show(catalogs, <EmailTemplatePage kind="invitation" language="pt-BR" admin previewDelay={0} />);
    await act(() => button(root, 'Salvar').click());
    await settle();

    const items = [...root.querySelectorAll('.alert li')].map((li) => li.textContent);
    expect(items).toEqual([
      'Texto, linha 3: {{ config }} não é um marcador deste e-mail. Use um da lista.',
      'Assunto: as chaves não estão fechadas corretamente. Escreva {{ marcador }} ou {% if marcador %}…{% endif %}.',
    ]);
  });

  it('sends a test to oneself and resets to the default once confirmed; says when the template failed', async () => {
    signIn(session);
    const served = serve({
      [`GET ${ONE}`]: detail(own({ failure: { at: '2026-11-21T10:00:00Z', message: 'Line 1: {{ gone }} is not a placeholder.' } })),
      [`POST ${ONE}/preview`]: rendered('ok'),
      [`POST ${ONE}/test`]: new Response(JSON.stringify({ status: 'accepted', message: 'On its way.' }), { status: 202 }),
      [`DELETE ${ONE}`]: new Response(null, { status: 204 }),
    });
    const confirmed = vi.fn(() => true);
    vi.stubGlobal('confirm', confirmed);
    const root = await show(catalogs, <EmailTemplatePage kind="invitation" language="pt-BR" admin previewDelay={0} />, 'en');

    expect(root.textContent).toContain('This template failed on Nov 21, 2026 and the default e-mail was sent instead.');
    expect(byLabel(root, 'Subject').value).toBe('Bem-vindo, {{ recipient_name }}');

    await act(() => button(root, 'Send me a test').click());
    await settle();
    expect(served.bodies.POST.at(-1)).toEqual({ subject: 'Bem-vindo, {{ recipient_name }}', body: 'Texto do escritório' });
    expect(served.calls).toContain(`POST ${ONE}/test`);
    expect(root.textContent).toContain('A test e-mail with sample data is on its way to your address.');

    await act(() => button(root, 'Reset to default').click());
    await settle();
    expect(confirmed).toHaveBeenCalledOnce();
    expect(served.calls).toContain(`DELETE ${ONE}`);
    expect(root.textContent).toContain('The default e-mail is back.');
    expect(byLabel(root, 'Subject').value).toBe('Seu acesso ao portal de {{ firm_name }}');
  });

  it('is read-only for staff who are not admins, and has a loading state', async () => {
    signIn(session);
    serve({ [`GET ${ONE}`]: never });
    const loading = await show(catalogs, <EmailTemplatePage kind="invitation" language="pt-BR" admin={false} />, 'en');
    expect(loading.textContent).toContain('Loading…');
    document.body.innerHTML = '';

    serve({ [`GET ${ONE}`]: detail(), [`POST ${ONE}/preview`]: rendered('ok') });
    const root = await show(catalogs, <EmailTemplatePage kind="invitation" language="pt-BR" admin={false} previewDelay={0} />, 'en');
    expect(root.textContent).toContain('Only admins can change the e-mails.');
    expect((root.querySelector('fieldset') as HTMLFieldSetElement).disabled).toBe(true);
  });

  it('has no two buttons whose names contain one another', async () => {
    signIn(session);
    serve({ [`GET ${ONE}`]: detail(own()), [`POST ${ONE}/preview`]: rendered('ok') });
    for (const lang of ['pt-BR', 'es', 'en'] as const) {
      document.body.innerHTML = '';
      const root = await show(catalogs, <EmailTemplatePage kind="invitation" language="pt-BR" admin previewDelay={0} />, lang);
      const names = [...root.querySelectorAll('button')].map((b) => b.textContent.toLowerCase());
      for (const a of names) for (const b of names) if (a !== b) expect(b.includes(a), `${lang}: "${b}" contains "${a}"`).toBe(false);
    }
  });
});
