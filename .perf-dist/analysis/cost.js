const roundCents = (v) => Math.round(v * 100) / 100;
export function printCost(input, material, pricing) {
    const materialPart = roundCents(Math.max(0, input.filamentGrams) * material.pricePerGram);
    const timePart = roundCents((Math.max(0, input.printSeconds) / 3600) * material.pricePerHour);
    if (input.workshop && pricing.workshopsFree) {
        return { amount: 0, currency: pricing.currency, materialPart, timePart, waived: 'workshop' };
    }
    return { amount: roundCents(materialPart + timePart), currency: pricing.currency, materialPart, timePart, waived: null };
}
//# sourceMappingURL=cost.js.map