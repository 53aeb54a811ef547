/**
 * CPU priority of our child processes. On a 2-core library PC the printer link must win over
 * background work: a late `ok` leaves the printer's planner short of moves, while a file analysis or a
 * slice that finishes a second later costs nobody anything. Raising a priority needs root or
 * CAP_SYS_NICE; where that is refused the link keeps the default priority, and background work is
 * still lowered, which any user may do.
 */
import { setPriority } from 'node:os';

/** Nice values: lower runs first. */
export const LINK_NICE = -5;
export const BACKGROUND_NICE = 10;

/** Returns whether the priority was applied. */
export function trySetNice(pid: number | undefined, nice: number): boolean {
  if (pid === undefined) return false;
  try {
    setPriority(pid, nice);
    return true;
  } catch {
    return false;
  }
}
