/**
 * The client's home (A6, F22): a greeting with the firm's name, then her activity feed, what
 * the firm needs from her, her next appointment and the firm's contact (Home.tsx, its own
 * chunk). The other modules are in the navigation (Shell.tsx).
 */
import { lazy } from '../lazy';
import { useT, type Branding, type Me } from '../services';

const HomeSections = lazy(() => import('./Home').then((module) => module.HomeSections));

export function HomePage(props: { me: Me; branding?: Branding | null }) {
  const { t } = useT();
  const branding = props.branding ?? null;
  return (
    <section aria-labelledby="home-title" class="home">
      <h1 id="home-title">{t('home.greeting', { name: props.me.name })}</h1>
      {branding && <p class="muted home__welcome">{t('home.welcome', { firm: branding.display_name })}</p>}
      <HomeSections me={props.me} branding={branding} />
    </section>
  );
}
