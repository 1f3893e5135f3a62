/**
 * What a screen shows instead of, or beside, its content: loading, nothing to show, a failure
 * to load, a failed save. Every list has the first two, so no screen is ever blank.
 */
import type { ComponentChildren } from 'preact';
import { errorText, isStale } from '../errors';
import { useI18n } from '../i18n';
import type { SharedKey } from '../messages';
import { Alert } from './forms';

/** While the first answer is on its way (announced to screen readers, politely). */
export function Loading(props: { children?: ComponentChildren }) {
  const { t } = useI18n<SharedKey>();
  return (
    <p class="loading" role="status">
      {props.children ?? t('common.loading')}
    </p>
  );
}

/** A list with nothing in it, said in words (what is missing, and what to do if anything). */
export function Empty(props: { children: ComponentChildren }) {
  return (
    <div class="card empty">
      <p>{props.children}</p>
    </div>
  );
}

/** A failure in words, with a button to try again when there is something to retry. */
export function Failure(props: { error: unknown; retry?: (() => void) | undefined }) {
  const { t } = useI18n<SharedKey>();
  return (
    <div>
      <Alert>{errorText(t, props.error)}</Alert>
      {props.retry && (
        <button type="button" class="button" onClick={props.retry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** A failed save; after a 409 (someone else saved first) it offers to reload their version. */
export function SaveError(props: { error: unknown; onReload: () => void }) {
  const { t } = useI18n<SharedKey>();
  if (props.error == null) return null;
  const stale = isStale(props.error);
  return (
    <Alert>
      {errorText(t, props.error)}{' '}
      {stale && (
        <button type="button" class="link-button" onClick={props.onReload}>
          {t('common.reload')}
        </button>
      )}
    </Alert>
  );
}
