/**
 * The portal's words about the client's home (A6, F22): her activity feed, what the firm
 * needs from her, her next dated item, the firm's contact, and the unread badges. Merged into
 * the portal's catalogues by messages.ts.
 */
const en = {
  'home.welcome': 'Your portal with {firm}.',
  'feed.title': 'What’s new',
  'feed.loading': 'Loading what’s new…',
  'feed.empty': 'Nothing new for now. When something happens in your cases, it will appear here.',
  'feed.more': 'Show older updates',
  'feed.markAll': 'Mark all as read',
  'feed.allRead': 'Everything is marked as read.',
  'feed.new': 'New',
  'feed.open': 'Open in the case',
  'feed.noCase': 'From the firm',
  'feed.document': 'New document: {name}',
  'feed.request': 'The firm asks you for: {title}',
  'pending.title': 'Pending documents',
  'pending.empty': 'No documents pending. When the firm asks you for one, it will appear here.',
  'requests.others': 'Already sent to the firm',
  'next.title': 'Next appointment',
  'next.empty': 'Nothing scheduled for now.',
  'next.when': '{relative}, on {date}',
  'contact.title': 'Talk to the firm',
  'contact.email': 'Write to {email}',
  'contact.phone': 'Call {phone}',
  'contact.none': 'To talk to the firm, reply to any of its e-mails.',
  'unread.one': '{count} unread update',
  'unread.other': '{count} unread updates',
} as const;

export type HomeKey = keyof typeof en;

const ptBR: Record<HomeKey, string> = {
  'home.welcome': 'Seu portal com {firm}.',
  'feed.title': 'O que há de novo',
  'feed.loading': 'Carregando as novidades…',
  'feed.empty': 'Nada de novo por enquanto. Quando algo acontecer nos seus processos, aparecerá aqui.',
  'feed.more': 'Mostrar atualizações anteriores',
  'feed.markAll': 'Marcar tudo como lido',
  'feed.allRead': 'Tudo foi marcado como lido.',
  'feed.new': 'Nova',
  'feed.open': 'Abrir no processo',
  'feed.noCase': 'Do escritório',
  'feed.document': 'Novo documento: {name}',
  'feed.request': 'O escritório pede a você: {title}',
  'pending.title': 'Documentos pendentes',
  'pending.empty': 'Nenhum documento pendente. Quando o escritório pedir algum, ele aparecerá aqui.',
  'requests.others': 'Já enviados ao escritório',
  'next.title': 'Próximo compromisso',
  'next.empty': 'Nenhum compromisso marcado por enquanto.',
  'next.when': '{relative}, em {date}',
  'contact.title': 'Fale com o escritório',
  'contact.email': 'Escreva para {email}',
  'contact.phone': 'Ligue para {phone}',
  'contact.none': 'Para falar com o escritório, responda a qualquer e-mail dele.',
  'unread.one': '{count} atualização não lida',
  'unread.other': '{count} atualizações não lidas',
};

const es: Record<HomeKey, string> = {
  'home.welcome': 'Su portal con {firm}.',
  'feed.title': 'Novedades',
  'feed.loading': 'Cargando las novedades…',
  'feed.empty': 'Nada nuevo por ahora. Cuando algo ocurra en sus expedientes, aparecerá aquí.',
  'feed.more': 'Mostrar actualizaciones anteriores',
  'feed.markAll': 'Marcar todo como leído',
  'feed.allRead': 'Todo quedó marcado como leído.',
  'feed.new': 'Nueva',
  'feed.open': 'Abrir en el expediente',
  'feed.noCase': 'Del despacho',
  'feed.document': 'Nuevo documento: {name}',
  'feed.request': 'El despacho le pide: {title}',
  'pending.title': 'Documentos pendientes',
  'pending.empty': 'Ningún documento pendiente. Cuando el despacho le pida alguno, aparecerá aquí.',
  'requests.others': 'Ya enviados al despacho',
  'next.title': 'Próxima cita',
  'next.empty': 'Nada programado por ahora.',
  'next.when': '{relative}, el {date}',
  'contact.title': 'Hable con el despacho',
  'contact.email': 'Escriba a {email}',
  'contact.phone': 'Llame al {phone}',
  'contact.none': 'Para hablar con el despacho, responda a cualquiera de sus correos.',
  'unread.one': '{count} actualización sin leer',
  'unread.other': '{count} actualizaciones sin leer',
};

export const homeMessages = { en, 'pt-BR': ptBR, es };
