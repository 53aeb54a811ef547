import { signatureComment } from './prusaslicer-config.js';
import { SKIRT_DISTANCE_MM, type SlicingSettings } from './slicing-settings.js';

export interface CuraOverride {
  /** `e0` for extruder-scoped keys; undefined for global ones. */
  scope?: string;
  key: string;
  value: string;
}

const CURA_FLAVOR: Record<SlicingSettings['gcodeFlavor'], string> = {
  marlin2: 'RepRap (Marlin/Sprinter)',
  marlin: 'RepRap (Marlin/Sprinter)',
  klipper: 'RepRap (Marlin/Sprinter)',
  reprapfirmware: 'RepRap (RepRap)',
};

/**
 * The same library settings as CuraEngine `-s key=value` overrides on its stock fdmprinter definition.
 * CuraEngine reads only default values and evaluates none of Cura's formulas, so every derived setting
 * (line widths, infill line distance, sparse thickness) is computed here.
 */
export function toCuraOverrides(s: SlicingSettings, signature: string, rotateZ90 = false): CuraOverride[] {
  const lineWidthMm = s.nozzleDiameterMm;
  // Grid infill lays two line directions per layer, hence the factor 2.
  const infillLineDistanceMm = s.infillPercent > 0 ? (lineWidthMm * 100 / s.infillPercent) * 2 : 0;
  const global: Record<string, string | number | boolean> = {
    machine_width: s.bedMm.x,
    machine_depth: s.bedMm.y,
    machine_height: s.bedMm.z,
    machine_center_is_zero: false,
    // Without it the mesh's own origin lands on the bed centre.
    center_object: true,
    ...(rotateZ90 ? { mesh_rotation_matrix: '[[0,-1,0],[1,0,0],[0,0,1]]' } : {}),
    machine_heated_bed: s.heatedBed,
    machine_gcode_flavor: CURA_FLAVOR[s.gcodeFlavor],
    machine_start_gcode: [signatureComment(signature), ...s.startGcode].join('\n'),
    machine_end_gcode: s.endGcode.join('\n'),
    // Our start script heats; the Cura GUI turns these off in that case, the bare engine does not.
    material_bed_temp_prepend: false,
    material_print_temp_prepend: false,
    machine_max_acceleration_x: s.maxAccelMmS2,
    machine_max_acceleration_y: s.maxAccelMmS2,
    machine_max_feedrate_x: s.maxFeedrateMmS.x,
    machine_max_feedrate_y: s.maxFeedrateMmS.y,
    machine_max_feedrate_z: s.maxFeedrateMmS.z,
    machine_max_feedrate_e: s.maxFeedrateMmS.e,
    material_print_temperature: s.nozzleTempC,
    material_print_temperature_layer_0: s.firstLayerNozzleTempC,
    material_initial_print_temperature: s.nozzleTempC,
    material_final_print_temperature: s.nozzleTempC,
    material_bed_temperature: s.heatedBed ? s.bedTempC : 0,
    material_bed_temperature_layer_0: s.heatedBed ? s.firstLayerBedTempC : 0,
    cool_fan_enabled: s.fanPercent > 0,
    cool_fan_speed: s.fanPercent,
    layer_height: s.layerHeightMm,
    layer_height_0: s.firstLayerHeightMm,
    infill_sparse_thickness: s.layerHeightMm,
    support_infill_sparse_thickness: s.layerHeightMm,
    line_width: lineWidthMm,
    wall_line_width_0: lineWidthMm,
    wall_line_width_x: lineWidthMm,
    skin_line_width: lineWidthMm,
    infill_line_width: lineWidthMm,
    wall_line_count: s.perimeters,
    top_layers: s.topLayers,
    bottom_layers: s.bottomLayers,
    initial_bottom_layers: s.bottomLayers,
    infill_sparse_density: s.infillPercent,
    infill_pattern: 'grid',
    infill_line_distance: Number(infillLineDistanceMm.toFixed(3)),
    speed_print: s.printSpeedMmS,
    speed_infill: s.printSpeedMmS,
    speed_wall_0: s.outerWallSpeedMmS,
    speed_wall_x: s.printSpeedMmS,
    speed_topbottom: s.outerWallSpeedMmS,
    speed_travel: s.travelSpeedMmS,
    speed_print_layer_0: s.firstLayerSpeedMmS,
    retraction_amount: s.retractLengthMm,
    retraction_speed: s.retractSpeedMmS,
    retraction_retract_speed: s.retractSpeedMmS,
    retraction_prime_speed: s.retractSpeedMmS,
    adhesion_type: 'skirt',
    skirt_line_count: 1,
    skirt_gap: SKIRT_DISTANCE_MM,
    support_enable: s.supports,
  };
  const extruder: Record<string, number> = {
    machine_nozzle_size: s.nozzleDiameterMm,
    material_diameter: s.filamentDiameterMm,
  };
  return [
    ...Object.entries(global).map(([key, value]) => ({ key, value: String(value) })),
    ...Object.entries(extruder).map(([key, value]) => ({ scope: 'e0', key, value: String(value) })),
  ];
}
