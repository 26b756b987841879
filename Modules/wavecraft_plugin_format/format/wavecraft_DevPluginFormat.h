namespace wavecraft
{

/** The Wavecraft dev ABI as a JUCE plugin format. Added to an
    AudioPluginFormatManager, it finds dev libraries (shared libraries that
    export the ABI), describes them (a PluginDescription each) and makes
    DevPluginInstances of them, in this process or each in a worker process
    of its own, as its Options say:

    @code
    formatManager.addFormat (new wavecraft::DevPluginFormat());
    @endcode

    A library is described by loading it (in a worker, when instances run
    in one): the ABI has no description that can be read without running
    the library's code. Its identifier is its path.

    @see DevPluginInstance, IsolatedPluginInstance
*/
class DevPluginFormat : public juce::AudioPluginFormat
{
public:
    struct Options
    {
        /** Each instance (and each description) in a worker process of its
            own, so a crash or hang of the plugin's code ends only that
            process; the app's main() must let workers run (PluginWorker).
        */
        bool isolated = false;

#if JUCE_MODULE_AVAILABLE_wavecraft_isolation
        /** How workers are run, when isolated. */
        IsolatedPluginInstance::Options worker;
#endif
    };

    /** Instances run in this process. */
    DevPluginFormat();
    explicit DevPluginFormat (Options options);

    /** What PluginDescription::pluginFormatName holds for these plugins. */
    static constexpr const char* formatName = "WavecraftDev";

    /** Loads `file` as this format's options say, as an instance with every
        parameter at its default: null and a typed `error` when it can't be
        (what the PluginCreationCallback gets only as text).
        [any thread but the audio thread: a worker's load waits]
    */
    [[nodiscard]] std::unique_ptr<DevPluginInstance> createInstance (const juce::File& file, PluginLoadError& error) const;

    /** Fills in what a description says of a loaded library. [any thread] */
    static void describe (const PluginInfo& info, juce::PluginDescription& description);

    /** "mine" for libmine.so. [any thread] */
    static juce::String nameOf (const juce::File& library);

    //==============================================================================
    juce::String getName() const override
    {
        return formatName;
    }
    void findAllTypesForFile (juce::OwnedArray<juce::PluginDescription>& results, const juce::String& fileOrIdentifier) override;
    bool fileMightContainThisPluginType (const juce::String& fileOrIdentifier) override;
    juce::String getNameOfPluginFromIdentifier (const juce::String& fileOrIdentifier) override;
    bool pluginNeedsRescanning (const juce::PluginDescription& description) override;
    bool doesPluginStillExist (const juce::PluginDescription& description) override;
    bool canScanForPlugins() const override
    {
        return true;
    }
    bool isTrivialToScan() const override
    {
        return false;
    }
    juce::StringArray searchPathsForPlugins (const juce::FileSearchPath& directories, bool recursive, bool allowAsync) override;
    juce::FileSearchPath getDefaultLocationsToSearch() override
    {
        return {};
    }
    bool requiresUnblockedMessageThreadDuringCreation (const juce::PluginDescription&) const override
    {
        return false;
    }

protected:
    void createPluginInstance (const juce::PluginDescription& description, double initialSampleRate, int initialBufferSize,
                               PluginCreationCallback callback) override;

private:
    const Options options;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (DevPluginFormat)
};

} // namespace wavecraft
