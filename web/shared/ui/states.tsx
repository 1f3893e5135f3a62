/** What a screen shows instead of, or beside, its content: a failure to load, a failed save. */
import { ApiError } from '../api/client';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import type { SharedKey } from '../messages';
import { Alert } from './forms';

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
  const stale = props.error instanceof ApiError && props.error.status === 409;
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
