/*
    How soon a change of value is in the measured response, and what
    measuring costs the live audio (ResponseMeasurer: the response measured
    on an instance of its own, in a background worker).

    The example filter plays isolated through PluginAudioCallback::processBlock,
    paced in real time as a device paces it, in alternating rounds: quiet,
    and with its cutoff changed every 100 ms while the measurer measures
    every change (continuous, as with the window open). Each change is timed
    from the change to the first response measured at it (the goal: within
    250 ms); the peer, timed in the same run, is the measurement's own
    analysis (the sweep through a plain gain in this process), so the ratio
    says what the worker and the plugin add. The late (silent) blocks of each
    round are counted: the goal is none while measuring.

    wavecraft_response_bench [BLOCK_SIZE] [ROUNDS] [SECONDS_PER_ROUND]     (defaults: 128, 6, 5)
*/
#include "PacedPlayback.h"

#include <iostream>
#include <sched.h>
#include <thread>

namespace
{
double median (std::vector<double> values)
{
    if (values.empty())
        return 0.0;

    std::sort (values.begin(), values.end());
    return values[values.size() / 2];
}

/** Changes the cutoff every 100 ms and times each change to its measurement, until destroyed. */
struct ChangesBeingMeasured
{
    ChangesBeingMeasured (wavecraft::ResponseMeasurer& measurerToUse, wavecraft::ParameterStore& storeToUse)
        : measurer (measurerToUse),
          store (storeToUse)
    {
        measurer.setContinuous (true);
        thread = std::thread ([this]
                              { run(); });
    }

    ~ChangesBeingMeasured()
    {
        finish();
        measurer.setContinuous (false);
    }

    /** Stops changing; the times of the changes measured. */
    const std::vector<double>& finish()
    {
        stop = true;

        if (thread.joinable())
            thread.join();

        return millis;
    }

    void run()
    {
        for (int change = 0; ! stop; ++change)
        {
            store.setValue (store.indexOf ("cutoff"), change % 2 == 0 ? 500.0f : 2000.0f);
            const auto start = juce::Time::getMillisecondCounterHiRes();
            const auto stamp = measurer.valuesChanged();

            while (! stop)
            {
                if (const auto latest = measurer.getLatest(); latest != nullptr && latest->valuesStamp >= stamp)
                {
                    millis.push_back (juce::Time::getMillisecondCounterHiRes() - start);
                    break;
                }

                std::this_thread::sleep_for (std::chrono::milliseconds (1));
            }

            std::this_thread::sleep_for (std::chrono::milliseconds (100));
        }
    }

    wavecraft::ResponseMeasurer& measurer;
    wavecraft::ParameterStore& store;
    std::vector<double> millis;
    std::atomic<bool> stop { false };
    std::thread thread;
};

double timeAnalysisAlone()
{
    const wavecraft::ResponseMeasurement measurement (bench::sampleRate);
    wavecraft::FrequencyResponse response;
    const auto start = juce::Time::getMillisecondCounterHiRes();
    const auto result = measurement.measure ([] (juce::AudioBuffer<float>& audio)
                                             {
                                                 audio.applyGain (0.5f);
                                                 return juce::Result::ok(); },
                                             response);
    jassert (result.wasOk());
    juce::ignoreUnused (result);
    return juce::Time::getMillisecondCounterHiRes() - start;
}
} // namespace

int main (int argc, char* argv[])
{
    if (const auto workerExitCode = wavecraft::PluginWorker::runIfRequested (argc, argv))
        return *workerExitCode;

    const juce::ScopedJuceInitialiser_GUI juceSystem;
    const auto blockSize = argc > 1 ? juce::jlimit (16, 8192, std::atoi (argv[1])) : 128;
    const auto rounds = argc > 2 ? juce::jmax (1, std::atoi (argv[2])) : 6;
    const auto seconds = argc > 3 ? juce::jmax (1.0, std::atof (argv[3])) : 5.0;

    wavecraft::PluginLoadError error;
    auto plugin = wavecraft::DevPluginFormat (wavecraft::DevPluginFormat::Options {}).createInstance (bench::getFilter(), error);

    if (plugin == nullptr)
    {
        std::cerr << "response bench: " << error.describe() << std::endl;
        return 1;
    }

    auto store = std::make_shared<wavecraft::ParameterStore> (plugin->getPluginInfo().parameters);
    wavecraft::ResponseMeasurer measurer ({}, nullptr);
    measurer.setBuild (bench::getFilter(), 1, store, bench::sampleRate);

    sched_param realtime {};
    realtime.sched_priority = 10;
    const auto isRealtime = sched_setscheduler (0, SCHED_FIFO, &realtime) == 0;

    wavecraft::PluginAudioCallback callback;
    callback.getPlayer().setProcessor (std::move (plugin));
    callback.prepare (bench::sampleRate, blockSize);
    wavecraft::OutputAnalyser analyser (callback.getOutputTap());
    analyser.start();
    bench::playPaced (callback, blockSize, 0.5); // warm-up

    juce::uint64 lateQuiet = 0, lateMeasuring = 0;
    std::vector<double> changeToMeasured, analysisAlone;

    for (int round = 0; round < rounds; ++round)
    {
        const auto quiet = bench::playPaced (callback, blockSize, seconds);
        lateQuiet += quiet;
        analysisAlone.push_back (timeAnalysisAlone());

        juce::uint64 measuring = 0;
        size_t measured = 0;

        {
            ChangesBeingMeasured changes (measurer, *store);
            measuring = bench::playPaced (callback, blockSize, seconds);
            const auto& millis = changes.finish();
            measured = millis.size();
            changeToMeasured.insert (changeToMeasured.end(), millis.begin(), millis.end());
        }

        lateMeasuring += measuring;
        std::cout << "round " << round + 1 << ": " << quiet << " late quiet, " << measuring << " late while " << measured
                  << " changes were measured" << std::endl;
    }

    analyser.stop();
    const auto numBlocks = (juce::uint64) rounds * (juce::uint64) (seconds * bench::sampleRate / blockSize);
    const auto worst = changeToMeasured.empty() ? 0.0 : *std::max_element (changeToMeasured.begin(), changeToMeasured.end());
    const auto peer = median (analysisAlone);
    std::cout << "block " << blockSize << " frames, audio thread " << (isRealtime ? "real-time" : "normal priority") << std::endl
              << "change -> measured: median " << juce::String (median (changeToMeasured), 1) << " ms, worst " << juce::String (worst, 1)
              << " ms of " << changeToMeasured.size() << " changes (goal <= 250); the analysis alone " << juce::String (peer, 1)
              << " ms (ratio " << juce::String (peer > 0.0 ? median (changeToMeasured) / peer : 0.0, 2) << ")" << std::endl
              << "late blocks: " << lateMeasuring << " of " << numBlocks << " while measuring, " << lateQuiet << " of " << numBlocks
              << " quiet (goal: none while measuring)" << std::endl;
    return 0;
}
