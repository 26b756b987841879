namespace wavecraft
{

/** A plugin's processor running in this process: created with the table's
    create(), dropped exactly once with drop() when this object is destroyed.

    It keeps its library alive, so the code it calls stays mapped. It always
    hands the plugin two channels, and (for version 2 tables) every
    parameter's value at the start of each block.

    To use one: load() it (or create() it from a loaded PluginLibrary), call
    setSampleRate() and reset() before the first block, then process() each
    block on the audio thread. A DevPluginInstance does all of this for a
    JUCE host.

    @see PluginLibrary, PluginInstance, DevPluginInstance
*/
class InProcessPluginInstance final : public PluginInstance
{
public:
    /** Loads the library at `file` (from a private copy) and creates an
        instance; on failure returns null and fills `error`.
        [any thread but the audio thread]
    */
    [[nodiscard]] static std::unique_ptr<InProcessPluginInstance> load (const juce::File& file, PluginLoadError& error);

    /** Creates an instance of a loaded library; on failure returns null and
        fills `error`. [any thread but the audio thread]
    */
    [[nodiscard]] static std::unique_ptr<InProcessPluginInstance> create (std::shared_ptr<PluginLibrary> library,
                                                                          PluginLoadError& error);

    /** Drops the instance. [the thread that owns it, never while processing] */
    ~InProcessPluginInstance() override;

    /** Forwards set_sample_rate. [audio thread, or before processing starts] */
    void setSampleRate (double sampleRate) noexcept override;

    /** Forwards reset. [audio thread, or before processing starts] */
    void reset() noexcept override;

    /** Hands the plugin `values` (version 2), then processes two channels of
        `numSamples` in place. Always processed: the plugin's code runs right
        here. [audio thread: no locks, no allocation]
    */
    BlockResult process (float* const* channels, int numSamples, const float* values, size_t numValues) noexcept override
    {
        jassert (numValues == info.parameters.size());

        if (table.applyPlainValues != nullptr && numValues > 0)
            table.applyPlainValues (instance, values, numValues);

        // The ABI's pointer array isn't const-qualified; the plugin only writes the samples.
        float* pointers[numChannels] = { channels[0], channels[1] };
        table.process (instance, pointers, (uint32_t) numChannels, (uint32_t) numSamples);
        return BlockResult::processed;
    }

    /** True when the plugin takes parameter values (a version 2 table). [any thread] */
    bool acceptsParameterValues() const noexcept { return table.applyPlainValues != nullptr; }

    /** The library this instance came from. [any thread] */
    const std::shared_ptr<PluginLibrary>& getLibrary() const noexcept { return library; }

    /** [any thread] */
    const PluginInfo& getInfo() const noexcept override { return info; }

    /** The table's getState; false for a dev library. [any thread but the audio thread] */
    bool getPluginState (juce::MemoryBlock& state) override;

    /** The table's setState; false for a dev library. [any thread but the audio thread] */
    bool setPluginState (const juce::MemoryBlock& state) override;

private:
    InProcessPluginInstance (std::shared_ptr<PluginLibrary>, void* instance);

    std::shared_ptr<PluginLibrary> library;
    PluginLibrary::ProcessorTable table;
    PluginInfo info;
    void* instance;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (InProcessPluginInstance)
};

} // namespace wavecraft
