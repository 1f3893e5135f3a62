import type { Key } from '../messages';
import { useT } from '../services';

const LABEL: Record<string, Key> = { pending: 'status.pending', active: 'status.active', blocked: 'status.blocked' };

/** The access status in words and colour (never colour alone). */
export function AccessBadge(props: { status: string | null }) {
  const { t } = useT();
  const status = props.status && LABEL[props.status] ? props.status : 'none';
  return <span class={`badge badge--${status}`}>{t(LABEL[status] ?? 'status.none')}</span>;
}
