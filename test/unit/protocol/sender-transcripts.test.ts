import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTranscript, runTranscript, TRANSCRIPT_DIR } from './transcript.js';

const files = readdirSync(fileURLToPath(TRANSCRIPT_DIR)).filter((f) => f.endsWith('.txt')).sort();

describe('sender transcripts', () => {
  it('has transcripts to run', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(file, () => {
      runTranscript(loadTranscript(file));
    });
  }
});
