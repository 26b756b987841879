namespace wavecraft
{

/** A juce::AudioProcessor that runs a Wavecraft dev library (C, C++ or Rust
    built against wavecraft_dev_abi.h) and reloads it when it is rebuilt, so
    the DSP the host runs plays in any DAW through JUCE's plugin wrappers.

    The parameter list is fixed when the object is made, from the params
    JSON it is given (wavecraft_add_dev_plugin reads it from the library
    when the plugin target is built), because plugin formats want one list
    for the plugin's life: a DAW's automation, its saved sessions and an LV2
    bundle's description all name it. Each spec becomes a JUCE parameter
    (DevParameterFactory) keeping its id.

    Each build runs as a DevPluginInstance that a PluginPlayer plays, as in
    the host: the fixed list's values reach the build's own parameters by id
    at each block. A rebuilt library is swapped in as the host does it:
    loaded from a private copy off the audio thread, cross-faded in, never a
    lock or an allocation on the audio thread; a build that fails to load leaves
    silence and getLoadError() until the next one lands. A build whose list
    differs keeps every value by id: parameters it no longer has do nothing,
    and a parameter it adds runs at its default (or the value a saved state
    gave it) and is named by getIdsNeedingRebuild(): the plugin target must
    be rebuilt to offer it as a JUCE parameter.

    State (getStateInformation) keeps every value by id, also those of ids
    the fixed list doesn't have, so a session reopens with what it saved.

    @see DevParameterFactory, DevPluginInstance, PluginPlayer
*/
class DevLibraryProcessor : public ProgramlessEffect<juce::AudioProcessor>
{
public:
    struct Options
    {
        juce::File library;         /**< the dev library, watched for rebuilds */
        std::string parametersJson; /**< the fixed list; empty: read from the library now */
        juce::String name = "Wavecraft dev plugin";
    };

    /** Loads the library and makes the parameters. A library that can't be
        loaded is not an error here: the processor is silent until a build
        that loads lands (see getLoadError()). [message thread]
    */
    explicit DevLibraryProcessor (const Options& options);
    ~DevLibraryProcessor() override;

    //==============================================================================
    /** Loads the library again now; false (and getLoadError()) when it fails.
        The file watch calls it on its own thread. [any thread but the audio thread]
    */
    bool reload();

    /** The last load's error, or nullopt while a build runs. [any thread but the audio thread] */
    std::optional<PluginLoadError> getLoadError() const;

    /** The running build, or nullopt. [any thread but the audio thread] */
    std::optional<PluginInfo> getRunningPlugin() const;

    /** Ids the running build has and the fixed list lacks. [any thread but the audio thread] */
    juce::StringArray getIdsNeedingRebuild() const;

    /** How many loads have ended (in the build running, or in its error), the first included. [any thread] */
    int getNumLoads() const noexcept { return numLoads.load(); }

    /** The fixed list. [any thread] */
    const std::vector<ParameterSpec>& getParameterSpecs() const noexcept { return specs; }

    /** The JUCE parameter of an id in the fixed list, or null. [any thread] */
    juce::RangedAudioParameter* getParameterForId (const juce::String& id) const;

    /** Where the output leaves the audio thread, for a reader (meters, scope). */
    OutputTap& getOutputTap() noexcept { return tap; }

    //==============================================================================
    const juce::String getName() const override { return name; }
    void prepareToPlay (double sampleRate, int maximumExpectedSamplesPerBlock) override;
    void releaseResources() override {}
    bool isBusesLayoutSupported (const BusesLayout& layouts) const override;
    void processBlock (juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) override;
    using juce::AudioProcessor::processBlock;

    juce::AudioProcessorEditor* createEditor() override;
    bool hasEditor() const override { return true; }

    void getStateInformation (juce::MemoryBlock& destination) override;
    void setStateInformation (const void* data, int sizeInBytes) override;

private:
    /** Where each JUCE parameter's value goes in the running build: the
        build's parameter of the same id and its spec, or null. Swapped with
        the build.
    */
    struct Route
    {
        DevPluginInstance* build = nullptr;
        std::vector<juce::RangedAudioParameter*> targets;
        std::vector<const ParameterSpec*> targetSpecs;
        bool fresh = true; // [audio thread] every value goes over at its first block
    };

    static std::vector<ParameterSpec> readSpecs (const Options& options);
    void showLoadFailure (const PluginLoadError& error);
    std::unique_ptr<juce::AudioProcessor> swapIn (std::unique_ptr<DevPluginInstance> build);
    std::unique_ptr<Route> makeRoute (DevPluginInstance& build) const;
    void carryValuesInto (const Route& next) const;
    void routeValues() noexcept;
    juce::StringArray idsNeedingRebuild() const;    // under loadLock
    int indexOfSpec (const juce::String& id) const; // in the fixed list, or -1
    static bool setPlainValue (DevPluginInstance& build, const juce::String& id, float value);
    void collectFadedOutBuild();

    const juce::String name;
    const juce::File library;
    const std::vector<ParameterSpec> specs;
    std::vector<juce::RangedAudioParameter*> parameters; // owned by the AudioProcessor, in spec order
    std::vector<float> lastNormalised, lastPlain;        // [audio thread] each parameter's value when last worked out
    PluginPlayer player;
    OutputTap tap;
    juce::AudioBuffer<float> monoScratch; // the second channel a mono bus lacks

    juce::SpinLock routeLock; // the audio thread only try-locks it
    std::unique_ptr<Route> route;

    std::mutex reloadLock;       // one reload at a time (the watch's, the host's)
    mutable std::mutex loadLock; // the running build, prepare and state: host threads and the watch
    std::optional<PluginLoadError> loadError;
    std::optional<PluginInfo> running;
    std::map<juce::String, float> extraValues; // by id: values the fixed list has no parameter for
    std::atomic<int> numLoads { 0 };
    std::unique_ptr<FileChangeWatcher> watcher;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (DevLibraryProcessor)
};

} // namespace wavecraft
