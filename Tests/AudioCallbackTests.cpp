#include "TestHelpers.h"
#include "RealtimeTrap.h"

using namespace wavecraft;
using namespace wavecraft::detail; // unit tests of internals

namespace
{
std::unique_ptr<DevPluginInstance> loadTestPlugin (const juce::String& name = "tp_v2")
{
    return test::loadInstance (name);
}

/** Drives the callback the way a device does, with its own buffers. */
struct FakeDevice
{
    FakeDevice (int inputs, int outputs, int blockSize)
        : input (juce::jmax (1, inputs), blockSize),
          output (juce::jmax (1, outputs), blockSize),
          numInputs (inputs),
          numOutputs (outputs)
    {
        input.clear();
        output.clear();
    }

    void run (PluginAudioCallback& callback)
    {
        callback.processBlock (input.getArrayOfReadPointers(), numInputs, output.getArrayOfWritePointers(),
                               numOutputs, input.getNumSamples());
    }

    juce::AudioBuffer<float> input, output;
    int numInputs, numOutputs;
};

/** The host's reader of a callback's output: its analyser, run on the test's thread. */
struct OutputReader
{
    explicit OutputReader (PluginAudioCallback& callback)
        : analyser (callback.getOutputTap())
    {
    }

    std::vector<MeterFrame> drainMeters()
    {
        std::vector<MeterFrame> frames;
        analyser.analysePending();
        meters.readNew ([&frames] (const MeterFrame& frame)
                        { frames.push_back (frame); });
        return frames;
    }

    OutputAnalyser analyser;
    MeterTap::Reader meters { analyser.getMeterTap() };
};

/** Everything the callback has sent its reader so far: the blocks' records,
    and their samples end to end.
*/
struct PublishedOutput
{
    std::vector<PublishedBlock> blocks;
    juce::AudioBuffer<float> samples { 2, 0 };
};

PublishedOutput readPublished (PluginAudioCallback& callback)
{
    PublishedOutput output;
    const auto claim = callback.getOutputTap().claim();
    PublishedBlock block;
    juce::AudioBuffer<float> buffer;

    while (claim->readBlock (block, buffer))
    {
        const auto start = output.samples.getNumSamples();
        output.samples.setSize (2, start + block.numSamples, true);

        for (int channel = 0; channel < 2; ++channel)
            output.samples.copyFrom (channel, start, buffer, channel, 0, block.numSamples);

        output.blocks.push_back (block);
    }

    return output;
}
} // namespace

TEST_CASE ("The callback processes device input through the plugin into the output", "[callback]")
{
    PluginAudioCallback callback;
    auto plugin = loadTestPlugin();
    auto& instance = *plugin; // the player owns it from here on
    callback.getPlayer().setProcessor (std::move (plugin));
    callback.prepare (48000.0, 256);
    test::setPlainValue (instance, "gain", 0.5f);

    FakeDevice device (2, 2, 256);
    auto signal = test::makeTestSignal (2, 256);
    device.input.makeCopyOf (signal);
    device.run (callback);

    for (int channel = 0; channel < 2; ++channel)
        for (int i = 0; i < 256; ++i)
            REQUIRE (device.output.getSample (channel, i) == signal.getSample (channel, i) * 0.5f);

    SECTION ("a mono input feeds both channels")
    {
        FakeDevice mono (1, 2, 256);
        mono.input.copyFrom (0, 0, signal, 0, 0, 256);
        mono.run (callback);

        for (int i = 0; i < 256; ++i)
            REQUIRE (mono.output.getSample (1, i) == signal.getSample (0, i) * 0.5f);
    }

    SECTION ("inputs past the second are ignored, and counted")
    {
        FakeDevice wide (4, 2, 256);
        wide.input.clear();
        wide.input.copyFrom (0, 0, signal, 0, 0, 256);
        wide.input.copyFrom (1, 0, signal, 1, 0, 256);
        wide.input.copyFrom (2, 0, signal, 0, 0, 256);
        wide.run (callback);
        CHECK (wide.output.getSample (1, 100) == signal.getSample (1, 100) * 0.5f);
        CHECK (callback.getCounters().mostInputChannels == 4);
    }

    SECTION ("extra outputs are silent and a mono output gets the left channel")
    {
        FakeDevice four (2, 4, 256);
        four.input.makeCopyOf (signal);
        four.output.applyGain (0.0f);
        four.output.setSample (3, 10, 9.0f);
        four.run (callback);
        CHECK (four.output.getSample (0, 10) == signal.getSample (0, 10) * 0.5f);
        CHECK (four.output.getMagnitude (2, 0, 256) == 0.0f);
        CHECK (four.output.getMagnitude (3, 0, 256) == 0.0f);
    }
}

TEST_CASE ("A block larger than announced is processed in pieces, not overrun", "[callback]")
{
    PluginAudioCallback callback;
    callback.getPlayer().setProcessor (loadTestPlugin ("tp_v1"));
    callback.prepare (48000.0, 64);

    FakeDevice device (2, 2, 1000);
    device.input.makeCopyOf (test::makeTestSignal (2, 1000));
    device.run (callback);

    for (int i = 0; i < 1000; ++i)
        REQUIRE (device.output.getSample (0, i) == device.input.getSample (0, i) * 0.5f);
}

TEST_CASE ("A parameter change lands on the next block", "[callback]")
{
    PluginAudioCallback callback;
    auto plugin = loadTestPlugin();
    auto& instance = *plugin; // the player owns it from here on
    callback.getPlayer().setProcessor (std::move (plugin));
    callback.prepare (44100.0, 128);

    FakeDevice device (2, 2, 128);
    device.input.clear();
    juce::FloatVectorOperations::fill (device.input.getWritePointer (0), 1.0f, 128);
    juce::FloatVectorOperations::fill (device.input.getWritePointer (1), 1.0f, 128);

    device.run (callback);
    CHECK (device.output.getSample (0, 127) == 1.0f);

    test::setPlainValue (instance, "gain", 0.25f);
    device.run (callback);
    CHECK (device.output.getSample (0, 0) == 0.25f);
    CHECK (device.output.getSample (1, 127) == 0.25f);

    test::setPlainValue (instance, "mute", 1.0f);
    device.run (callback);
    CHECK (device.output.getMagnitude (0, 128) == 0.0f);
}

TEST_CASE ("Meters measure the plugin's output, one frame per block", "[callback]")
{
    PluginAudioCallback callback;
    auto plugin = loadTestPlugin();
    auto& instance = *plugin; // the player owns it from here on
    callback.getPlayer().setProcessor (std::move (plugin));
    callback.setInputSource (std::make_unique<SineSource> (1000.0));
    callback.prepare (48000.0, 480); // 10 whole periods per block

    FakeDevice device (0, 2, 480);
    OutputReader reader (callback);
    juce::int64 calledAt[5], returnedAt[5];

    for (int i = 0; i < 5; ++i)
    {
        calledAt[i] = getMonotonicNanos();
        device.run (callback);
        returnedAt[i] = getMonotonicNanos();
    }

    auto frames = reader.drainMeters();
    REQUIRE (frames.size() == 5);

    for (size_t i = 0; i < frames.size(); ++i)
    {
        const auto& frame = frames[i];
        CHECK (frame.peakLeft == Approx (0.5f).margin (1.0e-4));
        CHECK (frame.peakRight == Approx (0.5f).margin (1.0e-4));
        CHECK (frame.rmsLeft == Approx (0.5f / std::sqrt (2.0f)).margin (1.0e-4));

        // Stamped with the monotonic clock in nanoseconds while its own block
        // ran (not 0, not microseconds, not another block's time), so the UI
        // can place it in time and the server can tell stale frames.
        INFO ("block " << i);
        CHECK (frame.timestampNanos >= calledAt[i]);
        CHECK (frame.timestampNanos <= returnedAt[i]);

        if (i > 0)
            CHECK (frame.timestampNanos > frames[i - 1].timestampNanos);
    }

    // The meters follow the plugin's output, not its input.
    test::setPlainValue (instance, "gain", 0.5f);
    device.run (callback);
    frames = reader.drainMeters();
    REQUIRE (frames.size() == 1);
    CHECK (frames[0].peakLeft == Approx (0.25f).margin (1.0e-4));
}

TEST_CASE ("The reader gets every block exactly, and its meters are exact, for any block size and across the FIFO's wrap-around", "[callback]")
{
    // Both the AVX paths (where this CPU has them) and the portable ones.
    const auto wide = GENERATE (true, false);
    SampleKernels::allowWideVectors (wide);
    const juce::ScopeGuard restoreWideVectors { []
                                                { SampleKernels::allowWideVectors (true); } };
    INFO ("wide vectors " << (SampleKernels::usesWideVectors() ? "on" : "off"));

    if (! wide)
        CHECK_FALSE (SampleKernels::usesWideVectors());

    PluginAudioCallback callback;
    callback.getPlayer().setProcessor (loadTestPlugin());
    callback.prepare (48000.0, 1024);
    juce::Random random (42);
    int framesThroughRing = 0;

    const auto checkBlock = [&] (int blockSize)
    {
        FakeDevice device (2, 2, blockSize);

        for (int channel = 0; channel < 2; ++channel)
            for (int i = 0; i < blockSize; ++i)
                device.input.setSample (channel, i, random.nextFloat() * 2.0f - 1.0f);

        device.run (callback);

        // The reference: plain scalar loops over what the device got back.
        float peak[2] = {}, sumOfSquares[2] = {};

        for (int channel = 0; channel < 2; ++channel)
            for (int i = 0; i < blockSize; ++i)
            {
                const auto sample = device.output.getSample (channel, i);
                peak[channel] = juce::jmax (peak[channel], std::abs (sample));
                sumOfSquares[channel] += sample * sample;
            }

        // What the reader gets: the block's samples, exactly, and the levels the analyser works out from them.
        const auto published = readPublished (callback);
        REQUIRE (published.blocks.size() == 1);
        REQUIRE (published.blocks[0].numSamples == blockSize);

        for (int channel = 0; channel < 2; ++channel)
            CHECK (std::memcmp (published.samples.getReadPointer (channel), device.output.getReadPointer (channel),
                                sizeof (float) * (size_t) blockSize)
                   == 0);

        BlockLevels levels;
        levels.add (published.samples.getReadPointer (0), published.samples.getReadPointer (1), blockSize);
        const auto frame = levels.toMeterFrame (0);
        CHECK (frame.peakLeft == peak[0]);
        CHECK (frame.peakRight == peak[1]);
        CHECK (frame.rmsLeft == Approx (std::sqrt (sumOfSquares[0] / (float) blockSize)).epsilon (1.0e-5));
        CHECK (frame.rmsRight == Approx (std::sqrt (sumOfSquares[1] / (float) blockSize)).epsilon (1.0e-5));
        framesThroughRing += blockSize;
    };

    for (int round = 0; round < 3; ++round)
    {
        for (int blockSize = 1; blockSize <= 200; ++blockSize)
            checkBlock (blockSize);

        for (int i = 0; i < 300; ++i)
            checkBlock (1 + random.nextInt (1024));
    }

    // The ring has wrapped around at least twice, so pieces were split at its end.
    CHECK (framesThroughRing > 2 * OutputTap::outputFifoCapacity);
}

TEST_CASE ("Input-only: no outputs, the plugin still runs and meters", "[callback]")
{
    PluginAudioCallback callback;
    callback.getPlayer().setProcessor (loadTestPlugin ("tp_v1"));
    callback.prepare (48000.0, 256);

    FakeDevice device (2, 0, 256);
    OutputReader reader (callback);
    juce::FloatVectorOperations::fill (device.input.getWritePointer (0), 0.8f, 256);
    device.run (callback);

    const auto frames = reader.drainMeters();
    REQUIRE (frames.size() == 1);
    CHECK (frames[0].peakLeft == 0.4f);
    CHECK (frames[0].peakRight == 0.0f);
}

TEST_CASE ("Without a plugin the output is silent, and a swapped-in plugin runs on the next block", "[callback]")
{
    PluginAudioCallback callback;
    callback.prepare (48000.0, 64);
    FakeDevice device (2, 2, 64);
    juce::FloatVectorOperations::fill (device.input.getWritePointer (0), 1.0f, 64);

    device.output.setSample (0, 0, 3.0f);
    device.run (callback);
    CHECK (device.output.getMagnitude (0, 64) == 0.0f);

    auto first = loadTestPlugin ("tp_v1");
    const auto firstLibrary = first->getLibrary(); // keeps the counters mapped after the drop
    auto* firstCounters = &test::getCounters (*firstLibrary);
    callback.getPlayer().setProcessor (std::move (first));
    CHECK (firstCounters->lastSampleRate == 48000.0f); // prepared before it was swapped in
    CHECK (callback.getPlayer().getFirstHeardNanos() == 0);
    const auto beforeBlock = getMonotonicNanos();
    device.run (callback);
    CHECK (device.output.getSample (0, 5) == 0.5f);
    const auto heard = callback.getPlayer().getFirstHeardNanos();
    CHECK (heard >= beforeBlock);
    CHECK (heard <= getMonotonicNanos());
    device.run (callback);
    CHECK (callback.getPlayer().getFirstHeardNanos() == heard); // the first block's, not the last one's

    callback.getPlayer().setCrossfadeSamples (0); // a swap at once: the old plugin comes straight back
    auto previous = callback.getPlayer().setProcessor (loadTestPlugin ("tp_v2"));
    REQUIRE (previous != nullptr);
    CHECK (firstCounters->dropped == 0);
    previous.reset();
    CHECK (firstCounters->dropped == 1);

    device.run (callback);
    CHECK (device.output.getSample (0, 5) == 1.0f);
}

TEST_CASE ("A reader that falls behind costs blocks or their ends, counted, never the audio thread's time", "[callback]")
{
    PluginAudioCallback callback;
    callback.getPlayer().setProcessor (loadTestPlugin());
    const auto run = [&callback] (int blockSize, int blocks)
    {
        callback.prepare (48000.0, blockSize);
        FakeDevice device (2, 2, blockSize);
        juce::FloatVectorOperations::fill (device.input.getWritePointer (0), 0.5f, blockSize);

        for (int i = 0; i < blocks; ++i)
            device.run (callback);

        CHECK (device.output.getSample (0, blockSize - 1) == 0.5f); // the device still gets every block
    };

    SECTION ("small blocks fill the queue of blocks first")
    {
        run (8, OutputTap::blockQueueCapacity + 100);
        const auto counters = callback.getCounters();
        CHECK (counters.processedBlocks == (juce::uint64) OutputTap::blockQueueCapacity + 100);
        CHECK (counters.droppedMeterFrames == 100);
        CHECK (counters.droppedOutputSamples == 800);
        CHECK (readPublished (callback).blocks.size() == (size_t) OutputTap::blockQueueCapacity);
    }

    SECTION ("large blocks fill the FIFO first: the block that straddles its end is cut short")
    {
        const auto wholeBlocks = OutputTap::outputFifoCapacity / 1000;
        run (1000, wholeBlocks + 3);
        const auto counters = callback.getCounters();
        CHECK (counters.droppedMeterFrames == 2);
        CHECK (counters.droppedOutputSamples == (juce::uint64) (1000 * (wholeBlocks + 3) - OutputTap::outputFifoCapacity));

        const auto published = readPublished (callback);
        REQUIRE (published.blocks.size() == (size_t) wholeBlocks + 1);
        CHECK (published.blocks.back().numSamples == OutputTap::outputFifoCapacity - 1000 * wholeBlocks);
        CHECK (published.samples.getNumSamples() == OutputTap::outputFifoCapacity);
        CHECK (published.samples.getSample (0, OutputTap::outputFifoCapacity - 1) == 0.5f);
    }
}

TEST_CASE ("The CPU load is the callbacks' time over the time their blocks last", "[callback]")
{
    // 2 ms of work in each 10 ms block: a load of 0.2, plus the host's own share.
    PluginAudioCallback callback;
    callback.getPlayer().setProcessor (loadTestPlugin ("tp_busy_2ms"));
    callback.prepare (48000.0, 480);
    FakeDevice device (2, 2, 480);

    const auto start = callback.getCounters();
    CHECK (start.processedFrames == 0);
    CHECK (start.busyNanos == 0);

    for (int i = 0; i < 40; ++i)
        device.run (callback);

    const auto busy = callback.getCounters();
    CHECK (busy.processedFrames - start.processedFrames == 40 * 480);
    CHECK (busy.busyNanos - start.busyNanos >= 40 * 2000000u);
    CHECK (busy.cpuLoadSince (start, 48000.0) >= 0.2f);
    CHECK (busy.cpuLoadSince (start, 48000.0) < 0.5f); // a preempted block may run long, not this long
    CHECK (busy.cpuLoadSince (start, 96000.0) == Approx (2.0f * busy.cpuLoadSince (start, 48000.0)));

    // No callbacks since (a stopped device): the status line's load for that
    // interval is 0, not the load so far (0.2 in these totals), nor NaN.
    const auto idle = callback.getCounters();
    CHECK (idle.cpuLoadSince (busy, 48000.0) == 0.0f);

    // Then blocks through a plugin that only applies a gain: next to nothing
    // over those blocks, though the totals still hold the busy ones (at least
    // 80 ms of 600).
    callback.getPlayer().setProcessor (loadTestPlugin ("tp_v2"));

    for (int i = 0; i < 20; ++i)
        device.run (callback);

    const auto light = callback.getCounters();
    CHECK (light.processedFrames - idle.processedFrames == 20 * 480);
    CHECK (light.cpuLoadSince (idle, 48000.0) < 0.1f);
    CHECK (light.cpuLoadSince (start, 48000.0) > 0.13f);
}

TEST_CASE ("The audio callback never allocates, locks or makes a system call, with a writer and a reader beside it", "[callback][realtime][threads]")
{
    // The traps need an unsanitized x86-64 Linux build; everywhere else (the
    // TSan run above all) the same three threads still run, unobserved by them.
    const auto trapped = test::realtimeTrapsAvailable();

    if (! trapped)
        WARN ("the real-time traps are not available in this build: the threads run without them");

    constexpr int blocks = 5000, blockSize = 256;
    PluginAudioCallback callback;
    auto plugin = loadTestPlugin();
    auto& instance = *plugin; // the player owns it from here on
    callback.getPlayer().setProcessor (std::move (plugin));
    callback.setInputSource (std::make_unique<NoiseSource>());
    FakeDevice device (2, 2, blockSize);
    std::atomic<int> threadsRunning { 0 };
    std::atomic<bool> audioDone { false };

    // Another thread moves a parameter the whole time, as the server would...
    std::thread writer ([&]
                        {
        ++threadsRunning;

        for (int i = 0; ! audioDone; ++i)
            test::setPlainValue (instance, "gain", (float) (i % 100) / 50.0f); });

    // ...and a third drains the meters and the output as the server and the
    // analyser do, and reads the counters as the status log does.
    juce::uint64 metersRead = 0, samplesRead = 0;
    int stampsOutOfOrder = 0;

    std::thread reader ([&]
                        {
        juce::AudioBuffer<float> drained (2, 4096);
        PublishedBlock block;
        juce::int64 lastStamp = 0;
        const auto outputs = callback.getOutputTap().claim();
        ++threadsRunning;

        for (;;)
        {
            const auto finished = audioDone.load();

            while (outputs->readBlock (block, drained))
            {
                stampsOutOfOrder += block.timestampNanos > lastStamp ? 0 : 1;
                lastStamp = block.timestampNanos;
                samplesRead += (juce::uint64) block.numSamples;
                ++metersRead;
            }

            (void) callback.getCounters();

            if (finished)
                break;

            std::this_thread::yield();
        } });

    const auto setup = [&]
    {
        callback.prepare (48000.0, blockSize);

        while (threadsRunning < 2) // so the blocks run while both are at work
            std::this_thread::yield();
    };

    const auto work = [&]
    {
        for (int block = 0; block < blocks; ++block)
            device.run (callback);
    };

    test::RealtimeViolations violations;

    if (trapped)
    {
        violations = test::runWithRealtimeTraps (setup, work);
    }
    else
    {
        std::thread audio ([&]
                           {
            setup();
            work(); });
        audio.join();
    }

    audioDone = true;
    writer.join();
    reader.join();

    if (trapped)
    {
        INFO ("first system call: " << violations.firstSystemCall);
        CHECK (violations.allocations == 0);
        CHECK (violations.deallocations == 0);
        CHECK (violations.mutexLocks == 0);
        CHECK (violations.systemCalls == 0);
    }

    // Whatever the reader missed was dropped and counted, not lost.
    const auto counters = callback.getCounters();
    CHECK (counters.processedBlocks == (juce::uint64) blocks);
    CHECK (metersRead + counters.droppedMeterFrames == (juce::uint64) blocks);
    CHECK (samplesRead + counters.droppedOutputSamples == (juce::uint64) (blocks * blockSize));
    CHECK (stampsOutOfOrder == 0);
}

TEST_CASE ("The real-time traps do catch what they look for", "[realtime]")
{
    if (! test::realtimeTrapsAvailable())
        return;

    std::mutex mutex;
    // Called through volatile pointers, so the compiler can't elide them.
    void* (*volatile allocate) (size_t) = std::malloc;
    void (*volatile release) (void*) = std::free;

    const auto violations = test::runWithRealtimeTraps ([] {},
                                                        [&]
                                                        {
                                                            release (allocate (100));
                                                            const std::lock_guard<std::mutex> lock (mutex);
                                                            (void) getppid();
                                                        });
    CHECK (violations.allocations >= 1);
    CHECK (violations.deallocations >= 1);
    CHECK (violations.mutexLocks >= 1);
    CHECK (violations.systemCalls >= 1);
}

TEST_CASE ("The callback's outputs have one reader: a second claim is refused while the analyser holds them", "[callback]")
{
    PluginAudioCallback callback;

    {
        OutputAnalyser analyser (callback.getOutputTap());
        CHECK (callback.getOutputTap().claim() == nullptr); // it would have stolen the analyser's frames
    }

    auto claim = callback.getOutputTap().claim();
    CHECK (claim != nullptr);
    CHECK (callback.getOutputTap().claim() == nullptr);
    claim.reset();
    CHECK (callback.getOutputTap().claim() != nullptr);
}

TEST_CASE ("A block with NaN or Inf goes out as silence everywhere, and the plugin is reset", "[callback]")
{
    PluginAudioCallback callback;
    auto plugin = loadTestPlugin ("tp_nan_after_50_blocks");
    auto& counters = test::getCounters (*plugin->getLibrary());
    callback.getPlayer().setProcessor (std::move (plugin));
    callback.setInputSource (std::make_unique<SineSource> (1000.0));
    callback.prepare (48000.0, 256);
    FakeDevice device (2, 2, 256);

    for (int block = 0; block < 50; ++block)
        device.run (callback);

    const auto resetsBefore = counters.resetCalls;
    CHECK (callback.getPlayer().getNonFiniteOutput().blocks == 0);
    CHECK (device.output.getMagnitude (0, 256) > 0.4f); // the sine, through gain 1

    device.run (callback); // the 51st block: NaN on the left, Inf on the right

    CHECK (device.output.getMagnitude (0, 256) == 0.0f);
    CHECK (device.output.getMagnitude (1, 0, 256) == 0.0f);
    const auto nonFinite = callback.getPlayer().getNonFiniteOutput();
    CHECK (nonFinite.blocks == 1);
    CHECK (nonFinite.firstBlock == 50);
    CHECK (nonFinite.firstChannels == 3);
    CHECK (counters.resetCalls == resetsBefore + 1);

    // The reader (meters, scope, recording) got silence for that block, not NaN.
    const auto published = readPublished (callback);
    REQUIRE (published.blocks.size() == 51);
    REQUIRE (published.samples.getNumSamples() == 51 * 256);

    for (int channel = 0; channel < 2; ++channel)
    {
        CHECK (published.samples.getMagnitude (channel, 50 * 256, 256) == 0.0f);
        CHECK (published.samples.getMagnitude (channel, 49 * 256, 256) > 0.4f);

        for (int i = 0; i < 51 * 256; ++i)
            REQUIRE (std::isfinite (published.samples.getSample (channel, i)));
    }
}

TEST_CASE ("A NaN is found wherever it is: in a block's last frames, past the FIFO's room, in a block the reader never gets", "[callback]")
{
    PluginAudioCallback callback;
    callback.getPlayer().setProcessor (loadTestPlugin ("tp_v1"));

    // One block with a NaN at `index` of the left input (none for -1); the
    // peak of what the device got back, which a NaN would make NaN.
    const auto run = [&callback] (int blockSize, int index)
    {
        FakeDevice device (2, 2, blockSize);
        juce::FloatVectorOperations::fill (device.input.getWritePointer (0), 0.5f, blockSize);

        if (index >= 0)
            device.input.setSample (0, index, std::numeric_limits<float>::quiet_NaN());

        device.run (callback);
        return device.output.getMagnitude (0, 0, blockSize);
    };

    SECTION ("in the frames after the last whole vector")
    {
        callback.prepare (48000.0, 40);
        CHECK (run (40, -1) == 0.25f);
        CHECK (run (40, 39) == 0.0f);
    }

    SECTION ("in the part of a block the FIFO has no room for")
    {
        callback.prepare (48000.0, 1000);

        for (int i = 0; i < OutputTap::outputFifoCapacity / 1000; ++i)
            REQUIRE (run (1000, -1) == 0.25f);

        CHECK (run (1000, 900) == 0.0f); // the FIFO takes its first 72 frames
        CHECK (callback.getCounters().droppedOutputSamples > 0);
    }

    SECTION ("in a block dropped because the reader is a whole queue behind")
    {
        callback.prepare (48000.0, 8);

        for (int i = 0; i < OutputTap::blockQueueCapacity; ++i)
            REQUIRE (run (8, -1) == 0.25f);

        CHECK (run (8, 5) == 0.0f);
        CHECK (callback.getCounters().droppedMeterFrames == 1);
    }

    CHECK (callback.getPlayer().getNonFiniteOutput().blocks == 1);
}

TEST_CASE ("A swap cross-fades from the old build to the new, so it makes no click", "[callback]")
{
    PluginAudioCallback callback;
    callback.getPlayer().setProcessor (loadTestPlugin ("tp_v1")); // a gain of 0.5
    callback.prepare (48000.0, 64);
    REQUIRE (callback.getPlayer().getCrossfadeSamples() == PluginPlayer::defaultCrossfadeSamples);
    FakeDevice device (2, 2, 64);
    std::vector<float> in, out;
    double phase = 0.0;

    const auto runBlock = [&]
    {
        for (int i = 0; i < 64; ++i, phase += juce::MathConstants<double>::twoPi * 1000.0 / 48000.0)
            for (int channel = 0; channel < 2; ++channel)
                device.input.setSample (channel, i, (float) std::sin (phase));

        device.run (callback);

        for (int i = 0; i < 64; ++i)
        {
            in.push_back (device.input.getSample (0, i));
            out.push_back (device.output.getSample (0, i));
        }
    };

    for (int block = 0; block < 10; ++block)
        runBlock();

    const auto swapAt = out.size();
    CHECK (callback.getPlayer().setProcessor (loadTestPlugin ("tp_v2")) == nullptr); // gain 1: the old one keeps running for the fade
    runBlock();
    CHECK (callback.getPlayer().collectFadedOutProcessor() == nullptr); // 64 of 240 samples faded

    for (int block = 0; block < 9; ++block)
        runBlock();

    // The mix along the fade is exact: old (0.5 x) to new (x) over 240 samples.
    for (size_t i = swapAt; i < swapAt + 240; ++i)
    {
        const auto newGain = (float) (i - swapAt + 1) / 240.0f;
        REQUIRE (out[i] == Approx (0.5f * in[i] + newGain * 0.5f * in[i]).margin (1.0e-6));
    }

    for (size_t i = swapAt + 240; i < out.size(); ++i)
        REQUIRE (out[i] == in[i]);

    // No step larger than the louder sine's own steps (plus the ramp's share).
    float largestStep = 0.0f, sineStep = 0.0f;

    for (size_t i = 1; i < out.size(); ++i)
    {
        largestStep = juce::jmax (largestStep, std::abs (out[i] - out[i - 1]));
        sineStep = juce::jmax (sineStep, std::abs (in[i] - in[i - 1]));
    }

    CHECK (largestStep <= sineStep * 1.03f);

    // The fade is over: the old build comes back, to be dropped here.
    CHECK (callback.getPlayer().collectFadedOutProcessor() != nullptr);
    CHECK (callback.getPlayer().collectFadedOutProcessor() == nullptr);
}
