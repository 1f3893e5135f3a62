// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { actionWords, UPDATE_KINDS, UPDATE_VERBS } from '../admin/src/audit-entries';
import { catalogs } from '../admin/src/messages';
import { AuditPage } from '../admin/src/pages/Audit';
import { session } from '../admin/src/services';
import { format, LANGUAGES } from '../shared/i18n';
import { page, serve, show, signIn } from './screen';

const entry = (action: string, target: string, details: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  firm_id: 'silva',
  id: `${action}-${target}`,
  at: '2026-11-10T14:30:00Z',
  actor_id: 'stf1',
  actor_kind: 'staff',
  actor_email: 'admin@silva.example.com',
  action,
  target,
  details,
  ...extra,
});

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
  document.body.innerHTML = '';
});

describe('the audit log page', () => {
  it('says each action in words and names what it was done to, with a link, never a code or an id', async () => {
    signIn(session);
    serve({
      'GET /audit': page([
        entry('access.blocked', 'client:qetuuzeg6nwtyjw7'),
        entry('access.granted', 'client:qetuuzeg6nwtyjw7', { type: 'account', email: 'beatriz.costa@example.com' }),
        entry('access.granted', 'client:other', { type: 'link', email: 'joao.pereira@example.com' }),
        entry('client.created', 'client:qetuuzeg6nwtyjw7', { name: 'Beatriz Costa' }),
        entry('matter.published', 'matter:m1', { client_ids: ['qetuuzeg6nwtyjw7'] }),
        entry('task.created', 'matter:m1', { item: 'u1' }),
        entry('api_key.created', 'api_key:k1', { name: 'Andamentos do DataJud' }),
        entry('movement.teleported', 'planet:x1', {}, { actor_kind: 'integration', actor_email: null }),
      ]),
    });
    const root = await show(catalogs, <AuditPage />);
    const rows = [...root.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['admin@silva.example.com', 'Acesso ao portal bloqueado', 'Cliente: Beatriz Costa'],
      ['admin@silva.example.com', 'Acesso ao portal concedido', 'Cliente: Beatriz Costa'],
      ['admin@silva.example.com', 'Acesso ao portal concedido', 'Cliente: joao.pereira@example.com'],
      ['admin@silva.example.com', 'Cliente cadastrado', 'Cliente: Beatriz Costa'],
      ['admin@silva.example.com', 'Publicação no portal alterada', 'Processo'],
      ['admin@silva.example.com', 'Item incluído nos andamentos: Tarefa', 'Processo'],
      ['admin@silva.example.com', 'Chave de API criada', 'Chave de API: Andamentos do DataJud'],
      ['Uma integração (chave de API)', 'Outra alteração', 'Outro'],
    ]);
    const links = [...root.querySelectorAll('tbody a')].map((link) => [link.textContent, link.getAttribute('href')]);
    expect(links).toEqual([
      ['Beatriz Costa', '#/clients/qetuuzeg6nwtyjw7'],
      ['Beatriz Costa', '#/clients/qetuuzeg6nwtyjw7'],
      ['joao.pereira@example.com', '#/clients/other'],
      ['Beatriz Costa', '#/clients/qetuuzeg6nwtyjw7'],
      ['Processo', '#/matters/m1'],
      ['Processo', '#/matters/m1'],
      ['Andamentos do DataJud', '#/api-keys'],
    ]);
  });

  it('does not link to a client that was deleted', async () => {
    signIn(session);
    serve({ 'GET /audit': page([entry('client.deleted', 'client:c9', { name: 'Carlos Lima' })]) });
    const root = await show(catalogs, <AuditPage />, 'es');
    expect(root.querySelector('tbody')!.textContent).toContain('Cliente eliminado');
    expect(root.querySelector('tbody')!.textContent).toContain('Cliente: Carlos Lima');
    expect(root.querySelector('tbody a')).toBeNull();
  });
});

/** Every action the API records (AuditEntry.record(actor, "<action>", ...) in chalicelib, or a helper around it). */
function recordedActions() {
  const sources = import.meta.glob<string>('../../chalicelib/**/*.py', { eager: true, query: '?raw', import: 'default' });
  const literal = new Set<string>();
  const updateVerbs = new Set<string>();
  for (const source of Object.values(sources)) {
    // AuditEntry.record(actor, "<action>", ...), or through a service's own helper: self._audit(actor, "<action>", ...)
    for (const [, f, action] of source.matchAll(/(?:AuditEntry\.record|self\._audit)\(\s*[\w.]+,\s*(f?)"([^"]+)"/g)) {
      if (!f) literal.add(action);
      else {
        // f"{kind}.created" or f"{current.kind}.{verb}": a timeline update's action
        const verb = /\}\.(\w+)$/.exec(action)?.[1];
        if (verb) updateVerbs.add(verb);
        else for (const [, given] of source.matchAll(/self\._save\([^)]*,\s*"(\w+)"\)/g)) updateVerbs.add(given);
      }
    }
  }
  return { literal, updateVerbs };
}

describe('audit actions', () => {
  const { literal, updateVerbs } = recordedActions();
  const t = (lang: (typeof LANGUAGES)[number]) => (key: string, values?: Record<string, string | number>) =>
    format((catalogs[lang] as Record<string, string>)[key], values);

  it('finds the actions the API records', () => {
    expect(literal.size).toBeGreaterThan(15);
    expect(literal).toContain('document_request.created');
    expect([...updateVerbs].sort()).toEqual([...UPDATE_VERBS].sort());
  });

  it.each(LANGUAGES)('has words for every action the API records, in %s', (lang) => {
    const other = t(lang)('audit.action.other');
    const missing = [...literal].filter((action) => actionWords(t(lang), action) === other);
    expect(missing).toEqual([]);
    for (const kind of UPDATE_KINDS) for (const verb of updateVerbs) expect(actionWords(t(lang), `${kind}.${verb}`)).not.toBe(other);
  });
});
