/**
 * F09-F12, B2: one matter: its data and parties, whom it is published to, the choice to notify,
 * its timeline; `#/matters/new` opens a new one.
 */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { errorText } from '../../../shared/errors';
import { hrefTo, navigate } from '../../../shared/router';
import { formatDate } from '../../../shared/timeline';
import { Alert, Checkbox, onSubmit, useAction } from '../../../shared/ui/forms';
import { MatterStatus } from '../../../shared/ui/MatterStatus';
import { StageProgress } from '../../../shared/ui/StageProgress';
import { Failure, SaveError } from '../../../shared/ui/states';
import { useLoad } from '../../../shared/ui/useLoad';
import { offerAfterMatterWrite } from '../notify';
import { api, useT, type Me } from '../services';
import { AccessBadge } from './AccessBadge';
import { namesOf, useClients } from './ClientPicker';
import { MatterConsultations } from './Consultations';
import { MatterDocuments } from './Documents';
import { MatterForm } from './MatterForm';
import { Notify } from './Notify';
import { MatterRequests } from './Requests';
import { StaffTimeline } from './Timeline';

type Matter = Schemas['Matter'];
type Client = Schemas['Client'];

export function MatterPage(props: { id: string; me: Me; tab?: string | undefined }) {
  const { t } = useT();
  const {
    data: matter,
    error,
    reload,
  } = useLoad(() => (props.id === 'new' ? Promise.resolve(null) : api.get('/matters/{matter_id}', { path: { matter_id: props.id } })), [props.id]);
  const back = (
    <p>
      <a href={hrefTo('matters')}>← {t('nav.matters')}</a>
    </p>
  );
  if (props.id === 'new') {
    return (
      <section aria-labelledby="matter-title">
        {back}
        <h1 id="matter-title">{t('matters.new')}</h1>
        <div class="card">
          <MatterForm
            matter={null}
            myId={props.me.id}
            onSaved={(created) => navigate('matters', created.id)}
            onCancel={() => navigate('matters')}
            onReload={reload}
          />
        </div>
      </section>
    );
  }
  if (error != null) return <Failure error={error} retry={reload} />;
  if (!matter) return <p class="muted">{t('common.loading')}</p>;
  // A reload after a 409 brings a new version: the screen starts again from it.
  return (
    <section aria-labelledby="matter-title">
      {back}
      <MatterScreen
        key={`${matter.id}:${matter.version}`}
        loaded={matter}
        me={props.me}
        tab={props.tab === 'documents' || props.tab === 'consultations' ? props.tab : 'timeline'}
        reload={reload}
      />
    </section>
  );
}

function MatterScreen(props: { loaded: Matter; me: Me; tab: 'timeline' | 'documents' | 'consultations'; reload: () => void }) {
  const { t } = useT();
  const [matter, setMatter] = useState(props.loaded);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [asking, setAsking] = useState(false);
  const involved = [...new Set((matter.parties ?? []).flatMap((party) => (party.client_id ? [party.client_id] : [])))];
  const clients = useClients([...involved, ...(matter.billing_client_id ? [matter.billing_client_id] : [])]);
  // The directory's names once read; until then (or for a client since deleted) the party's.
  const names = { ...Object.fromEntries((matter.parties ?? []).flatMap((p) => (p.client_id ? [[p.client_id, p.name]] : []))), ...namesOf(clients) };

  const written = (next: Matter) => {
    setMatter(next);
    if (offerAfterMatterWrite(next)) setAsking(true);
  };
  const archive = useAction(async () => {
    if (!confirm(t('matter.confirmArchive', { title: matter.title }))) return;
    written(await api.post('/matters/{matter_id}/archive', { path: { matter_id: matter.id } }));
  });

  return (
    <>
      <div class="page-head">
        <h1 id="matter-title">{matter.title}</h1>
        {!editing && (
          <div class="row">
            <button type="button" class="button button--secondary" onClick={() => (setSaved(false), setEditing(true))}>
              {t('matter.edit')}
            </button>
            {matter.status !== 'archived' && (
              <button type="button" class="button button--danger" disabled={archive.busy} onClick={() => archive.run()}>
                {t('matter.archive')}
              </button>
            )}
          </div>
        )}
      </div>
      <p class="row">
        {matter.number && <span class="matter-number">{matter.number}</span>}
        <MatterStatus status={matter.status} />
        <span class={`badge badge--${(matter.published_to ?? []).length ? 'active' : 'none'}`}>
          {t('matters.public')}: {(matter.published_to ?? []).length ? t('common.yes') : t('common.no')}
        </span>
      </p>
      <Notify
        matter={matter}
        names={names}
        asking={asking}
        onClose={() => setAsking(false)}
        onNotified={() => setMatter((current) => ({ ...current, notification_pending: false }))}
      />
      {archive.error != null && <Alert>{errorText(t, archive.error)}</Alert>}
      {saved && <Alert kind="success">{t('common.saved')}</Alert>}
      {editing ? (
        <section class="card" aria-labelledby="edit-title">
          <h2 id="edit-title">{t('matter.edit')}</h2>
          <MatterForm
            matter={matter}
            myId={props.me.id}
            onSaved={(next) => (setEditing(false), setSaved(true), written(next))}
            onCancel={() => setEditing(false)}
            onReload={props.reload}
          />
        </section>
      ) : (
        <div class="columns">
          <MatterDetails matter={matter} names={names} />
          <StageCard key={`stage:${matter.version}`} matter={matter} onSaved={written} onReload={props.reload} />
          <Publication key={matter.version} matter={matter} involved={involved} clients={clients} names={names} onSaved={written} onReload={props.reload} />
        </div>
      )}
      <nav class="tabs" aria-label={t('sections.matter')}>
        <a href={hrefTo('matters', matter.id)} aria-current={props.tab === 'timeline' ? 'page' : undefined}>
          {t('timeline.title')}
        </a>
        <a href={hrefTo('matters', matter.id, 'documents')} aria-current={props.tab === 'documents' ? 'page' : undefined}>
          {t('documents.title')}
        </a>
        <a href={hrefTo('matters', matter.id, 'consultations')} aria-current={props.tab === 'consultations' ? 'page' : undefined}>
          {t('matter.consultations')}
        </a>
      </nav>
      {props.tab === 'consultations' ? (
        <MatterConsultations matterId={matter.id} />
      ) : props.tab === 'documents' ? (
        <>
          <MatterRequests matterId={matter.id} matterTitle={matter.title} clients={(matter.published_to ?? []).map((id) => ({ id, name: names[id] ?? id }))} />
          <MatterDocuments matterId={matter.id} names={names} />
        </>
      ) : (
        <StaffTimeline
          matter={matter}
          onWritten={(pending, offer) => {
            setMatter((current) => ({ ...current, notification_pending: pending }));
            if (offer) setAsking(true);
          }}
        />
      )}
    </>
  );
}

function MatterDetails(props: { matter: Matter; names: Record<string, string> }) {
  const { t, lang } = useT();
  const { matter, names } = props;
  const relatedIds = (matter.related ?? []).map((r) => r.matter_id);
  const { data: relatedMatters } = useLoad(
    () => Promise.all(relatedIds.map((matter_id) => api.get('/matters/{matter_id}', { path: { matter_id } }).catch(() => null))),
    [relatedIds.join(',')],
  );
  const yesNo = (value: boolean | undefined) => (value ? t('common.yes') : t('common.no'));
  const rows: [string, string | null | undefined][] = [
    [t('matterForm.kind'), t(`matterKind.${matter.kind}`)],
    [t('matter.court'), matter.court],
    [t('matter.venue'), matter.venue],
    [t('matter.instance'), matter.instance],
    [t('matter.class'), matter.procedural_class],
    [t('matter.courtOnPortal'), yesNo(matter.court_published)],
    [t('matter.lawyer'), matter.responsible_lawyer_name],
    [t('matterForm.billingClient'), matter.billing_client_id && (names[matter.billing_client_id] ?? matter.billing_client_id)],
    [t('matterForm.private'), yesNo(matter.private)],
    [t('matterForm.team'), yesNo(matter.team)],
  ];
  return (
    <section class="card" aria-labelledby="details-title">
      <h2 id="details-title">{t('matter.details')}</h2>
      <dl class="details">
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
      </dl>
      <h3>{t('matter.parties')}</h3>
      {(matter.parties ?? []).length === 0 ? (
        <p class="muted">{t('matter.noParties')}</p>
      ) : (
        <ul class="plain-list">
          {(matter.parties ?? []).map((party) => (
            <li key={party.id ?? party.name}>
              {party.client_id ? <a href={hrefTo('clients', party.client_id)}>{party.name}</a> : party.name}
              <span class="muted">
                {' '}
                — {t(`role.${party.role}`)} · {party.published ? t('matter.partyShown') : t('matter.partyHidden')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {relatedIds.length > 0 && (
        <>
          <h3>{t('matter.related')}</h3>
          <ul class="plain-list">
            {(matter.related ?? []).map((relation, index) => {
              const other = relatedMatters?.[index];
              return (
                <li key={relation.matter_id}>
                  {/* Its title once read; until then, or if it cannot be read, a word rather than its id. */}
                  <a href={hrefTo('matters', relation.matter_id)}>{other ? other.title : relatedMatters ? t('matter.relatedMatter') : t('common.loading')}</a>
                  <span class="muted"> — {t(`relation.${relation.kind}`)}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <p>
        <a href={hrefTo('matters', matter.id, 'consultations')}>{consultationCount(t, matter.consultation_count ?? 0)}</a>
      </p>
      <p class="muted">{t('matter.updatedAt', { date: formatDate(lang, matter.updated_at) })}</p>
    </section>
  );
}

/** The summary box's count of the matter's consultations, in words. */
function consultationCount(t: ReturnType<typeof useT>['t'], count: number): string {
  if (count === 0) return t('matter.consultationCountNone');
  return count === 1 ? t('matter.consultationCountOne') : t('matter.consultationCount', { count });
}

/** F10-F11: the matter is published only to clients involved in it (as parties), those chosen here. */
function Publication(props: {
  matter: Matter;
  involved: string[];
  clients: Record<string, Client>;
  names: Record<string, string>;
  onSaved: (matter: Matter) => void;
  onReload: () => void;
}) {
  const { t } = useT();
  const { matter } = props;
  const [chosen, setChosen] = useState(() => new Set(matter.published_to ?? []));
  const save = useAction(async () => {
    const body = { client_ids: props.involved.filter((id) => chosen.has(id)), version: matter.version ?? 1 };
    props.onSaved(await api.put('/matters/{matter_id}/publication', { path: { matter_id: matter.id }, body }));
  });
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  return (
    <section class="card" aria-labelledby="publication-title">
      <h2 id="publication-title">{t('publication.title')}</h2>
      {props.involved.length === 0 ? (
        <p class="muted">{t('publication.noneInvolved')}</p>
      ) : (
        <form onSubmit={onSubmit(() => save.run())}>
          <SaveError error={save.error} onReload={props.onReload} />
          <fieldset>
            <legend>{t('publication.choose')}</legend>
            {props.involved.map((id) => (
              <div class="row publication__client" key={id}>
                <Checkbox label={props.names[id] ?? id} checked={chosen.has(id)} onChange={(on) => toggle(id, on)} />
                {props.clients[id] && <AccessBadge status={props.clients[id].access?.status ?? null} />}
              </div>
            ))}
          </fieldset>
          <button type="submit" class="button" disabled={save.busy}>
            {t('publication.save')}
          </button>
        </form>
      )}
    </section>
  );
}

const COURT_STAGES = ['filed', 'summoned', 'hearing', 'evidence', 'judgment', 'appeal', 'final', 'archived'] as const;
const CASE_STAGES = ['started', 'negotiation', 'agreement', 'closed'] as const;

/** B7: where the matter stands, whether it follows the court or the team set it; staff choose another or go back to automatic. */
function StageCard(props: { matter: Matter; onSaved: (matter: Matter) => void; onReload: () => void }) {
  const { t } = useT();
  const { matter } = props;
  const choices = matter.kind === 'case' ? CASE_STAGES : COURT_STAGES;
  const [chosen, setChosen] = useState<string>(matter.stage_override?.key ?? matter.stage?.key ?? choices[0]);
  const put = useAction(async (stage: string | null) => {
    const body = { stage: stage as Schemas['StageKey'] | null, version: matter.version ?? 1 };
    props.onSaved(await api.put('/matters/{matter_id}/stage', { path: { matter_id: matter.id }, body }));
  });
  return (
    <section class="card" aria-labelledby="stage-title">
      <h2 id="stage-title">{t('stage.title')}</h2>
      <StageProgress stage={matter.stage} />
      {matter.stage && <p class="muted">{matter.stage.set_by_staff ? t('stage.byStaff') : t('stage.fromCourt')}</p>}
      <form onSubmit={onSubmit(() => put.run(chosen))}>
        <SaveError error={put.error} onReload={props.onReload} />
        <label>
          {t('stage.choose')}
          <select value={chosen} onChange={(event) => setChosen((event.target as HTMLSelectElement).value)}>
            {choices.map((key) => (
              <option key={key} value={key}>
                {t(`stage.${key}`)}
              </option>
            ))}
          </select>
        </label>
        <div class="row">
          <button type="submit" class="button" disabled={put.busy}>
            {t('stage.save')}
          </button>
          {matter.stage_override && (
            <button type="button" class="button button--secondary" disabled={put.busy} onClick={() => put.run(null)}>
              {t('stage.auto')}
            </button>
          )}
        </div>
        {matter.kind !== 'case' && !matter.stage_override && <p class="muted">{t('stage.autoHint')}</p>}
      </form>
    </section>
  );
}
