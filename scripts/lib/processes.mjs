// Child processes for the build and test scripts: commands that must succeed, long-lived servers torn down with their process group.
import { spawn } from 'node:child_process';
import net from 'node:net';
import http from 'node:http';

/** A command exited non-zero (or was killed); `hint` tells the reader what to do about it. */
class CommandFailedError extends Error {
  constructor(command, exitCode, signal, hint) {
    const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
    super(`\`${command}\` ${how}.${hint ? ` ${hint}` : ''}`);
    this.name = 'CommandFailedError';
    this.command = command;
    this.exitCode = exitCode;
    this.signal = signal;
  }
}

/** A server did not answer within its start-up time. */
class ServerStartTimeoutError extends Error {
  constructor(url, timeoutMs, detail) {
    super(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s.${detail ? ` ${detail}` : ''}`);
    this.name = 'ServerStartTimeoutError';
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Runs a command to completion with inherited output (or captured with `capture: true`).
 * Rejects with CommandFailedError unless it exits 0.
 */
export function runCommand(command, args, options = {}) {
  const { cwd, env = process.env, capture = false, hint } = options;
  const printable = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', (error) =>
      reject(new CommandFailedError(printable, null, null, `${error.message}. ${hint ?? ''}`.trim())),
    );
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve({ stdout, stderr });
        return;
      }
      const tail = capture ? `\n${(stderr || stdout).trim().split('\n').slice(-20).join('\n')}` : '';
      reject(new CommandFailedError(printable, code, signal, `${hint ?? ''}${tail}`.trim()));
    });
  });
}

/** Finds a free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers with any HTTP status, or rejects after `timeoutMs`. */
export async function waitForHttp(url, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) {
      throw new ServerStartTimeoutError(
        url,
        timeoutMs,
        'The server process exited before it answered; its output is above.',
      );
    }
    const answered = await new Promise((resolve) => {
      const request = http.get(url, (response) => {
        response.resume();
        resolve(true);
      });
      request.on('error', () => resolve(false));
      request.setTimeout(2000, () => {
        request.destroy();
        resolve(false);
      });
    });
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new ServerStartTimeoutError(url, timeoutMs, 'Its output is above.');
}

/**
 * A long-lived child (a server) in its own process group, so that stopping it also stops what it spawned
 * (extension hosts, file watchers, ptys). Output lines get `prefix` and go to our stdout.
 */
export class BackgroundProcess {
  constructor(name, command, args, options = {}) {
    this.name = name;
    this.exited = false;
    this.exitCode = null;
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const echo = options.echo ?? true;
    const forward = (stream) => {
      let pending = '';
      stream.on('data', (chunk) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) {
          options.onLine?.(line);
          if (echo) process.stdout.write(`[${name}] ${line}\n`);
        }
      });
    };
    forward(this.child.stdout);
    forward(this.child.stderr);
    this.exitPromise = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code ?? signal;
        resolve(this.exitCode);
      });
    });
    liveProcesses.add(this);
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs` if anything is still there. */
  async stop(graceMs = 5000) {
    liveProcesses.delete(this);
    if (!signalGroup(this.child.pid, 'SIGTERM')) return;
    const timer = setTimeout(() => signalGroup(this.child.pid, 'SIGKILL'), graceMs);
    let giveUp;
    await Promise.race([
      this.exitPromise,
      new Promise((resolve) => {
        giveUp = setTimeout(resolve, graceMs + 1000);
      }),
    ]);
    clearTimeout(timer);
    clearTimeout(giveUp);
    // The leader may exit before its children: make sure no member of the group survives.
    signalGroup(this.child.pid, 'SIGKILL');
  }
}

const liveProcesses = new Set();

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Kills every BackgroundProcess still running; safe to call from exit handlers (synchronous). */
function killAllBackgroundProcesses() {
  for (const background of liveProcesses) signalGroup(background.child.pid, 'SIGKILL');
  liveProcesses.clear();
}

process.on('exit', killAllBackgroundProcesses);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAllBackgroundProcesses();
    process.exit(130);
  });
}
