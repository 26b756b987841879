namespace wavecraft
{

/** Monotonic nanoseconds and microseconds, cheap enough for the audio thread:
    on Linux the clock is read through the vDSO, with no system call (the same
    clock as juce::Time::getHighResolutionTicks() there).
*/
#if JUCE_LINUX || JUCE_BSD || JUCE_ANDROID
inline juce::int64 getMonotonicNanos() noexcept
{
    timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (juce::int64) now.tv_sec * 1000000000 + now.tv_nsec;
}

inline juce::int64 getMonotonicMicros() noexcept
{
    return getMonotonicNanos() / 1000;
}
#else
juce::int64 getMonotonicMicros() noexcept;

inline juce::int64 getMonotonicNanos() noexcept
{
    return getMonotonicMicros() * 1000;
}
#endif

} // namespace wavecraft
