namespace wavecraft
{

void MeterFrame::holdMaximum (const MeterFrame& other) noexcept
{
    peakLeft = juce::jmax (peakLeft, other.peakLeft);
    peakRight = juce::jmax (peakRight, other.peakRight);
    rmsLeft = juce::jmax (rmsLeft, other.rmsLeft);
    rmsRight = juce::jmax (rmsRight, other.rmsRight);
    timestampNanos = juce::jmax (timestampNanos, other.timestampNanos);
}

} // namespace wavecraft
