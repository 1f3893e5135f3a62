/**
 * The admin app's words, one file per area (each with its three languages), with the words
 * both apps share. Keep each file well under 800 lines: split an area that grows past it.
 */
import type { Catalogs } from '../../../shared/i18n';
import { matterMessages, type MatterKey } from '../../../shared/matter-messages';
import { sharedMessages, type SharedKey } from '../../../shared/messages';
import { auditMessages, type AuditKey } from './audit';
import { clientsMessages, type ClientsKey } from './clients';
import { consultationsMessages, type ConsultationsKey } from './consultations';
import { documentsMessages, type DocumentsKey } from './documents';
import { firmMessages, type FirmKey } from './firm';
import { integrationMessages, type IntegrationKey } from './integration';
import { mattersMessages, type MattersKey } from './matters';
import { preferencesMessages, type PreferencesKey } from './preferences';
import { pendingMessages, type PendingKey } from './pending';
import { requestsMessages, type RequestsKey } from './requests';
import { suppressionsMessages, type SuppressionsKey } from './suppressions';
import { templatesMessages, type TemplatesKey } from './templates';
import { translationMessages, type TranslationKey } from './translation';

export type Key =
  | SharedKey
  | MatterKey
  | FirmKey
  | ClientsKey
  | MattersKey
  | IntegrationKey
  | AuditKey
  | TranslationKey
  | DocumentsKey
  | RequestsKey
  | SuppressionsKey
  | TemplatesKey
  | PreferencesKey
  | PendingKey
  | ConsultationsKey;

export const catalogs: Catalogs<Key> = {
  en: {
    ...sharedMessages.en,
    ...matterMessages.en,
    ...firmMessages.en,
    ...clientsMessages.en,
    ...mattersMessages.en,
    ...integrationMessages.en,
    ...auditMessages.en,
    ...translationMessages.en,
    ...documentsMessages.en,
    ...requestsMessages.en,
    ...suppressionsMessages.en,
    ...templatesMessages.en,
    ...preferencesMessages.en,
    ...pendingMessages.en,
    ...consultationsMessages.en,
  },
  'pt-BR': {
    ...sharedMessages['pt-BR'],
    ...matterMessages['pt-BR'],
    ...firmMessages['pt-BR'],
    ...clientsMessages['pt-BR'],
    ...mattersMessages['pt-BR'],
    ...integrationMessages['pt-BR'],
    ...auditMessages['pt-BR'],
    ...translationMessages['pt-BR'],
    ...documentsMessages['pt-BR'],
    ...requestsMessages['pt-BR'],
    ...suppressionsMessages['pt-BR'],
    ...templatesMessages['pt-BR'],
    ...preferencesMessages['pt-BR'],
    ...pendingMessages['pt-BR'],
    ...consultationsMessages['pt-BR'],
  },
  es: {
    ...sharedMessages.es,
    ...matterMessages.es,
    ...firmMessages.es,
    ...clientsMessages.es,
    ...mattersMessages.es,
    ...integrationMessages.es,
    ...auditMessages.es,
    ...translationMessages.es,
    ...documentsMessages.es,
    ...requestsMessages.es,
    ...suppressionsMessages.es,
    ...templatesMessages.es,
    ...preferencesMessages.es,
    ...pendingMessages.es,
    ...consultationsMessages.es,
  },
};
