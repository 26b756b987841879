#include "TestHelpers.h"
#include "JackServer.h"
#include "JackProbe.h"

using namespace wavecraft;

namespace
{
/** The pace tests' block: 21 ms, longer than the scheduling hiccups of the
    virtual machines CI runs on (10 ms seen), which would otherwise show up as
    xruns of jackd's own dummy clock.
*/
constexpr int pacedBlockSize = 1024;

using test::pumpMessages;
using test::pumpUntil;

struct StatusRecorder : public AudioEngine::Listener
{
    void audioStatusChanged (const AudioStatus& status) override { phases.push_back (status.phase); }
    std::vector<AudioPhase> phases;
};

/** Runs a session for a while and checks what a developer would: the pace of
    the callbacks, no xruns, and meters that show the input through the plugin.
*/
void checkSteadyRunning (HostSession& session, double sampleRate, int blockSize)
{
    auto& engine = session.getEngine();
    REQUIRE (pumpUntil ([&]
                        { return engine.getStatus().phase == AudioPhase::runningFullDuplex; },
                        5000));
    CHECK (engine.getStatus().sampleRate == sampleRate);
    CHECK (engine.getStatus().bufferSize == blockSize);

    pumpMessages (500); // settle

    // Two readers of the same meters (the server is a third): each sees every frame.
    MeterTap::Reader first (session.getAnalyser().getMeterTap()), second (session.getAnalyser().getMeterTap());

    // A window of 3 s, taken again while an xrun spoils it: CI's virtual
    // machines stall a thread for longer than a period a few times a minute
    // (4 xruns in 3 s seen once). A host that is late itself spoils every one.
    double callbacks = 0.0, elapsed = 0.0;
    int xruns = 0, spoiledWindows = 0;

    for (int window = 1; window <= 4; ++window)
    {
        const auto xrunsBefore = engine.getXRunCount();
        const auto callbacksBefore = engine.getCallback().getCounters().callbacks;
        const auto started = juce::Time::getMillisecondCounterHiRes();
        pumpMessages (3000);
        elapsed = (juce::Time::getMillisecondCounterHiRes() - started) / 1000.0;
        callbacks = (double) (engine.getCallback().getCounters().callbacks - callbacksBefore);
        xruns = engine.getXRunCount() - xrunsBefore;

        if (xruns == 0 || window == 4)
            break;

        ++spoiledWindows;
        first.readNew ([] (const MeterFrame&) {});
        second.readNew ([] (const MeterFrame&) {});
    }

    const auto expectedRate = sampleRate / blockSize;
    INFO ("callbacks per second: " << callbacks / elapsed << ", expected " << expectedRate << "; "
                                   << spoiledWindows << " windows spoiled by xruns before this one");
    CHECK (callbacks / elapsed == Approx (expectedRate).epsilon (0.02));
    CHECK (xruns == 0);

    // The sine source (-6 dBFS) through tp_v2 at gain 0.5.
    MeterFrame held;
    std::vector<juce::int64> firstStamps, secondStamps;
    first.readNew ([&] (const MeterFrame& frame)
                   { held.holdMaximum (frame); firstStamps.push_back (frame.timestampNanos); });
    second.readNew ([&] (const MeterFrame& frame)
                    { secondStamps.push_back (frame.timestampNanos); });

    CHECK (firstStamps.size() >= (size_t) (0.9 * callbacks));
    REQUIRE (secondStamps.size() >= firstStamps.size());
    CHECK (std::equal (firstStamps.begin(), firstStamps.end(), secondStamps.begin()));
    CHECK (std::adjacent_find (firstStamps.begin(), firstStamps.end(), std::greater_equal<>()) == firstStamps.end());
    CHECK (first.getNumLost() + second.getNumLost() == 0);
    CHECK (held.peakLeft == Approx (0.25f).margin (0.002));
    CHECK (held.peakRight == Approx (0.25f).margin (0.002));

    // The scope shows the plugin's output (0.25), not its input (0.5).
    ScopeFrame scope;
    REQUIRE (session.getAnalyser().getLatestScopeFrame (scope));
    CHECK_FALSE (scope.noSignal);
    CHECK (scope.triggered);
    CHECK (scope.sampleRate == sampleRate);
    float scopePeak = 0.0f;

    for (auto point : scope.left)
        scopePeak = juce::jmax (scopePeak, std::abs (point));

    CHECK (scopePeak == Approx (0.25f).margin (0.01));
}

/** A 1 kHz sine at -6 dBFS, a whole number of periods at 48 kHz. */
std::vector<float> sineLoop()
{
    std::vector<float> loop (4800);

    for (size_t i = 0; i < loop.size(); ++i)
        loop[i] = 0.5f * (float) std::sin (juce::MathConstants<double>::twoPi * 1000.0 * (double) i / 48000.0);

    return loop;
}

/** Patches the probe around the host's JACK ports and checks that the sine
    played into the capture input comes out of the playback port through the
    plugin (gain 0.5), at the same frame.
*/
void checkAudioThroughJack (test::JackProbe& probe)
{
    REQUIRE (probe.open());
    REQUIRE (probe.connect (test::JackProbe::playerPort, "JUCEJack:in_1"));
    REQUIRE (probe.connect (test::JackProbe::playerPort, "JUCEJack:in_2"));
    REQUIRE (probe.connect ("JUCEJack:out_1", test::JackProbe::listenerPort));

    const auto loop = sineLoop();
    const auto takes = probe.record (loop, 4096, true);
    INFO (takes.spoiledTakes << " takes spoiled by xruns before this one");
    REQUIRE (takes.recorded);
    REQUIRE (takes.xrunsInLastTake == 0);

    const auto& heard = probe.getRecorded();

    for (size_t i = 0; i < heard.size(); ++i)
        if (heard[i] != loop[i % loop.size()] * 0.5f)
            FAIL ("playback frame " << i << " is " << heard[i] << ", not " << loop[i % loop.size()] * 0.5f);
}

HostSession::Options sessionOptions (const juce::String& deviceType, double sampleRate, int blockSize)
{
    HostSession::Options options;
    options.plugin = test::getTestPlugin ("tp_v2");
    options.device.deviceType = deviceType;
    options.device.sampleRate = sampleRate;
    options.device.bufferSize = blockSize;
    options.inputSource = "sine:1000";
    return options;
}

/** Starts `session` on the Virtual device with a copy of a test plugin that
    the test may then overwrite, as a build would. Returns the copy.
*/
juce::File startOnPluginCopy (HostSession& session, const test::TemporaryFolder& temp, const juce::String& plugin)
{
    const auto pluginFile = temp.getFile ("plugin" WAVECRAFT_PLUGIN_SUFFIX);
    REQUIRE (test::getTestPlugin (plugin).copyFileTo (pluginFile));

    auto options = sessionOptions ("Virtual", 48000.0, 512);
    options.plugin = pluginFile;
    REQUIRE (session.start (options).wasOk());
    return pluginFile;
}

void setGain (HostSession& session, float gain)
{
    REQUIRE (session.setParameter ("gain", gain, nullptr));

    // Through the plugin's own JUCE parameter, as a host's control sets it.
    REQUIRE (session.getPluginInstance() != nullptr);
    auto* parameter = session.getPluginInstance()->getParameterForId ("gain");
    REQUIRE (parameter != nullptr);
    CHECK (parameter->convertFrom0to1 (parameter->getValue()) == Approx (gain));
}
} // namespace

TEST_CASE ("The Virtual device runs the plugin at real-time pace", "[engine]")
{
    HostSession session;
    REQUIRE (session.start (sessionOptions ("Virtual", 48000.0, pacedBlockSize)).wasOk());
    setGain (session, 0.5f);
    CHECK (session.getEngine().describeDevice().startsWith ("Virtual"));
    checkSteadyRunning (session, 48000.0, pacedBlockSize);
    session.stop();
    CHECK (session.getEngine().getStatus().phase == AudioPhase::disabled);
}

TEST_CASE ("The Virtual device gives two inputs and two outputs: full duplex with no source", "[engine]")
{
    HostSession session;
    auto options = sessionOptions ("Virtual", 44100.0, 128);
    options.inputSource = {};
    REQUIRE (session.start (options).wasOk());
    CHECK (session.getEngine().getStatus().phase == AudioPhase::runningFullDuplex);
    CHECK_FALSE (session.getEngine().getStatus().diagnostic.has_value());
    CHECK (session.getEngine().describeDevice() == "Virtual: Virtual Device (2 in, 2 out, 44100 Hz, 128 frames)");
}

TEST_CASE ("The Virtual device runs at the rate and block size asked for, however odd, and says so when it can't", "[engine]")
{
    HostSession session;
    const auto startAt = [&session] (double sampleRate, int bufferSize)
    {
        auto options = sessionOptions ("Virtual", sampleRate, bufferSize);
        options.checkEachBuild = false;
        REQUIRE (session.start (options).wasOk());
        return session.getEngine().getStatus();
    };

    SECTION ("12345 Hz in blocks of 100 frames: honoured, without a word")
    {
        const auto status = startAt (12345.0, 100);
        CHECK (status.phase == AudioPhase::runningFullDuplex);
        CHECK (status.sampleRate == 12345.0);
        CHECK (status.bufferSize == 100);
        CHECK_FALSE (status.diagnostic.has_value());
        CHECK (session.getEngine().describeDevice() == "Virtual: Virtual Device (2 in, 2 out, 12345 Hz, 100 frames)");
    }

    SECTION ("500000 Hz and blocks of 10000 frames, beyond what it offers: it runs at what it can, and the status says what and why")
    {
        juce::StringArray logged;
        const test::ScopedLogCapture capture (logged);
        const auto status = startAt (500000.0, 10000);
        CHECK (status.phase == AudioPhase::runningFullDuplex);
        CHECK (status.sampleRate != 500000.0);
        CHECK (status.bufferSize != 10000);
        REQUIRE (status.diagnostic.has_value());
        const auto& message = status.diagnostic->message;
        CHECK (message == "the Virtual device 'Virtual Device' runs at " + juce::String (status.sampleRate) + " Hz, not the 500000 Hz asked for and in blocks of " + juce::String (status.bufferSize) + " frames, not the 10000 asked for; it offers rates: any from 8000 to 384000 Hz; "
                                                                                                                                                                                                        "blocks: any from 16 to 8192 frames");
        CHECK (status.diagnostic->hint == "choose a rate and block size the device offers, or another device");
        CHECK (status.diagnostic->fields[Diagnostic::Fields::refused] == juce::var ("sampleRate,bufferSize"));
        CHECK (logged.indexOf (message) < 0); // said by the status, once, and not logged beside it
    }
}

TEST_CASE ("A real JACK server: audio through its ports, full duplex at its pace, then lost and found again", "[engine][jack]")
{
    if (! test::JackServer::isInstalled())
        FAIL ("jackd and jack_wait are needed (scripts/install-deps.sh installs jackd2)");

    // Four capture ports: the first two reach the plugin, and the device's
    // description (logged when it opens) says so.
    test::JackServer jack (48000, pacedBlockSize, 4);
    REQUIRE (jack.start());

    StatusRecorder recorder; // outlives the session, which tells it of its last status as it stops
    HostSession session;
    session.getEngine().addListener (&recorder);
    auto options = sessionOptions ("JACK", 0.0, 0);
    options.inputSource = {}; // the device's input: what the probe plays into it
    // Every sample is compared: in-process, so that a block an isolated
    // plugin answered late on a busy machine can't pass for a device fault
    // (the isolated path's samples are PluginIsolationTests').
    options.isolation = HostSession::PluginIsolation::inProcess;
    REQUIRE (session.start (options).wasOk());
    setGain (session, 0.5f);
    CHECK (session.getEngine().describeDevice().startsWith ("JACK"));
    CHECK (session.getEngine().describeDevice().contains ("(2 in, 2 out"));
    CHECK (session.getEngine().describeDevice().endsWith ("it has 4 inputs, and only the first two reach the plugin"));

    test::JackProbe probe (16384);
    checkAudioThroughJack (probe);
    checkSteadyRunning (session, 48000.0, pacedBlockSize);

    // The server goes away mid-run: the host degrades and keeps going.
    jack.stop();
    REQUIRE (pumpUntil ([&]
                        { return session.getEngine().getStatus().phase == AudioPhase::degraded; },
                        5000));
    const auto& status = session.getEngine().getStatus();
    REQUIRE (status.diagnostic.has_value());
    CHECK (status.diagnostic->code == DiagnosticCode::streamStartFailed);
    pumpMessages (1500); // a few reopen attempts against no server

    // It comes back: the host reopens it by itself, and audio flows as before.
    REQUIRE (jack.start());
    REQUIRE (pumpUntil ([&]
                        { return session.getEngine().getStatus().phase == AudioPhase::runningFullDuplex; },
                        10000));

    checkAudioThroughJack (probe);
    checkSteadyRunning (session, 48000.0, pacedBlockSize);
    probe.close();

    CHECK (std::find (recorder.phases.begin(), recorder.phases.end(), AudioPhase::degraded) != recorder.phases.end());
    CHECK (recorder.phases.back() == AudioPhase::runningFullDuplex);

    session.getEngine().removeListener (&recorder);
    session.stop();
}

TEST_CASE ("The status names what a JACK device lacks: no inputs, no outputs, with and without an input source", "[engine][jack]")
{
    if (! test::JackServer::isInstalled())
        FAIL ("jackd and jack_wait are needed (scripts/install-deps.sh installs jackd2)");

    struct Case
    {
        int captures, playbacks;
        const char* inputSource;
        AudioPhase phase;
        std::optional<DiagnosticCode> code;
    };

    const auto layout = GENERATE (Case { 0, 2, "", AudioPhase::degraded, DiagnosticCode::noInputDevice },
                                  Case { 0, 2, "sine:440", AudioPhase::runningFullDuplex, std::nullopt },
                                  Case { 2, 0, "", AudioPhase::runningInputOnly, DiagnosticCode::noOutputDevice },
                                  Case { 2, 0, "sine:440", AudioPhase::runningInputOnly, DiagnosticCode::noOutputDevice });
    INFO (layout.captures << " capture and " << layout.playbacks << " playback ports, input source '" << layout.inputSource << "'");

    test::JackServer jack (48000, 256, layout.captures, layout.playbacks);
    REQUIRE (jack.start());

    HostSession session;
    auto options = sessionOptions ("JACK", 0.0, 0);
    options.inputSource = layout.inputSource;
    REQUIRE (session.start (options).wasOk());
    pumpMessages (3 * AudioEngine::watchdogIntervalMs);

    const auto& status = session.getEngine().getStatus();
    INFO ((status.diagnostic.has_value() ? status.diagnostic->message : juce::String ("no diagnostic")));
    CHECK (status.phase == layout.phase);
    CHECK (status.diagnostic.has_value() == layout.code.has_value());

    if (layout.code.has_value() && status.diagnostic.has_value())
    {
        CHECK (status.diagnostic->code == *layout.code);
        CHECK (status.diagnostic->fields[Diagnostic::Fields::deviceType] == "JACK");
        CHECK_FALSE (status.diagnostic->hint.contains ("--")); // an embedding app has no command line
    }

    // Whatever it lacks, the plugin runs: the meters move.
    const auto processed = session.getEngine().getCallback().getCounters().processedBlocks;
    pumpMessages (300);
    CHECK (session.getEngine().getCallback().getCounters().processedBlocks > processed);
    session.stop();
}

TEST_CASE ("A device picked through the app's own manager is followed, and is what the watchdog reopens", "[engine][jack]")
{
    if (! test::JackServer::isInstalled())
        FAIL ("jackd and jack_wait are needed (scripts/install-deps.sh installs jackd2)");

    test::JackServer jack (48000, 256);
    REQUIRE (jack.start());

    juce::AudioDeviceManager manager; // the app's
    HostSession session (manager);
    REQUIRE (session.start (sessionOptions ("Virtual", 48000.0, 512)).wasOk());
    const auto& types = manager.getAvailableDeviceTypes();
    CHECK (std::count_if (types.begin(), types.end(), [] (auto* type)
                          { return type->getTypeName() == VirtualAudioIODevice::typeName; })
           == 1);

    // The app (or JUCE's AudioDeviceSelectorComponent) switches to JACK.
    manager.setCurrentAudioDeviceType ("JACK", true);
    auto setup = manager.getAudioDeviceSetup();
    setup.useDefaultInputChannels = setup.useDefaultOutputChannels = false;
    setup.inputChannels.setRange (0, 2, true);
    setup.outputChannels.setRange (0, 2, true);
    REQUIRE (manager.setAudioDeviceSetup (setup, true).isEmpty());

    const auto onJack = [&]
    {
        const auto& status = session.getEngine().getStatus();
        return session.getEngine().describeDevice().startsWith ("JACK") && status.phase == AudioPhase::runningFullDuplex
            && status.bufferSize == 256;
    };
    REQUIRE (pumpUntil (onJack, 5000));

    // Lost and back: the watchdog reopens the app's choice, not the device the session started on.
    jack.stop();
    REQUIRE (pumpUntil ([&]
                        { return session.getEngine().getStatus().phase == AudioPhase::degraded; },
                        5000));
    REQUIRE (jack.start());
    CHECK (pumpUntil (onJack, 10000));
    const auto callbacks = session.getEngine().getCallback().getCounters().callbacks;
    pumpMessages (500);
    CHECK (session.getEngine().getCallback().getCounters().callbacks > callbacks + 10);
    session.stop();
}

TEST_CASE ("A session on the app's manager keeps the device the app opened, and leaves it open", "[engine]")
{
    juce::AudioDeviceManager manager;
    HostSession session (manager);

    juce::AudioDeviceManager::AudioDeviceSetup setup;
    manager.setCurrentAudioDeviceType (VirtualAudioIODevice::typeName, true);
    setup.inputDeviceName = setup.outputDeviceName = VirtualAudioIODevice::deviceName;
    setup.sampleRate = 96000.0;
    setup.bufferSize = 128;
    setup.useDefaultInputChannels = setup.useDefaultOutputChannels = false;
    setup.inputChannels.setRange (0, 2, true);
    setup.outputChannels.setRange (0, 2, true);
    REQUIRE (manager.setAudioDeviceSetup (setup, true).isEmpty());

    auto options = sessionOptions ({}, 0.0, 0); // no device asked for
    REQUIRE (session.start (options).wasOk());
    CHECK (session.getEngine().getStatus().phase == AudioPhase::runningFullDuplex);
    CHECK (session.getEngine().getStatus().sampleRate == 96000.0);
    CHECK (session.getEngine().getStatus().bufferSize == 128);

    const auto processed = session.getEngine().getCallback().getCounters().processedBlocks;
    pumpMessages (300);
    CHECK (session.getEngine().getCallback().getCounters().processedBlocks > processed);

    session.stop();
    REQUIRE (manager.getCurrentAudioDevice() != nullptr);
    CHECK (manager.getCurrentAudioDevice()->isPlaying());
}

TEST_CASE ("Asking for JACK with no server running degrades instead of failing", "[engine][jack]")
{
    test::JackServer jack (48000, 256); // sets the server name; not started
    HostSession session;
    REQUIRE (session.start (sessionOptions ("JACK", 0.0, 0)).wasOk());
    REQUIRE (pumpUntil ([&]
                        { return session.getEngine().getStatus().phase == AudioPhase::degraded; },
                        3000));
    CHECK (session.getEngine().getStatus().diagnostic->hint.contains ("JACK server"));
    session.stop();
}

TEST_CASE ("Requests that can never work are refused with the choices", "[engine]")
{
    HostSession session;
    auto options = sessionOptions ("Bogus", 0.0, 0);
    CHECK (session.start (options).getErrorMessage().contains ("no audio device type 'Bogus'; this machine has: "));
    CHECK (session.start (options).getErrorMessage().contains ("Virtual"));

    options.device.deviceType = "Virtual";
    options.inputSource = "square";
    CHECK (session.start (options).getErrorMessage() == "an input source is device, silence, sine[:HZ], noise or file:PATH, not 'square'");

    // An app with a settings page says where to change it, from the code and fields.
    struct SettingsPageHints : public DiagnosticHints
    {
        juce::String hintFor (const Diagnostic& diagnostic) const override
        {
            return diagnostic.subject == Diagnostic::Subject::inputSource
                ? "open Settings > Input; '" + diagnostic.fields[Diagnostic::Fields::inputSource].toString() + "' is not one"
                : juce::String();
        }
    } hints;

    session.setDiagnosticHints (&hints);
    CHECK (session.start (options).getErrorMessage().endsWith ("; open Settings > Input; 'square' is not one"));
    options.inputSource = {};
    options.device.deviceType = "Bogus";
    CHECK_FALSE (session.start (options).getErrorMessage().contains ("Settings")); // not about the input: the module's words
    session.setDiagnosticHints (nullptr);
}

TEST_CASE ("A broken plugin leaves the session running with status failed, and a fixed build is picked up", "[engine]")
{
    test::TemporaryFolder temp;
    HostSession session;
    const auto pluginFile = startOnPluginCopy (session, temp, "tp_params_enum_mismatch");

    const auto& status = session.getEngine().getStatus();
    CHECK (status.phase == AudioPhase::failed);
    REQUIRE (status.diagnostic.has_value());
    CHECK (status.diagnostic->code == DiagnosticCode::loaderUnavailable);
    CHECK (status.diagnostic->message.contains ("wavecraft_get_params_json"));
    CHECK (session.getParameters() == nullptr);

    // The developer fixes the plugin and the build writes it in place.
    pumpMessages (300);
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (pluginFile));
    pluginFile.setLastModificationTime (juce::Time::getCurrentTime() + juce::RelativeTime::seconds (2));
    REQUIRE (pumpUntil ([&]
                        { return session.getEngine().getStatus().phase == AudioPhase::runningFullDuplex; },
                        5000));
    REQUIRE (session.getParameters() != nullptr);
    CHECK (session.getParameters()->size() == 4);

    const auto processed = session.getEngine().getCallback().getCounters().processedBlocks;
    pumpMessages (300);
    CHECK (session.getEngine().getCallback().getCounters().processedBlocks > processed);
    session.stop();
}

TEST_CASE ("Recording writes the plugin's output to a WAV file, every frame of it, without a gap", "[engine]")
{
    test::TemporaryFolder temp;
    auto options = sessionOptions ("Virtual", 48000.0, 256);
    options.recordFile = temp.getFile ("take.wav");
    // Every sample is checked: in-process, so that a block an isolated
    // plugin answered late on a busy machine can't pass for a recorder gap.
    options.isolation = HostSession::PluginIsolation::inProcess;
    juce::uint64 framesProcessed = 0;
    double secondsRun = 0.0;

    {
        HostSession session;
        const auto started = juce::Time::getMillisecondCounterHiRes();
        REQUIRE (session.start (options).wasOk());
        pumpMessages (1000);
        session.stop();
        secondsRun = (juce::Time::getMillisecondCounterHiRes() - started) / 1000.0;
        framesProcessed = session.getEngine().getCallback().getCounters().processedFrames;
        CHECK ((juce::uint64) session.getAnalyser().getNumRecordedFrames() == session.getEngine().getCallback().getCounters().processedFrames);
    }

    const auto recorded = test::readRaw (options.recordFile);
    CHECK (recorded.sampleRate == 48000.0);
    REQUIRE (recorded.isFloat);

    // Every frame the callback made is in the file, and that is the time run
    // less the start and the stop (a sanitizer's build spends a while in
    // them, and the Virtual device drops the time of a stall, as a real one
    // does).
    CHECK (recorded.length == (juce::int64) framesProcessed);
    CHECK (recorded.length <= (juce::int64) (secondsRun * 48000.0) + 256);
    CHECK (recorded.length >= (juce::int64) (secondsRun * 48000.0) - 48000 / 2);

    // The sine source (-6 dBFS, 1 kHz) at the plugin's default gain, 1: past
    // the silent blocks before the plugin loaded, each sample follows from
    // the two before it, as in any unbroken sine; a lost or repeated block
    // breaks that.
    std::vector<float> samples;

    for (auto bits : recorded.channels[0])
    {
        float sample;
        std::memcpy (&sample, &bits, sizeof (sample));
        samples.push_back (sample);
    }

    const auto first = (size_t) std::distance (samples.begin(), std::find_if (samples.begin(), samples.end(), [] (float x)
                                                                              { return x != 0.0f; }));
    REQUIRE (first + 48000 / 2 < samples.size());
    const auto twoCos = 2.0f * (float) std::cos (juce::MathConstants<double>::twoPi * 1000.0 / 48000.0);
    float peak = 0.0f;

    for (size_t i = first + 2; i < samples.size(); ++i)
    {
        peak = juce::jmax (peak, std::abs (samples[i]));

        if (std::abs (samples[i] - (twoCos * samples[i - 1] - samples[i - 2])) > 1.0e-3f)
            FAIL ("the recording breaks at frame " << i << " of " << samples.size());
    }

    CHECK (peak == Approx (0.5f).margin (0.001));
}

TEST_CASE ("A sample-rate and block-size change while running reaches the plugin, the status and the meters", "[engine]")
{
    HostSession session;
    auto options = sessionOptions ("Virtual", 48000.0, 512);
    options.isolation = HostSession::PluginIsolation::inProcess; // to read the plugin's counters
    REQUIRE (session.start (options).wasOk());
    setGain (session, 0.5f);
    REQUIRE (pumpUntil ([&]
                        { return session.getEngine().getStatus().phase == AudioPhase::runningFullDuplex; },
                        2000));
    const auto library = session.getLibrary();
    auto& counters = test::getCounters (*library);
    CHECK (counters.lastSampleRate == 48000.0f);

    // As the audio settings of a window (or the embedding app) would do it.
    auto& manager = session.getEngine().getDeviceManager();
    auto setup = manager.getAudioDeviceSetup();
    setup.sampleRate = 96000.0;
    setup.bufferSize = 128;
    REQUIRE (manager.setAudioDeviceSetup (setup, true).isEmpty());

    REQUIRE (pumpUntil ([&]
                        { return session.getEngine().getStatus().sampleRate == 96000.0; },
                        2000));
    CHECK (session.getEngine().getStatus().bufferSize == 128);
    CHECK (session.getEngine().getStatus().phase == AudioPhase::runningFullDuplex);
    CHECK (counters.lastSampleRate == 96000.0f);

    // It keeps running at the new pace, and meters the same level.
    pumpMessages (300);
    const auto before = session.getEngine().getCallback().getCounters();
    const auto startedMs = juce::Time::getMillisecondCounterHiRes();
    MeterTap::Reader meters (session.getAnalyser().getMeterTap());
    pumpMessages (1000);
    const auto after = session.getEngine().getCallback().getCounters();
    const auto seconds = (juce::Time::getMillisecondCounterHiRes() - startedMs) / 1000.0;
    CHECK ((double) (after.processedFrames - before.processedFrames) / seconds == Approx (96000.0).epsilon (0.15));

    MeterFrame held;
    meters.readNew ([&] (const MeterFrame& frame)
                    { held.holdMaximum (frame); });

    CHECK (held.peakLeft == Approx (0.25f).margin (0.002));

    ScopeFrame scope;
    REQUIRE (session.getAnalyser().getLatestScopeFrame (scope));
    CHECK (scope.sampleRate == 96000.0);
    session.stop();
    CHECK (counters.lastNumSamples == 128); // written by the audio thread: read once it has stopped
}

TEST_CASE ("A file input source loops the file into the plugin", "[engine]")
{
    test::TemporaryFolder temp;
    const auto file = temp.getFile ("loop.wav");
    juce::AudioBuffer<float> loop (1, 4800);

    for (int i = 0; i < 4800; ++i)
        loop.setSample (0, i, i < 2400 ? 0.6f : -0.3f);

    test::writeWav (file, loop, 48000.0, 32);

    juce::String error;
    auto source = InputSource::fromSpec ("file:" + file.getFullPathName(), error);
    REQUIRE (error.isEmpty());
    REQUIRE (source != nullptr);
    source->prepare (48000.0, 512);

    std::vector<float> left (12000), right (12000);

    for (int offset = 0; offset < 12000; offset += 500)
    {
        source->fill (left.data() + offset, right.data() + offset, 500);
        juce::Thread::sleep (2);
    }

    for (int i = 0; i < 12000; ++i)
    {
        const auto expected = (i % 4800) < 2400 ? 0.6f : -0.3f;
        REQUIRE (left[(size_t) i] == expected);
        REQUIRE (right[(size_t) i] == expected);
    }

    CHECK (dynamic_cast<FileInputSource&> (*source).getNumUnderrunSamples() == 0);

    CHECK (InputSource::fromSpec ("file:/no/such.wav", error) == nullptr);
    CHECK (error == "no input file at /no/such.wav");
}

TEST_CASE ("A rebuild of the same size within the same second is still loaded", "[engine]")
{
    struct ReloadCounter : public HostSession::Listener
    {
        void parametersReplaced() override { ++reloads; }
        int reloads = 0;
    };

    test::TemporaryFolder temp;
    HostSession session;
    ReloadCounter counter;
    const auto pluginFile = startOnPluginCopy (session, temp, "tp_v2");
    session.addListener (&counter);
    pumpMessages (2 * HostSession::watchIntervalMs);
    REQUIRE (counter.reloads == 0);

    // A build tool renames a new file of the same size over the old one, and
    // its modification time reads the same to the second.
    const auto next = temp.getFile ("next" WAVECRAFT_PLUGIN_SUFFIX);
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (next));
    REQUIRE (next.setLastModificationTime (pluginFile.getLastModificationTime()));
    REQUIRE (next.getSize() == pluginFile.getSize());
    REQUIRE (next.moveFileTo (pluginFile));

    CHECK (pumpUntil ([&]
                      { return counter.reloads == 1; },
                      3000));
    session.removeListener (&counter);
    session.stop();
}

TEST_CASE ("A build written in place is loaded when its writer closes it, never half written, however long it pauses", "[engine][linux]")
{
    test::TemporaryFolder temp;
    HostSession session;
    const auto pluginFile = startOnPluginCopy (session, temp, "tp_v2");
    REQUIRE (session.isWatchingPluginFile()); // inotify, on Linux
    REQUIRE (session.getParameters()->indexOf ("gain") >= 0);

    juce::MemoryBlock build;
    REQUIRE (test::getTestPlugin ("tp_params_non_ascii").loadFileAsData (build));

    {
        // A linker writing the new library in place, stopping halfway for longer than any poll would wait.
        juce::FileOutputStream writer (pluginFile);
        REQUIRE (writer.openedOk());
        REQUIRE (writer.setPosition (0));
        REQUIRE (writer.truncate().wasOk());
        REQUIRE (writer.write (build.getData(), build.getSize() / 2));
        writer.flush();
        pumpMessages (4 * HostSession::watchIntervalMs);
        CHECK (session.getLoadError() == std::nullopt); // the half is never read...
        CHECK (session.getParameters()->indexOf ("gain") >= 0);
        REQUIRE (writer.write (static_cast<const char*> (build.getData()) + build.getSize() / 2, build.getSize() - build.getSize() / 2));
    }

    // ...the whole is, once closed.
    CHECK (pumpUntil ([&]
                      { return session.getParameters() != nullptr && session.getParameters()->indexOf ("shape") >= 0
                            && session.getParameters()->indexOf ("gain") < 0; },
                      3000));
    CHECK (session.getLoadError() == std::nullopt);
    CHECK (session.getNumReloads() == 1);
    session.stop();
}

TEST_CASE ("Watching sources: a change runs the build, and the new library is loaded", "[engine]")
{
    test::TemporaryFolder temp;
    const auto sources = temp.getFile ("src");
    REQUIRE (sources.createDirectory());
    REQUIRE (sources.getChildFile ("plugin.c").replaceWithText ("v1"));
    REQUIRE (sources.getChildFile ("target").createDirectory());

    HostSession session;
    const auto pluginFile = startOnPluginCopy (session, temp, "tp_v2");
    REQUIRE (session.getPluginInfo()->abiVersion == 2);

    // The "build" writes the version 1 test plugin over the library, the way a
    // build tool does, and also writes into target/, which must not retrigger.
    const auto command = "cp " + test::getTestPlugin ("tp_v1").getFullPathName().quoted ('\'') + " "
        + (pluginFile.getFullPathName() + ".new").quoted ('\'') + " && mv "
        + (pluginFile.getFullPathName() + ".new").quoted ('\'') + " " + pluginFile.getFullPathName().quoted ('\'')
        + " && echo built >> target/log";
    BuildWatcher watcher (sources, command);
    int builds = 0, lastExitCode = -1;
    watcher.onBuildFinished = [&] (int exitCode, double, const juce::String&)
    { ++builds; lastExitCode = exitCode; };
    watcher.start();

    pumpMessages (700);
    CHECK (builds == 0); // nothing changed yet

    REQUIRE (sources.getChildFile ("plugin.c").replaceWithText ("v2, edited"));
    REQUIRE (pumpUntil ([&]
                        { return builds == 1; },
                        5000));
    CHECK (lastExitCode == 0);
    REQUIRE (pumpUntil ([&]
                        { return session.getPluginInfo().has_value() && session.getPluginInfo()->abiVersion == 1; },
                        5000));

    pumpMessages (1000);
    CHECK (builds == 1); // its own output under target/ did not start another build
    session.stop();
}

namespace
{
/** True while process `pid` runs (not ended, nor ended and waiting to be reaped). */
bool isRunning (const juce::String& pid)
{
    const auto stat = juce::File ("/proc/" + pid + "/stat").loadFileAsString();
    return stat.isNotEmpty() && ! stat.fromLastOccurrenceOf (") ", false, false).startsWith ("Z");
}
} // namespace

TEST_CASE ("A watcher stopped mid-build (the host quits) ends the build and what it started, at once", "[engine]")
{
    test::TemporaryFolder temp;
    const auto sources = temp.getFile ("src");
    REQUIRE (sources.createDirectory());
    REQUIRE (sources.getChildFile ("plugin.c").replaceWithText ("v1"));

    // A long step in a process of its own, as make runs a compiler; the
    // shell's id and the step's are written down.
    const auto ids = temp.getFile ("ids");
    auto watcher = std::make_unique<BuildWatcher> (sources, "sleep 60 & echo $$ $! > " + ids.getFullPathName().quoted ('\'') + "; wait");
    watcher->start();
    pumpMessages (700);
    REQUIRE (sources.getChildFile ("plugin.c").replaceWithText ("v2, edited"));
    REQUIRE (pumpUntil ([&]
                        { return ids.loadFileAsString().containsChar ('\n'); },
                        5000));
    const auto pids = juce::StringArray::fromTokens (ids.loadFileAsString().trim(), false);
    REQUIRE (pids.size() == 2);
    CHECK (isRunning (pids[0]));
    CHECK (isRunning (pids[1]));

    const auto stoppingMs = juce::Time::getMillisecondCounterHiRes();
    watcher.reset();
    CHECK (juce::Time::getMillisecondCounterHiRes() - stoppingMs < 1500.0); // the host's whole stop has 2 s

    for (const auto& pid : pids)
    {
        INFO ("process " << pid);
        CHECK (pumpUntil ([&]
                          { return ! isRunning (pid); },
                          2000));
    }
}

namespace
{
std::vector<std::pair<juce::String, juce::String>> brokenContracts; // the handler below is a plain function

void recordBrokenContract (const juce::String& function, const char* requiredThread)
{
    brokenContracts.emplace_back (function, requiredThread);
}
} // namespace

TEST_CASE ("A message-thread entry point called from another thread is reported, by name and once per place, in a release build too", "[engine][threads]")
{
    brokenContracts.clear();
    const auto previous = ThreadContract::setHandler (recordBrokenContract);
    const juce::ScopeGuard restoreHandler { [previous]
                                            { ThreadContract::setHandler (previous); } };

    juce::AudioDeviceManager manager;
    AudioEngine engine (manager);
    juce::String error;

    // On the message thread (this one): nothing to say.
    CHECK (engine.setInputSource (InputSource::fromSpec ("silence", error)) == nullptr);
    CHECK (brokenContracts.empty());

    std::unique_ptr<InputSource> fromElsewhere[2];
    std::thread elsewhere ([&]
                           {
        fromElsewhere[0] = engine.setInputSource (InputSource::fromSpec ("noise", error));
        fromElsewhere[1] = engine.setInputSource (InputSource::fromSpec ("sine", error)); });
    elsewhere.join();

    REQUIRE (brokenContracts.size() == 1);
    CHECK (brokenContracts[0].first == "wavecraft::AudioEngine::setInputSource");
    CHECK (brokenContracts[0].second == "the message thread");
    CHECK (fromElsewhere[0] != nullptr); // reported, and still done: each call swapped the source
    CHECK (fromElsewhere[1] != nullptr);
    CHECK (engine.setInputSource (nullptr) != nullptr);

    // The name, from what each compiler gives.
    CHECK (ThreadContract::nameOf ("std::unique_ptr<juce::AudioProcessor> wavecraft::AudioEngine::setProcessor(std::unique_ptr<juce::AudioProcessor>)")
           == "wavecraft::AudioEngine::setProcessor");
    CHECK (ThreadContract::nameOf ("class juce::Result __cdecl wavecraft::HostSession::start(const struct wavecraft::HostSession::Options &)")
           == "wavecraft::HostSession::start");
    CHECK (ThreadContract::nameOf ("void wavecraft::BrowserUiServer::stop()") == "wavecraft::BrowserUiServer::stop");
}
