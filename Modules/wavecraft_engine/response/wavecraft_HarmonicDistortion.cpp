namespace wavecraft
{

int HarmonicDistortion::wholeCyclesLength (double sampleRate, double hz, int minSamples)
{
    const auto rate = (juce::int64) std::llround (sampleRate);
    const auto frequency = (juce::int64) std::llround (hz);

    if (rate <= 0 || frequency <= 0)
        return minSamples;

    // cycles * rate / frequency is whole when cycles is frequency / gcd.
    const auto cycles = frequency / std::gcd (rate, frequency);
    const auto unit = (int) (cycles * rate / frequency);
    return unit * ((minSamples + unit - 1) / unit);
}

double HarmonicDistortion::amplitudeAt (const float* samples, int numSamples, double sampleRate, double hz)
{
    std::complex<double> sum;
    const auto step = std::polar (1.0, -juce::MathConstants<double>::twoPi * hz / sampleRate);
    std::complex<double> turn (1.0, 0.0);

    for (int i = 0; i < numSamples; ++i)
    {
        sum += (double) samples[i] * turn;
        turn *= step;

        if ((i & 1023) == 1023)
            turn /= std::abs (turn); // the recurrence drifts off the unit circle
    }

    return numSamples > 0 ? 2.0 * std::abs (sum) / numSamples : 0.0;
}

std::optional<double> HarmonicDistortion::measurePercent (const float* samples, int numSamples, double sampleRate, double hz)
{
    const auto fundamental = amplitudeAt (samples, numSamples, sampleRate, hz);

    if (fundamental < 1.0e-6)
        return std::nullopt;

    auto harmonicsPower = 0.0;

    for (int harmonic = 2; harmonic <= highestHarmonic && harmonic * hz < 0.5 * sampleRate; ++harmonic)
        harmonicsPower += juce::square (amplitudeAt (samples, numSamples, sampleRate, harmonic * hz));

    return 100.0 * std::sqrt (harmonicsPower) / fundamental;
}

} // namespace wavecraft
