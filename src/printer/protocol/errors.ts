/**
 * What a firmware error line means for the print, as a table (pattern → class, reason code), and a tiny
 * merger for Marlin's two-line halts. Pure: text in, classification out.
 *
 * - fatal: the firmware has halted or will not move again (job failed, heaters off, stay connected);
 * - recoverable: a line was damaged in transit and a resend request follows;
 * - command_failed: the firmware refused a command and went on without it (Klipper's `!!` errors), so the
 *   print that needed it cannot go on (job failed, the printer stays usable);
 * - nonfatal: logged only — one malformed or refused line never cancels a job (OctoPrint #5119).
 */

export type ErrorClass = 'fatal' | 'recoverable' | 'command_failed' | 'nonfatal';

export interface ErrorClassification { errorClass: ErrorClass; reason: string }

interface ErrorRule { pattern: RegExp; errorClass: ErrorClass; reason: string }

/** First match wins; order from most to least specific. */
const ERROR_RULES: readonly ErrorRule[] = [
  { pattern: /thermal runaway/i, errorClass: 'fatal', reason: 'thermal_runaway' },
  { pattern: /thermal malfunction/i, errorClass: 'fatal', reason: 'thermal_runaway' },
  { pattern: /heating failed/i, errorClass: 'fatal', reason: 'heating_failed' },
  { pattern: /mintemp/i, errorClass: 'fatal', reason: 'mintemp' },
  { pattern: /maxtemp/i, errorClass: 'fatal', reason: 'maxtemp' },
  { pattern: /watchdog barked/i, errorClass: 'fatal', reason: 'watchdog_reset' },
  { pattern: /kill\(\) called|KILL caused/i, errorClass: 'fatal', reason: 'firmware_killed' },
  { pattern: /printer halted/i, errorClass: 'fatal', reason: 'firmware_killed' },
  { pattern: /printer stopped due to errors/i, errorClass: 'fatal', reason: 'firmware_stopped' },
  { pattern: /^!!\s*printer is shutdown/i, errorClass: 'fatal', reason: 'klipper_shutdown' },
  { pattern: /^\/\/\s*klipper state:\s*shutdown/i, errorClass: 'fatal', reason: 'klipper_shutdown' },
  { pattern: /^!!\s*(?:shutdown|lost communication with mcu|mcu .* shutdown|timer too close)/i, errorClass: 'fatal', reason: 'klipper_shutdown' },
  { pattern: /^fatal:/i, errorClass: 'fatal', reason: 'firmware_fatal' },
  // Smoothie's HALT is a bare `!!` with no ok after it; it moves no more until M999.
  { pattern: /^!!\s*$/, errorClass: 'fatal', reason: 'firmware_halted' },
  { pattern: /emergency stop/i, errorClass: 'fatal', reason: 'emergency_stopped' },
  // Klipper restarted under the print (RESTART from its own web page): what follows would be refused.
  { pattern: /^\/\/\s*klipper state:\s*(?:disconnect|not ready|startup)/i, errorClass: 'command_failed', reason: 'printer_reset' },
  // Any other Klipper `!!` is a command it refused and skipped (`Must home axis first`, `Move out of
  // range`, `Extrude below minimum temp`), then acknowledged: the moves after it print something else.
  { pattern: /^!!\s*\S/, errorClass: 'command_failed', reason: 'command_refused' },
  // Recoverable: the firmware rejected a damaged line and will ask for it again.
  { pattern: /no checksum|missing checksum/i, errorClass: 'recoverable', reason: 'line_no_checksum' },
  { pattern: /no line number with checksum|missing line ?number/i, errorClass: 'recoverable', reason: 'line_no_number' },
  { pattern: /c\W?h?\W?e?cksum|format error/i, errorClass: 'recoverable', reason: 'checksum_mismatch' },
  { pattern: /line ?number|expected line|last line/i, errorClass: 'recoverable', reason: 'line_number_mismatch' },
  // Nonfatal.
  { pattern: /unknown command/i, errorClass: 'nonfatal', reason: 'unknown_command' },
  { pattern: /volume\.init|openroot|cannot open|open failed|sd init|no sd card|SD card/i, errorClass: 'nonfatal', reason: 'sd_error' },
  { pattern: /invalid extruder/i, errorClass: 'nonfatal', reason: 'invalid_extruder' },
  { pattern: /cold extrusion/i, errorClass: 'nonfatal', reason: 'cold_extrusion_prevented' },
];

/**
 * Lines that open a Marlin error whose cause and consequence arrive on two `Error:` lines, e.g.
 * `Error:Thermal Runaway, system stopped! Heater_ID: 0` then `Error:Printer halted. kill() called!`.
 */
const MERGE_OPENERS = /heating failed|thermal runaway|thermal malfunction|maxtemp triggered|mintemp triggered|invalid extruder number|watchdog barked|KILL caused/i;

/**
 * Classifies a line already known to be an error (`Error:`, `!!`, `fatal:`, Klipper shutdown, unknown
 * command). An error we do not recognise is nonfatal: RRF's `Error:` lines are followed by `ok` and
 * the firmware carries on; a real halt shows up as one of the fatal patterns or as silence.
 */
export function classifyError(text: string): ErrorClassification {
  const body = text.replace(/^(?:error|echo)\s*:\s*/i, '');
  for (const rule of ERROR_RULES) {
    if (rule.pattern.test(body) || rule.pattern.test(text)) return { errorClass: rule.errorClass, reason: rule.reason };
  }
  return { errorClass: 'nonfatal', reason: 'firmware_error' };
}

export interface MergedError extends ErrorClassification {
  text: string;
  /** This line completed an error already reported; `openerClass` is what that first line was. */
  continues: boolean;
  openerClass: ErrorClass | null;
}

const CLASS_RANK: Record<ErrorClass, number> = { nonfatal: 0, recoverable: 1, command_failed: 2, fatal: 3 };

/**
 * Joins a Marlin halt's cause with the `Error:` line right after it, so the report names the root cause
 * (OctoPrint #2772: a thermal runaway was shown only as the follow-up "Printer halted"). Each half is
 * reported as it arrives; the second carries the joined text and `continues`, so it is not a new fault.
 */
export class ErrorMerger {
  private opener: MergedError | null = null;

  push(text: string, classification: ErrorClassification): MergedError {
    const opener = this.opener;
    this.opener = null;
    if (opener) {
      const errorClass = CLASS_RANK[classification.errorClass] > CLASS_RANK[opener.errorClass]
        ? classification.errorClass : opener.errorClass;
      return { text: `${opener.text} / ${text}`, errorClass, reason: opener.reason, continues: true, openerClass: opener.errorClass };
    }
    const merged: MergedError = { text, ...classification, continues: false, openerClass: null };
    if (MERGE_OPENERS.test(text)) this.opener = merged;
    return merged;
  }

  /** Any non-error line ends the chance of a continuation. */
  interrupt(): void {
    this.opener = null;
  }
}
