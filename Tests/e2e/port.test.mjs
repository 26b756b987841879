// A developer stops the host and starts it again at once on the same port
// (Ctrl-C, up, Enter; or a script): the port must be free the moment the old
// host has exited. Also after a page has come and gone, whose connection the
// host closed first and which so sits in TIME_WAIT on that port for a minute,
// and with a page still connected at the exit. And after a crash, while a
// process that a --build command left running (a compiler cache's server, a
// build daemon) lives on.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, connect, sleep, freePort } from './host.mjs';

/** Connections on 127.0.0.1:port in TIME_WAIT, from the kernel's table (Linux). */
function timeWaitCount (port) {
    if (!existsSync('/proc/net/tcp')) return null;
    const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
    return readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields[1] === local && fields[3] === '06').length;
}

/** Starts a host on `port`; a taken port shows as its exit code 3 and message. */
async function startOn (port) {
    try {
        return await startHost(['--port', String(port)]);
    } catch (error) {
        assert.fail(`a host on port ${port} did not start: ${error.message}`);
    }
}

const cases = {
    'with no client': async () => {},
    'after a page came and went (TIME_WAIT on the port)': async (url, port) => {
        const page = await connect(url);
        assert.deepEqual((await page.request('ping')).result, { pong: true });
        page.close();
        await once(page.ws, 'close');
        await sleep(100);
        const waiting = timeWaitCount(port);
        if (waiting !== null) assert.ok(waiting > 0, 'the closed connection waits in TIME_WAIT on the host\'s port');
    },
    'with a page connected at the exit': async (url) => {
        const page = await connect(url);
        assert.deepEqual((await page.request('ping')).result, { pong: true });
        return page;
    },
};

for (const [when, before] of Object.entries(cases)) {
    test(`the port is free again right after the host exits on SIGTERM, ${when}`, async () => {
        const port = await freePort();
        const first = await startOn(port);
        assert.equal(first.url, `ws://127.0.0.1:${port}`);
        const page = await before(first.url, port);

        assert.equal(await first.stop(), 0);
        // No pause: the next host straight away.
        const second = await startOn(port);
        try {
            const fresh = await connect(second.url);
            assert.deepEqual((await fresh.request('ping')).result, { pong: true });
            fresh.close();
        } finally {
            page?.ws.terminate();
            assert.equal(await second.stop(), 0);
        }
    });
}

test('the port is free again after the host crashed, while a process its build started lives on', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-port-'));
    const sources = path.join(folder, 'src');
    const pidFile = path.join(folder, 'daemons.pid'); // outside the watched folder
    mkdirSync(sources);
    after(() => {
        const pids = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean) : [];
        for (const pid of pids) try { process.kill(Number(pid), 'SIGKILL'); } catch {}
        rmSync(folder, { recursive: true, force: true });
    });

    const port = await freePort();
    const first = await startHost(['--port', String(port), '--watch', sources,
                                   '--build', `sleep 60 > /dev/null 2>&1 & echo $! >> ${pidFile}`]);
    const page = await connect(first.url);
    const pageClosed = once(page.ws, 'close');

    // Changes until the build has run (the watcher's first scan may come
    // after the first change, which it then takes for the starting point).
    const deadline = Date.now() + 10000;
    while (!existsSync(pidFile) && Date.now() < deadline) {
        writeFileSync(path.join(sources, 'plugin.c'), `/* change ${Date.now()} */`);
        await sleep(300);
    }
    assert.ok(existsSync(pidFile), `the build ran:\n${first.stderr()}`);
    await sleep(100);

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    // The page learns that the host is gone, rather than waiting on a
    // connection the daemon still holds open.
    const [code] = await Promise.race([pageClosed, sleep(2000).then(() => ['still open'])]);
    assert.equal(code, 1006, 'the page saw its connection end');

    const second = await startOn(port);
    const fresh = await connect(second.url);
    assert.deepEqual((await fresh.request('ping')).result, { pong: true });
    fresh.close();
    assert.equal(await second.stop(), 0);
});
