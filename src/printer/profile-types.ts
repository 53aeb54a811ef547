/**
 * A firmware profile: how one firmware dialect behaves on the wire (`dialect`) and what the machine
 * can do (`machine`). Files live in /firmware-profiles/<name>.json and are validated by profiles.ts.
 */
export type StreamMode = 'pingpong' | 'buffered';

export interface DialectProfile {
  /** Firmware enforces N sequence + checksum (Marlin, Prusa, Repetier, Smoothie). Klipper/RRF: false → never resend. */
  checksLineNumbers: boolean;
  /** Firmware sends `ok` after its resend request (Marlin current, Prusa, Repetier); false = Smoothie, old Marlin. */
  okAfterResend: boolean;
  /** Firmware empties its RX buffer on a line error (Marlin): the tail of a line still arriving runs unnumbered. */
  flushesRxOnLineError: boolean;
  /** Firmware rejects an unnumbered line that carries `*` (Prusa, Marlin 1.x): a flushed tail can never run. */
  rejectsChecksumWithoutLineNumber: boolean;
  rxBufferBytes: number;
  commandBufferLines: number;
  /** MAX_CMD_SIZE: the longest line the firmware keeps, including `N…` and `*cs`, excluding the newline. */
  maxLineBytes: number;
  /** Whether M155 S<n> autoreport should be used when M115 announces AUTOREPORT_TEMP. */
  autoreportTemp: boolean;
  /** EMERGENCY_PARSER assumed even before M115 says so. Usually false: learnt from M115. */
  emergencyParser: boolean;
  /** Firmware answers blank lines and comments with ok (Smoothie): never send them. */
  okOnBlankLines: boolean;
  defaultMode: StreamMode;
  /** Repetier answers stray lines after a resend with `skip N`. */
  sendsSkip: boolean;
  /** Upper bound on oks per line the firmware may emit for one command (Klipper M115 emits `ok FIRMWARE…`). */
  temperaturePollIntervalMs: number;
  /** Communication watchdog: no bytes at all for this long (outside long commands) is a fault. */
  noDataTimeoutMs: number;
  /** No ok for this long while something is in flight → a numbered M105 probe. */
  okTimeoutMs: number;
  /** Consecutive identical resend requests that make a resend loop fault. */
  maxConsecutiveResends: number;
}

export interface MachineProfile {
  name: string;
  /** The printable volume a model must fit, from the origin. */
  buildVolumeMm: { x: number; y: number; z: number };
  /**
   * Where the firmware lets the nozzle go (its soft endstops), when that is more than the build volume:
   * the MK3S lays its purge line at Y -3, on the front edge of the sheet, and so does every file
   * PrusaSlicer's stock profile writes for it. Without it, 0 … buildVolumeMm (see machineReachMm).
   */
  reachMm?: { min: { x: number; y: number; z: number }; max: { x: number; y: number; z: number } };
  nozzleDiameterMm: number;
  filamentDiameterMm: number;
  maxHotendTempC: number;
  maxBedTempC: number;
  extruders: number;
  heatedBed: boolean;
  /** Motion limits for time estimates and the virtual printer's planner. */
  motion: {
    maxFeedrateMmS: { x: number; y: number; z: number; e: number };
    maxAccelMmS2: number;
    junctionDeviationMm: number;
  };
  scripts: {
    pause: string[];
    resume: string[];
    cancel: string[];
    end: string[];
    emergencyAfter: string[];
  };
}

export interface FirmwareProfile {
  name: string;
  title: string;
  /** FIRMWARE_NAME family, for logs and the virtual printer. */
  firmware: 'marlin' | 'prusa' | 'klipper' | 'reprapfirmware' | 'smoothieware' | 'repetier';
  baudRate: number;
  dialect: DialectProfile;
  machine: MachineProfile;
  /** Host safety watchdog limits. */
  safety: {
    /** Temperature reports that stop for this long during a print stop it. */
    tempReportTimeoutMs: number;
    /** While heating toward a target, the temperature must rise by riseMinC within riseWindowMs. */
    heatingRiseWindowMs: number;
    heatingRiseMinC: number;
    /** Send M112 (not only heaters off) when the host watchdog trips. */
    emergencyStopOnAlarm: boolean;
  };
}

/** Min x y z and max x y z (mm) the nozzle may print at: the declared reach, or the build volume from the origin. */
export function machineReachMm(m: MachineProfile): { min: [number, number, number]; max: [number, number, number] } {
  const r = m.reachMm ?? { min: { x: 0, y: 0, z: 0 }, max: m.buildVolumeMm };
  return { min: [r.min.x, r.min.y, r.min.z], max: [r.max.x, r.max.y, r.max.z] };
}
