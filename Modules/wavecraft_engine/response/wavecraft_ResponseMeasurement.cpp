namespace wavecraft
{

ResponseMeasurement::ResponseMeasurement (double sampleRate)
    : sweep (sampleRate),
      toneSettle ((int) std::lround (0.1 * sampleRate)),
      toneAnalysed (HarmonicDistortion::wholeCyclesLength (sampleRate, thdHz, (int) std::lround (0.1 * sampleRate)))
{
}

void ResponseMeasurement::fillRun (juce::AudioBuffer<float>& audio) const
{
    const auto period = sweep.getPeriod();
    audio.setSize (2, getLength(), false, false, true);
    const auto increment = juce::MathConstants<double>::twoPi * thdHz / sweep.getSampleRate();

    for (int channel = 0; channel < 2; ++channel)
    {
        auto* samples = audio.getWritePointer (channel);
        std::copy (sweep.getSignal().begin(), sweep.getSignal().end(), samples);
        std::copy (sweep.getSignal().begin(), sweep.getSignal().end(), samples + period);

        for (int i = 0; i < toneSettle + toneAnalysed; ++i)
            samples[2 * period + i] = thdLevel * (float) std::sin (increment * i);
    }
}

juce::Result ResponseMeasurement::measure (const Process& process, FrequencyResponse& response) const
{
    juce::AudioBuffer<float> audio;
    fillRun (audio);

    if (auto result = process (audio); result.failed())
        return result;

    const auto* left = audio.getReadPointer (0);

    for (int i = 0; i < audio.getNumSamples(); ++i)
        if (! std::isfinite (left[i]))
            return juce::Result::fail ("the output held a NaN or an infinity at frame " + juce::String (i) + " of the measurement");

    const auto period = sweep.getPeriod();
    analyseSweep (left + period, response);
    response.thdPercent = HarmonicDistortion::measurePercent (left + 2 * period + toneSettle, toneAnalysed, sweep.getSampleRate(), thdHz);
    return juce::Result::ok();
}

void ResponseMeasurement::analyseSweep (const float* secondPeriod, FrequencyResponse& response) const
{
    const auto period = sweep.getPeriod();
    const auto half = period / 2;
    juce::dsp::FFT fft (sweep.getOrder());
    std::vector<float> data ((size_t) period * 2, 0.0f);
    std::copy (secondPeriod, secondPeriod + period, data.begin());
    fft.performRealOnlyForwardTransform (data.data(), true);

    // Output over input, bin by bin: every bin of the sweep has energy.
    auto* bins = reinterpret_cast<std::complex<float>*> (data.data());

    for (int k = 0; k <= half; ++k)
        bins[k] /= sweep.getSpectrum()[(size_t) k];

    fft.performRealOnlyInverseTransform (data.data());

    // The response starts somewhere in the first half of the period, and
    // peaks soon after; the harmonics of a nonlinear plugin land before it
    // (before time zero, or for a plugin with latency after it), the 2nd a
    // getHarmonicLead (2) before. The window opens a few samples before the
    // start, for what rings ahead.
    response.latencySamples = findLatency (data.data(), period, sweep.getHarmonicLead (2) / 2);
    response.impulseStart = juce::jmax (0, response.latencySamples - preRingSamples);
    response.impulseResponse.assign (data.begin() + response.impulseStart, data.begin() + response.impulseStart + period / 16);

    // The window's own spectrum, on the period's fine grid, timed from where it opens.
    std::fill (data.begin(), data.end(), 0.0f);
    std::copy (response.impulseResponse.begin(), response.impulseResponse.end(), data.begin());
    fft.performRealOnlyForwardTransform (data.data(), true);
    response.bins.resize ((size_t) half + 1);

    for (int k = 0; k <= half; ++k)
        response.bins[(size_t) k] = std::complex<float> (std::complex<double> (bins[k])
                                                         * std::polar (1.0, -juce::MathConstants<double>::twoPi * k * response.impulseStart / period));

    response.sampleRate = sweep.getSampleRate();
}

int ResponseMeasurement::findLatency (const float* impulse, int period, int maxRise)
{
    const auto half = period / 2;
    const auto peakAt = (int) std::distance (impulse, std::max_element (impulse, impulse + half, [] (float a, float b)
                                                                        { return std::abs (a) < std::abs (b); }));
    const auto peak = std::abs (impulse[peakAt]);

    // Where the response starts, not where it peaks: a filter's peak comes
    // a few samples in, and no host would compensate that. It starts at
    // most maxRise before its peak (earlier lies a harmonic's), where it
    // stands out of what comes before (for a nonlinear plugin, the tail of
    // a harmonic's response) by 20 dB. The threshold sits well above
    // float's noise (1e-7 of the peak) and below the first sample of a
    // steep low pass (5e-5 of the peak for 24 dB/octave at 500 Hz).
    const auto from = peakAt - maxRise;
    std::vector<float> before (floorSamples);

    for (int i = 0; i < floorSamples; ++i)
        before[(size_t) i] = std::abs (impulse[(from - floorSamples + i + 2 * period) % period]);

    std::nth_element (before.begin(), before.begin() + floorSamples / 2, before.end());
    const auto threshold = juce::jmax (peak * 1.0e-5f, 10.0f * before[floorSamples / 2]);

    for (int i = juce::jmax (0, from); i < peakAt; ++i)
        if (std::abs (impulse[i]) >= threshold)
            return i;

    return peakAt;
}

} // namespace wavecraft
