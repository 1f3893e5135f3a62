import type { Schemas } from '../api/client';
import { useI18n } from '../i18n';
import type { MatterKey } from '../matter-messages';

type Stage = Schemas['Stage'];

/**
 * B7: where a matter stands: the stage's name, its one plain line and a progress bar that
 * says the same in words ("Etapa 3 de 8"), for screen readers and at phone width alike.
 */
export function StageProgress(props: { stage: Stage | null | undefined; compact?: boolean }) {
  const { t } = useI18n<MatterKey>();
  const { stage } = props;
  if (!stage) return props.compact ? null : <p class="muted stage__none">{t('stage.none')}</p>;
  const name = t(`stage.${stage.key}`);
  const progress = t('stage.progress', { step: String(stage.step), steps: String(stage.steps) });
  return (
    <div class={`stage${props.compact ? ' stage--compact' : ''}`}>
      <p class="stage__name">
        <strong>{name}</strong>
        <span class="muted"> · {progress}</span>
      </p>
      {!props.compact && <p class="stage__line">{t(`stageLine.${stage.key}`)}</p>}
      <div
        class="stage__bar"
        role="progressbar"
        aria-label={t('stage.title')}
        aria-valuemin={1}
        aria-valuemax={stage.steps}
        aria-valuenow={stage.step}
        aria-valuetext={`${name}: ${progress}`}
      >
        <span class="stage__fill" style={{ width: `${Math.round((stage.step / stage.steps) * 100)}%` }} />
      </div>
    </div>
  );
}
