// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { catalogs as adminCatalogs } from '../admin/src/messages';
import { catalogs } from '../portal/src/messages';
import type { Schemas } from '../shared/api/client';
import { StageProgress } from '../shared/ui/StageProgress';
import { show } from './screen';

const HEARING: Schemas['Stage'] = {
  key: 'hearing',
  step: 3,
  steps: 8,
  set_by_staff: false,
  label: 'Audiência',
  explanation: 'Há uma audiência marcada ou realizada com o juiz.',
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('StageProgress', () => {
  it('names the stage, explains it in one line and shows an accessible progress bar', async () => {
    const root = await show(catalogs, <StageProgress stage={HEARING} />);
    expect(root.textContent).toContain('Audiência');
    expect(root.textContent).toContain('Etapa 3 de 8');
    expect(root.textContent).toContain('Há uma audiência marcada ou realizada com o juiz.');
    const bar = root.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('3');
    expect(bar.getAttribute('aria-valuemin')).toBe('1');
    expect(bar.getAttribute('aria-valuemax')).toBe('8');
    expect(bar.getAttribute('aria-valuetext')).toBe('Audiência: Etapa 3 de 8');
    expect(bar.getAttribute('aria-label')).toBe('Fase');
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('38%');
  });

  it('speaks the client’s language', async () => {
    const spanish = await show(catalogs, <StageProgress stage={{ ...HEARING, key: 'final', step: 7 }} />, 'es');
    expect(spanish.textContent).toContain('Sentencia firme');
    expect(spanish.textContent).toContain('Paso 7 de 8');
    expect(spanish.textContent).toContain('ya no admite recurso');
    const english = await show(
      catalogs,
      <StageProgress stage={{ key: 'agreement', step: 3, steps: 4, set_by_staff: true, label: '', explanation: '' }} />,
      'en',
    );
    expect(english.textContent).toContain('Agreement');
    expect(english.textContent).toContain('Step 3 of 4');
  });

  it('in a list shows the name and the bar without the line, and nothing when there is no stage', async () => {
    const compact = await show(catalogs, <StageProgress stage={HEARING} compact />);
    expect(compact.textContent).toContain('Audiência');
    expect(compact.textContent).not.toContain('Há uma audiência');
    expect(compact.querySelector('[role="progressbar"]')).not.toBeNull();
    const none = await show(catalogs, <StageProgress stage={null} compact />);
    expect(none.textContent).toBe('');
    const page = await show(catalogs, <StageProgress stage={null} />);
    expect(page.textContent).toBe('Ainda sem fase');
  });

  it('has every stage in the three catalogues of both apps', () => {
    const keys = ['filed', 'summoned', 'hearing', 'evidence', 'judgment', 'appeal', 'final', 'archived', 'started', 'negotiation', 'agreement', 'closed'];
    for (const all of [catalogs, adminCatalogs]) {
      for (const lang of ['pt-BR', 'es', 'en'] as const) {
        for (const key of keys) {
          const words = all[lang] as Record<string, string>;
          expect(words[`stage.${key}`]).toBeTruthy();
          expect(words[`stageLine.${key}`]).toMatch(/\.$/);
        }
      }
    }
  });
});
