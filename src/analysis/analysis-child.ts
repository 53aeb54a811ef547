/**
 * Runs one analyzeFile in its own process (forked by IsolatedAnalyzer), so a file that needs more memory
 * or time than the daemon can spare is killed without the daemon, and the daemon's heap never holds an
 * analysis. Protocol over the IPC channel: the parent sends an AnalysisChildRequest, the child answers
 * one AnalysisChildReply and exits.
 */
import { analyzeFile, type AnalyzeFileOptions, type AnalyzeOutcome } from './analyze-file.js';

export interface AnalysisChildRequest { path: string; options: AnalyzeFileOptions }
export interface AnalysisChildReply { outcome: AnalyzeOutcome; peakRssMb: number }

process.once('message', (request: AnalysisChildRequest) => {
  void analyzeFile(request.path, request.options)
    // A fault of ours (not of the file) still gets its own message back, not just a dead child.
    .catch((err: Error): AnalyzeOutcome => ({ ok: false, code: 'analysis_failed', message: err.message, params: {} }))
    .then((outcome) => {
      // maxRSS is the kernel's high-water mark of this process, in KiB.
      const reply: AnalysisChildReply = { outcome, peakRssMb: process.resourceUsage().maxRSS / 1024 };
      process.send!(reply, () => process.disconnect());
    });
});
