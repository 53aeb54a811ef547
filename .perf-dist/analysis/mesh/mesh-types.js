/** Shapes shared by the mesh parsers, the analyser and their callers (see index.ts for the entry points). */
export function refusal(code, message, params = {}) {
    return { code, message, params };
}
//# sourceMappingURL=mesh-types.js.map