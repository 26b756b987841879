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
    // The distortion first: how strong a harmonic's response can be.
    response.thdPercent = HarmonicDistortion::measurePercent (left + 2 * period + toneSettle, toneAnalysed, sweep.getSampleRate(), thdHz);
    analyseSweep (left + period, response);
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

    // The response starts somewhere in the first half of the period; the
    // harmonics of a nonlinear plugin land before it (before time zero, or
    // for a plugin with latency after it). The window opens a few samples
    // before the start, for what rings ahead.
    response.latencySamples = findLatency (data.data(), period, response.thdPercent.value_or (0.0) / 100.0);
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

int ResponseMeasurement::findLatency (const float* impulse, int period, double distortion) const
{
    const auto half = period / 2;
    const auto peakAt = (int) std::distance (impulse, std::max_element (impulse, impulse + half, [] (float a, float b)
                                                                        { return std::abs (a) < std::abs (b); }));
    const auto threshold = std::abs (impulse[peakAt]) * 1.0e-5f;
    const auto at = [impulse, period] (int i)
    { return std::abs (impulse[(i + period) % period]); };

    // Where the response starts, not where it peaks: a filter's peak comes
    // a few samples in, and no host would compensate that. The first sample
    // within 100 dB of the peak (well above float's noise, 1e-7 of it; below
    // the first sample of a steep low pass, 5e-5 of it for 24 dB/octave at
    // 500 Hz), which stands 20 dB out of the mean of the samples before it:
    // a nonlinear plugin's harmonics leave tails under its response.
    auto before = 0.0;

    for (int i = -riseSamples; i < 0; ++i)
        before += at (i);

    for (int i = 0; i < peakAt; ++i)
    {
        const auto level = at (i);

        if (level >= threshold && level >= 10.0 * before / riseSamples && ! isHarmonicOfLater (impulse, period, i, distortion))
            return i;

        before += level - at (i - riseSamples);
    }

    return peakAt;
}

bool ResponseMeasurement::isHarmonicOfLater (const float* impulse, int period, int start, double distortion) const
{
    // A harmonic's response lands getHarmonicLead (n) before the response
    // it comes of, which is louder, and starts there: out of what is 20 dB
    // quieter (a response that builds up is louder later too, but not
    // from nothing). It is about as much weaker as the plugin distorts (a
    // tenth of that is the margin): a linear plugin's echo that happens to
    // come a lead later is not its harmonic.
    const auto loudestIn = [impulse, period] (int from, int to)
    {
        from = juce::jmax (0, from);
        to = juce::jmin (period, to);

        if (to <= from)
            return 0.0f;

        const auto range = juce::FloatVectorOperations::findMinAndMax (impulse + from, to - from);
        return juce::jmax (-range.getStart(), range.getEnd());
    };

    const auto own = loudestIn (start, start + 2 * harmonicSpread);

    for (int n = 2; n <= 10; ++n)
    {
        const auto later = start + sweep.getHarmonicLead (n);

        if (later >= period)
            break;

        const auto source = loudestIn (later - harmonicSpread, later + harmonicSpread);

        if (source >= 2.0f * own && own <= 10.0 * distortion * source
            && 10.0f * loudestIn (later - harmonicSpread - riseSamples, later - harmonicSpread) <= source)
            return true;
    }

    return false;
}

} // namespace wavecraft
