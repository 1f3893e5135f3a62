import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { hrefTo, replaceWith } from '../../shared/router';
import { LanguageSelect } from '../../shared/ui/LanguageSelect';
import { api, useT, type Branding, type Me } from './services';
import { UnreadBadge, useUnread } from './unread';

/** Header with the firm's name, logo and colour; banners; the main region; the thumb-reach nav. */
export function Shell(props: { branding: Branding | null; me: Me | null; route: string[]; children: ComponentChildren }) {
  const { t } = useT();
  const { branding, me } = props;
  const main = useRef<HTMLElement>(null);
  const online = useOnline();
  const page = props.route[0] ?? '';
  const firstRender = useRef(true);

  // After navigating, move focus to the new page so screen readers announce it.
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else main.current?.focus();
  }, [page]);

  const signOut = async () => {
    await api.signOut();
    replaceWith('signed-out', 'signed-out');
  };

  return (
    <div class="shell">
      <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        {t('common.skipToContent')}
      </a>
      {me?.simulated_by && (
        <div class="banner" role="status">
          {t('banner.simulation', { client: me.name })}
        </div>
      )}
      {me?.read_only && !me.simulated_by && (
        <div class="banner" role="status">
          {t('banner.link')}
        </div>
      )}
      {!online && (
        <div class="banner" role="status">
          {t('offline.banner')}
        </div>
      )}
      <header class="topbar">
        <a class="firm" href={hrefTo()}>
          {branding?.logo_url && <img src={branding.logo_url} alt={t('portal.logoAlt', { firm: branding.display_name })} height={40} />}
          <span class="firm__name">{branding?.display_name ?? t('portal.title')}</span>
        </a>
        <div class="topbar__tools">
          <LanguageSelect />
          {me && (
            <button type="button" class="button button--secondary" onClick={() => void signOut()}>
              {t('common.signOut')}
            </button>
          )}
        </div>
      </header>
      {me && <ModuleNav me={me} page={page} />}
      <main id="main" ref={main} tabIndex={-1} class="content">
        {props.children}
      </main>
    </div>
  );
}

export function modulesFor(me: Me): ('matters' | 'documents' | 'profile')[] {
  return ['matters', ...(me.profile?.documents ? (['documents'] as const) : []), 'profile'];
}

const MODULE_LABEL = { matters: 'nav.cases', documents: 'nav.documents', profile: 'nav.profile' } as const;

/** At the bottom of a phone's screen, where the thumb reaches; along the top on wide screens. */
function ModuleNav(props: { me: Me; page: string }) {
  const { t, lang } = useT();
  const counts = useUnread(props.me.kind === 'client');
  const items = [['', 'nav.home'] as const, ...modulesFor(props.me).map((m) => [m, MODULE_LABEL[m]] as const)];
  return (
    <nav class="module-nav" aria-label={t('nav.label')}>
      {items.map(([page, label]) => (
        <a key={page} href={hrefTo(...(page ? [page] : []))} aria-current={props.page === page ? 'page' : undefined}>
          {t(label)}
          {page === 'matters' && <UnreadBadge count={counts?.total ?? 0} t={t} lang={lang} />}
        </a>
      ))}
    </nav>
  );
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}
