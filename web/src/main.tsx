import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { loadSession } from './api.js';
import { lang } from './i18n.js';
import { useSignal } from './signal.js';
import './styles.css';

// Each page is its own chunk: the maker desk does not download the staff console, and three.js is
// loaded only when a 3D preview opens.
const pages: Record<string, () => Promise<{ Page: ComponentType }>> = {
  '/': () => import('./pages/desk.js'),
  '/approvals': () => import('./pages/approvals.js'),
  '/staff': () => import('./pages/staff.js'),
  '/board': () => import('./pages/board.js'),
};

function App() {
  useSignal(lang); // re-render every page when the language changes
  const [Page, setPage] = useState<ComponentType | null>(null);
  useEffect(() => {
    const path = location.pathname.replace(/\/+$/, '') || '/';
    const load = pages[path] ?? pages['/'];
    Promise.all([load(), path === '/board' ? Promise.resolve() : loadSession()])
      .then(([mod]) => setPage(() => mod.Page));
  }, []);
  return Page ? <Page /> : <p class="loading" aria-busy="true">…</p>;
}

render(<App />, document.getElementById('app')!);
