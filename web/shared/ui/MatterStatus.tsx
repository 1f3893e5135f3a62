import type { Schemas } from '../api/client';
import { useI18n } from '../i18n';
import type { MatterKey } from '../matter-messages';

const LOOK: Record<Schemas['MatterStatus'], string> = { active: 'active', suspended: 'pending', closed: 'none', archived: 'none' };

/** A matter's status in words and colour (never colour alone). */
export function MatterStatus(props: { status: Schemas['MatterStatus'] }) {
  const { t } = useI18n<MatterKey>();
  return <span class={`badge badge--${LOOK[props.status]}`}>{t(`matterStatus.${props.status}`)}</span>;
}
