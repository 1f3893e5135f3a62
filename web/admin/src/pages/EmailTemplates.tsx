/**
 * F03: the firm's e-mail templates. The list of every e-mail in every language (customized,
 * failed); the editor of one: subject and text with the placeholders to insert, a live
 * preview with sample data (rendered by the API, shown in a sandboxed frame), the check's
 * problems by line, a test e-mail to oneself, reset to the default, save.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import type { Lang } from '../../../shared/i18n';
import { hrefTo } from '../../../shared/router';
import { Alert, Field, TextArea, onSubmit, useAction } from '../../../shared/ui/forms';
import { Failure, Loading, SaveError } from '../../../shared/ui/states';
import { Table } from '../../../shared/ui/Table';
import { useLoad } from '../../../shared/ui/useLoad';
import { usePages } from '../../../shared/ui/usePages';
import type { Key } from '../messages';
import { api, useT } from '../services';

type Summary = Schemas['TemplateSummary'];
type Detail = Schemas['TemplateDetail'];
type Kind = Summary['name'];
type Rendered = Schemas['RenderedEmail'];

interface Problem {
  field: string;
  line: number;
  placeholder: string | null;
  type: string;
}

const PREVIEW_DELAY_MS = 400;
const PROBLEMS = new Set(['unknown_placeholder', 'not_allowed', 'syntax', 'too_big', 'empty', 'failed']);

function dayOf(at: string, lang: string) {
  return new Date(at).toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** The check's problems of a 422 `invalid_template`, or null for any other failure. */
function problemsOf(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_template') return null;
  return error.details as unknown as Problem[];
}

export function EmailTemplatesPage() {
  const { t } = useT();
  const list = usePages(() => api.get('/email-templates'), []);
  return (
    <section aria-labelledby="templates-title">
      <h1 id="templates-title">{t('templates.title')}</h1>
      <p class="muted">{t('templates.intro')}</p>
      <Table<Summary>
        pages={list}
        rowKey={(item) => `${item.name}/${item.language}`}
        empty={t('templates.empty')}
        columns={[
          {
            label: t('templates.email'),
            cell: (item) => (
              <a
                href={hrefTo('email-templates', item.name, item.language)}
                aria-label={t('templates.editLink', { name: t(`templates.kind.${item.name}` as Key), language: t(`templates.lang.${item.language}` as Key) })}
              >
                {t(`templates.kind.${item.name}` as Key)}
              </a>
            ),
          },
          { label: t('templates.language'), cell: (item) => t(`templates.lang.${item.language}` as Key) },
          { label: t('templates.recipient'), cell: (item) => t(item.to_staff ? 'templates.toStaff' : 'templates.toClients') },
          { label: t('templates.state'), cell: (item) => <TemplateState item={item} /> },
        ]}
      />
    </section>
  );
}

function TemplateState(props: { item: Summary }) {
  const { t } = useT();
  const { item } = props;
  return (
    <span class="row">
      {item.customized ? <span class="badge badge--active">{t('templates.customized')}</span> : <span class="badge badge--none">{t('templates.default')}</span>}
      {item.failing && <span class="badge badge--blocked">{t('templates.failed')}</span>}
    </span>
  );
}

export function EmailTemplatePage(props: { kind: string; language: string; admin: boolean; previewDelay?: number }) {
  const { t } = useT();
  const path = { kind: props.kind as Kind, language: props.language as Lang };
  const { data, error, reload, setData } = useLoad(() => api.get('/email-templates/{kind}/{language}', { path }), [props.kind, props.language]);
  const [notice, setNotice] = useState<Key | null>(null);
  const name = t(`templates.kind.${props.kind}` as Key);
  const language = t(`templates.lang.${props.language}` as Key);
  return (
    <section aria-labelledby="template-title">
      <p>
        <a href={hrefTo('email-templates')}>{t('templates.backToList')}</a>
      </p>
      <h1 id="template-title">
        {name} · {language}
      </h1>
      {!props.admin && <Alert kind="info">{t('templates.readOnly')}</Alert>}
      {notice && <Alert kind="success">{t(notice)}</Alert>}
      {error != null && <Failure error={error} retry={reload} />}
      {!data && error == null && <Loading />}
      {data && (
        <Editor
          key={`${data.override?.version ?? 0}`}
          detail={data}
          admin={props.admin}
          previewDelay={props.previewDelay ?? PREVIEW_DELAY_MS}
          onSaved={(next, what) => (setData(next), setNotice(what))}
          onReload={() => (setNotice(null), reload())}
        />
      )}
    </section>
  );
}

function Editor(props: { detail: Detail; admin: boolean; previewDelay: number; onSaved: (detail: Detail, notice: Key) => void; onReload: () => void }) {
  const { t, lang } = useT();
  const { detail } = props;
  const path = { kind: detail.name, language: detail.language };
  const own = detail.override;
  const [subject, setSubject] = useState(own?.subject ?? detail.default.subject);
  const [body, setBody] = useState(own?.body ?? detail.default.body);
  const [tested, setTested] = useState(false);
  // The field a placeholder goes into: the one last focused (the text unless the subject was).
  const lastField = useRef<'subject' | 'body'>('body');
  const subjectId = 'template-subject';
  const bodyId = 'template-body';

  const save = useAction(async () => {
    const next = await api.put('/email-templates/{kind}/{language}', { path, body: { subject, body, version: own?.version ?? null } });
    props.onSaved(next, 'common.saved');
  });
  const reset = useAction(async () => {
    if (!confirm(t('templates.confirmReset'))) return;
    await api.delete('/email-templates/{kind}/{language}', { path });
    props.onSaved({ ...detail, override: null }, 'templates.resetDone');
  });
  const test = useAction(async () => {
    setTested(false);
    await api.post('/email-templates/{kind}/{language}/test', { path, body: { subject, body } });
    setTested(true);
  });
  const preview = usePreview(path, subject, body, props.previewDelay);

  const insert = (placeholder: string) => {
    const target = lastField.current;
    const element = document.getElementById(target === 'subject' ? subjectId : bodyId) as HTMLInputElement | HTMLTextAreaElement | null;
    const value = target === 'subject' ? subject : body;
    const at = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? at;
    const text = `{{ ${placeholder} }}`;
    const next = value.slice(0, at) + text + value.slice(end);
    (target === 'subject' ? setSubject : setBody)(next);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(at + text.length, at + text.length);
    });
  };

  const problems = problemsOf(save.error) ?? problemsOf(test.error) ?? problemsOf(preview.error);
  const otherError = [save.error, test.error, reset.error].find((e) => e != null && problemsOf(e) === null);
  return (
    <div class="stack">
      {own?.failure && <Alert>{t('templates.failedNotice', { date: dayOf(own.failure.at, lang) })}</Alert>}
      <p class="muted">{own ? t('templates.usingOwn', { date: dayOf(own.updated_at, lang) }) : t('templates.usingDefault')}</p>
      {tested && <Alert kind="success">{t('templates.testSent')}</Alert>}
      {problems && <Problems problems={problems} />}
      {otherError != null &&
        (save.error === otherError ? <SaveError error={otherError} onReload={props.onReload} /> : <Alert>{errorText(t, otherError)}</Alert>)}
      <form class="card" onSubmit={onSubmit(() => save.run())} noValidate>
        <fieldset class="plain" disabled={!props.admin}>
          <legend class="visually-hidden">{t('templates.title')}</legend>
          <Field
            id={subjectId}
            label={t('templates.subject')}
            type="text"
            value={subject}
            onValue={setSubject}
            onFocus={() => (lastField.current = 'subject')}
            required
          />
          <TextArea
            id={bodyId}
            label={t('templates.body')}
            hint={t('templates.bodyHint')}
            rows={14}
            value={body}
            onValue={setBody}
            onFocus={() => (lastField.current = 'body')}
            required
          />
          <div class="row">
            <button type="submit" class="button" disabled={save.busy}>
              {save.busy ? t('common.saving') : t('common.save')}
            </button>
            <button type="button" class="button button--secondary" disabled={test.busy} onClick={() => test.run()}>
              {t('templates.sendTest')}
            </button>
            {own && (
              <button type="button" class="button button--secondary" disabled={reset.busy} onClick={() => reset.run()}>
                {t('templates.reset')}
              </button>
            )}
          </div>
        </fieldset>
      </form>
      <section class="card" aria-labelledby="placeholders-title">
        <h2 id="placeholders-title">{t('templates.placeholders')}</h2>
        <p class="muted">{t('templates.placeholdersHint')}</p>
        <dl class="placeholders">
          {detail.placeholders.map((placeholder) => (
            <div key={placeholder.name}>
              <dt>
                <button type="button" class="link-button" disabled={!props.admin} onClick={() => insert(placeholder.name)}>
                  {`{{ ${placeholder.name} }}`}
                </button>
              </dt>
              <dd>{placeholder.descriptions[lang] ?? placeholder.descriptions.en}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section class="card" aria-labelledby="preview-title" aria-busy={preview.busy ? 'true' : undefined}>
        <h2 id="preview-title">{t('templates.preview')}</h2>
        {preview.busy && (
          <p class="muted" role="status">
            {t('templates.previewing')}
          </p>
        )}
        {preview.error != null && problemsOf(preview.error) === null && <Alert>{errorText(t, preview.error)}</Alert>}
        {preview.rendered && (
          <>
            <p>{t('templates.previewSubject', { subject: preview.rendered.subject })}</p>
            <iframe class="email-preview" title={t('templates.previewTitle')} sandbox="" srcDoc={preview.rendered.html} />
          </>
        )}
      </section>
    </div>
  );
}

/** The draft rendered by the API, asked for once the typing stops for `delay` ms. */
function usePreview(path: { kind: Kind; language: Lang }, subject: string, body: string, delay: number) {
  const [rendered, setRendered] = useState<Rendered | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      setBusy(true);
      api
        .post('/email-templates/{kind}/{language}/preview', { path, body: { subject, body } })
        .then(
          (answer) => current && (setRendered(answer), setError(null)),
          (failed: unknown) => current && setError(failed),
        )
        .finally(() => current && setBusy(false));
    }, delay);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [path.kind, path.language, subject, body, delay]);
  return { rendered, error, busy };
}

function Problems(props: { problems: Problem[] }) {
  const { t } = useT();
  return (
    <Alert>
      {t('templates.problems')}
      <ul>
        {props.problems.map((problem, index) => (
          <li key={index}>
            {problem.field === 'subject' ? t('templates.where.subject') : t('templates.where.body', { line: problem.line })}:{' '}
            {t((PROBLEMS.has(problem.type) ? `templates.problem.${problem.type}` : 'templates.problem.failed') as Key, {
              placeholder: `{{ ${problem.placeholder ?? ''} }}`,
            })}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
