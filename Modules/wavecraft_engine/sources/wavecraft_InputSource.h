namespace wavecraft
{

/** Where the plugin's input comes from when it is not the audio device:
    silence, a sine, noise, or a file looped from disk.

    To use one: make it with fromSpec() (or derive your own) and give it to
    PluginAudioCallback::setInputSource on the message thread; the callback
    prepares it and calls fill() on the audio thread.

    @see PluginAudioCallback, FileInputSource
*/
class InputSource
{
public:
    virtual ~InputSource() = default;

    /** Parses an input source's spec: "silence", "sine", "sine:HZ", "noise"
        or "file:PATH". "device" (or an empty string) returns null with no
        error: the device's own input is used. [message thread]
    */
    [[nodiscard]] static std::unique_ptr<InputSource> fromSpec (const juce::String& spec, juce::String& error);

    /** Called before audio starts or when the rate changes. May allocate.
        [message thread or the device's start-up, never during process]
    */
    virtual void prepare (double sampleRate, int maximumBlockSize) = 0;

    /** Fills two channels with the next block. [audio thread: no locks, no allocation] */
    virtual void fill (float* left, float* right, int numSamples) noexcept = 0;

    /** A short description for status and logs, e.g. "sine 440 Hz". [any thread] */
    virtual juce::String describe() const = 0;
};

//==============================================================================
/** Zeros. */
class SilenceSource final : public InputSource
{
public:
    void prepare (double, int) override {}
    void fill (float* left, float* right, int numSamples) noexcept override;
    juce::String describe() const override { return "silence"; }
};

//==============================================================================
/** A sine at half of full scale (-6 dBFS) on both channels. */
class SineSource final : public InputSource
{
public:
    explicit SineSource (double frequencyHz)
        : frequency (frequencyHz)
    {}

    static constexpr float amplitude = 0.5f;

    void prepare (double sampleRate, int) override;
    void fill (float* left, float* right, int numSamples) noexcept override;
    juce::String describe() const override { return "sine " + juce::String (frequency) + " Hz"; }

private:
    double frequency, phase = 0.0, increment = 0.0;
};

//==============================================================================
/** Uniform white noise at -6 dBFS peak, independent on each channel. */
class NoiseSource final : public InputSource
{
public:
    void prepare (double, int) override {}
    void fill (float* left, float* right, int numSamples) noexcept override;
    juce::String describe() const override { return "noise"; }

private:
    juce::Random random { 0x5eed };
};

} // namespace wavecraft
