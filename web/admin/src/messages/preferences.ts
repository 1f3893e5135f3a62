/** What a client chose for their notifications (issue 10), shown read-only on the client's page. */
const en = {
  'preferences.title': 'Notifications',
  'preferences.intro': 'How the client chose to be told of each kind of news. Only the client changes this, in the portal.',
  'preferences.loading': 'Loading the client’s notification choices…',
  'preferences.failed': 'The client’s notification choices could not be loaded.',
  'preferences.topic.news': 'News from the firm',
  'preferences.topic.case_changes': 'Changes in their cases',
  'preferences.topic.document_requests': 'Requests for documents',
  'preferences.topic.billing': 'Invoices and payments',
  'preferences.channel.email': 'E-mail',
  'preferences.channel.sms': 'SMS (text message)',
  'preferences.channel.none': 'None (the client chose not to be told)',
  'preferences.mobile': 'Mobile for SMS',
  'preferences.noMobile': 'None verified',
  'preferences.verifiedOn': '{number} (verified on {date})',
} as const;

export type PreferencesKey = keyof typeof en;

const ptBR: Record<PreferencesKey, string> = {
  'preferences.title': 'Notificações',
  'preferences.intro': 'Como o cliente escolheu ser avisado de cada tipo de novidade. Só o cliente altera isto, no portal.',
  'preferences.loading': 'Carregando as escolhas de notificação do cliente…',
  'preferences.failed': 'Não foi possível carregar as escolhas de notificação do cliente.',
  'preferences.topic.news': 'Novidades do escritório',
  'preferences.topic.case_changes': 'Mudanças nos processos',
  'preferences.topic.document_requests': 'Pedidos de documentos',
  'preferences.topic.billing': 'Faturas e pagamentos',
  'preferences.channel.email': 'E-mail',
  'preferences.channel.sms': 'SMS (mensagem de texto)',
  'preferences.channel.none': 'Nenhum (o cliente escolheu não ser avisado)',
  'preferences.mobile': 'Celular para SMS',
  'preferences.noMobile': 'Nenhum confirmado',
  'preferences.verifiedOn': '{number} (confirmado em {date})',
};

const es: Record<PreferencesKey, string> = {
  'preferences.title': 'Notificaciones',
  'preferences.intro': 'Cómo eligió el cliente que se le avise de cada tipo de novedad. Solo el cliente lo cambia, en el portal.',
  'preferences.loading': 'Cargando las opciones de notificación del cliente…',
  'preferences.failed': 'No se pudieron cargar las opciones de notificación del cliente.',
  'preferences.topic.news': 'Novedades del despacho',
  'preferences.topic.case_changes': 'Cambios en sus casos',
  'preferences.topic.document_requests': 'Solicitudes de documentos',
  'preferences.topic.billing': 'Facturas y pagos',
  'preferences.channel.email': 'Correo electrónico',
  'preferences.channel.sms': 'SMS (mensaje de texto)',
  'preferences.channel.none': 'Ninguno (el cliente eligió que no se le avise)',
  'preferences.mobile': 'Móvil para SMS',
  'preferences.noMobile': 'Ninguno verificado',
  'preferences.verifiedOn': '{number} (verificado el {date})',
};

export const preferencesMessages = { en, 'pt-BR': ptBR, es };
