// Copy the dashboard's front-end libraries from node_modules into the package's static folder.
// Run by `npm ci` (postinstall), so `make install` (and with it `make demo`, `make test`, .ci/run)
// leaves them in place on a fresh clone. The copies are build products, ignored by git
// (src/frontwatch/serve/static/vendor/.gitignore): package-lock.json pins what they are.
import { copyFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "src", "frontwatch", "serve", "static", "vendor");

// [package file, name in vendor/]: only what the pages load, no source maps.
const FILES = [
  ["leaflet/dist/leaflet.js", "leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet.css"],
  ["leaflet/LICENSE", "LICENSE.leaflet"],
  ["vis-timeline/standalone/umd/vis-timeline-graph2d.min.js", "vis-timeline-graph2d.min.js"],
  ["vis-timeline/styles/vis-timeline-graph2d.min.css", "vis-timeline-graph2d.min.css"],
  ["vis-timeline/LICENSE.MIT.txt", "LICENSE.vis-timeline"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["topojson-client/LICENSE", "LICENSE.topojson-client"],
  ["world-atlas/countries-50m.json", "countries-50m.json"],
  ["world-atlas/LICENSE", "LICENSE.world-atlas"],
];

mkdirSync(vendor, { recursive: true });
let missing = 0;
for (const [from, to] of FILES) {
  const src = join(root, "node_modules", from);
  if (!existsSync(src)) {
    console.error(`build_assets: missing ${src} (run npm ci)`);
    missing += 1;
    continue;
  }
  copyFileSync(src, join(vendor, to));
}
if (missing) process.exit(1);
console.log(`build_assets: ${FILES.length} files copied to ${vendor}`);
