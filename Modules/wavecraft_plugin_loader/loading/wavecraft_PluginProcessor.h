namespace wavecraft
{

/** One instance of a plugin's processor in this process: created with the
    table's create(), dropped exactly once with drop() when this object is
    destroyed.

    It keeps its library alive, so the code it calls stays mapped. It always
    hands the plugin two channels, and (for version 2 tables) every parameter's
    current value from a ParameterStore at the start of each block.

    To use one: create() it from a loaded PluginLibrary, call setSampleRate()
    and reset() before the first block, then process() each block on the
    audio thread with a ParameterStore built from the library's
    getParameters(). LoadedPlugin::load does
    the first steps; OfflineRenderer and PluginAudioCallback the rest.

    @see PluginLibrary, ParameterStore, LoadedPlugin, PluginAudioCallback
*/
class PluginProcessor final : public PluginInstance
{
public:
    /** Creates an instance; on failure returns null and fills `error`.
        [message thread, or any thread that is not the audio thread]
    */
    static std::unique_ptr<PluginProcessor> create (std::shared_ptr<PluginLibrary> library,
                                                    PluginLoadError& error);

    /** Drops the instance. [the thread that owns it, never while processing] */
    ~PluginProcessor() override;

    /** Forwards set_sample_rate. [audio thread, or before processing starts] */
    void setSampleRate (double sampleRate) noexcept override;

    /** Forwards reset. [audio thread, or before processing starts] */
    void reset() noexcept override;

    /** Applies the store's values (version 2), then processes two channels of
        `numSamples` in place. The store must be the one made for this
        library's parameters. Always processed: the plugin's code runs right
        here. [audio thread: no locks, no allocation]
    */
    BlockResult process (float* const* channels, int numSamples, const ParameterStore& parameters) noexcept override
    {
        jassert (parameters.size() == (int) valueScratch.size());

        if (table.applyPlainValues != nullptr && ! valueScratch.empty())
        {
            parameters.copyValuesTo (valueScratch.data());
            table.applyPlainValues (instance, valueScratch.data(), valueScratch.size());
        }

        // The ABI's pointer array isn't const-qualified; the plugin only writes the samples.
        float* pointers[numChannels] = { channels[0], channels[1] };
        table.process (instance, pointers, (uint32_t) numChannels, (uint32_t) numSamples);
        return BlockResult::processed;
    }

    /** True when the plugin takes parameter values (a version 2 table). [any thread] */
    bool acceptsParameterValues() const noexcept { return table.applyPlainValues != nullptr; }

    /** The library this instance came from. [any thread] */
    const PluginLibrary& getLibrary() const noexcept { return *library; }

    /** [any thread] */
    const PluginInfo& getInfo() const noexcept override { return info; }

private:
    PluginProcessor (std::shared_ptr<PluginLibrary>, void* instance);

    std::shared_ptr<PluginLibrary> library;
    PluginLibrary::ProcessorTable table;
    PluginInfo info;
    void* instance;
    std::vector<float> valueScratch; // sized once here, so process() never allocates

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (PluginProcessor)
};

} // namespace wavecraft
