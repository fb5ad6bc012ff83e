// Renders one plan with the engine of the built web folder, in node, as
// the page does: `node render.mjs WEB_DIR OUT_DIR PLAN [FILE…]` writes into
// OUT_DIR every file `kehoach render` writes for PLAN. The FILEs are handed
// to the engine beside the plan (the originals an adjustment names).

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

const [web, out, plan, ...others] = process.argv.slice(2);
const glue = await import(pathToFileURL(join(web, "kehoach_web.js")).href);
glue.initSync({ module: readFileSync(join(web, "kehoach_web_bg.wasm")) });

for (const file of others) glue.provide(basename(file), readFileSync(file, "utf8"));
const files = glue.render_files(basename(plan), readFileSync(plan, "utf8"));
mkdirSync(out, { recursive: true });
for (let i = 0; i < files.count(); i++) writeFileSync(join(out, files.name(i)), files.bytes(i));
console.log(`${files.count()} tệp`);
