import { writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

/** Where `npm run dev` finds the API server (scripts/dev.mjs starts it; PORT moves both). */
const API_SERVER = process.env.GRIDVOICE_DEV_API ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

/**
 * Writes .br and .gz beside each text file of the build; the server sends them to browsers that
 * accept them (@fastify/static preCompressed) — a third of the bytes on a slow phone network.
 */
function precompress(): Plugin {
  return {
    name: 'gridvoice-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const [name, file] of Object.entries(bundle)) {
        if (!/\.(js|css|html|svg)$/.test(name) || !options.dir) continue;
        const bytes = Buffer.from(file.type === 'asset' ? file.source : file.code);
        if (bytes.length < 1024) continue;
        writeFileSync(resolve(options.dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
        writeFileSync(resolve(options.dir, `${name}.br`), brotliCompressSync(bytes));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': API_SERVER, '/open311': API_SERVER },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The console is an intranet application; antd is large and loaded once, then cached.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Two entries: the console (index.html) and the citizens' pages (public.html: no antd, own light bundle).
      input: { main: resolve(import.meta.dirname, 'index.html'), public: resolve(import.meta.dirname, 'public.html') },
      output: {
        codeSplitting: {
          groups: [
            // React alone is shared with the citizens' pages; the router stays with the console.
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'router', test: /node_modules[\\/]react-router[\\/]/, priority: 3 },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|@emotion|dayjs)[\\/]/,
              priority: 2,
            },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
