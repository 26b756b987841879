// The real binary with its preview window on a private Xvfb: the window
// appears named after the host and the plugin, shows something (an X-level
// screenshot, kept in the build folder for a reviewer), takes its keyboard
// shortcuts, and SIGTERM still ends the host with 0. Without a display the
// same binary runs headless.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, connect, sleep, testPlugin, freePort, handshakeStatus, waitFor, hostBinary } from './host.mjs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { startXvfb } from './xvfb.mjs';

// The window keeps its settings under HOME: a fresh one, so no earlier run's
// (nor the developer's own) reaches these tests.
const home = mkdtempSync(path.join(os.tmpdir(), 'wavecraft-window-'));
let xvfb;
before(async () => {
    xvfb = await startXvfb();
    xvfb.env.HOME = home;
});
after(async () => {
    await xvfb?.stop();
    rmSync(home, { recursive: true, force: true });
});

const windowTitle = 'wavecraft-host - tp_v2.so';


/** The window of this host (not a closing one of the last), once it shows. */
async function windowOf (host) {
    let id = null;
    await waitFor(() => (id = xvfb.windowOf(host.child.pid, 'wavecraft-host')) !== null && xvfb.isViewable(id), 'the host\'s window');
    return id;
}

/** The next meterUpdate's left peak. */
async function nextLeftPeak (page) {
    const seen = page.notifications.length;
    await waitFor(() => page.notifications.slice(seen).some((n) => n.method === 'meterUpdate'), 'a meterUpdate', 3000);
    return page.notifications.slice(seen).find((n) => n.method === 'meterUpdate').params.left_peak;
}

async function stopWithin (host, milliseconds) {
    const started = Date.now();
    const code = await host.stop();
    return { code, took: Date.now() - started, withinLimit: Date.now() - started <= milliseconds };
}

test('the window opens named after the host and the plugin, and is not blank', async () => {
    const host = await startHost([], { headless: false, env: xvfb.env });
    try {
        const id = await windowOf(host);
        assert.equal(xvfb.windowName(id), windowTitle);
        assert.match(host.stderr(), /audio running, full duplex/);
        assert.doesNotMatch(host.stderr(), /headless/);

        xvfb.xdotool('mousemove', '1279', '799'); // no tooltip in the picture
        await sleep(1500); // the meters and the scope on the sine
        const file = path.join(path.dirname(hostBinary), 'preview-window.png'); // beside the binary, wherever the test runs from
        xvfb.screenshot(file);
        const stats = xvfb.imageStats(file);
        assert.ok(stats.deviation > 0.05 && stats.colours > 100, `the screenshot ${file} looks blank: ${JSON.stringify(stats)}`);

        const { code, took } = await stopWithin(host, 2000);
        assert.equal(code, 0, host.stderr());
        assert.ok(took <= 2000, `SIGTERM took ${took} ms`);
    } finally {
        await host.stop();
    }
});

test('the window takes its keyboard shortcut: Ctrl+B bypasses the plugin, heard by a page', async () => {
    const host = await startHost([], { headless: false, env: xvfb.env });
    const page = await connect(host.url);
    try {
        const id = await windowOf(host);
        assert.deepEqual((await page.request('setParameter', { id: 'gain', value: 0.25 })).result, {});
        await waitFor(async () => Math.abs(await nextLeftPeak(page) - 0.125) < 0.002, 'the plugin at gain 0.25 (0.125)');

        xvfb.xdotool('windowfocus', '--sync', id, 'key', 'ctrl+b');
        await waitFor(async () => Math.abs(await nextLeftPeak(page) - 0.5) < 0.002, 'the input itself (0.5) after Ctrl+B');

        xvfb.xdotool('windowfocus', '--sync', id, 'key', 'ctrl+b');
        await waitFor(async () => Math.abs(await nextLeftPeak(page) - 0.125) < 0.002, 'the plugin again after a second Ctrl+B');
    } finally {
        page.close();
        assert.equal(await host.stop(), 0);
    }
});

test('Ctrl+2 shows the Analysis tab: the filter example\'s measured response and the output\'s spectrum (screenshot)', async () => {
    // The bundled filter, as a developer runs it: a resonant low pass, on noise.
    const filter = path.join(path.dirname(hostBinary), 'libwavecraft_example_filter.so');
    const host = await startHost(['--input-source', 'noise'], { plugin: filter, headless: false, env: xvfb.env });
    const page = await connect(host.url);
    try {
        const id = await windowOf(host);
        for (const [parameter, value] of [['cutoff', 2000], ['resonance', 0.8], ['tone_level', 0]])
            assert.deepEqual((await page.request('setParameter', { id: parameter, value })).result, {});

        xvfb.xdotool('windowfocus', '--sync', id, 'key', 'ctrl+2');
        xvfb.xdotool('mousemove', '1279', '799');
        await sleep(1000);
        // A page's request is answered beside the window's own measurements.
        assert.deepEqual((await page.request('setParameter', { id: 'cutoff', value: 500 })).result, {});
        const answer = await page.request('measureResponse', { points: 8 });
        assert.equal(answer.result.response.build, 1, JSON.stringify(answer));
        await sleep(1500);

        const file = path.join(path.dirname(hostBinary), 'analysis-window.png');
        xvfb.screenshot(file);
        const stats = xvfb.imageStats(file);
        assert.ok(stats.deviation > 0.05 && stats.colours > 100, `the screenshot ${file} looks blank: ${JSON.stringify(stats)}`);
    } finally {
        page.close();
        assert.equal(await host.stop(), 0);
    }
});

/** A display number no X server listens on. */
function unusedDisplay () {
    for (let n = 90; ; ++n)
        if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return `:${n}`;
}

// JUCE falls back to :0 without a DISPLAY, which the Xvfb here may be: the
// display is one that no server answers, as over ssh without X forwarding.
test('without a display the same binary runs headless, and says so once', async () => {
    const env = { ...process.env, DISPLAY: unusedDisplay() };
    const host = await startHost([], { headless: false, env });
    const page = await connect(host.url);
    try {
        assert.equal((await page.request('ping')).result !== undefined, true);
        await waitFor(() => /running headless/.test(host.stderr()), `the headless note in:\n${host.stderr()}`);
        await sleep(200);
        assert.equal(host.stderr().match(/running headless/g)?.length, 1, host.stderr());
        assert.match(host.stderr(), /running headless \(no display\)/);
        const port = new URL(host.url).port;
        assert.ok(host.stderr().includes(`running headless (no display): open http://127.0.0.1:${port}/ in a browser for the host's control page\n`), host.stderr());
    } finally {
        page.close();
        assert.equal(await host.stop(), 0);
    }
});

test('--headless opens no window even with a display', async () => {
    const host = await startHost([], { headless: true, env: xvfb.env });
    try {
        await sleep(1000);
        assert.equal(xvfb.windowOf(host.child.pid, 'wavecraft-host'), null);
        assert.match(host.stderr(), /running headless \(--headless\)/);
    } finally {
        assert.equal(await host.stop(), 0);
    }
});

test('a page\'s requestResize is taken while the window shows, within bounds', async () => {
    const host = await startHost([], { headless: false, env: xvfb.env });
    const page = await connect(host.url);
    try {
        const id = await windowOf(host);
        const answer = await page.request('requestResize', { width: 820, height: 560 });
        assert.deepEqual(answer.result, { accepted: true }, JSON.stringify(answer) + host.stderr());
        await waitFor(() => xvfb.windowGeometry(id).width === 820 && xvfb.windowGeometry(id).height === 560, 'an 820x560 window');

        // Too small a size gives the smallest window; larger than the screen, the screen.
        assert.equal((await page.request('requestResize', { width: 10, height: 10 })).result.accepted, true);
        await waitFor(() => xvfb.windowGeometry(id).width === 640, 'the smallest window (640 wide)');
        assert.equal((await page.request('requestResize', { width: 5000, height: 5000 })).result.accepted, true);
        await waitFor(() => xvfb.windowGeometry(id).width <= 1280 && xvfb.windowGeometry(id).width > 640, 'a window as wide as the screen at most');
    } finally {
        page.close();
        assert.equal(await host.stop(), 0);
    }

    // Headless, nobody takes it.
    const headless = await startHost([], { headless: true, env: xvfb.env });
    const other = await connect(headless.url);
    try {
        assert.deepEqual((await other.request('requestResize', { width: 820, height: 560 })).result, { accepted: false });
    } finally {
        other.close();
        await headless.stop();
    }
});

test('the window opens where and as large as it was left', async () => {
    const first = await startHost([], { headless: false, env: xvfb.env });
    try {
        const id = await windowOf(first);
        xvfb.xdotool('windowsize', '--sync', id, '900', '600');
        xvfb.xdotool('windowmove', '--sync', id, '50', '40');
        await waitFor(() => xvfb.windowGeometry(id).width === 900, 'the window resized by X');
        // The host learns its new bounds from X's ConfigureNotify on its
        // message thread, a moment after X has them; a person quits later.
        await sleep(500);
    } finally {
        assert.equal(await first.stop(), 0);
    }
    const saved = readFileSync(path.join(home, '.config/wavecraft-host/wavecraft-host.settings'), 'utf8');
    assert.match(saved, /name="window"/);

    const second = await startHost([], { headless: false, env: xvfb.env });
    try {
        const geometry = xvfb.windowGeometry(await windowOf(second));
        assert.equal(geometry.width, 900, JSON.stringify(geometry));
        assert.equal(geometry.height, 600, JSON.stringify(geometry));
        assert.equal(geometry.x, 50, JSON.stringify(geometry));
    } finally {
        assert.equal(await second.stop(), 0);
    }
});

/** Serves Tests/e2e/page on 127.0.0.1, as a dev server would; resolves with its base URL and close(). */
async function servePages () {
    const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page');
    const server = http.createServer((request, response) => {
        const name = path.basename(new URL(request.url, 'http://x').pathname);
        try {
            const body = readFileSync(path.join(folder, name));
            response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
        } catch {
            response.writeHead(404).end();
        }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** The colour of one pixel of a screenshot, e.g. "#2A6F97". */
function pixelAt (file, x, y) {
    return execFileSync('convert', [file, '-format', `%[hex:p{${x},${y}}]`, 'info:'], { encoding: 'utf8' }).trim().slice(0, 6).toUpperCase();
}

test('--ui-url shows the developer\'s page in a web view tab, and it talks to the host both ways', async () => {
    const pages = await servePages();
    const port = await freePort();
    const uiUrl = `${pages.base}/web-ui.html?ws=${encodeURIComponent(`ws://127.0.0.1:${port}`)}`;
    const host = await startHost(['--port', String(port), '--ui-url', uiUrl], { headless: false, env: xvfb.env });
    const client = await connect(host.url);
    try {
        // The page's own change reaches this client...
        await waitFor(() => client.notifications.some((n) => n.method === 'parameterChanged' && n.params.id === 'gain' && Math.abs(n.params.value - 0.42) < 1e-6),
                      `the web view page setting gain to 0.42 (host at ${host.url}, page ${uiUrl})`, 15000);
        // ...and this client's change reaches the page, which answers.
        assert.deepEqual((await client.request('setParameter', { id: 'mute', value: 1 })).result, {});
        await waitFor(() => client.notifications.some((n) => n.method === 'parameterChanged' && n.params.id === 'steps' && n.params.value === 3),
                      'the page answering mute with steps = 3');

        const id = await windowOf(host);
        xvfb.xdotool('mousemove', '1279', '799');
        await sleep(300);
        const file = path.join(path.dirname(hostBinary), 'preview-window-web-ui.png');
        xvfb.screenshot(file);
        const { x, y, width, height } = xvfb.windowGeometry(id);
        assert.equal(pixelAt(file, x + Math.floor(width / 2), y + Math.floor(height / 2)), '2A6F97', `the page's blue in ${file}`);
    } finally {
        client.close();
        pages.close();
        assert.equal(await host.stop(), 0);
    }
});

test('--ui-url lets its origin connect, also when it is not a loopback one', async () => {
    const origin = 'http://devbox.example:5173';
    const host = await startHost(['--ui-url', `${origin}/index.html`], { headless: true });
    try {
        assert.equal(await handshakeStatus(host.url, { Origin: origin }), 101);
        assert.equal(await handshakeStatus(host.url, { Origin: 'http://elsewhere.example:5173' }), 403);
        assert.match(host.stderr(), /open http:\/\/devbox\.example:5173\/index\.html in a browser/);
    } finally {
        assert.equal(await host.stop(), 0);
    }
});
