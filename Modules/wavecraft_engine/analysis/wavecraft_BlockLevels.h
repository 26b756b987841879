namespace wavecraft::detail
{

/** Peak and RMS of one block of two channels.

    The OutputAnalyser meters each block of the plugin's output as it reads it
    from the OutputTap, off the audio thread.

    All methods are real-time safe. [one thread at a time]
*/
class BlockLevels
{
public:
    /** Adds samples of both channels. */
    void add (const float* left, const float* right, int numSamples) noexcept
    {
        SampleKernels::get().measure (left, right, nullptr, nullptr, numSamples, totals);
        numSamplesAdded += numSamples;
    }

    /** Channels that held a NaN or an infinity so far (bit 0 left, bit 1 right). */
    int getNonFiniteChannels() const noexcept { return totals.getNonFiniteChannels(); }

    /** The levels of everything added so far, stamped with `timestampNanos`. */
    MeterFrame toMeterFrame (juce::int64 timestampNanos) const noexcept
    {
        const auto perSample = numSamplesAdded > 0 ? 1.0f / (float) numSamplesAdded : 0.0f;

        MeterFrame frame;
        frame.peakLeft = totals.maximum[0];
        frame.peakRight = totals.maximum[1];
        frame.rmsLeft = std::sqrt (totals.sumOfSquares[0] * perSample);
        frame.rmsRight = std::sqrt (totals.sumOfSquares[1] * perSample);
        frame.timestampNanos = timestampNanos;
        return frame;
    }

private:
    LevelTotals totals;
    int numSamplesAdded = 0;
};

} // namespace wavecraft::detail
