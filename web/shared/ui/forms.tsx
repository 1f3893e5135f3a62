/** Form pieces with labels, hints and errors wired for screen readers. */
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';

let counter = 0;
const nextId = () => `f${++counter}`;

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value' | 'label'> & {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  error?: string | undefined;
};

export function Field({ label, value, onValue, hint, error, id, ...input }: InputProps) {
  const [own] = useState(nextId);
  const fieldId = (id as string | undefined) ?? own;
  const described = [hint && `${fieldId}-hint`, error && `${fieldId}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={'field' + (error ? ' field--error' : '')}>
      <label for={fieldId}>{label}</label>
      <input
        {...input}
        id={fieldId}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
      {hint && <p class="field__hint" id={`${fieldId}-hint`}>{hint}</p>}
      {error && <p class="field__error" id={`${fieldId}-error`}>{error}</p>}
    </div>
  );
}

export function Checkbox(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean }) {
  return (
    <label class="check">
      <input type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <span>{props.label}</span>
    </label>
  );
}

export function Alert(props: { kind?: 'error' | 'info' | 'success'; children: ComponentChildren }) {
  const kind = props.kind ?? 'error';
  // Errors interrupt (role=alert); confirmations wait their turn (role=status).
  return (
    <div class={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** Runs an async action once at a time, keeping its error for the screen to show. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      await action(...args);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, setError };
}

export function onSubmit(handler: () => void) {
  return (event: Event) => {
    event.preventDefault();
    handler();
  };
}
