// SPDX-License-Identifier: AGPL-3.0-or-later
// `npm run build` (run by CMake) writes the UI that the medoffice binary embeds.
// `npm run dev` serves it from disk with live reload and passes /api to a running server
// (MEDOFFICE_API, default http://127.0.0.1:8080), so cookies stay same-origin.
import { defineConfig } from "vite";

declare const process: { env: Record<string, string | undefined> };

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    target: "es2022",
    // No inline script and no data: URLs, so the app runs under the server's strict CSP.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    proxy: { "/api": { target: process.env.MEDOFFICE_API ?? "http://127.0.0.1:8080" } },
  },
});
