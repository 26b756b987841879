namespace wavecraft
{

SpectrumAnalyser::SpectrumAnalyser() = default;

bool SpectrumAnalyser::analyse (const SampleHistory& history)
{
    if (! history.readLatest (frames, size))
        return false;

    sampleRate = history.getSampleRate();
    std::fill (powers.begin(), powers.end(), 0.0);

    for (int channel = 0; channel < 2; ++channel)
    {
        std::fill (scratch.begin(), scratch.end(), 0.0f);
        std::copy (frames.getReadPointer (channel), frames.getReadPointer (channel) + size, scratch.begin());
        window.multiplyWithWindowingTable (scratch.data(), (size_t) size);
        fft.performRealOnlyForwardTransform (scratch.data(), true);

        for (size_t k = 0; k < powers.size(); ++k)
            powers[k] += 0.5 * (juce::square ((double) scratch[k * 2]) + juce::square ((double) scratch[k * 2 + 1]));
    }

    return true;
}

float SpectrumAnalyser::toDb (double power) const
{
    // A sine of amplitude A in a Hann window peaks at A * size / 4.
    const auto reference = juce::square (size / 4.0);
    return power > 0.0 ? juce::jmax (floorDb, (float) (10.0 * std::log10 (power / reference))) : floorDb;
}

int SpectrumAnalyser::binOf (double hz) const
{
    return juce::jlimit (0, size / 2, (int) std::lround (hz * size / juce::jmax (1.0, sampleRate)));
}

void SpectrumAnalyser::getLevels (const std::vector<double>& frequenciesHz, bool sixthOctave, std::vector<float>& levelsDb) const
{
    levelsDb.resize (frequenciesHz.size());
    const auto sixthOfOctave = std::pow (2.0, 1.0 / 12.0); // half of it either side

    for (size_t i = 0; i < frequenciesHz.size(); ++i)
    {
        const auto hz = frequenciesHz[i];

        if (sixthOctave)
        {
            const auto low = binOf (hz / sixthOfOctave), high = juce::jmax (low, binOf (hz * sixthOfOctave));
            auto sum = 0.0;

            for (int k = low; k <= high; ++k)
                sum += powers[(size_t) k];

            levelsDb[i] = toDb (sum / (high - low + 1));
            continue;
        }

        const auto next = i + 1 < frequenciesHz.size() ? frequenciesHz[i + 1] : hz;
        const auto low = binOf (hz), high = juce::jmax (low, binOf (next) - 1);
        auto loudest = 0.0;

        for (int k = low; k <= high; ++k)
            loudest = juce::jmax (loudest, powers[(size_t) k]);

        levelsDb[i] = toDb (loudest);
    }
}

} // namespace wavecraft
