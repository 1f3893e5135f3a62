/**
 * F18: sending documents from a phone (files, or a photo of papers taken there and then), and
 * what became of each: received, refused and why, or still being checked. Each file goes
 * straight to S3 with the form the API gave for it; the worker checks it a moment later, so
 * the documents are read again until nothing of this upload is waiting.
 *
 * One component for every place a client sends files from: their Documents page, a case's
 * Documents tab, a document request. Where the files go is the caller's `send`; how to see
 * what became of them, its `check`.
 */
import { useRef, useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { Alert, Select, TextArea } from '../../../shared/ui/forms';
import {
  ACCEPT,
  declaredType,
  MAX_FILES,
  nameProblem,
  postToStorage,
  refusalKey,
  sizeInWords,
  stillChecking,
  type DocumentView,
} from '../../../shared/documents';
import type { Key } from '../messages';
import { useT, type Me } from '../services';

/** How often, and how many times, the documents are read again while the worker checks an upload. */
export const POLL = { delayMs: 1_000, times: 10 };

/** The files and their description; where they go (a case, a request) is the caller's. */
export type FilesBody = { files: Schemas['FileToUpload'][]; description: string | null };
export type Ticket = Schemas['UploadTicketView'];
type Matter = { id: string; title: string | null; number: string | null };

type State = 'ready' | 'rename' | 'uploading' | 'checking' | 'available' | 'refused' | 'failed';

interface Item {
  key: number;
  file: File;
  name: string;
  state: State;
  percent: number;
  /** Why it failed, in words (a refused kind or size, a lost connection). */
  error?: string;
  document?: DocumentView;
}

/** Link and simulation sessions only read: they download, never send. */
export const maySend = (me: Me) => !me.read_only && me.simulated_by == null;

let nextKey = 0;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

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
  const [items, setItems] = useState<Item[]>([]);
  const [description, setDescription] = useState('');
  const [matterId, setMatterId] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const files = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  // The list as it is now, for the steps of a send that outlive one render.
  const current = useRef(items);
  current.current = items;

  const update = (key: number, change: Partial<Item>) => setItems((all) => all.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const add = (input: HTMLInputElement) => {
    const chosen = [...(input.files ?? [])];
    input.value = '';
    const waiting = current.current.filter((item) => item.state === 'ready' || item.state === 'rename').length;
    const room = Math.max(0, MAX_FILES - waiting);
    setNotice(chosen.length > room ? t('documents.tooMany', { max: MAX_FILES }) : null);
    const added = chosen.slice(0, room).map<Item>((file) => ({
      key: ++nextKey,
      file,
      name: file.name,
      state: nameProblem(file.name) ? 'rename' : 'ready',
      percent: 0,
    }));
    setItems((all) => [...all.filter((item) => item.state !== 'available'), ...added]);
  };

  const rename = (key: number, name: string) => update(key, { name, state: nameProblem(name) ? 'rename' : 'ready', error: undefined });

  const send = async () => {
    let batch = current.current.filter((item) => item.state === 'ready');
    if (batch.length === 0) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      // A file the API refuses (its kind, its size) is marked and left out; the others are asked again.
      for (;;) {
        try {
          const body: FilesBody = {
            files: batch.map((item) => ({ file_name: item.name, content_type: declaredType(item.file), size: item.file.size })),
            description: description.trim() || null,
          };
          const tickets = await props.send(body, (props.matters && matterId) || null);
          await upload(batch, tickets);
          break;
        } catch (caught) {
          const refused = refusedFile(caught, batch.length);
          if (!refused) throw caught;
          const item = batch[refused.index];
          if (item) update(item.key, refused.field === 'file_name' ? { state: 'rename' } : { state: 'failed', error: t(refused.words) });
          batch = batch.filter((_, index) => index !== refused.index);
          if (batch.length === 0) break;
        }
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const upload = async (batch: Item[], tickets: Ticket[]) => {
    const sent = new Set<string>();
    await Promise.all(
      batch.map(async (item, index) => {
        const ticket = tickets[index];
        if (!ticket) return;
        update(item.key, { state: 'uploading', percent: 0, document: ticket.document, error: undefined });
        const outcome = await postToStorage(ticket.form, item.file, item.name, (percent) => update(item.key, { percent }));
        if (outcome === 'sent') {
          sent.add(ticket.document.id);
          update(item.key, { state: 'checking', percent: 100 });
        } else {
          update(item.key, { state: 'failed', error: t(outcome === 'network' ? 'documents.uploadFailed' : 'documents.uploadRejected') });
        }
      }),
    );
    if (sent.size === 0) return;
    setDescription('');
    await follow(sent);
  };

  /** Reads the documents again, a few times, until none of this upload is waiting for its check. */
  const follow = async (ids: Set<string>) => {
    for (let round = 0; round < POLL.times; round++) {
      await sleep(POLL.delayMs);
      const documents = await props.check().catch(() => null);
      if (!documents) continue;
      for (const document of documents) {
        if (!ids.has(document.id) || document.status === 'awaiting_upload') continue;
        const item = current.current.find((candidate) => candidate.document?.id === document.id);
        if (item) update(item.key, { state: document.status, document });
      }
      if (!stillChecking(documents, ids)) break;
    }
    props.onChecked?.();
  };

  const ready = items.filter((item) => item.state === 'ready').length;
  const options = [{ value: '', label: t('documents.noMatter') }, ...(props.matters ?? []).map((m) => ({ value: m.id, label: m.title ?? m.number ?? '' }))];

  return (
    <section class="card send-documents" aria-labelledby="send-title">
      <h2 id="send-title">{props.title ?? t('documents.send')}</h2>
      {!props.closed && (
        <>
          <div class="row send-documents__pick">
            <button type="button" class="button" disabled={busy} onClick={() => files.current?.click()}>
              {t('documents.choose')}
            </button>
            <button type="button" class="button button--secondary" disabled={busy} onClick={() => camera.current?.click()}>
              {t('documents.camera')}
            </button>
            <input
              ref={files}
              class="visually-hidden"
              type="file"
              multiple
              accept={ACCEPT}
              tabIndex={-1}
              aria-hidden="true"
              onChange={(e) => add(e.currentTarget)}
            />
            <input
              ref={camera}
              class="visually-hidden"
              type="file"
              accept="image/*"
              capture="environment"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(e) => add(e.currentTarget)}
            />
          </div>
          <p class="muted">{t('documents.kinds', { max: MAX_FILES })}</p>
        </>
      )}
      {notice && <Alert kind="info">{notice}</Alert>}
      {items.length > 0 && (
        <ul class="uploads" aria-label={t('documents.chosen')}>
          {items.map((item) => (
            <UploadRow
              key={item.key}
              item={item}
              lang={lang}
              busy={busy}
              onRename={rename}
              onRemove={(key) => setItems((all) => all.filter((i) => i.key !== key))}
            />
          ))}
        </ul>
      )}
      {!props.closed && <TextArea label={t('documents.description')} value={description} onValue={setDescription} rows={2} />}
      {!props.closed && props.matters && props.matters.length > 0 && (
        <Select label={t('documents.matter')} value={matterId} onValue={setMatterId} options={options} />
      )}
      {error != null && <Alert>{props.describe?.(error) ?? errorText(t, error)}</Alert>}
      {!props.closed && (
        <button type="button" class="button button--block" disabled={busy || ready === 0} onClick={() => void send()}>
          {busy ? t('documents.sending') : ready > 1 ? t('documents.sendMany', { count: ready }) : t('documents.sendOne')}
        </button>
      )}
    </section>
  );
}

/** A 422 on one file of the request: which one, which field, and what to say. */
function refusedFile(error: unknown, count: number): { index: number; field: string; words: Key } | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  for (const detail of error.details as { path: string }[]) {
    const match = /^(?:body\.)?files\.(\d+)\.(content_type|size|file_name)$/.exec(detail.path);
    const index = Number(match?.[1]);
    if (!match || index >= count) continue;
    const field = match[2] ?? '';
    const words: Key = field === 'size' ? 'documents.tooBig' : field === 'content_type' ? 'documents.kindRefused' : 'documents.name.characters';
    return { index, field, words };
  }
  return null;
}

function UploadRow(props: {
  item: Item;
  lang: Parameters<typeof sizeInWords>[1];
  busy: boolean;
  onRename: (key: number, name: string) => void;
  onRemove: (key: number) => void;
}) {
  const { t } = useT();
  const { item } = props;
  const problem = nameProblem(item.name);
  const fieldId = `rename-${item.key}`;
  return (
    <li class="upload">
      <div class="upload__head">
        <span class="upload__name">{item.name}</span>
        <span class="muted">{sizeInWords(item.file.size, props.lang)}</span>
      </div>
      {item.state === 'rename' && (
        <div class="field field--error">
          <label for={fieldId}>{t('documents.rename')}</label>
          <input
            id={fieldId}
            value={item.name}
            aria-invalid="true"
            aria-describedby={`${fieldId}-error`}
            onInput={(e) => props.onRename(item.key, e.currentTarget.value)}
          />
          <p class="field__error" id={`${fieldId}-error`}>
            {t(problem ?? 'documents.name.characters')}
          </p>
        </div>
      )}
      {(item.state === 'uploading' || item.state === 'checking') && (
        <div
          class="progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={item.percent}
          aria-label={t('documents.progress', { name: item.name })}
        >
          <span class="progress__bar" style={{ width: `${item.percent}%` }} />
        </div>
      )}
      <p class={'upload__state upload__state--' + item.state} role={item.state === 'refused' || item.state === 'failed' ? 'alert' : undefined}>
        {item.state === 'ready' && t('documents.state.ready')}
        {item.state === 'uploading' && t('documents.state.uploading', { percent: item.percent })}
        {item.state === 'checking' && t('documents.state.checking')}
        {item.state === 'available' && t('documents.state.available')}
        {item.state === 'refused' && t('documents.state.refused', { reason: t(refusalKey(item.document?.refusal)) })}
        {item.state === 'failed' && item.error}
      </p>
      {(item.state === 'ready' || item.state === 'rename' || item.state === 'failed') && !props.busy && (
        <button type="button" class="link-button" onClick={() => props.onRemove(item.key)} aria-label={t('documents.removeNamed', { name: item.name })}>
          {t('documents.remove')}
        </button>
      )}
    </li>
  );
}
