/*
    The click a swap makes: a steady sine (440 Hz, 0.5) runs through one build
    of the gain example; a second build, 3 dB quieter, replaces it 20 times at
    20 different phases of the sine. The figure is the largest sample-to-
    sample step of the output within 10 ms of each swap, over the largest
    step of the louder build's own steady output (the sine's: 1.0 means no
    click at all). Measured with the host's cross-fade, and with the swap at
    once (setCrossfadeSamples (0)) as the peer, in the same run.

    wavecraft_swap_click_bench        (the gain example beside the binary)
*/
#include <wavecraft_dev_host/wavecraft_dev_host.h>

#include <iostream>

namespace
{
std::unique_ptr<wavecraft::DevPluginInstance> loadGain (float gain)
{
    wavecraft::PluginLoadError error;
    const auto file = juce::File::getSpecialLocation (juce::File::currentExecutableFile).getSiblingFile ("libwavecraft_example_gain" WAVECRAFT_PLUGIN_SUFFIX);
    auto plugin = wavecraft::DevPluginFormat().createInstance (file, error);

    if (plugin == nullptr)
    {
        std::cerr << "swap click bench: " << error.describe() << std::endl;
        std::exit (1);
    }

    auto* parameter = plugin->getParameterForId ("gain");
    parameter->setValue (parameter->convertTo0to1 (gain));
    return plugin;
}

/** The largest step near the swaps, over the largest step of the steady output. */
double measure (int crossfadeSamples)
{
    constexpr int blockSize = 128, swaps = 20;
    constexpr double sampleRate = 48000.0;
    wavecraft::PluginAudioCallback callback;
    callback.getPlayer().setCrossfadeSamples (crossfadeSamples);
    callback.getPlayer().setProcessor (loadGain (1.0f));
    callback.prepare (sampleRate, blockSize);
    juce::AudioBuffer<float> in (2, blockSize), out (2, blockSize);
    wavecraft::OutputAnalyser analyser (callback.getOutputTap()); // the reader, as the host has
    double phase = 0.0;
    float previous = 0.0f, steadyStep = 0.0f, swapStep = 0.0f;
    int samplesSinceSwap = 1 << 30;

    for (int block = 0; block < swaps * 40; ++block)
    {
        // A swap every 40 blocks (block 17 + 40 k).
        if (block % 40 == 17)
        {
            callback.getPlayer().setProcessor (loadGain ((block / 40) % 2 == 0 ? 0.7071f : 1.0f)).reset();
            samplesSinceSwap = 0; // 40 blocks are 46.9 periods of the sine: each swap meets another phase
        }

        for (int i = 0; i < blockSize; ++i, phase += juce::MathConstants<double>::twoPi * 440.0 / sampleRate)
            in.setSample (0, i, (float) (0.5 * std::sin (phase))), in.setSample (1, i, in.getSample (0, i));

        callback.processBlock (in.getArrayOfReadPointers(), 2, out.getArrayOfWritePointers(), 2, blockSize);
        analyser.analysePending();
        callback.getPlayer().collectFadedOutProcessor().reset();

        for (int i = 0; i < blockSize; ++i, ++samplesSinceSwap)
        {
            const auto step = std::abs (out.getSample (0, i) - previous);
            previous = out.getSample (0, i);

            if (samplesSinceSwap < (int) (0.01 * sampleRate))
                swapStep = juce::jmax (swapStep, step);
            else if (block > 0)
                steadyStep = juce::jmax (steadyStep, step);
        }
    }

    return swapStep / juce::jmax (1.0e-9f, steadyStep);
}
} // namespace

int main()
{
    juce::ScopedJuceInitialiser_GUI juce;
    const auto faded = measure (wavecraft::PluginPlayer::defaultCrossfadeSamples);
    const auto atOnce = measure (0);
    std::cout << "largest step at a swap over the sine's own: " << juce::String (faded, 3) << " with the "
              << wavecraft::PluginPlayer::defaultCrossfadeSamples << "-sample cross-fade (goal about 1), "
              << juce::String (atOnce, 3) << " swapping at once" << std::endl;
    return 0;
}
