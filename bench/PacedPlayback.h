/*
    What the benchmarks of background work beside live audio share: the
    example filter, and blocks played through a PluginAudioCallback paced in
    real time as a device paces them.
*/
#pragma once

#include <wavecraft_dev_host/wavecraft_dev_host.h>

#include <time.h>

namespace bench
{
constexpr double sampleRate = 48000.0;

inline juce::File getFilter()
{
    return juce::File::getSpecialLocation (juce::File::currentExecutableFile).getSiblingFile ("libwavecraft_example_filter" WAVECRAFT_PLUGIN_SUFFIX);
}

/** Plays `seconds` of blocks, each due one block's length after the last; returns the late ones. */
inline juce::uint64 playPaced (wavecraft::PluginAudioCallback& callback, int blockSize, double seconds)
{
    juce::AudioBuffer<float> in (2, blockSize), out (2, blockSize);
    juce::Random random (3);

    for (int channel = 0; channel < 2; ++channel)
        for (int i = 0; i < blockSize; ++i)
            in.setSample (channel, i, random.nextFloat() - 0.5f);

    const auto blockNanos = (long) (1.0e9 * blockSize / sampleRate);
    const auto numBlocks = (int) (seconds * sampleRate / blockSize);
    const auto before = callback.getCounters();
    timespec due {};
    clock_gettime (CLOCK_MONOTONIC, &due);

    for (int block = 0; block < numBlocks; ++block)
    {
        callback.processBlock (in.getArrayOfReadPointers(), 2, out.getArrayOfWritePointers(), 2, blockSize);
        due.tv_nsec += blockNanos;
        due.tv_sec += due.tv_nsec / 1000000000L;
        due.tv_nsec %= 1000000000L;
        clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &due, nullptr);
    }

    return (juce::uint64) numBlocks - (callback.getCounters().processedBlocks - before.processedBlocks);
}
} // namespace bench
