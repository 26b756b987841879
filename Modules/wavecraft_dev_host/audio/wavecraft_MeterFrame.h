namespace wavecraft
{

/** The levels of one block of the plugin's output, as it leaves the audio
    thread. Plain and fixed-size, so it travels through a LockFreeQueue.
*/
struct MeterFrame
{
    float peakLeft = 0.0f;
    float peakRight = 0.0f;
    float rmsLeft = 0.0f;
    float rmsRight = 0.0f;
    juce::int64 timestampMicros = 0; /**< monotonic: juce::Time::getHighResolutionTicks() in µs */

    /** Measures a block of two channels. [audio thread: no allocation] */
    static MeterFrame measure (const float* left, const float* right, int numSamples, juce::int64 timestampMicros) noexcept;

    /** Keeps the larger peak and RMS of the two. */
    void holdMaximum (const MeterFrame& other) noexcept;
};

/** Monotonic microseconds, cheap enough for the audio thread (no system call
    on Linux: the clock is read through the vDSO).
*/
juce::int64 getMonotonicMicros() noexcept;

} // namespace wavecraft
