import { describe, expect, it } from 'vitest';
import { printCost } from '../../../src/analysis/cost.js';
import { findMaterial, loadMaterials, parseMaterials } from '../../../src/analysis/materials.js';

const catalogue = parseMaterials({
  currency: 'EUR', workshopsFree: true,
  materials: { PLA: { densityGPerCm3: 1.24, maxHotendTempC: 230, maxBedTempC: 70, pricePerGram: 0.05, pricePerHour: 0.5 } },
}, 'test');
const pla = catalogue.materials.PLA;

describe('cost', () => {
  it('grams × price per gram + hours × price per hour, in cents', () => {
    expect(printCost({ filamentGrams: 12.14, printSeconds: 5781, workshop: false }, pla, catalogue))
      .toEqual({ amount: 1.41, currency: 'EUR', materialPart: 0.61, timePart: 0.8, waived: null });
  });

  it('workshop prints are free when the catalogue says so, and charged when it does not', () => {
    const input = { filamentGrams: 10, printSeconds: 3600, workshop: true };
    expect(printCost(input, pla, catalogue)).toMatchObject({ amount: 0, waived: 'workshop', materialPart: 0.5, timePart: 0.5 });
    expect(printCost(input, pla, { ...catalogue, workshopsFree: false })).toMatchObject({ amount: 1, waived: null });
  });
});

describe('materials catalogue', () => {
  it('the shipped config/materials.json is valid and names PLA', () => {
    expect(findMaterial(loadMaterials(), 'pla').material.densityGPerCm3).toBe(1.24);
  });

  it('refuses a misspelt key and an unknown material with reason codes', () => {
    expect(() => parseMaterials({ currency: 'EUR', workshopsFree: true, materials: { PLA: { ...pla, pricePerGramm: 1 } } }, 'x'))
      .toThrow(expect.objectContaining({ code: 'materials_invalid' }));
    expect(() => findMaterial(catalogue, 'unobtainium')).toThrow(expect.objectContaining({ code: 'material_unknown' }));
  });
});
