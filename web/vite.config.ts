import { defineConfig } from 'vite';

// The UI is plain Preact + TypeScript; esbuild's automatic JSX runtime is enough, no plugin needed.
export default defineConfig({
  root: 'web',
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 800,
  },
});
