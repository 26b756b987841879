namespace wavecraft
{

namespace
{
    int periodOrderFor (double sampleRate)
    {
        // At least 1.2 s, so the lowest frequencies have time to build up
        // and a 20 Hz one-pole's tail fits in the impulse response window.
        int order = 14;

        while (order < 19 && (double) (1 << order) < 1.2 * sampleRate)
            ++order;

        return order;
    }
} // namespace

LogSweep::LogSweep (double rate)
    : sampleRate (rate),
      order (periodOrderFor (rate))
{
    const auto size = 1 << order;
    const auto half = size / 2;
    const auto startBin = juce::jmax (1.0, startHz * size / sampleRate);
    const auto sweepSamples = sweepFraction * size;
    const auto logSpan = std::log (half / startBin);

    // Each bin's phase is minus the integral of its group delay (the time
    // the sweep passes it), so the frequency rises exponentially in time;
    // the magnitude falls as 1 / sqrt(f) (equal energy per octave), which
    // keeps the level constant as it does. Below startHz, where the
    // magnitude is flat, the frequency rises linearly (at one instant those
    // bins would add up to a click louder than the sweep), as slowly as the
    // exponential part passes a factor of e, so the level stays the same.
    const auto lowSamples = sweepSamples / (logSpan + 1.0);
    std::vector<double> phase ((size_t) half + 1, 0.0);

    for (int k = 1; k <= half; ++k)
    {
        const auto delay = k <= startBin ? lowSamples * k / startBin
                                         : lowSamples + (sweepSamples - lowSamples) * std::log (k / startBin) / logSpan;
        phase[(size_t) k] = phase[(size_t) k - 1] - juce::MathConstants<double>::twoPi * delay / size;
    }

    // Nyquist's bin of a real signal is real: a fraction of a sample's delay makes it so.
    const auto excess = std::fmod (phase[(size_t) half], juce::MathConstants<double>::pi);

    for (int k = 1; k <= half; ++k)
        phase[(size_t) k] -= excess * k / half;

    juce::dsp::FFT fft (order);
    std::vector<float> data ((size_t) size * 2, 0.0f);

    for (int k = 0; k <= half; ++k)
    {
        const auto magnitude = 1.0 / std::sqrt (juce::jmax ((double) k, startBin));
        data[(size_t) k * 2] = (float) (magnitude * std::cos (phase[(size_t) k]));
        data[(size_t) k * 2 + 1] = (float) (magnitude * std::sin (phase[(size_t) k]));
    }

    fft.performRealOnlyInverseTransform (data.data());

    auto peak = 0.0f;

    for (int i = 0; i < size; ++i)
        peak = juce::jmax (peak, std::abs (data[(size_t) i]));

    signal.resize ((size_t) size);

    for (int i = 0; i < size; ++i)
        signal[(size_t) i] = data[(size_t) i] * peakLevel / peak;

    // The spectrum of what is played, float samples and all, is what the
    // output is divided by.
    std::fill (data.begin(), data.end(), 0.0f);
    std::copy (signal.begin(), signal.end(), data.begin());
    fft.performRealOnlyForwardTransform (data.data(), true);
    spectrum.resize ((size_t) half + 1);

    for (int k = 0; k <= half; ++k)
        spectrum[(size_t) k] = { data[(size_t) k * 2], data[(size_t) k * 2 + 1] };
}

} // namespace wavecraft
