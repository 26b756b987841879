namespace wavecraft
{

std::unique_ptr<PluginProcessor> PluginProcessor::create (std::shared_ptr<PluginLibrary> library,
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
    return std::unique_ptr<PluginProcessor> (new PluginProcessor (std::move (library), instance));
}

PluginProcessor::PluginProcessor (std::shared_ptr<PluginLibrary> libraryToUse, void* instanceToUse)
    : library (std::move (libraryToUse)),
      table (library->getProcessorTable()),
      info (library->describe()),
      instance (instanceToUse),
      valueScratch (library->getParameters().size(), 0.0f)
{
}

PluginProcessor::~PluginProcessor()
{
    table.drop (instance);
}

void PluginProcessor::setSampleRate (double sampleRate) noexcept
{
    table.setSampleRate (instance, (float) sampleRate);
}

void PluginProcessor::reset() noexcept
{
    table.reset (instance);
}

} // namespace wavecraft
