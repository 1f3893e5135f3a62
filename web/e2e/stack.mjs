// Starts what `make run` starts (`python -m devstack --fresh`) on free ports with a
// temporary data folder, and waits for its banner.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BANNER_END = 'Ctrl-C stops everything';
// What the stack does not run from; the built apps are copied on their own.
const NOT_RUN = new Set(['.git', '.venv', 'web', 'tests', 'test-artifacts', '.devstack', 'node_modules', 'build', 'vendor', '.pytest_cache']);

/**
 * A copy of the sources the stack runs from. `chalice local` restarts the API whenever a
 * file under its folder changes, and polls every file there each second: run from the
 * working tree, it would restart at every edit (or npm install) made during a test run.
 */
function snapshot() {
  const folder = mkdtempSync(join(tmpdir(), 'devstack-src-'));
  const notCache = (source) => !source.includes('__pycache__');
  for (const entry of readdirSync(ROOT)) {
    if (!NOT_RUN.has(entry)) cpSync(join(ROOT, entry), join(folder, entry), { recursive: true, filter: notCache });
  }
  for (const app of ['portal', 'admin']) cpSync(join(ROOT, 'web', app, 'dist'), join(folder, 'web', app, 'dist'), { recursive: true });
  return folder;
}

async function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

export async function startStack({ timeoutMs = 120_000 } = {}) {
  const [moto, api, mailbox, portal, admin] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const data = mkdtempSync(join(tmpdir(), 'devstack-e2e-'));
  const sources = snapshot();
  const python = process.env.PYTHON ?? join(ROOT, '.venv/bin/python');
  const child = spawn(python, ['-m', 'devstack', '--fresh'], {
    cwd: sources,
    env: {
      ...process.env,
      MOTO_PORT: String(moto),
      API_PORT: String(api),
      MAILBOX_PORT: String(mailbox),
      PORTAL_PORT: String(portal),
      ADMIN_PORT: String(admin),
      DEVSTACK_DATA: data,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => (output += chunk.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`devstack did not start within ${timeoutMs} ms:\n${output.slice(-3000)}`)), timeoutMs);
    const check = () => {
      if (output.includes(BANNER_END)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`devstack exited (${code}):\n${output.slice(-3000)}`));
    });
  });
  if (output.includes('not built')) throw new Error('The web apps are not built: run `make web` first.');

  return {
    portalUrl: `http://localhost:${portal}/p/silva/`,
    adminUrl: `http://localhost:${admin}/`,
    mailboxUrl: `http://127.0.0.1:${mailbox}/`,
    apiUrl: `http://127.0.0.1:${api}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(data, { recursive: true, force: true });
      rmSync(sources, { recursive: true, force: true });
    },
  };
}
