import { crc32, deflateSync } from 'node:zlib';
// Isometric camera looking from front-right-above: right, up and toward-viewer axes (orthonormal).
const RIGHT = [Math.SQRT1_2, Math.SQRT1_2, 0];
const UP = [-1 / Math.sqrt(6), 1 / Math.sqrt(6), 2 / Math.sqrt(6)];
const TOWARD = [1 / Math.sqrt(3), -1 / Math.sqrt(3), 1 / Math.sqrt(3)];
const LIGHT = normalise([0.4, -0.7, 1]);
const BASE_RGB = [231, 111, 36];
const MARGIN = 0.06;
function normalise(v) {
    const length = Math.hypot(v[0], v[1], v[2]);
    return [v[0] / length, v[1] / length, v[2] / length];
}
const dot = (v, x, y, z) => v[0] * x + v[1] * y + v[2] * z;
/**
 * A z-buffered flat-shaded rasteriser fed triangle by triangle, so a million-triangle STL is drawn
 * without being held. Faces are lit on both sides: an inverted mesh still looks like itself.
 */
export class PreviewRasteriser {
    sizePx;
    rgba;
    depth;
    scale;
    offsetX;
    offsetY;
    constructor(bbox, sizePx) {
        this.sizePx = sizePx;
        this.rgba = new Uint8Array(sizePx * sizePx * 4);
        this.depth = new Float32Array(sizePx * sizePx).fill(-Infinity);
        let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
        for (let corner = 0; corner < 8; corner++) {
            const x = corner & 1 ? bbox.max[0] : bbox.min[0];
            const y = corner & 2 ? bbox.max[1] : bbox.min[1];
            const z = corner & 4 ? bbox.max[2] : bbox.min[2];
            const sx = dot(RIGHT, x, y, z), sy = dot(UP, x, y, z);
            minX = Math.min(minX, sx);
            maxX = Math.max(maxX, sx);
            minY = Math.min(minY, sy);
            maxY = Math.max(maxY, sy);
        }
        const span = Math.max(maxX - minX, maxY - minY) || 1;
        this.scale = (sizePx * (1 - 2 * MARGIN)) / span;
        this.offsetX = sizePx / 2 - ((minX + maxX) / 2) * this.scale;
        this.offsetY = sizePx / 2 + ((minY + maxY) / 2) * this.scale;
    }
    triangle(ax, ay, az, bx, by, bz, cx, cy, cz) {
        const ux = bx - ax, uy = by - ay, uz = bz - az, vx = cx - ax, vy = cy - ay, vz = cz - az;
        const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        const length = Math.hypot(nx, ny, nz);
        if (!(length > 0))
            return;
        const light = 0.3 + 0.7 * Math.abs(dot(LIGHT, nx, ny, nz) / length);
        const s = this.scale;
        // Screen y grows downwards, hence the minus on the up axis.
        const x0 = this.offsetX + dot(RIGHT, ax, ay, az) * s, y0 = this.offsetY - dot(UP, ax, ay, az) * s, d0 = dot(TOWARD, ax, ay, az);
        const x1 = this.offsetX + dot(RIGHT, bx, by, bz) * s, y1 = this.offsetY - dot(UP, bx, by, bz) * s, d1 = dot(TOWARD, bx, by, bz);
        const x2 = this.offsetX + dot(RIGHT, cx, cy, cz) * s, y2 = this.offsetY - dot(UP, cx, cy, cz) * s, d2 = dot(TOWARD, cx, cy, cz);
        const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
        if (area === 0)
            return;
        const size = this.sizePx;
        const left = Math.max(0, Math.floor(Math.min(x0, x1, x2))), right = Math.min(size - 1, Math.ceil(Math.max(x0, x1, x2)));
        const top = Math.max(0, Math.floor(Math.min(y0, y1, y2))), bottom = Math.min(size - 1, Math.ceil(Math.max(y0, y1, y2)));
        for (let py = top; py <= bottom; py++) {
            const cy0 = py + 0.5;
            for (let px = left; px <= right; px++) {
                const cx0 = px + 0.5;
                const w0 = ((x1 - cx0) * (y2 - cy0) - (x2 - cx0) * (y1 - cy0)) / area;
                const w1 = ((x2 - cx0) * (y0 - cy0) - (x0 - cx0) * (y2 - cy0)) / area;
                const w2 = 1 - w0 - w1;
                if (w0 < 0 || w1 < 0 || w2 < 0)
                    continue;
                const depth = w0 * d0 + w1 * d1 + w2 * d2;
                const pixel = py * size + px;
                if (depth <= this.depth[pixel])
                    continue;
                this.depth[pixel] = depth;
                const o = pixel * 4;
                this.rgba[o] = BASE_RGB[0] * light;
                this.rgba[o + 1] = BASE_RGB[1] * light;
                this.rgba[o + 2] = BASE_RGB[2] * light;
                this.rgba[o + 3] = 255;
            }
        }
    }
}
export function renderPreviewPng(rasteriser) {
    return encodePng(rasteriser.sizePx, rasteriser.sizePx, rasteriser.rgba);
}
/** An 8-bit RGBA PNG: signature, IHDR, one IDAT of filter-0 scanlines, IEND. */
export function encodePng(widthPx, heightPx, rgba) {
    const stride = widthPx * 4;
    const raw = Buffer.alloc((stride + 1) * heightPx);
    for (let y = 0; y < heightPx; y++)
        raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
    const header = Buffer.alloc(13);
    header.writeUInt32BE(widthPx, 0);
    header.writeUInt32BE(heightPx, 4);
    header.set([8, 6, 0, 0, 0], 8);
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header),
        chunk('IDAT', deflateSync(raw)),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}
function chunk(type, data) {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
}
//# sourceMappingURL=preview-png.js.map