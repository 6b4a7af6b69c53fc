// Turns wasm-bindgen's and wasm-opt's output into the deployable SPA in dist/: content-
// hashed names under /assets/, index.html and staff.html pointing at them, and .br/.gz siblings of every
// text and wasm file (served as-is by the local server and by CloudFront). Prints sizes.
//
// usage: node app/bundle.mjs <bindgen-out-dir> <dist-dir>
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const [bindgen, dist] = process.argv.slice(2);
if (!bindgen || !dist) {
  console.error("usage: node app/bundle.mjs <bindgen-out-dir> <dist-dir>");
  process.exit(2);
}
const assets = join(dist, "assets");
rmSync(dist, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const hash = (buf) => createHash("sha256").update(buf).digest("hex").slice(0, 16);
const sizes = [];
function emit(stem, ext, buf) {
  const name = `${stem}-${hash(buf)}.${ext}`;
  writeFileSync(join(assets, name), buf);
  precompress(join(assets, name), buf);
  return name;
}
// Compressed on libuv's threads, all at once (brotli at 11 is most of the bundling's
// time); `sizes` keeps the order the files were emitted in.
const compressing = [];
function precompress(path, buf) {
  const i = sizes.push(null) - 1;
  compressing.push(Promise.all([
    promisify(brotliCompress)(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }),
    promisify(gzip)(buf, { level: 9 }),
  ]).then(([br, gz]) => {
    writeFileSync(`${path}.br`, br);
    writeFileSync(`${path}.gz`, gz);
    sizes[i] = { file: path.slice(dist.length + 1), raw: buf.length, gzip: gz.length, brotli: br.length };
  }));
}

// wasm-opt's output (`scripts/build-spa.sh` runs it on each module as cargo builds it).
function optimized(stem) {
  return readFileSync(join(bindgen, `${stem}_bg.opt.wasm`));
}

// Modules of their own, imported by the boot script's loaders on first use, so the
// first load does not carry them: the search engine (`helpdeskSearch()`: the FAQ pages,
// the home page's search) and the chat (`helpdeskChat()`: the chat page, the console).
const lazy = [["helpdeskSearch", "helpdesk_app_search"], ["helpdeskChat", "helpdesk_app_chat"]]
  .map(([loader, stem]) => ({
    loader,
    wasm: emit(`${stem}_bg`, "wasm", optimized(stem)),
    js: emit(stem, "js", readFileSync(join(bindgen, `${stem}.js`))),
  }));
const style = emit("style", "css", readFileSync(join(here, "style.css")));
// The icon: SVG written into each page (345 bytes; a request of its own was one of the
// seven of the first load), /favicon.ico (a 32 px PNG inside) for browsers without SVG
// icons, at the root where they ask for it unprompted.
const icon = "data:image/svg+xml," + encodeURIComponent(readFileSync(join(here, "favicon.svg"), "utf8"));
writeFileSync(join(dist, "favicon.ico"), readFileSync(join(here, "favicon.ico")));
// The installable app's manifest and icons, at fixed addresses (the manifest names them).
const manifest = readFileSync(join(here, "manifest.webmanifest"));
writeFileSync(join(dist, "manifest.webmanifest"), manifest);
precompress(join(dist, "manifest.webmanifest"), manifest);
mkdirSync(join(dist, "icons"));
for (const name of ["icon-192.png", "icon-512.png", "maskable-512.png"]) {
  writeFileSync(join(dist, "icons", name), readFileSync(join(here, "icons", name)));
}
// Written into the citizens' boot modules: the service worker's registration, «Обновить»,
// the offline bar and the home-screen offer (no request of its own).
// Its whole-line comments and indentation left out (1.5 KiB of the first load's brotli).
const pwa = readFileSync(join(here, "pwa.js"), "utf8").split("\n")
  .map((line) => line.trim()).filter((line) => line && !line.startsWith("//")).join("\n") + "\n";

// One page per bundle: index.html (the home page, pre-rendered, with its own small
// module: the citizens' first load), submit.html (the request form, the same way),
// app.html (the citizens' Leptos app: every other
// citizen page), staff.html (the staff's; the server and CloudFront's function answer
// /staff and /staff/* with it, "/" with index.html and the rest with app.html).
async function page(stem, htmlName, { prerender = false, citizens = true } = {}) {
  const wasmOpt = optimized(stem);
  const wasm = emit(`${stem}_bg`, "wasm", wasmOpt);
  const js = emit(stem, "js", readFileSync(join(bindgen, `${stem}.js`)));
  // A separate module instead of an inline script, so the CSP needs no 'unsafe-inline'.
  // Each loader imports its module once and resolves to its exports; the app calls
  // them by name (app/src/search.rs, app/src/chat.rs).
  const loaders = lazy.map(({ loader, wasm: w, js: j }) =>
    `let ${loader}Module;\n` +
    `globalThis.${loader} = () => (${loader}Module ??= import("./${j}")` +
    `.then(async (m) => { await m.default({ module_or_path: "/assets/${w}" }); return m; })` +
    `.catch((e) => { ${loader}Module = undefined; throw e; }));\n`).join("");
  // The home page's module is started by name once in; the Leptos apps start themselves.
  const start = prerender
    ? `import init, { boot } from "./${js}";\n${loaders}init({ module_or_path: "/assets/${wasm}" }).then(() => boot());\n`
    : `import init from "./${js}";\n${loaders}init({ module_or_path: "/assets/${wasm}" });\n`;
  const boot = emit(`boot_${stem}`, "js", Buffer.from(citizens ? start + pwa : start));
  let body = "";
  let title = null;
  if (prerender) {
    // The same module, run here: the Russian page the browser paints before any wasm.
    const m = await import(pathToFileURL(join(bindgen, `${stem}.js`)).href);
    m.initSync({ module: wasmOpt });
    body = m.page("ru");
    title = m.title ? m.title("ru") : null;
  }
  let template = readFileSync(join(here, "index.html"), "utf8");
  if (title) template = template.replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>`);
  const html = template
    .replaceAll("{{style}}", style).replaceAll("{{js}}", js)
    .replaceAll("{{wasm}}", wasm).replaceAll("{{boot}}", boot).replaceAll("{{icon}}", icon)
    .replace("{{body}}", () => body);
  const htmlBuf = Buffer.from(html);
  writeFileSync(join(dist, htmlName), htmlBuf);
  precompress(join(dist, htmlName), htmlBuf);
  return [js, wasm, boot].map((a) => `/assets/${a}`).concat([htmlBuf]);
}
const shell = [
  ["/", await page("helpdesk_app_front", "index.html", { prerender: true })],
  ["/submit", await page("helpdesk_app_form", "submit.html", { prerender: true })],
  ["/app.html", await page("helpdesk_app", "app.html")],
];
await page("helpdesk_staff", "staff.html", { citizens: false });

// The service worker: at the root (its scope is the whole site), under a fixed name
// (browsers look for updates at the same address), never cached long. It keeps the
// citizens' pages and their modules as built here; the version is their hash, so a new
// build is a new worker.
const kept = ["/assets/" + style, ...shell.flatMap(([url, files]) => [url, ...files.slice(0, 3)])];
const version = hash(Buffer.concat([Buffer.from(kept.join("\n")), ...shell.map(([, files]) => files[3])]));
const worker = Buffer.from(readFileSync(join(here, "sw.js"), "utf8").replace("/*{{shell}}*/",
  () => `const VERSION = "${version}";\nconst SHELL = ${JSON.stringify(kept)};`));
writeFileSync(join(dist, "sw.js"), worker);
precompress(join(dist, "sw.js"), worker);

await Promise.all(compressing);
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
console.log("SPA bundle (KiB)            raw     gzip   brotli");
// What each page loads first (its wasm, js, boot script and the style) and what the
// first search adds.
const groups = [
  ["citizens' first load (home and form)", (f) => /^(index|submit)\.html$|helpdesk_app_(front|form)|style-/.test(f)],
  ["  the home page (index.html)", (f) => /^index\.html$|helpdesk_app_front|style-/.test(f)],
  ["  the request form (submit.html)", (f) => /^submit\.html$|helpdesk_app_form|style-/.test(f)],
  ["citizens' other pages (app.html)", (f) => /^app\.html$|helpdesk_app[-_.]|boot_helpdesk_app-|style-/.test(f) && !/_search|_chat|_front|_form/.test(f)],
  ["staff's first load (staff.html)", (f) => /helpdesk_staff|style-/.test(f)],
  ["search module, loaded on first search", (f) => f.includes("_search")],
  ["chat module, loaded when a chat opens", (f) => f.includes("_chat")],
];
for (const s of sizes) {
  console.log(`${s.file.padEnd(44).slice(0, 44)} ${kb(s.raw)} ${kb(s.gzip)} ${kb(s.brotli)}`);
}
for (const [label, member] of groups) {
  const t = { raw: 0, gzip: 0, brotli: 0 };
  for (const s of sizes) if (member(s.file)) for (const k of Object.keys(t)) t[k] += s[k];
  console.log(`${label.padEnd(44)} ${kb(t.raw)} ${kb(t.gzip)} ${kb(t.brotli)}`);
}

// The budget of the citizens' first load (issue 19): the HTML, boot script and module of
// the home page and of the request form, and the style, brotli as served. Over it, the
// build fails.
const BUDGET_KIB = 150;
const first = sizes.filter((s) => groups[0][1](s.file)).reduce((n, s) => n + s.brotli, 0) / 1024;
if (first > BUDGET_KIB) {
  console.error(`the citizens' first load is ${first.toFixed(1)} KiB brotli, over its budget of ${BUDGET_KIB} KiB`);
  process.exit(1);
}
console.log(`citizens' first load ${first.toFixed(1)} KiB brotli: within the budget of ${BUDGET_KIB} KiB`);
