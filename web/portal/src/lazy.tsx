import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Alert } from '../../shared/ui/forms';
import { Loading } from '../../shared/ui/states';
import { useT } from './services';

/**
 * A screen whose code is fetched the first time it is shown, so that the portal's first load
 * (the sign-in page, on a phone) carries none of it. The service worker keeps it for offline use.
 */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  return function Lazy(props: P) {
    const { t } = useT();
    const [, setReady] = useState(false);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded || failed) return;
      loading ??= load();
      loading.then(
        (component) => ((loaded = component), setReady(true)),
        () => ((loading = null), setFailed(true)),
      );
    }, [failed]);
    if (loaded) {
      const Screen = loaded;
      return <Screen {...props} />;
    }
    if (!failed) return <Loading />;
    return (
      <div>
        <Alert>{t('error.network')}</Alert>
        <button type="button" class="button" onClick={() => setFailed(false)}>
          {t('common.retry')}
        </button>
      </div>
    );
  };
}
