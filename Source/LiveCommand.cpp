#include "LiveCommand.h"
#include "CommandLineHints.h"
#include "RenderCommand.h"

#include <csignal>
#include <iostream>

namespace
{
std::atomic<bool> stopRequested { false };

void requestStop (int)
{
    stopRequested = true;
}

/** Logs what a developer watching the terminal wants to know. */
class StatusLogger : public wavecraft::HostSession::Listener,
                     private juce::Timer
{
public:
    StatusLogger (wavecraft::HostSession& s, const wavecraft::BrowserUiServer& server)
        : session (s),
          sessionServer (server)
    {
        session.addListener (this);
        startTimer (10000);
    }

    ~StatusLogger() override
    {
        session.removeListener (this);
    }

    void audioStatusChanged (const wavecraft::AudioStatus& status) override
    {
        log ("audio " + status.describe());

        if (status.isRunning())
            log ("device " + session.getEngine().describeDevice());
    }

    void parametersReplaced() override
    {
        if (auto library = session.getLibrary())
            log ("plugin " + library->getFile().getFileName() + " (ABI v" + juce::String (library->getProcessorTable().version)
                 + ", " + juce::String ((int) library->getParameters().size()) + " parameters)");
        else if (session.getLoadError().has_value())
            log ("plugin failed: " + session.getLoadError()->describe());
    }

private:
    void timerCallback() override
    {
        const auto& callback = session.getEngine().getCallback();
        const auto counters = callback.getCounters();
        const auto cpuLoad = counters.cpuLoadSince (previousCounters, callback.getSampleRate());
        previousCounters = counters;
        log ("callbacks " + juce::String ((juce::int64) counters.callbacks) + ", xruns "
             + juce::String (session.getEngine().getXRunCount()) + ", cpu "
             + juce::String (cpuLoad * 100.0f, 1) + "%, dropped meter frames "
             + juce::String ((juce::int64) counters.droppedMeterFrames) + ", WebSocket clients "
             + juce::String (sessionServer.getNumClients()) + ", messages dropped for slow clients "
             + juce::String ((juce::int64) sessionServer.getNumDroppedMessages()));
    }

    static void log (const juce::String& text) { std::cerr << "wavecraft-host: " << text << std::endl; }

    wavecraft::HostSession& session;
    const wavecraft::BrowserUiServer& sessionServer;
    wavecraft::PluginAudioCallback::Counters previousCounters;
};

/** Ends the message loop on a signal or when the duration is over. */
class StopWatcher : private juce::Timer
{
public:
    explicit StopWatcher (double durationSeconds)
        : deadline (durationSeconds > 0.0 ? juce::Time::getMillisecondCounterHiRes() + durationSeconds * 1000.0 : 0.0)
    {
        startTimer (20);
    }

private:
    void timerCallback() override
    {
        if (stopRequested || (deadline > 0.0 && juce::Time::getMillisecondCounterHiRes() >= deadline))
        {
            stopTimer();
            juce::MessageManager::getInstance()->stopDispatchLoop();
        }
    }

    double deadline;
};

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
    { std::cerr << "wavecraft-host: source changed, building..." << std::endl; };
    watcher->onBuildFinished = [] (int exitCode, double seconds, const juce::String& tail)
    {
        if (exitCode == 0)
            std::cerr << "wavecraft-host: build succeeded in " << juce::String (seconds, 1) << " s" << std::endl;
        else
            std::cerr << "wavecraft-host: build failed (exit " << exitCode << ", " << juce::String (seconds, 1)
                      << " s); the running plugin stays loaded:\n"
                      << tail << std::endl;
    };
    watcher->start();
    std::cerr << "wavecraft-host: watching " << options.watchFolder.getFullPathName() << ", building with: "
              << options.buildCommand << std::endl;
    return watcher;
}

int failWith (const juce::String& error, int exitCode)
{
    std::cerr << "wavecraft-host: " << error << std::endl;
    return exitCode;
}
} // namespace

int runLiveCommand (const CommandLineOptions& options, const juce::File& plugin)
{
    std::signal (SIGINT, requestStop);
    std::signal (SIGTERM, requestStop);

    const CommandLineHints hints;           // the module's messages, with this app's options to change what they name
    juce::AudioDeviceManager deviceManager; // the app's, shared with the session
    wavecraft::HostSession session (deviceManager);
    session.setDiagnosticHints (&hints);
    wavecraft::BrowserUiServer server (session);
    StatusLogger logger (session, server);

    // The port first: when it's taken there's no point opening audio devices.
    if (const auto error = server.start (serverOptionsFrom (options, hints)); error.isNotEmpty())
        return failWith (error, 3);

    if (const auto error = session.start (sessionOptionsFrom (options, plugin)); error.isNotEmpty())
        return failWith (error, 2);

    if (const auto error = applySettings (options, session); error.isNotEmpty())
        return failWith (error, 2);

    std::cerr << "wavecraft-host: serving up to " << server.getMaxClients() << " WebSocket clients" << std::endl;

    // The one line on standard output, for scripts and the browser tooling.
    std::cout << "listening ws://127.0.0.1:" << server.getPort() << std::endl;

    auto buildWatcher = startBuildWatcher (options);
    StopWatcher stopWatcher (options.durationSeconds);
    juce::MessageManager::getInstance()->runDispatchLoop();

    buildWatcher.reset();
    server.stop();
    session.stop();
    std::cerr << "wavecraft-host: stopped" << std::endl;
    return 0;
}
