/** Who changed what and when, newest first, a page at a time. */
import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { useAction } from '../../../shared/ui/forms';
import { Empty, Failure, Loading } from '../../../shared/ui/states';
import { actionWords, actorWords, targetsOf, type Target } from '../audit-entries';
import { api, useT } from '../services';

type Entry = Schemas['AuditEntry'];

export function AuditPage() {
  const { t, lang } = useT();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const more = useAction(async (cursor: string | null) => {
    const page = await api.get('/audit', { query: { cursor, limit: 50 } });
    setEntries((seen) => (cursor ? [...seen, ...page.items] : page.items));
    setNext(page.next_cursor ?? null);
    setLoaded(true);
  });
  useEffect(() => void more.run(null), []);
  const targetOf = targetsOf(entries);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      {more.error != null && <Failure error={more.error} retry={() => more.run(loaded ? next : null)} />}
      {!loaded && more.error == null && <Loading />}
      {loaded && entries.length === 0 && <Empty>{t('audit.empty')}</Empty>}
      {entries.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.target')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td data-label={t('audit.when')}>{new Date(entry.at).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                <td data-label={t('audit.who')}>{actorWords(t, entry)}</td>
                <td data-label={t('audit.action')}>{actionWords(t, entry.action)}</td>
                <td data-label={t('audit.target')}>
                  <TargetCell target={targetOf(entry)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" class="button button--secondary" disabled={more.busy} onClick={() => more.run(next)}>
          {t('audit.more')}
        </button>
      )}
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
