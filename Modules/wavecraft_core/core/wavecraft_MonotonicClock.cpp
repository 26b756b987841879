namespace wavecraft
{

#if ! (JUCE_LINUX || JUCE_BSD || JUCE_ANDROID)
// Computed at start-up, so the audio thread never meets a static-init guard.
static const double ticksPerMicro = (double) juce::Time::getHighResolutionTicksPerSecond() / 1.0e6;

juce::int64 getMonotonicMicros() noexcept
{
    return (juce::int64) ((double) juce::Time::getHighResolutionTicks() / ticksPerMicro);
}
#endif

} // namespace wavecraft
