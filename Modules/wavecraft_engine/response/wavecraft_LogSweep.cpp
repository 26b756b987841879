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

    /** Each bin's phase, bins 0 to size / 2: minus the integral of its group
        delay, the time the sweep passes it. Below `startBin` the frequency
        rises linearly, over `samplesPerNeper` (at one instant those bins
        would add up to a click louder than the sweep), then exponentially,
        a factor of e every `samplesPerNeper`.
    */
    std::vector<double> sweepPhases (int size, double startBin, double samplesPerNeper)
    {
        const auto half = size / 2;
        std::vector<double> phase ((size_t) half + 1, 0.0);

        for (int k = 1; k <= half; ++k)
        {
            const auto delay = k <= startBin ? samplesPerNeper * k / startBin
                                             : samplesPerNeper * (1.0 + std::log (k / startBin));
            phase[(size_t) k] = phase[(size_t) k - 1] - juce::MathConstants<double>::twoPi * delay / size;
        }

        // Nyquist's bin of a real signal is real: a fraction of a sample's delay makes it so.
        const auto excess = std::fmod (phase[(size_t) half], juce::MathConstants<double>::pi);

        for (int k = 1; k <= half; ++k)
            phase[(size_t) k] -= excess * k / half;

        return phase;
    }

    /** One period from its bins' phases, with a pink magnitude (1 / sqrt(f),
        equal energy per octave, so the level stays constant as the
        frequency rises; flat below `startBin`), scaled to `peakLevel`.
    */
    std::vector<float> synthesise (int order, const std::vector<double>& phase, double startBin, float peakLevel)
    {
        const auto size = 1 << order;
        juce::dsp::FFT fft (order);
        std::vector<float> data ((size_t) size * 2, 0.0f);

        for (size_t k = 0; k < phase.size(); ++k)
        {
            const auto magnitude = 1.0 / std::sqrt (juce::jmax ((double) k, startBin));
            data[k * 2] = (float) (magnitude * std::cos (phase[k]));
            data[k * 2 + 1] = (float) (magnitude * std::sin (phase[k]));
        }

        fft.performRealOnlyInverseTransform (data.data());
        data.resize ((size_t) size);
        const auto range = juce::FloatVectorOperations::findMinAndMax (data.data(), size);
        const auto peak = juce::jmax (-range.getStart(), range.getEnd());

        for (auto& sample : data)
            sample *= peakLevel / peak;

        return data;
    }

    /** The spectrum of `signal` as played, float samples and all: what the output is divided by. */
    std::vector<std::complex<float>> spectrumOf (int order, const std::vector<float>& signal)
    {
        juce::dsp::FFT fft (order);
        std::vector<float> data (signal.size() * 2, 0.0f);
        std::copy (signal.begin(), signal.end(), data.begin());
        fft.performRealOnlyForwardTransform (data.data(), true);
        std::vector<std::complex<float>> bins (signal.size() / 2 + 1);

        for (size_t k = 0; k < bins.size(); ++k)
            bins[k] = { data[k * 2], data[k * 2 + 1] };

        return bins;
    }
} // namespace

LogSweep::LogSweep (double rate)
    : sampleRate (rate),
      order (periodOrderFor (rate))
{
    const auto size = 1 << order;
    const auto startBin = juce::jmax (1.0, startHz * size / sampleRate);

    // The linear part below startHz takes as long as the exponential part
    // takes to pass a factor of e, and the two fill sweepFraction of the period.
    samplesPerNeper = sweepFraction * size / (std::log (size / 2 / startBin) + 1.0);
    signal = synthesise (order, sweepPhases (size, startBin, samplesPerNeper), startBin, peakLevel);
    spectrum = spectrumOf (order, signal);
}

int LogSweep::getHarmonicLead (int harmonic) const noexcept
{
    return (int) (samplesPerNeper * std::log ((double) harmonic));
}

} // namespace wavecraft
