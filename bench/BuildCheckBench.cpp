/*
    What the background check of each new build (BuildChecker: the quick
    validation, in workers of its own below every normal thread) costs the
    live audio: the example filter plays isolated through
    PluginAudioCallback::processBlock, paced in real time as a device paces
    it, in alternating rounds without a check and with quick checks of the
    same build running back to back beside it. The figure is the late
    (silent) blocks of each; the goal is none while checking.

    wavecraft_build_check_bench [BLOCK_SIZE] [ROUNDS] [SECONDS_PER_ROUND]     (defaults: 128, 6, 5)

    The thread calling processBlock runs at real-time priority where it may,
    as a device's does.
*/
#include "PacedPlayback.h"

#include <iostream>
#include <sched.h>

namespace
{
using bench::getFilter;
using bench::playPaced;
using bench::sampleRate;

/** Checks the same build again each time a check ends, until destroyed. */
struct ChecksBackToBack
{
    ChecksBackToBack()
        : checker ({}, [this] (const wavecraft::BuildChecker::Result& result)
                   {
                       ++completed;
                       failed += wavecraft::ValidationReport::count (result.checks, wavecraft::ValidationCheck::Result::fail);
                       checker.check (getFilter(), ++build); })
    {
        checker.check (getFilter(), ++build);
    }

    std::atomic<int> completed { 0 }, failed { 0 };
    int build = 0;
    wavecraft::BuildChecker checker;
};

} // namespace

int main (int argc, char* argv[])
{
    if (const auto workerExitCode = wavecraft::PluginWorker::runIfRequested (argc, argv))
        return *workerExitCode;

    const juce::ScopedJuceInitialiser_GUI juceSystem;
    const auto blockSize = argc > 1 ? juce::jlimit (16, 8192, std::atoi (argv[1])) : 128;
    const auto rounds = argc > 2 ? juce::jmax (1, std::atoi (argv[2])) : 6;
    const auto seconds = argc > 3 ? juce::jmax (1.0, std::atof (argv[3])) : 5.0;

    sched_param realtime {};
    realtime.sched_priority = 10;
    const auto isRealtime = sched_setscheduler (0, SCHED_FIFO, &realtime) == 0;

    wavecraft::PluginLoadError error;
    auto plugin = wavecraft::DevPluginFormat (wavecraft::DevPluginFormat::Options {}).createInstance (getFilter(), error);

    if (plugin == nullptr)
    {
        std::cerr << "build check bench: " << error.describe() << std::endl;
        return 1;
    }

    wavecraft::PluginAudioCallback callback;
    callback.getPlayer().setProcessor (std::move (plugin));
    callback.prepare (sampleRate, blockSize);
    wavecraft::OutputAnalyser analyser (callback.getOutputTap());
    analyser.start();
    playPaced (callback, blockSize, 0.5); // warm-up

    juce::uint64 lateQuiet = 0, lateChecking = 0;
    int checks = 0, failedChecks = 0;

    for (int round = 0; round < rounds; ++round)
    {
        const auto quiet = playPaced (callback, blockSize, seconds);
        lateQuiet += quiet;

        juce::uint64 checking = 0;
        int completed = 0;

        {
            ChecksBackToBack background;
            checking = playPaced (callback, blockSize, seconds);
            completed = background.completed.load();
            failedChecks += background.failed.load();
        }

        lateChecking += checking;
        checks += completed;
        std::cout << "round " << round + 1 << ": " << quiet << " late without a check, " << checking << " late with " << completed
                  << " quick checks beside it" << std::endl;
    }

    analyser.stop();
    const auto numBlocks = (juce::uint64) rounds * (juce::uint64) (seconds * sampleRate / blockSize);
    std::cout << "block " << blockSize << " frames, " << rounds << " rounds of " << seconds << " s each way, audio thread "
              << (isRealtime ? "real-time" : "normal priority") << std::endl
              << "late blocks: " << lateChecking << " of " << numBlocks << " while quick checks ran back to back (" << checks
              << " checks, " << juce::String (checks > 0 ? rounds * seconds / checks : 0.0, 2) << " s each, " << failedChecks
              << " failed), " << lateQuiet << " of " << numBlocks << " without (goal: none while checking)" << std::endl;
    return 0;
}
