// End-to-end test of mspbot's staff page (/staff): a real OpenID provider
// (oidc-provider, certified) on a free loopback port, the mspbot binary
// (BOT_BIN) signing staff in with it, and headless Chromium driven by
// playwright-core. Staff sign in, see a new callback ticket, claim it,
// approve a vendor slot and sign out; non-staff accounts are refused.
//
// Run through ./run (which builds the bot when BOT_BIN is unset).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { strict as assert } from 'node:assert';

import Provider from 'oidc-provider';
import { chromium } from 'playwright-core';

const BOT_BIN = process.env.BOT_BIN;
const ARTIFACTS = process.env.ARTIFACTS || path.join(os.tmpdir(), 'mspbot-e2e-staff');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CLIENT_SECRET = 'e2e-client-secret-0123456789';
assert.ok(BOT_BIN, 'BOT_BIN must name a built ./cmd/mspbot');

// The identity provider's accounts: its login form takes any login name
// (devInteractions); findAccount gives these claims per name.
const accounts = {
  alice: { name: 'Alice Admin', email: 'alice@msp.example', email_verified: true, groups: ['msp-staff', 'everyone'] },
  bob: { name: 'Bob Builder', email: 'bob@msp.example', email_verified: true, groups: ['everyone'] },
  mallory: { name: 'Mallory Client', email: 'mallory@client.example', email_verified: true, groups: ['everyone'] },
  // Claims bob's address, but the provider has not verified it.
  eve: { name: 'Eve', email: 'bob@msp.example', email_verified: false, groups: [] },
};

const cleanups = [];
let lastPage = null;
const step = (msg) => console.log(`[staff-e2e] ${msg}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// listenProvider holds a loopback port for the identity provider (so that
// no other port picked later can be the same) and returns its issuer URL;
// startProvider then puts oidc-provider on it, once the bot's URL, which
// the client registration names, is known.
async function listenProvider() {
  let handler = (req, res) => { res.statusCode = 503; res.end(); };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  return { issuer, attach: (h) => { handler = h; } };
}

async function startProvider(held, botURL) {
  const { issuer } = held;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'mspbot',
      client_secret: CLIENT_SECRET,
      redirect_uris: [`${botURL}/staff/callback`],
      post_logout_redirect_uris: [`${botURL}/staff`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
    // Put the scopes' claims into the ID token, where mspbot reads them.
    conformIdTokenClaims: false,
    findAccount: async (ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, ...(accounts[id] || { email: `${id}@unknown.example`, email_verified: false, groups: [] }) }),
    }),
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['e2e-cookie-key-0123456789abcdef'] },
  });
  held.attach(provider.callback());
  step(`oidc-provider at ${issuer}`);
  return issuer;
}

async function startBot(port, issuer, tmp) {
  const env = {
    PATH: process.env.PATH, HOME: tmp, XDG_CONFIG_HOME: tmp, LANG: 'C.UTF-8', TZ: 'Europe/Berlin',
    MSPBOT_HTTP_ADDR: `127.0.0.1:${port}`,
    MSPBOT_LOG_FORMAT: 'json',
    MSPBOT_VISITOR_KEY_FILE: path.join(tmp, 'visitor-key'),
    MSPBOT_SIGNING_KEY_FILE: path.join(tmp, 'signing-key.pem'),
    MSPBOT_STAFF_OIDC_ISSUER: issuer,
    MSPBOT_STAFF_OIDC_CLIENT_ID: 'mspbot',
    MSPBOT_STAFF_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    MSPBOT_STAFF_OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/staff/callback`,
    MSPBOT_STAFF_OIDC_GROUP: 'msp-staff',
    MSPBOT_STAFF_OIDC_EMAILS: 'bob@msp.example',
  };
  if (process.env.REDIS_URL) {
    env.REDIS_URL = process.env.REDIS_URL;
    env.MSPBOT_REDIS_PREFIX = `e2e-staff-${process.pid}-${Date.now()}`;
  }
  const log = createWriteStream(path.join(ARTIFACTS, 'bot.log'));
  const bot = spawn(BOT_BIN, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  bot.stdout.pipe(log);
  bot.stderr.pipe(log);
  let exited = false;
  bot.on('exit', () => { exited = true; });
  cleanups.push(() => new Promise((resolve) => {
    if (exited) { resolve(); return; }
    bot.once('exit', resolve);
    bot.kill('SIGTERM');
    setTimeout(() => { if (!exited) { bot.kill('SIGKILL'); } }, 5000);
  }));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (exited) { throw new Error(`the bot exited at start; see ${path.join(ARTIFACTS, 'bot.log')}`); }
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) { step(`mspbot at ${base}`); return base; }
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the bot did not become ready in 30 s');
}

async function api(base, pathname, body) {
  const r = await fetch(base + pathname, {
    method: body ? 'POST' : 'GET',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await r.json();
  assert.equal(r.status, 200, `${pathname}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

const say = async (base, conv, user, text) => (await api(base, '/api/messages', { conversation: conv, user, text })).replies;

async function fileRecords(base) {
  let replies = await say(base, 'c-anna', 'anna',
    'Guten Tag, hier Anna Becker von der Kanzlei Becker. Bitte rufen Sie mich morgen zwischen 10 und 12 Uhr zurück, unter 040 6964 5099. Es geht darum, dass unser Drucker im Empfang nicht mehr druckt.');
  if (!replies.some((r) => r.meta?.record?.kind === 'callback')) {
    replies = await say(base, 'c-anna', 'anna', 'ja, passt so');
  }
  const cb = replies.map((r) => r.meta?.record).find((rec) => rec?.kind === 'callback');
  assert.ok(cb, `no callback filed: ${JSON.stringify(replies.map((r) => r.text))}`);
  step(`filed ${cb.id}`);
  await say(base, 'c-kai', 'kai', 'Der Hersteller DATEV muss für das Jahresupdate auf unseren Server SRV-01, etwa 2 Stunden, ohne Adminrechte. ' +
    'Hersteller-Kontakt: support@datev.example, meine E-Mail: it@kanzlei.example. So bald wie möglich bitte.');
  replies = await say(base, 'c-kai', 'kai', '2');
  const va = replies.map((r) => r.meta?.record).find((rec) => rec?.kind === 'vendor');
  assert.ok(va, `no vendor slot held: ${JSON.stringify(replies.map((r) => r.text))}`);
  step(`held ${va.id}`);
  return { cb: cb.id, va: va.id };
}

async function browserContext(name) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `mspbot-chromium-${name}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  cleanups.push(() => ctx.close());
  const page = ctx.pages()[0] || await ctx.newPage();
  page.setDefaultTimeout(15000);
  lastPage = page;
  return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

// signIn goes from /staff through the provider's login and consent pages.
async function signIn(page, base, login) {
  await page.goto(`${base}/staff`);
  await page.click('#signin');
  await page.waitForSelector('input[name="login"]');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any password');
  await page.click('button[type="submit"]');
  // The consent page, the first time this account meets this client.
  await page.waitForURL((u) => u.pathname.startsWith('/staff') || /consent|Authorize/i.test(u.href) || u.pathname.startsWith('/interaction/'));
  if (page.url().includes('/interaction/')) {
    await page.waitForLoadState();
    const consent = page.locator('button[type="submit"]');
    if (await consent.count()) { await consent.first().click(); }
  }
  await page.waitForURL((u) => u.pathname.startsWith('/staff'));
}

async function main() {
  await mkdir(ARTIFACTS, { recursive: true });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'mspbot-e2e-staff-'));
  cleanups.push(() => rm(tmp, { recursive: true, force: true }));
  // the provider's port is held first, so the bot's cannot be the same
  const held = await listenProvider();
  const botPort = await freePort();
  const botURL = `http://127.0.0.1:${botPort}`;
  const issuer = await startProvider(held, botURL);
  const base = await startBot(botPort, issuer, tmp);
  const ids = await fileRecords(base);

  // Staff by group: alice.
  const page = await browserContext('alice');
  await signIn(page, base, 'alice');
  await page.waitForSelector('#who');
  assert.match(await page.textContent('#who'), /alice@msp\.example/);
  const ticket = page.locator(`#feed li[data-record="${ids.cb}"]`).first();
  await ticket.waitFor();
  await shot(page, '01-staff-conversation');
  step('alice sees the new ticket');

  await ticket.locator('button[data-action="ticket:claim"]').click();
  await page.waitForFunction(() => document.getElementById('result').textContent.trim() !== '');
  step(`claimed: ${await page.textContent('#result')}`);
  await page.goto(`${base}/staff/search?ref=${ids.cb}`);
  await page.waitForSelector('#record');
  assert.equal(await page.getAttribute('#record', 'data-state'), 'claimed');
  assert.match(await page.textContent('#record'), /oidc:alice/);
  await shot(page, '02-ticket-claimed');

  await page.goto(`${base}/staff`);
  const slot = page.locator(`#feed li[data-record="${ids.va}"]`).first();
  await slot.waitFor();
  await slot.locator('button[data-action="vendor:approve"]').click();
  await page.waitForFunction(() => document.getElementById('result').textContent.trim() !== '');
  step(`approved: ${await page.textContent('#result')}`);
  await page.goto(`${base}/staff/search?ref=${ids.va}`);
  await page.waitForSelector('#record');
  assert.equal(await page.getAttribute('#record', 'data-state'), 'approved');
  await shot(page, '03-vendor-approved');

  // The client is told, in their own conversation.
  const kai = await api(base, '/api/conversations/c-kai/messages');
  assert.ok(kai.messages.some((m) => /genehmigt/.test(m.text)), 'the client was not told of the approval');

  // The same user id through the JSON API is no staff member.
  const staffRoom = await api(base, '/api/conversations/staff/messages');
  const post = staffRoom.messages.find((m) => m.meta?.record?.id === ids.cb && m.buttons?.length);
  const forged = await api(base, '/api/buttons', { conversation: 'staff', user: 'oidc:alice', message_id: post.id, action: 'ticket:close', value: ids.cb });
  assert.ok(forged.replies.some((r) => /nur Mitarbeiter|only staff/i.test(r.text)), `oidc:alice through the API: ${JSON.stringify(forged)}`);

  // Sign out: the session cookie goes, then the provider's end_session.
  await page.goto(`${base}/staff`);
  await page.click('#logout');
  await page.waitForURL((u) => !u.href.startsWith(base) || u.pathname === '/staff');
  if (!page.url().startsWith(base)) {
    await shot(page, '04-provider-logout');
    await page.click('button[name="logout"]');
    await page.waitForURL((u) => u.href.startsWith(base));
  }
  await page.waitForSelector('#signin');
  const after = await page.evaluate(async () => (await fetch('/staff/messages')).status);
  assert.equal(after, 401, 'still signed in after logout');
  await shot(page, '05-signed-out');
  step('alice signed out');

  // Staff by verified e-mail: bob.
  const pageBob = await browserContext('bob');
  await signIn(pageBob, base, 'bob');
  await pageBob.waitForSelector(`#feed li[data-record="${ids.cb}"]`);
  step('bob (verified e-mail on the list) is staff');

  // Not staff: mallory (no staff group, e-mail not listed) and eve (bob's
  // address, unverified).
  for (const who of ['mallory', 'eve']) {
    const p = await browserContext(who);
    const seen = [];
    p.on('response', (r) => { if (r.url().includes('/staff/callback')) { seen.push(r.status()); } });
    await signIn(p, base, who);
    await p.waitForSelector('#problem');
    assert.match(await p.textContent('#problem'), /not staff/);
    assert.deepEqual(seen, [403], `${who}: callback answered ${seen}`);
    const status = await p.evaluate(async () => (await fetch('/staff/messages')).status);
    assert.equal(status, 401, `${who} got a session`);
    await shot(p, `06-refused-${who}`);
    step(`${who} refused with 403`);
  }
}

let failed = false;
try {
  await main();
  step('PASS');
} catch (err) {
  failed = true;
  console.error('[staff-e2e] FAIL:', err);
  if (lastPage) {
    console.error(`[staff-e2e] last page: ${lastPage.url()}`);
    await shot(lastPage, 'failure').catch(() => {});
  }
} finally {
  for (const c of cleanups.reverse()) {
    try { await c(); } catch { /* best effort */ }
  }
}
process.exit(failed ? 1 : 0);
