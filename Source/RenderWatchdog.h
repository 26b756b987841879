#pragma once

#include <wavecraft_dev_host/wavecraft_dev_host.h>

#include <atomic>
#include <thread>

/** Keeps a `--render` to the contract whatever the plugin does, while its
    code runs in this process (as fast as a render can be):

    - a crash in the plugin (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) ends
      the process with one line naming the signal and where the render was,
      the partial file deleted, and exit code 2 (not the signal's death);
    - a block that doesn't come back within hangSeconds does the same;
    - SIGINT or SIGTERM that the renderer can't act on (the plugin is stuck in
      a block) ends it 1 s later, with exit code 0.

    One at a time: it owns the process's handlers for those signals while it
    lives.
*/
class RenderWatchdog
{
public:
    /** `pluginName`: what the words call it, e.g. "libmine.so". */
    RenderWatchdog (const juce::String& pluginName, const juce::File& output);
    ~RenderWatchdog();

    /** Set by the signal handlers of SIGINT and SIGTERM; read by the renderer. */
    static std::atomic<bool> stopRequested;

    /** What the render has done, for the words of a crash or a hang: the
        renderer writes it after each block. [any thread]
    */
    std::atomic<juce::int64> framesDone { -1 }; /**< -1: still loading the plugin */

    /** "SIGINT" or "SIGTERM", for a stop's words. */
    static const char* nameOfStopSignal();

    static constexpr double hangSeconds = 5.0;

private:
    void watch();
    void installCrashHandlers();
    static void onCrash (int signal);

    const juce::File output;
    const juce::String pluginName;
    std::atomic<bool> finished { false };
    std::thread thread;

    JUCE_DECLARE_NON_COPYABLE (RenderWatchdog)
};
