/*
    The real-time proof through the path a real device uses: the Virtual
    device's own thread calls a real juce::AudioDeviceManager, which calls the
    PluginAudioCallback. The traps are armed around exactly that call, by a
    patch plugged into the device (fillInputs arms, outputsWritten disarms),
    for 5000 blocks.

    JUCE's manager takes its audioCallbackLock around every block; that one
    pthread_mutex_lock is allowed, and counted, because the host shares the
    manager with the app it runs in (the manager is how every JUCE app opens
    its device), and the lock is only ever taken elsewhere by the message
    thread while it adds or removes a callback or changes the device: never in
    steady state, so the audio thread never waits for it. Were it contended,
    the wait would be a futex call, which the system-call trap counts.

    The first block after the callback is added is left unarmed: in it the
    manager sizes its scratch buffer (JUCE 7.0.5,
    juce_AudioDeviceManager.cpp:1000), once per manager and block size.
*/
#include "TestHelpers.h"
#include "RealtimeTrap.h"

#include <pthread.h>

using namespace wavecraft;

namespace
{
constexpr int trappedBlocks = 5000;

static_assert (sizeof (juce::CriticalSection) == sizeof (pthread_mutex_t),
               "the manager's lock is found by its pthread mutex, its only member");

/** Arms the traps around each callback once the host's callback has run
    once, and keeps what a developer would check the outputs for.
*/
class TrappingPatch final : public VirtualAudioIODevice::Patch
{
public:
    TrappingPatch (const PluginAudioCallback& callbackToWatch, int blockSize)
        : callback (callbackToWatch)
    {
        juce::Random random (7);
        noise.setSize (2, blockSize);

        for (int channel = 0; channel < 2; ++channel)
            for (int i = 0; i < blockSize; ++i)
                noise.setSample (channel, i, random.nextFloat() - 0.5f);
    }

    void fillInputs (float* const* inputs, int numInputs, int numSamples) noexcept override
    {
        for (int channel = 0; channel < numInputs; ++channel)
            juce::FloatVectorOperations::copy (inputs[channel], noise.getReadPointer (channel % 2),
                                               juce::jmin (numSamples, noise.getNumSamples()));

        const auto counters = callback.getCounters();
        armedNow = counters.callbacks > 0 && trapped.load() < trappedBlocks;

        if (armedNow && trapped.load() == 0)
            answeredBeforeTraps = counters.processedBlocks;

        if (armedNow)
            test::armRealtimeTraps();
    }

    void outputsWritten (const float* const* outputs, int numOutputs, int numSamples) noexcept override
    {
        if (! armedNow)
            return;

        test::disarmRealtimeTraps();

        for (int channel = 0; channel < juce::jmin (numOutputs, 4); ++channel)
            peaks[channel] = juce::jmax (peaks[channel], juce::FloatVectorOperations::findMaximum (outputs[channel], numSamples),
                                         -juce::FloatVectorOperations::findMinimum (outputs[channel], numSamples));

        numOutputsSeen = numOutputs;

        if (trapped.fetch_add (1) + 1 == trappedBlocks)
            answeredWhileTrapped = callback.getCounters().processedBlocks - answeredBeforeTraps;
    }

    const PluginAudioCallback& callback;
    juce::AudioBuffer<float> noise;
    bool armedNow = false;
    std::atomic<int> trapped { 0 };
    std::atomic<int> numOutputsSeen { -1 };
    float peaks[4] = {};
    juce::uint64 answeredBeforeTraps = 0;
    std::atomic<juce::uint64> answeredWhileTrapped { 0 }; // blocks the plugin answered in time, under the traps
};

struct DevicePath
{
    int deviceInputs = 2, deviceOutputs = 2; // what the Virtual device offers
    int openInputs = 2, openOutputs = 2;     // what is opened
    int blockSize = 256;
    juce::String plugin = "tp_v2"; // empty: no plugin
    juce::String inputSource;      // empty: the device's input
    bool swapBuilds = false;       // a thread swaps in new builds all along (each cross-fades)
    bool isolated = false;         // the plugin runs in a worker process
};

struct TrappedRun
{
    test::RealtimeViolations violations;
    PluginAudioCallback::Counters counters;
    int numOutputs = -1;
    std::array<float, 4> outputPeaks {};
    int trapped = 0;
    int fadedSwaps = 0;
    juce::uint64 nonFiniteBlocks = 0;
    juce::uint64 answeredWhileTrapped = 0;
};

std::unique_ptr<DevPluginInstance> loadForPath (const DevicePath& path)
{
    return test::loadInstance (path.plugin, path.isolated);
}

/** Runs `path` on the Virtual device (unpaced) under a real AudioDeviceManager,
    with a thread moving a parameter and another draining the meters and the
    output FIFO, as the server and the analyser do.
*/
TrappedRun runTrapped (const DevicePath& path)
{
    PluginAudioCallback callback;
    DevPluginInstance* instance = nullptr; // the player owns it

    if (path.plugin.isNotEmpty())
    {
        auto plugin = loadForPath (path);
        instance = plugin.get();
        callback.getPlayer().setProcessor (std::move (plugin));
    }

    if (path.inputSource.isNotEmpty())
    {
        juce::String error;
        auto source = InputSource::fromSpec (path.inputSource, error);
        INFO (error);
        REQUIRE (source != nullptr);
        callback.setInputSource (std::move (source));
    }

    juce::AudioDeviceManager manager;
    VirtualAudioIODevice::Options options;
    options.numInputs = path.deviceInputs;
    options.numOutputs = path.deviceOutputs;
    options.realtimePacing = false;
    manager.addAudioDeviceType (std::make_unique<VirtualAudioIODeviceType> (options));
    manager.setCurrentAudioDeviceType (VirtualAudioIODevice::typeName, true);

    juce::AudioDeviceManager::AudioDeviceSetup setup;
    setup.inputDeviceName = setup.outputDeviceName = VirtualAudioIODevice::deviceName;
    setup.sampleRate = 48000.0;
    setup.bufferSize = path.blockSize;
    setup.useDefaultInputChannels = setup.useDefaultOutputChannels = false;
    setup.inputChannels.setRange (0, path.openInputs, true);
    setup.outputChannels.setRange (0, path.openOutputs, true);
    REQUIRE (manager.setAudioDeviceSetup (setup, true).isEmpty());

    auto* device = dynamic_cast<VirtualAudioIODevice*> (manager.getCurrentAudioDevice());
    REQUIRE (device != nullptr);
    CHECK (device->getActiveOutputChannels().countNumberOfSetBits() == path.openOutputs);

    TrappingPatch patch (callback, path.blockSize);
    test::resetRealtimeViolations();
    test::allowMutex (&manager.getAudioCallbackLock());

    if (path.isolated)
        test::allowSharedFutexWakes();
    device->setPatch (&patch);

    std::atomic<bool> stop { false };
    std::thread writer ([&]
                        {
        // With builds swapped, the first instance goes soon: each new build
        // gets its own value from the swapper instead.
        for (int i = 0; ! stop; ++i)
            if (instance != nullptr && ! path.swapBuilds)
                test::setPlainValue (*instance, instance->getParameterSpecs()[0].id, (float) (50 + i % 150) / 100.0f); // 0.5 to 2: never quiet enough to hide the output
            else
                std::this_thread::yield(); });
    OutputAnalyser analyser (callback.getOutputTap()); // the host's reader, run by hand on a thread of the test's
    std::thread reader ([&]
                        {
        while (! stop)
        {
            analyser.analysePending();
            std::this_thread::yield();
        } });

    std::atomic<int> fadedSwaps { 0 };
    std::thread swapper ([&]
                         {
        while (path.swapBuilds && ! stop)
        {
            auto next = loadForPath (path);
            test::setPlainValue (*next, next->getParameterSpecs()[0].id, (float) (50 + fadedSwaps % 150) / 100.0f);
            fadedSwaps += callback.getPlayer().setProcessor (std::move (next)) == nullptr ? 1 : 0;
            callback.getPlayer().collectFadedOutProcessor().reset();
            std::this_thread::sleep_for (std::chrono::milliseconds (1));
        } });

    manager.addAudioCallback (&callback);
    const auto deadline = juce::Time::getMillisecondCounter() + 60000;

    while (patch.trapped.load() < trappedBlocks && juce::Time::getMillisecondCounter() < deadline)
        juce::Thread::sleep (5);

    device->setPatch (nullptr);
    manager.removeAudioCallback (&callback);
    manager.closeAudioDevice();
    stop = true;
    writer.join();
    reader.join();
    swapper.join();

    TrappedRun run;
    run.violations = test::getRealtimeViolations();
    run.counters = callback.getCounters();
    run.numOutputs = patch.numOutputsSeen.load();
    std::copy (std::begin (patch.peaks), std::end (patch.peaks), run.outputPeaks.begin());
    run.trapped = patch.trapped.load();
    run.fadedSwaps = fadedSwaps.load();
    run.answeredWhileTrapped = patch.answeredWhileTrapped.load();
    run.nonFiniteBlocks = callback.getPlayer().getNonFiniteOutput().blocks;
    return run;
}

void requireRealtimeSafe (const TrappedRun& run)
{
    INFO ("first system call: " << run.violations.firstSystemCall);
    REQUIRE (run.trapped == trappedBlocks);
    CHECK (run.violations.armedSpans == trappedBlocks);
    CHECK (run.violations.allocations == 0);
    CHECK (run.violations.deallocations == 0);
    CHECK (run.violations.mutexLocks == 0);
    CHECK (run.violations.systemCalls == 0);

    // Exactly the manager's lock, once per block: the path really went through it.
    CHECK (run.violations.allowedMutexLocks == trappedBlocks);
}
} // namespace

TEST_CASE ("Through a real AudioDeviceManager, 5000 blocks of the callback never allocate, lock or make a system call", "[realtime][device]")
{
    if (! test::realtimeTrapsAvailable())
    {
        WARN ("the real-time traps need an unsanitized x86-64 Linux build; skipped");
        return;
    }

    SECTION ("device input through the plugin")
    {
        const auto run = runTrapped ({});
        requireRealtimeSafe (run);
        CHECK (run.numOutputs == 2);
        CHECK (run.counters.processedBlocks >= (juce::uint64) trappedBlocks);
        CHECK (run.outputPeaks[0] > 0.1f); // the noise, at gains of 0.5 to 2
        CHECK (run.outputPeaks[1] > 0.1f);
    }

    SECTION ("a file input source")
    {
        test::TemporaryFolder temp;
        const auto file = temp.getFile ("loop.wav");
        test::writeWav (file, test::makeTestSignal (2, 9000), 48000.0, 16);
        DevicePath path;
        path.inputSource = "file:" + file.getFullPathName();
        const auto run = runTrapped (path);
        requireRealtimeSafe (run);
        CHECK (run.outputPeaks[0] > 0.1f);
    }

    SECTION ("a sine input source, and no device inputs")
    {
        DevicePath path;
        path.inputSource = "sine:440";
        path.openInputs = 0;
        const auto run = runTrapped (path);
        requireRealtimeSafe (run);
        CHECK (run.outputPeaks[0] > 0.1f);
    }

    SECTION ("no plugin: silence out")
    {
        DevicePath path;
        path.plugin = {};
        const auto run = runTrapped (path);
        requireRealtimeSafe (run);
        CHECK (run.counters.processedBlocks == 0);
        CHECK (run.outputPeaks[0] == 0.0f);
        CHECK (run.outputPeaks[1] == 0.0f);
    }

    SECTION ("a mono output")
    {
        DevicePath path;
        path.openOutputs = 1;
        const auto run = runTrapped (path);
        requireRealtimeSafe (run);
        CHECK (run.numOutputs == 1);
        CHECK (run.outputPeaks[0] > 0.1f);
    }

    SECTION ("four outputs, the last two silent")
    {
        DevicePath path;
        path.deviceOutputs = path.openOutputs = 4;
        const auto run = runTrapped (path);
        requireRealtimeSafe (run);
        CHECK (run.numOutputs == 4);
        CHECK (run.outputPeaks[1] > 0.1f);
        CHECK (run.outputPeaks[2] == 0.0f);
        CHECK (run.outputPeaks[3] == 0.0f);
    }

    SECTION ("new builds swapped in while it runs, each cross-fading from the old one")
    {
        DevicePath path;
        path.swapBuilds = true;
        const auto run = runTrapped (path);
        requireRealtimeSafe (run);
        CHECK (run.fadedSwaps > 0); // several, unless the machine is busy
        CHECK (run.outputPeaks[0] > 0.1f);
    }

    SECTION ("a plugin whose output holds NaN and Inf: silenced and reset on the audio thread")
    {
        DevicePath path;
        path.plugin = "tp_nan_after_50_blocks";
        const auto run = runTrapped (path);
        requireRealtimeSafe (run);
        CHECK (run.nonFiniteBlocks > 1000);
    }

    SECTION ("the plugin isolated in a worker process: one futex wake per block, and nothing else")
    {
        DevicePath path;
        path.isolated = true;
        const auto run = runTrapped (path);
        requireRealtimeSafe (run);
        CHECK (run.outputPeaks[0] > 0.1f);

        // One wake per block that asked the worker, never more: every block
        // answered was asked, and a block whose answer was late (the machine
        // busy) leaves the next ones silent, asking nothing, until the worker
        // has caught up.
        INFO ("answered in time: " << run.answeredWhileTrapped << ", wakes: " << run.violations.sharedFutexWakes);
        CHECK (run.violations.sharedFutexWakes <= trappedBlocks);
        CHECK ((juce::uint64) run.violations.sharedFutexWakes >= run.answeredWhileTrapped);
        CHECK (run.answeredWhileTrapped >= (juce::uint64) trappedBlocks / 2);
    }

    SECTION ("isolated builds swapped in while it runs, each cross-fading from the old one")
    {
        DevicePath path;
        path.isolated = path.swapBuilds = true;
        const auto run = runTrapped (path);
        requireRealtimeSafe (run);
        CHECK (run.fadedSwaps > 0);
        INFO ("answered in time: " << run.answeredWhileTrapped << ", wakes: " << run.violations.sharedFutexWakes);
        CHECK ((juce::uint64) run.violations.sharedFutexWakes >= run.answeredWhileTrapped); // two a block while both builds play
        CHECK (run.answeredWhileTrapped >= (juce::uint64) trappedBlocks / 2);
    }

    SECTION ("a short block of 16 frames")
    {
        DevicePath path;
        path.blockSize = 16;
        const auto run = runTrapped (path);
        requireRealtimeSafe (run);
        CHECK (run.outputPeaks[0] > 0.1f);
    }
}

TEST_CASE ("The device-path trap catches a plugin that allocates or locks in process()", "[realtime][device]")
{
    if (! test::realtimeTrapsAvailable())
        return;

    SECTION ("allocates")
    {
        DevicePath path;
        path.plugin = "tp_allocates_in_process";
        const auto run = runTrapped (path);
        REQUIRE (run.trapped == trappedBlocks);
        CHECK (run.violations.any());
        CHECK (run.violations.allocations >= trappedBlocks);
        CHECK (run.violations.deallocations >= trappedBlocks);
    }

    SECTION ("locks")
    {
        DevicePath path;
        path.plugin = "tp_locks_in_process";
        const auto run = runTrapped (path);
        REQUIRE (run.trapped == trappedBlocks);
        CHECK (run.violations.any());
        CHECK (run.violations.mutexLocks >= trappedBlocks);
        CHECK (run.violations.allowedMutexLocks == trappedBlocks);
    }

    SECTION ("sleeps (a system call)")
    {
        DevicePath path;
        path.plugin = "tp_sleeps_in_process";
        const auto run = runTrapped (path);
        REQUIRE (run.trapped == trappedBlocks);
        CHECK (run.violations.systemCalls >= trappedBlocks);
    }
}
