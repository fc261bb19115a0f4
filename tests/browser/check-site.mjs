// Drives a built `aims site` in headless Chromium over file:// and fails on anything an auditor
// would trip over: console errors or warnings, script errors, failed requests, a search that
// finds nothing, navigation that needs JavaScript. Saves full-page screenshots for review.
//
// Usage: node check-site.mjs SITE_DIR ARTIFACTS_DIR
// Chromium: $CHROMIUM, else /usr/bin/chromium (Debian's; Playwright never downloads a browser).

import { mkdirSync, readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { axeViolations, executablePath, launch, requireFiles, stepper, watch as watchInto } from "./common.mjs";

const [siteArg, artifactsArg] = process.argv.slice(2);
if (!siteArg || !artifactsArg) {
  console.error("usage: node check-site.mjs SITE_DIR ARTIFACTS_DIR");
  process.exit(2);
}
const site = path.resolve(siteArg);
const artifacts = path.resolve(artifactsArg);
requireFiles([["site", path.join(site, "index.html")], ["chromium", executablePath]]);
mkdirSync(artifacts, { recursive: true });

const TOP_LEVEL = [
  "index.html", "gap.html", "soa.html", "risks.html", "systems.html", "impact.html", "traceability.html",
  "clauses.html", "eu-ai-act.html", "nist-ai-rmf.html", "iso27001.html", "documents.html", "audits.html", "findings.html", "binder.html",
  "search.html",
];
const DOCUMENTS = ["documents/POL-001.html", "documents/RISK-001.html", "documents/AIS-001.html"];
const SEARCH_QUERY = "fairness";
const url = (relative) => pathToFileURL(path.join(site, relative)).href;

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`FAIL ${message}`);
};
const step = stepper(failures);

const browser = await launch();

try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });

  const problems = [];
  const watch = (page) => watchInto(page, problems);
  const takeProblems = (name) => {
    const found = problems.splice(0);
    for (const problem of found) fail(`${name}: ${problem}`);
    if (found.length) throw new Error(`${found.length} console/page/request problem(s)`);
  };

  const page = await context.newPage();
  watch(page);

  for (const relative of [...TOP_LEVEL, ...DOCUMENTS]) {
    await step(`loads ${relative} cleanly`, async () => {
      if (!existsSync(path.join(site, relative))) throw new Error("file missing from the site");
      await page.goto(url(relative), { waitUntil: "load" });
      const h1 = (await page.locator("h1").first().textContent({ timeout: 5000 })) || "";
      if (!h1.trim()) throw new Error("page has no h1 text");
      // The search box is created by search.js: its absence means the script did not run.
      await page.locator("#search input").waitFor({ state: "attached", timeout: 5000 });
      takeProblems(relative);
    });
  }

  await step(`search for "${SEARCH_QUERY}" opens a document`, async () => {
    await page.goto(url("index.html"));
    const box = page.locator("#search input");
    await box.fill(SEARCH_QUERY);
    const results = page.locator("#search-results");
    await results.waitFor({ state: "visible", timeout: 5000 });
    const links = results.locator('a[href*="documents/"]');
    const count = await links.count();
    if (count < 1) throw new Error("no result links to a documents/ page");
    const first = links.first();
    const href = (await first.getAttribute("href")) || "";
    const match = href.match(/documents\/([^/]+)\.html$/);
    if (!match) throw new Error(`first result links to ${href}, not a documents/*.html page`);
    const id = match[1];
    const shown = (await first.locator(".rid").textContent()) || "";
    if (shown.trim() !== id) throw new Error(`result shows id "${shown}" but links to ${href}`);
    console.log(`     ${count} result(s); opening ${id}`);
    await Promise.all([page.waitForURL(/documents\//), first.click()]);
    const h1 = (await page.locator("h1").first().textContent()) || "";
    if (!h1.includes(id)) throw new Error(`opened page's h1 is "${h1.trim()}", expected it to contain ${id}`);
    takeProblems("search");
  });

  await step("search by id ranks the document first", async () => {
    await page.goto(url("soa.html"));
    await page.locator("#search input").fill("POL-001");
    const first = page.locator("#search-results a").first();
    await first.waitFor({ state: "visible", timeout: 5000 });
    const id = ((await first.locator(".rid").textContent()) || "").trim();
    if (id !== "POL-001") throw new Error(`first result is ${id}`);
    await page.keyboard.press("Escape");
    if (await page.locator("#search-results").isVisible()) throw new Error("Escape left the results open");
    takeProblems("search by id");
  });

  await step("keyboard: arrows move through the search results and Enter opens one", async () => {
    await page.goto(url("index.html"));
    const box = page.locator("#search input");
    await box.fill(SEARCH_QUERY);
    await page.locator("#search-results a").first().waitFor({ state: "visible", timeout: 5000 });
    await box.press("ArrowDown");
    const first = await page.evaluate(() => document.activeElement.getAttribute("href"));
    await page.keyboard.press("ArrowDown");
    const second = await page.evaluate(() => document.activeElement.getAttribute("href"));
    if (!first || !second || first === second) throw new Error(`focus went ${first} -> ${second}`);
    await page.keyboard.press("ArrowUp");
    const back = await page.evaluate(() => document.activeElement.getAttribute("href"));
    if (back !== first) throw new Error(`ArrowUp went back to ${back}, not ${first}`);
    await Promise.all([page.waitForURL((target) => target.href.endsWith(first.replace(/^\.\//, ""))),
      page.keyboard.press("Enter")]);
    takeProblems("keyboard search");
  });

  await step("keyboard: a wide table scrolls sideways from its focused region", async () => {
    const narrow = await context.newPage();
    watch(narrow);
    await narrow.setViewportSize({ width: 390, height: 800 });
    await narrow.goto(url("systems.html"));
    const region = narrow.locator(".table-scroll").first();
    // tabindex="0" puts the region in the tab order; focused, the arrow keys scroll it.
    if ((await region.getAttribute("tabindex")) !== "0") throw new Error("region is not in the tab order");
    await region.focus();
    if (!(await region.evaluate((el) => el === document.activeElement))) throw new Error("region not focusable");
    const before = await region.evaluate((el) => el.scrollLeft);
    await narrow.keyboard.press("ArrowRight");
    await narrow.keyboard.press("ArrowRight");
    await narrow.waitForFunction((start) => document.activeElement.scrollLeft > start, before, { timeout: 2000 });
    takeProblems("keyboard table");
    await narrow.close();
  });

  // The full results page, reached from the header box with Enter: every document citing the
  // control, in its frontmatter or its text, is listed (EXPECT_A626 names them).
  await step('search for "A.6.2.6" lists every document citing it', async () => {
    const expected = (process.env.EXPECT_A626 || "").split(",").filter(Boolean).sort();
    if (expected.length < 5) throw new Error(`EXPECT_A626 names only ${expected.length} documents`);
    await page.goto(url("index.html"));
    await page.locator("#search input").fill("A.6.2.6");
    await Promise.all([page.waitForURL(/search\.html\?q=A\.6\.2\.6$/), page.keyboard.press("Enter")]);
    await page.waitForFunction(() => /match/.test(document.getElementById("search-status").textContent),
      null, { timeout: 5000 });
    const ids = (await page.locator("#search-hits .rid").allTextContents()).map((id) => id.trim());
    const missing = expected.filter((id) => !ids.includes(id));
    const extra = ids.filter((id) => !expected.includes(id));
    if (missing.length || extra.length) {
      throw new Error(`results lack ${missing.join(", ") || "nothing"}; unexpected ${extra.join(", ") || "nothing"}`);
    }
    const status = (await page.locator("#search-status").textContent()) || "";
    if (!status.includes(`${expected.length} documents match`)) throw new Error(`status says "${status}"`);
    const fields = await page.locator("#search-hits .fields").allTextContents();
    if (!fields.some((text) => /controls/.test(text))) throw new Error(`no hit names a controls field: ${fields[0]}`);
    // Keyboard: from the query box, Tab reaches the button, then the first result link.
    await page.locator("#search-query").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest("#search-hits") !== null);
    if (!focused) throw new Error("Tab from the query box does not reach the results");
    console.log(`     ${ids.length} result(s): ${ids.join(", ")}`);
    await page.screenshot({ path: path.join(artifacts, "search-results.png"), fullPage: true });
    takeProblems("search results page");
  });

  await step("the header box offers all results", async () => {
    await page.goto(url("documents.html"));
    await page.locator("#search input").fill("risk");
    const all = page.locator('#search-results a[href*="search.html?q=risk"]');
    await all.waitFor({ state: "visible", timeout: 5000 });
    await Promise.all([page.waitForURL(/search\.html\?q=risk$/), all.click()]);
    await page.waitForFunction(() => /match/.test(document.getElementById("search-status").textContent),
      null, { timeout: 5000 });
    if ((await page.locator("#search-hits li").count()) < 1) throw new Error("the results page lists nothing");
    takeProblems("all results");
  });

  const shots = [
    ["dashboard.png", "index.html"],
    ["soa.png", "soa.html"],
    ["document.png", "documents/POL-001.html"],
    ["objective.png", "documents/OBJ-002.html"],
    ["risks.png", "risks.html"],
  ];
  for (const [file, relative] of shots) {
    await step(`screenshot ${file}`, async () => {
      await page.goto(url(relative));
      await page.screenshot({ path: path.join(artifacts, file), fullPage: true });
      takeProblems(`screenshot ${relative}`);
    });
  }
  await step("screenshot search.png (results open)", async () => {
    await page.goto(url("index.html"));
    await page.locator("#search input").fill(SEARCH_QUERY);
    await page.locator("#search-results").waitFor({ state: "visible", timeout: 5000 });
    await page.screenshot({ path: path.join(artifacts, "search.png") });
    takeProblems("screenshot search");
  });
  await step("screenshot print.pdf-like view (print media)", async () => {
    await page.emulateMedia({ media: "print" });
    await page.goto(url("documents/POL-001.html"));
    await page.screenshot({ path: path.join(artifacts, "document-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
    takeProblems("print view");
  });
  await context.close();

  // Accessibility: axe-core on one page of every kind (each top-level page, a document of each
  // document kind, a binder section, the full search results) must report no WCAG 2.1 A or AA
  // violation. The site's CSP forbids inline script, so this context bypasses CSP to inject axe.
  const status = JSON.parse(readFileSync(path.join(site, "status.json"), "utf8"));
  const oneOfEachKind = new Map();
  for (const doc of status.documents) {
    if (doc.id && !oneOfEachKind.has(doc.kind)) oneOfEachKind.set(doc.kind, `documents/${doc.id}.html`);
  }
  const binderSections = readdirSync(path.join(site, "binder")).filter((f) => f.endsWith(".html")).slice(0, 2)
    .map((f) => `binder/${f}`);
  const axePages = [...TOP_LEVEL, ...oneOfEachKind.values(), ...binderSections, "search.html?q=A.6.2.6"];
  const audited = await browser.newContext({ bypassCSP: true, viewport: { width: 1366, height: 900 } });
  const axePage = await audited.newPage();
  let violations = 0;
  for (const relative of axePages) {
    await step(`axe: ${relative} has no WCAG 2.1 A/AA violations`, async () => {
      const [file, query] = relative.split("?");
      await axePage.goto(url(file) + (query ? `?${query}` : ""), { waitUntil: "load" });
      if (query) {
        await axePage.waitForFunction(() => /match/.test(document.getElementById("search-status").textContent),
          null, { timeout: 5000 });
      }
      const lines = await axeViolations(axePage);
      if (lines.length) {
        violations += lines.length;
        throw new Error(lines.join("; "));
      }
    });
  }
  // Responsive: at a phone's width, a small laptop's and a desktop's, no page scrolls sideways;
  // wide tables scroll inside their own focusable region instead.
  for (const width of [390, 1024, 1366]) {
    await step(`no page is wider than a ${width}px window`, async () => {
      await axePage.setViewportSize({ width, height: 900 });
      const wide = [];
      for (const relative of axePages) {
        const [file, query] = relative.split("?");
        await axePage.goto(url(file) + (query ? `?${query}` : ""), { waitUntil: "load" });
        const overflow = await axePage.evaluate(() =>
          document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) wide.push(`${relative} (+${overflow}px)`);
      }
      if (wide.length) throw new Error(wide.join(", "));
    });
  }
  console.log(`     axe checked ${axePages.length} pages (${oneOfEachKind.size} document kinds): ${violations} violation(s)`);
  await audited.close();

  // Without JavaScript every page is still navigable: the links are plain HTML.
  await step("navigation works without JavaScript", async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await plain.newPage();
    watch(noJs);
    await noJs.goto(url("index.html"));
    const hrefs = await noJs.locator("nav a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    // search.html is reached from the search box, which needs JavaScript anyway.
    const missing = TOP_LEVEL.filter((file) => file !== "search.html" && !hrefs.includes(file));
    if (missing.length) throw new Error(`navigation lacks links to ${missing.join(", ")}`);
    if (await noJs.locator("#search input").count()) throw new Error("search box present without JavaScript");
    await noJs.locator('nav a[href="soa.html"]').click();
    await noJs.waitForURL(/soa\.html$/);
    const h1 = (await noJs.locator("h1").first().textContent()) || "";
    if (!/Statement of Applicability/.test(h1)) throw new Error(`soa.html h1 is "${h1}"`);
    takeProblems("no-JS");
    await plain.close();
  });
} finally {
  await browser.close();
}

console.log(`screenshots in ${artifacts}`);
if (failures.length) {
  console.error(`\ncheck-site: ${failures.length} failure(s)`);
  process.exit(1);
}
console.log("check-site: all checks passed");
