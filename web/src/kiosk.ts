import { signal } from './signal.js';

/**
 * Kiosk mode for the shared maker-desk tablet: `?kiosk=1` turns it on (and `?kiosk=0` off) for this
 * browser until changed, so a restarted tablet comes back as a kiosk. `?idle=N` sets the seconds of
 * inactivity before the patron is signed out.
 */
export interface KioskSettings { idleS: number; afterUploadS: number }

const STORAGE_KEY = 'tulostamo.kiosk';
const DEFAULT_IDLE_S = 90;
/** Long enough to read the confirmation, short enough that the next person does not find a signed-in desk. */
const AFTER_UPLOAD_S = 20;

function readSettings(): KioskSettings | null {
  const query = new URLSearchParams(location.search);
  const flag = query.get('kiosk');
  const idle = Number(query.get('idle'));
  if (flag === '0') localStorage.removeItem(STORAGE_KEY);
  else if (flag !== null) {
    const saved: KioskSettings = { idleS: Number.isInteger(idle) && idle > 0 ? idle : DEFAULT_IDLE_S, afterUploadS: AFTER_UPLOAD_S };
    saved.afterUploadS = Math.min(saved.afterUploadS, saved.idleS);
    localStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
  }
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as KioskSettings | null;
    return stored && stored.idleS > 0 && stored.afterUploadS > 0 ? stored : null;
  } catch {
    return null;
  }
}

export const kiosk = readSettings();
if (kiosk) document.documentElement.classList.add('kiosk');

/** Counts the patron's confirmed uploads; the kiosk timer watches it to end the session after each. */
export const kioskUploads = signal(0);
