/**
 * F20: logging a new consultation (from the menu, the top bar's quick action, or a client's
 * page): subject, a client of the firm or a prospect (name, e-mails, phone), the staff
 * involved, when, important, and what was said as its first entry. The same form edits one
 * (its entries are written in its thread); a converted consultation keeps its client.
 */
import { useState } from 'preact/hooks';
import { detailErrors, fieldErrors } from '../../../shared/errors';
import type { Translate } from '../../../shared/i18n';
import type { SharedKey } from '../../../shared/messages';
import { hrefTo, navigate } from '../../../shared/router';
import { ApiError } from '../../../shared/api/client';
import { Alert, Checkbox, Field, onSubmit, TextArea, useAction } from '../../../shared/ui/forms';
import { Failure, Loading, SaveError } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import { creationBody, draftOf, draftProblem, editBody, newDraft, type Consultation, type Draft } from '../consultations';
import { api, useT, type Me } from '../services';
import { useStaffDirectory } from '../staff-directory';
import { toLocalInput } from '../timeline-edits';
import { ClientPicker } from './ClientPicker';

export function NewConsultationPage(props: { me: Me; clientId?: string | undefined }) {
  const { t } = useT();
  // From a client's page the client comes chosen (read by id for their name).
  const { data: client } = useLoad(
    () => (props.clientId ? api.get('/clients/{client_id}', { path: { client_id: props.clientId } }) : Promise.resolve(null)),
    [props.clientId],
  );
  const ready = !props.clientId || client !== null;
  return (
    <section aria-labelledby="consultation-new-title">
      <p>
        <a href={hrefTo('consultations')}>← {t('nav.consultations')}</a>
      </p>
      <h1 id="consultation-new-title">{t('consultationForm.title')}</h1>
      <div class="card">
        {ready ? (
          <ConsultationForm key={client?.id ?? ''} me={props.me} client={client ? { id: client.id, name: client.name } : null} />
        ) : (
          <p class="muted">{t('common.loading')}</p>
        )}
      </div>
    </section>
  );
}

export function EditConsultationPage(props: { id: string; me: Me }) {
  const { t } = useT();
  const consultation_id = props.id;
  const { data, error, reload } = useLoad(() => api.get('/consultations/{consultation_id}', { path: { consultation_id } }), [consultation_id]);
  return (
    <section aria-labelledby="consultation-edit-title">
      <p>
        <a href={hrefTo('consultations', consultation_id)}>← {data?.subject ?? t('nav.consultations')}</a>
      </p>
      <h1 id="consultation-edit-title">{t('consultationForm.editTitle')}</h1>
      <div class="card">
        {error != null ? (
          <Failure error={error} retry={reload} />
        ) : !data ? (
          <Loading />
        ) : (
          // A new version (reloaded after a 409) starts the form afresh.
          <ConsultationForm key={data.version} me={props.me} client={null} editing={data} onReload={reload} />
        )}
      </div>
    </section>
  );
}

function ConsultationForm(props: { me: Me; client: { id: string; name: string } | null; editing?: Consultation; onReload?: () => void }) {
  const { t } = useT();
  const editing = props.editing;
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing) : newDraft(toLocalInput(new Date().toISOString()), props.client)));
  const [problem, setProblem] = useState<ReturnType<typeof draftProblem>>(null);
  const { staff } = useStaffDirectory();
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((current) => ({ ...current, [key]: value }));
  const save = useAction(async () => {
    const found = draftProblem(draft);
    setProblem(found);
    if (found) return;
    const saved = editing
      ? await api.put('/consultations/{consultation_id}', { path: { consultation_id: editing.id }, body: editBody(editing, draft) })
      : await api.post('/consultations', { body: creationBody(draft) });
    navigate('consultations', saved.id);
  });
  // Converted into its matter, a consultation keeps its client: the API refuses another (409).
  const clientFixed = save.error instanceof ApiError && save.error.code === 'converted';
  const errors = fieldErrors(t, save.error);
  const prospectErrors = prospectFields(t, save.error);
  const toggleStaff = (id: string, on: boolean) => set('staffIds')(on ? [...draft.staffIds, id] : draft.staffIds.filter((other) => other !== id));

  return (
    <form onSubmit={onSubmit(() => save.run())} noValidate>
      {clientFixed ? (
        <Alert>{t('consultationForm.clientFixed')}</Alert>
      ) : (
        <SaveError error={save.error} onReload={() => (save.setError(null), props.onReload?.())} />
      )}
      <Field
        label={t('consultationForm.subject')}
        type="text"
        required
        maxLength={200}
        hint={t('consultationForm.subjectHint')}
        value={draft.subject}
        onValue={set('subject')}
        error={errors.subject}
      />
      <fieldset>
        <legend>{t('consultationForm.who')}</legend>
        <label class="check">
          <input type="radio" name="who" checked={draft.who === 'client'} onChange={() => set('who')('client')} />
          <span>{t('consultationForm.aClient')}</span>
        </label>
        <label class="check">
          <input type="radio" name="who" checked={draft.who === 'prospect'} onChange={() => set('who')('prospect')} />
          <span>{t('consultationForm.aProspect')}</span>
        </label>
        {draft.who === 'client' ? (
          <ClientPicker
            label={t('consultationForm.client')}
            value={draft.client}
            onChange={(chosen) => set('client')(chosen && { id: chosen.id, name: chosen.name })}
            error={problem === 'client' ? t('consultationForm.chooseClient') : errors.client_id}
          />
        ) : (
          <>
            <Field
              label={t('consultationForm.prospectName')}
              type="text"
              required
              value={draft.prospectName}
              onValue={set('prospectName')}
              error={problem === 'prospect_name' ? t('field.missing') : prospectErrors.name}
            />
            <Field
              label={t('consultationForm.prospectEmails')}
              type="text"
              inputMode="email"
              hint={t('consultationForm.prospectEmailsHint')}
              value={draft.prospectEmails}
              onValue={set('prospectEmails')}
              error={prospectErrors.emails}
            />
            <Field
              label={t('consultationForm.prospectPhone')}
              type="tel"
              value={draft.prospectPhone}
              onValue={set('prospectPhone')}
              error={prospectErrors.phone}
            />
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('consultationForm.staff')}</legend>
        <p class="field__hint">{t('consultationForm.staffHint')}</p>
        {staff.map((member) => (
          <Checkbox
            key={member.id}
            label={member.id === props.me.id ? `${member.name} (${t('consultation.me')})` : member.name}
            checked={draft.staffIds.includes(member.id)}
            onChange={(on) => toggleStaff(member.id, on)}
          />
        ))}
        {errors.staff_ids && <p class="field__error">{errors.staff_ids}</p>}
      </fieldset>
      <Field label={t('consultationForm.occurred')} type="datetime-local" value={draft.occurred} onValue={set('occurred')} error={errors.occurred_at} />
      <Checkbox label={t('consultationForm.important')} checked={draft.important} onChange={set('important')} />
      {!editing && (
        <TextArea
          label={t('consultationForm.text')}
          hint={t('consultationForm.textHint')}
          rows={6}
          value={draft.text}
          onValue={set('text')}
          error={errors.text}
        />
      )}
      <button type="submit" class="button" disabled={save.busy}>
        {t(editing ? 'consultationForm.save' : 'consultationForm.create')}
      </button>
    </form>
  );
}

/** A 422 about the prospect (`prospect.emails.0`) by the prospect's own field. */
function prospectFields(t: Translate<SharedKey>, error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [path, text] of Object.entries(detailErrors(t, error))) {
    const [first, field] = path.split('.');
    if (first === 'prospect' && field) result[field] ??= text;
  }
  return result;
}
