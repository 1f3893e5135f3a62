/** The audit log. */
const en = {
  'audit.title': 'Audit log',
  'audit.when': 'When',
  'audit.who': 'Who',
  'audit.action': 'Action',
  'audit.target': 'Target',
  'audit.more': 'Load more',
  'audit.empty': 'Nothing recorded yet.',
} as const;

export type AuditKey = keyof typeof en;

const ptBR: Record<AuditKey, string> = {
  'audit.title': 'Registro de auditoria',
  'audit.when': 'Quando',
  'audit.who': 'Quem',
  'audit.action': 'Ação',
  'audit.target': 'Alvo',
  'audit.more': 'Carregar mais',
  'audit.empty': 'Nada registrado ainda.',
};

const es: Record<AuditKey, string> = {
  'audit.title': 'Registro de auditoría',
  'audit.when': 'Cuándo',
  'audit.who': 'Quién',
  'audit.action': 'Acción',
  'audit.target': 'Objeto',
  'audit.more': 'Cargar más',
  'audit.empty': 'Aún no hay nada registrado.',
};

export const auditMessages = { en, 'pt-BR': ptBR, es };
