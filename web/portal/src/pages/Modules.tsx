/** The client's home: what the firm asked them for, and the modules. */
import { hrefTo } from '../../../shared/router';
import { lazy } from '../lazy';
import type { Key } from '../messages';
import { useT, type Me } from '../services';
import { modulesFor } from '../Shell';

// What the firm asked for: its own chunk, fetched when the home screen first shows.
const RequestChecklist = lazy(() => import('./Checklist').then((module) => module.RequestChecklist));

const MODULES: Record<ReturnType<typeof modulesFor>[number], { title: Key; summary: Key }> = {
  matters: { title: 'cases.title', summary: 'cases.summary' },
  documents: { title: 'documents.title', summary: 'documents.summary' },
  profile: { title: 'profile.title', summary: 'profile.summary' },
};

export function HomePage(props: { me: Me }) {
  const { t } = useT();
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t('home.greeting', { name: props.me.name })}</h1>
      <RequestChecklist />
      <p class="muted">{t('home.intro')}</p>
      <ul class="modules">
        {modulesFor(props.me).map((module) => (
          <li key={module}>
            <a class="module card" href={hrefTo(module)}>
              <span class="module__title">{t(MODULES[module].title)}</span>
              <span class="module__summary">{t(MODULES[module].summary)}</span>
              <span class="module__open" aria-hidden="true">
                {t('home.open')} →
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
