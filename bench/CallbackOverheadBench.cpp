/*
    What the host costs per block, outside the plugin's own process().

    wavecraft_callback_bench host|copy BLOCKS [BLOCK_SIZE]

    host: runs the real PluginAudioCallback on a pass-through plugin, fed by
          device-style input buffers, BLOCKS times.
    copy: the peer: copies the same input buffers to the outputs, the least
          any host must do per block.

    bench/callback_overhead.sh runs both under callgrind, collecting only
    inside runHostBlock / runCopyBlock, and divides by the frames processed.
*/
#include <wavecraft_dev_host/wavecraft_dev_host.h>

#include <iostream>

extern "C" __attribute__ ((noinline)) void runHostBlock (wavecraft::PluginAudioCallback& callback,
                                                         const juce::AudioBuffer<float>& in, juce::AudioBuffer<float>& out)
{
    callback.processBlock (in.getArrayOfReadPointers(), 2, out.getArrayOfWritePointers(), 2, in.getNumSamples());
}

extern "C" __attribute__ ((noinline)) void runCopyBlock (const juce::AudioBuffer<float>& in, juce::AudioBuffer<float>& out)
{
    for (int channel = 0; channel < 2; ++channel)
        std::memcpy (out.getWritePointer (channel), in.getReadPointer (channel), sizeof (float) * (size_t) in.getNumSamples());
}

int main (int argc, char* argv[])
{
    if (argc < 3)
    {
        std::cerr << "usage: wavecraft_callback_bench host|copy BLOCKS [BLOCK_SIZE]" << std::endl;
        return 2;
    }

    const juce::String mode (argv[1]);
    const auto blocks = juce::String (argv[2]).getIntValue();
    const auto blockSize = argc > 3 ? juce::String (argv[3]).getIntValue() : 512;

    juce::AudioBuffer<float> in (2, blockSize), out (2, blockSize);
    juce::Random random (7);

    for (int channel = 0; channel < 2; ++channel)
        for (int i = 0; i < blockSize; ++i)
            in.setSample (channel, i, random.nextFloat() - 0.5f);

    if (mode == "copy")
    {
        for (int block = 0; block < blocks; ++block)
            runCopyBlock (in, out);

        std::cout << out.getSample (0, blockSize - 1) << std::endl;
        return 0;
    }

    const auto plugin = juce::File::getSpecialLocation (juce::File::currentExecutableFile)
                            .getSiblingFile ("libwavecraft_bench_passthrough" WAVECRAFT_PLUGIN_SUFFIX);
    wavecraft::PluginLoadError error;
    auto loaded = wavecraft::DevPluginFormat().createInstance (plugin, error);

    if (loaded == nullptr)
    {
        std::cerr << error.describe() << std::endl;
        return 2;
    }

    wavecraft::PluginAudioCallback callback;
    callback.getPlayer().setProcessor (std::move (loaded));
    callback.prepare (48000.0, blockSize);

    // The reader meters what the callback sent, as the host's analyser thread would.
    wavecraft::OutputAnalyser analyser (callback.getOutputTap());
    wavecraft::MeterTap::Reader meters (analyser.getMeterTap());
    wavecraft::MeterFrame frame;

    for (int block = 0; block < blocks; ++block)
    {
        runHostBlock (callback, in, out);
        analyser.analysePending();
    }

    meters.readNew ([&frame] (const wavecraft::MeterFrame& newest)
                    { frame = newest; });
    std::cout << out.getSample (0, blockSize - 1) << " " << frame.peakLeft << std::endl;
    return 0;
}
