// Journeys 1, 2, 3, 4, 5, 8 and 9 of PRODUCT.md through the screens, in headless Chromium,
// against the stack `make run` starts. Every page is checked with axe-core and photographed at
// phone and desktop widths (test-artifacts/screenshots/).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DESKTOP, launch, linkIn, mailbox, PHONE, Pages, waitForMail, waitForPush, waitForText } from './browser.mjs';
import { startStack } from './stack.mjs';

const ADMIN = { email: 'admin@silva.example.com', password: 'demo admin password' };
const MARIA = { email: 'maria.souza@example.com', password: 'demo client password' };
const BEATRIZ = { name: 'Beatriz Costa', email: 'beatriz.costa@example.com', password: 'beatriz strong password' };
// A CNJ number whose check digits are right (mod 97-10 over the other 18 digits), and one whose are not.
const CNJ = { digits: '00012343720258260100', formatted: '0001234-37.2025.8.26.0100', wrong: '0001234-38.2025.8.26.0100' };
const JOAO_EMAIL = 'joao.pereira@example.com';
const CASE_TITLE = 'Ação de cobrança — Beatriz Costa e João Pereira x Banco Exemplo';
// The demo client's pension case (devstack/seed.py), published to her.
const MARIA_CASE = { digits: '00008323520184013202', title: 'Aposentadoria por idade — Maria Souza x INSS' };

const ROOT = resolve(import.meta.dirname, '../..');
const PYTHON = process.env.PYTHON ?? join(ROOT, '.venv/bin/python');

let stack;
let browser;
const pages = new Pages();
const contexts = {};

async function context(name, viewport) {
  contexts[name] = await browser.newContext({ viewport, locale: 'pt-BR', hasTouch: viewport === PHONE, isMobile: viewport === PHONE });
  return contexts[name].newPage();
}

/**
 * Reloads the page until `locator` is on it: the worker puts movements in plain words through
 * the local queue a moment after they are stored, and the timeline shows what it read.
 */
async function untilShown(page, locator, { timeoutMs = 20_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await locator.first().waitFor({ timeout: 1_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.reload();
    }
  }
}

/** Her case list, from the navigation (the home lists the same cases, and its feed names them too). */
async function caseListed(page, title) {
  await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Processos' }).click();
  return page.getByRole('region', { name: 'Processos', exact: true }).getByRole('link', { name: new RegExp(title) });
}

/** Opens one of her cases from her case list. */
async function openCase(page, title) {
  await (await caseListed(page, title)).click();
}

async function portalSignIn(page, who) {
  await page.goto(stack.portalUrl + '#/sign-in');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Senha', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

describe('web apps in a browser', { timeout: 600_000 }, () => {
  let admin; // the admin's desktop tab, signed in by journey 1
  let phone; // the client's phone, signed in by journey 2
  let integrationKey; // the API key journey 4 creates

  before(async () => {
    stack = await startStack();
    browser = await launch();
  });

  after(async () => {
    // The last state of every tab, for whoever reads a failure.
    for (const [name, ctx] of Object.entries(contexts)) {
      for (const [index, page] of ctx.pages().entries()) await pages.final(page, `${name}-${index}`).catch(() => undefined);
    }
    await browser?.close();
    await stack?.stop();
    pages.save(stack?.output());
  });

  it('journey 1: an admin signs in, sets up the portal, adds a client and grants account access', async () => {
    admin = await context('admin', DESKTOP);
    await admin.goto(stack.adminUrl);
    await admin.getByRole('heading', { name: 'Entrar na administração' }).waitFor();
    // The admin app has its own icon in the browser's tab, as the portal does.
    const icon = new URL(await admin.locator('link[rel="icon"]').getAttribute('href'), admin.url());
    const served = await fetch(icon);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/svg+xml');
    assert.match(await served.text(), /^<svg /);
    await pages.check(admin, 'admin-sign-in');

    await admin.getByLabel('Endereço do portal do escritório').fill('silva');
    await admin.getByLabel('E-mail').fill(ADMIN.email);
    await admin.getByLabel('Senha').fill('not the password');
    await admin.getByRole('button', { name: 'Entrar' }).click();
    await admin.getByRole('alert').getByText('O e-mail ou a senha não estão corretos.').waitFor();

    await admin.getByLabel('Senha').fill(ADMIN.password);
    await admin.getByRole('button', { name: 'Entrar' }).click();
    await admin.getByRole('heading', { name: 'Clientes' }).waitFor();
    await admin.getByRole('link', { name: 'Maria Souza' }).waitFor();
    await pages.check(admin, 'admin-clients');

    // Set up the portal.
    await admin.getByRole('link', { name: 'Configurações do portal' }).click();
    await admin.getByLabel('Nome exibido aos clientes').fill('Silva & Associados Advocacia');
    await admin.getByLabel('Endereço de resposta').fill('atendimento@silva.example.com');
    await admin.getByRole('button', { name: 'Salvar' }).click();
    await admin.getByText('Salvo.').waitFor();
    // The top bar names the firm, as its settings now say.
    await admin.getByRole('banner').getByText('Silva & Associados Advocacia', { exact: true }).waitFor();
    await pages.check(admin, 'admin-settings');

    // Add a client: a wrong e-mail is shown next to its field first.
    await admin.getByRole('link', { name: 'Clientes', exact: true }).click();
    await admin.getByRole('link', { name: 'Novo cliente' }).click();
    // (The list's search box is labelled "Buscar por nome…": wait for the form, not any "nome".)
    await admin.getByRole('heading', { name: 'Novo cliente' }).waitFor();
    await admin.getByLabel('Nome', { exact: true }).fill(BEATRIZ.name);
    await admin.getByLabel('E-mails', { exact: true }).fill('not-an-email');
    await admin.getByRole('button', { name: 'Adicionar cliente' }).click();
    await admin.getByText('Informe um e-mail válido.').waitFor();
    assert.equal(await admin.getByLabel('E-mails', { exact: true }).getAttribute('aria-invalid'), 'true');
    await pages.check(admin, 'admin-client-new');
    await admin.getByLabel('E-mails', { exact: true }).fill(BEATRIZ.email);
    await admin.locator('#client-language').selectOption('pt-BR');
    await admin.getByRole('button', { name: 'Adicionar cliente' }).click();
    await admin.getByRole('heading', { name: `Cliente: ${BEATRIZ.name}` }).waitFor();

    // Grant account access.
    await admin.getByText('Este cliente ainda não tem acesso ao portal.').waitFor();
    await admin.getByLabel('Tarefas').check();
    await admin.getByRole('button', { name: 'Conceder acesso e enviar o convite' }).click();
    await admin.getByText('Acesso concedido; o e-mail está a caminho.').waitFor();
    await admin.locator('.badge', { hasText: 'Pendente' }).waitFor();
    await pages.check(admin, 'admin-client');

    // The directory shows the badge; search by an e-mail prefix finds her.
    await admin.getByRole('link', { name: 'Clientes', exact: true }).click();
    await admin.getByLabel('Buscar por nome ou e-mail').fill('beatriz.c');
    await admin.getByRole('button', { name: 'Buscar' }).click();
    await admin.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    await admin
      .getByRole('row', { name: new RegExp(BEATRIZ.name) })
      .getByText('Pendente')
      .waitFor();
  });

  it('journey 2: the client opens the invitation from the mailbox, sets a password and signs in on phone and web', async () => {
    phone = await context('phone', PHONE);
    await waitForMail(stack, BEATRIZ.email);
    await phone.goto(stack.mailboxUrl);
    const mail = phone
      .locator('article')
      .filter({ hasText: `To ${BEATRIZ.email}` })
      .first();
    await mail.frameLocator('iframe').locator('a[href*="#/invite/"]').click();
    await phone.getByRole('heading', { name: 'Crie sua senha' }).waitFor();
    await phone.getByText(BEATRIZ.email).waitFor();

    // Opening the link again does not use it up.
    await phone.reload();
    await phone.getByRole('heading', { name: 'Crie sua senha' }).waitFor();
    await pages.check(phone, 'portal-invitation');

    await phone.getByLabel('Nova senha', { exact: true }).fill(BEATRIZ.password);
    await phone.getByLabel('Repita a senha').fill('something else entirely');
    await phone.getByRole('button', { name: 'Definir senha' }).click();
    await phone.getByText('As senhas não são iguais.').waitFor();
    await phone.getByLabel('Repita a senha').fill(BEATRIZ.password);
    await phone.getByRole('button', { name: 'Definir senha' }).click();
    await phone.getByRole('heading', { name: `Olá, ${BEATRIZ.name}` }).waitFor();
    assert.ok(!phone.url().includes('invite'), 'the token left the address bar');
    await pages.check(phone, 'portal-home');

    // The primary navigation is within thumb reach, with 44 px targets.
    const nav = await phone.getByRole('navigation', { name: 'Principal' }).boundingBox();
    assert.ok(nav.y + nav.height >= PHONE.height - 2, 'the module navigation sits at the bottom of the phone screen');
    for (const link of await phone.getByRole('navigation', { name: 'Principal' }).getByRole('link').all()) {
      const box = await link.boundingBox();
      assert.ok(box.height >= 44 && box.width >= 44, 'touch targets of at least 44 px');
    }

    for (const [label, name, heading] of [
      ['Processos', 'portal-cases', 'Processos'],
      ['Documentos', 'portal-documents', 'Documentos'],
      ['Meu perfil', 'portal-profile', 'Meu perfil'],
    ]) {
      await phone.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: label }).click();
      await phone.getByRole('heading', { level: 1, name: heading }).waitFor();
      await pages.check(phone, name);
    }

    // The admin sees the access turn active.
    await admin.getByRole('link', { name: BEATRIZ.name }).click();
    await admin.locator('.badge', { hasText: 'Ativo' }).waitFor();

    // Every string changes with the language.
    await phone.getByRole('combobox', { name: 'Idioma' }).selectOption('es');
    await phone.getByRole('heading', { name: 'Mi perfil' }).waitFor();
    assert.equal(await phone.title(), 'Silva & Associados Advocacia · Portal del cliente');
    // Her choice is kept as hers (PUT /me/language): her e-mails follow it.
    await phone.locator('dl.details dd').filter({ hasText: 'Español' }).waitFor();
    await phone.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
    await phone.getByRole('heading', { name: 'My profile' }).waitFor();
    await phone.getByRole('combobox', { name: 'Language' }).selectOption('pt-BR');
    await phone.locator('dl.details dd').filter({ hasText: 'Português' }).waitFor();

    // Sign out and back in, on the phone and on a desktop browser.
    await phone.getByRole('button', { name: 'Sair', exact: true }).click();
    await phone.getByText('Você saiu do portal. Até breve.').waitFor();
    await pages.check(phone, 'portal-signed-out');
    await portalSignIn(phone, { email: BEATRIZ.email, password: 'a wrong password' });
    await phone.getByRole('alert').getByText('O e-mail ou a senha não estão corretos.').waitFor();
    await pages.check(phone, 'portal-sign-in');
    await phone.getByLabel('Senha', { exact: true }).fill(BEATRIZ.password);
    await phone.getByRole('button', { name: 'Entrar' }).click();
    await phone.getByRole('heading', { name: `Olá, ${BEATRIZ.name}` }).waitFor();

    const desktop = await context('client-desktop', DESKTOP);
    await portalSignIn(desktop, BEATRIZ);
    await desktop.getByRole('heading', { name: `Olá, ${BEATRIZ.name}` }).waitFor();
    // A reload keeps the session (the refresh token is kept, the access token is not).
    await desktop.reload();
    await desktop.getByRole('heading', { name: `Olá, ${BEATRIZ.name}` }).waitFor();
  });

  it('journey 8: an admin simulates the client and sees exactly her view, read-only', async () => {
    const [simulation] = await Promise.all([contexts.admin.waitForEvent('page'), admin.getByRole('button', { name: 'Simular cliente' }).click()]);
    await simulation.getByText(`Simulando ${BEATRIZ.name} — somente leitura`).waitFor();
    await simulation.getByRole('heading', { name: `Olá, ${BEATRIZ.name}` }).waitFor();
    assert.ok(!simulation.url().includes('simulate'), 'the token left the address bar');
    const modules = await simulation.locator('.module-nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const clientModules = await phone.locator('.module-nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(modules, clientModules);
    await pages.check(simulation, 'portal-simulation');
    await simulation.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Meu perfil' }).click();
    await simulation.getByText('Esta é uma visualização somente leitura: a senha não pode ser alterada aqui.').waitFor();
    await simulation.close();
  });

  it('journey 9: an admin blocks the client; her next request fails and nothing else changes', async () => {
    await admin.getByRole('button', { name: 'Bloquear' }).click();
    await admin.getByText('Acesso bloqueado. A próxima solicitação do cliente falhará.').waitFor();
    await admin.locator('.badge', { hasText: 'Bloqueado' }).waitFor();

    await phone.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Processos' }).click();
    await phone.getByText('Seu acesso a este portal está bloqueado. Fale com o escritório.').waitFor();
    await phone.getByRole('heading', { name: 'Você saiu' }).waitFor();
    await pages.check(phone, 'portal-blocked');

    await portalSignIn(phone, BEATRIZ);
    await phone.getByRole('alert').getByText('Seu acesso a este portal está bloqueado. Fale com o escritório.').waitFor();

    // Another client is not affected.
    const maria = await context('maria', PHONE);
    await portalSignIn(maria, MARIA);
    await maria.getByRole('heading', { name: 'Olá, Maria Souza' }).waitFor();

    await admin.getByRole('button', { name: 'Desbloquear' }).click();
    await admin.locator('.badge', { hasText: 'Ativo' }).waitFor();
    await portalSignIn(phone, BEATRIZ);
    await phone.getByRole('heading', { name: `Olá, ${BEATRIZ.name}` }).waitFor();
  });

  it('link access: the e-mailed link opens a read-only portal; a bad link says what to do', async () => {
    await admin.getByRole('link', { name: 'Clientes', exact: true }).click();
    await admin.getByRole('link', { name: 'João Pereira' }).click();
    await admin.getByLabel('Link (sem senha, somente leitura)').check();
    await admin.getByRole('button', { name: 'Conceder acesso e enviar o convite' }).click();
    await admin.getByText('Acesso concedido; o e-mail está a caminho.').waitFor();

    const link = linkIn(await waitForMail(stack, 'joao.pereira@example.com'), 'link');
    const joao = await context('joao', PHONE);
    await joao.goto(link);
    await joao.getByRole('heading', { name: 'Olá, João Pereira' }).waitFor();
    await joao.getByText('Você abriu o portal com um link enviado por e-mail').waitFor();
    await pages.check(joao, 'portal-link-session');

    await joao.goto(stack.portalUrl + '#/link/nobody.not-a-real-secret');
    await joao.getByRole('heading', { name: 'Este link não abre o portal' }).waitFor();
    await pages.check(joao, 'portal-link-invalid');
    await joao.getByRole('link', { name: 'Enviar um novo link' }).click();
    await joao.getByLabel('E-mail').fill('joao.pereira@example.com');
    await joao.getByRole('button', { name: 'Enviar um novo link' }).click();
    await joao.getByText('Se este endereço tiver acesso por link, um novo link está a caminho.', { exact: false }).waitFor();
    await pages.check(joao, 'portal-new-link');
  });

  it('errors a person can act on: expired or replaced links, lost connection, too many attempts', async () => {
    const page = await context('errors', PHONE);
    await page.goto(stack.portalUrl + '#/invite/nobody.not-a-real-secret');
    await page.getByText('Este link de convite não é válido.', { exact: false }).waitFor();
    await pages.check(page, 'portal-invitation-invalid');

    await page.goto(stack.portalUrl + '#/reset/nobody.not-a-real-secret');
    await page.getByRole('heading', { name: 'Escolha uma nova senha' }).waitFor();
    await pages.check(page, 'portal-reset');
    await page.getByLabel('Nova senha', { exact: true }).fill('a brand new password');
    await page.getByLabel('Repita a senha').fill('a brand new password');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('alert').getByText('Este link não é válido.', { exact: false }).waitFor();

    await page.goto(stack.portalUrl + '#/forgot');
    await pages.check(page, 'portal-forgot');

    await portalSignIn(page, MARIA);
    await page.getByRole('heading', { name: 'Olá, Maria Souza' }).waitFor();
    await page.getByRole('button', { name: 'Sair', exact: true }).click();
    await page.getByRole('link', { name: 'Ir para a entrada' }).click();
    await page.getByLabel('E-mail').fill(MARIA.email);
    await page.getByLabel('Senha', { exact: true }).fill(MARIA.password);
    await contexts.errors.setOffline(true);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('alert').getByText('Sem conexão.', { exact: false }).waitFor();
    await page.getByText('Você está sem conexão.', { exact: false }).waitFor();
    await contexts.errors.setOffline(false);

    // The API allows 10 sign-in attempts per account in 15 minutes.
    await page.goto(stack.portalUrl + '#/sign-in');
    await page.getByLabel('E-mail').fill('nobody@example.com');
    await page.getByLabel('Senha', { exact: true }).fill('wrong password');
    for (let attempt = 0; attempt < 11; attempt++) {
      await page.getByRole('button', { name: 'Entrar' }).click();
      await page.getByRole('alert').waitFor();
      if (await page.getByText('Muitas tentativas.', { exact: false }).count()) break;
    }
    await page
      .getByRole('alert')
      .getByText(/Muitas tentativas\. Aguarde \d+ min/)
      .waitFor();
  });

  it('staff: invitation from the mailbox, forgot password, staff list and audit log', async () => {
    await admin.getByRole('link', { name: 'Usuários' }).click();
    await admin.getByRole('cell', { name: 'paulo@silva.example.com' }).waitFor();
    await admin.getByLabel('Nome', { exact: true }).fill('Rita Alves');
    await admin.getByLabel('E-mail', { exact: true }).fill('rita@silva.example.com');
    await admin.getByRole('button', { name: 'Enviar convite' }).click();
    await admin.getByText('Convite enviado para rita@silva.example.com.').waitFor();
    await pages.check(admin, 'admin-staff');

    await admin.getByRole('link', { name: 'Registro de auditoria' }).click();
    // Actions in words, and what they were done to by name, as a link.
    const blocked = admin.getByRole('row').filter({ hasText: 'Acesso ao portal bloqueado' }).first();
    await blocked.getByRole('link', { name: BEATRIZ.name }).waitFor();
    assert.equal(
      await admin
        .getByRole('table')
        .getByText(/access\.|client:/)
        .count(),
      0,
      'no codes nor ids on screen',
    );
    await pages.check(admin, 'admin-audit');

    const rita = await context('rita', DESKTOP);
    await rita.goto(linkIn(await waitForMail(stack, 'rita@silva.example.com'), 'invite'));
    await rita.getByText('rita@silva.example.com', { exact: false }).waitFor();
    await pages.check(rita, 'admin-invitation');
    await rita.getByLabel('Nova senha', { exact: true }).fill('rita strong password');
    await rita.getByLabel('Repita a senha').fill('rita strong password');
    await rita.getByRole('button', { name: 'Definir senha' }).click();
    await rita.getByRole('heading', { name: 'Clientes' }).waitFor();
    // A staff member (not an admin) sees no audit log and cannot change settings.
    assert.equal(await rita.getByRole('link', { name: 'Registro de auditoria' }).count(), 0);
    await rita.getByRole('link', { name: 'Configurações do portal' }).click();
    await rita.getByText('Apenas administradores alteram as configurações do portal.').waitFor();

    await rita.getByRole('button', { name: 'Sair', exact: true }).click();
    await rita.getByText('Você saiu da administração.').waitFor();
    await pages.check(rita, 'admin-signed-out');
    await rita.getByRole('link', { name: 'Ir para a entrada' }).click();
    await rita.getByRole('link', { name: 'Esqueceu sua senha?' }).click();
    await rita.getByRole('heading', { name: 'Esqueceu sua senha?' }).waitFor();
    await pages.check(rita, 'admin-forgot');
  });

  it('journey 3: staff open a matter, publish it to one of its two clients and notify; she sees it on her phone, he sees nothing', async () => {
    await admin.getByRole('navigation', { name: 'Administração' }).getByRole('link', { name: 'Processos' }).click();
    await admin.getByRole('heading', { name: 'Processos' }).waitFor();
    await admin.getByRole('cell', { name: 'Aposentadoria por idade — Maria Souza x INSS' }).waitFor();
    await pages.check(admin, 'admin-matters');

    // Open the matter: a wrong CNJ number is refused next to its field first.
    await admin.getByRole('link', { name: 'Novo processo' }).click();
    await admin.getByLabel('Número', { exact: true }).fill(CNJ.wrong);
    await admin.getByLabel('Título').fill(CASE_TITLE);
    await admin.getByLabel('Tribunal', { exact: true }).fill('TJSP');
    await admin.getByLabel('Juízo', { exact: true }).fill('2ª Vara Cível de São Paulo');
    await admin.getByLabel('Instância', { exact: true }).fill('1º grau');
    await admin.getByLabel('Classe', { exact: true }).fill('Procedimento Comum Cível');
    await admin.getByLabel('Publicar no portal os dados do tribunal', { exact: false }).check();
    for (const [n, search, client, role] of [
      [1, 'beatriz', BEATRIZ.name, 'plaintiff'],
      [2, 'joão', 'João Pereira', 'plaintiff'],
      [3, '', 'Banco Exemplo S.A.', 'defendant'],
    ]) {
      await admin.getByRole('button', { name: 'Adicionar parte' }).click();
      const party = admin.getByRole('group', { name: `Parte ${n}` });
      if (search) {
        await party.getByLabel('Cliente do escritório (opcional)').fill(search);
        await party.getByRole('button', { name: new RegExp(client) }).click();
        assert.equal(await party.getByLabel('Nome').inputValue(), client, 'the party is named after the client chosen');
      } else {
        await party.getByLabel('Nome').fill(client);
      }
      await party.getByLabel('Polo').selectOption(role);
    }
    await admin.getByRole('button', { name: 'Cadastrar processo' }).click();
    await admin.getByText('Este não é um número CNJ válido', { exact: false }).waitFor();
    assert.equal(await admin.getByLabel('Número', { exact: true }).getAttribute('aria-invalid'), 'true');
    await pages.check(admin, 'admin-matter-new');

    // The 20 digits are enough: the field writes them in CNJ format.
    await admin.getByLabel('Número', { exact: true }).fill(CNJ.digits);
    await admin.getByLabel('Título').focus();
    assert.equal(await admin.getByLabel('Número', { exact: true }).inputValue(), CNJ.formatted);
    await admin.getByRole('button', { name: 'Cadastrar processo' }).click();
    await admin.getByRole('heading', { level: 1, name: CASE_TITLE }).waitFor();
    await admin.getByText('Público: Não').waitFor();

    // Publish to Beatriz only: the F12 question, then "Notify now".
    const publication = admin.getByRole('group', { name: 'Clientes que veem este processo no portal' });
    await publication.getByRole('checkbox', { name: BEATRIZ.name }).check();
    await admin.getByRole('button', { name: 'Salvar publicação' }).click();
    const question = admin.getByRole('dialog', { name: 'Notificar o cliente?' });
    await question.getByText('Você publicou novos dados no portal. Deseja notificar o cliente por e-mail agora?').waitFor();
    await pages.check(admin, 'admin-notify-question');
    await question.getByRole('button', { name: 'Notificar agora' }).click();
    await admin.getByText(`E-mail enviado para ${BEATRIZ.name}.`).waitFor();
    await admin.getByText('Público: Sim').waitFor();
    assert.equal(await admin.getByRole('button', { name: 'Notificar', exact: true }).count(), 0, 'nothing left to notify');
    await pages.check(admin, 'admin-matter');

    // The list says which matters are public.
    await admin.getByRole('navigation', { name: 'Administração' }).getByRole('link', { name: 'Processos' }).click();
    await admin.getByLabel('Público').selectOption('yes');
    await admin
      .getByRole('row', { name: new RegExp(CASE_TITLE) })
      .getByRole('cell', { name: 'Sim' })
      .waitFor();

    // Beatriz opens the e-mail's link on her phone and sees the matter, with what was published.
    const mail = await waitForMail(stack, BEATRIZ.email, { subject: CASE_TITLE });
    await phone.goto(linkIn(mail, 'matters'));
    await phone.getByRole('heading', { level: 1, name: CASE_TITLE }).waitFor();
    await phone.getByText(CNJ.formatted).first().waitFor();
    await phone.getByText('2ª Vara Cível de São Paulo').waitFor();
    await phone
      .getByRole('listitem')
      .filter({ hasText: `${BEATRIZ.name} (você)` })
      .waitFor();
    await phone.getByText('Banco Exemplo S.A.').waitFor();
    await pages.check(phone, 'portal-matter');
    await phone.getByRole('navigation', { name: 'Seções do processo' }).getByRole('link', { name: 'Documentos' }).click();
    await phone.getByText('Ainda não há documentos neste processo.', { exact: false }).waitFor();
    await pages.check(phone, 'portal-matter-documents');
    await (await caseListed(phone, CASE_TITLE)).waitFor();
    assert.equal(await phone.locator('.matters li').count(), 1, 'her one matter, and only it');
    await pages.check(phone, 'portal-matters');

    // João is a party too, but the matter is not published to him: no e-mail, and nothing of it
    // on his portal (opened with the newest link he asked for).
    const joaoMail = (await mailbox(stack)).filter((m) => m.to.includes(JOAO_EMAIL));
    assert.equal(joaoMail.filter((m) => m.subject.includes(CASE_TITLE)).length, 0);
    const joao = contexts.joao.pages()[0];
    await joao.goto(linkIn(joaoMail[0], 'link'));
    await joao.getByRole('heading', { name: 'Olá, João Pereira' }).waitFor();
    await joao.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Processos' }).click();
    await joao.getByText('Nenhum processo ainda.', { exact: false }).waitFor();
    await pages.check(joao, 'portal-matters-empty');
    await joao.goto(linkIn(mail, 'matters'));
    await joao.getByText('Não encontrado.', { exact: false }).waitFor();
    assert.equal(await joao.getByText(CASE_TITLE).count(), 0);
  });

  it('journey 4: a DataJud batch arrives through the integration API; the client reads the court’s words on her phone; staff see the receipt', async () => {
    // An admin creates the integration's key; its secret is shown once.
    await contexts.admin.grantPermissions(['clipboard-read', 'clipboard-write']);
    await admin.getByRole('navigation', { name: 'Administração' }).getByRole('link', { name: 'Chaves de API' }).click();
    await admin.getByRole('heading', { name: 'Chaves de API' }).waitFor();
    // What the firm's IT person needs: the API's address through this app, and its OpenAPI document.
    await admin.getByText(`POST ${stack.adminUrl}api/integration/movements`).waitFor();
    const reference = await admin.getByRole('link', { name: 'O documento OpenAPI da API' }).getAttribute('href');
    assert.equal(reference, `${stack.adminUrl}api/openapi.json`);
    const served = await fetch(reference);
    assert.equal(served.status, 200);
    assert.ok((await served.json()).paths['/integration/movements'], 'the document describes the integration API');
    await pages.check(admin, 'admin-api-keys');
    await admin.getByLabel('Nome').fill('Andamentos do DataJud');
    await admin.getByRole('button', { name: 'Criar chave' }).click();
    await admin.getByText('ela só é exibida desta vez', { exact: false }).waitFor();
    const secret = await admin.getByLabel('A chave', { exact: true }).inputValue();
    integrationKey = secret;
    await admin.getByRole('button', { name: 'Copiar' }).click();
    await admin.getByText('Copiada.').waitFor();
    assert.equal(await admin.evaluate(() => navigator.clipboard.readText()), secret);
    await pages.check(admin, 'admin-api-key-created');
    await admin.getByRole('button', { name: 'Já copiei' }).click();
    await admin.getByRole('cell', { name: 'Andamentos do DataJud', exact: true }).waitFor();
    assert.equal(await admin.getByLabel('A chave', { exact: true }).count(), 0, 'the secret is gone from the screen');

    // The court feed posts a DataJud record with two movements, as the CNJ public API serves them.
    const movements = [
      {
        codigo: 26,
        nome: 'Distribuição',
        dataHora: '2026-11-03T10:00:00.000Z',
        complementosTabelados: [{ codigo: 2, valor: 1, nome: 'sorteio', descricao: 'tipo_de_distribuicao_redistribuicao' }],
      },
      {
        codigo: 85,
        nome: 'Petição',
        dataHora: '2026-11-10T14:30:00.000Z',
        complementosTabelados: [{ codigo: 19, valor: 57, nome: 'Contestação', descricao: 'tipo_de_peticao' }],
      },
    ];
    const headers = { 'content-type': 'application/json', 'x-api-key': secret };
    const body = { format: 'datajud', records: [{ _source: { numeroProcesso: CNJ.digits, tribunal: 'TJSP', grau: 'G1', movimentos: movements } }] };
    const accepted = await fetch(`${stack.apiUrl}/integration/movements`, { method: 'POST', headers, body: JSON.stringify(body) });
    assert.equal(accepted.status, 202);
    const { batch_id } = await accepted.json();
    let batch;
    for (let wait = 0; wait < 60 && batch?.status !== 'done'; wait++) {
      if (wait) await new Promise((done) => setTimeout(done, 500));
      batch = await (await fetch(`${stack.apiUrl}/integration/batches/${batch_id}`, { headers })).json();
    }
    assert.equal(batch.status, 'done');
    assert.equal(batch.stored, 2);

    // Staff see the movements, comment on one for the client and choose to notify later.
    await admin.getByRole('navigation', { name: 'Administração' }).getByRole('link', { name: 'Processos' }).click();
    await admin.getByRole('link', { name: CASE_TITLE }).click();
    const petition = admin.getByRole('listitem').filter({ has: admin.getByText('Juntada - Petição', { exact: true }) });
    await petition.getByText('Tipo de petição: Contestação').waitFor();
    await admin.getByText('Os clientes ainda não foram avisados', { exact: false }).waitFor();
    await petition.getByRole('button', { name: 'Comentar para o cliente' }).click();
    await petition.getByLabel('Comentário para o cliente').fill('O banco apresentou a contestação. Vamos responder dentro do prazo.');
    await petition.getByRole('button', { name: 'Salvar' }).click();
    await admin.getByRole('dialog', { name: 'Notificar o cliente?' }).getByRole('button', { name: 'Depois' }).click();
    await admin.getByRole('button', { name: 'Notificar', exact: true }).waitFor();
    await petition.getByText('Ainda não lido').waitFor();
    await pages.check(admin, 'admin-matter-timeline');

    // Beatriz, on her phone: the court's own words, its complements and the firm's comment.
    await phone.getByRole('link', { name: new RegExp(CASE_TITLE) }).click();
    // B7: the stage follows the court: the Distribuição makes it "Distribuído", step 1 of 8.
    const stage = phone.getByRole('progressbar', { name: 'Fase' });
    await stage.waitFor();
    assert.equal(await stage.getAttribute('aria-valuenow'), '1');
    await phone.getByText('O processo foi registrado e enviado a um juiz.').waitFor();
    const read = phone.waitForResponse((r) => r.url().includes('/read') && r.request().method() === 'POST' && r.status() === 204);
    await phone.getByRole('navigation', { name: 'Seções do processo' }).getByRole('link', { name: 'Andamentos' }).click();
    // (Both codes are in the CNJ table: each reads in plain words, the court's words one tap away.)
    const movement = phone.getByRole('listitem').filter({ hasText: 'O banco apresentou a contestação.' });
    await movement.getByText('Andamento do tribunal').waitFor();
    await movement.getByText('Comentário do escritório').waitFor();
    await untilShown(phone, movement.getByRole('img', { name: 'Explicado em linguagem simples' }));
    await movement.getByRole('button', { name: 'Ver o texto original do tribunal' }).click();
    await movement.getByText('Juntada - Petição', { exact: true }).waitFor();
    await movement.getByText(/Contestação/).waitFor();
    const distribution = phone.getByRole('listitem').filter({ hasText: 'O processo foi enviado para um juiz escolhido por sorteio.' });
    await distribution.getByRole('button', { name: 'Ver o texto original do tribunal' }).click();
    await distribution.getByText('Distribuição', { exact: true }).waitFor();
    await distribution
      .getByText(/sorteio/)
      .first()
      .waitFor();
    await read;
    await pages.check(phone, 'portal-matter-timeline');

    // Staff see when she read it.
    await admin.reload();
    await petition.getByText(new RegExp(`^Lido por ${BEATRIZ.name} em `)).waitFor();

    // Staff simulating her see the same timeline and leave no receipt.
    await admin.getByRole('link', { name: BEATRIZ.name }).first().click();
    const [simulation] = await Promise.all([contexts.admin.waitForEvent('page'), admin.getByRole('button', { name: 'Simular cliente' }).click()]);
    const receipts = [];
    simulation.on('request', (request) => request.url().includes('/read') && receipts.push(request.url()));
    await openCase(simulation, CASE_TITLE);
    await simulation.getByRole('link', { name: 'Andamentos' }).click();
    await simulation.getByText('O banco apresentou a contestação.', { exact: false }).waitFor();
    await simulation.waitForLoadState('networkidle');
    assert.deepEqual(receipts, [], 'a simulation records no read receipt');
    await simulation.close();
  });

  it('journey 4, in plain words: court movements with a code read in plain words under a wand, the original one tap away; one with no code says it is not translated yet', async () => {
    const FREE_TEXT = 'Juntada de ofício do INSS com o histórico de contribuições da autora';
    const movements = [
      { codigo: 51, nome: 'Conclusão', dataHora: '2026-12-02T13:00:00.000Z' },
      {
        codigo: 970,
        nome: 'Audiência',
        dataHora: '2026-12-04T15:00:00.000Z',
        complementosTabelados: [{ codigo: 1, valor: 2, nome: 'Conciliação', descricao: 'tipo_de_audiencia' }],
      },
      { nome: FREE_TEXT, dataHora: '2026-12-03T10:00:00.000Z' },
    ];
    const headers = { 'content-type': 'application/json', 'x-api-key': integrationKey };
    const body = { format: 'datajud', records: [{ _source: { numeroProcesso: MARIA_CASE.digits, tribunal: 'TRF1', grau: 'G1', movimentos: movements } }] };
    const accepted = await fetch(`${stack.apiUrl}/integration/movements`, { method: 'POST', headers, body: JSON.stringify(body) });
    assert.equal(accepted.status, 202);
    const { batch_id } = await accepted.json();
    let batch;
    for (let wait = 0; wait < 60 && batch?.status !== 'done'; wait++) {
      if (wait) await new Promise((done) => setTimeout(done, 500));
      batch = await (await fetch(`${stack.apiUrl}/integration/batches/${batch_id}`, { headers })).json();
    }
    assert.equal(batch.stored, 3);

    // Maria, the demo client, on her phone: December holds only these three.
    const maria = await context('maria-plain', PHONE);
    await portalSignIn(maria, MARIA);
    await maria.getByRole('heading', { name: 'Olá, Maria Souza' }).waitFor();
    await openCase(maria, MARIA_CASE.title);
    await maria.getByRole('navigation', { name: 'Seções do processo' }).getByRole('link', { name: 'Andamentos' }).click();
    const december = maria.getByRole('region', { name: 'Dezembro de 2026' });
    const conclusion = december.getByRole('listitem').filter({ hasText: 'O processo foi enviado ao juiz para ele analisar.' });
    await untilShown(maria, conclusion.getByRole('img', { name: 'Explicado em linguagem simples' }));
    await conclusion.getByText('O que costuma acontecer depois: O juiz vai dar uma ordem', { exact: false }).waitFor();
    assert.equal(await conclusion.getByText('Conclusão', { exact: true }).count(), 0, 'the original waits for a tap');

    const hearing = december.getByRole('listitem').filter({ hasText: 'audiência de conciliação' });
    await hearing.getByRole('img', { name: 'Explicado em linguagem simples' }).waitFor();
    await hearing.getByText('Talvez você precise agir: seu advogado vai entrar em contato.').waitFor();
    const toggle = hearing.getByRole('button', { name: 'Ver o texto original do tribunal' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    await hearing.getByText('Audiência', { exact: true }).waitFor();
    await hearing.getByText('Tipo de audiência: Conciliação').waitFor();
    const hide = hearing.getByRole('button', { name: 'Ocultar o texto original' });
    assert.equal(await hide.getAttribute('aria-expanded'), 'true');

    const freeText = december.getByRole('listitem').filter({ hasText: FREE_TEXT });
    await freeText.getByText('Ainda não traduzido', { exact: true }).waitFor();
    assert.equal(await freeText.getByRole('img', { name: 'Explicado em linguagem simples' }).count(), 0);
    await pages.check(maria, 'portal-matter-timeline-plain');

    // Staff see where each text came from and why the free text has none, and write it themselves.
    await admin.getByRole('navigation', { name: 'Administração' }).getByRole('link', { name: 'Processos' }).click();
    await admin.getByRole('link', { name: MARIA_CASE.title }).click();
    const staffConclusion = admin.getByRole('listitem').filter({ has: admin.getByText('O processo foi enviado ao juiz para ele analisar.', { exact: true }) });
    await staffConclusion.getByText('Da tabela de códigos do tribunal', { exact: false }).first().waitFor();
    const staffFree = admin.getByRole('listitem').filter({ has: admin.getByText(FREE_TEXT, { exact: true }) });
    await untilShown(admin, staffFree.getByText('Nenhum modelo de linguagem está configurado'));
    await pages.check(admin, 'admin-matter-timeline-plain');
    await staffFree.getByRole('button', { name: /^Editar o texto em linguagem simples/ }).click();
    await staffFree.getByLabel('O que aconteceu').fill('O INSS enviou ao processo o histórico das suas contribuições.');
    await staffFree.getByLabel('O que vem depois').fill('O juiz vai considerar esse histórico ao decidir.');
    await staffFree.getByRole('button', { name: 'Salvar' }).click();
    await staffFree.getByText('Escrito pelo escritório', { exact: false }).waitFor();

    await maria.reload();
    const explained = maria.getByRole('listitem').filter({ hasText: 'O INSS enviou ao processo o histórico das suas contribuições.' });
    await explained.getByRole('img', { name: 'Explicado em linguagem simples' }).waitFor();
    await explained.getByText('O que costuma acontecer depois: O juiz vai considerar esse histórico ao decidir.').waitFor();

    // The settings say why consent to a model cannot be given here: none is configured.
    await admin.getByRole('link', { name: 'Configurações do portal' }).click();
    await admin.getByRole('heading', { name: 'Traduções em linguagem simples' }).waitFor();
    assert.equal(await admin.getByRole('switch', { name: /Enviar o texto dos andamentos/ }).isDisabled(), true);
    await admin.getByText('Nenhum modelo de linguagem está configurado; não há a que consentir.').waitFor();
    await admin.getByText('Ainda não há uso.', { exact: false }).waitFor();
  });

  it('journey 5, documents from the phone: the client sends a PDF and a disguised page, sees one received and one refused in words, downloads the PDF, and finds it on her case beside what the firm published there', async () => {
    const phoneOf = await context('documents', { width: 390, height: 844 });
    await portalSignIn(phoneOf, MARIA);
    await phoneOf.getByRole('heading', { name: 'Olá, Maria Souza' }).waitFor();
    await phoneOf.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Documentos' }).click();
    await phoneOf.getByRole('heading', { name: 'Enviar documentos' }).waitFor();
    await phoneOf.getByRole('heading', { name: 'Meus documentos' }).waitFor();
    await phoneOf.getByRole('button', { name: 'Tirar foto' }).waitFor();
    await pages.check(phoneOf, 'portal-documents');

    // A small valid PDF, and an HTML page named and declared as a PDF.
    const [chooser] = await Promise.all([phoneOf.waitForEvent('filechooser'), phoneOf.getByRole('button', { name: 'Escolher arquivos' }).click()]);
    await chooser.setFiles([
      { name: 'contrato.pdf', mimeType: 'application/pdf', buffer: minimalPdf() },
      { name: 'boleto.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>') },
    ]);
    await phoneOf.getByText('Pronto para enviar').first().waitFor();
    await phoneOf.getByLabel('Sobre qual processo (opcional)').selectOption({ label: MARIA_CASE.title });
    await phoneOf.getByLabel('Descrição (opcional)').fill('Contrato e boleto');
    await phoneOf.getByRole('button', { name: 'Enviar 2 arquivos' }).click();

    const uploads = phoneOf.getByRole('list', { name: 'Arquivos a enviar' });
    await uploads.getByRole('listitem').filter({ hasText: 'contrato.pdf' }).getByText('Recebido').waitFor({ timeout: 15_000 });
    await uploads
      .getByRole('listitem')
      .filter({ hasText: 'boleto.pdf' })
      .getByText('Recusado: o conteúdo do arquivo não corresponde ao nome ou ao tipo dele.')
      .waitFor({ timeout: 15_000 });
    await pages.check(phoneOf, 'portal-documents-sent');

    // The list says the same, with the case by its title, and downloads only what was received.
    const mine = phoneOf.locator('section[aria-labelledby="mine-title"]');
    const received = mine.locator('tr', { hasText: 'contrato.pdf' });
    await received.getByText(MARIA_CASE.title).waitFor();
    await mine.locator('tr', { hasText: 'boleto.pdf' }).getByText('Recusado', { exact: false }).waitFor();
    assert.equal(await mine.getByRole('button', { name: 'Baixar boleto.pdf' }).count(), 0);
    const [download] = await Promise.all([phoneOf.waitForEvent('download'), received.getByRole('button', { name: 'Baixar contrato.pdf' }).click()]);
    assert.equal(download.suggestedFilename(), 'contrato.pdf');
    // The link is good for a minute: what it serves is an attachment, the very PDF sent.
    const served = await fetch(download.url());
    assert.equal(served.status, 200);
    assert.match(served.headers.get('content-disposition') ?? '', /^attachment;/);
    assert.equal(
      Buffer.from(await served.arrayBuffer())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
    await download.delete().catch(() => undefined);

    // Her case's Documents tab: what the firm published there, and what she sent about it.
    await publishToMatter(MARIA_CASE.title, 'sentenca.pdf');
    await openCase(phoneOf, MARIA_CASE.title);
    await phoneOf.getByRole('navigation', { name: 'Seções do processo' }).getByRole('link', { name: 'Documentos' }).click();
    const firms = phoneOf.locator('tr', { hasText: 'sentenca.pdf' });
    await firms.getByText('O escritório').waitFor();
    await firms.getByText('Disponível para baixar').waitFor();
    const hers = phoneOf.locator('tr', { hasText: 'contrato.pdf' });
    await hers.getByText('Você').waitFor();
    await hers.getByText('Recebido').waitFor();
    await phoneOf.getByRole('heading', { name: 'Enviar documentos sobre este processo' }).waitFor();
    await pages.check(phoneOf, 'portal-matter-documents-listed');
    const [published] = await Promise.all([phoneOf.waitForEvent('download'), firms.getByRole('button', { name: 'Baixar sentenca.pdf' }).click()]);
    assert.equal(published.suggestedFilename(), 'sentenca.pdf');
    await published.delete().catch(() => undefined);
  });

  it('journey 5, a document request: the firm asks for a proof of address; on her phone she finds it on her checklist, a refused photo says why, a good PDF turns it to sent; asked again, she sees why', async () => {
    const phoneOf = contexts.documents.pages()[0];
    const maria = (await asStaff('/clients?q=maria.souza')).items.find((c) => c.name === 'Maria Souza');
    const matter = await matterTitled(MARIA_CASE.title);
    const asked = await asStaff('/document-requests', 'POST', {
      client_id: maria.id,
      matter_id: matter.id,
      title: 'Comprovante de residência',
      details: 'Uma conta de luz, de água ou de telefone dos últimos três meses.',
      due_date: '2030-05-20',
    });

    // The checklist on her home screen: still to send, with its due date.
    await phoneOf.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Início' }).click();
    // Her checklist (the request is in her feed too, as news of the firm).
    const checklist = phoneOf.getByRole('region', { name: 'Documentos pendentes' });
    const card = checklist.getByRole('link', { name: /Comprovante de residência/ });
    await card.getByText('Aguardando você').waitFor();
    await card.getByText('Prazo: 20 de maio de 2030').waitFor();
    await pages.check(phoneOf, 'portal-home-requests');
    await card.click();
    await phoneOf.getByRole('heading', { level: 1, name: 'Comprovante de residência' }).waitFor();
    await phoneOf.getByText('Uma conta de luz, de água ou de telefone dos últimos três meses.').waitFor();
    await phoneOf.getByText('Você ainda não enviou nenhum arquivo para este pedido.').waitFor();
    await phoneOf.getByRole('button', { name: 'Tirar foto' }).waitFor();
    await pages.check(phoneOf, 'portal-request');

    // A page that is not what its name says is refused, in words, within seconds.
    const send = async (file) => {
      const [chooser] = await Promise.all([phoneOf.waitForEvent('filechooser'), phoneOf.getByRole('button', { name: 'Escolher arquivos' }).click()]);
      await chooser.setFiles([file]);
      await phoneOf.getByRole('button', { name: 'Enviar', exact: true }).click();
    };
    await send({ name: 'conta.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!DOCTYPE html><html><body>não é um PDF</body></html>') });
    const uploads = phoneOf.getByRole('list', { name: 'Arquivos a enviar' });
    await uploads
      .getByRole('listitem')
      .filter({ hasText: 'conta.pdf' })
      .getByText('Recusado: o conteúdo do arquivo não corresponde ao nome ou ao tipo dele.')
      .waitFor({ timeout: 15_000 });
    await phoneOf.locator('.request-history').getByText('conta.pdf foi recusado', { exact: false }).waitFor();
    await phoneOf.locator('.details').getByText('Aguardando você').waitFor();

    // A good PDF passes the check: the request is sent, the firm checks it.
    await send({ name: 'conta-de-luz.pdf', mimeType: 'application/pdf', buffer: minimalPdf() });
    await uploads.getByRole('listitem').filter({ hasText: 'conta-de-luz.pdf' }).getByText('Recebido').waitFor({ timeout: 15_000 });
    await phoneOf.locator('.details').getByText('Enviado — o escritório está conferindo').waitFor({ timeout: 15_000 });
    await phoneOf.locator('tr', { hasText: 'conta-de-luz.pdf' }).getByText('Recebido').waitFor();
    await pages.check(phoneOf, 'portal-request-sent');

    // The firm asks again, with a reason: she reads it on the request and on her checklist.
    const detail = await asStaff(`/document-requests/${asked.id}`);
    await asStaff(`/document-requests/${asked.id}/review`, 'PUT', {
      accepted: false,
      reason: 'A conta está em nome de outra pessoa.',
      version: detail.request.version,
    });
    await phoneOf.reload();
    await phoneOf.locator('.details').getByText('O escritório pediu de novo: A conta está em nome de outra pessoa.').waitFor();
    await phoneOf.locator('.request-history').getByText('O escritório não aceitou o que você enviou: A conta está em nome de outra pessoa.').waitFor();
    await phoneOf.getByRole('button', { name: 'Escolher arquivos' }).waitFor();
    await phoneOf.getByRole('link', { name: /Voltar ao início/ }).click();
    await checklist
      .getByRole('link', { name: /Comprovante de residência/ })
      .getByText('O escritório pediu de novo: A conta está em nome de outra pessoa.')
      .waitFor();
  });

  it('journey 5, at the firm: the queue counts what she sent; staff accept the PDF, send a file to her case and show it to her', async () => {
    // What waits for review: her PDF (the refused page never reaches the queue), counted for her and her case.
    const nav = admin.getByRole('navigation', { name: 'Administração' });
    await nav.getByRole('link', { name: 'Documentos a revisar' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Documentos a revisar' }).waitFor();
    const queue = admin.locator('tbody');
    await queue.locator('tr', { hasText: 'contrato.pdf' }).getByRole('link', { name: MARIA_CASE.title }).waitFor();
    assert.equal(await queue.locator('tr', { hasText: 'boleto.pdf' }).count(), 0);
    await admin.locator('.counts li', { hasText: MARIA_CASE.title }).getByText('1 aguardando').waitFor();
    await pages.check(admin, 'admin-review-queue');

    // Her documents, on her page: the PDF waits for review, the disguised page says why it was refused.
    await admin.locator('.counts').getByRole('link', { name: 'Maria Souza', exact: true }).click();
    await admin.getByRole('navigation', { name: 'Seções do cliente' }).getByRole('link', { name: 'Documentos' }).waitFor();
    const hers = admin.locator('section[aria-labelledby="documents-title"]');
    const contract = hers.locator('tr', { hasText: 'contrato.pdf' });
    await contract.getByText('Aguardando análise').waitFor();
    await contract.getByRole('link', { name: MARIA_CASE.title }).waitFor();
    await hers.locator('tr', { hasText: 'boleto.pdf' }).getByText('Recusado: o conteúdo do arquivo não corresponde ao nome ou ao tipo dele.').waitFor();
    await pages.check(admin, 'admin-client-documents');
    await contract.getByRole('button', { name: 'Aceitar contrato.pdf' }).click();
    await contract.getByText('Aceito', { exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Documentos a revisar' }).click();
    await admin.getByText('Nada aguardando análise.', { exact: false }).waitFor();
    await pages.check(admin, 'admin-review-queue-empty');
    await admin.goBack();

    // Her case's documents: the firm sends a file, hidden from her until shown.
    await contract.getByRole('link', { name: MARIA_CASE.title }).click();
    await admin.getByRole('navigation', { name: 'Seções do processo' }).getByRole('link', { name: 'Documentos' }).click();
    await admin.getByText('Enviar arquivos a este processo').click();
    const [chooser] = await Promise.all([admin.waitForEvent('filechooser'), admin.getByRole('button', { name: 'Escolher arquivos' }).click()]);
    await chooser.setFiles([{ name: 'parecer.pdf', mimeType: 'application/pdf', buffer: minimalPdf() }]);
    await admin.getByRole('button', { name: 'Enviar', exact: true }).click();
    await admin
      .getByRole('list', { name: 'Arquivos a enviar' })
      .getByRole('listitem')
      .filter({ hasText: 'parecer.pdf' })
      .getByText('Disponível')
      .waitFor({ timeout: 15_000 });
    const opinion = admin.locator('tbody tr', { hasText: 'parecer.pdf' });
    await opinion.getByText('O escritório').waitFor();
    await opinion.getByText('Oculto aos clientes').waitFor();
    await admin.locator('tbody tr', { hasText: 'contrato.pdf' }).getByText('Cliente: Maria Souza').waitFor();
    await pages.check(admin, 'admin-matter-documents');
    await opinion.getByRole('button', { name: 'Mostrar aos clientes: parecer.pdf' }).click();
    await opinion.getByText('Visível aos clientes do processo').waitFor();
    const [download] = await Promise.all([admin.waitForEvent('download'), opinion.getByRole('button', { name: 'Baixar parecer.pdf' }).click()]);
    assert.equal(download.suggestedFilename(), 'parecer.pdf');
    await download.delete().catch(() => undefined);
  });

  it('journey 5, a document request: staff ask her for a proof of address on her case, reject what she sends with a reason, and she is asked again', async () => {
    // On her case's Documents tab.
    await admin.getByRole('navigation', { name: 'Administração' }).getByRole('link', { name: 'Processos' }).click();
    await admin.getByRole('link', { name: MARIA_CASE.title }).click();
    await admin.getByRole('navigation', { name: 'Seções do processo' }).getByRole('link', { name: 'Documentos' }).click();
    await admin.getByRole('heading', { name: 'Solicitações de documentos' }).waitFor();
    await admin.getByText('Solicitar documentos', { exact: true }).click();
    const form = admin.locator('.add-request');
    await form.getByLabel('O que o escritório precisa').fill('Comprovante de endereço');
    await form.getByLabel('Detalhes (opcional)').fill('Conta de luz, água ou telefone dos últimos três meses.');
    await form.getByLabel('Prazo (opcional)').fill('2031-03-15');
    await form.getByRole('button', { name: 'Enviar a solicitação' }).click();
    await form.getByText('Solicitação enviada: o cliente foi avisado por e-mail.').waitFor();
    const row = admin.locator('section[aria-labelledby="requests-title"] tbody tr', { hasText: 'Comprovante de endereço' });
    await row.getByText('Aguardando o cliente').waitFor();
    await row.getByText('15 de mar. de 2031').waitFor();
    await pages.check(admin, 'admin-matter-requests');
    await waitForMail(stack, MARIA.email, { subject: 'Comprovante de endereço' });

    // The request's page: what was asked, its history.
    await row.getByRole('link', { name: 'Comprovante de endereço' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Solicitação: Comprovante de endereço' }).waitFor();
    await admin.locator('.history').getByText('Solicitada pelo escritório').waitFor();
    await admin.getByText('O cliente ainda não enviou nada para esta solicitação.').waitFor();
    await pages.check(admin, 'admin-request');
    const requestId = new URL(admin.url()).hash.split('/').pop();

    // She answers with a file (through the API her portal uses), which passes the checks.
    const api = (path, init = {}) => fetch(`${stack.apiUrl}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
    const signedIn = await (await api('/auth/client/sign-in', { method: 'POST', body: JSON.stringify({ portal: 'silva', ...MARIA }) })).json();
    const auth = { authorization: `Bearer ${signedIn.access_token}` };
    const bill = minimalPdf();
    const tickets = await api(`/portal/document-requests/${requestId}/uploads`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ files: [{ file_name: 'conta-de-luz.pdf', content_type: 'application/pdf', size: bill.length }] }),
    });
    assert.equal(tickets.status, 201);
    const [{ form: upload }] = await tickets.json();
    const body = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) body.append(name, value);
    body.append('file', new Blob([bill], { type: 'application/pdf' }), 'conta-de-luz.pdf');
    assert.ok((await fetch(upload.url, { method: 'POST', body })).ok);
    const deadline = Date.now() + 15_000;
    while ((await (await api(`/portal/document-requests/${requestId}`, { headers: auth })).json()).request.status !== 'submitted') {
      assert.ok(Date.now() < deadline, 'the file passed the checks');
      await new Promise((done) => setTimeout(done, 300));
    }

    // Staff see it submitted, with her file, and reject it with a reason: she is asked again.
    await admin.reload();
    await admin.getByRole('heading', { name: 'Enviado pelo cliente — a analisar' }).waitFor();
    await admin.locator('.history').getByText('O cliente enviou conta-de-luz.pdf').waitFor();
    await admin.locator('tbody tr', { hasText: 'conta-de-luz.pdf' }).getByRole('button', { name: 'Baixar conta-de-luz.pdf' }).waitFor();
    await pages.check(admin, 'admin-request-submitted');
    await admin.getByRole('button', { name: 'Rejeitar o que foi enviado' }).click();
    await admin.getByLabel('Por que foi rejeitado', { exact: false }).fill('A conta está sem o endereço completo.');
    await admin.getByRole('button', { name: 'Rejeitar e pedir de novo' }).click();
    await admin.locator('.details').getByText('Aguardando o cliente de novo').waitFor();
    await admin.getByText('Rejeitado da última vez: A conta está sem o endereço completo.').waitFor();
    await admin.locator('.history').getByText('Rejeitada pelo escritório: A conta está sem o endereço completo.').waitFor();
    await admin.locator('tbody tr', { hasText: 'conta-de-luz.pdf' }).getByText('Rejeitado: A conta está sem o endereço completo.').waitFor();
    await waitForMail(stack, MARIA.email, { count: 2, subject: 'Comprovante de endereço' });
    await pages.check(admin, 'admin-request-rejected');
  });

  it('journey 5, done: at phone width she answers two requests — a PDF, then a disguised page refused in seconds and a photo instead that arrives without its GPS; staff accept one and reject the other; her checklist shows each state; she downloads the firm’s “Decisão – tutela de urgência.pdf” with the right headers, and the link is dead a minute later', async () => {
    const ID = 'Documento de identidade (RG ou CNH)';
    const POWER = 'Procuração assinada';
    // Staff ask her for two documents, from her page.
    const nav = admin.getByRole('navigation', { name: 'Administração' });
    await nav.getByRole('link', { name: 'Clientes' }).click();
    await admin.getByRole('link', { name: 'Maria Souza', exact: true }).click();
    await admin.getByRole('navigation', { name: 'Seções do cliente' }).getByRole('link', { name: 'Documentos' }).click();
    await admin.getByText('Solicitar documentos', { exact: true }).click();
    const form = admin.locator('.add-request');
    const requests = admin.locator('section[aria-labelledby="requests-title"] tbody');
    for (const title of [ID, POWER]) {
      await form.getByLabel('O que o escritório precisa').fill(title);
      await form.getByRole('button', { name: 'Enviar a solicitação' }).click();
      await requests.locator('tr', { hasText: title }).getByText('Aguardando o cliente').waitFor();
    }
    await waitForMail(stack, MARIA.email, { subject: POWER });

    // On her phone: both on the checklist of her home screen.
    const phoneOf = await context('done', { width: 390, height: 844 });
    await portalSignIn(phoneOf, MARIA);
    // In her checklist (each request is in her feed too, as news of the firm).
    const card = (title) =>
      phoneOf.getByRole('region', { name: 'Documentos pendentes' }).getByRole('link', { name: new RegExp(title.replace(/[()]/g, '\\$&')) });
    for (const title of [ID, POWER]) await card(title).getByText('Aguardando você').waitFor();
    const chooseAndSend = async (file) => {
      const [chooser] = await Promise.all([phoneOf.waitForEvent('filechooser'), phoneOf.getByRole('button', { name: 'Escolher arquivos' }).click()]);
      await chooser.setFiles([file]);
      await phoneOf.getByRole('button', { name: 'Enviar', exact: true }).click();
    };
    const uploads = phoneOf.getByRole('list', { name: 'Arquivos a enviar' });
    const sent = () => phoneOf.locator('.details').getByText('Enviado — o escritório está conferindo').waitFor({ timeout: 15_000 });

    // A real PDF for her ID.
    await card(ID).click();
    await chooseAndSend({ name: 'rg.pdf', mimeType: 'application/pdf', buffer: minimalPdf() });
    await uploads.getByRole('listitem').filter({ hasText: 'rg.pdf' }).getByText('Recebido').waitFor({ timeout: 15_000 });
    await sent();
    await phoneOf.getByRole('link', { name: /Voltar ao início/ }).click();

    // An HTML page named .pdf for the power of attorney: refused, and why, within seconds.
    await card(POWER).click();
    const refusedAt = Date.now();
    await chooseAndSend({
      name: 'procuracao.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
    });
    await uploads
      .getByRole('listitem')
      .filter({ hasText: 'procuracao.pdf' })
      .getByText('Recusado: o conteúdo do arquivo não corresponde ao nome ou ao tipo dele.')
      .waitFor({ timeout: 10_000 });
    assert.ok(Date.now() - refusedAt < 10_000, 'refused within seconds');
    await phoneOf.locator('.details').getByText('Aguardando você').waitFor();
    // A photo of the signed page instead, taken with a phone that wrote where it was.
    const photo = fixture('jpeg_with_gps');
    assert.ok(gpsTags(photo) > 0, 'the photo carries its GPS position');
    await chooseAndSend({ name: 'procuracao.jpg', mimeType: 'image/jpeg', buffer: photo });
    await uploads.getByRole('listitem').filter({ hasText: 'procuracao.jpg' }).getByText('Recebido').waitFor({ timeout: 15_000 });
    await sent();
    await pages.check(phoneOf, 'portal-request-photo-sent');
    await phoneOf.getByRole('link', { name: /Voltar ao início/ }).click();
    for (const title of [ID, POWER]) await card(title).getByText('Enviado — o escritório está conferindo').waitFor();

    // What the firm downloads of the photo has no GPS position left.
    const maria = (await asStaff('/clients?q=maria.souza')).items.find((c) => c.name === 'Maria Souza');
    const asked = (await asStaff(`/clients/${maria.id}/document-requests?limit=100`)).items;
    const powerRequest = asked.find((r) => r.title === POWER);
    const { documents } = await asStaff(`/document-requests/${powerRequest.id}`);
    const received = documents.find((d) => d.file_name === 'procuracao.jpg');
    assert.equal(received.metadata_stripped, true);
    const { url } = await asStaff(`/documents/${received.id}/download`);
    assert.equal(gpsTags(Buffer.from(await (await fetch(url)).arrayBuffer())), 0, 'no GPS position in what is stored');

    // Staff accept the ID and reject the power of attorney with a reason.
    const review = async (title, accept) => {
      await admin.reload();
      await requests.locator('tr', { hasText: title }).getByRole('link', { name: title }).click();
      await admin.getByRole('heading', { name: 'Enviado pelo cliente — a analisar' }).waitFor();
      if (accept) {
        await admin.getByRole('button', { name: 'Aceitar o que foi enviado' }).click();
        await admin.locator('.details').getByText('Aceita', { exact: true }).waitFor();
      } else {
        await admin.getByRole('button', { name: 'Rejeitar o que foi enviado' }).click();
        await admin.getByLabel('Por que foi rejeitado', { exact: false }).fill('A assinatura não aparece na foto; envie a página inteira.');
        await admin.getByRole('button', { name: 'Rejeitar e pedir de novo' }).click();
        await admin.locator('.details').getByText('Aguardando o cliente de novo').waitFor();
      }
      await admin.goBack();
    };
    await review(ID, true);
    await review(POWER, false);

    // Her checklist says where each stands.
    await phoneOf.reload();
    await card(ID).getByText('Concluído').waitFor();
    await card(POWER).getByText('O escritório pediu de novo: A assinatura não aparece na foto; envie a página inteira.').waitFor();
    await pages.check(phoneOf, 'portal-home-requests-reviewed');

    // The firm publishes a document whose name has accents; she downloads it from her case.
    const NAME = 'Decisão – tutela de urgência.pdf';
    await publishToMatter(MARIA_CASE.title, NAME);
    await openCase(phoneOf, MARIA_CASE.title);
    await phoneOf.getByRole('navigation', { name: 'Seções do processo' }).getByRole('link', { name: 'Documentos' }).click();
    const [download] = await Promise.all([
      phoneOf.waitForEvent('download'),
      phoneOf
        .locator('tr', { hasText: NAME })
        .getByRole('button', { name: `Baixar ${NAME}` })
        .click(),
    ]);
    assert.equal(download.suggestedFilename(), NAME);
    const link = new URL(download.url());
    const served = await fetch(link);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'application/pdf');
    assert.equal(
      served.headers.get('content-disposition'),
      `attachment; filename="Decisao - tutela de urgencia.pdf"; filename*=UTF-8''${encodeURIComponent(NAME)}`,
    );
    assert.equal(
      Buffer.from(await served.arrayBuffer())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
    await download.delete().catch(() => undefined);
    // Signed for a minute at most; a minute later it is refused.
    const lifetime = Number(link.searchParams.get('X-Amz-Expires'));
    assert.ok(lifetime > 0 && lifetime <= 60, `a link of ${lifetime} s`);
    const signedAt = Date.parse(link.searchParams.get('X-Amz-Date').replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    await new Promise((done) => setTimeout(done, Math.max(0, signedAt + lifetime * 1000 + 1_500 - Date.now())));
    assert.equal((await fetch(link)).status, 403);
  });

  it('journey 10, notifications: she chooses SMS for news and gets a text; three quick news items make one digest; the firm writes its Spanish news e-mail, previews and tests it, and she, reading Spanish, gets the next news in it; her address bounces and staff see why', async () => {
    // Beatriz (journey 2, on the phone) and her case (journey 3).
    const beatriz = (await asStaff('/clients?limit=100')).items.find((c) => c.name === BEATRIZ.name);
    const lawsuit = await matterTitled(CASE_TITLE);
    const news = (text) => asStaff(`/matters/${lawsuit.id}/timeline`, 'POST', { kind: 'news', occurred_at: new Date().toISOString(), text, published: true });
    const MOBILE = '+5511976543210';

    // On her phone she confirms her mobile with the code the firm texts her, and chooses SMS for the firm's news.
    await phone.goto(stack.portalUrl + '#/profile');
    await phone.getByRole('heading', { name: 'Notificações' }).waitFor();
    await phone.getByLabel('Celular').fill('(11) 97654-3210');
    await phone.getByRole('button', { name: 'Enviar código' }).click();
    const code = /\b(\d{6})\b/.exec(await waitForText(stack, MOBILE, /\b\d{6}\b/))[1];
    await phone.getByLabel('Código recebido por SMS').fill(code);
    await phone.getByRole('button', { name: 'Confirmar código' }).click();
    await phone.getByText('Confirmado', { exact: true }).waitFor();
    await phone.getByLabel('Novidades do escritório').selectOption('sms');
    await phone.getByRole('button', { name: 'Salvar escolhas de notificação' }).click();
    await phone.getByText('Suas escolhas de notificação foram salvas.').waitFor();
    await pages.check(phone, 'portal-notifications');
    const mailsBefore = (await mailbox(stack)).filter((m) => m.to.includes(BEATRIZ.email)).length;
    await news('Perícia marcada');
    const sms = await waitForText(stack, MOBILE, /#\/matters\//);
    assert.ok(sms.startsWith('Silva & Associados Advocacia:'), sms);
    assert.ok(!sms.includes('Perícia marcada'), 'a text names the firm and links; it tells nothing of the case');
    assert.equal((await mailbox(stack)).filter((m) => m.to.includes(BEATRIZ.email)).length, mailsBefore, 'news by text only');
    await phone.getByLabel('Novidades do escritório').selectOption('email');
    await phone.getByRole('button', { name: 'Salvar escolhas de notificação' }).click();
    await phone.getByText('Suas escolhas de notificação foram salvas.').waitFor();

    // The admin gathers a client's e-mails for a minute: three quick news items arrive as one digest.
    await admin.getByRole('link', { name: 'Configurações do portal' }).click();
    await admin.getByLabel('Juntar os e-mails de um cliente durante (minutos)').fill('1');
    await admin.getByRole('button', { name: 'Aplicar ritmo' }).click();
    await admin.getByText('Salvo.').waitFor();
    for (const title of ['Audiência marcada', 'Laudo juntado', 'Prazo para manifestação']) await news(title);
    const digest = await waitForMail(stack, BEATRIZ.email, { subject: '3 novidades', timeoutMs: 150_000 });
    for (const title of ['Audiência marcada', 'Laudo juntado', 'Prazo para manifestação']) assert.ok(digest.html.includes(title), title);
    assert.equal(digest.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    await admin.getByLabel('Juntar os e-mails de um cliente durante (minutos)').fill('0');
    await admin.getByRole('button', { name: 'Aplicar ritmo' }).click();
    await admin.getByText('Salvo.').waitFor();

    // The firm's own Spanish news e-mail: written with a placeholder, previewed, tested, saved.
    await admin.getByRole('navigation', { name: 'Administração' }).getByRole('link', { name: 'Modelos de e-mail' }).click();
    await admin.getByRole('link', { name: 'Novidade em um processo em Espanhol' }).waitFor();
    await pages.check(admin, 'admin-email-templates');
    await admin.getByRole('link', { name: 'Novidade em um processo em Espanhol' }).click();
    await admin.getByLabel('Assunto').fill('Novedad de {{ firm_name }}: {{ item_title }}');
    await admin.getByLabel('Texto').fill('Hola, {{ recipient_name }}.\n\nHay una novedad en {{ matter_title }}: {{ item_title }}.\n\nUn saludo del equipo.');
    await admin.frameLocator('iframe.email-preview').getByText('Un saludo del equipo.').waitFor();
    await admin.getByRole('button', { name: 'Enviar um teste para mim' }).click();
    const test = await waitForMail(stack, ADMIN.email, { subject: '[Test]' });
    assert.ok(test.html.includes('Un saludo del equipo.'));
    await admin.getByRole('button', { name: 'Salvar', exact: true }).click();
    await admin.getByText('Salvo.').waitFor();

    // She reads Spanish now: the next news reaches her in the firm's own words.
    const client = await asStaff(`/clients/${beatriz.id}`);
    const fields = { name: client.name, emails: client.emails, phone: client.phone, notification_emails: client.notification_emails };
    const inSpanish = await asStaff(`/clients/${beatriz.id}`, 'PUT', { ...fields, language: 'es', version: client.version });
    await news('Audiencia fijada');
    const spanish = await waitForMail(stack, BEATRIZ.email, { subject: 'Novedad de Silva & Associados Advocacia: Audiencia fijada' });
    assert.ok(spanish.html.includes('Un saludo del equipo.') && spanish.text.includes('Hay una novedad en'));
    await asStaff(`/clients/${beatriz.id}`, 'PUT', { ...fields, language: 'pt-BR', version: inSpanish.version });

    // SES reports a bounce of Beatriz's e-mail (the local mailbox plays SES); staff see why on her page.
    const inbox = await context('mailbox', DESKTOP);
    await inbox.goto(stack.mailboxUrl);
    await inbox.getByRole('article').filter({ hasText: BEATRIZ.email }).first().getByRole('button', { name: 'Bounce' }).click();
    await admin.goto(stack.adminUrl + `#/clients/${beatriz.id}`);
    await untilShown(admin, admin.getByText(`Os e-mails para ${BEATRIZ.email} não são entregues: o endereço não existe`, { exact: false }));
    await admin.getByRole('navigation', { name: 'Administração' }).getByRole('link', { name: 'E-mails não entregues' }).click();
    await admin.getByRole('row', { name: new RegExp(BEATRIZ.email) }).waitFor();
    await pages.check(admin, 'admin-suppressions');
  });

  it('portal off: clients get a clear page, and the admin can open it again', async () => {
    const saveSettings = () =>
      Promise.all([
        admin.waitForResponse((r) => r.url().endsWith('/api/firm/portal-settings') && r.status() === 200),
        admin.getByRole('button', { name: 'Salvar' }).click(),
      ]);
    await admin.getByRole('link', { name: 'Configurações do portal' }).click();
    await admin.getByLabel('Portal aberto aos clientes').uncheck();
    await saveSettings();

    const visitor = await context('visitor', PHONE);
    await visitor.goto(stack.portalUrl);
    await visitor.getByText('Este portal ainda não está aberto. Fale com o escritório.').waitFor();
    await pages.check(visitor, 'portal-closed');

    await admin.getByLabel('Portal aberto aos clientes').check();
    await saveSettings();
    await visitor.reload();
    await visitor.getByRole('heading', { name: 'Entrar' }).waitFor();
  });

  it('journey 11: the client’s home: updates on three of her cases, newest first with unread badges and each case’s stage; one opened and the total drops by one; all marked as read; her phone gets a push with a link to the case', async () => {
    // Maria starts with nothing unread; staff add one update on each of three of her cases.
    const signedIn = await fetch(stack.apiUrl + '/auth/client/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ portal: 'silva', ...MARIA }),
    });
    assert.ok(signedIn.ok, `client sign-in: ${signedIn.status}`);
    const asMaria = (await signedIn.json()).access_token;
    const readAll = await fetch(stack.apiUrl + '/portal/feed/read-all', { method: 'POST', headers: { authorization: `Bearer ${asMaria}` } });
    assert.equal((await readAll.json()).total, 0);
    const maria = (await asStaff('/clients?q=maria.souza')).items.find((c) => c.name === 'Maria Souza');
    const party = { name: maria.name, role: 'plaintiff', client_id: maria.id, published: true };
    const cases = [await matterTitled(MARIA_CASE.title)];
    for (const title of ['Inventário — Maria Souza', 'Revisão de aluguel — Maria Souza']) {
      const opened = await asStaff('/matters', 'POST', { kind: 'case', title, parties: [party] });
      const current = await asStaff(`/matters/${opened.id}`);
      cases.push(await asStaff(`/matters/${opened.id}/publication`, 'PUT', { client_ids: [maria.id], version: current.version }));
    }
    // Staff say where the second case stands (a case out of court has no court to follow).
    const inventory = await asStaff(`/matters/${cases[1].id}`);
    await asStaff(`/matters/${cases[1].id}/stage`, 'PUT', { stage: 'negotiation', version: inventory.version });
    const texts = ['Perícia médica marcada', 'Partilha dos bens apresentada', 'Proposta de acordo recebida'];
    for (const [index, matter] of cases.entries()) {
      const occurred_at = new Date(Date.now() - (3 - index) * 60_000).toISOString();
      await asStaff(`/matters/${matter.id}/timeline`, 'POST', { kind: 'news', occurred_at, text: texts[index], published: true });
    }

    // On her phone, at 360 px: newest first, each with its case, the unread dots and badges.
    const home = await context('home-phone', PHONE);
    await portalSignIn(home, MARIA);
    await home.getByRole('heading', { name: 'Olá, Maria Souza' }).waitFor();
    const firm = (await (await fetch(stack.apiUrl + '/portals/silva')).json()).display_name;
    await home.getByText(`Seu portal com ${firm}.`).waitFor();
    const feed = home.getByRole('region', { name: /O que há de novo/ });
    const entries = feed.locator('.feed-entry');
    await entries.first().waitFor();
    // Ours, among whatever earlier journeys put in her feed: newest first, and the only unread ones.
    const shown = await entries.allTextContents();
    const at = texts.map((text) => shown.findIndex((entry) => entry.includes(text)));
    assert.ok(at.every((index) => index >= 0) && at[2] < at[1] && at[1] < at[0], `newest first: ${at}`);
    assert.ok(shown[at[2]].includes('Revisão de aluguel — Maria Souza'), shown[at[2]]);
    assert.match(shown[at[2]], /há \d+ minutos?|agora/, 'its date in words');
    assert.equal(await feed.locator('.feed-entry--unread').count(), 3);
    const navCases = home.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: /Processos/ });
    await navCases.getByRole('img', { name: '3 atualizações não lidas' }).waitFor();
    // Her cases on the home too, each with where it stands.
    const myCases = home.getByRole('region', { name: 'Seus processos' });
    await myCases.locator('.matter-card').first().waitFor();
    assert.ok((await myCases.getByRole('progressbar').count()) >= 1, 'a case on the home shows its stage');
    await pages.check(home, 'portal-home-feed');
    // The page's manifest is the firm's: its name and colour on her home screen.
    const manifest = await fetch(new URL(await home.locator('link[rel="manifest"]').getAttribute('href'), home.url()));
    assert.equal(manifest.status, 200);
    assert.equal(manifest.headers.get('content-type'), 'application/manifest+json');
    assert.equal((await manifest.json()).name, firm);

    await navCases.click();
    await home.getByRole('heading', { level: 1, name: 'Processos' }).waitFor();
    for (const matter of cases) {
      await home.locator('.matter-card', { hasText: matter.title }).getByRole('img', { name: '1 atualização não lida' }).waitFor();
    }
    // Each case says where it stands: the one staff set, and the court case from its movements.
    const stage = home.locator('.matter-card', { hasText: cases[1].title }).getByRole('progressbar');
    assert.match(await stage.getAttribute('aria-valuetext'), /^Em negociação: /);
    const court = home.locator('.matter-card', { hasText: MARIA_CASE.title }).getByRole('progressbar');
    assert.ok(Number(await court.getAttribute('aria-valuenow')) >= 1, 'the court case has a stage from its movements');
    await pages.check(home, 'portal-cases-unread');

    // She opens the newest: the case at that update; back home, the badge dropped by one.
    await home.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Início' }).click();
    const read = home.waitForResponse((r) => r.url().includes('/read') && r.request().method() === 'POST' && r.status() === 204);
    await feed.locator('.feed-entry', { hasText: texts[2] }).click();
    await home.getByRole('heading', { level: 1, name: cases[2].title }).waitFor();
    await home.locator('.timeline__focus', { hasText: texts[2] }).waitFor();
    await read;
    await navCases.getByRole('img', { name: '2 atualizações não lidas' }).waitFor();
    await home.goBack();
    await home.getByRole('heading', { name: 'Olá, Maria Souza' }).waitFor();
    await feed.locator('.feed-entry--unread').nth(1).waitFor();
    assert.equal(await feed.locator('.feed-entry--unread').count(), 2);
    assert.equal(await feed.locator('.feed-entry', { hasText: texts[2] }).locator('.feed-entry__dot').count(), 0);
    await feed.getByRole('img', { name: '2 atualizações não lidas' }).waitFor();

    // "Marcar tudo como lido" clears every dot and badge.
    await home.getByRole('button', { name: 'Marcar tudo como lido' }).click();
    await home.getByRole('button', { name: 'Marcar tudo como lido' }).waitFor({ state: 'detached' });
    assert.equal(await feed.locator('.feed-entry--unread').count(), 0);
    assert.equal(await navCases.getByRole('img').count(), 0);
    await pages.check(home, 'portal-home-all-read');
    await navCases.click();
    await home.locator('.matter-card').first().waitFor();
    assert.equal(await home.locator('.matter-card .unread-badge').count(), 0);

    // Her phone, registered by the app, gets a push for the next news, with a link to its case.
    const phoneToken = `journey11-${Date.now()}-fcm-registration-token`;
    const registered = await fetch(stack.apiUrl + '/portal/devices', {
      method: 'POST',
      headers: { authorization: `Bearer ${asMaria}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'fcm', token: phoneToken, language: 'pt-BR' }),
    });
    assert.equal(registered.status, 201, `device registration: ${registered.status}`);
    await asStaff(`/matters/${cases[0].id}/timeline`, 'POST', {
      kind: 'news',
      occurred_at: new Date().toISOString(),
      text: 'Laudo da perícia juntado',
      published: true,
    });
    const push = await waitForPush(stack, phoneToken, new RegExp(firm));
    assert.ok(push.deep_link.includes(`#/matters/${cases[0].id}`), `deep link: ${push.deep_link}`);
    assert.equal(push.data.matter_id, cases[0].id);
  });

  it('journey 12, consultations: two lawyers write entries on one consultation with a prospect, attach a document, create a task, mark it important, find it with the filter and convert it into a matter that opens with the new client and the subject', async () => {
    const SUBJECT = 'Revisão do aluguel da loja — Helena Prado';
    const PROSPECT = { name: 'Helena Prado', email: 'helena.prado@example.com', phone: '+55 11 98888-7777' };
    const CARLA = { name: 'Carla Mendes', email: 'carla.mendes@silva.example.com', password: 'carla strong password' };
    const FIRST = 'Primeira reunião: quer rever o aluguel da loja, o contrato vence em março.';
    const HERS = 'Proposta de honorários: 10% do que for economizado no primeiro ano.';
    const MINE = 'Liguei para ela: aceita a proposta e manda o contrato de locação.';
    const TASK = 'Pedir a cópia do contrato de locação';

    // The first lawyer, the firm's admin, in a tab of her own (this journey needs nothing of the others).
    const ana = await context('consult-ana', DESKTOP);
    await ana.goto(stack.adminUrl);
    await ana.getByLabel('Endereço do portal do escritório').fill('silva');
    await ana.getByLabel('E-mail').fill(ADMIN.email);
    await ana.getByLabel('Senha').fill(ADMIN.password);
    await ana.getByRole('button', { name: 'Entrar' }).click();
    await ana.getByRole('heading', { name: 'Clientes' }).waitFor();
    const anaNav = ana.getByRole('navigation', { name: 'Administração' });

    // The second lawyer joins the firm: invited on the staff page, she sets her password from the e-mail.
    await anaNav.getByRole('link', { name: 'Usuários' }).click();
    await ana.getByLabel('Nome', { exact: true }).fill(CARLA.name);
    await ana.getByLabel('E-mail', { exact: true }).fill(CARLA.email);
    await ana.getByRole('button', { name: 'Enviar convite' }).click();
    await ana.getByText(`Convite enviado para ${CARLA.email}.`).waitFor();
    const carla = await context('consult-carla', DESKTOP);
    await carla.goto(linkIn(await waitForMail(stack, CARLA.email), 'invite'));
    await carla.getByLabel('Nova senha', { exact: true }).fill(CARLA.password);
    await carla.getByLabel('Repita a senha').fill(CARLA.password);
    await carla.getByRole('button', { name: 'Definir senha' }).click();
    await carla.getByRole('heading', { name: 'Clientes' }).waitFor();
    const carlaNav = carla.getByRole('navigation', { name: 'Administração' });

    // Ana logs the first meeting from the top bar's quick action: a prospect, both lawyers, what was said.
    await ana.reload(); // the staff list of the form now has Carla
    await ana.getByRole('banner').getByRole('link', { name: 'Novo atendimento' }).click();
    await ana.getByRole('heading', { level: 1, name: 'Novo atendimento' }).waitFor();
    await ana.getByLabel('Assunto').fill(SUBJECT);
    await ana.getByRole('button', { name: 'Registrar o atendimento' }).click();
    await ana.getByText('Escolha o cliente, ou mude para um possível cliente.').waitFor();
    await ana.getByLabel('Alguém que ainda não é cliente (possível cliente)').check();
    await ana.getByLabel('Nome do possível cliente').fill(PROSPECT.name);
    await ana.getByLabel('E-mails do possível cliente (opcional)').fill(PROSPECT.email);
    await ana.getByLabel('Telefone do possível cliente (opcional)').fill(PROSPECT.phone);
    await ana.getByRole('checkbox', { name: 'Ana Silva (Eu)' }).check();
    await ana.getByRole('checkbox', { name: CARLA.name }).check();
    await ana.getByLabel('O que foi conversado (opcional)').fill(FIRST);
    await pages.check(ana, 'admin-consultation-new');
    await ana.getByRole('button', { name: 'Registrar o atendimento' }).click();
    await ana.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const thread = (page) => page.locator('section[aria-labelledby="entries-title"] .thread__entry');
    await thread(ana).filter({ hasText: FIRST }).getByText('Ana Silva').waitFor();
    await ana.getByText(`${PROSPECT.name} (possível cliente)`).waitFor();
    const consultationUrl = ana.url();

    // Carla finds it in the consultations, and both write an entry at the same moment: both are kept.
    await carlaNav.getByRole('link', { name: 'Atendimentos' }).click();
    await carla.getByRole('heading', { level: 1, name: 'Atendimentos' }).waitFor();
    await carla
      .getByRole('row', { name: new RegExp(SUBJECT) })
      .getByText(`${PROSPECT.name} (possível cliente)`)
      .waitFor();
    await pages.check(carla, 'admin-consultations');
    await carla.getByRole('link', { name: SUBJECT }).click();
    await carla.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await carla.getByLabel('Novo registro').fill(HERS);
    await ana.getByLabel('Novo registro').fill(MINE);
    const added = (page) => page.waitForResponse((r) => r.url().includes('/entries') && r.request().method() === 'POST' && r.status() === 201);
    await Promise.all([
      added(carla),
      added(ana),
      carla.getByRole('button', { name: 'Adicionar o registro' }).click(),
      ana.getByRole('button', { name: 'Adicionar o registro' }).click(),
    ]);
    for (const page of [ana, carla]) {
      await page.reload();
      await thread(page).nth(2).waitFor();
      const entries = await thread(page).allTextContents();
      assert.equal(entries.length, 3, 'three entries, none lost');
      assert.ok(entries[0].includes(FIRST) && entries[0].includes('Ana Silva'), entries[0]);
      assert.ok(
        entries.some((entry) => entry.includes(HERS) && entry.includes(CARLA.name)),
        'Carla’s entry, under her name',
      );
      assert.ok(
        entries.some((entry) => entry.includes(MINE) && entry.includes('Ana Silva')),
        'Ana’s entry, under her name',
      );
    }
    assert.match(await thread(carla).first().locator('time').textContent(), /agora|há \d+ minutos?/, 'dates in words');
    // Ana corrects her own entry; Carla may not edit it.
    await thread(ana).filter({ hasText: MINE }).getByRole('button', { name: 'Editar meu registro' }).click();
    const editing = thread(ana).filter({ has: ana.getByLabel('Meu registro') });
    await editing.getByLabel('Meu registro').fill(`${MINE} (corrigido)`);
    await editing.getByRole('button', { name: 'Salvar', exact: true }).click();
    await thread(ana)
      .filter({ hasText: `${MINE} (corrigido)` })
      .waitFor();
    assert.equal(await thread(carla).filter({ hasText: MINE }).getByRole('button', { name: 'Editar meu registro' }).count(), 0);

    // Carla attaches the lease the prospect sent to her entry: its progress, then available,
    // named under her entry, and downloadable.
    const [chooser] = await Promise.all([carla.waitForEvent('filechooser'), carla.getByRole('button', { name: 'Escolher arquivos' }).click()]);
    await chooser.setFiles([{ name: 'contrato-de-locacao.pdf', mimeType: 'application/pdf', buffer: minimalPdf() }]);
    const hersOption = carla.getByLabel('Anexar a').locator('option', { hasText: `O registro de ${CARLA.name}` });
    await carla.getByLabel('Anexar a').selectOption(await hersOption.getAttribute('value'));
    await carla.getByRole('button', { name: 'Enviar', exact: true }).click();
    await carla
      .getByRole('list', { name: 'Arquivos a enviar' })
      .getByRole('listitem')
      .filter({ hasText: 'contrato-de-locacao.pdf' })
      .getByText('Disponível')
      .waitFor({ timeout: 15_000 });
    await thread(carla).filter({ hasText: HERS }).getByText('Anexos: contrato-de-locacao.pdf').waitFor();
    assert.equal(await thread(carla).filter({ hasText: 'Anexos:' }).count(), 1, 'the file under her entry only');
    const attachments = carla.locator('section[aria-labelledby="attachments-title"]');
    const download = carla.waitForEvent('download');
    await attachments.getByRole('button', { name: 'Baixar contrato-de-locacao.pdf' }).click();
    assert.equal((await download).suggestedFilename(), 'contrato-de-locacao.pdf');

    // Carla gives Ana a task with a due date; it is in Ana's "Minhas tarefas", linking back here.
    await carla.getByText('Nova tarefa').click();
    await carla.getByLabel('O que deve ser feito').fill(TASK);
    await carla.getByLabel('Quem faz').selectOption({ label: 'Ana Silva' });
    const due = new Date(Date.now() + 3 * 86_400_000);
    const local = new Date(due.getTime() - due.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await carla.getByLabel('Prazo (opcional)').fill(local);
    await carla.getByRole('button', { name: 'Adicionar a tarefa' }).click();
    await carla
      .locator('section[aria-labelledby="tasks-title"]')
      .getByRole('row', { name: new RegExp(TASK) })
      .getByText('Ana Silva')
      .waitFor();
    await pages.check(carla, 'admin-consultation');
    await anaNav.getByRole('link', { name: 'Minhas tarefas' }).click();
    await ana.getByRole('heading', { level: 1, name: 'Minhas tarefas' }).waitFor();
    const myTask = ana.getByRole('row', { name: new RegExp(TASK) });
    await myTask.getByRole('link', { name: `Atendimento: ${SUBJECT}` }).waitFor();
    await pages.check(ana, 'admin-my-tasks');

    // Ana marks it important in the list, then finds it with the filter and a search without its accents.
    await anaNav.getByRole('link', { name: 'Atendimentos' }).click();
    await ana.getByRole('button', { name: `Marcar “${SUBJECT}” como importante` }).click();
    await ana.getByRole('button', { name: `Desmarcar “${SUBJECT}” como importante` }).waitFor();
    await ana.getByLabel('Só os importantes').check();
    await ana.getByLabel('Buscar por palavras do assunto').fill('revisao alug');
    await ana.getByRole('button', { name: 'Buscar', exact: true }).click();
    await ana.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    await ana.getByRole('row', { name: new RegExp(SUBJECT) }).waitFor();
    await pages.check(ana, 'admin-consultations-filtered');
    await ana.getByLabel('Vinculado a um processo').selectOption('linked');
    await ana.getByText('Nenhum atendimento corresponde a estes filtros.').waitFor();
    await ana.getByLabel('Vinculado a um processo').selectOption('unlinked');
    await ana.getByRole('link', { name: SUBJECT }).click();

    // Ana converts it: the question first, then the new matter, with the new client as a party and the subject as its title.
    await ana.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    assert.equal(ana.url(), consultationUrl);
    await ana.getByText('Importante', { exact: true }).first().waitFor();
    await ana.getByRole('button', { name: 'Converter em processo' }).click();
    const question = ana.getByRole('dialog', { name: 'Converter em processo?' });
    await question.getByText(`com ${PROSPECT.name} como parte`, { exact: false }).waitFor();
    assert.equal(await question.getByLabel('Título do processo').inputValue(), SUBJECT);
    await pages.check(ana, 'admin-consultation-convert');
    await question.getByRole('button', { name: 'Converter', exact: true }).click();
    await ana.waitForURL(/#\/matters\/[^/]+$/);
    await ana.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    const matterUrl = ana.url();
    const party = ana.locator('section[aria-labelledby="details-title"] li', { hasText: PROSPECT.name });
    await party.getByText('Autor', { exact: false }).waitFor();
    await ana.getByRole('link', { name: '1 atendimento' }).waitFor();
    await pages.check(ana, 'admin-matter-from-consultation');

    // The matter lists the consultation; the prospect is now a client, with her e-mail and phone, and the consultation on her record.
    await ana.getByRole('navigation', { name: 'Seções do processo' }).getByRole('link', { name: 'Atendimentos' }).click();
    await ana.locator('section[aria-labelledby="matter-consultations-title"]').getByRole('link', { name: SUBJECT }).waitFor();
    await pages.check(ana, 'admin-matter-consultations');
    await party.getByRole('link', { name: PROSPECT.name }).click();
    await ana.getByRole('heading', { name: `Cliente: ${PROSPECT.name}` }).waitFor();
    assert.equal(await ana.getByLabel('E-mails', { exact: true }).inputValue(), PROSPECT.email);
    assert.equal(await ana.getByLabel('Telefone', { exact: true }).inputValue(), PROSPECT.phone);
    await ana.getByRole('navigation', { name: 'Seções do cliente' }).getByRole('link', { name: 'Atendimentos' }).click();
    // Its row links to the consultation and, as it was converted, to the matter of the same title.
    const onHerRecord = ana.locator('section[aria-labelledby="client-consultations-title"]').getByRole('row', { name: new RegExp(SUBJECT) });
    await onHerRecord.locator(`a[href="${new URL(consultationUrl).hash}"]`).waitFor();
    await onHerRecord.locator('a[href^="#/matters/"]', { hasText: SUBJECT }).waitFor();
    await pages.check(ana, 'admin-client-consultations');

    // Carla sees it converted: linked to the matter, with no second conversion offered.
    await carla.goto(consultationUrl);
    await carla.reload(); // she was there already: the same address alone would not read it again
    await carla.getByText(`Este atendimento está vinculado ao processo “${SUBJECT}”.`).waitFor();
    assert.equal(await carla.getByRole('button', { name: 'Converter em processo' }).count(), 0);

    // On the new matter Carla gives Ana a task too: Ana's "Minhas tarefas" has both, each linking to
    // where it comes from; she ticks the consultation's done there.
    const MATTER_TASK = 'Notificar o locador sobre a revisão';
    await carla.goto(matterUrl);
    await carla.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await carla.getByText('Adicionar andamento, tarefa, publicação ou novidade').click();
    await carla.getByLabel('Tipo', { exact: true }).selectOption('task');
    await carla.getByLabel('Tarefa', { exact: true }).fill(MATTER_TASK);
    await carla.getByLabel('Quem faz').selectOption({ label: 'Ana Silva' });
    await carla.getByLabel('Mostrar no portal').uncheck();
    await carla.getByRole('button', { name: 'Adicionar', exact: true }).click();
    await carla.locator('.update', { hasText: MATTER_TASK }).waitFor();
    await anaNav.getByRole('link', { name: 'Minhas tarefas' }).click();
    await ana
      .getByRole('row', { name: new RegExp(MATTER_TASK) })
      .getByRole('link', { name: `Processo: ${SUBJECT}` })
      .waitFor();
    await ana
      .getByRole('row', { name: new RegExp(TASK) })
      .getByRole('link', { name: `Atendimento: ${SUBJECT}` })
      .waitFor();
    await pages.check(ana, 'admin-my-tasks-both');
    await ana.getByRole('checkbox', { name: `Marcar “${TASK}” como feita` }).check();
    await ana.getByRole('checkbox', { name: `Marcar “${TASK}” como não feita` }).waitFor();
    await ana.reload();
    await ana.getByRole('row', { name: new RegExp(MATTER_TASK) }).waitFor();
    assert.equal(await ana.getByRole('row', { name: new RegExp(TASK) }).count(), 0, 'a task done leaves her open tasks');
  });
});

/** The API as staff use it (signed in as the admin once), for what the journeys do not click through. */
let staffToken;
async function asStaff(path, method = 'GET', body = undefined) {
  const call = async (token) => {
    const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const response = await fetch(stack.apiUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
    return response.status === 204 ? null : response.json();
  };
  if (!staffToken) {
    const pair = await fetch(stack.apiUrl + '/auth/staff/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ portal: 'silva', ...ADMIN }),
    });
    assert.ok(pair.ok, `staff sign-in: ${pair.status}`);
    staffToken = (await pair.json()).access_token;
  }
  return call(staffToken);
}

/** The matter of this title, as staff see it. */
const matterTitled = async (title) => (await asStaff('/matters?limit=100')).items.find((m) => m.title === title);

/**
 * Staff send a PDF to the matter of this title through the API, as the admin app does, wait for
 * the worker to check it, and publish it to the matter's clients.
 */
async function publishToMatter(title, fileName) {
  const matter = await matterTitled(title);
  const pdf = minimalPdf();
  const [ticket] = await asStaff(`/matters/${matter.id}/documents/uploads`, 'POST', {
    files: [{ file_name: fileName, content_type: 'application/pdf', size: pdf.length }],
  });
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.form.fields)) form.append(name, value);
  form.append('file', new Blob([pdf], { type: 'application/pdf' }), fileName);
  const stored = await fetch(ticket.form.url, { method: 'POST', body: form });
  assert.ok(stored.ok, `S3 took the file: ${stored.status}`);
  let document = ticket.document;
  for (const deadline = Date.now() + 15_000; document.status === 'awaiting_upload' && Date.now() < deadline;) {
    await new Promise((done) => setTimeout(done, 300));
    const listed = await asStaff(`/matters/${matter.id}/documents?limit=100`);
    document = listed.items.find((d) => d.id === ticket.document.id) ?? document;
  }
  assert.equal(document.status, 'available');
  await asStaff(`/documents/${document.id}/publication`, 'PUT', { published: true, version: document.version });
}

/** The smallest valid PDF: one empty page, with a correct cross-reference table. */
function minimalPdf() {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A file the Python tests build (tests/support/document_fixtures.py), by the name of its function. */
function fixture(name) {
  return execFileSync(PYTHON, ['-c', `import sys\nfrom tests.support.document_fixtures import ${name}\nsys.stdout.buffer.write(${name}().data)`], {
    cwd: ROOT,
  });
}

/** How many GPS tags a photo's EXIF holds (Pillow reads it). */
function gpsTags(photo) {
  const count = 'import io, sys\nfrom PIL import Image\nprint(len(Image.open(io.BytesIO(sys.stdin.buffer.read())).getexif().get_ifd(0x8825)))';
  return Number(execFileSync(PYTHON, ['-c', count], { cwd: ROOT, input: photo }).toString().trim());
}
