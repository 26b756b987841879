namespace wavecraft
{

/** The stereo signals a validation plays into a plugin, and what it looks
    for in what comes out. Every signal is the same on every run (the noise
    is seeded), so two runs can be compared sample for sample.
*/
struct TestSignal
{
    enum class Kind
    {
        silence,
        impulse, /**< one full-scale sample at the start */
        sine,    /**< 1 kHz at -6 dBFS */
        noise    /**< white, at -6 dBFS peak */
    };

    static juce::AudioBuffer<float> make (Kind kind, double sampleRate, int numFrames, int seed = 1);

    /** "silence", "an impulse", "a 1 kHz sine", "noise". */
    static const char* describe (Kind kind) noexcept;

    /** A sample of a buffer: where, and what. */
    struct Sample
    {
        int channel = 0, frame = 0;
        float value = 0.0f;
    };

    /** The first NaN or Inf, if any. */
    static std::optional<Sample> findNonFinite (const juce::AudioBuffer<float>& audio);

    /** The first denormal (subnormal) sample, if any, and how many there are. */
    static std::optional<Sample> findDenormal (const juce::AudioBuffer<float>& audio, int& count);

    /** "NaN in channel 1 at frame 12". */
    static juce::String describeNonFinite (const Sample& sample);

    /** How two buffers of the same shape differ. */
    struct Residue
    {
        float peak = 0.0f;   /**< the largest difference of a sample */
        int firstFrame = -1; /**< the first frame that differs at all; -1: identical */
    };

    static Residue compare (const juce::AudioBuffer<float>& a, const juce::AudioBuffer<float>& b);

    /** A gain in dBFS with one decimal: "-34.2 dBFS". */
    static juce::String toDecibels (float gain);
};

} // namespace wavecraft
