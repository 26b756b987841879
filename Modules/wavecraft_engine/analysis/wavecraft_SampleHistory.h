namespace wavecraft
{

/** The newest frames of a stereo stream, for a view that analyses them
    (a spectrum): written block by block by a reader of the output tap (the
    OutputAnalyser's thread), read by anyone.

    Neither side is the audio thread, so a mutex guards it; a read copies at
    most `capacity` frames.
*/
class SampleHistory
{
public:
    explicit SampleHistory (int capacityInFrames);

    /** Appends a block. [the writer's thread] */
    void write (const float* left, const float* right, int numSamples, double sampleRate);

    /** Copies the newest `numSamples` frames, oldest first, into a stereo
        `destination` of that length; false while fewer have been written.
        [any thread but the audio thread]
    */
    bool readLatest (juce::AudioBuffer<float>& destination, int numSamples) const;

    /** Frames written so far. [any thread but the audio thread] */
    juce::int64 getNumWritten() const;

    /** The rate of the frames written last; 0 before any. [any thread] */
    double getSampleRate() const noexcept { return sampleRate.load(); }

    int getCapacity() const noexcept { return frames.getNumSamples(); }

private:
    mutable std::mutex lock;
    juce::AudioBuffer<float> frames;
    int writePosition = 0;   // [lock]
    juce::int64 written = 0; // [lock]
    std::atomic<double> sampleRate { 0.0 };

    JUCE_DECLARE_NON_COPYABLE (SampleHistory)
};

} // namespace wavecraft
