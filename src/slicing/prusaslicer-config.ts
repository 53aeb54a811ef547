import { SKIRT_DISTANCE_MM, type SlicingSettings } from './slicing-settings.js';

/** The comment our G-code starts its start script with; readProfileSignature looks for it. */
export function signatureComment(signature: string): string {
  return `; tulostamo_profile = ${signature}`;
}

/**
 * A flat `key = value` file as `prusa-slicer --save` writes it: the only format `--load` applies
 * (vendor bundles load with exit code 0 and apply nothing). Multi-line scripts are written with `\n`.
 */
export function toPrusaSlicerIni(s: SlicingSettings, signature: string): string {
  const { x, y, z } = s.bedMm;
  const script = (lines: string[]) => lines.join('\\n');
  const entries: Array<[string, string | number]> = [
    ['bed_shape', `0x0,${x}x0,${x}x${y},0x${y}`],
    ['max_print_height', z],
    ['nozzle_diameter', s.nozzleDiameterMm],
    ['filament_diameter', s.filamentDiameterMm],
    ['gcode_flavor', s.gcodeFlavor],
    // Relative E keeps E values small; PrusaSlicer then refuses to run unless every layer resets E.
    ['use_relative_e_distances', 1],
    ['layer_gcode', 'G92 E0'],
    ['start_gcode', script([signatureComment(signature), ...s.startGcode])],
    ['end_gcode', script(s.endGcode)],
    ['machine_max_feedrate_x', s.maxFeedrateMmS.x],
    ['machine_max_feedrate_y', s.maxFeedrateMmS.y],
    ['machine_max_feedrate_z', s.maxFeedrateMmS.z],
    ['machine_max_feedrate_e', s.maxFeedrateMmS.e],
    ['machine_max_acceleration_extruding', s.maxAccelMmS2],
    ['machine_max_acceleration_retracting', s.maxAccelMmS2],
    ['machine_max_acceleration_travel', s.maxAccelMmS2],
    ['machine_max_acceleration_x', s.maxAccelMmS2],
    ['machine_max_acceleration_y', s.maxAccelMmS2],
    ['retract_length', s.retractLengthMm],
    ['retract_speed', s.retractSpeedMmS],
    ['travel_speed', s.travelSpeedMmS],
    ['first_layer_speed', s.firstLayerSpeedMmS],
    ['perimeter_speed', s.printSpeedMmS],
    ['external_perimeter_speed', s.outerWallSpeedMmS],
    ['infill_speed', s.printSpeedMmS],
    ['solid_infill_speed', s.printSpeedMmS],
    ['top_solid_infill_speed', s.outerWallSpeedMmS],
    ['filament_density', s.densityGPerCm3],
    // Written into the G-code's config block, where our own analysis reads the material back.
    ['filament_type', s.material.toUpperCase()],
    ['filament_max_volumetric_speed', s.maxVolumetricSpeedMm3S],
    ['temperature', s.nozzleTempC],
    ['first_layer_temperature', s.firstLayerNozzleTempC],
    ['bed_temperature', s.heatedBed ? s.bedTempC : 0],
    ['first_layer_bed_temperature', s.heatedBed ? s.firstLayerBedTempC : 0],
    ['cooling', s.fanPercent > 0 ? 1 : 0],
    ['min_fan_speed', s.fanPercent],
    ['max_fan_speed', s.fanPercent],
    ['layer_height', s.layerHeightMm],
    ['first_layer_height', s.firstLayerHeightMm],
    ['perimeters', s.perimeters],
    ['top_solid_layers', s.topLayers],
    ['bottom_solid_layers', s.bottomLayers],
    ['fill_density', `${s.infillPercent}%`],
    ['fill_pattern', 'gyroid'],
    ['support_material', s.supports ? 1 : 0],
    ['support_material_auto', 1],
    ['skirts', 1],
    ['skirt_distance', SKIRT_DISTANCE_MM],
  ];
  return entries.map(([key, value]) => `${key} = ${value}`).join('\n') + '\n';
}
