// Pages on examples/serve_juce_processor's server (a juce::AudioProcessor
// served through wavecraft::AudioProcessorBackend): the e2e suite's ws client
// and a page in headless Chromium list, set and meter it, and the ws client
// hears a change the processor's own code made. Prints one JSON line.
//
//   node Tests/e2e/served-processor-page.mjs ws://127.0.0.1:PORT
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { chromium } from 'playwright-core';
import { openRpc } from './rpc.mjs';

const url = process.argv[2];
const seen = { changes: [], meterUpdates: 0, peak: 0 };
const { call, close } = await openRpc(url, (method, params) => {
    if (method === 'meterUpdate') {
        seen.meterUpdates++;
        seen.peak = Math.max(seen.peak, params.left_peak);
    } else if (method === 'parameterChanged') {
        seen.changes.push(params);
    }
});

seen.parameters = (await call('getAllParameters')).result.parameters;
seen.setCutoff = (await call('setParameter', { id: 'cutoff', value: 500 })).result;
seen.cutoff = (await call('getParameter', { id: 'cutoff' })).result;
seen.outOfRange = (await call('setParameter', { id: 'cutoff', value: 30000 })).error?.code;

// The browser: the same page the host's browser test uses, on this server.
const http = createServer(async (request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(await readFile(new URL('./page/index.html', import.meta.url)));
});
http.listen(0, '127.0.0.1');
await once(http, 'listening');
const browser = await chromium.launch({
    executablePath: process.env.WAVECRAFT_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${http.address().port}/?ws=${encodeURIComponent(url)}&param=resonance&value=2`);
await page.waitForFunction(() => window.result !== undefined, null, { timeout: 15000 });
seen.browser = await page.evaluate(() => window.result);
await browser.close();
http.close();

await new Promise((resolve) => setTimeout(resolve, 2500));
seen.status = (await call('getAudioStatus')).result.status;
close();
console.log(JSON.stringify(seen));
