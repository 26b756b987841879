namespace wavecraft
{

/** A Wavecraft dev library running as a juce::AudioPluginInstance: the same
    class whether its code runs in this process or isolated in a worker
    process (see DevPluginFormat, which makes them).

    Each parameter spec becomes a JUCE parameter (DevParameterFactory): a
    float a ranged float with its unit, a bool a bool, an enum a choice of
    its names (or of the numbers min..max). At every block boundary the
    parameters' plain values reach the library, as the ABI has them. The
    state (getStateInformation) is the plain values by id.

    The processor is stereo in and out, as the ABI is; a mono bus is fed to
    both of the plugin's channels and takes its left one.

    @see DevPluginFormat, DevParameterFactory, PluginInstance
*/
class DevPluginInstance final : public ProgramlessEffect<juce::AudioPluginInstance>,
                                public SupervisedProcessing
{
public:
    /** Runs `plugin`, loaded in this process or in a worker, with every
        parameter at its default. [message thread]
    */
    explicit DevPluginInstance (std::unique_ptr<PluginInstance> plugin);
    ~DevPluginInstance() override;

    /** The library's file, ABI version, specs and where it runs. [any thread] */
    const PluginInfo& getPluginInfo() const noexcept { return plugin->getInfo(); }

    /** The spec of an id, or null. [any thread] */
    const ParameterSpec* findSpec (const juce::String& id) const noexcept;

    /** The JUCE parameter of a spec's id, or null. [any thread] */
    juce::RangedAudioParameter* getParameterForId (const juce::String& id) const;

    /** The specs the library declared, in its order. [any thread] */
    const std::vector<ParameterSpec>& getParameterSpecs() const noexcept { return plugin->getInfo().parameters; }

    /** The library in this process, or null when its code runs in a worker. [any thread] */
    std::shared_ptr<PluginLibrary> getLibrary() const noexcept { return inProcess != nullptr ? inProcess->getLibrary() : nullptr; }

    /** The plugin's own state beyond its values (a VST3's or LV2's
        getStateInformation), wherever its code runs; false for a dev library.
        [any thread but the audio thread]
    */
    bool getPluginState (juce::MemoryBlock& state) { return plugin->getPluginState (state); }

    /** Gives the plugin a state getPluginState() gave. [any thread but the audio thread] */
    bool setPluginState (const juce::MemoryBlock& state) { return plugin->setPluginState (state); }

    //==============================================================================
    /** Only an isolated plugin waits for an answer; one in this process ignores it. */
    void setAnswerDeadline (juce::int64 nanos) noexcept override;

    /** What became of the last block (an isolated plugin can be late, or
        its worker can have ended). [audio thread, or after it]
    */
    BlockResult getLastBlockResult() const noexcept override { return lastResult.load (std::memory_order_relaxed); }

    /** Kills a hung worker; false in this process. [message thread] */
    bool stopWhileHung() override;

    /** Where a worker runs the library: the call it is in; else null. [any thread] */
    const char* getCallInProgress() const noexcept override { return supervised != nullptr ? supervised->getCallInProgress() : nullptr; }

    /** [any thread but the audio thread] */
    std::vector<RealtimeViolation> getRealtimeViolations() const override
    {
        return supervised != nullptr ? supervised->getRealtimeViolations() : std::vector<RealtimeViolation> {};
    }

    /** [any thread] */
    bool watchesRealtimeRules() const override { return supervised != nullptr && supervised->watchesRealtimeRules(); }

    //==============================================================================
    void fillInPluginDescription (juce::PluginDescription& description) const override;
    const juce::String getName() const override;
    void prepareToPlay (double sampleRate, int maximumExpectedSamplesPerBlock) override;
    void releaseResources() override {}
    void reset() override;
    bool isBusesLayoutSupported (const BusesLayout& layouts) const override;
    void processBlock (juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) override;
    using juce::AudioPluginInstance::processBlock;

    juce::AudioProcessorEditor* createEditor() override { return nullptr; }
    bool hasEditor() const override { return false; }

    void getStateInformation (juce::MemoryBlock& destination) override;
    void setStateInformation (const void* data, int sizeInBytes) override;

private:
    /** A parameter's held value, read without getValue()'s conversion to
        0..1: the value a block compares with the last one, at a fraction
        of the cost.
    */
    struct HeldValue
    {
        explicit HeldValue (const juce::RangedAudioParameter& parameter);

        float read() const noexcept
        {
            if (asFloat != nullptr)
                return asFloat->get();

            if (asChoice != nullptr)
                return (float) asChoice->getIndex();

            return asBool != nullptr ? (asBool->get() ? 1.0f : 0.0f) : other->getValue();
        }

        const juce::AudioParameterFloat* asFloat;
        const juce::AudioParameterChoice* asChoice;
        const juce::AudioParameterBool* asBool;
        const juce::RangedAudioParameter* other;
    };

    void applyParameterValues() noexcept;

    std::unique_ptr<PluginInstance> plugin;
    SupervisedProcessing* const supervised;              // the plugin, when its code runs in a worker
    InProcessPluginInstance* const inProcess;            // the plugin, when its code runs here
    std::vector<juce::RangedAudioParameter*> parameters; // owned by the AudioProcessor, in spec order
    std::vector<HeldValue> heldValues;                   // in spec order
    std::vector<float> lastHeld;                         // [audio thread] each one's held value when last passed on
    std::vector<float> plainValues;                      // [audio thread] what the library gets, in spec order
    juce::AudioBuffer<float> monoScratch;                // the second channel a mono bus lacks
    std::atomic<BlockResult> lastResult { BlockResult::processed };

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (DevPluginInstance)
};

} // namespace wavecraft
