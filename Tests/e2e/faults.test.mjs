// A plugin under development that crashes or hangs, on the real binary with
// crash isolation (its default): for each fault the host stays up, the status
// names it (the signal, the call, how much audio had played; a hang is a
// hang, never the device), the same connection keeps answering, a fixed
// build renamed over the path runs again, and SIGTERM ends the host with 0
// within 2 s. (NaN and Inf are tested in-process: Tests/PluginFaultTests.cpp.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, connect, sleep, testPlugin, waitFor } from './host.mjs';

// Blocks of 1024 frames, so that a fault while running comes a second or
// more into the audio, after the page has connected (on a slow machine
// too), and the page is told of it: 50 blocks are 1.07 s at 48 kHz.
const blockArgs = ['--buffer-size', '1024'];
const faults = [
    { plugin: 'tp_segfault_after_50_blocks', code: 'unknown', fields: { subject: 'plugin', fault: 'crash', signal: 'SIGSEGV', call: 'process' }, message: /crashed with SIGSEGV \(a bad memory access\) in process\(\) after 1\.0[5-7] s of audio/ },
    { plugin: 'tp_overrun_after_50_blocks', code: 'unknown', fields: { subject: 'plugin', fault: 'overrun', channels: 'left', overrun: 'past_end', signal: 'SIGSEGV', call: 'process' }, message: /went past the end of its left channel's buffer in process\(\) \(SIGSEGV\) after 1\.0[5-7] s of audio/, hint: /^look for a loop over the samples that runs past num_samples/ },
    { plugin: 'tp_abort_after_50_blocks', code: 'unknown', fields: { subject: 'plugin', fault: 'crash', signal: 'SIGABRT', call: 'process' }, message: /crashed with SIGABRT \(abort\(\), or a failed assertion\) in process\(\) after 1\.0[5-7] s of audio/ },
    { plugin: 'tp_fpe_after_50_blocks', code: 'unknown', fields: { subject: 'plugin', fault: 'crash', signal: 'SIGFPE', call: 'process' }, message: /crashed with SIGFPE \(an integer division by zero\) in process\(\) after 1\.0[5-7] s of audio/ },
    { plugin: 'tp_crash_in_create', whileLoading: true, code: 'processorCreateFailed', fields: { subject: 'plugin', fault: 'crash', signal: 'SIGSEGV', call: 'create' }, message: /crashed with SIGSEGV \(a bad memory access\) in create\(\) while loading/ },
    { plugin: 'tp_crash_in_params', whileLoading: true, code: 'loaderUnavailable', fields: { subject: 'plugin', fault: 'crash', signal: 'SIGSEGV', call: 'wavecraft_get_params_json' }, message: /crashed with SIGSEGV \(a bad memory access\) in wavecraft_get_params_json\(\) while loading/ },
    { plugin: 'tp_hangs_after_100_blocks', code: 'unknown', fields: { subject: 'plugin', fault: 'hang', call: 'process' }, message: /process\(\) has not returned for [0-9.]+ s: it hangs/ },
    { plugin: 'tp_hangs_in_apply_after_100_blocks', code: 'unknown', fields: { subject: 'plugin', fault: 'hang', call: 'apply_plain_values' }, message: /apply_plain_values\(\) has not returned for [0-9.]+ s: it hangs/ },
];

async function statusOf (page) {
    return (await page.request('getAudioStatus')).result.status;
}

for (const fault of faults) {
    test(`${fault.plugin}: named in the status, the host keeps serving, a fixed build runs, SIGTERM exits 0 within 2 s`, async () => {
        const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-faults-'));
        const pluginPath = path.join(folder, 'libmine.so');
        copyFileSync(testPlugin(fault.plugin), pluginPath);
        const host = await startHost(blockArgs, { plugin: pluginPath });
        const page = await connect(host.url);
        try {
            let status = null;
            await waitFor(async () => (status = await statusOf(page))?.phase === 'failed', 'status failed');
            assert.match(status.diagnostic.message, fault.message);
            assert.match(status.diagnostic.message, /^(libmine\.so|the plugin)/);
            assert.equal(status.diagnostic.code, fault.code);
            // What a program acts on, without reading the words.
            for (const [key, value] of Object.entries(fault.fields))
                assert.equal(status.diagnostic[key], value, `diagnostic.${key}`);
            assert.match(status.diagnostic.hint, fault.hint ?? /in the host's own process under gdb.*: gdb --args wavecraft-host --in-process --plugin \S+libmine\.so$/,
                         'the hint says how to find it');
            // The log is written beside the page's notice, not before it: waited for, then counted.
            await waitFor(() => host.stderr().includes(status.diagnostic.message), 'the status in the log');
            await sleep(200);
            assert.equal(host.stderr().split('\n').filter((line) => line.includes(status.diagnostic.message)).length, 1, `said once:\n${host.stderr()}`);
            assert.doesNotMatch(host.stderr(), /stopped delivering audio/);

            // Still serving, on the same connection.
            await sleep(300);
            assert.ok((await page.request('ping')).result !== undefined);
            assert.equal((await statusOf(page)).phase, 'failed');

            // The fix lands like a build tool's: written beside, renamed over.
            copyFileSync(testPlugin('tp_v2'), pluginPath + '.tmp');
            renameSync(pluginPath + '.tmp', pluginPath);
            const fixedFrom = page.notifications.length; // meters from here on are the fixed build's
            await waitFor(async () => (await statusOf(page)).phase === 'runningFullDuplex', 'the fixed build running');
            const phases = page.notifications.filter((n) => n.method === 'audioStatusChanged').map((n) => n.params.phase);
            // A load that failed did so before the page connected; a fault while running is told.
            assert.ok((fault.whileLoading || phases.includes('failed')) && phases.at(-1) === 'runningFullDuplex',
                      `audioStatusChanged both ways: ${phases}`);
            await waitFor(() => page.notifications.slice(fixedFrom).some((n) => n.method === 'meterUpdate' && n.params.left_peak > 0.1), 'the fixed build heard');
        } finally {
            page.close();
            const started = Date.now();
            const code = await host.stop();
            const took = Date.now() - started;
            rmSync(folder, { recursive: true, force: true });
            assert.equal(code, 0, host.stderr());
            assert.ok(took < 2000, `SIGTERM took ${took} ms`);
        }
    });
}

function childProcesses (pid) {
    // A thread that ended between the listing and the read has no children to tell.
    const childrenOf = (task) => {
        try { return readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter((child) => child !== ''); } catch { return []; }
    };
    return readdirSync(`/proc/${pid}/task`).flatMap(childrenOf);
}

// The host keeps a spare worker waiting (asleep) for the next build: the
// plugin's own worker is the one running.
function runningChildren (pid) {
    const isRunning = (child) => {
        try { return readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1].startsWith('R'); } catch { return false; }
    };
    return childProcesses(pid).filter(isRunning);
}

test('an isolated plugin hung for 5 s is ended, freeing its core: the status still says it hangs, and a fixed build runs', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-faults-'));
    const pluginPath = path.join(folder, 'libmine.so');
    copyFileSync(testPlugin('tp_hangs_after_100_blocks'), pluginPath);
    const host = await startHost([], { plugin: pluginPath });
    const page = await connect(host.url);
    try {
        await waitFor(async () => (await statusOf(page))?.phase === 'failed', 'status failed');
        // The build's background check hangs in a worker of its own too, and
        // ends that one at once (2 s), before the live one is ended (5 s).
        await waitFor(() => runningChildren(host.child.pid).length === 1, 'only the live worker spinning in process()', 4000);
        const spinning = runningChildren(host.child.pid);

        let status = null;
        await waitFor(async () => /worker process was ended/.test((status = await statusOf(page))?.diagnostic?.message), 'the worker ended', 15000);
        assert.equal(status.phase, 'failed');
        assert.match(status.diagnostic.message, /did not return for [5-9]\.\d s: it hangs .*; its worker process was ended, to free the core it held$/);
        assert.equal(status.diagnostic.code, 'unknown');
        assert.match(status.diagnostic.hint, /under gdb and press Ctrl\+C: gdb --args wavecraft-host --in-process --plugin /);
        await waitFor(() => !childProcesses(host.child.pid).includes(spinning[0]), 'the worker gone');

        // Ended, it is no crash, and the hang stays the status until a fix lands.
        await sleep(500);
        assert.equal((await statusOf(page)).diagnostic.message, status.diagnostic.message);
        const told = page.notifications.filter((n) => n.method === 'audioStatusChanged').at(-1).params;
        assert.equal(told.diagnostic.message, status.diagnostic.message, 'the page was told');

        copyFileSync(testPlugin('tp_v2'), pluginPath + '.tmp');
        renameSync(pluginPath + '.tmp', pluginPath);
        const fixedFrom = page.notifications.length;
        await waitFor(async () => (await statusOf(page)).phase === 'runningFullDuplex', 'the fixed build running');
        await waitFor(() => page.notifications.slice(fixedFrom).some((n) => n.method === 'meterUpdate' && n.params.left_peak > 0.1), 'the fixed build heard');
    } finally {
        page.close();
        const code = await host.stop();
        rmSync(folder, { recursive: true, force: true });
        assert.equal(code, 0, host.stderr());
    }
});

function isAlive (pid) {
    // Gone, or a zombie nobody reaped yet (a container's init may not): not running either way.
    try { return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z'; } catch { return false; }
}

test('a host killed with SIGKILL takes its workers with it, the one hung in process() and the spare', async () => {
    const host = await startHost([], { plugin: testPlugin('tp_hangs_after_100_blocks') });
    const page = await connect(host.url);
    await waitFor(async () => (await statusOf(page))?.phase === 'failed', 'status failed');
    await waitFor(() => childProcesses(host.child.pid).length === 2, 'the hung worker and the spare');
    const workers = childProcesses(host.child.pid);
    assert.equal(runningChildren(host.child.pid).length, 1, 'the worker, spinning in process()');
    page.close();

    host.child.kill('SIGKILL');
    await waitFor(() => workers.every((pid) => !isAlive(pid)), `the workers (${workers}) gone with their host`, 2000);
});

test('SIGTERM while the isolated plugin hangs exits 0 within 2 s', async () => {
    const host = await startHost([], { plugin: testPlugin('tp_hangs_after_100_blocks') });
    const page = await connect(host.url);
    await waitFor(async () => (await statusOf(page))?.phase === 'failed', 'status failed');
    page.close();
    const started = Date.now();
    const code = await host.stop();
    assert.equal(code, 0, host.stderr());
    assert.ok(Date.now() - started < 2000, `SIGTERM took ${Date.now() - started} ms`);
});

test('--in-process: a hang holds the audio thread, and SIGTERM still exits 0 within 2 s', async () => {
    const host = await startHost(['--in-process'], { plugin: testPlugin('tp_hangs_after_100_blocks') });
    const page = await connect(host.url);
    await waitFor(async () => (await statusOf(page))?.phase === 'failed', 'status failed');
    assert.match(host.stderr(), /in-process|ABI v2, 4 parameters\)/);
    page.close();
    const started = Date.now();
    const code = await host.stop();
    assert.equal(code, 0, host.stderr());
    assert.ok(Date.now() - started < 2000, `SIGTERM took ${Date.now() - started} ms`);
});
