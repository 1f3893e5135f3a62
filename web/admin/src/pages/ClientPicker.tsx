/** Choosing a client of the directory by name or e-mail, and the names of clients known by id. */
import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../shared/api/client';
import { useLoad } from '../../../shared/ui/useLoad';
import type { Picked } from '../matter-draft';
import { api, useT } from '../services';

type Client = Schemas['Client'];

let pickers = 0;

/**
 * A search box that lists matching clients as buttons; the chosen one shows with a button to
 * change it. Plain controls rather than a combobox: every screen reader and keyboard knows them.
 */
export function ClientPicker(props: {
  label: string;
  value: Picked | null;
  onChange: (client: Client | null) => void;
  hint?: string;
  error?: string | undefined;
}) {
  const { t } = useT();
  const [id] = useState(() => `picker${++pickers}`);
  const [typed, setTyped] = useState('');
  const query = useDebounced(typed.trim(), 250);
  // Each answer says which search it answers: until the one typed has its own, it is "searching".
  const { data: found } = useLoad(
    () => (query ? api.get('/clients', { query: { q: query, limit: 8 } }).then((page) => ({ query, items: page.items })) : Promise.resolve(null)),
    [query],
  );
  const described = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const answered = query !== '' && query === typed.trim() && found?.query === query;
  const results = answered && found ? found.items : [];
  const searching = typed.trim() !== '' && !answered;

  return (
    <div class={'field picker' + (props.error ? ' field--error' : '')}>
      {props.value ? (
        <>
          <span class="picker__label" id={`${id}-label`}>
            {props.label}
          </span>
          <div class="picker__chosen" role="group" aria-labelledby={`${id}-label`}>
            <strong>{props.value.name}</strong>
            <button
              type="button"
              class="link-button"
              onClick={() => props.onChange(null)}
              aria-label={t('picker.change', { label: props.label, name: props.value.name })}
            >
              {t('picker.changeShort')}
            </button>
          </div>
        </>
      ) : (
        <>
          <label for={id}>{props.label}</label>
          <input
            id={id}
            type="search"
            autocomplete="off"
            placeholder={t('picker.placeholder')}
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
            aria-invalid={props.error ? true : undefined}
            aria-describedby={described}
          />
          <p class="visually-hidden" role="status">
            {answered ? t('picker.found', { count: results.length }) : ''}
          </p>
          {searching && (
            <p class="muted picker__state" aria-hidden="true">
              {t('picker.searching')}
            </p>
          )}
          {answered && results.length === 0 && (
            <p class="muted picker__state" aria-hidden="true">
              {t('picker.none', { query })}
            </p>
          )}
          {results.length > 0 && (
            <ul class="picker__results" aria-label={t('picker.results', { label: props.label })}>
              {results.map((client) => (
                <li key={client.id}>
                  <button type="button" class="picker__option" onClick={() => (setTyped(''), props.onChange(client))}>
                    <span>{client.name}</span>
                    {client.emails?.[0] && <span class="muted"> · {client.emails[0]}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {props.hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field__error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The clients with these ids (a matter's parties, who read an update), read one by one as
 * the API has no lookup of several at once; each is read once per screen.
 */
export function useClients(ids: readonly string[]): Record<string, Client> {
  const [clients, setClients] = useState<Record<string, Client>>({});
  const wanted = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let current = true;
    const missing = wanted.split(',').filter((id) => id && !clients[id]);
    for (const client_id of missing) {
      api.get('/clients/{client_id}', { path: { client_id } }).then(
        (client) => current && setClients((known) => ({ ...known, [client.id]: client })),
        () => undefined, // a client since deleted keeps showing by id
      );
    }
    return () => {
      current = false;
    };
  }, [wanted]);
  return clients;
}

export function namesOf(clients: Record<string, Client>): Record<string, string> {
  return Object.fromEntries(Object.entries(clients).map(([id, client]) => [id, client.name]));
}
