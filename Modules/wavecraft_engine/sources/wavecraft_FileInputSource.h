namespace wavecraft
{

/** A WAV/AIFF file played in a loop as the plugin's input.

    A background thread reads (and, if the file's rate differs from the
    device's, resamples) the file into an AudioFifo ahead of the audio thread,
    which only copies out of it. If the reader ever falls behind, the missing
    samples are silence and counted, never waited for.
*/
class FileInputSource final : public InputSource,
                              private juce::Thread
{
public:
    /** Opens the file; check getOpenError(). [message thread] */
    explicit FileInputSource (const juce::File& file);
    ~FileInputSource() override;

    /** Empty when the file opened, otherwise what is wrong with it. */
    const juce::String& getOpenError() const noexcept { return openError; }

    void prepare (double sampleRate, int maximumBlockSize) override;
    void fill (float* left, float* right, int numSamples) noexcept override;
    juce::String describe() const override { return "file " + file.getFileName(); }

    /** Samples the audio thread wanted but the reader had not delivered. [any thread] */
    juce::uint64 getNumUnderrunSamples() const noexcept { return underruns.load(); }

private:
    void run() override;
    void readAhead();

    juce::File file;
    juce::String openError;
    std::unique_ptr<juce::AudioFormatReader> reader;
    std::unique_ptr<AudioFifo> fifo;
    juce::AudioBuffer<float> fileChunk, resampledChunk;
    juce::LagrangeInterpolator interpolators[2];
    double speedRatio = 1.0; // file samples per device sample
    juce::int64 readPosition = 0;
    std::atomic<juce::uint64> underruns { 0 };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (FileInputSource)
};

} // namespace wavecraft
