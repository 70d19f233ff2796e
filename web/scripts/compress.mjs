// SPDX-License-Identifier: AGPL-3.0-or-later
// Writes a gzip copy beside each text asset of the build (dist/x.js -> dist/x.js.gz) when it is
// smaller, so that the server can answer Accept-Encoding: gzip without compressing per request.
import { readdirSync, readFileSync, statSync, writeFileSync, unlinkSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, constants } from "node:zlib";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: compress.mjs <dist dir>");
  process.exit(2);
}
function walk(d) {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(js|css|html|svg|json|txt)$/.test(name)) {
      const raw = readFileSync(p);
      const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
      if (gz.length < raw.length * 0.9) writeFileSync(p + ".gz", gz);
      else if (existsSync(p + ".gz")) unlinkSync(p + ".gz");
    }
  }
}
walk(dir);
