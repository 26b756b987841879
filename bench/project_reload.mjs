// Project mode's edit-to-heard: `wavecraft-host start` on a copy of
// examples/wavecraft_project (headless, the Virtual device, 128-frame
// blocks), a `.rs` file saved ROUNDS times, 3 s apart (a gain constant
// alternating), each time to the new build's first block heard. The host
// times each rebuild itself (ProjectSession): from the save as inotify saw
// it to the audio thread's stamp of the new build's first block, split into
// the 500 ms the edits are left to settle (upstream's debounce), cargo's
// build, and the host's part (seeing the save, starting cargo, loading and
// swapping in the build).
//
// The peer, in the same run: cargo's own build time, which bounds any tool
// that rebuilds. Upstream's `wavecraft start` rebuilds too, but never swaps
// the audio: its old DSP plays on until a restart.
//
// usage: node bench/project_reload.mjs [HOST_BINARY] [ROUNDS]
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const hostBinary = path.resolve(process.argv[2] ?? 'build/release/wavecraft-host');
const rounds = Number(process.argv[3] ?? 10);
const example = path.resolve(new URL('../examples/wavecraft_project', import.meta.url).pathname);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-project-bench-'));
cpSync(example, folder, { recursive: true, filter: (source) => !/\/(target|node_modules)(\/|$)/.test(source) });
const host = spawn(hostBinary, ['start', folder, '--install', '--headless', '--port', '0', '--ui-port', '5189', '--device-type', 'Virtual',
                                '--buffer-size', '128', '--input-source', 'sine'], { stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '', stderr = '';
host.stdout.on('data', (chunk) => { stdout += chunk; });
host.stderr.on('data', (chunk) => { stderr += chunk; });

const timings = () => [...stderr.matchAll(/build (\d+) heard (\d+) ms after the save: (\d+) ms for the edits to settle, (\d+) ms of cargo, ([\d.]+) ms of the host's/g)]
    .map((m) => ({ total: Number(m[2]), debounce: Number(m[3]), cargo: Number(m[4]), host: Number(m[5]) }));

try {
    while (!/^ui http/m.test(stdout)) {
        if (host.exitCode !== null) throw new Error(`the host ended:\n${stderr}`);
        await sleep(100);
    }

    const file = path.join(folder, 'engine/src/processors/input_trim.rs');
    const original = readFileSync(file, 'utf8');
    const anchor = 'pub fn process_channel(&self, samples: &mut [f32]) {';

    for (let round = 0; round < rounds; ++round) {
        const before = timings().length;
        const gain = round % 2 === 0 ? '0.5' : '0.25';
        writeFileSync(file, original.replace(anchor, `${anchor}\n        for sample in samples.iter_mut() { *sample *= ${gain}; }`));
        const deadline = Date.now() + 60000;
        while (timings().length === before) {
            if (Date.now() > deadline) throw new Error(`round ${round}: no build heard\n${stderr}`);
            await sleep(50);
        }
        await sleep(2000);
    }

    const all = timings();
    console.log(`project mode, ${rounds} saves of a .rs file, the plugin isolated, 128-frame blocks at 48 kHz`);
    console.log(`save to the new build's first block: median ${median(all.map((t) => t.total))} ms, worst ${Math.max(...all.map((t) => t.total))} ms`);
    console.log(`  the edits left to settle (upstream's debounce): ${median(all.map((t) => t.debounce))} ms`);
    console.log(`  cargo's build (the peer): median ${median(all.map((t) => t.cargo))} ms`);
    console.log(`  the host's part: median ${median(all.map((t) => t.host)).toFixed(1)} ms, worst ${Math.max(...all.map((t) => t.host)).toFixed(1)} ms (goal <= 50 ms)`);
} finally {
    host.kill('SIGTERM');
    await new Promise((resolve) => host.once('exit', resolve));
    rmSync(folder, { recursive: true, force: true });
}
