// Real-browser smoke test of the notebook toolchain: starts JupyterLab from the project's .venv
// on 127.0.0.1 (random free port, random token), opens a notebook in Debian's Chromium, waits
// for the Java kernel to be idle, inserts a cell that asks ND4J for 21 * 2 and runs it with
// Shift+Enter, checks that "answer=42" appears, and saves a screenshot. JupyterLab's autosave is
// off and nothing is saved, so the notebook on disk must be unchanged afterwards (checked).
// JupyterLab is always shut down. Exit code 0 = passed, 1 = failed, 2 = usage error.
//
// Usage: node tests/browser/jupyterlab-smoke.mjs [notebook] [--screenshot PATH] [--timeout S]
//   notebook     path relative to the project (default notebooks/02-optimizers.ipynb)
//   --screenshot default build/screenshots/jupyterlab.png
//   --timeout    seconds for each wait: server start, kernel idle, cell output (default 180)
// Environment: CHROMIUM (default /usr/bin/chromium).

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Flags as used on this machine kind: no sandbox as root, and no background connections,
// which a closed network refuses (see the project's README, "Tests").
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CELL_CODE = 'System.out.println("answer=" + org.nd4j.linalg.factory.Nd4j.ones(2).mul(21).sumNumber().intValue());';
const EXPECTED = 'answer=42';

function parseArgs(argv) {
  const opts = { notebook: 'notebooks/02-optimizers.ipynb', screenshot: 'build/screenshots/jupyterlab.png', timeout: 180 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--screenshot') opts.screenshot = argv[++i];
    else if (a === '--timeout') opts.timeout = Number(argv[++i]);
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else opts.notebook = a;
  }
  if (!(opts.timeout > 0)) usage('--timeout needs a positive number of seconds');
  return opts;
}

function usage(msg) {
  console.error(`jupyterlab-smoke: ${msg}\nusage: node tests/browser/jupyterlab-smoke.mjs [notebook] [--screenshot PATH] [--timeout S]`);
  process.exit(2);
}

const log = (msg) => console.log(`jupyterlab-smoke: ${msg}`);
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const running = (proc) => Boolean(proc) && proc.exitCode === null && proc.signalCode === null;

/** A TCP port that was free on 127.0.0.1 a moment ago. */
function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}

/** Writes JupyterLab user settings that keep the run side-effect free: no autosave, no news fetch. */
function writeLabSettings(dir) {
  const put = (plugin, obj) => {
    const file = join(dir, plugin + '.jupyterlab-settings');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(obj));
  };
  put('@jupyterlab/docmanager-extension/plugin', { autosave: false });
  put('@jupyterlab/apputils-extension/notification', { fetchNews: 'false', checkForUpdates: false });
}

/** Starts JupyterLab in its own process group; stdout/stderr go to logFile. */
function startLab(port, token, scratch, logFile) {
  const jupyter = join(ROOT, '.venv', 'bin', 'jupyter');
  if (!existsSync(jupyter)) throw new Error(`${jupyter} not found: run scripts/setup-notebooks.sh first`);
  writeLabSettings(join(scratch, 'settings'));
  const env = {
    ...process.env,
    // The project's kernel spec first, and no user-wide Jupyter config or state.
    JUPYTER_PATH: [join(ROOT, '.venv', 'share', 'jupyter'), process.env.JUPYTER_PATH].filter(Boolean).join(':'),
    JUPYTER_CONFIG_DIR: join(scratch, 'config'),
    JUPYTER_DATA_DIR: join(scratch, 'data'),
    JUPYTER_RUNTIME_DIR: join(scratch, 'runtime'),
    JUPYTERLAB_SETTINGS_DIR: join(scratch, 'settings'),
    JUPYTERLAB_WORKSPACES_DIR: join(scratch, 'workspaces'),
  };
  const out = openSync(logFile, 'w');
  return spawn(jupyter, ['lab', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
    `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${ROOT}`, '--allow-root',
    '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'],
  { cwd: ROOT, env, detached: true, stdio: ['ignore', out, out] });
}

async function waitForServer(base, token, lab, timeoutS) {
  const deadline = Date.now() + timeoutS * 1000;
  while (Date.now() < deadline) {
    if (!running(lab)) throw new Error(`JupyterLab exited (${lab.exitCode ?? lab.signalCode}) during start-up`);
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) return;
    } catch { /* not listening yet */ }
    await sleep(250);
  }
  throw new Error(`JupyterLab did not answer on ${base} within ${timeoutS} s`);
}

/**
 * Ends, by process id, whatever this run started that is still alive: JupyterLab's process group
 * and kernels, which jupyter_client starts in their own sessions but whose command line names a
 * connection file in this run's private runtime folder. Synchronous, so it also works on exit.
 */
function killLeftovers(lab, scratch) {
  if (running(lab)) { try { process.kill(-lab.pid, 'SIGKILL'); } catch { /* gone */ } }
  const marker = join(scratch, 'runtime') + '/';
  let pids = [];
  try { pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)); } catch { return; }
  for (const pid of pids) {
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (cmd.includes(marker)) {
      try { process.kill(Number(pid), 'SIGKILL'); log(`ended leftover kernel process ${pid}`); } catch { /* gone */ }
    }
  }
}

/** Graceful shutdown through the API (also stops kernels), then the process group is ended. */
async function stopLab(lab, base, token) {
  if (!running(lab)) return;
  try { await fetch(`${base}/api/shutdown?token=${token}`, { method: 'POST' }); } catch { /* already gone */ }
  for (let i = 0; i < 40 && running(lab); i++) await sleep(250);
  for (const sig of ['SIGTERM', 'SIGKILL']) {
    if (!running(lab)) break;
    try { process.kill(-lab.pid, sig); } catch { /* group gone */ }
    for (let i = 0; i < 20 && running(lab); i++) await sleep(250);
  }
}

// Puts a cell in edit mode. A single click on a new cell's editor failed in about one run in three (the cell
// stayed in command mode, the editor was not laid out yet, or Playwright waited for it to take pointer events
// until the timeout), so this clicks, checks that the editor has the focus, and tries again until it has or the
// timeout passes.
async function enterEditMode(cell, ms) {
  const deadline = Date.now() + ms;
  const editor = cell.locator('.cm-content');
  for (let attempt = 1; ; attempt++) {
    try {
      await editor.click({ force: true, timeout: 3000 }); // fails while the editor is not laid out yet
      await cell.locator('.cm-editor.cm-focused').waitFor({ timeout: 3000 });
      if (attempt > 1) log(`editor focused after ${attempt} clicks`);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`the new cell's editor did not take the focus within ${ms / 1000} s`);
    }
  }
}

async function runInBrowser(url, opts, scratch) {
  const ms = opts.timeout * 1000;
  const context = await chromium.launchPersistentContext(join(scratch, 'chromium-profile'), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 },
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(ms);
    await page.goto(url);
    const panel = page.locator('.jp-NotebookPanel:visible');
    await panel.locator('.jp-Cell').first().waitFor();
    log('notebook shown; waiting for the Java kernel to be idle');
    const kernelName = panel.locator('.jp-Toolbar-kernelName').first();
    try {
      await kernelName.filter({ hasText: /java/i }).waitFor();
    } catch (e) {
      const shown = await kernelName.innerText().catch(() => '?');
      throw new Error(`the notebook's kernel is '${shown.trim()}', not the Java kernel (${e.message.split('\n')[0]})`);
    }
    try {
      await panel.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').waitFor();
    } catch (e) {
      const status = await panel.locator('.jp-Notebook-ExecutionIndicator').getAttribute('data-status').catch(() => '?');
      // 'unknown' here is what JupyterLab >= 4.5 shows for JJava 1.0a8 (notebooks/requirements.in).
      throw new Error(`the Java kernel did not become idle: status '${status}' (${e.message.split('\n')[0]})`);
    }
    log(`kernel idle: ${(await kernelName.innerText()).trim()}`);

    // Select the first cell in command mode, insert a cell above it, type and run it.
    await panel.locator('.jp-Cell .jp-InputPrompt').first().click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('a');
    const cell = panel.locator('.jp-Cell').first();
    await enterEditMode(cell, ms);
    await page.keyboard.insertText(CELL_CODE);
    await page.keyboard.press('Shift+Enter');
    log(`ran: ${CELL_CODE}`);
    await cell.locator('.jp-OutputArea-output', { hasText: EXPECTED }).waitFor();
    await panel.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').waitFor();
    await cell.scrollIntoViewIfNeeded();
    log(`output shows "${EXPECTED}"`);
  } finally {
    mkdirSync(dirname(resolve(ROOT, opts.screenshot)), { recursive: true });
    const page = context.pages()[0];
    if (page) await page.screenshot({ path: resolve(ROOT, opts.screenshot) }).catch((e) => log(`no screenshot: ${e.message}`));
    await context.close();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const notebook = resolve(ROOT, opts.notebook);
  if (!existsSync(notebook)) usage(`notebook not found: ${notebook}`);
  if (!existsSync(CHROMIUM)) usage(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  const before = sha256(notebook);
  const scratch = mkdtempSync(join(tmpdir(), 'jupyterlab-smoke-'));
  const logFile = join(scratch, 'jupyterlab.log');
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  let lab;
  let failed = false;
  // Last resort if this process dies early (e.g. EPIPE when piped into `head`).
  process.stdout.on('error', () => {});
  process.on('exit', () => killLeftovers(lab, scratch));
  const onSignal = async () => { await stopLab(lab, base, token); process.exit(1); };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    lab = startLab(port, token, scratch, logFile);
    await waitForServer(base, token, lab, opts.timeout);
    log(`JupyterLab up on ${base} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const rel = relative(ROOT, notebook).split('/').map(encodeURIComponent).join('/');
    await runInBrowser(`${base}/lab/tree/${rel}?token=${token}`, opts, scratch);
    if (sha256(notebook) !== before) throw new Error(`${opts.notebook} changed on disk during the test`);
    log(`screenshot: ${opts.screenshot}`);
  } catch (e) {
    failed = true;
    console.error(`jupyterlab-smoke: FAILED: ${e.message}`);
    if (existsSync(logFile)) console.error(`--- JupyterLab log (last lines) ---\n${readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n')}`);
  } finally {
    await stopLab(lab, base, token);
    killLeftovers(lab, scratch);
    rmSync(scratch, { recursive: true, force: true });
  }
  log(`${failed ? 'failed' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(failed ? 1 : 0);
}

main();
