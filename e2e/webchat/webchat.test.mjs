// Browser tests of mspbot's web chat page, in Debian's Chromium driven by
// playwright-core. Every job of the bot (contract question, callback
// request, vendor appointment, meeting protocol) is talked through in German
// and in English, each at 1280 px (desktop) and 390 px (a phone, touch), in
// a browser of its own (a fresh profile, so a new visitor). After every
// answer it checks that the page did not grow, the newest message and the
// input box are in view, old buttons are disabled, the page speaks the
// conversation's language and touch targets are 44 px high; at the end that
// a reload brings back the visitor's own messages. Screenshots go to
// ARTIFACTS.
//
//   BOT_URL=http://127.0.0.1:8080 ARTIFACTS=/tmp/out node webchat.test.mjs
//
// E2E_QUICK=1 talks each job through once (for scripts/newcomer, whose bot
// has the default rate limits). CHROMIUM overrides /usr/bin/chromium.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BOT_URL = (process.env.BOT_URL || "").replace(/\/$/, "");
const ARTIFACTS = process.env.ARTIFACTS || join(tmpdir(), "mspbot-e2e", "webchat");
const QUICK = process.env.E2E_QUICK === "1";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
if (!BOT_URL) {
  console.error("webchat: set BOT_URL (e.g. http://127.0.0.1:8080)");
  process.exit(2);
}
mkdirSync(ARTIFACTS, { recursive: true });

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  mobile: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

// Answers to the slots the bot asks for (meta.asks), per language; a slot
// asked again gets the next answer of its list.
const ANSWERS = {
  de: {
    name: ["Anna Becker"],
    phone: ["040 696450 99"],
    topic: ["Der Drucker im Büro druckt nicht"],
    time: ["so bald wie möglich", "morgen zwischen 9 und 11 Uhr", "nächste Woche Dienstag von 9 bis 11 Uhr"],
    vendor: ["DATEV"],
    system: ["Server SRV-01"],
    purpose: ["Jahresupdate"],
    duration: ["2 Stunden"],
    admin_reason: ["keine Adminrechte"],
    emails: ["Hersteller: support@datev.example, meine Adresse: it@muster.example"],
  },
  en: {
    name: ["Anna Becker"],
    phone: ["+49 40 696450 99"],
    topic: ["The office printer does not print"],
    time: ["as soon as possible", "tomorrow between 9 and 11", "next Tuesday from 9 to 11"],
    vendor: ["DATEV"],
    system: ["server SRV-01"],
    purpose: ["annual update"],
    duration: ["2 hours"],
    admin_reason: ["no admin rights"],
    emails: ["vendor: support@datev.example, mine: it@muster.example"],
  },
};

// The browser's language: the conversation's where the visitor starts with
// one of the greeting's examples (which are in the browser's language); the
// other one where the visitor types, so that the page's lang attribute must
// follow the conversation, not the browser.
const LOCALE = { de: "de-DE", en: "en-US" };
const OTHER = { de: "en-US", en: "de-DE" };
const typedStart = new Set(["protocol", "page"]);

let failures = 0;
let passed = 0;

async function withPage(name, lang, view, fn) {
  const dir = mkdtempSync(join(tmpdir(), "mspbot-webchat-profile-"));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    locale: (typedStart.has(name) ? OTHER : LOCALE)[lang],
    ...VIEWPORTS[view],
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push("page error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
  const t0 = Date.now();
  try {
    await fn(page, { name, lang, view, shot: (what) => page.screenshot({ path: join(ARTIFACTS, `${lang}-${what}-${VIEWPORTS[view].viewport.width}.png`) }) });
    assert.deepEqual(errors, [], "the page logged errors");
    passed++;
    console.log(`ok   ${name} (${lang}, ${view}) ${Date.now() - t0} ms`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name} (${lang}, ${view}): ${e.stack || e}`);
    await page.screenshot({ path: join(ARTIFACTS, `FAIL-${name}-${lang}-${view}.png`) }).catch(() => {});
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// open loads the page and waits for its first look at the history.
async function open(page) {
  const history = page.waitForResponse((r) => r.url().endsWith("/chat/messages") && r.request().method() === "GET");
  const res = await page.goto(BOT_URL + "/");
  assert.equal(res.status(), 200, "GET /");
  await history;
}

// act runs one step of the visitor's (typing or pressing) and returns the
// bot's answer as the server sent it, once it is on the page.
async function act(page, ctx, step) {
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && /\/chat\/(messages|buttons)$/.test(r.url()));
  await step();
  const res = await answered;
  assert.equal(res.status(), 200, `POST ${res.url()}: ${await res.text()}`);
  const data = await res.json();
  assert.ok(data.replies && data.replies.length > 0, "no answer");
  const last = data.replies[data.replies.length - 1];
  await page.locator(`#log li[data-id="${last.id}"]`).waitFor();
  await page.locator("#log li.typing").waitFor({ state: "detached" });
  await checkView(page, ctx);
  return { data, last, meta: last.meta || {}, text: data.replies.map((r) => r.text).join("\n") };
}

async function type(page, ctx, text) {
  return act(page, ctx, async () => {
    await page.locator("#text").fill(text);
    await page.locator("#text").press("Enter");
  });
}

async function press(page, ctx, label) {
  const button = page.locator("#log li .buttons button:not([disabled])", { hasText: label }).last();
  return act(page, ctx, () => button.click());
}

// checkView holds what must be true after every answer.
async function checkView(page, ctx) {
  const v = await page.evaluate(() => {
    const log = document.getElementById("log");
    const items = Array.from(log.querySelectorAll("li"));
    const newest = items[items.length - 1].getBoundingClientRect();
    const box = log.getBoundingClientRect();
    const input = document.getElementById("text").getBoundingClientRect();
    const send = document.getElementById("send").getBoundingClientRect();
    const lastMine = items.map((li) => li.classList.contains("me")).lastIndexOf(true);
    const oldEnabled = items.slice(0, Math.max(lastMine, 0)).flatMap((li) => Array.from(li.querySelectorAll("button")))
      .filter((b) => !b.disabled).map((b) => b.textContent);
    const small = Array.from(log.querySelectorAll("button")).filter((b) => b.getBoundingClientRect().height < 44).map((b) => b.textContent);
    return {
      innerHeight, scrollHeight: document.documentElement.scrollHeight, bodyScroll: document.body.scrollHeight,
      newest: { top: newest.top, bottom: newest.bottom, height: newest.height },
      log: { top: box.top, bottom: box.bottom, height: box.height },
      input: { top: input.top, bottom: input.bottom }, send: { bottom: send.bottom },
      oldEnabled, small, lang: document.documentElement.lang,
    };
  });
  assert.ok(v.scrollHeight <= v.innerHeight + 1 && v.bodyScroll <= v.innerHeight + 1,
    `the page grew: ${v.scrollHeight}/${v.bodyScroll} px in a ${v.innerHeight} px window`);
  assert.ok(v.input.top >= 0 && v.input.bottom <= v.innerHeight && v.send.bottom <= v.innerHeight,
    `the input box is out of view: ${JSON.stringify(v.input)} in ${v.innerHeight}`);
  assert.ok(v.log.bottom <= v.innerHeight + 1, "the message list reaches below the window");
  const seen = Math.min(v.newest.bottom, v.log.bottom) - Math.max(v.newest.top, v.log.top);
  assert.ok(seen >= Math.min(v.newest.height, v.log.height) - 2,
    `the newest message is not in view: ${JSON.stringify(v.newest)} in the list ${JSON.stringify(v.log)}`);
  assert.deepEqual(v.oldEnabled, [], "buttons before the visitor's last message are still enabled");
  if (ctx.view === "mobile") assert.deepEqual(v.small, [], "buttons under 44 px on a touch screen");
  if (ctx.lang) assert.equal(v.lang, ctx.lang, "the page's lang attribute does not follow the conversation");
}

// fill answers whatever the bot asks for until done(meta) or 12 turns.
async function fill(page, ctx, r, done) {
  const used = {};
  for (let i = 0; i < 12 && !done(r); i++) {
    const slot = (r.meta.asks || [])[0];
    if (slot === "confirm") {
      r = await press(page, ctx, ctx.lang === "de" ? "Ja, aufnehmen" : "Yes");
      continue;
    }
    if (slot === "pick") {
      // the first proposed slot, as a button: its value "1" is sent as if typed
      const first = page.locator("#log li").last().locator(".buttons button").first();
      assert.match(await first.textContent(), /^1\) /, "the slot proposals come without buttons");
      r = await act(page, ctx, () => first.click());
      continue;
    }
    const answers = ANSWERS[ctx.lang][slot];
    assert.ok(answers, `the bot asks for ${slot}, which this test cannot answer: ${r.text}`);
    const n = used[slot] || 0;
    used[slot] = n + 1;
    r = await type(page, ctx, answers[Math.min(n, answers.length - 1)]);
  }
  assert.ok(done(r), `the conversation did not get there: ${r.text}`);
  return r;
}

// greeting checks the empty chat's greeting and presses example i.
async function greeting(page, ctx, i) {
  const g = page.locator("#log li.greeting");
  await g.waitFor();
  const buttons = g.locator("button");
  assert.equal(await buttons.count(), 3, "the greeting offers three examples");
  // The greeting speaks the browser's language.
  const browserLang = (typedStart.has(ctx.name) ? OTHER : LOCALE)[ctx.lang].startsWith("de") ? "de" : "en";
  assert.match(await g.textContent(), browserLang === "de" ? /Guten Tag/ : /Hello/);
  return buttons.nth(i);
}

// reloadKeepsAll reloads the page and checks that every message, the
// visitor's own included, comes back in its order.
async function reloadKeepsAll(page, ctx) {
  const read = () => page.evaluate(() => Array.from(document.querySelectorAll("#log li[data-id]")).map((li) => ({
    who: li.classList.contains("me") ? "me" : "bot",
    text: Array.from(li.childNodes).filter((n) => !(n.classList && n.classList.contains("buttons"))).map((n) => n.textContent).join(""),
  })));
  const before = await read();
  assert.ok(before.some((m) => m.who === "me"), "no own message to keep");
  await page.reload();
  await page.locator("#log li[data-id]").nth(before.length - 1).waitFor();
  const after = await read();
  assert.deepEqual(after, before, "after a reload the conversation is not the same");
  assert.equal(await page.locator("#log li.greeting").count(), 0, "the greeting is repeated after a reload");
  await checkView(page, { ...ctx, view: "reloaded" });
}

const jobs = {
  async contract(page, ctx) {
    await open(page);
    const example = await greeting(page, ctx, 0);
    let r = await act(page, ctx, () => example.click());
    assert.match(r.text, ctx.lang === "de" ? /Quelle: / : /Source: /, "the answer names no source");
    assert.ok((r.meta.sources || []).length > 0 && r.meta.verdict, "meta without sources or verdict");
    assert.equal(await page.locator("#log li.greeting button.chosen").count(), 1, "the pressed example is not marked");
    r = await type(page, ctx, ctx.lang === "de" ? "Warum?" : "Why?");
    await ctx.shot("contract");
    await reloadKeepsAll(page, ctx);
  },

  async callback(page, ctx) {
    await open(page);
    const example = await greeting(page, ctx, 1);
    let r = await act(page, ctx, () => example.click());
    r = await fill(page, ctx, r, (x) => x.meta.record && x.meta.record.kind === "callback");
    assert.match(r.meta.record.id, /^CB-\d{2}-\d{4,}$/);
    assert.ok(r.text.includes(r.meta.record.id), "the reference is not in the text");
    // The phone number the bot repeated in its summary is a tel: link.
    const tel = page.locator('#log li.bot a[href^="tel:"]').first();
    assert.match(await tel.getAttribute("href"), /^tel:\+?\d{7,15}$/);
    await ctx.shot("callback");
    await reloadKeepsAll(page, ctx);
  },

  async vendor(page, ctx) {
    await open(page);
    const example = await greeting(page, ctx, 2);
    let r = await act(page, ctx, () => example.click());
    r = await fill(page, ctx, r, (x) => x.meta.record && x.meta.record.kind === "vendor");
    assert.equal(r.meta.record.state, "pending", "the picked slot is not held");
    assert.match(r.meta.record.id, /^VA-\d{2}-\d{4,}$/);
    // what the slot button sent is the visitor's own message "1"
    assert.equal(await page.locator("#log li.me").last().textContent(), "1");
    await ctx.shot("vendor");
    await reloadKeepsAll(page, ctx);
  },

  async protocol(page, ctx) {
    await open(page);
    await greeting(page, ctx, 0);
    const r = await type(page, ctx, ctx.lang === "de" ? "Wir möchten das Planungsgespräch protokollieren" : "Please start a meeting protocol");
    assert.ok(r.meta.record && r.meta.record.kind === "protocol" && r.meta.record.state === "draft", `no protocol draft: ${r.text}`);
    assert.match(r.meta.record.id, /^PR-\d{2}-\d{4,}$/);
    assert.ok((r.meta.asks || []).includes("title"), "the protocol does not ask for its title");
    await ctx.shot("protocol");
    await reloadKeepsAll(page, ctx);
  },
};

// The page itself: icon, markup in messages shown as text, links only
// http(s) and tel:.
async function pageChecks(page, pctx) {
  const ctx = { ...pctx, lang: null }; // the language of this message is not the point
  await open(page);
  const icon = await page.request.get(BOT_URL + "/static/favicon.svg");
  assert.equal(icon.status(), 200);
  assert.match(icon.headers()["content-type"], /^image\/svg\+xml/);
  assert.equal(await page.locator('link[rel="icon"]').getAttribute("href"), "/static/favicon.svg");
  const hostile = "<b>fett</b> javascript:alert(1) data:text/html,x https://example.com/a?b=1. Tel. 040 696450 99";
  await type(page, ctx, hostile);
  const mine = page.locator("#log li.me").last();
  assert.equal(await mine.locator("b").count(), 0, "markup in a message became an element");
  const links = await mine.locator("a").evaluateAll((as) => as.map((a) => [a.getAttribute("href"), a.rel, a.textContent]));
  assert.deepEqual(links, [["https://example.com/a?b=1", "noopener noreferrer", "https://example.com/a?b=1"], ["tel:04069645099", "", "040 696450 99"]]);
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /Noto Color Emoji/, "no emoji font in the font stack");
}

const t0 = Date.now();
const runs = [];
for (const lang of ["de", "en"]) {
  for (const [name, job] of Object.entries(jobs)) {
    for (const view of Object.keys(VIEWPORTS)) {
      runs.push({ name, job, lang, view });
    }
  }
}
// The quick run: each job once, the languages and sizes taken in turn.
const chosen = QUICK ? Object.keys(jobs).map((name, i) => runs.find((r) => r.name === name &&
  r.lang === (i % 2 ? "en" : "de") && r.view === (i < 2 ? "desktop" : "mobile"))) : runs;
for (const r of chosen) await withPage(r.name, r.lang, r.view, r.job);
if (!QUICK) await withPage("page", "de", "desktop", pageChecks);
console.log(`webchat: ${passed} passed, ${failures} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${ARTIFACTS}`);
process.exit(failures ? 1 : 0);
