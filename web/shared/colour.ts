/** The firm picks its colour; these keep text on it (and it as text) readable (WCAG AA). */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const DEFAULT_BRAND = '#1f4e79';

/** CSS variables for a brand colour: the colour, the text on it, and a shade safe as text on white. */
export function brandVariables(colour: string | null | undefined): Record<string, string> {
  const brand = colour && /^#[0-9a-f]{6}$/i.test(colour) ? colour : DEFAULT_BRAND;
  return {
    '--brand': brand,
    '--on-brand': contrast(brand, '#ffffff') >= 4.5 ? '#ffffff' : '#111111',
    '--brand-text': contrast(brand, '#ffffff') >= 4.5 ? brand : '#1f2933',
  };
}

export function applyBrand(colour: string | null | undefined, element: HTMLElement = document.documentElement): void {
  for (const [name, value] of Object.entries(brandVariables(colour))) element.style.setProperty(name, value);
}
