namespace wavecraft::detail
{

/** Keeps the most recent output and cuts ScopeFrames out of it. [one thread] */
class ScopeFrameBuilder
{
public:
    static constexpr int historySize = 4 * ScopeFrame::numPoints;
    static constexpr float noSignalLevel = 1.0e-4f; // -80 dBFS

    void addSamples (const float* left, const float* right, int numSamples) noexcept;

    /** Samples added since the last frame was built. */
    int getNumNewSamples() const noexcept { return newSamples; }

    /** Cuts a frame: the latest 1024 points that start on a rising zero
        crossing of the left channel, searched back over up to 1024 samples, or
        simply the latest 1024 when there is none. False until 1024 samples
        have arrived.
    */
    bool buildFrame (ScopeFrame& frame, double sampleRate, juce::int64 timestampMicros) noexcept;

    void reset() noexcept;

private:
    float sampleAt (const std::array<float, historySize>& channel, int age) const noexcept;

    std::array<float, historySize> leftHistory {}, rightHistory {};
    int writePosition = 0, filled = 0, newSamples = 0;
};

} // namespace wavecraft::detail
