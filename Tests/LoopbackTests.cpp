/*
    Latency, seen from outside: a known signal goes into the device's input
    (or the input source, or the render's input file) and must come out of the
    plugin at the very sample it went in. A steady sine looks the same one
    block late; a sweep compared sample by sample does not.
*/
#include "TestHelpers.h"
#include "JackProbe.h"
#include "JackServer.h"

using namespace wavecraft;

namespace
{
constexpr float gain = 0.5f; // exact in float, so the output is compared with ==

/** Plays a signal into the Virtual device's inputs from a given frame and
    records its first output from the first block on.
*/
class LoopbackPatch final : public VirtualAudioIODevice::Patch
{
public:
    LoopbackPatch (std::vector<float> signalToPlay, int startFrame, int framesToRecord, const PluginAudioCallback& callbackToWatch)
        : signal (std::move (signalToPlay)),
          start (startFrame),
          recorded ((size_t) framesToRecord, 0.0f),
          callback (callbackToWatch)
    {
    }

    void fillInputs (float* const* inputs, int numInputs, int numSamples) noexcept override
    {
        if (frame == 0)
            callbackFramesBefore = (juce::int64) callback.getCounters().processedFrames;

        for (int i = 0; i < numSamples; ++i)
        {
            const auto position = frame + i - start;
            const auto sample = position >= 0 && position < (int) signal.size() ? signal[(size_t) position] : 0.0f;

            for (int channel = 0; channel < numInputs; ++channel)
                inputs[channel][i] = sample;
        }
    }

    void outputsWritten (const float* const* outputs, int numOutputs, int numSamples) noexcept override
    {
        for (int i = 0; i < numSamples && numOutputs > 0; ++i)
            if (frame + i < (int) recorded.size())
                recorded[(size_t) (frame + i)] = outputs[0][i];

        frame += numSamples;
        framesSeen = frame;
    }

    std::vector<float> signal;
    const int start;
    std::vector<float> recorded;
    const PluginAudioCallback& callback;
    int frame = 0;
    std::atomic<int> framesSeen { 0 };
    std::atomic<juce::int64> callbackFramesBefore { -1 };
};

std::vector<float> sweep (int length)
{
    const auto buffer = test::makeTestSignal (1, length);
    return { buffer.getReadPointer (0), buffer.getReadPointer (0) + length };
}

/** The first frame where `recorded` isn't `signal` * gain from `offset` on. */
int firstMismatch (const std::vector<float>& recorded, const std::vector<float>& signal, int offset)
{
    for (int i = 0; i < (int) recorded.size(); ++i)
    {
        const auto position = i - offset;
        const auto expected = position >= 0 && position < (int) signal.size() ? signal[(size_t) position] * gain : 0.0f;

        if (recorded[(size_t) i] != expected)
            return i;
    }

    return -1;
}

/** Plugs the patch into the session's Virtual device until it has recorded all it can. */
void runPatch (HostSession& session, LoopbackPatch& patch)
{
    auto* device = dynamic_cast<VirtualAudioIODevice*> (session.getEngine().getDeviceManager().getCurrentAudioDevice());
    REQUIRE (device != nullptr);
    device->setPatch (&patch);
    const auto recorded = test::pumpUntil ([&]
                                           { return patch.framesSeen.load() >= (int) patch.recorded.size(); },
                                           5000);
    device->setPatch (nullptr);
    REQUIRE (recorded);
}

void startSession (HostSession& session, const juce::String& deviceType, const juce::String& inputSource, int blockSize)
{
    HostSession::Options options;
    options.plugin = test::getTestPlugin ("tp_v2");
    options.device.deviceType = deviceType;
    options.device.sampleRate = deviceType == "JACK" ? 0.0 : 48000.0;
    options.device.bufferSize = deviceType == "JACK" ? 0 : blockSize;
    options.inputSource = inputSource;
    // The engine's latency to the sample: in-process, so that a block an
    // isolated plugin answered late on a busy machine can't shift it (the
    // isolated path adds no block: PluginIsolationTests).
    options.isolation = HostSession::PluginIsolation::inProcess;
    REQUIRE (session.start (options).wasOk());
    REQUIRE (session.getParameters() != nullptr);
    REQUIRE (session.setParameter ("gain", gain, nullptr));
}
} // namespace

TEST_CASE ("A signal into the Virtual device's input comes out of the plugin at the same sample", "[engine][latency]")
{
    const auto blockSize = GENERATE (64, 256);
    INFO (blockSize << "-frame blocks");
    HostSession session;
    startSession (session, "Virtual", {}, blockSize);
    test::pumpMessages (50); // the gain reaches the plugin at the next block

    // Starts off any block boundary, and runs over several.
    const auto signal = sweep (3000);
    const auto start = 5 * blockSize + 37;
    LoopbackPatch patch (signal, start, start + 4000, session.getEngine().getCallback());
    runPatch (session, patch);

    // A block late would put the signal's start at start + blockSize.
    CHECK (firstMismatch (patch.recorded, signal, start) == -1);
    session.stop();
}

TEST_CASE ("A file input source reaches the plugin sample for sample, from its first frame", "[engine][latency]")
{
    test::TemporaryFolder temp;
    const auto file = temp.getFile ("clicks.wav");
    constexpr int loopLength = 4800, clickAt = 100;
    juce::AudioBuffer<float> clicks (1, loopLength);
    clicks.clear();
    clicks.setSample (0, clickAt, 1.0f);
    clicks.setSample (0, clickAt + 1, -0.5f);
    test::writeWav (file, clicks, 48000.0, 32);

    HostSession session;
    startSession (session, "Virtual", "file:" + file.getFullPathName(), 256);
    test::pumpMessages (50);

    LoopbackPatch patch ({}, 0, 4 * loopLength, session.getEngine().getCallback());
    runPatch (session, patch);

    // The source started with the callback's first frame: the click is at
    // frame 100 of every loop, counted in the frames the callback processed.
    const auto firstFrame = patch.callbackFramesBefore.load();
    REQUIRE (firstFrame >= 0);
    int clicksHeard = 0;

    for (int i = 0; i < (int) patch.recorded.size(); ++i)
    {
        const auto inLoop = (int) ((firstFrame + i) % loopLength);
        const auto expected = inLoop == clickAt ? gain : (inLoop == clickAt + 1 ? -0.5f * gain : 0.0f);
        clicksHeard += inLoop == clickAt && patch.recorded[(size_t) i] == gain;

        if (patch.recorded[(size_t) i] != expected)
            FAIL ("output frame " << i << " (file frame " << inLoop << ") is " << patch.recorded[(size_t) i]
                                  << ", not " << expected);
    }

    CHECK (clicksHeard >= 3);
    session.stop();
}

TEST_CASE ("wavecraft-host --render puts every sample where it was, whatever the block size", "[cli][latency]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), out = temp.getFile ("out.wav");
    juce::AudioBuffer<float> input (2, 5000);
    input.clear();

    for (auto position : { 0, 1, 511, 512, 513, 4999 })
    {
        input.setSample (0, position, 1.0f);
        input.setSample (1, position, -1.0f);
    }

    test::writeWav (in, input, 48000.0, 32);
    const auto blockSize = GENERATE (1, 64, 512, 5000);
    INFO (blockSize << "-frame blocks");

    const auto result = test::runCommand ({ test::getHostBinary().getFullPathName(), "--plugin",
                                            test::getTestPlugin ("tp_v2").getFullPathName(), "--render",
                                            in.getFullPathName(), out.getFullPathName(), "--set", "gain=0.5",
                                            "--buffer-size", juce::String (blockSize) });
    INFO (result.output);
    REQUIRE (result.exitCode == 0);

    const auto rendered = test::readRaw (out);
    REQUIRE (rendered.length == 5000);

    for (size_t channel = 0; channel < 2; ++channel)
        for (int i = 0; i < 5000; ++i)
        {
            float sample;
            std::memcpy (&sample, &rendered.channels[channel][(size_t) i], sizeof (sample));

            if (sample != input.getSample ((int) channel, i) * gain)
                FAIL ("channel " << channel << " frame " << i << " is " << sample);
        }
}

TEST_CASE ("Through real JACK ports: a signal into the host's capture input comes out of its playback port at the same frame", "[engine][jack][latency]")
{
    if (! test::JackServer::isInstalled())
        FAIL ("jackd and jack_wait are needed (scripts/install-deps.sh installs jackd2)");

    // Periods of 21 ms, longer than most of the stalls of CI's virtual
    // machines (a stall longer than a period is an xrun, and spoils a take).
    test::JackServer jack (48000, 1024);
    REQUIRE (jack.start());

    HostSession session;
    startSession (session, "JACK", {}, 0);
    REQUIRE (test::pumpUntil ([&]
                              { return session.getEngine().getStatus().phase == AudioPhase::runningFullDuplex; },
                              5000));

    test::JackProbe probe (8192);
    REQUIRE (probe.open());
    REQUIRE (probe.connect (test::JackProbe::playerPort, "JUCEJack:in_1"));
    REQUIRE (probe.connect (test::JackProbe::playerPort, "JUCEJack:in_2"));
    REQUIRE (probe.connect ("JUCEJack:out_1", test::JackProbe::listenerPort));

    const auto signal = sweep (5000);
    const auto takes = probe.record (signal, 4096 + 101, false); // off a period boundary
    INFO (takes.spoiledTakes << " takes spoiled by xruns before this one");
    REQUIRE (takes.recorded);
    REQUIRE (takes.xrunsInLastTake == 0);

    // JACK runs player, host and listener in one cycle: no frame is added.
    const auto& heard = probe.getRecorded();
    const auto mismatch = firstMismatch (heard, signal, 0);
    const auto firstSound = std::find_if (heard.begin(), heard.end(), [] (float x)
                                          { return x != 0.0f; })
        - heard.begin();
    INFO ("first mismatch at frame " << mismatch << "; the first sound came at frame " << firstSound
                                     << (mismatch >= 0 ? " with " + juce::String (heard[(size_t) mismatch]) + " where "
                                                 + juce::String (mismatch < (int) signal.size() ? signal[(size_t) mismatch] * gain : 0.0f)
                                                 + " was due"
                                                       : juce::String()));
    CHECK (mismatch == -1);
    probe.close();
    session.stop();
}
