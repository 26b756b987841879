// A private X server (Xvfb) for tests that open the real window, and X-level
// tools on it: window lookup (xwininfo), screenshots (imagemagick's import,
// which also captures native child windows such as a web view), input (xdotool).
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';

/** Starts Xvfb on a display number it picks itself; resolves with its env and stop(). */
export async function startXvfb ({ width = 1280, height = 800 } = {}) {
    const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'],
                        { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });

    const display = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Xvfb did not start:\n${stderr}`)), 10000);
        let text = '';
        child.stdio[3].on('data', (chunk) => {
            text += chunk;
            if (text.includes('\n')) { clearTimeout(timer); resolve(`:${text.trim()}`); }
        });
        child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited ${code}:\n${stderr}`)); });
    });

    const env = { ...process.env, DISPLAY: display };
    const x = (command, args) => execFileSync(command, args, { env, encoding: 'utf8' });

    return {
        display,
        env,
        /** The top-level windows' names, as the window manager would see them. */
        windowNames () {
            return [...x('xwininfo', ['-root', '-tree']).matchAll(/^\s+0x[0-9a-f]+ "([^"]*)"/gm)].map((m) => m[1]);
        },
        screenshot (file) { x('import', ['-window', 'root', file]); },
        /** How much the picture varies: 0 for a blank (one-colour) screen. */
        imageStats (file) {
            const [deviation, colours] = x('identify', ['-format', '%[fx:standard_deviation] %k', file]).trim().split(' ');
            return { deviation: Number(deviation), colours: Number(colours) };
        },
        xdotool (...args) { return x('xdotool', args); },
        async stop () {
            if (child.exitCode !== null) return;
            child.kill('SIGTERM');
            await once(child, 'exit');
        },
    };
}
