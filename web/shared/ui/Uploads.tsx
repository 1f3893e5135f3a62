/**
 * F17-F18, the files being sent, in both apps: chosen (at most 20 waiting at a time), renamed
 * when the API would refuse their name, each sent straight to S3 with its own progress bar
 * (`sendFiles`), then what the check made of it (`followChecks`). Where the files go and how to
 * read what became of them is the caller's (`Destination`); so is the card around the list
 * (a portal's case, an admin's hint). The words are each app's own: `t` must know every
 * `UploadKey`, which the type of `t` checks.
 */
import { useRef, useState } from 'preact/hooks';
import {
  ACCEPT,
  followChecks,
  MAX_FILES,
  nameProblem,
  refusalKey,
  refusedWords,
  sendFiles,
  sizeInWords,
  type DocumentView,
  type FileToUpload,
  type Outgoing,
  type RefusedField,
  type UploadTicket,
} from '../documents';
import type { Lang, Translate } from '../i18n';

/** The words of the files being sent, which every app that sends files defines. */
export type UploadKey =
  | 'documents.chosen'
  | 'documents.tooMany'
  | 'documents.tooBig'
  | 'documents.kindRefused'
  | 'documents.uploadFailed'
  | 'documents.uploadRejected'
  | 'documents.rename'
  | NonNullable<ReturnType<typeof nameProblem>>
  | 'documents.progress'
  | 'documents.state.ready'
  | 'documents.state.uploading'
  | 'documents.state.checking'
  | 'documents.state.available'
  | 'documents.state.refused'
  | ReturnType<typeof refusalKey>
  | 'documents.remove'
  | 'documents.removeNamed'
  | 'documents.sendOne'
  | 'documents.sendMany'
  | 'documents.sending';

type T = Translate<UploadKey>;

export type UploadState = 'ready' | 'rename' | 'uploading' | 'checking' | 'available' | 'refused' | 'failed';

/** One file chosen, and where it stands. */
export interface Upload extends Outgoing {
  key: number;
  state: UploadState;
  percent: number;
  /** Why it failed, in words (a refused kind or size, a lost connection). */
  error?: string;
  document?: DocumentView;
}

/** Where the files go, and how to see what became of them. */
export interface Destination {
  /** Asks the API for a form per file: one of the uploads routes. */
  ask: (files: FileToUpload[]) => Promise<UploadTicket[]>;
  /** Reads again the documents the files went to (a first page is enough), to see what the check made of each. */
  read: () => Promise<readonly DocumentView[]>;
  /** S3 has at least one of the files: their documents now wait for the check. */
  sent?: () => void;
  /** A document sent here, as the check left it. */
  seen?: (document: DocumentView) => void;
  /** Nothing sent here waits for its check any more (or it is no longer followed). */
  done?: () => void;
}

export interface Uploads {
  items: readonly Upload[];
  /** More files were chosen than one send takes: what was left out, in words. */
  notice: string | null;
  /** What stopped a send (the API's answer), for the caller to say in words. */
  error: unknown;
  busy: boolean;
  /** How many files are ready to send. */
  ready: number;
  /** Takes the files of a file input (and empties it, so the same file can be chosen again). */
  add: (input: HTMLInputElement) => void;
  rename: (key: number, name: string) => void;
  remove: (key: number) => void;
  /** Sends every file that is ready; a file the API refuses is marked, the others go. */
  send: (to: Destination) => Promise<void>;
}

/** Why the API refused a file of the request, in words (a name it refuses is asked to be renamed instead). */
const REFUSED: Record<Exclude<RefusedField, 'file_name'>, UploadKey> = { size: 'documents.tooBig', content_type: 'documents.kindRefused' };

let nextKey = 0;

/** The files being sent from one place, and the steps of sending them. */
export function useUploads(t: T): Uploads {
  const [items, setItems] = useState<Upload[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The list as it is now, for the steps of a send that outlive one render.
  const current = useRef(items);
  current.current = items;

  const update = (key: number, change: Partial<Upload>) => setItems((all) => all.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const add = (input: HTMLInputElement) => {
    const chosen = [...(input.files ?? [])];
    input.value = '';
    const waiting = current.current.filter((item) => item.state === 'ready' || item.state === 'rename').length;
    const room = Math.max(0, MAX_FILES - waiting);
    setNotice(chosen.length > room ? t('documents.tooMany', { max: MAX_FILES }) : null);
    const added = chosen
      .slice(0, room)
      .map<Upload>((file) => ({ key: ++nextKey, file, name: file.name, state: nameProblem(file.name) ? 'rename' : 'ready', percent: 0 }));
    setItems((all) => [...all.filter((item) => item.state !== 'available'), ...added]);
  };

  const rename = (key: number, name: string) => update(key, { name, state: nameProblem(name) ? 'rename' : 'ready', error: undefined });

  const remove = (key: number) => setItems((all) => all.filter((item) => item.key !== key));

  const send = async (to: Destination) => {
    const batch = current.current.filter((item) => item.state === 'ready');
    if (batch.length === 0) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const sent = await sendFiles(batch, to.ask, {
        refused: (item, field) => update(item.key, field === 'file_name' ? { state: 'rename' } : { state: 'failed', error: t(REFUSED[field]) }),
        started: (item, document) => update(item.key, { state: 'uploading', percent: 0, document, error: undefined }),
        progress: (item, percent) => update(item.key, { percent }),
        sent: (item) => update(item.key, { state: 'checking', percent: 100 }),
        failed: (item, outcome) =>
          update(item.key, { state: 'failed', error: t(outcome === 'network' ? 'documents.uploadFailed' : 'documents.uploadRejected') }),
      });
      if (sent.size === 0) return;
      to.sent?.();
      await followChecks(to.read, sent, (document) => {
        if (document.status === 'awaiting_upload') return;
        const item = current.current.find((candidate) => candidate.document?.id === document.id);
        if (item) update(item.key, { state: document.status, document });
        to.seen?.(document);
      });
      to.done?.();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return { items, notice, error, busy, ready: items.filter((item) => item.state === 'ready').length, add, rename, remove, send };
}

/**
 * A button that opens the device's file chooser (any of the kinds the API takes, several at a
 * time) or, with `camera`, its camera for a photo; what is chosen is added to `uploads`.
 */
export function ChooseFiles(props: { uploads: Uploads; label: string; class: string; camera?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const { camera = false } = props;
  return (
    <>
      <button type="button" class={props.class} disabled={props.uploads.busy} onClick={() => input.current?.click()}>
        {props.label}
      </button>
      <input
        ref={input}
        class="visually-hidden"
        type="file"
        multiple={!camera}
        accept={camera ? 'image/*' : ACCEPT}
        capture={camera ? 'environment' : undefined}
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => props.uploads.add(e.currentTarget)}
      />
    </>
  );
}

/** The send button's words: "Send", "Send 3 files", "Sending…". */
export function sendLabel(t: T, uploads: Uploads): string {
  if (uploads.busy) return t('documents.sending');
  return uploads.ready > 1 ? t('documents.sendMany', { count: uploads.ready }) : t('documents.sendOne');
}

/** The files chosen, each with its size, a new name when its own would be refused, its progress and what became of it. */
export function UploadList(props: { uploads: Uploads; t: T; lang: Lang }) {
  const { uploads, t } = props;
  if (uploads.items.length === 0) return null;
  return (
    <ul class="uploads" aria-label={t('documents.chosen')}>
      {uploads.items.map((item) => (
        <UploadRow key={item.key} item={item} t={t} lang={props.lang} busy={uploads.busy} onRename={uploads.rename} onRemove={uploads.remove} />
      ))}
    </ul>
  );
}

function UploadRow(props: { item: Upload; t: T; lang: Lang; busy: boolean; onRename: (key: number, name: string) => void; onRemove: (key: number) => void }) {
  const { item, t } = props;
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
            {t(nameProblem(item.name) ?? 'documents.name.characters')}
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
        {item.state === 'refused' && refusedWords(t, item.document?.refusal)}
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
