/**
 * Serves the built web UI (web/dist) when it exists. The client-side routes all load index.html, so a
 * bookmark of /staff or a lobby screen pointed at /board works after a reload.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express from 'express';
export const uiRoutes = ['/', '/approvals', '/staff', '/board'];
export function staticUi(webDir) {
    const root = resolve(webDir);
    const index = resolve(root, 'index.html');
    if (!existsSync(index))
        return null;
    const router = express.Router();
    router.get([...uiRoutes], (_req, res) => { res.sendFile(index); });
    router.use(express.static(root, { index: false, fallthrough: true }));
    return router;
}
//# sourceMappingURL=static-ui.js.map