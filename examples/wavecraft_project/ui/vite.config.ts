import { defineConfig } from 'vite';

// Defaults, as upstream's template: the port comes from the command line
// (`npm run dev -- --port=<port> --strictPort`, as `wavecraft-host start` runs it)
// and the host waits for http://localhost:<port>.
export default defineConfig({
  base: './',
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
