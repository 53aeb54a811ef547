import { describe, expect, it } from 'vitest';
import { parseTemperatureReport, type SensorReading } from '../../../src/printer/protocol/temperatures.js';

const r = (actualC: number | null, targetC: number | null, powerRaw: number | null = null): SensorReading => ({ actualC, targetC, powerRaw });

describe('parseTemperatureReport', () => {
  it.each<[string, string, Record<string, SensorReading>]>([
    ['Marlin single extruder', ' T:210.00 /210.00 B:60.00 /60.00 @:64 B@:127',
      { T0: r(210, 210, 64), B: r(60, 60, 127) }],
    ['Marlin multi-extruder (T is the active tool, duplicated)', 'T:210.0 /210.0 B:60.0 /60.0 T0:210.0 /210.0 T1:25.0 /0.0 @:0 B@:0 @0:30 @1:0',
      { B: r(60, 60, 0), T0: r(210, 210, 30), T1: r(25, 0, 0) }],
    ['Marlin with raw ADC debug values', 'T:20.00 /0.00 (4051.00) B:19.80 /0.00 (4060.00) @:0 B@:0',
      { T0: r(20, 0, 0), B: r(19.8, 0, 0) }],
    ['Marlin heating wait', 'T:200.00 /210.00 B:60.00 /60.00 @:127 B@:0 W:5',
      { T0: r(200, 210, 127), B: r(60, 60, 0) }],
    ['Marlin chamber', 'T:210.0 /210.0 B:60.0 /60.0 C:35.2 /40.0 @:0 B@:0 C@:12',
      { T0: r(210, 210, 0), B: r(60, 60, 0), C: r(35.2, 40, 12) }],
    ['Prusa MK3 (P: probe, A: ambient kept)', 'T:20.2 /0.0 B:19.1 /0.0 T0:20.2 /0.0 @:0 B@:0 P:19.8 A:26.4',
      { B: r(19.1, 0, 0), T0: r(20.2, 0, 0), P: r(19.8, null), A: r(26.4, null) }],
    ['Prusa wait line (E: is the extruder index)', 'T:200.3 E:0 W:?',
      { T0: r(200.3, null) }],
    ['Klipper single extruder (T0 only)', 'B:20.0 /0.0 T0:20.0 /0.0',
      { B: r(20, 0), T0: r(20, 0) }],
    ['Klipper without heaters', 'T:0',
      { T0: r(0, null) }],
    ['Klipper two extruders', 'B:60.0 /60.0 T0:210.0 /210.0 T1:22.0 /0.0',
      { B: r(60, 60), T0: r(210, 210), T1: r(22, 0) }],
    ['RRF', 'T:25.0 /0.0 B:24.5 /0.0',
      { T0: r(25, 0), B: r(24.5, 0) }],
    ['RRF tool 1 without T0 (T means T0)', 'T:25.0 /0.0 T1:26.0 /0.0 B:24.5 /0.0',
      { T0: r(25, 0), T1: r(26, 0), B: r(24.5, 0) }],
    ['Smoothie (@0 power without colon)', 'T:21.3 /0.0 @0 B:21.4 /0.0 @0',
      { T0: r(21.3, 0, 0), B: r(21.4, 0, 0) }],
    ['Smoothie heating', 'T:150.1 /210.0 @255 B:45.0 /60.0 @128',
      { T0: r(150.1, 210, 255), B: r(45, 60, 128) }],
    ['Repetier', 'T:20.00 /0 B:20.20 /0 B@:0 @:0',
      { T0: r(20, 0, 0), B: r(20.2, 0, 0) }],
    ['Repetier target line', 'TargetExtr0:210', { T0: r(null, 210) }],
    ['Repetier bed target line', 'TargetBed:60', { B: r(null, 60) }],
    ['second bed sensor kept', 'T:20.0 /0.0 B:20.0 /0.0 B1:21.0 /0.0', { T0: r(20, 0), B: r(20, 0), B1: r(21, 0) }],
    ['negative reading (disconnected thermistor)', 'T:-14.5 /0.0 B:22.0 /0.0', { T0: r(-14.5, 0), B: r(22, 0) }],
  ])('%s', (_name, line, sensors) => {
    expect(parseTemperatureReport(line).sensors).toEqual(sensors);
  });

  it('resolves a lone T to the active tool', () => {
    expect(Object.keys(parseTemperatureReport('T:200.0 /200.0 B:60 /60', 1).sensors).sort()).toEqual(['B', 'T1']);
  });

  it('reads the heating wait countdown', () => {
    expect(parseTemperatureReport('T:200.00 /210.00 W:5').waitRemainingS).toBe(5);
    expect(parseTemperatureReport('T:200.00 /210.00 W:?').waitRemainingS).toBeNull();
    expect(parseTemperatureReport('T:200.00 /210.00').waitRemainingS).toBeNull();
  });
});
