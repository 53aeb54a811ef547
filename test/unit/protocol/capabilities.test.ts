import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../../src/printer/profiles.js';
import { parseCapabilityLine, parseFirmwareInfo, planSession } from '../../../src/printer/protocol/capabilities.js';

describe('parseFirmwareInfo', () => {
  it.each([
    ['FIRMWARE_NAME:Marlin 2.1.2.1 (Github) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:3D Printer EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff',
      'Marlin 2.1.2.1 (Github)', 'marlin', { MACHINE_TYPE: '3D Printer', EXTRUDER_COUNT: '1', SOURCE_CODE_URL: 'github.com/MarlinFirmware/Marlin' }],
    ['FIRMWARE_NAME:Marlin 1.1.9.1 (Github) SOURCE_CODE_URL:https://github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:Ender-3 EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff',
      'Marlin 1.1.9.1 (Github)', 'marlin', { SOURCE_CODE_URL: 'https://github.com/MarlinFirmware/Marlin', MACHINE_TYPE: 'Ender-3' }],
    ['FIRMWARE_NAME:Prusa-Firmware 3.13.3 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000',
      'Prusa-Firmware 3.13.3 based on Marlin', 'prusa', { MACHINE_TYPE: 'Prusa i3 MK3S' }],
    ['FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85-gd785b396', 'Klipper', 'klipper', { FIRMWARE_VERSION: 'v0.12.0-85-gd785b396' }],
    ['FIRMWARE_NAME: RepRapFirmware for Duet 2 WiFi/Ethernet FIRMWARE_VERSION: 3.4.5 ELECTRONICS: Duet WiFi 1.02 or later FIRMWARE_DATE: 2022-11-30 14:52:40',
      'RepRapFirmware for Duet 2 WiFi/Ethernet', 'reprapfirmware', { FIRMWARE_VERSION: '3.4.5', ELECTRONICS: 'Duet WiFi 1.02 or later', FIRMWARE_DATE: '2022-11-30 14:52:40' }],
    ['FIRMWARE_NAME:Smoothieware, FIRMWARE_URL:http%3A//smoothieware.org, X-SOURCE_CODE_URL:https://github.com/Smoothieware/Smoothieware, FIRMWARE_VERSION:edge-3ba1d7b, X-FIRMWARE_BUILD_DATE:Jul 12 2020 11:21:45, X-SYSTEM_CLOCK:100MHz, X-AXES:5',
      'Smoothieware', 'smoothieware', { FIRMWARE_VERSION: 'edge-3ba1d7b', 'X-SYSTEM_CLOCK': '100MHz', 'X-AXES': '5' }],
    ['FIRMWARE_NAME:Repetier_1.0.3 COMPILED:Mar 17 2019 FIRMWARE_URL:https://github.com/repetier/Repetier-Firmware/ PROTOCOL_VERSION:1.0 MACHINE_TYPE:Mendel EXTRUDER_COUNT:1 REPETIER_PROTOCOL:3',
      'Repetier_1.0.3', 'repetier', { REPETIER_PROTOCOL: '3', COMPILED: 'Mar 17 2019' }],
    ['NAME. Malyan VER: 3.0 MODEL: M200 HW: HA02', 'Malyan', 'malyan', { VER: '3.0', MODEL: 'M200', HW: 'HA02' }],
  ])('%s', (line, name, family, fields) => {
    const info = parseFirmwareInfo(line);
    expect(info.firmwareName).toBe(name);
    expect(info.family).toBe(family);
    expect(info.fields).toMatchObject(fields);
  });
});

describe('capabilities', () => {
  it('parses Cap lines and refuses others', () => {
    expect(parseCapabilityLine('Cap:AUTOREPORT_POS:1')).toEqual({ name: 'AUTOREPORT_POS', enabled: true });
    expect(parseCapabilityLine('Cap:MEATPACK:0')).toEqual({ name: 'MEATPACK', enabled: false });
    expect(parseCapabilityLine('Cap:BROKEN')).toBeNull();
  });

  it('plans autoreports, prompt support and the emergency parser from M115 and the profile', () => {
    const marlin = loadProfile('marlin').dialect;
    const full = planSession({ AUTOREPORT_TEMP: true, AUTOREPORT_POS: true, EMERGENCY_PARSER: true, HOST_ACTION_COMMANDS: true, PROMPT_SUPPORT: true }, marlin);
    expect(full).toEqual({ commands: ['M155 S2', 'M154 S5', 'M876 P1'], autoreportTemp: true, emergencyParser: true });
    const bare = planSession({ AUTOREPORT_TEMP: false, HOST_ACTION_COMMANDS: true, PROMPT_SUPPORT: false }, marlin);
    expect(bare).toEqual({ commands: [], autoreportTemp: false, emergencyParser: false });
    const noAutoreport = planSession({ AUTOREPORT_TEMP: true }, { ...marlin, autoreportTemp: false });
    expect(noAutoreport.autoreportTemp).toBe(false);
    expect(noAutoreport.commands).toEqual([]);
  });
});
