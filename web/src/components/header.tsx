import type { ComponentChildren } from 'preact';
import { LANGS, lang, setLang, t } from '../i18n.js';
import { logout, session } from '../api.js';
import { useSignal } from '../signal.js';

export function Header({ title, children }: { title: string; children?: ComponentChildren }) {
  const current = useSignal(lang);
  const s = useSignal(session);
  return (
    <header class="top">
      <h1>{title}</h1>
      <nav aria-label={t('nav.label')}>{children}</nav>
      <div class="langs" role="group" aria-label={t('lang.choose')}>
        {LANGS.map((l) => (
          <button type="button" class={l === current ? 'lang on' : 'lang'} aria-pressed={l === current}
            data-test-id={`lang-${l}`} onClick={() => setLang(l)} lang={l}>
            {t(`lang.${l}`, {}, l)}
          </button>
        ))}
      </div>
      {s && (
        <div class="who">
          <span data-test-id="who">{s.user.displayName}</span>
          <button type="button" onClick={() => void logout()} data-test-id="logout">{t('session.logout')}</button>
        </div>
      )}
    </header>
  );
}
