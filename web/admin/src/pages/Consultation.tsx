/**
 * F20: one consultation: who it is with, the staff involved, when, the star; the thread of
 * entries (each staff member's, with its date and the files attached to it) and a box to add
 * one; its attachments (sent as a matter's are, to the consultation or to one of its entries,
 * downloaded with a one-minute link); its tasks (ticked done here); its links to an
 * earlier consultation and a matter; and "Convert into a matter", which opens the new matter.
 */
import { Fragment, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../../shared/api/client';
import { MAX_FILES, type DocumentView } from '../../../shared/documents';
import { errorText, fieldErrors } from '../../../shared/errors';
import { relativeTime } from '../../../shared/relative-time';
import { hrefTo, navigate } from '../../../shared/router';
import { formatDate } from '../../../shared/timeline';
import { Alert, Field, onSubmit, Select, TextArea, useAction } from '../../../shared/ui/forms';
import { Empty, Failure, Loading, SaveError } from '../../../shared/ui/states';
import { Table } from '../../../shared/ui/Table';
import { ChooseFiles, sendLabel, UploadList, useUploads } from '../../../shared/ui/Uploads';
import { useLoad } from '../../../shared/ui/useLoad';
import { usePages, type Pages } from '../../../shared/ui/usePages';
import { changeBody, overdue, replaced, type Consultation, type Entry, type Task } from '../consultations';
import { withDocument } from '../document-states';
import { api, useT, type Me } from '../services';
import { useStaffDirectory } from '../staff-directory';
import { fromLocalInput } from '../timeline-edits';
import { Star, WithWhom } from './Consultations';
import { DocumentsTable } from './Documents';

export function ConsultationPage(props: { id: string; me: Me }) {
  const { t } = useT();
  const consultation_id = props.id;
  const { data, error, reload, setData } = useLoad(() => api.get('/consultations/{consultation_id}', { path: { consultation_id } }), [consultation_id]);
  // Read here, for both the thread (each entry's files) and the attachments (a file's entry).
  const entries = usePages(
    (cursor) => api.get('/consultations/{consultation_id}/entries', { path: { consultation_id }, query: { cursor, limit: 50 } }),
    [consultation_id],
  );
  const documents = usePages(
    (cursor) => api.get('/consultations/{consultation_id}/documents', { path: { consultation_id }, query: { cursor, limit: 25 } }),
    [consultation_id],
  );
  // Kept here: saving the links brings a new version, which starts their form afresh.
  const [linksSaved, setLinksSaved] = useState(false);
  const back = (
    <p>
      <a href={hrefTo('consultations')}>← {t('consultation.back')}</a>
    </p>
  );
  if (error != null) return <Failure error={error} retry={reload} />;
  if (!data) return <Loading />;
  return (
    <section aria-labelledby="consultation-title">
      {back}
      <ConsultationHead consultation={data} me={props.me} onChanged={setData} onReload={reload} />
      <Entries consultationId={data.id} me={props.me} pages={entries} documents={documents.items} />
      <Attachments consultationId={data.id} pages={documents} entries={entries.items} />
      <Tasks consultationId={data.id} me={props.me} />
      {/* A new version (links saved, or reloaded after a 409) starts the form afresh. */}
      <Links
        key={data.version}
        consultation={data}
        saved={linksSaved}
        onSaving={() => setLinksSaved(false)}
        onSaved={(next) => (setData(next), setLinksSaved(true))}
        onReload={reload}
      />
    </section>
  );
}

function ConsultationHead(props: { consultation: Consultation; me: Me; onChanged: (c: Consultation) => void; onReload: () => void }) {
  const { t, lang } = useT();
  const { consultation } = props;
  // Only an admin or whoever logged it deletes it, and not once it is linked to a matter.
  const deletable = !consultation.matter_id && (props.me.role === 'admin' || consultation.created_by.id === props.me.id);
  const [converting, setConverting] = useState(false);
  const remove = useAction(async () => {
    if (!confirm(t('consultation.confirmDelete', { subject: consultation.subject }))) return;
    await api.delete('/consultations/{consultation_id}', { path: { consultation_id: consultation.id } });
    navigate('consultations');
  });
  const rows: [string, ComponentChildren][] = [
    [t('consultation.with'), <WithWhom consultation={consultation} />],
    [t('consultation.staff'), (consultation.staff ?? []).map((member) => member.name).join(', ')],
    [
      t('consultation.when'),
      <time dateTime={consultation.occurred_at} title={formatDate(lang, consultation.occurred_at)}>
        {relativeTime(lang, consultation.occurred_at)}
      </time>,
    ],
    [t('consultation.createdBy'), consultation.created_by.name],
  ];
  return (
    <>
      <div class="page-head">
        <h1 id="consultation-title" class="consultation__title">
          <Star consultation={consultation} onChanged={props.onChanged} />
          <span>{consultation.subject}</span>
        </h1>
        <div class="row">
          <a class="button button--secondary" href={hrefTo('consultations', consultation.id, 'edit')}>
            {t('consultation.edit')}
          </a>
          {!consultation.matter_id && (
            <button type="button" class="button" onClick={() => setConverting(true)}>
              {t('consultation.convert')}
            </button>
          )}
          {deletable && (
            <button type="button" class="button button--danger" disabled={remove.busy} onClick={() => remove.run()}>
              {t('consultation.delete')}
            </button>
          )}
        </div>
      </div>
      <p class="row">
        {consultation.important && <span class="badge badge--pending">{t('consultation.importantBadge')}</span>}
        {consultation.prospect && <span class="badge badge--none">{t('consultation.prospectBadge')}</span>}
      </p>
      {remove.error != null && <Alert>{errorText(t, remove.error)}</Alert>}
      {consultation.matter_id && (
        <Alert kind="info">
          {t('consultation.converted', { title: consultation.matter_title ?? '' })}{' '}
          <a href={hrefTo('matters', consultation.matter_id)}>{t('consultation.openMatter')}</a>
        </Alert>
      )}
      <div class="card">
        <dl class="details">
          {rows.map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      </div>
      <ConvertDialog consultation={consultation} open={converting} onClose={() => setConverting(false)} onReload={props.onReload} />
    </>
  );
}

/** "Convert into a matter?": the title (the subject unless changed) and kind; on success, the new matter's page. */
function ConvertDialog(props: { consultation: Consultation; open: boolean; onClose: () => void; onReload: () => void }) {
  const { t } = useT();
  const { consultation } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const [title, setTitle] = useState(consultation.subject);
  const [kind, setKind] = useState<'case' | 'court_case' | 'other_court_case'>('case');
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (props.open && !element.open) element.showModal();
    if (!props.open && element.open) element.close();
  }, [props.open]);
  const convert = useAction(async () => {
    // No number yet, and the one converting it as the responsible lawyer: both can be changed on the matter.
    const body = { title: title.trim() || null, kind, number: null, responsible_lawyer_id: null, version: consultation.version };
    const result = await api.post('/consultations/{consultation_id}/conversion', { path: { consultation_id: consultation.id }, body });
    navigate('matters', result.matter.id);
  });
  const already = convert.error instanceof ApiError && convert.error.status === 409 && convert.error.code !== 'stale_version';
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="convert-title"
      aria-describedby="convert-question"
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      <h2 id="convert-title">{t('consultation.convertTitle')}</h2>
      <p id="convert-question">{t('consultation.convertQuestion', { subject: title.trim() || consultation.subject, name: nameOf(consultation) })}</p>
      <form onSubmit={onSubmit(() => convert.run())} noValidate>
        {already ? <Alert>{t('consultation.alreadyConverted')}</Alert> : <SaveError error={convert.error} onReload={props.onReload} />}
        <Field
          label={t('consultation.convertTitleField')}
          type="text"
          maxLength={200}
          value={title}
          onValue={setTitle}
          error={fieldErrors(t, convert.error).title}
        />
        <Select
          label={t('consultation.convertKind')}
          value={kind}
          onValue={setKind}
          options={(['case', 'court_case', 'other_court_case'] as const).map((value) => ({ value, label: t(`matterKind.${value}`) }))}
        />
        <div class="row">
          <button type="submit" class="button" disabled={convert.busy}>
            {t('consultation.convertConfirm')}
          </button>
          <button type="button" class="button button--secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

const nameOf = (c: Consultation) => c.prospect?.name ?? c.client_name ?? '';

/** The thread: every entry, oldest first, with its author and date; a box to add one below. */
function Entries(props: { consultationId: string; me: Me; pages: Pages<Entry>; documents: DocumentView[] }) {
  const { t, lang } = useT();
  const consultation_id = props.consultationId;
  const pages = props.pages;
  const [text, setText] = useState('');
  const add = useAction(async () => {
    const entry = await api.post('/consultations/{consultation_id}/entries', { path: { consultation_id }, body: { text } });
    setText('');
    // Entries others wrote meanwhile come with the next reading; this one shows at once, at the end.
    if (pages.next === null) pages.setItems((items) => [...items.filter((other) => other.id !== entry.id), entry]);
  });
  return (
    <section class="card consultation__section" aria-labelledby="entries-title">
      <h2 id="entries-title">{t('consultation.entries')}</h2>
      {!pages.loaded ? (
        pages.error != null ? (
          <Failure error={pages.error} retry={pages.retry} />
        ) : (
          <Loading />
        )
      ) : pages.items.length === 0 ? (
        <Empty>{t('consultation.noEntries')}</Empty>
      ) : (
        <ol class="thread">
          {pages.items.map((entry: Entry) => (
            <li key={entry.id} class="thread__entry">
              <p class="thread__head">
                <strong>{entry.author.name}</strong>
                <span class="muted">
                  {' · '}
                  <time dateTime={entry.written_at} title={formatDate(lang, entry.written_at)}>
                    {relativeTime(lang, entry.written_at)}
                  </time>
                </span>
              </p>
              {entry.author.id === props.me.id ? (
                <OwnEntryText entry={entry} onChanged={(changed) => pages.setItems((items) => replaced(items, changed))} onReload={pages.reload} />
              ) : (
                <p class="thread__text">{entry.text}</p>
              )}
              <AttachedTo entry={entry} documents={props.documents} />
            </li>
          ))}
        </ol>
      )}
      {pages.loaded && pages.error != null && <Failure error={pages.error} retry={pages.retry} />}
      {pages.next !== null && (
        <button type="button" class="button button--secondary pager" disabled={pages.busy} onClick={pages.more}>
          {t('list.more')}
        </button>
      )}
      <form onSubmit={onSubmit(() => add.run())} noValidate>
        <SaveError error={add.error} onReload={pages.reload} />
        <TextArea label={t('consultation.newEntry')} rows={4} required value={text} onValue={setText} error={fieldErrors(t, add.error).text} />
        <button type="submit" class="button" disabled={add.busy || !text.trim()}>
          {t('consultation.addEntry')}
        </button>
      </form>
    </section>
  );
}

/** An entry its author may correct: its text, and "Editar" for a box saved over the version read. */
function OwnEntryText(props: { entry: Entry; onChanged: (entry: Entry) => void; onReload: () => void }) {
  const { t } = useT();
  const { entry } = props;
  const [text, setText] = useState<string | null>(null);
  const save = useAction(async () => {
    const body = { text: text ?? entry.text, version: entry.version };
    props.onChanged(
      await api.put('/consultations/{consultation_id}/entries/{entry_id}', { path: { consultation_id: entry.consultation_id, entry_id: entry.id }, body }),
    );
    setText(null);
  });
  if (text === null) {
    return (
      <>
        <p class="thread__text">{entry.text}</p>
        <button type="button" class="link-button" onClick={() => setText(entry.text)}>
          {t('consultation.editEntry')}
        </button>
      </>
    );
  }
  return (
    <form onSubmit={onSubmit(() => save.run())} noValidate>
      <SaveError error={save.error} onReload={() => (setText(null), save.setError(null), props.onReload())} />
      <TextArea label={t('consultation.entryText')} rows={4} required value={text} onValue={setText} error={fieldErrors(t, save.error).text} />
      <div class="row">
        <button type="submit" class="button" disabled={save.busy || !text.trim()}>
          {t('common.save')}
        </button>
        <button type="button" class="button button--secondary" onClick={() => (setText(null), save.setError(null))}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The names of the files attached to one entry of the thread, when it has any. */
function AttachedTo(props: { entry: Entry; documents: DocumentView[] }) {
  const { t } = useT();
  const names = props.documents.filter((d) => d.consultation_entry_id === props.entry.id).map((d) => d.file_name);
  if (names.length === 0) return null;
  return <p class="thread__files muted">{t('consultation.entryFiles', { names: names.join(', ') })}</p>;
}

/** Files attached to the consultation or to one of its entries: sent as a matter's are, each
 * with its progress; downloaded. */
function Attachments(props: { consultationId: string; pages: Pages<DocumentView>; entries: Entry[] }) {
  const { t, lang } = useT();
  const consultation_id = props.consultationId;
  const pages = props.pages;
  const uploads = useUploads(t);
  // '' is the consultation itself; otherwise the id of the entry the files go with.
  const [entryId, setEntryId] = useState('');
  const targets = [
    { value: '', label: t('consultation.attachToConsultation') },
    ...props.entries.map((entry) => ({
      value: entry.id,
      label: t('consultation.attachToEntry', { author: entry.author.name, when: formatDate(lang, entry.written_at) }),
    })),
  ];
  const send = () =>
    uploads.send({
      ask: (files) =>
        api.post('/consultations/{consultation_id}/documents/uploads', {
          path: { consultation_id },
          body: { files, description: null, matter_id: null, entry_id: entryId || null },
        }),
      read: () => api.get('/consultations/{consultation_id}/documents', { path: { consultation_id }, query: { limit: 50 } }).then((page) => page.items),
      sent: pages.reload,
      seen: (document: DocumentView) => pages.setItems((items) => withDocument(items, document)),
      done: pages.reload,
    });
  return (
    <section class="card consultation__section documents" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t('consultation.documents')}</h2>
      <p class="muted">{t('consultation.sendHint')}</p>
      <ChooseFiles uploads={uploads} label={t('documents.choose')} class="button button--secondary" />
      <p class="muted">{t('documents.kinds', { max: MAX_FILES })}</p>
      {uploads.notice && <Alert kind="info">{uploads.notice}</Alert>}
      <UploadList uploads={uploads} t={t} lang={lang} />
      {uploads.error != null && <Alert>{errorText(t, uploads.error)}</Alert>}
      {uploads.items.length > 0 && targets.length > 1 && <Select label={t('consultation.attachTo')} value={entryId} onValue={setEntryId} options={targets} />}
      {uploads.items.length > 0 && (
        <button type="button" class="button" disabled={uploads.busy || uploads.ready === 0} onClick={() => void send()}>
          {sendLabel(t, uploads)}
        </button>
      )}
      <DocumentsTable pages={pages} where="consultation" empty={t('consultation.noDocuments')} names={{}} matters={{}} />
    </section>
  );
}

/** The consultation's tasks, open first and soonest due; ticked done here; a form to add one. */
function Tasks(props: { consultationId: string; me: Me }) {
  const { t } = useT();
  const consultation_id = props.consultationId;
  const pages = usePages(
    (cursor) => api.get('/consultations/{consultation_id}/tasks', { path: { consultation_id }, query: { cursor, limit: 50 } }),
    [consultation_id],
  );
  return (
    <section class="card consultation__section" aria-labelledby="tasks-title">
      <h2 id="tasks-title">{t('consultation.tasks')}</h2>
      <TasksTable pages={pages} empty={t('consultation.noTasks')} />
      <NewTask consultationId={consultation_id} me={props.me} onCreated={pages.reload} />
    </section>
  );
}

/** Tasks with a box to tick them done (a consultation's task; a matter's is ticked on its timeline). */
export function TasksTable(props: { pages: Pages<Task>; empty: string; withSource?: boolean }) {
  const { t, lang } = useT();
  const { pages } = props;
  return (
    <Table<Task>
      pages={pages}
      rowKey={(task) => task.id}
      empty={props.empty}
      columns={[
        { label: t('task.col.done'), cell: (task) => <TaskDone task={task} onChanged={(next) => pages.setItems((items) => replaced(items, next))} /> },
        { label: t('task.col.title'), cell: (task) => <span class={task.done ? 'task--done' : undefined}>{task.title}</span> },
        !props.withSource && { label: t('task.col.assignee'), cell: (task) => task.assignee.name },
        { label: t('task.col.due'), cell: (task) => <DueWords task={task} lang={lang} /> },
        props.withSource === true && {
          label: t('task.col.from'),
          cell: (task) =>
            task.consultation_id ? (
              <a href={hrefTo('consultations', task.consultation_id)}>
                {t('myTasks.fromConsultation')}: {task.source_title}
              </a>
            ) : task.matter_id ? (
              <a href={hrefTo('matters', task.matter_id)}>
                {t('myTasks.fromMatter')}: {task.source_title}
              </a>
            ) : (
              task.source_title
            ),
        },
      ]}
    />
  );
}

function DueWords(props: { task: Task; lang: string }) {
  const { t } = useT();
  const { task } = props;
  if (!task.due_at) return <span class="muted">{t('task.noDue')}</span>;
  return (
    <span>
      <time dateTime={task.due_at} title={formatDate(props.lang, task.due_at)}>
        {relativeTime(props.lang, task.due_at)}
      </time>
      {overdue(task) && <span class="badge badge--blocked"> {t('task.overdue')}</span>}
    </span>
  );
}

/** The box that marks a consultation's task done (or not) over its version. */
function TaskDone(props: { task: Task; onChanged: (task: Task) => void }) {
  const { t } = useT();
  const { task } = props;
  // The box shows what was asked for while the API answers, and goes back if it refuses.
  const [asked, setAsked] = useState<boolean | null>(null);
  const change = useAction(async (done: boolean) => {
    setAsked(done);
    try {
      // Every field as it is but `done`: a field sent empty would be refused, one left out is unchanged in the API, and the types ask for all.
      const body = { title: task.title, assignee_id: task.assignee.id, due_at: task.due_at, done, version: task.version };
      props.onChanged(await api.put('/tasks/{task_id}', { path: { task_id: task.id }, body }));
    } finally {
      setAsked(null);
    }
  });
  if (!task.consultation_id) return <span class="muted">{t('myTasks.matterHint')}</span>;
  const shown = asked ?? task.done;
  return (
    <span>
      <input
        type="checkbox"
        class="task__done"
        checked={shown}
        disabled={change.busy}
        aria-label={t(shown ? 'task.markOpen' : 'task.markDone', { title: task.title })}
        onChange={(e) => change.run(e.currentTarget.checked)}
      />
      {change.error != null && <Alert>{errorText(t, change.error)}</Alert>}
    </span>
  );
}

function NewTask(props: { consultationId: string; me: Me; onCreated: () => void }) {
  const { t } = useT();
  const { staff } = useStaffDirectory();
  const [title, setTitle] = useState('');
  const [assignee, setAssignee] = useState(props.me.id);
  const [due, setDue] = useState('');
  const create = useAction(async () => {
    const body = { title: title.trim(), assignee_id: assignee || null, due_at: fromLocalInput(due) };
    await api.post('/consultations/{consultation_id}/tasks', { path: { consultation_id: props.consultationId }, body });
    setTitle('');
    setDue('');
    props.onCreated();
  });
  const errors = fieldErrors(t, create.error);
  const others = staff.filter((member) => member.id !== props.me.id);
  return (
    <details class="add-task">
      <summary>{t('consultation.newTask')}</summary>
      <form onSubmit={onSubmit(() => create.run())} noValidate>
        <SaveError error={create.error} onReload={props.onCreated} />
        <Field label={t('consultation.taskTitle')} type="text" required maxLength={200} value={title} onValue={setTitle} error={errors.title} />
        <Select
          label={t('consultation.assignee')}
          value={assignee}
          onValue={setAssignee}
          options={[{ value: props.me.id, label: `${props.me.name} (${t('consultation.me')})` }, ...others.map((m) => ({ value: m.id, label: m.name }))]}
          error={errors.assignee_id}
        />
        <Field label={t('consultation.due')} type="datetime-local" value={due} onValue={setDue} error={errors.due_at} />
        <button type="submit" class="button" disabled={create.busy}>
          {t('consultation.createTask')}
        </button>
      </form>
    </details>
  );
}

/**
 * Links to an earlier consultation (one of the same client's, or of the firm's newest) and to a
 * matter (one of the firm's 100 newest: the API has no search of matters by title).
 */
function Links(props: { consultation: Consultation; saved: boolean; onSaving: () => void; onSaved: (c: Consultation) => void; onReload: () => void }) {
  const { t } = useT();
  const { consultation } = props;
  const [earlier, setEarlier] = useState(consultation.earlier_consultation_id ?? '');
  const [matter, setMatter] = useState(consultation.matter_id ?? '');
  const client_id = consultation.client_id;
  const earlierOnes = usePages(
    (cursor) =>
      client_id
        ? api.get('/clients/{client_id}/consultations', { path: { client_id }, query: { cursor, limit: 100 } })
        : api.get('/consultations', { query: { cursor, limit: 100 } }),
    [client_id ?? ''],
  );
  const matters = usePages((cursor) => api.get('/matters', { query: { cursor, limit: 100 } }), []);
  const save = useAction(async () => {
    const body = changeBody(consultation, { earlier_consultation_id: earlier || null, matter_id: matter || null });
    props.onSaved(await api.put('/consultations/{consultation_id}', { path: { consultation_id: consultation.id }, body }));
  });
  const errors = fieldErrors(t, save.error);
  const choices = earlierOnes.items.filter((other) => other.id !== consultation.id && other.occurred_at <= consultation.occurred_at);
  const earlierOptions = [{ value: '', label: t('consultation.noEarlier') }, ...choices.map((c) => ({ value: c.id, label: c.subject }))];
  if (earlier && !choices.some((c) => c.id === earlier)) earlierOptions.push({ value: earlier, label: t('consultation.earlier') });
  const matterOptions = [{ value: '', label: t('consultation.noLinkedMatter') }, ...matters.items.map((m) => ({ value: m.id, label: m.title }))];
  if (matter && !matters.items.some((m) => m.id === matter))
    matterOptions.push({ value: matter, label: consultation.matter_title ?? t('consultation.linkedMatter') });
  return (
    <section class="card consultation__section" aria-labelledby="links-title">
      <h2 id="links-title">{t('consultation.links')}</h2>
      {props.saved && <Alert kind="success">{t('consultation.linksSaved')}</Alert>}
      <form onSubmit={onSubmit(() => (props.onSaving(), save.run()))} noValidate>
        <SaveError error={save.error} onReload={props.onReload} />
        <Select label={t('consultation.earlier')} value={earlier} onValue={setEarlier} options={earlierOptions} error={errors.earlier_consultation_id} />
        <Select label={t('consultation.linkedMatter')} value={matter} onValue={setMatter} options={matterOptions} error={errors.matter_id} />
        <button type="submit" class="button button--secondary" disabled={save.busy}>
          {t('consultation.saveLinks')}
        </button>
      </form>
    </section>
  );
}
