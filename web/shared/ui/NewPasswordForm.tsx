import { useState } from 'preact/hooks';
import { errorText, fieldErrors } from '../errors';
import { useI18n } from '../i18n';
import type { SharedKey } from '../messages';
import { Alert, Field, onSubmit, useAction } from './forms';

/**
 * A new password and its repetition, for the pages e-mailed links open (invitation, reset);
 * `save` gets the password once both agree.
 */
export function NewPasswordForm(props: { save: (password: string) => Promise<void>; button: 'common.setPassword' | 'common.save' }) {
  const { t } = useI18n<SharedKey>();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const action = useAction(() => props.save(password));
  const fields = fieldErrors(t, action.error);
  const submit = () => {
    setMismatch(password !== confirm);
    if (password === confirm) void action.run();
  };
  return (
    <form onSubmit={onSubmit(submit)} noValidate>
      {action.error != null && <Alert>{errorText(t, action.error)}</Alert>}
      <Field
        label={t('common.newPassword')}
        type="password"
        autocomplete="new-password"
        required
        minLength={10}
        hint={t('common.passwordHint')}
        value={password}
        onValue={setPassword}
        error={fields.password ?? fields.new_password}
      />
      <Field
        label={t('common.confirmPassword')}
        type="password"
        autocomplete="new-password"
        required
        value={confirm}
        onValue={setConfirm}
        error={mismatch ? t('common.passwordMismatch') : undefined}
      />
      <button type="submit" class="button button--block" disabled={action.busy}>
        {t(props.button)}
      </button>
    </form>
  );
}
