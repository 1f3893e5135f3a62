// @vitest-environment jsdom
// Every list in both apps says it is loading while its first page is on its way, and says
// so in words when there is nothing in it: never a blank.
import type { ComponentChildren } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../shared/api/client';
import { catalogs as adminCatalogs } from '../admin/src/messages';
import { ApiKeysPage } from '../admin/src/pages/ApiKeys';
import { AuditPage } from '../admin/src/pages/Audit';
import { ClientPicker } from '../admin/src/pages/ClientPicker';
import { ClientsPage } from '../admin/src/pages/Clients';
import { ClientConsultations, ConsultationsPage, MatterConsultations } from '../admin/src/pages/Consultations';
import { ClientDocuments, MatterDocuments } from '../admin/src/pages/Documents';
import { MattersPage } from '../admin/src/pages/Matters';
import { MyTasksPage } from '../admin/src/pages/MyTasks';
import { StaffPage } from '../admin/src/pages/Staff';
import { StaffTimeline } from '../admin/src/pages/Timeline';
import { session as adminSession } from '../admin/src/services';
import { catalogs as portalCatalogs } from '../portal/src/messages';
import { MattersScreen } from '../portal/src/pages/Matters';
import { session as portalSession } from '../portal/src/services';
import { never, page, serve, settle, show, signIn } from './screen';

type Me = Schemas['Me'];
const STAFF_ME: Me = {
  kind: 'staff',
  id: 'stf1',
  name: 'Ana Silva',
  email: 'admin@silva.example.com',
  role: 'admin',
  read_only: false,
  simulated_by: null,
  language: null,
  profile: null,
};
const CLIENT_ME: Me = { ...STAFF_ME, kind: 'client', id: 'c1', name: 'Maria Souza', email: 'maria@example.com', role: null };
const MATTER: Schemas['Matter'] = {
  id: 'm1',
  firm_id: 'silva',
  kind: 'case',
  number: null,
  title: 'Revisão de contrato',
  status: 'active',
  court: null,
  venue: null,
  instance: null,
  procedural_class: null,
  court_published: false,
  parties: [],
  billing_client_id: null,
  responsible_lawyer_id: null,
  responsible_lawyer_name: null,
  private: false,
  team: false,
  related: [],
  published_to: [],
  notification_pending: false,
  notification_pending_at: null,
  stage_override: null,
  court_stage: null,
  stage: null,
  consultation_id: null,
  consultation_count: 0,
  created_at: '2026-10-01T10:00:00Z',
  updated_at: '2026-10-01T10:00:00Z',
  version: 1,
};
const CLIENT_MATTER = { ...MATTER, responsible_lawyer: null };

const loading = 'Carregando…';

afterEach(() => {
  vi.unstubAllGlobals();
  adminSession.clear();
  portalSession.clear();
  document.body.innerHTML = '';
});

const admin = (node: ComponentChildren) => (signIn(adminSession), show(adminCatalogs, node));
const portal = (node: ComponentChildren) => (signIn(portalSession), show(portalCatalogs, node));
const statusText = (root: HTMLElement) => [...root.querySelectorAll('[role="status"]')].map((element) => element.textContent).join(' | ');

describe.each([
  ['clients', 'GET /clients', () => <ClientsPage />, 'Nenhum cliente encontrado.'],
  ['matters', 'GET /matters', () => <MattersPage />, 'Nenhum processo encontrado.'],
  ['staff', 'GET /staff', () => <StaffPage me={STAFF_ME} />, 'Nenhum usuário ainda.'],
  ['audit log', 'GET /audit', () => <AuditPage />, 'Nada registrado ainda.'],
  ['API keys', 'GET /api-keys', () => <ApiKeysPage />, 'Nenhuma chave de API ainda.'],
  ['a matter’s timeline', 'GET /matters/m1/timeline', () => <StaffTimeline matter={MATTER} onWritten={() => undefined} />, 'Nenhum andamento ainda.'],
  ['a matter’s documents', 'GET /matters/m1/documents', () => <MatterDocuments matterId="m1" names={{}} />, 'Ainda não há documentos neste processo.'],
  [
    'a client’s documents',
    'GET /clients/c1/documents',
    () => <ClientDocuments clientId="c1" name="Maria Souza" matters={{}} />,
    'Este cliente ainda não enviou documentos.',
  ],
  ['consultations', 'GET /consultations', () => <ConsultationsPage />, 'Nenhum atendimento ainda.'],
  ['a client’s consultations', 'GET /clients/c1/consultations', () => <ClientConsultations clientId="c1" />, 'Nenhum atendimento com este cliente ainda.'],
  ['a matter’s consultations', 'GET /matters/m1/consultations', () => <MatterConsultations matterId="m1" />, 'Nenhum atendimento vinculado a este processo.'],
  ['my tasks', 'GET /me/tasks', () => <MyTasksPage />, 'Você não tem tarefas em aberto.'],
] as const)('admin: the %s list', (_, route, screen, empty) => {
  it('says it is loading until its first page arrives', async () => {
    serve({ [route]: never, 'GET /staff': route === 'GET /staff' ? never : page([]) });
    const root = await admin(screen());
    expect(statusText(root)).toContain(loading);
  });

  it('says so when it is empty', async () => {
    serve({ [route]: page([]), 'GET /staff': page([]) });
    const root = await admin(screen());
    expect(root.textContent).toContain(empty);
    expect(root.textContent).not.toContain(loading);
  });
});

describe('admin: the client picker’s results', () => {
  const type = async (root: HTMLElement, text: string) => {
    const input = root.querySelector('input')!;
    await act(() => {
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  };

  it('says it is searching, then that nothing matches', async () => {
    let answer: (value: unknown) => void = () => undefined;
    serve({ 'GET /clients': () => new Promise((done) => (answer = done)) });
    const root = await admin(<ClientPicker label="Cliente" value={null} onChange={() => undefined} />);
    await type(root, 'zz');
    expect(root.textContent).toContain('Buscando…');
    await act(() => new Promise((done) => setTimeout(done, 300)));
    await settle();
    expect(root.textContent).toContain('Buscando…');
    answer(page([]));
    await settle();
    expect(root.textContent).not.toContain('Buscando…');
    expect(root.textContent).toContain('Nenhum cliente corresponde a “zz”.');
  });
});

describe('portal: the lists of cases and of a case’s timeline', () => {
  it('say they are loading, then that they are empty', async () => {
    serve({ 'GET /portal/matters': never });
    let root = await portal(<MattersScreen route={['matters']} me={CLIENT_ME} />);
    expect(statusText(root)).toContain(loading);
    document.body.innerHTML = '';

    serve({ 'GET /portal/matters': page([]) });
    root = await portal(<MattersScreen route={['matters']} me={CLIENT_ME} />);
    expect(root.textContent).toContain('Nenhum processo ainda');
    document.body.innerHTML = '';

    serve({ 'GET /portal/matters/m1': CLIENT_MATTER, 'GET /portal/matters/m1/timeline': never });
    root = await portal(<MattersScreen route={['matters', 'm1', 'timeline']} me={CLIENT_ME} />);
    expect(statusText(root)).toContain(loading);
    document.body.innerHTML = '';

    serve({ 'GET /portal/matters/m1': CLIENT_MATTER, 'GET /portal/matters/m1/timeline': page([]) });
    root = await portal(<MattersScreen route={['matters', 'm1', 'timeline']} me={CLIENT_ME} />);
    expect(root.textContent).toContain(portalCatalogs['pt-BR']['matter.timelineEmpty']);
  });
});
