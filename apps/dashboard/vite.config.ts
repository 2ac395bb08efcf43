import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

// In development the dashboard runs on Vite (http://localhost:5173) and proxies API calls to the
// API server, so the browser sees one origin and the session cookie just works.
const api = process.env.GOVCONNECT_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  // Workspace packages (the contracts) are read from their TypeScript source, as in tests: no
  // build of them is needed before \`vite\` runs.
  resolve: { conditions: ["@govconnect/source", ...defaultClientConditions] },
  server: {
    port: 5173,
    proxy: { "/trpc": api, "/api": api, "/health": api },
  },
  build: { sourcemap: true },
});
