import { describe, expect, it } from 'vitest';
import { classifyError, ErrorMerger } from '../../../src/printer/protocol/errors.js';

describe('ErrorMerger', () => {
  it('joins a Marlin thermal runaway with the halt that follows it, keeping the root cause', () => {
    const m = new ErrorMerger();
    const first = m.push('Error:Thermal Runaway, system stopped! Heater_ID: 0', classifyError('Error:Thermal Runaway, system stopped! Heater_ID: 0'));
    expect(first).toMatchObject({ errorClass: 'fatal', reason: 'thermal_runaway', continues: false });
    const second = m.push('Error:Printer halted. kill() called!', classifyError('Error:Printer halted. kill() called!'));
    expect(second).toMatchObject({
      errorClass: 'fatal', reason: 'thermal_runaway', continues: true, openerClass: 'fatal',
      text: 'Error:Thermal Runaway, system stopped! Heater_ID: 0 / Error:Printer halted. kill() called!',
    });
  });

  it('raises the class when the second line is worse than the first', () => {
    const m = new ErrorMerger();
    m.push('Error:Invalid extruder number !', classifyError('Error:Invalid extruder number !'));
    const second = m.push('Error:Printer halted. kill() called!', classifyError('Error:Printer halted. kill() called!'));
    expect(second).toMatchObject({ errorClass: 'fatal', continues: true, openerClass: 'nonfatal', reason: 'invalid_extruder' });
  });

  it('does not merge across another line or after an ordinary error', () => {
    const m = new ErrorMerger();
    m.push('Error:Thermal Runaway, system stopped! Heater_ID: 0', classifyError('Error:Thermal Runaway'));
    m.interrupt();
    expect(m.push('Error:Printer halted. kill() called!', classifyError('kill() called')).continues).toBe(false);
    const n = new ErrorMerger();
    n.push('Error:checksum mismatch, Last Line: 3', classifyError('Error:checksum mismatch, Last Line: 3'));
    expect(n.push('Error:Line Number is not Last Line Number+1', classifyError('Error:Line Number is not Last Line Number+1')).continues).toBe(false);
  });
});
