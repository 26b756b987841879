namespace wavecraft
{

class PluginLibrary;

/** A loaded library, or the reason there is none. */
struct PluginLoadResult
{
    std::shared_ptr<PluginLibrary> library; /**< null when error.failed() */
    PluginLoadError error;

    bool failed() const noexcept { return library == nullptr; }
};

//==============================================================================
/** One plugin library, loaded through juce::DynamicLibrary from a private copy
    of the file, with its processor table and parameter specs read and checked.

    Because the copy is private, a build tool may overwrite or replace the
    original while this object is alive; loading again picks up the new build.
    The copy is closed and deleted with this object, so keep it alive (hold the
    shared_ptr) for as long as any processor it created exists.

    To use one: PluginLibrary::load (file); on success, read its parameters and
    give it to an InProcessPluginInstance (or let InProcessPluginInstance::load do both). Nothing
    in it changes after loading, so every getter may be called from any thread.

    @see InProcessPluginInstance, PluginLoadError
*/
class PluginLibrary
{
public:
    /** The processor table, the same shape for either ABI version:
        applyPlainValues is null for a version 1 table.
    */
    struct ProcessorTable
    {
        uint32_t version = 0;
        WavecraftDevCreateFn create = nullptr;
        WavecraftDevProcessFn process = nullptr;
        WavecraftDevApplyPlainValuesFn applyPlainValues = nullptr;
        WavecraftDevSetSampleRateFn setSampleRate = nullptr;
        WavecraftDevResetFn reset = nullptr;
        WavecraftDevDropFn drop = nullptr;
    };

    /** Loads the library at `file`: copies it, opens the copy, reads the table
        and the parameter and processor lists. Never throws. Each call into
        the library is noted in `marker` first, if given (a plugin worker
        does, so its supervisor can name a crash). [message thread, or any
        thread that is not the audio thread]
    */
    [[nodiscard]] static PluginLoadResult load (const juce::File& file, PluginCallMarker* marker = nullptr);

    /** Closes and deletes the private copy. [any thread but the audio thread,
        once no processor it created exists]
    */
    ~PluginLibrary();

    /** The file the library was loaded from (not the private copy). [any thread] */
    const juce::File& getFile() const noexcept { return file; }

    /** The private copy that is actually open. [any thread] */
    const juce::File& getLoadedCopy() const noexcept { return loadedCopy; }

    /** [any thread] */
    const ProcessorTable& getProcessorTable() const noexcept { return table; }

    /** The parameters, in the order of the params JSON. [any thread] */
    const std::vector<ParameterSpec>& getParameters() const noexcept { return parameters; }

    /** The ids from wavecraft_get_processors_json (empty when not exported). [any thread] */
    const juce::StringArray& getProcessorIds() const noexcept { return processorIds; }

    /** The params JSON as the plugin returned it (it parsed and checked). [any thread] */
    const std::string& getParametersJson() const noexcept { return parametersJson; }

    /** What a host shows of it: file, version, parameters, processors. [any thread] */
    PluginInfo describe() const { return { file, table.version, parameters, processorIds, false }; }

    /** Looks up any other exported symbol, or returns nullptr. [any thread] */
    void* getFunction (const juce::String& symbolName) const noexcept;

    /** The ABI table versions this host accepts. */
    static constexpr uint32_t minSupportedVersion = WAVECRAFT_DEV_VTABLE_VERSION_1;
    static constexpr uint32_t maxSupportedVersion = WAVECRAFT_DEV_VTABLE_VERSION_2;

private:
    PluginLibrary (const juce::File& original, const juce::File& copy, PluginCallMarker* marker);

    PluginLoadError open();
    PluginLoadError readTable();
    PluginLoadError readParameters();
    PluginLoadError readProcessors();
    PluginLoadError missingSymbol (PluginLoadError::Kind kind, const char* symbol, const char* whatItDoes) const;

    juce::File file, loadedCopy;
    juce::DynamicLibrary library;
    ProcessorTable table;
    std::vector<ParameterSpec> parameters;
    juce::StringArray processorIds;
    std::string parametersJson;
    PluginCallMarker* marker;

    using GetJsonFn = char* (*) (void);
    using FreeStringFn = void (*) (char*);
    FreeStringFn freeString = nullptr;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PluginLibrary)
};

} // namespace wavecraft
