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
    const x = (command, args) => execFileSync(command, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

    return {
        display,
        env,
        /** The id of the window named `name...` that process `pid` opened (JUCE sets _NET_WM_PID), or null. */
        windowOf (pid, name) {
            try { return x('xdotool', ['search', '--pid', String(pid), '--name', `^${name}`]).trim().split('\n')[0] || null; } catch { return null; }
        },
        /** True once the window is mapped (JUCE makes it before it shows it). */
        isViewable (id) {
            try { return /Map State: IsViewable/.test(x('xwininfo', ['-id', id])); } catch { return false; } // gone: JUCE remade it
        },
        windowName (id) { return x('xdotool', ['getwindowname', id]).trim(); },
        /** The size and place of a window, by id. */
        windowGeometry (id) {
            const info = x('xwininfo', ['-id', id]);
            const read = (label) => Number(info.match(new RegExp(`${label}:\\s+(-?\\d+)`))[1]);
            return { width: read('Width'), height: read('Height'), x: read('Absolute upper-left X'), y: read('Absolute upper-left Y') };
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
