import { useState } from 'preact/hooks';
import { ApiError, login } from '../api.js';
import { reason, t } from '../i18n.js';

/** Patrons sign in with a library card number and PIN; staff and instructors with a username and password. */
export function Login({ patron }: { patron: boolean }) {
  const [user, setUser] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ username: user.trim(), password: secret });
    } catch (err) {
      setError(err instanceof ApiError ? reason(err.code, err.params) : t('reason.network'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card login" onSubmit={submit} data-test-id="login-form">
      <h2>{t(patron ? 'login.patron_title' : 'login.staff_title')}</h2>
      <label>
        {t(patron ? 'login.card' : 'login.username')}
        <input name="username" autoComplete="username" required value={user} data-test-id="login-user"
          inputMode={patron ? 'numeric' : 'text'} onInput={(e) => setUser(e.currentTarget.value)} />
      </label>
      <label>
        {t(patron ? 'login.pin' : 'login.password')}
        <input name="password" type="password" autoComplete="current-password" required value={secret}
          data-test-id="login-secret" inputMode={patron ? 'numeric' : 'text'} onInput={(e) => setSecret(e.currentTarget.value)} />
      </label>
      {error && <p class="error" role="alert" data-test-id="login-error">{error}</p>}
      <button type="submit" class="primary" disabled={busy} data-test-id="login-submit">{t('login.submit')}</button>
    </form>
  );
}
