// What the browser checks share: Debian's Chromium launched for a closed network, a watcher
// that collects every console error, page error and failed request, and axe-core's WCAG 2.1
// A/AA audit of a loaded page.

import { chromium } from "playwright-core";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

export const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

export function requireFiles(pairs) {
  for (const [what, where] of pairs) {
    if (!existsSync(where)) {
      console.error(`${what} not found at ${where}`);
      process.exit(2);
    }
  }
}

export async function launch() {
  return chromium.launch({
    executablePath,
    headless: true,
    // Debian's chromium on a closed network: no sandbox (root in CI), and no background traffic
    // to Google's services, which otherwise fails noisily on every start.
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

// Collects every problem a page reports, tagged with the page it came from.
export function watch(page, problems) {
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      const where = message.location();
      problems.push(`${page.url()}: console ${message.type()}: ${message.text()}` +
        (where && where.url ? ` (${where.url}:${where.lineNumber})` : ""));
    }
  });
  page.on("pageerror", (error) => problems.push(`${page.url()}: page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    const reason = request.failure() ? request.failure().errorText : "unknown";
    // A search shard still loading when Enter opens the results page is cancelled by the
    // navigation (ERR_ABORTED); a file that is really missing fails with ERR_FILE_NOT_FOUND.
    if (reason === "net::ERR_ABORTED") return;
    problems.push(`${page.url()}: request failed: ${request.url()} (${reason})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.push(`${page.url()}: HTTP ${response.status()} for ${response.url()}`);
    }
  });
}

// Runs a named check, recording a failure instead of stopping.
export function stepper(failures) {
  return async (name, body) => {
    try {
      await body();
      console.log(`ok   ${name}`);
    } catch (error) {
      const message = `${name}: ${error && error.message ? error.message.split("\n")[0] : error}`;
      failures.push(message);
      console.error(`FAIL ${message}`);
    }
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// axe-core's WCAG 2.1 A and AA rules on the loaded page (its context must bypass CSP: the
// site forbids inline script). Returns one line per violation.
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  }));
  return result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} node(s), first ${v.nodes[0].target.join(" ")}`);
}
