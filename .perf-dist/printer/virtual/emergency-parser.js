const SIMPLE = /^ *(?:N-?\d+ *)?M(108|112|410|524)$/;
const PROMPT_RESPONSE = /^ *(?:N-?\d+ *)?M876 +S(\d+)$/;
/** Longest line head worth watching: `N` with a big line number, the code and an argument. */
const WATCH_CHARS = 24;
export class EmergencyParser {
    head = '';
    fired = false;
    /** Feeds one byte; returns the command this byte completed, if any. */
    feed(code) {
        const isDigitOrLetter = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
        let found = null;
        if (!isDigitOrLetter && !this.fired && this.head.length > 3)
            found = this.match();
        if (code === 10 || code === 13) {
            this.head = '';
            this.fired = false;
        }
        else if (this.head.length < WATCH_CHARS) {
            this.head += String.fromCharCode(code);
        }
        if (found)
            this.fired = true;
        return found;
    }
    match() {
        const simple = SIMPLE.exec(this.head);
        if (simple)
            return { code: `M${simple[1]}` };
        const prompt = PROMPT_RESPONSE.exec(this.head);
        return prompt ? { code: 'M876', choice: Number(prompt[1]) } : null;
    }
}
//# sourceMappingURL=emergency-parser.js.map