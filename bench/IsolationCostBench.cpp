/*
    What crash isolation costs the audio thread per block: the example filter
    runs through PluginAudioCallback::processBlock, blocks back to back, in
    this process, in a worker process without the real-time monitor, and in
    one with it (the host's default), in alternating rounds of the same run.
    The figures are the median time per block of each, the time isolation
    adds per block, and that as a share of the block's own length, and what
    the monitor adds; blocks the worker answered late (silent) are counted.

    wavecraft_isolation_bench [BLOCK_SIZE] [ROUNDS]     (defaults: 128, 9)

    The thread calling processBlock runs at real-time priority where it may,
    as a device's does.
*/
#include <wavecraft_dev_host/wavecraft_dev_host.h>

#include <iostream>
#include <sched.h>

namespace
{
constexpr double sampleRate = 48000.0;
constexpr int blocksPerRound = 4000;

/** In this process; in a worker without the real-time monitor; in a worker as the host runs it. */
enum class Mode
{
    inProcess,
    isolatedUnwatched,
    isolated
};

std::unique_ptr<wavecraft::DevPluginInstance> loadFilter (Mode mode)
{
    const auto file = juce::File::getSpecialLocation (juce::File::currentExecutableFile).getSiblingFile ("libwavecraft_example_filter" WAVECRAFT_PLUGIN_SUFFIX);
    wavecraft::PluginLoadError error;
    wavecraft::DevPluginFormat::Options options;
    options.isolated = mode != Mode::inProcess;
    options.worker.watchRealtimeRules = mode == Mode::isolated;
    auto plugin = wavecraft::DevPluginFormat (options).createInstance (file, error);

    if (plugin == nullptr)
    {
        std::cerr << "isolation bench: " << error.describe() << std::endl;
        std::exit (1);
    }

    return plugin;
}

struct Round
{
    double microsPerBlock = 0.0;
    juce::uint64 lateBlocks = 0;
};

Round runRound (Mode mode, int blockSize)
{
    wavecraft::PluginAudioCallback callback;
    callback.getPlayer().setProcessor (loadFilter (mode));
    callback.prepare (sampleRate, blockSize);
    wavecraft::OutputAnalyser analyser (callback.getOutputTap()); // the reader, as the host has
    juce::AudioBuffer<float> in (2, blockSize), out (2, blockSize);
    juce::Random random (3);

    for (int channel = 0; channel < 2; ++channel)
        for (int i = 0; i < blockSize; ++i)
            in.setSample (channel, i, random.nextFloat() - 0.5f);

    const auto drain = [&analyser]
    { analyser.analysePending(); };

    for (int block = 0; block < 200; ++block) // warm-up: pages, caches, the worker's first calls
        callback.processBlock (in.getArrayOfReadPointers(), 2, out.getArrayOfWritePointers(), 2, blockSize);

    drain();
    const auto before = callback.getCounters();
    const auto started = wavecraft::getMonotonicNanos();

    for (int block = 0; block < blocksPerRound; ++block)
    {
        callback.processBlock (in.getArrayOfReadPointers(), 2, out.getArrayOfWritePointers(), 2, blockSize);

        if (block % 64 == 0)
            drain();
    }

    const auto elapsed = wavecraft::getMonotonicNanos() - started;
    const auto after = callback.getCounters();
    return { (double) elapsed / 1000.0 / blocksPerRound, blocksPerRound - (after.processedBlocks - before.processedBlocks) };
}

double median (std::vector<double> values)
{
    std::sort (values.begin(), values.end());
    return values[values.size() / 2];
}
} // namespace

int main (int argc, char* argv[])
{
    if (const auto workerExitCode = wavecraft::PluginWorker::runIfRequested (argc, argv))
        return *workerExitCode;

    const juce::ScopedJuceInitialiser_GUI juceSystem;
    const auto blockSize = argc > 1 ? juce::jlimit (16, 8192, std::atoi (argv[1])) : 128;
    const auto rounds = argc > 2 ? juce::jmax (1, std::atoi (argv[2])) : 9;

    sched_param realtime {};
    realtime.sched_priority = 10;
    const auto isRealtime = sched_setscheduler (0, SCHED_FIFO, &realtime) == 0;

    std::vector<double> inProcess, unwatched, isolated;
    juce::uint64 late = 0;

    for (int round = 0; round < rounds; ++round)
    {
        inProcess.push_back (runRound (Mode::inProcess, blockSize).microsPerBlock);
        unwatched.push_back (runRound (Mode::isolatedUnwatched, blockSize).microsPerBlock);
        const auto result = runRound (Mode::isolated, blockSize);
        isolated.push_back (result.microsPerBlock);
        late += result.lateBlocks;
        std::cout << "round " << round + 1 << ": in-process " << juce::String (inProcess.back(), 2) << " us/block, isolated without the monitor "
                  << juce::String (unwatched.back(), 2) << ", isolated " << juce::String (isolated.back(), 2) << " us/block, "
                  << result.lateBlocks << " late" << std::endl;
    }

    const auto here = median (inProcess), there = median (isolated);
    std::cout << "the real-time monitor adds " << juce::String (there - median (unwatched), 2)
              << " us per block (goal <= 2 us, while the plugin breaks no rule)" << std::endl;
    const auto blockMicros = 1.0e6 * blockSize / sampleRate;
    std::cout << "block " << blockSize << " frames (" << juce::String (blockMicros, 0) << " us), " << rounds << " rounds of "
              << blocksPerRound << " blocks, audio thread " << (isRealtime ? "real-time" : "normal priority") << std::endl
              << "median per block: in-process " << juce::String (here, 2) << " us, isolated " << juce::String (there, 2) << " us" << std::endl
              << "isolation adds " << juce::String (there - here, 2) << " us per block (" << juce::String (100.0 * (there - here) / blockMicros, 2)
              << "% of the block), ratio " << juce::String (there / here, 2) << "x; late blocks: " << late << " of "
              << (juce::uint64) rounds * blocksPerRound << " (goal: added time <= 5% of the block, no late blocks)" << std::endl;
    return 0;
}
