/** Who changed what and when, newest first, a page at a time, in words. */
import type { Schemas } from '../../../shared/api/client';
import { usePages } from '../../../shared/ui/usePages';
import { actionWords, actorWords, targetsOf, type Target } from '../audit-entries';
import { api, useT } from '../services';
import { Table } from '../../../shared/ui/Table';

type Entry = Schemas['AuditEntry'];

export function AuditPage() {
  const { t, lang } = useT();
  const entries = usePages((cursor) => api.get('/audit', { query: { cursor, limit: 50 } }), []);
  const targetOf = targetsOf(entries.items);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <Table<Entry>
        pages={entries}
        rowKey={(entry) => entry.id}
        empty={t('audit.empty')}
        columns={[
          { label: t('audit.when'), cell: (entry) => new Date(entry.at).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'medium' }) },
          { label: t('audit.who'), cell: (entry) => actorWords(t, entry) },
          { label: t('audit.action'), cell: (entry) => actionWords(t, entry.action) },
          { label: t('audit.target'), cell: (entry) => <TargetCell target={targetOf(entry)} /> },
        ]}
      />
    </section>
  );
}

/** "Client: Beatriz Costa" when the log named it, else "Client"; a link while it exists. */
function TargetCell(props: { target: Target }) {
  const { t } = useT();
  const { kind, name, href } = props.target;
  const kindWord = t(`audit.kind.${kind ?? 'other'}`);
  const label = name ?? kindWord;
  const shown = href ? <a href={href}>{label}</a> : label;
  return name ? (
    <>
      {kindWord}: {shown}
    </>
  ) : (
    shown
  );
}
