namespace wavecraft
{

/** Serves any juce::AudioProcessor to the Wavecraft browser UI
    (@wavecraft/core): give it to a BrowserUiServer.

    - Its parameters are served through ProcessorParameters: in the
      processor's order, each as ProcessorParameters::describe() has it,
      with the parameter's id (an AudioProcessorValueTreeState's included)
      and the parameter group's name as its group.
    - A page's setParameter goes through the parameter's own
      setValueNotifyingHost (inside a change gesture), so the processor's
      editor, its listeners and the host's automation all see it.
    - A change the processor makes itself (its code, automation, its editor)
      reaches every page: the parameters are read 60 times a second.
    - Meters and the scope read the processor's output: call pushOutput()
      at the end of processBlock (or from the device callback that runs it).
      It publishes the block to an OutputTap and never allocates or locks;
      an analyser thread makes the meter frames and scope frames from it.

    @see BrowserUiServer, BrowserUiBackend
*/
class AudioProcessorBackend : public ProcessorBackend,
                              private juce::Timer
{
public:
    /** Serves `processor`, which must outlive this, with its parameters as
        they are now. [message thread]
    */
    explicit AudioProcessorBackend (juce::AudioProcessor& processor);
    ~AudioProcessorBackend() override;

    /** Sizes the output queues: call it where the processor is prepared.
        [not the audio thread]
    */
    void prepare (double sampleRate, int maximumBlockSize);

    /** The processor's output for this block, for meters and the scope (the
        first two channels; a mono output counts for both).
        [audio thread: no locks, no allocation]
    */
    void pushOutput (const float* const* channels, int numChannels, int numSamples) noexcept;

    /** [audio thread] */
    void pushOutput (const juce::AudioBuffer<float>& buffer) noexcept
    {
        pushOutput (buffer.getArrayOfReadPointers(), buffer.getNumChannels(), buffer.getNumSamples());
    }

    //==============================================================================
    std::shared_ptr<ParameterStore> getParameters() const override { return parameters.getStore(); }
    [[nodiscard]] bool setParameter (const juce::String& id, float value, const void* origin) override;
    const MeterTap& getMeterTap() const override { return analyser.getMeterTap(); }
    bool getLatestScopeFrame (ScopeFrame& frame) const override { return analyser.getLatestScopeFrame (frame); }

    /** Running while pushOutput() is being called (within the last half
        second), initializing before the first block. [message thread]
    */
    AudioStatus getAudioStatus() const override;

    /** The processor served. [message thread] */
    juce::AudioProcessor* getServedProcessor() const override { return &processor; }

private:
    void timerCallback() override;

    juce::AudioProcessor& processor;
    ProcessorParameters parameters;
    OutputTap tap;
    OutputAnalyser analyser { tap };
    std::atomic<int> maximumBlockSize { 0 };
    std::atomic<juce::int64> lastPushNanos { 0 };
    AudioStatus lastStatus;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (AudioProcessorBackend)
};

} // namespace wavecraft
