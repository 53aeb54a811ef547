import { Buffer } from 'node:buffer';
const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 128 * 1024;
/** PrusaSlicer marks layers with `;LAYER_CHANGE`, CuraEngine with `;LAYER:<n>`. */
const LAYER_MARKERS = [Buffer.from('\n;LAYER_CHANGE'), Buffer.from('\n;LAYER:')];
const OVERLAP = 16;
const SIGNATURE_LINE = /^; tulostamo_profile = (([a-z0-9-]+)\/([a-z0-9-]+)\/([a-z0-9-]+)[^\n]*? sha256:([0-9a-f]{64}))\s*$/m;
/** Finds our header line in the first part of a G-code file; null for G-code not sliced here. */
export function parseProfileSignature(headText) {
    const m = SIGNATURE_LINE.exec(headText);
    return m ? { signature: m[1], printer: m[2], material: m[3], preset: m[4], sha256: m[5] } : null;
}
const number = (text, re) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : null;
};
/** Slicer-written estimates: PrusaSlicer's footer, or CuraEngine's `;TIME:` / `;Filament used:` header. */
export function parseSlicerEstimate(head, tail) {
    const prusaTime = /^; estimated printing time \(normal mode\) = (?:(\d+)d )?(?:(\d+)h )?(?:(\d+)m )?(\d+)s$/m.exec(tail);
    const seconds = prusaTime
        ? Number(prusaTime[1] ?? 0) * 86400 + Number(prusaTime[2] ?? 0) * 3600 + Number(prusaTime[3] ?? 0) * 60 + Number(prusaTime[4])
        : number(head, /^;TIME:(\d+(?:\.\d+)?)\s*$/m);
    const curaMetres = number(head, /^;Filament used: ([\d.]+)m\s*$/m);
    return {
        seconds,
        filamentMm: number(tail, /^; filament used \[mm\] = ([\d.]+)/m) ?? (curaMetres === null ? null : Math.round(curaMetres * 1e6) / 1e3),
        filamentGrams: number(tail, /^; (?:total )?filament used \[g\] = ([\d.]+)/m),
    };
}
/**
 * One pass over freshly sliced G-code, checking that the slicer really produced layers. Only layer
 * markers are searched in the body (Buffer.indexOf, no line splitting), so the pass stays a small
 * fraction of the slicing time even for a 50 MB file.
 */
export class SlicedGcodeScanner {
    head = [];
    headBytes = 0;
    /** The last chunks, at least TAIL_BYTES of them, kept by reference and joined only at the end. */
    tail = [];
    tailBytes = 0;
    /** The stream's last bytes; a newline before the first chunk lets a marker on line 1 match too. */
    previousEnd = Buffer.from('\n');
    layers = 0;
    push(chunk) {
        if (this.headBytes < HEAD_BYTES) {
            this.head.push(chunk.subarray(0, HEAD_BYTES - this.headBytes));
            this.headBytes += this.head[this.head.length - 1].length;
        }
        this.tail.push(chunk);
        this.tailBytes += chunk.length;
        while (this.tailBytes - this.tail[0].length >= TAIL_BYTES)
            this.tailBytes -= this.tail.shift().length;
        // The previous chunk's last bytes are prefixed so a marker split across two chunks is still found once.
        const window = Buffer.concat([this.previousEnd, chunk]);
        for (const marker of LAYER_MARKERS) {
            for (let at = window.indexOf(marker); at !== -1; at = window.indexOf(marker, at + 1)) {
                // Markers wholly inside the overlap were counted with the previous chunk.
                if (at + marker.length > this.previousEnd.length)
                    this.layers++;
            }
        }
        this.previousEnd = Buffer.from(window.subarray(-OVERLAP));
    }
    finish() {
        const head = Buffer.concat(this.head).toString('latin1');
        const tail = Buffer.concat(this.tail).subarray(-TAIL_BYTES).toString('latin1');
        const zs = [...tail.matchAll(/^;Z:([\d.]+)\s*$/gm)];
        return {
            layers: this.layers,
            topZMm: zs.length > 0 ? Number(zs[zs.length - 1][1]) : null,
            signature: parseProfileSignature(head),
            estimate: parseSlicerEstimate(head, tail),
        };
    }
}
//# sourceMappingURL=sliced-gcode-scan.js.map