/** Form pieces with labels, hints and errors wired for screen readers. */
import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';

let counter = 0;
const nextId = () => `f${++counter}`;

type Described = { label: string; hint?: string | undefined; error?: string | undefined };

/** The ids that tie a control to its label, hint and error. */
function useDescribed(given: string | undefined, props: Described) {
  const [own] = useState(nextId);
  const id = given ?? own;
  const describedBy = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return { id, control: { id, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': describedBy } };
}

function Labelled(props: Described & { id: string; children: ComponentChildren }) {
  return (
    <div class={'field' + (props.error ? ' field--error' : '')}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p class="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field__error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value' | 'label'> &
  Described & {
    value: string;
    onValue: (value: string) => void;
  };

export function Field({ label, value, onValue, hint, error, id, ...input }: InputProps) {
  const { id: fieldId, control } = useDescribed(id as string | undefined, { label, hint, error });
  return (
    <Labelled id={fieldId} label={label} hint={hint} error={error}>
      <input {...input} {...control} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
    </Labelled>
  );
}

export function TextArea(
  props: Described & { value: string; onValue: (value: string) => void; rows?: number; required?: boolean; id?: string; onFocus?: () => void },
) {
  const { id, control } = useDescribed(props.id, props);
  return (
    <Labelled id={id} {...props}>
      <textarea
        {...control}
        rows={props.rows ?? 4}
        required={props.required}
        value={props.value}
        onInput={(e) => props.onValue(e.currentTarget.value)}
        onFocus={props.onFocus}
      />
    </Labelled>
  );
}

export function Select<V extends string>(props: Described & { value: V; onValue: (value: V) => void; options: readonly { value: V; label: string }[] }) {
  const { id, control } = useDescribed(undefined, props);
  return (
    <Labelled id={id} {...props}>
      <select {...control} value={props.value} onChange={(e) => props.onValue(e.currentTarget.value as V)}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Labelled>
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

/**
 * Runs an async action once at a time, keeping its error for the screen to show. `run`
 * returns nothing: a failure is never thrown, it is `error`, so a click handler can call it.
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = (...args: A): void => {
    setBusy(true);
    setError(null);
    action(...args)
      .catch((caught: unknown) => setError(caught))
      .finally(() => setBusy(false));
  };
  return { busy, error, run, setError };
}

export function onSubmit(handler: () => void) {
  return (event: Event) => {
    event.preventDefault();
    handler();
  };
}
