/*
    A JUCE app that hosts a Wavecraft plugin live through the modules, the way
    a plugin developer's own tool would:

    - it owns its juce::AudioDeviceManager, and the session plays on it;
    - it reads the output meters itself, while a BrowserUiServer serves the
      same frames to the browser UI (@wavecraft/core) on a WebSocket;
    - it hears of every parameter change, whoever makes it (a page, itself);
    - after 1.5 s it switches the device through its own manager, and
      the session and the pages follow;
    - the plugin runs in a child process (crash isolation), which is this
      app started again: main() hands that over first.

        EmbedExample PLUGIN_LIBRARY [SECONDS]

    It prints "listening ws://127.0.0.1:PORT" once the server is up, what it
    sees while it runs, and a summary when it stops.
*/

#include <wavecraft_dev_host/wavecraft_dev_host.h>

#include <iostream>

namespace
{
void say (const juce::String& text)
{
    std::cout << text << std::endl;
}

/** The app's own meter: a reader of the session's meter tap, on a timer. */
class MeterReadout : private juce::Timer
{
public:
    explicit MeterReadout (const wavecraft::MeterTap& tap)
        : reader (tap)
    {
        startTimerHz (30);
    }

    void summarise() const
    {
        say ("app meter: " + juce::String ((juce::int64) framesRead) + " frames read, peak "
             + juce::String (juce::Decibels::gainToDecibels (peak), 1) + " dBFS, " + juce::String ((juce::int64) reader.getNumLost())
             + " lost");
    }

private:
    void timerCallback() override
    {
        framesRead += (juce::uint64) reader.readNew ([this] (const wavecraft::MeterFrame& frame)
                                                     { peak = juce::jmax (peak, frame.peakLeft, frame.peakRight); });
    }

    wavecraft::MeterTap::Reader reader;
    juce::uint64 framesRead = 0;
    float peak = 0.0f;
};

/** Hears every parameter change and audio status change of the session. */
class SessionLog : public wavecraft::HostSession::Listener
{
public:
    SessionLog (const void* serverToName, const void* appToName)
        : server (serverToName),
          app (appToName)
    {
    }

    void parameterChanged (const juce::String& id, float value, const void* origin) override
    {
        // Called on the thread that made the change (a socket thread for a
        // page): hand it to the message thread, as a component would.
        const auto who = origin == server ? juce::String ("a page") : origin == app ? juce::String ("the app")
                                                                                    : juce::String ("someone else");
        juce::MessageManager::callAsync ([id, value, who]
                                         { say ("parameter " + id + " = " + juce::String (value) + ", set by " + who); });
    }

    void parametersReplaced() override { say ("plugin (re)loaded"); }

    void audioStatusChanged (const wavecraft::AudioStatus& status) override { say ("audio " + status.describe()); }

private:
    const void* server;
    const void* app;
};

/** Runs the message loop for a while. */
class StopAfter : private juce::Timer
{
public:
    explicit StopAfter (int milliseconds) { startTimer (milliseconds); }

private:
    void timerCallback() override
    {
        stopTimer();
        juce::MessageManager::getInstance()->stopDispatchLoop();
    }
};

/** What a settings panel (or JUCE's AudioDeviceSelectorComponent) does: a
    new rate and block size through the app's own manager.
*/
void switchDevice (juce::AudioDeviceManager& deviceManager)
{
    auto setup = deviceManager.getAudioDeviceSetup();
    setup.sampleRate = 44100.0;
    setup.bufferSize = 256;

    if (const auto error = deviceManager.setAudioDeviceSetup (setup, true); error.isNotEmpty())
        say ("could not switch the device: " + error);
    else
        say ("switched the device through the app's manager");
}
/** The plugin live on the Virtual device with a sine in, and the server on a
    free port; a failure says why.
*/
juce::Result startServing (wavecraft::HostSession& session, wavecraft::BrowserUiServer& server, const juce::File& plugin)
{
    wavecraft::HostSession::Options options;
    options.plugin = plugin;
    options.device.deviceType = wavecraft::VirtualAudioIODevice::typeName;
    options.device.sampleRate = 48000.0;
    options.device.bufferSize = 512;
    options.inputSource = "sine:440";

    if (auto started = session.start (options); started.failed())
        return started;

    wavecraft::WebSocketServer::Options serverOptions;
    serverOptions.port = 0;
    return server.start (serverOptions);
}
} // namespace

int main (int argc, char* argv[])
{
    // The session runs the plugin in a child process that is this app,
    // started again: hand that command line over before anything else.
    if (const auto workerExitCode = wavecraft::PluginWorker::runIfRequested (argc, argv))
        return *workerExitCode;

    if (argc < 2)
    {
        std::cerr << "usage: EmbedExample PLUGIN_LIBRARY [SECONDS]" << std::endl;
        return 2;
    }

    const juce::ScopedJuceInitialiser_GUI juceSystem; // the message thread, for timers and the session
    const auto plugin = juce::File::getCurrentWorkingDirectory().getChildFile (juce::String::fromUTF8 (argv[1]));
    const auto seconds = argc > 2 ? juce::String (argv[2]).getDoubleValue() : 5.0;

    juce::AudioDeviceManager deviceManager; // the app's own
    wavecraft::HostSession session (deviceManager);
    wavecraft::BrowserUiServer server (session);
    const int appTag = 0; // what this app passes as the origin of its own changes
    SessionLog log (&server, &appTag);
    session.addListener (&log);

    if (const auto started = startServing (session, server, plugin); started.failed())
    {
        std::cerr << "EmbedExample: " << started.getErrorMessage() << std::endl;
        return 2;
    }

    if (auto parameters = session.getParameters())
        say (plugin.getFileName() + ": " + juce::String (parameters->size()) + " parameters");

    say ("listening ws://127.0.0.1:" + juce::String (server.getPort()));

    MeterReadout meter (session.getMeterTap());
    juce::Timer::callAfterDelay (1500, [&]
                                 {
        switchDevice (deviceManager);

        if (! session.setParameter ("resonance", 0.6f, &appTag))
            say ("the plugin has no 'resonance' to set"); });

    const StopAfter stop ((int) (seconds * 1000.0));
    juce::MessageManager::getInstance()->runDispatchLoop();

    meter.summarise();
    say ("device " + session.getEngine().describeDevice());
    server.stop();
    session.removeListener (&log);
    session.stop();
    return 0;
}
