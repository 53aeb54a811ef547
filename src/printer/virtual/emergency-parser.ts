/**
 * Marlin's EMERGENCY_PARSER: it watches bytes as they arrive, before the RX buffer, the line checks
 * and the command queue, so M112 stops a printer that is busy or full. It sees raw noise too: a
 * corrupted byte can turn a harmless command into M112 or M410. Pure, byte by byte.
 */
export type EmergencyCommand =
  | { code: 'M108' } | { code: 'M112' } | { code: 'M410' } | { code: 'M524' }
  | { code: 'M876'; choice: number };

const SIMPLE = /^ *(?:N-?\d+ *)?M(108|112|410|524)$/;
const PROMPT_RESPONSE = /^ *(?:N-?\d+ *)?M876 +S(\d+)$/;
/** Longest line head worth watching: `N` with a big line number, the code and an argument. */
const WATCH_CHARS = 24;

export class EmergencyParser {
  private head = '';
  private fired = false;

  /** Feeds one byte; returns the command this byte completed, if any. */
  feed(code: number): EmergencyCommand | null {
    const isDigitOrLetter = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    let found: EmergencyCommand | null = null;
    if (!isDigitOrLetter && !this.fired && this.head.length > 3) found = this.match();
    if (code === 10 || code === 13) {
      this.head = '';
      this.fired = false;
    } else if (this.head.length < WATCH_CHARS) {
      this.head += String.fromCharCode(code);
    }
    if (found) this.fired = true;
    return found;
  }

  private match(): EmergencyCommand | null {
    const simple = SIMPLE.exec(this.head);
    if (simple) return { code: `M${simple[1]}` as 'M108' | 'M112' | 'M410' | 'M524' };
    const prompt = PROMPT_RESPONSE.exec(this.head);
    return prompt ? { code: 'M876', choice: Number(prompt[1]) } : null;
  }
}
