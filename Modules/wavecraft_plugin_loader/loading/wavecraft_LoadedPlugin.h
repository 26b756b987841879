namespace wavecraft
{

/** Everything one loaded plugin needs to run: its parameter store (shared
    with whoever sets values: the server, the window), a processor instance,
    and its library when its code runs in this process.
*/
struct LoadedPlugin
{
    std::shared_ptr<PluginLibrary> library; /**< null when the plugin runs in a child process */
    std::shared_ptr<ParameterStore> parameters;
    std::unique_ptr<PluginInstance> processor;

    /** [any thread] */
    const PluginInfo& getInfo() const noexcept { return processor->getInfo(); }

    /** Loads the library at `file` into this process and creates a
        processor, with every parameter at its default. Returns null and fills `error` on failure.
        [message thread, or any thread but the audio thread]
    */
    static std::unique_ptr<LoadedPlugin> load (const juce::File& file, PluginLoadError& error);
};

} // namespace wavecraft
