namespace wavecraft
{

/** The levels of one block of the plugin's output, measured off the audio
    thread by the OutputAnalyser. Plain and fixed-size, so readers copy it
    freely.
*/
struct MeterFrame
{
    float peakLeft = 0.0f;
    float peakRight = 0.0f;
    float rmsLeft = 0.0f;
    float rmsRight = 0.0f;
    juce::int64 timestampNanos = 0; /**< getMonotonicNanos() when the block was processed */

    /** Keeps the larger peak and RMS of the two. */
    void holdMaximum (const MeterFrame& other) noexcept;
};

} // namespace wavecraft
