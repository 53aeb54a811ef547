/**
 * A neighbour for the dispatcher tests: a PrinterController whose state, start outcome and events
 * the test drives by hand. The real controller is tested in test/unit/controller and over a pty.
 */
import { EventEmitter } from 'node:events';
import type {
  PrinterController, PrinterEvents, PrinterState, PrinterStatus, PrintProgress, StartPrintRequest,
} from '../../../src/printer/printer-types.js';
import { AppError } from '../../../src/core/errors.js';

export class FakePrinter implements PrinterController {
  private current: PrinterState = 'idle';
  private readonly emitter = new EventEmitter();
  readonly started: StartPrintRequest[] = [];
  cancels = 0;
  /** Set to make the next startPrint fail the way a real refusal does. */
  refuseNextStart: string | null = null;
  /** When set, startPrint waits for the test to call `acceptStart()`. */
  holdStarts = false;
  private pendingAccept: (() => void) | null = null;

  constructor(readonly id: string) {}

  state(): PrinterState { return this.current; }
  status(): PrinterStatus { throw new Error('not used by the dispatcher'); }
  async connect(): Promise<void> {}
  connectWhenAvailable(): void {}
  async disconnect(): Promise<void> {}

  async startPrint(req: StartPrintRequest): Promise<void> {
    this.started.push(req);
    if (this.refuseNextStart) {
      const code = this.refuseNextStart;
      this.refuseNextStart = null;
      throw new AppError(code, 'refused by the fake printer', 409);
    }
    if (this.holdStarts) await new Promise<void>((resolve) => { this.pendingAccept = resolve; });
    this.setState('printing');
    this.emit('printer:print_started', { printerId: this.id, jobRef: req.jobRef });
  }

  acceptStart(): void { this.pendingAccept?.(); this.pendingAccept = null; }

  async pause(): Promise<void> { this.setState('paused'); }
  async resume(): Promise<void> { this.setState('printing'); }
  async cancel(): Promise<void> { this.cancels++; this.setState('idle'); }
  emergencyStop(): void { this.setState('error'); }
  sendLine(): void {}
  async serialLog() { return []; }

  on<K extends keyof PrinterEvents>(event: K, fn: (payload: PrinterEvents[K]) => void): void { this.emitter.on(event, fn); }
  off<K extends keyof PrinterEvents>(event: K, fn: (payload: PrinterEvents[K]) => void): void { this.emitter.off(event, fn); }
  emit<K extends keyof PrinterEvents>(event: K, payload: PrinterEvents[K]): void { this.emitter.emit(event, payload); }

  setState(to: PrinterState): void {
    const from = this.current;
    this.current = to;
    if (from !== to) this.emit('printer:state_changed', { printerId: this.id, from, to });
  }

  progress(jobRef: string, lineAcked: number, layer: number): PrintProgress {
    return {
      jobRef, fileName: 'x', bytesTotal: 1000, bytesAcked: lineAcked * 10, lineAcked, fraction: lineAcked / 100, layer, layers: null, estimateS: null,
      elapsedMs: 0, remainingMs: null,
    };
  }

  /** A status push during a print, as the real controller sends at up to 4 Hz. */
  report(jobRef: string, lineAcked: number, layer: number): void {
    this.emit('printer:status', { printerId: this.id, state: this.current, print: this.progress(jobRef, lineAcked, layer) } as PrinterStatus);
  }
}
