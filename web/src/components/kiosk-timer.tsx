import { useEffect, useState } from 'preact/hooks';
import { logout } from '../api.js';
import { t } from '../i18n.js';
import { kioskUploads, type KioskSettings } from '../kiosk.js';

const ACTIVITY = ['pointerdown', 'keydown', 'input', 'wheel'] as const;

/** Signs the patron out of the shared tablet after inactivity, or shortly after an upload is confirmed. */
export function KioskTimer({ settings }: { settings: KioskSettings }) {
  const [leftS, setLeftS] = useState(settings.idleS);
  const [uploaded, setUploaded] = useState(false);

  useEffect(() => kioskUploads.subscribe(() => { setUploaded(true); setLeftS(settings.afterUploadS); }), [settings]);
  useEffect(() => {
    // After an upload the countdown runs out whatever the patron does: the desk is for the next person.
    if (uploaded) return undefined;
    const reset = () => setLeftS(settings.idleS);
    for (const type of ACTIVITY) document.addEventListener(type, reset, { passive: true });
    return () => { for (const type of ACTIVITY) document.removeEventListener(type, reset); };
  }, [settings, uploaded]);
  useEffect(() => {
    const tick = setInterval(() => setLeftS((s) => s - 1), 1000);
    return () => clearInterval(tick);
  }, []);
  useEffect(() => { if (leftS <= 0) void logout(); }, [leftS]);

  return (
    <div class={leftS <= 15 ? 'kiosk-timer soon' : 'kiosk-timer'} data-test-id="kiosk-timer">
      <span role="timer" aria-live={leftS <= 15 ? 'polite' : 'off'}>{t('kiosk.signing_out', { s: Math.max(0, leftS) })}</span>
      <button type="button" onClick={() => void logout()} data-test-id="kiosk-done">{t('kiosk.done')}</button>
    </div>
  );
}
