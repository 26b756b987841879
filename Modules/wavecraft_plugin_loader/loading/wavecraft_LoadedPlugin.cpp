namespace wavecraft
{

std::unique_ptr<LoadedPlugin> LoadedPlugin::load (const juce::File& file, PluginLoadError& error)
{
    auto loaded = PluginLibrary::load (file);
    error = loaded.error;

    if (loaded.failed())
        return nullptr;

    auto processor = PluginProcessor::create (loaded.library, error);

    if (processor == nullptr)
        return nullptr;

    auto plugin = std::make_unique<LoadedPlugin>();
    plugin->parameters = std::make_shared<ParameterStore> (loaded.library->getParameters());
    plugin->library = std::move (loaded.library);
    plugin->processor = std::move (processor);
    return plugin;
}

} // namespace wavecraft
