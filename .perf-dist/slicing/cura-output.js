const PLACEHOLDER_BOUNDS = /^;(MIN|MAX)[XYZ]:[-\d.e+]+\r?\n/gm;
/**
 * CuraEngine writes its 10-line header before slicing, with placeholders (`;TIME:6666`, `;MINX:2.14748e+06`);
 * the real values arrive only as metadata. Patch time and filament in, and drop the bogus bounds,
 * so a reader of the file (our G-code analysis, staff) never trusts a placeholder.
 */
export function patchCuraHeader(head, metadata, filamentDiameterMm) {
    const crossSectionMm2 = Math.PI * (filamentDiameterMm / 2) ** 2;
    const filamentM = metadata.filamentUsage / crossSectionMm2 / 1000;
    return head
        .replace(/^;TIME:.*$/m, `;TIME:${Math.round(metadata.printTime)}`)
        .replace(/^;Filament used: .*$/m, `;Filament used: ${filamentM.toFixed(5)}m`)
        .replace(PLACEHOLDER_BOUNDS, '');
}
/** Cura-wasm reports 0–100 integers; anything else is not a progress line. */
export function parseChildLine(line) {
    const m = /^progress (\d{1,3})$/.exec(line.trim());
    return m ? { progress: Number(m[1]) } : null;
}
//# sourceMappingURL=cura-output.js.map