/**
 * What a print costs the patron: grams × price per gram + hours × price per hour of the material, in
 * the library's currency, rounded to cents. Workshop prints are free when the catalogue says so.
 * Pure: figures in, a price out.
 */
import type { Material } from './materials.js';

export interface CostInput {
  filamentGrams: number;
  printSeconds: number;
  /** The job belongs to a workshop. */
  workshop: boolean;
}

export interface Cost {
  amount: number;
  currency: string;
  materialPart: number;
  timePart: number;
  /** Why the amount is zero when it is: the UI says "free (workshop)" rather than "0.00". */
  waived: 'workshop' | null;
}

const roundCents = (v: number) => Math.round(v * 100) / 100;

export function printCost(input: CostInput, material: Material, pricing: { currency: string; workshopsFree: boolean }): Cost {
  const materialPart = roundCents(Math.max(0, input.filamentGrams) * material.pricePerGram);
  const timePart = roundCents((Math.max(0, input.printSeconds) / 3600) * material.pricePerHour);
  if (input.workshop && pricing.workshopsFree) {
    return { amount: 0, currency: pricing.currency, materialPart, timePart, waived: 'workshop' };
  }
  return { amount: roundCents(materialPart + timePart), currency: pricing.currency, materialPart, timePart, waived: null };
}
