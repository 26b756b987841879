namespace wavecraft
{

void MeterFrame::holdMaximum (const MeterFrame& other) noexcept
{
    peakLeft = juce::jmax (peakLeft, other.peakLeft);
    peakRight = juce::jmax (peakRight, other.peakRight);
    rmsLeft = juce::jmax (rmsLeft, other.rmsLeft);
    rmsRight = juce::jmax (rmsRight, other.rmsRight);
    timestampMicros = juce::jmax (timestampMicros, other.timestampMicros);
}

#if ! (JUCE_LINUX || JUCE_BSD || JUCE_ANDROID)
// Computed at start-up, so the audio thread never meets a static-init guard.
static const double ticksPerMicro = (double) juce::Time::getHighResolutionTicksPerSecond() / 1.0e6;

juce::int64 getMonotonicMicros() noexcept
{
    return (juce::int64) ((double) juce::Time::getHighResolutionTicks() / ticksPerMicro);
}
#endif

} // namespace wavecraft
