/** The suppression list: addresses the firm's e-mails no longer go to (bounced or complained), and why. */
const en = {
  'nav.suppressions': 'Undelivered e-mails',
  'suppressions.title': 'Suppression list',
  'suppressions.intro': 'Addresses the portal no longer e-mails: the address does not exist, or its owner marked the firm’s e-mails as spam.',
  'suppressions.empty': 'Every address gets the firm’s e-mails.',
  'suppressions.address': 'Address',
  'suppressions.reason': 'Why',
  'suppressions.when': 'Since',
  'suppressions.lift': 'Lift',
  'suppressions.confirmLift': 'Send e-mails to {address} again? If the address still does not work, it will be suppressed again.',
  'suppressions.lifted': 'E-mails to {address} will be sent again.',
  'suppressions.reason.bounced': 'the address does not exist',
  'suppressions.reason.complained': 'the recipient marked the firm’s e-mails as spam',
  'suppressions.event.bounced': 'bounced',
  'suppressions.event.complained': 'spam complaint',
  'suppressions.notice': 'E-mails to {address} are not delivered: {reason} ({event} on {date}).',
} as const;

export type SuppressionsKey = keyof typeof en;

const ptBR: Record<SuppressionsKey, string> = {
  'nav.suppressions': 'E-mails não entregues',
  'suppressions.title': 'Lista de supressão',
  'suppressions.intro':
    'Endereços aos quais o portal não envia mais e-mails: o endereço não existe, ou o destinatário marcou os e-mails do escritório como spam.',
  'suppressions.empty': 'Todos os endereços recebem os e-mails do escritório.',
  'suppressions.address': 'Endereço',
  'suppressions.reason': 'Motivo',
  'suppressions.when': 'Desde',
  'suppressions.lift': 'Liberar',
  'suppressions.confirmLift': 'Voltar a enviar e-mails para {address}? Se o endereço ainda não funcionar, ele será suprimido de novo.',
  'suppressions.lifted': 'Os e-mails para {address} voltarão a ser enviados.',
  'suppressions.reason.bounced': 'o endereço não existe',
  'suppressions.reason.complained': 'o destinatário marcou os e-mails do escritório como spam',
  'suppressions.event.bounced': 'devolvido',
  'suppressions.event.complained': 'reclamação de spam',
  'suppressions.notice': 'Os e-mails para {address} não são entregues: {reason} ({event} em {date}).',
};

const es: Record<SuppressionsKey, string> = {
  'nav.suppressions': 'Correos no entregados',
  'suppressions.title': 'Lista de supresión',
  'suppressions.intro': 'Direcciones a las que el portal ya no envía correos: la dirección no existe, o su titular marcó los correos del despacho como spam.',
  'suppressions.empty': 'Todas las direcciones reciben los correos del despacho.',
  'suppressions.address': 'Dirección',
  'suppressions.reason': 'Motivo',
  'suppressions.when': 'Desde',
  'suppressions.lift': 'Levantar',
  'suppressions.confirmLift': '¿Volver a enviar correos a {address}? Si la dirección sigue sin funcionar, se suprimirá de nuevo.',
  'suppressions.lifted': 'Los correos a {address} se volverán a enviar.',
  'suppressions.reason.bounced': 'la dirección no existe',
  'suppressions.reason.complained': 'el destinatario marcó los correos del despacho como spam',
  'suppressions.event.bounced': 'rebotado',
  'suppressions.event.complained': 'queja por spam',
  'suppressions.notice': 'Los correos a {address} no se entregan: {reason} ({event} el {date}).',
};

export const suppressionsMessages = { en, 'pt-BR': ptBR, es };
