/**
 * Runs one analyzeFile in its own process (forked by IsolatedAnalyzer), so a file that needs more memory
 * or time than the daemon can spare is killed without the daemon, and the daemon's heap never holds an
 * analysis. A model's preview is drawn here too: for a big mesh that is a second pass over the file and
 * a third of a second of CPU, which the daemon's event loop should not carry. Protocol over the IPC
 * channel: the parent sends an AnalysisChildRequest, the child answers one AnalysisChildReply and exits.
 */
import { analyzeFile, type AnalyzeFileOptions, type AnalyzeOutcome } from './analyze-file.js';
import { renderModelPreviewPng } from './mesh/index.js';

export interface AnalysisChildRequest {
  path: string;
  options: AnalyzeFileOptions;
  /** Draw the preview PNG if the file is a model that could be analysed. */
  previewPng?: boolean;
}
export interface AnalysisChildReply { outcome: AnalyzeOutcome; previewPng: Uint8Array | null; peakRssMb: number }

async function analyse(request: AnalysisChildRequest): Promise<Omit<AnalysisChildReply, 'peakRssMb'>> {
  const outcome = await analyzeFile(request.path, request.options);
  if (!request.previewPng || !outcome.ok || outcome.analysis.kind !== 'mesh') return { outcome, previewPng: null };
  const png = await renderModelPreviewPng(request.path, outcome.analysis.bbox);
  return { outcome, previewPng: png.ok ? png.value : null };
}

// The daemon died (kill -9, a crash): nobody waits for this analysis, and the restarted daemon runs its
// own. Killed, not exited: exit() would first wait for a file read in progress, which may never end.
process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));

process.once('message', (request: AnalysisChildRequest) => {
  void analyse(request)
    // A fault of ours (not of the file) still gets its own message back, not just a dead child.
    .catch((err: Error) => ({ outcome: { ok: false, code: 'analysis_failed', message: err.message, params: {} } satisfies AnalyzeOutcome, previewPng: null }))
    .then((result) => {
      // maxRSS is the kernel's high-water mark of this process, in KiB.
      const reply: AnalysisChildReply = { ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 };
      process.send!(reply, () => process.disconnect());
    });
});
