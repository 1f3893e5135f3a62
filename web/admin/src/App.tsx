import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browserLanguages, I18nProvider, pickLanguage, type Lang } from '../../shared/i18n';
import { hrefTo, replaceWith, useRoute } from '../../shared/router';
import { LanguageSelect } from '../../shared/ui/LanguageSelect';
import { Failure, Loading } from '../../shared/ui/states';
import { catalogs, type Key } from './messages';
import { ApiKeysPage } from './pages/ApiKeys';
import { AuditPage } from './pages/Audit';
import { ClientPage } from './pages/Client';
import { ClientsPage } from './pages/Clients';
import { ConsultationPage } from './pages/Consultation';
import { EditConsultationPage, NewConsultationPage } from './pages/ConsultationForm';
import { ConsultationsPage } from './pages/Consultations';
import { EmailTemplatePage, EmailTemplatesPage } from './pages/EmailTemplates';
import { ForgotPasswordPage, SignInPage, SignedOutPage } from './pages/Entry';
import { InvitationPage, ResetPasswordPage } from './pages/Links';
import { MatterPage } from './pages/Matter';
import { MattersPage } from './pages/Matters';
import { MyTasksPage } from './pages/MyTasks';
import { PendingNotificationsPage } from './pages/PendingNotifications';
import { RequestPage } from './pages/Requests';
import { ReviewQueuePage } from './pages/ReviewQueue';
import { SettingsPage } from './pages/Settings';
import { StaffPage } from './pages/Staff';
import { SuppressionsPage } from './pages/Suppressions';
import { api, session, useT, type Firm, type Me } from './services';

const LANG_KEY = 'admin:lang';
// Pages for anyone; any other page is the sign-in page until someone signs in.
const PUBLIC_PAGES = new Set(['forgot', 'invite', 'reset', 'signed-out']);

export function App() {
  const route = useRoute();
  const [signedIn, setSignedIn] = useState(session.active);
  const [me, setMe] = useState<Me | null>(null);
  const [meError, setMeError] = useState<unknown>(null);
  // The firm's name for the top bar; its settings page saves it, and says so here.
  const [firm, setFirm] = useState<Firm | null>(null);
  const [chosen, setChosen] = useState(() => localStorage.getItem(LANG_KEY) as Lang | null);

  useEffect(
    () =>
      session.subscribe((reason) => {
        setSignedIn(session.active);
        if (!session.active) {
          setMe(null);
          setFirm(null);
        }
        if (reason) replaceWith('signed-out', reason);
      }),
    [],
  );
  const loadMe = useCallback(() => {
    setMeError(null);
    api.get('/me').then(setMe).catch(setMeError);
  }, []);
  useEffect(() => {
    if (!signedIn) return;
    loadMe();
    // Without it the top bar says the app's name instead: nothing to retry for.
    api.get('/firm').then(setFirm, () => undefined);
  }, [signedIn, loadMe]);

  const lang = chosen ?? pickLanguage(browserLanguages(), 'en');
  const firmName = signedIn ? (firm?.portal.display_name ?? null) : null;
  useEffect(() => {
    document.documentElement.lang = lang;
    const title = catalogs[lang]['app.title'];
    document.title = firmName ? `${firmName} · ${title}` : title;
  }, [lang, firmName]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    setChosen(next);
  }, []);

  const [page = ''] = route;
  const isPublic = !signedIn || PUBLIC_PAGES.has(page);
  return (
    <I18nProvider catalogs={catalogs} lang={lang} setLang={setLang}>
      <Layout me={isPublic ? null : me} firmName={isPublic ? null : firmName} page={page}>
        {isPublic ? (
          <PublicPage route={route} />
        ) : meError ? (
          <Failure error={meError} retry={loadMe} />
        ) : me ? (
          <PrivatePage route={route} me={me} onFirmSaved={setFirm} />
        ) : (
          <Loading />
        )}
      </Layout>
    </I18nProvider>
  );
}

function PublicPage(props: { route: string[] }) {
  const [page, first = '', second = ''] = props.route;
  switch (page) {
    case 'forgot':
      return <ForgotPasswordPage />;
    case 'invite':
      return <InvitationPage slug={first} token={second} />;
    case 'reset':
      return <ResetPasswordPage slug={first} token={second} />;
    case 'signed-out':
      return <SignedOutPage reason={first} />;
    default:
      return <SignInPage />;
  }
}

function PrivatePage(props: { route: string[]; me: Me; onFirmSaved: (firm: Firm) => void }) {
  const [page, id, tab] = props.route;
  const admin = props.me.role === 'admin';
  switch (page) {
    case 'clients':
      return id ? <ClientPage id={id} admin={admin} tab={tab} /> : <ClientsPage />;
    case 'matters':
      return id ? <MatterPage id={id} me={props.me} tab={tab} /> : <MattersPage />;
    case 'consultations':
      if (id === 'new') return <NewConsultationPage key={tab ?? ''} me={props.me} clientId={tab} />;
      if (id && tab === 'edit') return <EditConsultationPage key={id} id={id} me={props.me} />;
      return id ? <ConsultationPage key={id} id={id} me={props.me} /> : <ConsultationsPage />;
    case 'tasks':
      return <MyTasksPage />;
    case 'review':
      return <ReviewQueuePage />;
    case 'pending':
      return <PendingNotificationsPage />;
    case 'requests':
      return id ? <RequestPage id={id} /> : <ReviewQueuePage />;
    case 'settings':
      return <SettingsPage admin={admin} onSaved={props.onFirmSaved} />;
    case 'staff':
      return <StaffPage me={props.me} />;
    case 'api-keys':
      return admin ? <ApiKeysPage /> : <ClientsPage />;
    case 'audit':
      return admin ? <AuditPage /> : <ClientsPage />;
    case 'suppressions':
      return <SuppressionsPage admin={admin} />;
    case 'email-templates':
      return id && tab ? <EmailTemplatePage kind={id} language={tab} admin={admin} /> : <EmailTemplatesPage />;
    default:
      return <ClientsPage />;
  }
}

const NAV: { page: string; label: Key; adminOnly: boolean }[] = [
  { page: 'clients', label: 'nav.clients', adminOnly: false },
  { page: 'matters', label: 'nav.matters', adminOnly: false },
  { page: 'consultations', label: 'nav.consultations', adminOnly: false },
  { page: 'tasks', label: 'nav.myTasks', adminOnly: false },
  { page: 'review', label: 'nav.review', adminOnly: false },
  { page: 'pending', label: 'nav.pending', adminOnly: false },
  { page: 'settings', label: 'nav.settings', adminOnly: false },
  { page: 'staff', label: 'nav.staff', adminOnly: false },
  { page: 'suppressions', label: 'nav.suppressions', adminOnly: false },
  { page: 'email-templates', label: 'nav.emailTemplates', adminOnly: false },
  { page: 'api-keys', label: 'nav.apiKeys', adminOnly: true },
  { page: 'audit', label: 'nav.audit', adminOnly: true },
];

function Layout(props: { me: Me | null; firmName: string | null; page: string; children: ComponentChildren }) {
  const { t } = useT();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else main.current?.focus();
  }, [props.page]);
  const signOut = async () => {
    await api.signOut();
    replaceWith('signed-out', 'signed-out');
  };
  const current = props.page || 'clients';
  return (
    <div class="layout">
      <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        {t('common.skipToContent')}
      </a>
      <header class="topbar">
        {/* Signed in, the firm's own name (once GET /firm answers); before, the app's. */}
        <span class="topbar__title">{props.me ? props.firmName : t('app.title')}</span>
        <div class="row">
          <LanguageSelect />
          {props.me && (
            <>
              <a class="button button--secondary topbar__quick" href={hrefTo('consultations', 'new')}>
                <ContactIcon />
                <span>{t('topbar.newConsultation')}</span>
              </a>
              <span class="muted topbar__who">{props.me.name}</span>
              <button type="button" class="button button--secondary" onClick={() => void signOut()}>
                {t('common.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      {props.me && (
        <nav class="sidenav" aria-label={t('nav.label')}>
          {NAV.filter((item) => !item.adminOnly || props.me?.role === 'admin').map((item) => (
            <a key={item.page} href={hrefTo(item.page)} aria-current={current === item.page ? 'page' : undefined}>
              {t(item.label)}
            </a>
          ))}
        </nav>
      )}
      <main id="main" ref={main} tabIndex={-1} class="content">
        {props.children}
      </main>
    </div>
  );
}

/** The contact icon of the top bar's quick "new consultation" (its words say what it does). */
function ContactIcon() {
  return (
    <svg class="topbar__icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path fill="currentColor" fill-rule="evenodd" d="M6 3h12a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4V5a2 2 0 0 1 2-2zm1 4v2h10V7H7zm0 4v2h7v-2H7z" />
    </svg>
  );
}
