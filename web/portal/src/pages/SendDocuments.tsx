/**
 * F18: sending documents from a phone (files, or a photo of papers taken there and then), and
 * what became of each: received, refused and why, or still being checked. Each file goes
 * straight to S3 with the form the API gave for it; the worker checks it a moment later, so
 * the documents are read again until nothing of this upload is waiting (the steps and the list
 * of files are both apps' own, `shared/ui/Uploads.tsx`).
 *
 * One component for every place a client sends files from: their Documents page, a case's
 * Documents tab, a document request. Where the files go is the caller's `send`; how to see
 * what became of them, its `check`.
 */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { Alert, Select, TextArea } from '../../../shared/ui/forms';
import { ChooseFiles, sendLabel, UploadList, useUploads } from '../../../shared/ui/Uploads';
import { MAX_FILES, type DocumentView } from '../../../shared/documents';
import { useT, type Me } from '../services';

/** The files and their description; where they go (a case, a request) is the caller's. */
export type FilesBody = { files: Schemas['FileToUpload'][]; description: string | null };
export type Ticket = Schemas['UploadTicketView'];
type Matter = { id: string; title: string | null; number: string | null };

/** Link and simulation sessions only read: they download, never send. */
export const maySend = (me: Me) => !me.read_only && me.simulated_by == null;

export function SendDocuments(props: {
  /** Asks the API for a form per file: where the files go (with the case chosen, when `matters` offers a choice). */
  send: (body: FilesBody, matterId: string | null) => Promise<Ticket[]>;
  /** Reads again the documents this upload went to, to see what became of each. */
  check: () => Promise<readonly DocumentView[]>;
  /** After the check of an upload is over (or no longer followed). */
  onChecked?: () => void;
  /** "About which case": offered when the files may go to any of these (the client's own documents). */
  matters?: readonly Matter[];
  /** The card's heading; "Send documents" unless said. */
  title?: string;
  /** Words for an error this destination has of its own, or null for the usual ones. */
  describe?: (error: unknown) => string | null;
  /** The destination takes no more files (a request the firm has): what was sent stays listed. */
  closed?: boolean;
}) {
  const { t, lang } = useT();
  const uploads = useUploads(t);
  const [description, setDescription] = useState('');
  const [matterId, setMatterId] = useState('');

  const send = () =>
    uploads.send({
      ask: (chosen) => props.send({ files: chosen, description: description.trim() || null }, (props.matters && matterId) || null),
      read: props.check,
      sent: () => setDescription(''),
      done: props.onChecked,
    });

  const { error } = uploads;
  const options = [{ value: '', label: t('documents.noMatter') }, ...(props.matters ?? []).map((m) => ({ value: m.id, label: m.title ?? m.number ?? '' }))];

  return (
    <section class="card send-documents" aria-labelledby="send-title">
      <h2 id="send-title">{props.title ?? t('documents.send')}</h2>
      {!props.closed && (
        <>
          <div class="row send-documents__pick">
            <ChooseFiles uploads={uploads} label={t('documents.choose')} class="button" />
            <ChooseFiles uploads={uploads} label={t('documents.camera')} class="button button--secondary" camera />
          </div>
          <p class="muted">{t('documents.kinds', { max: MAX_FILES })}</p>
        </>
      )}
      {uploads.notice && <Alert kind="info">{uploads.notice}</Alert>}
      <UploadList uploads={uploads} t={t} lang={lang} />
      {!props.closed && <TextArea label={t('documents.description')} value={description} onValue={setDescription} rows={2} />}
      {!props.closed && props.matters && props.matters.length > 0 && (
        <Select label={t('documents.matter')} value={matterId} onValue={setMatterId} options={options} />
      )}
      {error != null && <Alert>{props.describe?.(error) ?? errorText(t, error)}</Alert>}
      {!props.closed && (
        <button type="button" class="button button--block" disabled={uploads.busy || uploads.ready === 0} onClick={() => void send()}>
          {sendLabel(t, uploads)}
        </button>
      )}
    </section>
  );
}
