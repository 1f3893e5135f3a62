/**
 * F13-F16, B2: a matter's timeline as staff keep it: every update newest first, whether the
 * portal shows it, who of the clients read it and when, a comment for the client, its text in
 * plain language; staff add, edit and delete their own updates (court movements are only
 * shown or hidden).
 */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { fieldErrors } from '../../../shared/errors';
import { byMonth, formatDate } from '../../../shared/timeline';
import { Alert, Checkbox, Field, onSubmit, Select, TextArea, useAction } from '../../../shared/ui/forms';
import { Empty, Failure, Loading, SaveError } from '../../../shared/ui/states';
import { UpdateView } from '../../../shared/ui/Update';
import { usePages } from '../../../shared/ui/usePages';
import type { Key } from '../messages';
import { offerAfterUpdateWrite } from '../notify';
import { useStaffDirectory } from '../staff-directory';
import { api, useT } from '../services';
import { fromLocalInput, placed, toLocalInput, visibilityChange } from '../timeline-edits';
import { namesOf, useClients } from './ClientPicker';
import { hasPlainLanguage, PlainLanguage } from './PlainLanguage';

type Matter = Schemas['Matter'];
type Item = Schemas['StaffTimelineItem'];
type Change = Schemas['TimelineChange'];
type StaffKind = Schemas['UpdateInput']['kind'];

const STAFF_KINDS: StaffKind[] = ['manual_movement', 'task', 'publication', 'news'];
const TEXT_LABEL: Record<StaffKind, Key> = {
  manual_movement: 'timeline.text.manual_movement',
  task: 'timeline.text.task',
  publication: 'timeline.text.publication',
  news: 'timeline.text.news',
};

export function StaffTimeline(props: { matter: Matter; onWritten: (pending: boolean, offerToNotify: boolean) => void }) {
  const { t, lang } = useT();
  const matterId = props.matter.id;
  const pages = usePages((cursor) => api.get('/matters/{matter_id}/timeline', { path: { matter_id: matterId }, query: { cursor, limit: 25 } }), [matterId]);
  const readers = namesOf(useClients(pages.items.flatMap((item) => (item.read_by ?? []).map((receipt) => receipt.client_id))));
  const [added, setAdded] = useState(false);
  const { staff } = useStaffDirectory();
  const authors = Object.fromEntries(staff.map((member) => [member.id, member.name]));

  const written = (change: Change, before: Item | null) => {
    pages.setItems((items) => placed(items, change.item, before, pages.next === null));
    props.onWritten(change.notification_pending, offerAfterUpdateWrite(change, before));
  };

  return (
    <section class="staff-timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      <details class="card">
        <summary>{t('timeline.add')}</summary>
        {added && <Alert kind="success">{t('timeline.added')}</Alert>}
        <UpdateForm matterId={matterId} item={null} onSaved={(change) => (setAdded(true), written(change, null))} onReload={pages.reload} />
      </details>
      {pages.error != null && <Failure error={pages.error} retry={pages.retry} />}
      {!pages.loaded && pages.error == null && <Loading />}
      {pages.loaded && pages.items.length === 0 && <Empty>{t('timeline.empty')}</Empty>}
      {byMonth(pages.items, lang).map((month) => (
        <section key={month.key} aria-labelledby={`month-${month.key}`}>
          <h3 class="timeline__month" id={`month-${month.key}`}>
            {month.label}
          </h3>
          <ol class="timeline">
            {month.items.map((item) => (
              <li key={item.id}>
                <StaffUpdate
                  matterId={matterId}
                  item={item}
                  readers={readers}
                  authors={authors}
                  onWritten={written}
                  onTranslated={(translated) => pages.setItems((items) => placed(items, translated, item, true))}
                  onReload={pages.reload}
                  onDeleted={() => pages.setItems((items) => items.filter((other) => other.id !== item.id))}
                />
              </li>
            ))}
          </ol>
        </section>
      ))}
      {pages.next && (
        <button type="button" class="button button--secondary" disabled={pages.busy} onClick={pages.more}>
          {t('update.more')}
        </button>
      )}
    </section>
  );
}

function StaffUpdate(props: {
  matterId: string;
  item: Item;
  readers: Record<string, string>;
  authors: Record<string, string>;
  onWritten: (change: Change, before: Item) => void;
  /** Its plain-language text asked for or written: nothing new for clients to be told of. */
  onTranslated: (item: Schemas['TimelineItem']) => void;
  onDeleted: () => void;
  onReload: () => void;
}) {
  const { t, lang } = useT();
  const { item } = props;
  const [mode, setMode] = useState<'edit' | 'comment' | null>(null);
  const path = { matter_id: props.matterId, update_id: item.id };
  const court = item.kind === 'automatic_movement';
  const action = useAction(async (what: 'visibility' | 'delete') => {
    if (what === 'visibility') {
      props.onWritten(await api.put('/matters/{matter_id}/timeline/{update_id}', { path, body: visibilityChange(item, !item.published) }), item);
    } else if (confirm(t('timeline.confirmDelete', { text: item.text }))) {
      await api.delete('/matters/{matter_id}/timeline/{update_id}', { path });
      props.onDeleted();
    }
  });
  const saved = (change: Change) => {
    setMode(null);
    props.onWritten(change, item);
  };
  const receipts = item.read_by ?? [];

  return (
    <UpdateView update={item}>
      <p class="update__status">
        <span class={`badge badge--${item.published ? 'active' : 'none'}`}>{item.published ? t('timeline.published') : t('timeline.hidden')}</span>
        {court && <span class="muted">{t('timeline.fromCourt')}</span>}
      </p>
      {receipts.length > 0 ? (
        <ul class="receipts">
          {receipts.map((receipt) => (
            <li key={receipt.client_id}>
              {t('timeline.readBy', { name: props.readers[receipt.client_id] ?? receipt.client_id, date: formatDate(lang, receipt.read_at) })}
            </li>
          ))}
        </ul>
      ) : (
        item.published && <p class="receipts receipts--none">{t('timeline.unread')}</p>
      )}
      {hasPlainLanguage(item) && (
        <PlainLanguage matterId={props.matterId} item={item} names={props.authors} onWritten={props.onTranslated} onReload={props.onReload} />
      )}
      <SaveError error={action.error} onReload={props.onReload} />
      {mode === 'comment' && <CommentForm path={path} item={item} onSaved={saved} onCancel={() => setMode(null)} onReload={props.onReload} />}
      {mode === 'edit' && <UpdateForm matterId={props.matterId} item={item} onSaved={saved} onCancel={() => setMode(null)} onReload={props.onReload} />}
      {mode === null && (
        <div class="row update__actions" role="group" aria-label={item.text}>
          <button type="button" class="button button--secondary" disabled={action.busy} onClick={() => action.run('visibility')}>
            {item.published ? t('timeline.hide') : t('timeline.publish')}
          </button>
          <button type="button" class="button button--secondary" onClick={() => setMode('comment')}>
            {item.comment ? t('timeline.editComment') : t('timeline.comment')}
          </button>
          {!court && (
            <>
              <button type="button" class="button button--secondary" onClick={() => setMode('edit')}>
                {t('timeline.edit')}
              </button>
              <button type="button" class="button button--danger" disabled={action.busy} onClick={() => action.run('delete')}>
                {t('timeline.delete')}
              </button>
            </>
          )}
        </div>
      )}
    </UpdateView>
  );
}

/** F13: a note from the firm about any update, shown to the client beside it. */
function CommentForm(props: {
  path: { matter_id: string; update_id: string };
  item: Item;
  onSaved: (change: Change) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t } = useT();
  const [comment, setComment] = useState(props.item.comment ?? '');
  const save = useAction(async (text: string | null) => {
    props.onSaved(
      await api.put('/matters/{matter_id}/timeline/{update_id}/comment', { path: props.path, body: { comment: text, version: props.item.version ?? 1 } }),
    );
  });
  return (
    <form class="update__form" onSubmit={onSubmit(() => save.run(comment.trim() || null))} noValidate>
      <SaveError error={save.error} onReload={props.onReload} />
      <TextArea
        label={t('timeline.commentLabel')}
        hint={t('timeline.commentHint')}
        value={comment}
        onValue={setComment}
        rows={3}
        error={fieldErrors(t, save.error).comment}
      />
      <div class="row">
        <button type="submit" class="button" disabled={save.busy}>
          {t('common.save')}
        </button>
        {props.item.comment && (
          <button type="button" class="button button--danger" disabled={save.busy} onClick={() => save.run(null)}>
            {t('timeline.removeComment')}
          </button>
        )}
        <button type="button" class="button button--secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A new manual movement, task, gazette publication or news (`item` null), or one of them edited. */
function UpdateForm(props: { matterId: string; item: Item | null; onSaved: (change: Change) => void; onCancel?: () => void; onReload: () => void }) {
  const { t } = useT();
  const { item } = props;
  const fresh = () => ({
    kind: (item?.kind ?? 'manual_movement') as StaffKind,
    occurred: toLocalInput(item?.occurred_at ?? new Date().toISOString()),
    text: item?.text ?? '',
    body: item?.body ?? '',
    due: item?.due_at ? toLocalInput(item.due_at) : '',
    done: item?.done ?? false,
    assignee: item?.assignee_id ?? '',
    published: item?.published ?? true,
  });
  const [form, setForm] = useState(fresh);
  const { staff } = useStaffDirectory();
  const set =
    <K extends keyof ReturnType<typeof fresh>>(key: K) =>
    (value: ReturnType<typeof fresh>[K]) =>
      setForm((current) => ({ ...current, [key]: value }));
  const task = form.kind === 'task';
  const save = useAction(async () => {
    const fields = {
      occurred_at: fromLocalInput(form.occurred) ?? '',
      text: form.text.trim(),
      body: form.body.trim() || null,
      published: form.published,
      due_at: task ? fromLocalInput(form.due) : null,
      done: task && form.done,
      // A task's assignee, in their "my tasks"; none chosen: kept as it is (a new task's: the one writing it).
      assignee_id: task ? form.assignee || null : null,
    };
    const matter_id = props.matterId;
    const change = item
      ? await api.put('/matters/{matter_id}/timeline/{update_id}', { path: { matter_id, update_id: item.id }, body: { ...fields, version: item.version ?? 1 } })
      : await api.post('/matters/{matter_id}/timeline', { path: { matter_id }, body: { ...fields, kind: form.kind } });
    if (!item) setForm(fresh());
    props.onSaved(change);
  });
  const errors = fieldErrors(t, save.error);

  return (
    <form class="update__form" onSubmit={onSubmit(() => save.run())} noValidate>
      <SaveError error={save.error} onReload={props.onReload} />
      {!item && (
        <Select
          label={t('timeline.kind')}
          value={form.kind}
          onValue={set('kind')}
          options={STAFF_KINDS.map((kind) => ({ value: kind, label: t(`update.${kind}`) }))}
        />
      )}
      <Field label={t(TEXT_LABEL[form.kind])} type="text" required value={form.text} onValue={set('text')} error={errors.text} />
      <TextArea label={form.kind === 'news' ? t('timeline.message') : t('timeline.body')} value={form.body} onValue={set('body')} error={errors.body} />
      <div class="form-grid">
        <Field label={t('timeline.occurredAt')} type="datetime-local" required value={form.occurred} onValue={set('occurred')} error={errors.occurred_at} />
        {task && <Field label={t('timeline.dueAt')} type="datetime-local" value={form.due} onValue={set('due')} error={errors.due_at} />}
        {task && (
          <Select
            label={t('consultation.assignee')}
            value={form.assignee}
            onValue={set('assignee')}
            options={[
              ...(form.assignee ? [] : [{ value: '', label: t('timeline.assigneeMe') }]),
              ...staff.map((member) => ({ value: member.id, label: member.name })),
            ]}
            error={errors.assignee_id}
          />
        )}
      </div>
      {task && item && <Checkbox label={t('update.done')} checked={form.done} onChange={set('done')} />}
      <Checkbox label={t('timeline.showOnPortal')} checked={form.published} onChange={set('published')} />
      {form.kind === 'news' && !item && <p class="field__hint">{t('timeline.newsHint')}</p>}
      <div class="row">
        <button type="submit" class="button" disabled={save.busy}>
          {item ? t('common.save') : t('timeline.addButton')}
        </button>
        {props.onCancel && (
          <button type="button" class="button button--secondary" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
