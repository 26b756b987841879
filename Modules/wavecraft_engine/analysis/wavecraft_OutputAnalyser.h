namespace wavecraft
{

/** The reader of the plugin's output off the audio thread: a thread that
    reads an OutputTap's blocks every few milliseconds, meters each one into a
    MeterTap that any number of readers use, cuts oscilloscope frames from the
    output, keeps its newest frames for a spectrum (SampleHistory), and writes
    it to a WAV file while recording.

    A HostSession owns one; an app that runs a PluginAudioCallback itself
    creates one on its callback's tap (PluginAudioCallback::getOutputTap)
    and calls start().

    @see MeterTap, HostSession, PluginAudioCallback
*/
class OutputAnalyser : private juce::Thread
{
public:
    /** Reads `tapToRead`, which must outlive it, holding its claim
        (OutputTap::claim) for its whole life, and the input's tap too when
        given (PluginAudioCallback::getInputTap), for getInputHistory().
        [message thread]
    */
    explicit OutputAnalyser (OutputTap& tapToRead, OutputTap* inputTapToRead = nullptr);
    /** Stops the thread and finishes a recording. [message thread] */
    ~OutputAnalyser() override;

    /** Starts the reading thread. [message thread] */
    void start();

    /** Stops the reading thread; frames already published stay readable. [message thread] */
    void stop();

    /** Reads and analyses every block the tap holds now, on the calling
        thread: what the thread does every pollIntervalMs, for an app that
        doesn't start() it (offline, or a test). Does nothing while the
        thread runs. [while the thread doesn't run; never the audio thread]
    */
    void analysePending();

    /** Starts writing the output to a 32-bit float WAV file. Returns an error
        naming the file when it can't. [message thread]
    */
    [[nodiscard]] juce::Result startRecording (const juce::File& file);

    /** Finishes the file. [message thread] */
    void stopRecording();

    /** Frames written to the recording so far. [any thread] */
    juce::int64 getNumRecordedFrames() const noexcept { return recordedFrames.load(); }

    /** Every meter frame of the tap, for any number of readers. [any thread but audio] */
    const MeterTap& getMeterTap() const noexcept { return meterTap; }

    /** The newest frames of the output, for a spectrum. [any thread but audio] */
    const SampleHistory& getOutputHistory() const noexcept { return outputHistory; }

    /** The newest frames of the input, when its tap was given and publishes. [any thread but audio] */
    const SampleHistory& getInputHistory() const noexcept { return inputHistory; }

    /** Copies the newest scope frame; false before there is one. [any thread but audio] */
    bool getLatestScopeFrame (ScopeFrame& frame) const;

    /** How often new output is read, and the least output between two frames. */
    static constexpr int pollIntervalMs = 5;
    static constexpr int samplesPerScopeFrame = ScopeFrame::numPoints;

private:
    void run() override;
    void record (int numSamples);
    void cutScopeFrame();

    OutputTap& tap;
    const std::unique_ptr<OutputTap::Claim> outputs;
    detail::ScopeFrameBuilder scopeBuilder;
    MeterTap meterTap;
    SampleHistory outputHistory { SpectrumAnalyser::size }, inputHistory { SpectrumAnalyser::size };
    const std::unique_ptr<OutputTap::Claim> inputs; // null without an input tap
    juce::AudioBuffer<float> inputBuffer { 2, 4096 };
    juce::AudioBuffer<float> readBuffer { 2, 4096 }; // grows to the largest block

    mutable std::mutex scopeMutex; // between this thread and readers; never the audio thread
    ScopeFrame latestScope;
    bool hasScope = false;

    std::mutex recorderMutex;
    std::unique_ptr<juce::AudioFormatWriter> recorder;
    juce::File recordFile;
    std::atomic<juce::int64> recordedFrames { 0 };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (OutputAnalyser)
};

} // namespace wavecraft
