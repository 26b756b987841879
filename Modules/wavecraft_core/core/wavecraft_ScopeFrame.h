namespace wavecraft
{

/** One oscilloscope picture of the plugin's output: 1024 points per channel,
    starting at a rising zero crossing when there is one.
*/
struct ScopeFrame
{
    static constexpr int numPoints = 1024;

    std::array<float, numPoints> left {};
    std::array<float, numPoints> right {};
    double sampleRate = 0.0;
    juce::int64 timestampMicros = 0; /**< monotonic, when the frame was cut */
    bool noSignal = true;            /**< every point below -80 dBFS */
    bool triggered = false;          /**< starts at a rising zero crossing */
};

} // namespace wavecraft
