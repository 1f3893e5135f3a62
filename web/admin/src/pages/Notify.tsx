/**
 * F12, as WorkGuardian users know it: after publishing or changing published data, "Notify the
 * client by e-mail now?" (Notify now / Later); while clients have not been told, a Notify button.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { Alert, useAction } from '../../../shared/ui/forms';
import { api, useT } from '../services';

type Matter = Schemas['Matter'];

export function Notify(props: { matter: Matter; names: Record<string, string>; asking: boolean; onClose: () => void; onNotified: () => void }) {
  const { t } = useT();
  const [notified, setNotified] = useState<string[] | null>(null);
  const notify = useAction(async () => {
    const result = await api.post('/matters/{matter_id}/notify', { path: { matter_id: props.matter.id } });
    setNotified(result.notified_client_ids.map((id) => props.names[id] ?? id));
    props.onNotified();
    props.onClose();
  });
  return (
    <>
      {notified && <Alert kind="success">{notified.length ? t('notify.sent', { names: notified.join(', ') }) : t('notify.nobody')}</Alert>}
      {notify.error != null && <Alert>{errorText(t, notify.error)}</Alert>}
      {props.matter.notification_pending && (
        <div class="notify-bar">
          <p>{t('notify.pending')}</p>
          <button type="button" class="button" disabled={notify.busy} onClick={() => notify.run()}>
            {t('notify.button')}
          </button>
        </div>
      )}
      <NotifyDialog open={props.asking} busy={notify.busy} onNotify={() => notify.run()} onLater={props.onClose} />
    </>
  );
}

/** A modal <dialog>: the browser keeps focus inside it, Escape means "Later", focus returns after. */
function NotifyDialog(props: { open: boolean; busy: boolean; onNotify: () => void; onLater: () => void }) {
  const { t } = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (props.open && !element.open) element.showModal();
    if (!props.open && element.open) element.close();
  }, [props.open]);
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="notify-title"
      aria-describedby="notify-question"
      onCancel={(event) => {
        event.preventDefault();
        props.onLater();
      }}
    >
      <h2 id="notify-title">{t('notify.title')}</h2>
      <p id="notify-question">{t('notify.question')}</p>
      <div class="row">
        <button type="button" class="button" disabled={props.busy} onClick={props.onNotify}>
          {t('notify.now')}
        </button>
        <button type="button" class="button button--secondary" onClick={props.onLater}>
          {t('notify.later')}
        </button>
      </div>
    </dialog>
  );
}
