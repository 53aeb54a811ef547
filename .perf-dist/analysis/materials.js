/**
 * Materials the library prints with, and what each costs: config/materials.json, edited by staff.
 * The density turns filament length into grams; the temperature limits tighten the printer's in the
 * safety policy; the prices feed cost.ts. Unknown keys are refused so that a misspelt price is not
 * silently free.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
/** src/analysis and dist/analysis both sit two levels below the project root. */
export const MATERIALS_FILE = fileURLToPath(new URL('../../config/materials.json', import.meta.url));
const materialSchema = z.strictObject({
    densityGPerCm3: z.number().positive(),
    maxHotendTempC: z.number().positive(),
    maxBedTempC: z.number().nonnegative(),
    pricePerGram: z.number().nonnegative(),
    pricePerHour: z.number().nonnegative(),
});
const catalogueSchema = z.strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/),
    /** Prints made in a workshop cost nothing (the library's usual rule); false charges them like others. */
    workshopsFree: z.boolean(),
    materials: z.record(z.string().min(1), materialSchema),
});
export function parseMaterials(data, label) {
    const result = catalogueSchema.safeParse(data);
    if (result.success)
        return result.data;
    const details = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('materials_invalid', `${label}: ${details}`, 500, { file: label, details });
}
export function loadMaterials(file = MATERIALS_FILE) {
    let data;
    try {
        data = JSON.parse(readFileSync(file, 'utf8'));
    }
    catch (err) {
        throw new AppError('materials_invalid', `${file}: ${err.message}`, 500, { file });
    }
    return parseMaterials(data, file);
}
/** Looks a material up by name, case-insensitively ("pla" = "PLA"); unknown names are a clear refusal. */
export function findMaterial(catalogue, name) {
    const key = Object.keys(catalogue.materials).find((k) => k.toLowerCase() === name.trim().toLowerCase());
    if (key === undefined) {
        throw new AppError('material_unknown', `unknown material "${name}" (known: ${Object.keys(catalogue.materials).join(', ')})`, 400, { name, known: Object.keys(catalogue.materials) });
    }
    return { name: key, material: catalogue.materials[key] };
}
//# sourceMappingURL=materials.js.map