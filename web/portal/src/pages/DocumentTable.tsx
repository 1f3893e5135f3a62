/**
 * Documents as the client reads them, wherever they are listed (their Documents page, a case's
 * Documents tab, a document request): the state in words and a Download button for what can
 * be downloaded, a one-minute link asked for at the tap and never kept.
 */
import { useState } from 'preact/hooks';
import { errorText } from '../../../shared/errors';
import { formatDate } from '../../../shared/timeline';
import { DocumentName } from '../../../shared/ui/DocumentName';
import { Alert } from '../../../shared/ui/forms';
import { Table, type Column } from '../../../shared/ui/Table';
import type { Pages } from '../../../shared/ui/usePages';
import { refusedWords, saveFrom, type DocumentView } from '../../../shared/documents';
import { api, useT } from '../services';

type Translate = ReturnType<typeof useT>['t'];

/** The document's state as the client reads it: the check's result, then what the firm made of it. */
export function documentState(t: Translate, d: DocumentView): string {
  if (d.status === 'refused') return refusedWords(t, d.refusal);
  if (d.uploader === 'staff') return d.status === 'available' ? t('documents.state.shared') : t(`documents.status.${d.status}`);
  if (d.review === 'accepted') return t('documents.review.accepted');
  if (d.review === 'rejected') return t('documents.review.rejected', { reason: d.review_reason ?? '' });
  return t(`documents.status.${d.status}`);
}

/** Downloads a document: asks for its link at the tap and follows it (the file is an attachment). */
export function useDownload() {
  const [error, setError] = useState<unknown>(null);
  const download = async (document: DocumentView) => {
    setError(null);
    try {
      // A link of one minute, asked for at the tap and never kept.
      const link = await api.get('/portal/documents/{document_id}/download', { path: { document_id: document.id } });
      saveFrom(link.url, document.file_name);
    } catch (caught) {
      setError(caught);
    }
  };
  return { download, error };
}

/** "Download <name>", for a document that can be downloaded; nothing for the others. */
export function DownloadButton(props: { document: DocumentView; onDownload: (document: DocumentView) => void }) {
  const { t } = useT();
  const { document } = props;
  if (document.status !== 'available') return null;
  return (
    <button
      type="button"
      class="button button--secondary"
      onClick={() => props.onDownload(document)}
      aria-label={t('documents.downloadNamed', { name: document.file_name })}
    >
      {t('documents.download')}
    </button>
  );
}

/**
 * The one table of documents: name, date, (the case, or who sent it), state in words, Download.
 * Loading, empty in words and failures are the table's own.
 */
export function DocumentTable(props: {
  pages: Pages<DocumentView>;
  empty: string;
  /** The case's column, by title (the client's own documents go to any of their cases). */
  caseOf?: (document: DocumentView) => string;
  /** The "sent by" column: the firm or the client (a case's documents are both). */
  sender?: boolean;
  /** Download buttons; false where the access's profile does not show documents. */
  download?: boolean;
  caption?: string;
}) {
  const { t, lang } = useT();
  const { download, error } = useDownload();
  const columns: (Column<DocumentView> | false)[] = [
    { label: t('documents.col.name'), cell: (d) => <DocumentName document={d} /> },
    { label: t('documents.col.date'), cell: (d) => formatDate(lang, d.created_at) },
    props.caseOf ? { label: t('documents.col.case'), cell: props.caseOf } : false,
    props.sender === true && { label: t('documents.col.sender'), cell: (d) => t(d.uploader === 'staff' ? 'documents.sender.firm' : 'documents.sender.you') },
    { label: t('documents.col.state'), cell: (d) => documentState(t, d) },
    props.download !== false && { label: t('documents.col.actions'), cell: (d) => <DownloadButton document={d} onDownload={(x) => void download(x)} /> },
  ];
  return (
    <>
      {error != null && <Alert>{errorText(t, error)}</Alert>}
      <Table pages={props.pages} rowKey={(d) => d.id} empty={props.empty} caption={props.caption} columns={columns} />
    </>
  );
}
