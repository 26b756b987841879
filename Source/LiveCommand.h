#pragma once

#include "CommandLineHints.h"
#include "CommandLineOptions.h"
#include "StatusLogger.h"

#include <wavecraft_ui/wavecraft_ui.h>
#include <wavecraft_project/wavecraft_project.h>

/** The live host: runs the plugin on an audio device, serves it to the
    browser UI, and shows the preview window unless it runs headless, until
    the duration ends, SIGINT/SIGTERM arrives or the window is closed; then
    it quits the app. Logs its status to standard error.
*/
class LiveCommand : private juce::Timer
{
public:
    LiveCommand (const CommandLineOptions& options, const juce::File& plugin);
    ~LiveCommand() override;

    /** Starts everything; returns 0, or the process exit code after printing why not. [message thread] */
    int start();

    /** From now on SIGINT and SIGTERM ask the app to stop, and it ends within
        2 s of being asked, whatever hangs (the process groups started here
        too). Once per process; start() does it too. [message thread]
    */
    static void catchStopSignals();

    /** True once SIGINT or SIGTERM came (or the window was closed). [any thread] */
    static bool isStopRequested();

    /** [message thread] */
    wavecraft::HostSession& getSession() noexcept { return session; }

    /** Shows `url` in the window's web tab; nothing when headless. [message thread, after start()] */
    void showWebUi (const juce::String& url);

    /** A build's error across the top of the window, until cleared; nothing when headless. [message thread, after start()] */
    void showBuildError (const juce::String& message, const juce::String& hint);
    void clearBuildError();

    /** The WebSocket server's port (the real one, also with --port 0). [message thread, after start()] */
    int getPort() const { return server.getPort(); }

private:
    void timerCallback() override;

    const CommandLineOptions options;
    const juce::File plugin;
    const CommandLineHints hints;           // the module's messages, with this app's options to change what they name
    juce::AudioDeviceManager deviceManager; // the app's, shared with the session
    wavecraft::HostSession session;
    wavecraft::BrowserUiServer server;
    std::unique_ptr<StatusLogger> logger;
    std::unique_ptr<wavecraft::BuildWatcher> buildWatcher;
    bool headless = true, running = false;
    std::unique_ptr<wavecraft::PreviewSettings> settings; // with the window only: a headless run is its command line
    std::unique_ptr<wavecraft::PreviewWindow> window;
    double deadlineMs = 0.0;
};
