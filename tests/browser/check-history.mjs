// Drives the pages of a built `aims site --since REV` of the demo repository that only a real
// history gives: the diff since the last approval, the "upstream changed" warning and the
// traceability page's suspect marks (change impact), KPI trend charts, the changes since REV,
// the risk register's acceptances from git. Each must render its history element without
// console errors and with no WCAG 2.1 A/AA violation (axe-core); each is screenshotted.
//
// Usage: node check-history.mjs SITE_DIR ARTIFACTS_DIR

import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { axeViolations, executablePath, launch, requireFiles, stepper, watch } from "./common.mjs";

const [siteArg, artifactsArg] = process.argv.slice(2);
if (!siteArg || !artifactsArg) {
  console.error("usage: node check-history.mjs SITE_DIR ARTIFACTS_DIR");
  process.exit(2);
}
const site = path.resolve(siteArg);
const artifacts = path.resolve(artifactsArg);
requireFiles([["site", path.join(site, "index.html")], ["chromium", executablePath]]);
mkdirSync(artifacts, { recursive: true });

// [screenshot, page, selector that must be visible, what it shows]
const PAGES = [
  ["history-diff.png", "documents/POL-003.html", ".since-approval", "changes since the last approved version"],
  ["history-upstream.png", "documents/AIIA-001.html", "section.upstream", "upstream changed since last review"],
  ["history-traceability.png", "traceability.html", ".suspect", "suspect links"],
  ["history-kpi.png", "documents/OBJ-002.html", "svg.kpi-chart", "KPI trend chart"],
  ["history-changes.png", "changes.html", ".since-approval", "changes since REV"],
  ["history-risks.png", "risks.html", "#risk-RISK-008 .badge.ok", "acceptance from git"],
  ["history-review-pack.png", "review-pack.html", "h1", "management-review input"],
];

const failures = [];
const step = stepper(failures);
const browser = await launch();
try {
  // Pages load in a normal context, watched for problems; axe runs in one that bypasses the
  // site's CSP to inject itself (which makes Chromium refetch assets it then reports).
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  const audited = await (await browser.newContext({ bypassCSP: true })).newPage();
  for (const [shot, relative, selector, what] of PAGES) {
    if (relative === "review-pack.html" && !existsSync(path.join(site, relative))) continue;
    await step(`${relative} shows ${what}`, async () => {
      await page.goto(pathToFileURL(path.join(site, relative)).href, { waitUntil: "load" });
      await page.locator(selector).first().waitFor({ state: "visible", timeout: 5000 });
      await page.screenshot({ path: path.join(artifacts, shot), fullPage: true });
      await audited.goto(pathToFileURL(path.join(site, relative)).href, { waitUntil: "load" });
      const violations = await axeViolations(audited);
      const found = problems.splice(0);
      if (found.length) throw new Error(found.join("; "));
      if (violations.length) throw new Error(violations.join("; "));
    });
  }
  // Every page kind of this site (each top-level page, a document of each kind, a binder
  // section, a search) passes axe too: the demo's pages carry what a single commit lacks.
  const status = JSON.parse(readFileSync(path.join(site, "status.json"), "utf8"));
  const kinds = new Map();
  for (const doc of status.documents) {
    if (doc.id && !kinds.has(doc.kind)) kinds.set(doc.kind, `documents/${doc.id}.html`);
  }
  const pages = [
    ...readdirSync(site).filter((file) => file.endsWith(".html")),
    ...kinds.values(),
    ...readdirSync(path.join(site, "binder")).filter((f) => f.endsWith(".html")).slice(0, 2).map((f) => `binder/${f}`),
  ];
  let violations = 0;
  for (const relative of pages) {
    await step(`axe: ${relative} has no WCAG 2.1 A/AA violations`, async () => {
      await audited.goto(pathToFileURL(path.join(site, relative)).href, { waitUntil: "load" });
      const lines = await axeViolations(audited);
      violations += lines.length;
      if (lines.length) throw new Error(lines.join("; "));
    });
  }
  console.log(`     axe checked ${pages.length} pages (${kinds.size} document kinds): ${violations} violation(s)`);
} finally {
  await browser.close();
}
console.log(`screenshots in ${artifacts}`);
if (failures.length) {
  console.error(`\ncheck-history: ${failures.length} failure(s)`);
  process.exit(1);
}
console.log("check-history: all checks passed");
