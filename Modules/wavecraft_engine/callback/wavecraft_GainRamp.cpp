namespace wavecraft
{

void GainRamp::apply (float* const* channels, int numChannels, int numSamples) noexcept
{
    const auto to = target.load (std::memory_order_relaxed);

    if (to == applied && to == 1.0f)
        return;

    if (to == applied)
    {
        for (int channel = 0; channel < numChannels; ++channel)
            juce::FloatVectorOperations::multiply (channels[channel], to, numSamples);

        return;
    }

    const auto step = (to - applied) / (float) juce::jmax (1, numSamples);

    for (int channel = 0; channel < numChannels; ++channel)
    {
        auto gain = applied;

        for (int i = 0; i < numSamples; ++i)
            channels[channel][i] *= (gain += step);
    }

    applied = to;
}

} // namespace wavecraft
