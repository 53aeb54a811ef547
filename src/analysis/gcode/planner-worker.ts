/**
 * The planner thread (started by PlannerThread): a second instance of the G-code core on the reader's
 * shared memory plans the records the reader writes into the ring, while the reader reads on. At the
 * end it posts the totals and marks itself done.
 */
import { workerData } from 'node:worker_threads';
import { RECORD_FIELDS } from './core-layout.js';
import { PlannerSide, type PlannerExports } from './planner-side.js';
import {
  DONE, FAILED, PLANNED, PUBLISH_EVERY_RECORDS, READER_IDLE_TIMEOUT_MS, STARTED, STATUS, WRITTEN, type PlannerWorkerData,
} from './planner-thread.js';

interface PlannerInstance extends PlannerExports {
  initPlanner(lookaheadBlocks: number, ring: number, ringRecords: number): void;
}

const data = workerData as PlannerWorkerData;
const sync = new Int32Array(data.sync);
const unexpected = () => { throw new Error('the planner instance reads no G-code'); };
let side: PlannerSide | null = null;
try {
  const instance = new WebAssembly.Instance(data.module, {
    env: {
      memory: data.memory,
      markerCommitted: (marker: number, startSeconds: number) => side!.markerCommitted(marker, startSeconds),
      ringFull: unexpected, layerStarted: unexpected, moveOutside: unexpected, lineTooLong: unexpected,
    },
  });
  const core = instance.exports as unknown as PlannerInstance;
  core.initPlanner(data.lookaheadBlocks, data.ringPtr, data.ringRecords);
  const planner = new PlannerSide(core, new Float64Array(data.memory.buffer, data.ringPtr, data.ringRecords * RECORD_FIELDS), data.ringRecords, data.heatRates);
  side = planner;
  Atomics.store(sync, STARTED, 1);
  Atomics.notify(sync, STARTED);
  while (!planner.ended) {
    const written = Atomics.load(sync, WRITTEN) >>> 0;
    if (written === planner.planned) {
      // The reader wakes this thread only once a batch waits: a slow reader may have written less since.
      if (Atomics.wait(sync, WRITTEN, written | 0, READER_IDLE_TIMEOUT_MS) === 'timed-out'
        && Atomics.load(sync, WRITTEN) >>> 0 === written) throw new Error('the reader stopped writing');
      continue;
    }
    const upTo = ((written - planner.planned) >>> 0) > PUBLISH_EVERY_RECORDS ? (planner.planned + PUBLISH_EVERY_RECORDS) >>> 0 : written;
    planner.consume(upTo);
    Atomics.store(sync, PLANNED, planner.planned | 0);
    Atomics.notify(sync, PLANNED);
  }
  data.port.postMessage(planner.result());
  Atomics.store(sync, STATUS, DONE);
} catch (err) {
  data.port.postMessage({ error: (err as Error).message });
  Atomics.store(sync, STATUS, FAILED);
}
// The reader may be waiting for the start, for room or for the end.
Atomics.notify(sync, STARTED);
Atomics.notify(sync, PLANNED);
Atomics.notify(sync, STATUS);
data.port.close();
