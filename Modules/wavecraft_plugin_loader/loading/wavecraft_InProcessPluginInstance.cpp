namespace wavecraft
{

std::unique_ptr<InProcessPluginInstance> InProcessPluginInstance::load (const juce::File& file, PluginLoadError& error)
{
    auto loaded = PluginLibrary::load (file);
    error = loaded.error;
    return loaded.failed() ? nullptr : create (std::move (loaded.library), error);
}

std::unique_ptr<InProcessPluginInstance> InProcessPluginInstance::create (std::shared_ptr<PluginLibrary> library,
                                                                          PluginLoadError& error)
{
    jassert (library != nullptr);
    auto* instance = library->getProcessorTable().create();

    if (instance == nullptr)
    {
        error = PluginLoadError::createReturnedNull (library->getFile());
        return nullptr;
    }

    error = {};
    return std::unique_ptr<InProcessPluginInstance> (new InProcessPluginInstance (std::move (library), instance));
}

InProcessPluginInstance::InProcessPluginInstance (std::shared_ptr<PluginLibrary> libraryToUse, void* instanceToUse)
    : library (std::move (libraryToUse)),
      table (library->getProcessorTable()),
      info (library->describe()),
      instance (instanceToUse)
{
}

InProcessPluginInstance::~InProcessPluginInstance()
{
    table.drop (instance);
}

void InProcessPluginInstance::setSampleRate (double sampleRate) noexcept
{
    table.setSampleRate (instance, (float) sampleRate);
}

void InProcessPluginInstance::reset() noexcept
{
    table.reset (instance);
}

bool InProcessPluginInstance::getPluginState (juce::MemoryBlock& state)
{
    return table.getState != nullptr && table.getState (instance, state);
}

bool InProcessPluginInstance::setPluginState (const juce::MemoryBlock& state)
{
    return table.setState != nullptr && table.setState (instance, state);
}

} // namespace wavecraft
