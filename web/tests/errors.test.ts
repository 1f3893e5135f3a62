import { describe, expect, it } from 'vitest';
import { ApiError } from '../shared/api/client';
import { clientWithTheEmail, detailErrors, errorText, fieldErrors, isStale } from '../shared/errors';
import { format } from '../shared/i18n';
import { sharedMessages, type SharedKey } from '../shared/messages';

const t = (key: SharedKey, values?: Record<string, string | number>) => format(sharedMessages['pt-BR'][key], values);

describe('errorText', () => {
  it.each([
    [new ApiError(401, 'invalid_credentials', 'x'), 'O e-mail ou a senha não estão corretos.'],
    [new ApiError(410, 'expired', 'x'), 'Este link expirou. Peça um novo.'],
    [new ApiError(403, 'access_blocked', 'x'), 'Seu acesso a este portal está bloqueado. Fale com o escritório.'],
    [new ApiError(403, 'portal_disabled', 'x'), 'Este portal ainda não está aberto. Fale com o escritório.'],
    [new ApiError(0, 'network', 'x'), 'Sem conexão. Verifique sua internet e tente novamente.'],
    [new ApiError(500, 'internal_error', 'Traceback (most recent call last)'), 'O serviço não está respondendo bem. Tente novamente em instantes.'],
    [
      new ApiError(409, 'request_done', 'This request is done: ask for a new document instead.'),
      'Esta solicitação foi aceita enquanto isso e não pode mais ser alterada: peça um novo documento. Recarregue para vê-la como está agora.',
    ],
    [new ApiError(418, 'some_new_code', '{"raw": "json"}'), 'Algo deu errado. Tente novamente.'],
    [new TypeError('boom'), 'Algo deu errado. Tente novamente.'],
  ])('%o → a sentence in the person’s language', (error, text) => {
    expect(errorText(t, error)).toBe(text);
  });

  it('says how long to wait after too many attempts', () => {
    expect(errorText(t, new ApiError(429, 'rate_limited', 'x', [], 300))).toBe('Muitas tentativas. Aguarde 5 min e tente novamente.');
    expect(errorText(t, new ApiError(429, 'rate_limited', 'x', [], 10))).toContain('1 min');
  });

  it('says a bad or replaced link is one, not that a session ended', () => {
    expect(errorText(t, new ApiError(401, 'invalid_link', 'x'))).toBe(sharedMessages['pt-BR']['error.invalid_link']);
  });
});

describe('fieldErrors', () => {
  it('puts each 422 detail next to its field, translated by the kind of problem', () => {
    const error = new ApiError(422, 'invalid_input', 'x', [
      { path: 'emails.0', message: 'value is not a valid email address', type: 'value_error' },
      { path: 'body.name', message: 'Field required', type: 'missing' },
      { path: 'slug', message: 'String should match pattern', type: 'string_pattern_mismatch' },
      { path: 'phone', message: 'whatever' },
    ] as never);
    expect(fieldErrors(t, error)).toEqual({
      emails: 'Informe um e-mail válido.',
      name: 'Obrigatório.',
      slug: 'O formato não é válido.',
      phone: 'Este valor não é válido.',
    });
    expect(fieldErrors(t, new ApiError(409, 'stale_version', 'x'))).toEqual({});
  });
});

describe('detailErrors', () => {
  it('keeps the whole path, for forms that edit lists (a matter’s parties)', () => {
    const error = new ApiError(422, 'invalid_input', 'x', [
      { path: 'body.parties.1.name', message: 'Field required', type: 'missing' },
      { path: 'number', message: 'The CNJ number’s check digits do not match.' },
      { path: 'occurred_at', message: 'Value error, must be between the years 1800 and 2199', type: 'value_error' },
    ] as never);
    expect(detailErrors(t, error)).toEqual({
      'parties.1.name': 'Obrigatório.',
      number: 'Este valor não é válido.',
      occurred_at: 'Este valor não é válido.', // a rule of ours, not an e-mail address
    });
    expect(fieldErrors(t, error).parties).toBe('Obrigatório.');
  });
});

describe('e-mail already taken and stale edits', () => {
  const taken = new ApiError(409, 'email_in_use', 'maria@x.com is already the e-mail of Maria Souza.', [
    { path: 'emails', message: 'maria@x.com is already the e-mail of Maria Souza.', client_id: 'abc123' },
  ] as never);

  it('says another client has the e-mail, and which client it is', () => {
    expect(errorText(t, taken)).toBe('Outro cliente já tem este e-mail: use outro ou abra esse cliente.');
    expect(clientWithTheEmail(taken)).toBe('abc123');
    expect(clientWithTheEmail(new ApiError(409, 'stale_version', 'x'))).toBeNull();
  });

  it('offers a reload only when the record changed meanwhile', () => {
    expect(isStale(new ApiError(409, 'stale_version', 'x'))).toBe(true);
    expect(isStale(new ApiError(409, 'conflict', 'x'))).toBe(true);
    expect(isStale(new ApiError(409, 'not_submitted', 'x'))).toBe(true);
    expect(isStale(new ApiError(409, 'request_done', 'x'))).toBe(true);
    expect(isStale(taken)).toBe(false);
    expect(isStale(new ApiError(409, 'last_admin', 'x'))).toBe(false);
  });

  it('asks to remove invisible characters a paste brought in', () => {
    const error = new ApiError(422, 'invalid_input', 'x', [
      { path: 'name', message: 'Control characters are not allowed (U+202E).', type: 'control_characters' },
    ] as never);
    expect(fieldErrors(t, error)).toEqual({ name: sharedMessages['pt-BR']['field.control_characters'] });
  });
});
