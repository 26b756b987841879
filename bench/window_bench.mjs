// What the preview window costs: the host with its window open (on a private
// Xvfb) on its Plugin tab and on its Analysis tab (the live spectrum and the
// measured response), against the same host headless, measured back to back
// in the same run, each with 64 pages connected that ask for the oscilloscope at 60 Hz as
// @wavecraft/core does (and receive the 60 Hz meterUpdate). Reports the
// message thread's CPU (the window's repaints run there, beside the server's
// meter broadcast and timers) and the whole process's, as % of one core, and
// the window's share: the difference. The median over the rounds.
//
// usage: node bench/window_bench.mjs [HOST_BINARY] [SECONDS_PER_CASE] [ROUNDS]
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from '../Tests/e2e/node_modules/ws/wrapper.mjs';
import { startXvfb } from '../Tests/e2e/xvfb.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const hostBinary = process.argv[2] ?? path.join(here, '../build/release/wavecraft-host');
const seconds = Number(process.argv[3] ?? 8);
const rounds = Number(process.argv[4] ?? 3);
const numPages = 64;

function cpuSeconds (pid, thread = null) {
    const file = thread === null ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
    const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime; Linux CLK_TCK is 100
}

async function startHost (withWindow, env) {
    const args = [...(withWindow ? [] : ['--headless']), '--port', '0', '--device-type', 'Virtual', '--input-source', 'sine:440'];
    const child = spawn(hostBinary, args, { stdio: ['ignore', 'pipe', 'ignore'], env });
    let out = '';
    for await (const chunk of child.stdout) {
        out += chunk;
        const match = out.match(/listening (ws:\S+)/);
        if (match) return { url: match[1], child };
    }
    throw new Error('host did not start');
}

async function measure (kind, env) {
    const withWindow = kind !== 'headless';
    const host = await startHost(withWindow, env);
    if (kind === 'analysis') {
        let id = null;
        for (let tries = 0; id === null && tries < 100; ++tries) {
            id = xvfb.windowOf(host.child.pid, 'wavecraft-host');
            if (id === null) await new Promise((r) => setTimeout(r, 50));
        }
        xvfb.xdotool('windowfocus', '--sync', id, 'key', 'ctrl+2');
    }
    const pages = await Promise.all(Array.from({ length: numPages }, async () => {
        const ws = new WebSocket(host.url);
        await once(ws, 'open');
        let id = 0;
        const timer = setInterval(() => ws.send(JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'getOscilloscopeFrame' })), 1000 / 60);
        return { ws, timer };
    }));
    await new Promise((r) => setTimeout(r, 1500)); // the window is up, the pages at pace
    const pid = host.child.pid;
    const [thread0, all0, start] = [cpuSeconds(pid, pid), cpuSeconds(pid), Date.now()];
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const elapsed = (Date.now() - start) / 1000;
    const result = { messageThread: (cpuSeconds(pid, pid) - thread0) / elapsed * 100, process: (cpuSeconds(pid) - all0) / elapsed * 100 };
    pages.forEach((p) => { clearInterval(p.timer); p.ws.terminate(); });
    host.child.kill('SIGTERM');
    await once(host.child, 'exit');
    return result;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const xvfb = await startXvfb();
const home = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-bench-')); // no saved window settings
const env = { ...xvfb.env, HOME: home };
const results = [];

for (let round = 0; round < rounds; ++round) {
    const kinds = ['window', 'analysis', 'headless'];
    const order = round % 2 === 0 ? kinds : [...kinds].reverse();
    const measured = {};
    for (const kind of order) measured[kind] = await measure(kind, env);
    results.push(measured);
    console.log(`round ${round + 1}: message thread ${measured.window.messageThread.toFixed(2)}% with the window, ${measured.analysis.messageThread.toFixed(2)}% on its Analysis tab, `
                + `${measured.headless.messageThread.toFixed(2)}% headless; process ${measured.window.process.toFixed(2)}% / ${measured.analysis.process.toFixed(2)}% / ${measured.headless.process.toFixed(2)}%`);
}

const pick = (side, what) => median(results.map((r) => r[side][what]));
const windowCost = median(results.map((r) => r.window.messageThread - r.headless.messageThread));
const analysisCost = median(results.map((r) => r.analysis.messageThread - r.headless.messageThread));
console.log(`message thread, ${numPages} pages asking the scope at 60 Hz: ${pick('window', 'messageThread').toFixed(2)}% of a core with the window, `
            + `${pick('headless', 'messageThread').toFixed(2)}% headless: the window costs ${windowCost.toFixed(2)}% of a core`);
console.log(`message thread on the Analysis tab (spectrum at 30 Hz, the response): ${pick('analysis', 'messageThread').toFixed(2)}% of a core: it costs ${analysisCost.toFixed(2)}% of a core`);
console.log(`whole host: ${pick('window', 'process').toFixed(2)}% with the window, ${pick('analysis', 'process').toFixed(2)}% on its Analysis tab, ${pick('headless', 'process').toFixed(2)}% headless`);
await xvfb.stop();
rmSync(home, { recursive: true, force: true });
