namespace wavecraft
{

/** Everything one loaded plugin needs to run: its library, its parameter
    store (shared with whoever sets values: the server, the window) and a
    processor instance.
*/
struct LoadedPlugin
{
    std::shared_ptr<PluginLibrary> library;
    std::shared_ptr<ParameterStore> parameters;
    std::unique_ptr<PluginProcessor> processor;

    /** Loads the library at `file` and creates a processor, with every
        parameter at its default. Returns null and fills `error` on failure.
        [message thread, or any thread but the audio thread]
    */
    static std::unique_ptr<LoadedPlugin> load (const juce::File& file, PluginLoadError& error);
};

} // namespace wavecraft
