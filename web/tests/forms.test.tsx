// @vitest-environment jsdom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Field } from '../shared/ui/forms';

describe('Field', () => {
  it('labels the input and ties its hint and error to it', () => {
    const root = document.createElement('div');
    render(<Field label="E-mail" type="email" value="x" onValue={() => undefined} hint="Your address" error="Invalid" />, root);
    const input = root.querySelector('input')!;
    const label = root.querySelector('label')!;
    expect(label.htmlFor).toBe(input.id);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const described = input
      .getAttribute('aria-describedby')!
      .split(' ')
      .map((id) => root.querySelector(`#${id}`)!.textContent);
    expect(described).toEqual(['Your address', 'Invalid']);
  });

  it('says nothing is wrong when nothing is', () => {
    const root = document.createElement('div');
    render(<Field label="Name" value="" onValue={() => undefined} />, root);
    expect(root.querySelector('input')!.hasAttribute('aria-invalid')).toBe(false);
    expect(root.querySelector('input')!.hasAttribute('aria-describedby')).toBe(false);
  });
});
