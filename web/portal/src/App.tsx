import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../shared/api/client';
import type { SessionMode } from '../../shared/api/session';
import { applyBrand } from '../../shared/colour';
import { browserLanguages, I18nProvider, pickLanguage, type Lang } from '../../shared/i18n';
import { replaceWith, useRoute } from '../../shared/router';
import { Alert } from '../../shared/ui/forms';
import { Failure, Loading } from '../../shared/ui/states';
import { lazy } from './lazy';
import { themeColour } from './manifest';
import { catalogs } from './messages';
import { ForgotPasswordPage, NewLinkPage, SignInPage, SignedOutPage } from './pages/Entry';
import { InvitationPage, LinkPage, ResetPasswordPage } from './pages/Links';
import { HomePage } from './pages/Modules';
import { ProfilePage } from './pages/Profile';
import { UnsubscribePage } from './pages/Unsubscribe';
import { api, session, slug, useT, type Branding, type Me } from './services';
import { Shell } from './Shell';

const MattersScreen = lazy(() => import('./pages/Matters').then((module) => module.MattersScreen));
const DocumentsScreen = lazy(() => import('./pages/Documents').then((module) => module.DocumentsScreen));
const RequestScreen = lazy(() => import('./pages/Request').then((module) => module.RequestScreen));

const LANG_KEY = 'portal:lang';
// Language choices are saved one after the other, so that the last one made is the one kept.
let savingLanguage: Promise<unknown> = Promise.resolve();
// Pages for anyone; any other page is the sign-in page until someone signs in.
const PUBLIC_PAGES = new Set(['forgot', 'reset', 'invite', 'link', 'new-link', 'signed-out', 'unsubscribe']);

export function App() {
  const route = useRoute();
  const [branding, setBranding] = useState<Branding | null>(null);
  const [brandingError, setBrandingError] = useState<unknown>(null);
  const [signedIn, setSignedIn] = useState(session.active);
  const [me, setMe] = useState<Me | null>(null);
  const [meError, setMeError] = useState<unknown>(null);
  const [chosen, setChosen] = useState(() => localStorage.getItem(LANG_KEY) as Lang | null);
  const mode = useRef<SessionMode | null>(session.mode);

  const loadBranding = useCallback(() => {
    setBrandingError(null);
    if (!slug) {
      setBrandingError(new ApiError(404, 'portal_not_found', ''));
      return;
    }
    api
      .get('/portals/{slug}', { path: { slug } })
      .then((found) => {
        applyBrand(found.primary_color);
        themeColour(found.primary_color);
        setBranding(found);
      })
      .catch(setBrandingError);
  }, []);
  useEffect(loadBranding, [loadBranding]);

  useEffect(
    () =>
      session.subscribe((reason) => {
        const endedMode = mode.current;
        mode.current = session.mode;
        setSignedIn(session.active);
        if (!session.active) setMe(null);
        if (reason) replaceWith('signed-out', endedMode === 'simulation' && reason === 'session_ended' ? 'simulation-ended' : reason);
      }),
    [],
  );

  const loadMe = useCallback(() => {
    setMeError(null);
    api.get('/me').then(setMe).catch(setMeError);
  }, []);
  // Read who is signed in again at every page change: the access's profile may have changed,
  // and a blocked or removed access must end the session at the very next request.
  const page = route[0] ?? '';
  useEffect(() => {
    if (signedIn && !PUBLIC_PAGES.has(page)) loadMe();
  }, [signedIn, page, loadMe]);

  const lang = chosen ?? pickLanguage([me?.language, branding?.default_language, ...browserLanguages()], 'pt-BR');
  useEffect(() => {
    document.documentElement.lang = lang;
    const title = catalogs[lang]['portal.title'];
    document.title = branding ? `${branding.display_name} · ${title}` : title;
  }, [lang, branding]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(LANG_KEY, next);
    setChosen(next);
    // Signed in with an account, the choice is the client's: e-mails follow it too. Link and
    // simulation sessions only read. Should it fail, the portal still speaks the new language.
    if (session.mode === 'account') {
      savingLanguage = savingLanguage.then(() => api.put('/me/language', { body: { language: next } }).then(setMe, () => undefined));
    }
  }, []);

  return (
    <I18nProvider catalogs={catalogs} lang={lang} setLang={setLang}>
      <Shell branding={branding} me={signedIn ? me : null} route={route}>
        <Page
          route={route}
          branding={branding}
          brandingError={brandingError}
          retryBranding={loadBranding}
          signedIn={signedIn}
          me={me}
          meError={meError}
          retryMe={loadMe}
        />
      </Shell>
    </I18nProvider>
  );
}

function Page(props: {
  route: string[];
  branding: Branding | null;
  brandingError: unknown;
  retryBranding: () => void;
  signedIn: boolean;
  me: Me | null;
  meError: unknown;
  retryMe: () => void;
}) {
  const { t } = useT();
  const { route, branding, me, signedIn } = props;
  const [page = '', arg = ''] = route;

  if (props.brandingError) {
    // No portal at this address: nothing to try again, only the address to check.
    if (props.brandingError instanceof ApiError && props.brandingError.code === 'portal_not_found') return <Alert>{t('portal.notFound')}</Alert>;
    return <Failure error={props.brandingError} retry={props.retryBranding} />;
  }
  if (!branding) return <Loading>{t('portal.loading')}</Loading>;
  // A closed portal stays visible only to staff simulating a client (to check it before opening).
  if (!branding.enabled && session.mode !== 'simulation') return <Alert>{t('portal.closed')}</Alert>;

  if (!signedIn || PUBLIC_PAGES.has(page)) {
    switch (page) {
      case 'forgot':
        return <ForgotPasswordPage />;
      case 'reset':
        return <ResetPasswordPage token={arg} />;
      case 'invite':
        return <InvitationPage token={arg} branding={branding} />;
      case 'link':
        return <LinkPage token={arg} />;
      case 'new-link':
        return <NewLinkPage />;
      case 'signed-out':
        return <SignedOutPage reason={arg} />;
      case 'unsubscribe':
        return <UnsubscribePage token={arg} branding={branding} />;
      default:
        return <SignInPage branding={branding} />;
    }
  }
  if (props.meError) return <Failure error={props.meError} retry={props.retryMe} />;
  if (!me) return <Loading />;
  switch (page) {
    case 'matters':
      return <MattersScreen route={route} me={me} />;
    case 'documents':
      return me.profile?.documents ? <DocumentsScreen me={me} /> : <HomePage me={me} branding={branding} />;
    case 'requests':
      return arg ? <RequestScreen id={arg} me={me} /> : <HomePage me={me} branding={branding} />;
    case 'profile':
      return <ProfilePage me={me} />;
    default:
      return <HomePage me={me} branding={branding} />;
  }
}
