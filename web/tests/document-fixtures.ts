/** A document as the API gives it, for both apps' screen tests (each spreads it and changes what it is about): a client's PDF on a matter, waiting for review. */
import type { DocumentView } from '../shared/documents';

export const DOC: DocumentView = {
  id: 'd1',
  client_id: 'c1',
  matter_id: 'm1',
  file_name: 'contrato.pdf',
  description: 'Contrato assinado',
  status: 'available',
  refusal: null,
  refusal_message: null,
  size: 2_411_724,
  mime: 'application/pdf',
  metadata_stripped: false,
  uploader: 'client',
  created_at: '2026-10-01T10:00:00Z',
  checked_at: '2026-10-01T10:00:02Z',
  review: 'new',
  review_reason: null,
  reviewed_at: null,
  published: false,
  request_id: null,
  client_name: null,
  matter_title: null,
  consultation_id: null,
  consultation_entry_id: null,
  version: 2,
};
