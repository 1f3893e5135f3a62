/** A document's name, with its description under it: the first column of both apps' tables of documents. */
import type { DocumentView } from '../documents';

export function DocumentName(props: { document: DocumentView }) {
  return (
    <>
      <span class="document__name">{props.document.file_name}</span>
      {props.document.description && <span class="muted document__description">{props.document.description}</span>}
    </>
  );
}
