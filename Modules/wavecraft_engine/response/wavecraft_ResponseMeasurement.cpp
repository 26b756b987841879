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

    const auto window = period / 16;
    response.impulseResponse.assign (data.begin(), data.begin() + window);
    response.latencySamples = findLatency (response.impulseResponse);

    // The window's own spectrum, on the period's fine grid.
    std::fill (data.begin(), data.end(), 0.0f);
    std::copy (response.impulseResponse.begin(), response.impulseResponse.end(), data.begin());
    fft.performRealOnlyForwardTransform (data.data(), true);
    response.bins.assign (bins, bins + half + 1);
    response.sampleRate = sweep.getSampleRate();
}

int ResponseMeasurement::findLatency (const std::vector<float>& impulse)
{
    auto peak = 0.0f;

    for (auto sample : impulse)
        peak = juce::jmax (peak, std::abs (sample));

    // Where the response starts, not where it peaks: a filter's peak comes
    // a few samples in, and no host would compensate that.
    const auto threshold = peak * 0.001f;

    for (size_t i = 0; i < impulse.size(); ++i)
        if (std::abs (impulse[i]) >= threshold)
            return (int) i;

    return 0;
}

} // namespace wavecraft
