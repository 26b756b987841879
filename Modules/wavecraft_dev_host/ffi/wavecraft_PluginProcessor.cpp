namespace wavecraft
{

std::unique_ptr<PluginProcessor> PluginProcessor::create (std::shared_ptr<PluginLibrary> library,
                                                          PluginLoadError& error)
{
    jassert (library != nullptr);
    auto* instance = library->getProcessorTable().create();

    if (instance == nullptr)
    {
        error = { PluginLoadError::Kind::createFailed,
                  "the processor's create() in " + library->getFile().getFileName() + " returned NULL",
                  "check the plugin's constructor; run it under a debugger or with logging" };
        return nullptr;
    }

    error = {};
    return std::unique_ptr<PluginProcessor> (new PluginProcessor (std::move (library), instance));
}

PluginProcessor::PluginProcessor (std::shared_ptr<PluginLibrary> libraryToUse, void* instanceToUse)
    : library (std::move (libraryToUse)),
      table (library->getProcessorTable()),
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

void PluginProcessor::process (float* const* channels, int numSamples, const ParameterStore& parameters) noexcept
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
}

} // namespace wavecraft
