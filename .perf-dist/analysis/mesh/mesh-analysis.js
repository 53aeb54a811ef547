import { EdgeTable, VertexTable } from './mesh-tables.js';
export const DEFAULT_MAX_TRIANGLES = 10_000_000;
/**
 * Consumes triangles as a parser produces them and keeps only running sums plus the welded vertex and
 * edge tables that topology needs. Volume is summed relative to the first vertex, not the origin, so a
 * model placed far from 0,0,0 keeps its precision.
 */
export class MeshAccumulator {
    context;
    vertices = new VertexTable();
    edges = new EdgeTable();
    count = 0;
    degenerate = 0;
    signedVolume6 = 0;
    areaTimes2 = 0;
    refX = 0;
    refY = 0;
    refZ = 0;
    min = [Infinity, Infinity, Infinity];
    max = [-Infinity, -Infinity, -Infinity];
    maxTriangles;
    refusal = null;
    constructor(context = {}) {
        this.context = context;
        this.maxTriangles = context.maxTriangles ?? DEFAULT_MAX_TRIANGLES;
    }
    expectTriangles(count) {
        // A closed mesh has about half as many vertices and one and a half times as many edges as triangles.
        const triangles = Math.min(count, this.maxTriangles);
        this.vertices.reserve(Math.ceil(triangles / 2) + 2);
        this.edges.reserve(Math.ceil(triangles * 1.5));
    }
    triangle(ax, ay, az, bx, by, bz, cx, cy, cz) {
        if (this.refusal)
            return;
        if (!(Number.isFinite(ax) && Number.isFinite(ay) && Number.isFinite(az) && Number.isFinite(bx) && Number.isFinite(by)
            && Number.isFinite(bz) && Number.isFinite(cx) && Number.isFinite(cy) && Number.isFinite(cz))) {
            this.refusal = { code: 'mesh_non_finite', message: `triangle ${this.count + 1} has a NaN or infinite coordinate`, params: { triangle: this.count + 1 } };
            return;
        }
        if (this.count === this.maxTriangles) {
            this.refusal = { code: 'mesh_too_large', message: `more than ${this.maxTriangles} triangles`, params: { maxTriangles: this.maxTriangles } };
            return;
        }
        if (this.count === 0) {
            this.refX = ax;
            this.refY = ay;
            this.refZ = az;
        }
        this.count++;
        this.extend(ax, ay, az);
        this.extend(bx, by, bz);
        this.extend(cx, cy, cz);
        const ux = bx - ax, uy = by - ay, uz = bz - az;
        const vx = cx - ax, vy = cy - ay, vz = cz - az;
        const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        const doubleArea = Math.sqrt(nx * nx + ny * ny + nz * nz);
        const ia = this.vertices.index(ax, ay, az);
        const ib = this.vertices.index(bx, by, bz);
        const ic = this.vertices.index(cx, cy, cz);
        if (ia === ib || ib === ic || ia === ic) {
            this.degenerate++;
            return;
        }
        // A zero-area sliver with three distinct corners still closes a T-junction, so it keeps its edges.
        if (doubleArea === 0)
            this.degenerate++;
        this.areaTimes2 += doubleArea;
        const px = ax - this.refX, py = ay - this.refY, pz = az - this.refZ;
        // (a-r)·((b-a)×(c-a)) equals (a-r)·((b-r)×(c-r)) and reuses the normal already computed.
        this.signedVolume6 += px * nx + py * ny + pz * nz;
        this.edges.use(ia, ib);
        this.edges.use(ib, ic);
        this.edges.use(ic, ia);
        this.vertices.union(ia, ib);
        this.vertices.union(ib, ic);
    }
    extend(x, y, z) {
        if (x < this.min[0])
            this.min[0] = x;
        if (y < this.min[1])
            this.min[1] = y;
        if (z < this.min[2])
            this.min[2] = z;
        if (x > this.max[0])
            this.max[0] = x;
        if (y > this.max[1])
            this.max[1] = y;
        if (z > this.max[2])
            this.max[2] = z;
    }
    /** The analysis, or the refusal that stopped it. `findings` come from the parser (header quirks…). */
    finish(format, parserFindings) {
        if (this.refusal)
            return { ok: false, refusal: this.refusal };
        if (this.areaTimes2 === 0) {
            return { ok: false, refusal: { code: 'mesh_empty', message: this.count === 0 ? 'the file holds no triangles' : 'every triangle has zero area', params: { triangles: this.count } } };
        }
        const edgeCounts = this.edges.summary();
        const signedVolume = this.signedVolume6 / 6;
        const sizeMm = [this.max[0] - this.min[0], this.max[1] - this.min[1], this.max[2] - this.min[2]];
        const buildVolumeMm = this.context.buildVolumeMm ?? null;
        const fits = buildVolumeMm ? sizeMm[0] <= buildVolumeMm.x && sizeMm[1] <= buildVolumeMm.y && sizeMm[2] <= buildVolumeMm.z : null;
        const fitsRotated90 = buildVolumeMm ? sizeMm[1] <= buildVolumeMm.x && sizeMm[0] <= buildVolumeMm.y && sizeMm[2] <= buildVolumeMm.z : null;
        const volumeMm3 = Math.abs(signedVolume);
        const analysis = {
            kind: 'mesh',
            format,
            triangles: this.count,
            degenerateTriangles: this.degenerate,
            bbox: { min: [...this.min], max: [...this.max] },
            sizeMm,
            volumeMm3,
            areaMm2: this.areaTimes2 / 2,
            shells: this.vertices.components(),
            boundaryEdges: edgeCounts.boundary,
            nonManifoldEdges: edgeCounts.nonManifold,
            misorientedEdges: edgeCounts.misoriented,
            watertight: edgeCounts.boundary === 0 && edgeCounts.nonManifold === 0,
            manifold: edgeCounts.nonManifold === 0 && edgeCounts.misoriented === 0,
            inverted: signedVolume < 0,
            buildVolumeMm,
            fits,
            fitsRotated90,
            solidMassGrams: this.context.densityGPerCm3 === undefined ? null : (volumeMm3 / 1000) * this.context.densityGPerCm3,
            findings: [...parserFindings],
        };
        analysis.findings.push(...meshFindings(analysis));
        return { ok: true, value: analysis };
    }
}
function meshFindings(a) {
    const findings = [];
    const add = (code, message, params) => findings.push({ code, message, params });
    if (a.degenerateTriangles > 0)
        add('degenerate_triangles', `${a.degenerateTriangles} triangles have zero area`, { count: a.degenerateTriangles });
    if (a.boundaryEdges > 0)
        add('mesh_open', `${a.boundaryEdges} edges border a hole`, { edges: a.boundaryEdges });
    if (a.nonManifoldEdges > 0)
        add('mesh_non_manifold', `${a.nonManifoldEdges} edges are shared by more than two triangles`, { edges: a.nonManifoldEdges });
    if (a.misorientedEdges > 0)
        add('mesh_flipped_faces', `${a.misorientedEdges} edges join triangles facing opposite ways`, { edges: a.misorientedEdges });
    if (a.inverted)
        add('mesh_inverted', 'the normals point inwards (negative volume)', {});
    if (a.fits === false) {
        add(a.fitsRotated90 ? 'fits_only_rotated' : 'model_too_large', a.fitsRotated90 ? 'fits the build volume only when turned 90° about Z' : 'larger than the build volume', { sizeMm: a.sizeMm, buildVolumeMm: a.buildVolumeMm });
    }
    return findings;
}
//# sourceMappingURL=mesh-analysis.js.map