/** The shapes the API sends (see /api/openapi.json); only what the UI reads. */
export interface Finding { code: string; severity: 'info' | 'warning' | 'refuse'; params?: Record<string, unknown> }

/** What analysis found: the same on a job and on a quote. */
export interface Analysis {
  estimateS?: number | null;
  filamentGrams?: number | null;
  costCents?: number | null;
  /** The price's currency (ISO 4217), as the library's catalogue says. */
  currency?: string;
  /** Why there is nothing to pay (a workshop print), or null. */
  costWaived?: 'workshop' | null;
  fitsBed?: boolean | null;
  findings?: Finding[];
  policyFindings?: Finding[];
  previewUrl?: string;
  error?: { code: string; params?: Record<string, unknown> };
  [k: string]: unknown;
}

/** A file analysed (and sliced) before it is sent to the queue. */
export interface Quote {
  id: number;
  state: 'analysing' | 'ready' | 'refused' | 'failed' | 'used' | 'discarded';
  originalFilename: string;
  fileKind: string;
  preset: string | null;
  infillPercent?: number | null;
  supports?: boolean | null;
  outcome: 'passed' | 'refused' | 'needs_slicing' | null;
  analysis: Analysis | null;
  reasonCode: string | null;
  expiresAtMs: number;
}

export interface Job {
  id: number;
  ownerId: number;
  ownerDisplayName: string;
  state: string;
  originalFilename: string;
  fileKind: string;
  printerId: string | null;
  material: string | null;
  preset: string | null;
  infillPercent?: number | null;
  supports?: boolean | null;
  workshopId: number | null;
  priority: number;
  position: number;
  hasPreview?: boolean;
  queuePosition?: number | null;
  /** Seconds from now until a waiting job should be done; null while some estimate ahead is unknown. */
  etaS?: number | null;
  pickupLocation?: string | null;
  analysis: Analysis | null;
  progress: { fraction: number; layer: number | null; elapsedMs: number; remainingMs: number | null } | null;
  submittedAtMs: number;
  patronNote: string | null;
  refusal?: { code: string; params?: Record<string, unknown> } | null;
}

export interface Heater { actualC: number; targetC: number | null }

export interface PrinterStatus {
  printerId: string;
  state: string;
  profile: string;
  firmwareName: string | null;
  hotends: Heater[];
  bed: Heater | null;
  position: { x: number; y: number; z: number; e: number } | null;
  print: {
    jobRef: string; fileName: string; fraction: number; layer: number | null; layers: number | null; elapsedMs: number; remainingMs: number | null;
  } | null;
  error: { code: string; message: string } | null;
}

export interface Printer {
  id: string;
  name?: string;
  state: string;
  bed: 'cleared' | 'occupied' | 'unknown';
  status?: PrinterStatus;
  job?: { id: number; ownerDisplayName: string; originalFilename: string; layers: number | null } | null;
}

export interface Workshop { id: number; title: string; joinCode: string; startsAtMs: number; endsAtMs: number }
