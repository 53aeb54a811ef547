/**
 * Shared by the link tests: what the firmware should run for a file, and what it did run for the job.
 */
import { FileStreamer } from '../../../src/printer/file-streamer.js';
import type { PrinterLink } from '../../../src/printer/printer-link.js';
import type { ExecutedCommand } from '../../../src/printer/virtual/virtual-printer.js';

/** The commands of a file as the firmware should run them: comments gone, blank lines skipped. */
export function fileCommands(path: string): string[] {
  const f = FileStreamer.open(path);
  const out: string[] = [];
  for (let c = f.next(); c; c = f.next()) {
    const text = c.text.replace(/;.*$/, '').trim();
    if (text) out.push(text);
  }
  f.close();
  return out;
}

/** Records the line numbers of the link's own commands (polls, M155…) so they can be told from job lines. */
export function trackNonJobLines(link: PrinterLink): Set<number> {
  const numbers = new Set<number>();
  link.on('acked', ({ command, lineNumber }) => {
    if (command.source !== 'job' && lineNumber !== null) numbers.add(lineNumber);
  });
  return numbers;
}

/**
 * Everything the firmware ran, minus the link's own numbered commands and unnumbered junk it refused as
 * an unknown command (a line whose `N` was corrupted). An unnumbered tail that parses as a command stays
 * in, so a move executed twice shows up as a difference.
 */
export function executedJobCommands(executed: readonly ExecutedCommand[], nonJobLines: Set<number>): string[] {
  return executed
    .filter((e) => !(e.numbered && e.lineNumber !== null && nonJobLines.has(e.lineNumber)))
    .filter((e) => e.numbered || /^[GMT]\d/i.test(e.text))
    .map((e) => e.text);
}
