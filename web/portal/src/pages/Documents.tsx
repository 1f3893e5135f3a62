/**
 * F18: a client sends documents from their phone (files, or a photo of papers taken there and
 * then) and sees what became of each: received, refused and why, or still being checked.
 * Each file goes straight to S3 with the form the API gave for it; the worker checks it a
 * moment later, so the list is read again until nothing of this upload is waiting.
 * Loaded on first use (App.tsx), so the sign-in page carries none of this.
 */
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { formatDate } from '../../../shared/timeline';
import { Alert, Select, TextArea } from '../../../shared/ui/forms';
import { Table } from '../../../shared/ui/Table';
import { useAllPages, usePages, type Pages } from '../../../shared/ui/usePages';
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
import { api, useT, type Me } from '../services';

/** How often, and how many times, the list is read again while the worker checks an upload. */
export const POLL = { delayMs: 1_000, times: 10 };

type Matter = { id: string; title: string | null; number: string | null };

export function DocumentsScreen(props: { me: Me }) {
  const { t } = useT();
  const documents = usePages((cursor) => api.get('/portal/documents', { query: { cursor, limit: 25 } }), []);
  const matters = useAllPages((cursor) => api.get('/portal/matters', { query: { cursor, limit: 50 } }), []);
  const readOnly = props.me.read_only || props.me.simulated_by != null;
  return (
    <section aria-labelledby="documents-title">
      <h1 id="documents-title">{t('documents.title')}</h1>
      {readOnly ? <Alert kind="info">{t('documents.readOnly')}</Alert> : <SendDocuments matters={matters.items} onChecked={documents.reload} />}
      <MyDocuments documents={documents} matters={matters.items} />
    </section>
  );
}

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

let nextKey = 0;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function SendDocuments(props: { matters: readonly Matter[]; onChecked: () => void }) {
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
          const tickets = await api.post('/portal/documents/uploads', {
            body: {
              files: batch.map((item) => ({ file_name: item.name, content_type: declaredType(item.file), size: item.file.size })),
              description: description.trim() || null,
              matter_id: matterId || null,
            },
          });
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

  const upload = async (batch: Item[], tickets: { document: DocumentView; form: Parameters<typeof postToStorage>[0] }[]) => {
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

  /** Reads the list again, a few times, until no document of this upload is waiting for its check. */
  const follow = async (ids: Set<string>) => {
    for (let round = 0; round < POLL.times; round++) {
      await sleep(POLL.delayMs);
      const page = await api.get('/portal/documents', { query: { limit: 50 } }).catch(() => null);
      if (!page) continue;
      for (const document of page.items) {
        if (!ids.has(document.id) || document.status === 'awaiting_upload') continue;
        const item = current.current.find((candidate) => candidate.document?.id === document.id);
        if (item) update(item.key, { state: document.status, document });
      }
      if (!stillChecking(page.items, ids)) break;
    }
    props.onChecked();
  };

  const ready = items.filter((item) => item.state === 'ready').length;
  const options = [{ value: '', label: t('documents.noMatter') }, ...props.matters.map((m) => ({ value: m.id, label: m.title ?? m.number ?? '' }))];

  return (
    <section class="card send-documents" aria-labelledby="send-title">
      <h2 id="send-title">{t('documents.send')}</h2>
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
      <TextArea label={t('documents.description')} value={description} onValue={setDescription} rows={2} />
      {props.matters.length > 0 && <Select label={t('documents.matter')} value={matterId} onValue={setMatterId} options={options} />}
      {error != null && <Alert>{errorText(t, error)}</Alert>}
      <button type="button" class="button button--block" disabled={busy || ready === 0} onClick={() => void send()}>
        {busy ? t('documents.sending') : ready > 1 ? t('documents.sendMany', { count: ready }) : t('documents.sendOne')}
      </button>
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

function MyDocuments(props: { documents: Pages<DocumentView>; matters: readonly Matter[] }) {
  const { t, lang } = useT();
  const [error, setError] = useState<unknown>(null);
  const titles = new Map(props.matters.map((m) => [m.id, m.title ?? m.number ?? '']));

  const download = async (document: DocumentView) => {
    setError(null);
    try {
      // A link of one minute, asked for at the tap and never kept.
      const link = await api.get('/portal/documents/{document_id}/download', { path: { document_id: document.id } });
      const anchor = window.document.createElement('a');
      anchor.href = link.url;
      anchor.download = document.file_name;
      anchor.rel = 'noopener';
      window.document.body.append(anchor);
      anchor.click();
      anchor.remove();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section aria-labelledby="mine-title">
      <h2 id="mine-title">{t('documents.mine')}</h2>
      {error != null && <Alert>{errorText(t, error)}</Alert>}
      <Table
        pages={props.documents}
        rowKey={(d) => d.id}
        empty={t('documents.empty')}
        columns={[
          {
            label: t('documents.col.name'),
            cell: (d) => (
              <>
                <span class="document__name">{d.file_name}</span>
                {d.description && <span class="muted document__description">{d.description}</span>}
              </>
            ),
          },
          { label: t('documents.col.date'), cell: (d) => formatDate(lang, d.created_at) },
          { label: t('documents.col.case'), cell: (d) => (d.matter_id ? (titles.get(d.matter_id) ?? t('documents.someCase')) : t('documents.noCase')) },
          {
            label: t('documents.col.state'),
            cell: (d) => stateWords(t, d),
          },
          {
            label: t('documents.col.actions'),
            cell: (d) =>
              d.status === 'available' ? (
                <button
                  type="button"
                  class="button button--secondary"
                  onClick={() => void download(d)}
                  aria-label={t('documents.downloadNamed', { name: d.file_name })}
                >
                  {t('documents.download')}
                </button>
              ) : null,
          },
        ]}
      />
    </section>
  );
}

/** The document's state as the client reads it: the check's result, then what the firm made of it. */
function stateWords(t: ReturnType<typeof useT>['t'], d: DocumentView): string {
  if (d.status === 'refused') return t('documents.state.refused', { reason: t(refusalKey(d.refusal)) });
  if (d.review === 'accepted') return t('documents.review.accepted');
  if (d.review === 'rejected') return t('documents.review.rejected', { reason: d.review_reason ?? '' });
  return t(`documents.status.${d.status}`);
}
