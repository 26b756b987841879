namespace wavecraft
{

/** The one clock of the modules: monotonic nanoseconds, microseconds and
    milliseconds, cheap enough for the audio thread: on Linux the clock is
    read through the vDSO, with no system call (the same clock as
    juce::Time::getHighResolutionTicks() there). Time stamps the protocol
    sends as wall-clock time are converted from it (toWallClockMicros).
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

/** [any thread] */
inline juce::int64 getMonotonicMillis() noexcept
{
    return getMonotonicMicros() / 1000;
}

/** The wall-clock time (microseconds since the epoch) of a moment given in
    getMonotonicMicros() time, at most now. [any thread but the audio thread]
*/
inline juce::int64 toWallClockMicros (juce::int64 monotonicMicros) noexcept
{
    const auto age = getMonotonicMicros() - monotonicMicros;
    return juce::Time::currentTimeMillis() * 1000 - juce::jmax<juce::int64> (0, age);
}

} // namespace wavecraft
