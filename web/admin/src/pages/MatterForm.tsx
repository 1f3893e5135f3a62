/** F09: a matter's every field, to open one or edit it (the version travels for 409s). */
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { detailErrors, fieldErrors } from '../../../shared/errors';
import { Checkbox, Field, onSubmit, Select, useAction } from '../../../shared/ui/forms';
import { SaveError } from '../../../shared/ui/states';
import { usePages } from '../../../shared/ui/usePages';
import { draftOf, formatCnj, inputOf, rowKey, type MatterDraft, type MatterKind, type PartyDraft, type PartyRole, type RelationKind } from '../matter-draft';
import type { Key } from '../messages';
import { api, useT } from '../services';
import { useStaffDirectory } from '../staff-directory';
import { ClientPicker, namesOf, useClients } from './ClientPicker';

type Matter = Schemas['Matter'];

const KINDS: MatterKind[] = ['court_case', 'other_court_case', 'case'];
const STATUSES: Schemas['MatterStatus'][] = ['active', 'suspended', 'closed', 'archived'];
const ROLES: PartyRole[] = ['plaintiff', 'defendant', 'appellant', 'appellee', 'third_party', 'other'];
const RELATIONS: RelationKind[] = ['appeal', 'offshoot', 'related'];
const NUMBER_HINT: Record<MatterKind, Key> = {
  court_case: 'matterForm.numberHint.court_case',
  other_court_case: 'matterForm.numberHint.other_court_case',
  case: 'matterForm.numberHint.case',
};

export function MatterForm(props: { matter: Matter | null; myId: string; onSaved: (matter: Matter) => void; onCancel: () => void; onReload: () => void }) {
  const { t } = useT();
  const { matter } = props;
  const involved = [...(matter?.parties ?? []).map((p) => p.client_id ?? ''), matter?.billing_client_id ?? ''].filter(Boolean);
  const names = namesOf(useClients(involved));
  const { staff } = useStaffDirectory();
  const [draft, setDraft] = useState<MatterDraft>(() => draftOf(matter, names, props.myId));
  const set =
    <K extends keyof MatterDraft>(key: K) =>
    (value: MatterDraft[K]) =>
      setDraft((current) => ({ ...current, [key]: value }));

  const save = useAction(async () => {
    const body = inputOf(draft);
    const saved = matter
      ? await api.put('/matters/{matter_id}', { path: { matter_id: matter.id }, body: { ...body, version: matter.version ?? 1 } })
      : await api.post('/matters', { body });
    props.onSaved(saved);
  });
  const fields = fieldErrors(t, save.error);
  const details = detailErrors(t, save.error);
  const numberError = fields.number && (draft.kind === 'court_case' ? t('matterForm.cnjInvalid') : fields.number);

  return (
    <form class="matter-form" onSubmit={onSubmit(() => save.run())} noValidate>
      <SaveError error={save.error} onReload={props.onReload} />
      <fieldset>
        <legend>{t('matterForm.kind')}</legend>
        {KINDS.map((kind) => (
          <label class="check" key={kind}>
            <input type="radio" name="matter-kind" value={kind} checked={draft.kind === kind} onChange={() => set('kind')(kind)} />
            <span>{t(`matterKind.${kind}`)}</span>
          </label>
        ))}
      </fieldset>
      <Field
        label={t('matter.number')}
        type="text"
        inputMode={draft.kind === 'court_case' ? 'numeric' : undefined}
        autocomplete="off"
        hint={t(NUMBER_HINT[draft.kind])}
        value={draft.number}
        onValue={set('number')}
        onBlur={() => draft.kind === 'court_case' && set('number')(formatCnj(draft.number))}
        error={numberError}
      />
      <Field label={t('matterForm.title')} type="text" required value={draft.title} onValue={set('title')} error={fields.title} />
      <div class="form-grid">
        <Select
          label={t('matter.status')}
          value={draft.status}
          onValue={set('status')}
          options={STATUSES.map((s) => ({ value: s, label: t(`matterStatus.${s}`) }))}
        />
        <Select
          label={t('matter.lawyer')}
          value={draft.responsible_lawyer_id}
          onValue={set('responsible_lawyer_id')}
          error={fields.responsible_lawyer_id}
          options={[{ value: '', label: t('matterForm.nobody') }, ...staff.map((member) => ({ value: member.id, label: member.name }))]}
        />
      </div>
      <fieldset>
        <legend>{t('matterForm.courtData')}</legend>
        <div class="form-grid">
          <Field label={t('matter.court')} type="text" value={draft.court} onValue={set('court')} error={fields.court} />
          <Field label={t('matter.venue')} type="text" value={draft.venue} onValue={set('venue')} error={fields.venue} />
          <Field label={t('matter.instance')} type="text" value={draft.instance} onValue={set('instance')} error={fields.instance} />
          <Field label={t('matter.class')} type="text" value={draft.procedural_class} onValue={set('procedural_class')} error={fields.procedural_class} />
        </div>
        <Checkbox label={t('matterForm.courtPublished')} checked={draft.court_published} onChange={set('court_published')} />
      </fieldset>
      <PartiesEditor parties={draft.parties} names={names} errors={details} onChange={set('parties')} />
      <ClientPicker
        label={t('matterForm.billingClient')}
        hint={t('matterForm.billingClientHint')}
        value={
          draft.billing_client && { ...draft.billing_client, name: names[draft.billing_client.id] ?? (draft.billing_client.name || draft.billing_client.id) }
        }
        onChange={(client) => set('billing_client')(client && { id: client.id, name: client.name })}
        error={fields.billing_client_id}
      />
      <fieldset>
        <legend>{t('matterForm.confidentiality')}</legend>
        <Checkbox label={t('matterForm.private')} checked={draft.private} onChange={set('private')} />
        <Checkbox label={t('matterForm.team')} checked={draft.team} onChange={set('team')} />
        <p class="field__hint">{t('matterForm.confidentialityHint')}</p>
      </fieldset>
      <RelatedEditor related={draft.related} self={matter?.id ?? null} errors={details} onChange={set('related')} />
      <div class="row">
        <button type="submit" class="button" disabled={save.busy}>
          {matter ? t('common.save') : t('matterForm.create')}
        </button>
        <button type="button" class="button button--secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Who is in the matter; a party linked to a client of the firm makes that client "involved". */
function PartiesEditor(props: {
  parties: PartyDraft[];
  names: Record<string, string>;
  errors: Record<string, string>;
  onChange: (parties: PartyDraft[]) => void;
}) {
  const { t } = useT();
  const { parties, errors } = props;
  const change = (index: number, part: Partial<PartyDraft>) => props.onChange(parties.map((party, i) => (i === index ? { ...party, ...part } : party)));
  return (
    <fieldset>
      <legend>{t('matter.parties')}</legend>
      {errors.parties && <p class="field__error">{errors.parties}</p>}
      {parties.map((party, index) => {
        const n = index + 1;
        const client = party.client && { ...party.client, name: props.names[party.client.id] ?? party.client.name };
        return (
          <fieldset class="row-editor" key={party.key}>
            <legend>{t('matterForm.party', { n })}</legend>
            <ClientPicker
              label={t('matterForm.partyClient')}
              hint={t('matterForm.partyClientHint')}
              value={client}
              onChange={(chosen) => change(index, { client: chosen && { id: chosen.id, name: chosen.name }, name: party.name || chosen?.name || '' })}
              error={errors[`parties.${index}.client_id`]}
            />
            <div class="form-grid">
              <Field
                label={t('matterForm.partyName')}
                type="text"
                required
                value={party.name}
                onValue={(name) => change(index, { name })}
                error={errors[`parties.${index}.name`]}
              />
              <Select
                label={t('matterForm.partyRole')}
                value={party.role}
                onValue={(role) => change(index, { role })}
                options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              />
            </div>
            <Checkbox label={t('matterForm.partyPublished')} checked={party.published} onChange={(published) => change(index, { published })} />
            <button type="button" class="button button--danger" onClick={() => props.onChange(parties.filter((_, i) => i !== index))}>
              {t('matterForm.removeParty', { n })}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        class="button button--secondary"
        onClick={() => props.onChange([...parties, { key: rowKey(), name: '', role: 'plaintiff', client: null, published: true }])}
      >
        {t('matterForm.addParty')}
      </button>
    </fieldset>
  );
}

/**
 * Appeals, offshoots and other related matters. The API has no search of matters by number or
 * title, so the choice is among the firm's 100 newest matters (and those already related).
 */
function RelatedEditor(props: {
  related: MatterDraft['related'];
  self: string | null;
  errors: Record<string, string>;
  onChange: (related: MatterDraft['related']) => void;
}) {
  const { t } = useT();
  const { related, errors } = props;
  // The first page of the list of matters, newest first, as choices.
  const newest = usePages((cursor) => api.get('/matters', { query: { cursor, limit: 100 } }), []);
  const options = newest.items.filter((m) => m.id !== props.self).map((m) => ({ value: m.id, label: m.number ? `${m.number} — ${m.title}` : m.title }));
  const change = (index: number, part: Partial<MatterDraft['related'][number]>) => props.onChange(related.map((r, i) => (i === index ? { ...r, ...part } : r)));
  return (
    <fieldset>
      <legend>{t('matter.related')}</legend>
      {errors.related && <p class="field__error">{errors.related}</p>}
      {related.map((relation, index) => {
        const n = index + 1;
        const known = options.some((o) => o.value === relation.matter_id) || !relation.matter_id;
        return (
          <fieldset class="row-editor" key={relation.key}>
            <legend>{t('matterForm.relation', { n })}</legend>
            <div class="form-grid">
              <Select
                label={t('matterForm.relatedMatter')}
                value={relation.matter_id}
                onValue={(matter_id) => change(index, { matter_id })}
                error={errors[`related.${index}.matter_id`]}
                options={[
                  { value: '', label: t('matterForm.choose') },
                  ...(known ? [] : [{ value: relation.matter_id, label: t('matterForm.olderMatter') }]),
                  ...options,
                ]}
              />
              <Select
                label={t('matterForm.relationKind')}
                value={relation.kind}
                onValue={(kind) => change(index, { kind })}
                options={RELATIONS.map((k) => ({ value: k, label: t(`relation.${k}`) }))}
              />
            </div>
            <button type="button" class="button button--danger" onClick={() => props.onChange(related.filter((_, i) => i !== index))}>
              {t('matterForm.removeRelation', { n })}
            </button>
          </fieldset>
        );
      })}
      <button type="button" class="button button--secondary" onClick={() => props.onChange([...related, { key: rowKey(), matter_id: '', kind: 'appeal' }])}>
        {t('matterForm.addRelation')}
      </button>
    </fieldset>
  );
}
