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

    A plugin of another format (a VST3 or LV2 bundle, a folder) is loaded by
    the bundle loader a higher layer installs (setBundleLoader()), which
    presents it through the same processor table (fromCode()): so a worker
    process, a supervisor and a JUCE host run it as they run a dev library.

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
        std::function<void*()> create; // a library's create, or code's that knows what it makes
        WavecraftDevProcessFn process = nullptr;
        WavecraftDevApplyPlainValuesFn applyPlainValues = nullptr;
        WavecraftDevSetSampleRateFn setSampleRate = nullptr;
        WavecraftDevResetFn reset = nullptr;
        WavecraftDevDropFn drop = nullptr;

        /** The plugin's own state, beyond its parameters' values: a VST3's
            or LV2's getStateInformation. Null for a dev library, whose ABI
            has none; false when the plugin gave none.
            [not the audio thread; may run beside process()]
        */
        std::function<bool (void* processor, juce::MemoryBlock& state)> getState;

        /** Restores what getState() gave (setStateInformation). Null where
            getState is. [as getState]
        */
        std::function<bool (void* processor, const juce::MemoryBlock& state)> setState;
    };

    /** Loads the library at `file`: copies it, opens the copy, reads the table
        and the parameter and processor lists. Never throws. Each call into
        the library is noted in `marker` first, if given (a plugin worker
        does, so its supervisor can name a crash). [message thread, or any
        thread that is not the audio thread]
    */
    [[nodiscard]] static PluginLoadResult load (const juce::File& file, PluginCallMarker* marker = nullptr);

    /** Loads what PluginLibrary::load() is given that is a folder: a plugin
        bundle of another format. Returns the library, or why not.
        [as load()]
    */
    using BundleLoader = PluginLoadResult (*) (const juce::File& bundle, PluginCallMarker* marker);

    /** Makes ready for a load of `bundle` that is likely to come, in a
        process that waits for it (a spare worker). [as load()]
    */
    using BundlePreparer = void (*) (const juce::File& bundle);

    /** Sets who loads bundles, and who makes ready for them; null: nobody
        (load() says a folder is not a library). Installed once, at static
        initialisation, by the module that hosts other formats. [any thread]
    */
    static void setBundleLoader (BundleLoader loader, BundlePreparer preparer = nullptr) noexcept;

    /** What a process that will likely load `plugin` can do ahead: for a
        bundle, what its loader does before it reads the bundle (JUCE's LV2
        host reads every installed plugin's data first). Nothing for a dev
        library. [any thread but the audio thread]
    */
    static void prepareFor (const juce::File& plugin);

    /** A library whose processor table is code of this process, with the
        given specs: a plugin of another format, presented as a dev library.
        `loadedCode` is the binary the plugin's code runs from (what a
        real-time monitor watches); `owner` is kept alive as long as the
        library, and cleans up what the loader made.
        [any thread but the audio thread]
    */
    static std::shared_ptr<PluginLibrary> fromCode (const juce::File& file, const juce::File& loadedCode, ProcessorTable table,
                                                    std::vector<ParameterSpec> parameters, std::shared_ptr<void> owner);

    /** A new path for a private copy of `original`, in this process's own
        temporary folder (removed by the next host once this process is
        gone), named after the original with a number. [any thread]
    */
    static juce::File makePrivateCopyPath (const juce::File& original);

    /** Points this process's temporary folder (TMPDIR, which JUCE and most
        code write to) into its own folder, where private copies go too
        (wavecraft-host-<pid>/tmp), and removes what dead processes left:
        for a plugin worker, which may be killed, and whose plugin or JUCE's
        formats make temporary files (JUCE's LV2 host a folder of LV2 data)
        that would otherwise stay. Returns the folder. [once, at the start
        of the process, before any thread that reads TMPDIR]
    */
    static juce::File useOwnTemporaryFolder();

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
    std::shared_ptr<void> owner; // a bundle loader's, for a library from code

    using GetJsonFn = char* (*) (void);
    using FreeStringFn = void (*) (char*);
    FreeStringFn freeString = nullptr;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PluginLibrary)
};

} // namespace wavecraft
