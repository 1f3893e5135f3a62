// @vitest-environment jsdom
// A6, F22: the client's home around her activity feed. Dates in words, the feed (unread dots,
// the plain-language reading, opening an update, "mark all as read", reading on past short
// pages), the unread badges of the case list and the navigation, the firm's contact, the
// per-firm manifest link. Against a stubbed API.
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../shared/api/client';
import { relativeTime } from '../shared/relative-time';
import { catalogs } from '../portal/src/messages';
import { linkManifest, manifestHref } from '../portal/src/manifest';
import { HomePage } from '../portal/src/pages/Modules';
import { FirmContact, NextAppointment } from '../portal/src/pages/Home';
import { MattersScreen } from '../portal/src/pages/Matters';
import { session } from '../portal/src/services';
import { Shell } from '../portal/src/Shell';
import { unread, UnreadStore, unreadLabel } from '../portal/src/unread';
import { page, serve, settle, show, signIn } from './screen';

const pt = catalogs['pt-BR'];
const NOW = new Date('2026-12-01T15:00:00Z');
const HOURS = 3_600_000;

const ME: Schemas['Me'] = {
  kind: 'client',
  id: 'c1',
  name: 'Maria Souza',
  email: 'maria@example.com',
  role: null,
  read_only: false,
  simulated_by: null,
  language: null,
  profile: {
    automatic_movements: true,
    manual_movements: true,
    tasks: true,
    publications: true,
    documents: true,
    include_private_matters: false,
    include_team_matters: false,
  },
};
const BRANDING: Schemas['PortalBranding'] = {
  slug: 'silva',
  display_name: 'Silva Advogados',
  logo_url: null,
  primary_color: '#1f4e79',
  default_language: 'pt-BR',
  enabled: true,
  contact_email: 'contato@silva.example.com',
};

const update = (fields: Partial<Schemas['ClientTimelineItem']> = {}): Schemas['ClientTimelineItem'] => ({
  id: 'u1',
  matter_id: 'm1',
  kind: 'manual_movement',
  occurred_at: new Date(Date.now() - 2 * HOURS).toISOString(),
  text: 'Audiência marcada',
  body: null,
  code: null,
  complements: [],
  comment: null,
  due_at: null,
  done: false,
  details: [],
  translations: [],
  translation_state: null,
  ...fields,
});

const entry = (id: string, matter: string, title: string, read = false, fields: Partial<Schemas['ClientTimelineItem']> = {}): Schemas['FeedItem'] => {
  const item = update({ id, matter_id: matter, ...fields });
  return { id, kind: 'update', matter_id: matter, matter_title: title, occurred_at: item.occurred_at, read, update: item, document: null, request: null };
};

const counts = (perMatter: Record<string, number>): Schemas['UnreadCounts'] => ({
  total: Object.values(perMatter).reduce((a, b) => a + b, 0),
  matters: Object.entries(perMatter).map(([matter_id, n]) => ({ matter_id, unread: n })),
});

const feedPage = (
  items: Schemas['FeedItem'][],
  next: string | null,
  unreadCounts: Schemas['UnreadCounts'],
  upcoming: Schemas['Upcoming'][] = [],
): Schemas['FeedPage'] => ({
  ...page(items, next),
  unread: unreadCounts,
  upcoming,
});

/** The home, once its chunk has come and its lists have their first answers. */
async function home() {
  const root = await show(catalogs, <HomePage me={ME} branding={BRANDING} />);
  for (let round = 0; round < 40 && (!root.querySelector('.feed') || root.querySelector('.loading')); round++) await settle();
  return root;
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
  unread.clear();
});

describe('dates in words', () => {
  it('says how long ago in the reader’s language, by calendar day', () => {
    const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
    expect(relativeTime('pt-BR', ago(10_000), NOW, 'UTC')).toBe('agora');
    expect(relativeTime('pt-BR', ago(5 * 60_000), NOW, 'UTC')).toBe('há 5 minutos');
    expect(relativeTime('pt-BR', ago(2 * HOURS), NOW, 'UTC')).toBe('há 2 horas');
    expect(relativeTime('pt-BR', '2026-11-30T23:30:00Z', NOW, 'UTC')).toBe('ontem');
    expect(relativeTime('pt-BR', '2026-11-28T10:00:00Z', NOW, 'UTC')).toBe('há 3 dias');
    expect(relativeTime('pt-BR', '2026-12-02T09:00:00Z', NOW, 'UTC')).toBe('amanhã');
    expect(relativeTime('pt-BR', '2026-10-12T09:00:00Z', NOW, 'UTC')).toBe('12 de outubro');
    expect(relativeTime('pt-BR', '2025-10-12T09:00:00Z', NOW, 'UTC')).toBe('12 de outubro de 2025');
    expect(relativeTime('es', ago(2 * HOURS), NOW, 'UTC')).toBe('hace 2 horas');
    expect(relativeTime('es', '2026-11-30T23:30:00Z', NOW, 'UTC')).toBe('ayer');
    expect(relativeTime('en', ago(2 * HOURS), NOW, 'UTC')).toBe('2 hours ago');
    expect(relativeTime('en', '2026-11-30T23:30:00Z', NOW, 'UTC')).toBe('yesterday');
  });

  it('counts days in the reader’s time zone', () => {
    // 02:00 UTC is 23:00 in São Paulo: 22:00 UTC (19:00 there) is the day before in UTC, the same day there.
    const now = new Date('2026-12-01T02:00:00Z');
    expect(relativeTime('pt-BR', '2026-11-30T22:00:00Z', now, 'UTC')).toBe('ontem');
    expect(relativeTime('pt-BR', '2026-11-30T22:00:00Z', now, 'America/Sao_Paulo')).toBe('há 4 horas');
  });
});

describe('the client’s feed on her home', () => {
  const twoUnread = () => [
    entry('u3', 'm1', 'Aposentadoria por idade'),
    entry('u2', 'm2', 'Inventário da família', false, {
      kind: 'automatic_movement',
      text: 'Conclusos para despacho',
      translations: [{ language: 'pt-BR', happened: 'O processo foi enviado ao juiz.', next: '', action_needed: false, approximate: false }],
      translation_state: 'translated',
    }),
    entry('u1', 'm1', 'Aposentadoria por idade', true, { occurred_at: new Date(Date.now() - 30 * HOURS).toISOString() }),
  ];

  it('greets her with the firm’s name and shows her updates newest first, the unread ones marked, in plain words', async () => {
    serve({
      'GET /portal/feed': feedPage(twoUnread(), null, counts({ m1: 1, m2: 1 })),
      'GET /portal/document-requests': page([]),
    });
    signIn(session);
    const root = await home();
    expect(root.querySelector('h1')!.textContent).toBe('Olá, Maria Souza');
    expect(root.textContent).toContain('Seu portal com Silva Advogados.');
    expect(root.querySelector('#feed-title')!.textContent).toContain('O que há de novo');
    const entries = [...root.querySelectorAll<HTMLAnchorElement>('.feed-entry')];
    expect(entries.map((a) => a.getAttribute('href'))).toEqual(['#/matters/m1/timeline/u3', '#/matters/m2/timeline/u2', '#/matters/m1/timeline/u1']);
    expect(entries.map((a) => a.querySelector('.feed-entry__dot') !== null)).toEqual([true, true, false]);
    expect(entries[0].textContent).toContain('Aposentadoria por idade');
    expect(entries[0].textContent).toContain('há 2 horas');
    expect(entries[0].textContent).toContain('Audiência marcada');
    expect(entries[1].querySelector('svg[role="img"]')?.getAttribute('aria-label')).toBe('Explicado em linguagem simples');
    expect(entries[1].textContent).toContain('O processo foi enviado ao juiz.');
    expect(entries[1].textContent).not.toContain('Conclusos para despacho');
    expect(entries[2].textContent).toContain('ontem');
    expect(root.querySelector('#feed-title [role="img"]')?.getAttribute('aria-label')).toBe('2 atualizações não lidas');
    // No ids or codes on screen.
    expect(root.textContent).not.toMatch(/\bu[123]\b|\bm[12]\b/);
  });

  it('says so when there is nothing new', async () => {
    serve({ 'GET /portal/feed': feedPage([], null, counts({})), 'GET /portal/document-requests': page([]) });
    signIn(session);
    const root = await home();
    expect(root.querySelector('.feed .empty')!.textContent).toContain('Nada de novo por enquanto');
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain(pt['feed.markAll']);
    expect(root.textContent).toContain(pt['next.empty']);
    expect(root.textContent).toContain(pt['requests.empty']);
  });

  it('says when the feed could not be read, and reads it again on request', async () => {
    let fail = true;
    serve({
      'GET /portal/feed': () =>
        fail
          ? new Response(JSON.stringify({ error: { code: 'internal_error', message: 'x', details: [] } }), { status: 500 })
          : feedPage(twoUnread(), null, counts({ m1: 1, m2: 1 })),
      'GET /portal/document-requests': page([]),
    });
    signIn(session);
    const root = await home();
    expect(root.querySelector('.feed [role="alert"]')).not.toBeNull();
    fail = false;
    await act(() => [...root.querySelectorAll<HTMLButtonElement>('.feed button')].find((b) => b.textContent === pt['common.retry'])!.click());
    await settle();
    expect(root.querySelectorAll('.feed-entry')).toHaveLength(3);
  });

  it('marks everything as read at once: the dots and the badge go', async () => {
    const served = serve({
      'GET /portal/feed': feedPage(twoUnread(), null, counts({ m1: 1, m2: 1 })),
      'POST /portal/feed/read-all': counts({}),
      'GET /portal/document-requests': page([]),
    });
    signIn(session);
    const root = await home();
    const markAll = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Marcar tudo como lido')!;
    await act(() => markAll.click());
    await settle();
    expect(served.calls).toContain('POST /portal/feed/read-all');
    expect(root.querySelectorAll('.feed-entry__dot')).toHaveLength(0);
    expect(root.querySelector('#feed-title [role="img"]')).toBeNull();
    expect(unread.current?.total).toBe(0);
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Marcar tudo como lido');
  });

  it('opening an update reads it: the dot goes and the counts are read again', async () => {
    let total = 2;
    const served = serve({
      'GET /portal/feed': feedPage(twoUnread(), null, counts({ m1: 1, m2: 1 })),
      'POST /portal/matters/m1/timeline/u3/read': new Response(null, { status: 204 }),
      'GET /portal/feed/unread': () => (total === 2 ? counts({ m2: 1 }) : counts({})),
      'GET /portal/document-requests': page([]),
    });
    signIn(session);
    const root = await home();
    const first = root.querySelector<HTMLAnchorElement>('.feed-entry')!;
    await act(() => void first.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
    await settle();
    total = 1;
    expect(served.calls).toContain('POST /portal/matters/m1/timeline/u3/read');
    expect(served.calls).toContain('GET /portal/feed/unread');
    expect(first.querySelector('.feed-entry__dot')).toBeNull();
    expect(unread.current).toEqual(counts({ m2: 1 }));
    expect(root.querySelector('#feed-title [role="img"]')?.getAttribute('aria-label')).toBe('1 atualização não lida');
  });

  it('shows a document and a request in words, each opening where it is, and reads them', async () => {
    const when = new Date(Date.now() - HOURS).toISOString();
    const document: Schemas['FeedItem'] = {
      id: 'e-doc',
      kind: 'document',
      matter_id: 'm1',
      matter_title: 'Aposentadoria por idade',
      occurred_at: when,
      read: false,
      update: null,
      request: null,
      document: { id: 'd1', file_name: 'Sentença.pdf', description: null, type: 'pdf', size: 1200 },
    };
    const request: Schemas['FeedItem'] = {
      id: 'e-req',
      kind: 'document_request',
      matter_id: null,
      matter_title: null,
      occurred_at: when,
      read: false,
      update: null,
      document: null,
      request: { id: 'r1', title: 'Comprovante de residência', details: 'Uma conta recente', due_date: null, status: 'pending' },
    };
    const served = serve({
      'GET /portal/feed': feedPage([document, request], null, counts({ m1: 1 })),
      'POST /portal/feed/e-doc/read': new Response(null, { status: 204 }),
      'GET /portal/feed/unread': counts({}),
      'GET /portal/document-requests': page([]),
    });
    signIn(session);
    const root = await home();
    const [doc, req] = [...root.querySelectorAll<HTMLAnchorElement>('.feed-entry')];
    expect(doc.textContent).toContain('Novo documento: Sentença.pdf');
    expect(doc.getAttribute('href')).toBe('#/matters/m1');
    expect(req.textContent).toContain('O escritório pede a você: Comprovante de residência');
    expect(req.textContent).toContain('Do escritório');
    expect(req.getAttribute('href')).toBe('#/requests/r1');
    await act(() => void doc.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
    await settle();
    expect(served.calls).toContain('POST /portal/feed/e-doc/read');
    expect(doc.querySelector('.feed-entry__dot')).toBeNull();
  });

  it('shows her cases with where each stands and its unread badge, without reading the counts twice', async () => {
    const view = (id: string, title: string, stage: Schemas['Stage'] | null): Schemas['ClientMatterView'] => ({
      id,
      kind: 'court_case',
      number: null,
      title,
      status: 'active',
      court: null,
      venue: null,
      instance: null,
      procedural_class: null,
      responsible_lawyer: null,
      parties: [],
      related: [],
      private: false,
      team: false,
      updated_at: '2026-10-01T10:00:00Z',
      stage,
    });
    const hearing: Schemas['Stage'] = {
      key: 'hearing',
      step: 3,
      steps: 8,
      set_by_staff: false,
      label: 'Audiência',
      explanation: 'Há uma audiência.',
    };
    const served = serve({
      'GET /portal/feed': feedPage(twoUnread(), null, counts({ m1: 1, m2: 1 })),
      'GET /portal/matters': page([view('m1', 'Aposentadoria por idade', hearing), view('m2', 'Inventário da família', null)]),
      'GET /portal/document-requests': page([]),
    });
    signIn(session);
    const root = await home();
    for (let round = 0; round < 20 && !root.querySelector('#my-cases-title ~ ul .matter-card'); round++) await settle();
    const cards = [...root.querySelectorAll<HTMLAnchorElement>('[aria-labelledby="my-cases-title"] .matter-card')];
    expect(cards.map((card) => card.getAttribute('href'))).toEqual(['#/matters/m1', '#/matters/m2']);
    expect(cards[0].querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('3');
    expect(cards[1].querySelector('[role="progressbar"]')).toBeNull();
    expect(cards[0].querySelector('[role="img"]')?.getAttribute('aria-label')).toBe('1 atualização não lida');
    expect(served.calls.filter((call) => call === 'GET /portal/feed/unread')).toHaveLength(0);
  });

  it('reads on past pages shorter than asked for until a screenful shows or the feed ends', async () => {
    const all = Array.from({ length: 25 }, (_, i) => entry(`u${100 - i}`, 'm1', 'Aposentadoria por idade', true));
    const served = serve({
      'GET /portal/feed': (url: URL) => {
        const cursor = url.searchParams.get('cursor');
        // Entries she may not see were left out: pages of 1, 0 and 18 entries, all with a cursor.
        if (cursor === null) return feedPage(all.slice(0, 1), 'c1', counts({}));
        if (cursor === 'c1') return feedPage([], 'c2', counts({}));
        if (cursor === 'c2') return feedPage(all.slice(1, 19), 'c3', counts({}));
        if (cursor === 'c3') return feedPage(all.slice(19, 25), 'c4', counts({}));
        return feedPage([], null, counts({}));
      },
      'GET /portal/document-requests': page([]),
    });
    signIn(session);
    const root = await home();
    await settle();
    // 1 + 0 + 18 = 19 < 20: it went on to the fourth page by itself (25 shown), and stops there.
    expect(root.querySelectorAll('.feed-entry')).toHaveLength(25);
    expect(root.querySelector('.feed .empty')).toBeNull();
    const feedCalls = served.calls.filter((call) => call.startsWith('GET /portal/feed'));
    expect(feedCalls).toHaveLength(4);
    const more = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === pt['feed.more'])!;
    await act(() => more.click());
    await settle();
    // The fifth page is empty and ends the feed: no button, no "nothing new".
    expect(served.calls.filter((call) => call.startsWith('GET /portal/feed'))).toHaveLength(5);
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain(pt['feed.more']);
    expect(root.querySelector('.feed .empty')).toBeNull();
  });

  it('shows the firm’s contact a tap away, her pending documents and her next appointment', async () => {
    serve({
      'GET /portal/feed': feedPage([], null, counts({}), [
        {
          entry_id: 'e1',
          matter_id: 'm1',
          matter_title: 'Aposentadoria por idade',
          kind: 'task',
          text: 'Audiência de conciliação',
          due_at: new Date(Date.now() + 26 * HOURS).toISOString(),
        },
      ]),
      'GET /portal/document-requests': page([
        {
          id: 'r1',
          title: 'Comprovante de residência',
          status: 'pending',
          matter_id: 'm1',
          matter_title: 'Aposentadoria por idade',
          due_date: null,
          rejection_reason: null,
        },
        { id: 'r2', title: 'RG e CPF', status: 'accepted', matter_id: null, matter_title: null, due_date: null, rejection_reason: null },
      ]),
    });
    signIn(session);
    const root = await home();
    const pending = root.querySelector('[aria-labelledby="requests-title"]')!;
    expect(pending.querySelector('h2')!.textContent).toBe('Documentos pendentes');
    expect([...pending.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['#/requests/r1', '#/requests/r2']);
    expect(pending.querySelector('h3')!.textContent).toBe('Já enviados ao escritório');
    const next = root.querySelector('[aria-labelledby="next-title"]')!;
    expect(next.querySelector('h2')!.textContent).toBe('Próximo compromisso');
    expect(next.textContent).toContain('Audiência de conciliação');
    expect(next.textContent).toMatch(/amanhã|depois de amanhã/);
    const mail = root.querySelector<HTMLAnchorElement>('a[href^="mailto:"]')!;
    expect(mail.getAttribute('href')).toBe('mailto:contato@silva.example.com');
    expect(root.querySelector('[aria-labelledby="contact-title"]')!.textContent).toContain('Silva Advogados');
  });

  it('the contact, the appointment card: words when there is nothing to show', async () => {
    const root = await show(catalogs, <FirmContact branding={{ ...BRANDING, contact_email: null }} />, 'es');
    expect(root.textContent).toContain('Para hablar con el despacho, responda a cualquiera de sus correos.');
    const none = await show(catalogs, <NextAppointment upcoming={[]} loaded error={null} />, 'en');
    expect(none.textContent).toContain('Nothing scheduled for now.');
  });
});

describe('unread badges', () => {
  it('say the count in words in each language', () => {
    const t = (lang: 'pt-BR' | 'es' | 'en') => (key: keyof typeof pt, values?: Record<string, string | number>) =>
      catalogs[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name]));
    expect(unreadLabel(t('pt-BR'), 'pt-BR', 3)).toBe('3 atualizações não lidas');
    expect(unreadLabel(t('pt-BR'), 'pt-BR', 1)).toBe('1 atualização não lida');
    expect(unreadLabel(t('es'), 'es', 2)).toBe('2 actualizaciones sin leer');
    expect(unreadLabel(t('en'), 'en', 1)).toBe('1 unread update');
  });

  it('on the case list: each case its own count; the navigation the total', async () => {
    serve({
      'GET /portal/matters': page([
        { id: 'm1', title: 'Aposentadoria por idade', number: null, court: null, venue: null, status: 'active', updated_at: '2026-11-30T10:00:00Z' },
        { id: 'm2', title: 'Inventário da família', number: null, court: null, venue: null, status: 'active', updated_at: '2026-11-30T10:00:00Z' },
      ]),
      'GET /portal/feed/unread': counts({ m1: 3 }),
    });
    signIn(session);
    const root = await show(
      catalogs,
      <Shell branding={BRANDING} me={ME} route={['matters']}>
        <MattersScreen route={['matters']} me={ME} />
      </Shell>,
    );
    await settle();
    const cards = [...root.querySelectorAll('.matter-card')];
    expect(cards[0].querySelector('.unread-badge')?.getAttribute('aria-label')).toBe('3 atualizações não lidas');
    expect(cards[0].querySelector('.unread-badge')?.textContent).toBe('3');
    expect(cards[1].querySelector('.unread-badge')).toBeNull();
    const nav = root.querySelector<HTMLAnchorElement>('.module-nav a[href="#/matters"]')!;
    expect(nav.querySelector('.unread-badge')?.getAttribute('aria-label')).toBe('3 atualizações não lidas');
    // Read elsewhere (an update opened): every badge follows, without a reload.
    await act(() => unread.set(counts({ m1: 2 })));
    expect(cards[0].querySelector('.unread-badge')?.textContent).toBe('2');
    expect(nav.querySelector('.unread-badge')?.textContent).toBe('2');
  });

  it('the store reads again once more when asked while a read is on its way, and keeps its counts offline', async () => {
    const answers = [counts({ m1: 2 }), counts({ m1: 1 })];
    let reads = 0;
    const store = new UnreadStore(() => {
      reads++;
      const next = answers.shift();
      return next ? Promise.resolve(next) : Promise.reject(new Error('offline'));
    });
    void store.refresh();
    await store.refresh();
    await settle();
    expect(reads).toBe(2);
    expect(store.current?.total).toBe(1);
    await store.refresh();
    expect(store.current?.total).toBe(1);
  });
});

describe('the per-firm manifest', () => {
  it('points the page’s manifest at the firm’s, and keeps the static one without a firm', () => {
    document.head.innerHTML = '<link rel="manifest" href="./manifest.webmanifest" />';
    linkManifest(null);
    expect(document.querySelector('link[rel="manifest"]')!.getAttribute('href')).toBe('./manifest.webmanifest');
    linkManifest('silva');
    expect(document.querySelector('link[rel="manifest"]')!.getAttribute('href')).toBe('./api/portals/silva/manifest.webmanifest');
    expect(manifestHref('silva')).toBe('./api/portals/silva/manifest.webmanifest');
  });
});
