/**
 * Vite builds web/dist for the Fastify server to serve. In development the API, Socket.IO and the
 * health probes stay on the server's port, so the dev server proxies them there.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompress } from './build/precompress.ts';

const apiServer = 'http://localhost:3000';

export default defineConfig({
  plugins: [
    react(),
    // The installable door scanner: manifest and service worker (what it caches: src/sw/sw.ts).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: 'script-defer',
      manifest: {
        name: 'iaTichet',
        short_name: 'iaTichet',
        description: 'Events and tickets, and the check-in scanner for the door.',
        start_url: '/check-in',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#33104d',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,woff2,wasm}'],
        // The QR decoder's WebAssembly is over Workbox's 2 MiB default, and the scanner needs it offline.
        maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
      },
    }),
    precompress(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': apiServer,
      '/socket.io': { target: apiServer, ws: true },
      '/healthz': apiServer,
      '/readyz': apiServer,
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // MUI is one library, loaded once and cached in its own chunk (about 700 kB, 190 kB over the
    // wire compressed); splitting it further buys nothing, and the warning printed at every build.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // Libraries change far less often than our code: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            // The charts (with their d3 parts) only serve the admin's dashboard: their own chunk.
            { name: 'charts', test: /node_modules[\\/](@mui[\\/]x-|d3-|internmap|flatqueue)/, priority: 3 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 2 },
            { name: 'mui', test: /node_modules[\\/](@mui|@emotion|stylis)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
