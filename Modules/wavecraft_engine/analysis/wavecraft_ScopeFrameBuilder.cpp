namespace wavecraft::detail
{

void ScopeFrameBuilder::addSamples (const float* left, const float* right, int numSamples) noexcept
{
    for (int i = 0; i < numSamples; ++i)
    {
        leftHistory[(size_t) writePosition] = left[i];
        rightHistory[(size_t) writePosition] = right[i];
        writePosition = (writePosition + 1) % historySize;
    }

    filled = juce::jmin (historySize, filled + numSamples);
    newSamples += numSamples;
}

float ScopeFrameBuilder::sampleAt (const std::array<float, historySize>& channel, int age) const noexcept
{
    // age 1 is the newest sample
    return channel[(size_t) ((writePosition - age + historySize) % historySize)];
}

bool ScopeFrameBuilder::buildFrame (ScopeFrame& frame, double sampleRate, juce::int64 timestampMicros) noexcept
{
    constexpr auto numPoints = ScopeFrame::numPoints;

    if (filled < numPoints)
        return false;

    // The frame starts `startAge` samples back; look for the most recent start
    // that is a rising zero crossing (previous sample below zero, this one not).
    const auto maxStartAge = juce::jmin (filled - 1, 2 * numPoints);
    auto startAge = numPoints;
    frame.triggered = false;

    for (int age = numPoints; age <= maxStartAge; ++age)
    {
        if (sampleAt (leftHistory, age + 1) < 0.0f && sampleAt (leftHistory, age) >= 0.0f)
        {
            startAge = age;
            frame.triggered = true;
            break;
        }
    }

    float peak = 0.0f;

    for (int i = 0; i < numPoints; ++i)
    {
        frame.left[(size_t) i] = sampleAt (leftHistory, startAge - i);
        frame.right[(size_t) i] = sampleAt (rightHistory, startAge - i);
        peak = juce::jmax (peak, std::abs (frame.left[(size_t) i]), std::abs (frame.right[(size_t) i]));
    }

    frame.noSignal = peak < noSignalLevel;
    frame.sampleRate = sampleRate;
    frame.timestampMicros = timestampMicros;
    newSamples = 0;
    return true;
}

void ScopeFrameBuilder::reset() noexcept
{
    leftHistory.fill (0.0f);
    rightHistory.fill (0.0f);
    writePosition = filled = newSamples = 0;
}

} // namespace wavecraft::detail
