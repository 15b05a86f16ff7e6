/**
 * Starts the app: `PORT=3000 QSTASH_CURRENT_SIGNING_KEY=... QSTASH_NEXT_SIGNING_KEY=... npx tsx server.ts`
 * (or compile with tsc and run `node server.js`).
 */
import { createApp } from "./app.js";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
createApp().listen(port, host, () => {
  console.log(`listening on http://${host}:${port}/api/qstash`);
});
