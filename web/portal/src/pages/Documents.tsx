/**
 * F18: a client sends documents from their phone (files, or a photo of papers taken there and
 * then) and sees what became of each: received, refused and why, or still being checked.
 * Each file goes straight to S3 with the form the API gave for it; the worker checks it a
 * moment later, so the list is read again until nothing of this upload is waiting.
 * Loaded on first use (App.tsx), so the sign-in page carries none of this.
 */
import type { DocumentView } from '../../../shared/documents';
import { Alert } from '../../../shared/ui/forms';
import { useAllPages, usePages } from '../../../shared/ui/usePages';
import { api, useT, type Me } from '../services';
import { DocumentTable } from './DocumentTable';
import { maySend, SendDocuments } from './SendDocuments';

export function DocumentsScreen(props: { me: Me }) {
  const { t } = useT();
  const documents = usePages((cursor) => api.get('/portal/documents', { query: { cursor, limit: 25 } }), []);
  const sending = maySend(props.me);
  // Each document says the title of its case (as it was when sent); the client's cases are read
  // for the sending's "about which case", and otherwise only for a document that came without it.
  const lookUp = sending || documents.items.some((d) => d.matter_id != null && d.matter_title == null);
  const matters = useAllPages((cursor) => (lookUp ? api.get('/portal/matters', { query: { cursor, limit: 50 } }) : Promise.resolve({ items: [] })), [lookUp]);
  const titles = new Map(matters.items.map((m) => [m.id, m.title ?? m.number ?? '']));
  const caseOf = (d: DocumentView) => (d.matter_id ? (d.matter_title ?? titles.get(d.matter_id) ?? t('documents.someCase')) : t('documents.noCase'));
  return (
    <section aria-labelledby="documents-title">
      <h1 id="documents-title">{t('documents.title')}</h1>
      {!sending ? (
        <Alert kind="info">{t('documents.readOnly')}</Alert>
      ) : (
        <SendDocuments
          matters={matters.items}
          send={(body, matter_id) => api.post('/portal/documents/uploads', { body: { ...body, matter_id } })}
          check={() => api.get('/portal/documents', { query: { limit: 50 } }).then((page) => page.items)}
          onChecked={documents.reload}
        />
      )}
      <section aria-labelledby="mine-title">
        <h2 id="mine-title">{t('documents.mine')}</h2>
        <DocumentTable pages={documents} empty={t('documents.empty')} caseOf={caseOf} />
      </section>
    </section>
  );
}
