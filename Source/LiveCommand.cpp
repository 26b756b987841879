#include "LiveCommand.h"
#include "RenderCommand.h"
#include "StandardErrorLog.h"

#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

namespace
{
std::atomic<bool> stopRequested { false };

void requestStop (int)
{
    stopRequested = true;
}

wavecraft::WebSocketServer::Options serverOptionsFrom (const CommandLineOptions& options, const CommandLineHints& hints)
{
    wavecraft::WebSocketServer::Options serverOptions;
    serverOptions.port = options.port;
    serverOptions.allowedOrigins = options.allowedOrigins;
    serverOptions.maxClients = options.maxClients;
    serverOptions.hints = &hints;
    return serverOptions;
}

wavecraft::HostSession::Options sessionOptionsFrom (const CommandLineOptions& options, const juce::File& plugin)
{
    wavecraft::HostSession::Options sessionOptions;
    sessionOptions.plugin = plugin;
    sessionOptions.device = { options.deviceType, options.inputDevice, options.outputDevice,
                              options.sampleRate, options.bufferSize };
    sessionOptions.inputSource = options.inputSource;
    sessionOptions.recordFile = options.recordFile;
    sessionOptions.isolation = options.inProcess ? wavecraft::HostSession::PluginIsolation::inProcess
                                                 : wavecraft::HostSession::PluginIsolation::childProcess;
    return sessionOptions;
}

/** --set values, through the session so that every listener (the pages) hears them. */
juce::String applySettings (const CommandLineOptions& options, wavecraft::HostSession& session)
{
    const auto parameters = session.getParameters();

    if (parameters == nullptr)
        return {}; // the plugin failed: the status says why, and there is nothing to set

    const auto setValue = [&] (int index, float value)
    { session.setParameter (parameters->getSpecs()[(size_t) index].id, value, nullptr); };

    return applyParameterSettings (options.parameterSettings, *parameters, setValue);
}

std::unique_ptr<wavecraft::BuildWatcher> startBuildWatcher (const CommandLineOptions& options)
{
    if (options.watchFolder == juce::File())
        return nullptr;

    auto watcher = std::make_unique<wavecraft::BuildWatcher> (options.watchFolder, options.buildCommand);
    watcher->onBuildStarted = []
    { StandardErrorLog::writeLine ("source changed, building..."); };
    watcher->onBuildFinished = [] (int exitCode, double seconds, const juce::String& tail)
    {
        if (exitCode == 0)
            StandardErrorLog::writeLine (juce::String ("build succeeded in ") + juce::String (seconds, 1) + " s");
        else
            StandardErrorLog::writeLine (juce::String ("build failed (exit ") + juce::String (exitCode) + ", " + juce::String (seconds, 1) + " s); the running plugin stays loaded:\n" + tail);
    };
    watcher->start();
    StandardErrorLog::writeLine (juce::String ("watching ") + options.watchFolder.getFullPathName() + ", building with: " + options.buildCommand);
    return watcher;
}

/** Headless when asked, or when there is no display; decided before any
    window exists, since a window or web view made without a display takes
    the process down.
*/
bool runsHeadless (const CommandLineOptions& options)
{
    return options.headless || juce::Desktop::getInstance().isHeadless();
}

/** Once the host serves and plays: where a headless host can be seen. */
void sayWhereToLook (const CommandLineOptions& options, int port)
{
    // The developer's own UI first, when there is one; the host's page is always there.
    const auto page = "http://127.0.0.1:" + juce::String (port) + "/";
    const auto whereToLook = options.uiUrl.isNotEmpty()
        ? "open " + options.uiUrl + " in a browser for your web UI, or " + page + " for the host's control page"
        : "open " + page + " in a browser for the host's control page";
    StandardErrorLog::writeLine (juce::String ("running headless (") + (options.headless ? "--headless" : "no display") + "): " + whereToLook);
}

/** Where the window keeps its settings: ~/.config/wavecraft-host/wavecraft-host.settings on Linux. */
std::unique_ptr<wavecraft::PreviewSettings> openPreviewSettings()
{
    juce::PropertiesFile::Options file;
    file.applicationName = "wavecraft-host";
    file.filenameSuffix = ".settings";
    file.folderName = "wavecraft-host";
#if JUCE_LINUX || JUCE_BSD
    file.folderName = ".config/wavecraft-host";
#endif
    file.osxLibrarySubFolder = "Application Support";
    return std::make_unique<wavecraft::PreviewSettings> (file);
}

/** The saved device and input source, where the command line names none. */
wavecraft::HostSession::Options withSavedSettings (wavecraft::HostSession::Options session, const CommandLineOptions& options,
                                                   wavecraft::PreviewSettings& settings, juce::AudioDeviceManager& manager)
{
    const auto namesDevice = options.deviceType.isNotEmpty() || options.inputDevice.isNotEmpty() || options.outputDevice.isNotEmpty()
        || options.sampleRate > 0.0 || options.bufferSize > 0;

    if (! namesDevice)
        settings.restoreDeviceSetup (manager); // then the session keeps the device it opened

    if (options.inputSource.isEmpty())
    {
        juce::String error;
        const auto saved = settings.getSavedInputSource();
        [[maybe_unused]] const auto checked = wavecraft::InputSource::fromSpec (saved, error); // the session makes its own

        if (error.isEmpty())
            session.inputSource = saved;
        else
            StandardErrorLog::writeLine (juce::String ("the saved input source is not usable (") + error + "); using the device's input");
    }

    return session;
}

std::unique_ptr<wavecraft::PreviewWindow> openPreviewWindow (wavecraft::HostSession& session)
{
    const auto file = session.getPluginFile().getFileName();
    auto window = std::make_unique<wavecraft::PreviewWindow> ("wavecraft-host - " + file, session);
    window->onCloseRequested = []
    { stopRequested = true; };
    return window;
}

/** The host ends within 2 s of being asked, whatever the plugin does: a
    plugin stuck in process() holds the audio thread, and whatever waits for
    it (stopping the device; in the worst case the message thread itself)
    waits forever. So a thread of its own watches the flag the signal
    handler sets, and ends the process 1.5 s after it if nothing else has.
*/
void startStopDeadline()
{
    std::thread ([]
                 {
        while (! stopRequested)
            std::this_thread::sleep_for (std::chrono::milliseconds (50));

        std::this_thread::sleep_for (std::chrono::milliseconds (1500));
        wavecraft::ProcessGroup::killAll(); // a build or a UI dev server still running goes too
        StandardErrorLog::writeLine ("stopping takes too long (the plugin hangs in process()); exiting now");
        std::_Exit (0); })
        .detach();
}

int failWith (const juce::String& error, int exitCode)
{
    StandardErrorLog::writeLine (error);
    return exitCode;
}
} // namespace

LiveCommand::LiveCommand (const CommandLineOptions& commandLine, const juce::File& pluginFile)
    : options (commandLine),
      plugin (pluginFile),
      hints (pluginFile),
      session (deviceManager),
      server (session)
{
    session.setDiagnosticHints (&hints);
}

LiveCommand::~LiveCommand()
{
    stopTimer();

    if (settings != nullptr && running)
        settings->save (deviceManager, session, window.get());

    window.reset();
    buildWatcher.reset();
    server.stop();
    session.stop();
    logger.reset();
}

void LiveCommand::catchStopSignals()
{
    static const bool caught = []
    {
        std::signal (SIGINT, requestStop);
        std::signal (SIGTERM, requestStop);
        startStopDeadline();
        return true;
    }();
    juce::ignoreUnused (caught);
}

bool LiveCommand::isStopRequested()
{
    return stopRequested.load();
}

int LiveCommand::start()
{
    catchStopSignals();
    logger = std::make_unique<StatusLogger> (session, server);

    // The port first: when it's taken there's no point opening audio devices.
    if (const auto started = server.start (serverOptionsFrom (options, hints)); started.failed())
        return failWith (started.getErrorMessage(), 3);

    headless = runsHeadless (options);
    auto sessionOptions = sessionOptionsFrom (options, plugin);

    if (! headless)
    {
        settings = openPreviewSettings();
        sessionOptions = withSavedSettings (sessionOptions, options, *settings, deviceManager);
    }

    if (const auto started = session.start (sessionOptions); started.failed())
        return failWith (started.getErrorMessage(), 2);

    if (const auto error = applySettings (options, session); error.isNotEmpty())
        return failWith (error, 2);

    StandardErrorLog::writeLine (juce::String ("serving up to ") + juce::String (server.getMaxClients()) + " WebSocket clients");

    // The one line on standard output, for scripts and the browser tooling.
    std::cout << "listening ws://127.0.0.1:" << server.getPort() << std::endl;

    buildWatcher = startBuildWatcher (options);

    if (headless)
    {
        sayWhereToLook (options, server.getPort());
    }
    else
    {
        window = openPreviewWindow (session);
        settings->restoreWindow (*window);

        if (options.uiUrl.isNotEmpty())
            window->getPreview().showWebUi (options.uiUrl);
    }

    deadlineMs = options.durationSeconds > 0.0 ? juce::Time::getMillisecondCounterHiRes() + options.durationSeconds * 1000.0 : 0.0;
    running = true;
    startTimer (20);
    return 0;
}

void LiveCommand::showWebUi (const juce::String& url)
{
    if (window != nullptr)
        window->getPreview().showWebUi (url);
}

void LiveCommand::showBuildError (const juce::String& message, const juce::String& hint)
{
    if (window != nullptr)
        window->getPreview().showBuildError (message, hint);
}

void LiveCommand::clearBuildError()
{
    if (window != nullptr)
        window->getPreview().clearBuildError();
}

void LiveCommand::timerCallback()
{
    // A signal handler may only set a flag; the message thread ends the app.
    if (stopRequested || (deadlineMs > 0.0 && juce::Time::getMillisecondCounterHiRes() >= deadlineMs))
    {
        stopTimer();

        if (session.getEngine().isAudioThreadStuck())
        {
            // Its audio thread can't be stopped: keep the recording, then go.
            session.getAnalyser().stopRecording();
            StandardErrorLog::writeLine ("the plugin hangs in process(); exiting without stopping audio");
            std::_Exit (0);
        }

        stopRequested = true; // the deadline holds for --duration too
        StandardErrorLog::writeLine ("stopped");
        juce::JUCEApplicationBase::quit();
    }
}
