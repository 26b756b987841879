namespace wavecraft
{

std::vector<ParameterSpec> DevLibraryProcessor::readSpecs (const Options& options)
{
    if (! options.parametersJson.empty())
    {
        auto parsed = ParameterSpecParser::parseParameters (options.parametersJson);

        // The build checked it when it read it from the library.
        jassert (! parsed.failed());
        return parsed.parameters;
    }

    const auto loaded = PluginLibrary::load (options.library);
    return loaded.failed() ? std::vector<ParameterSpec>() : loaded.library->getParameters();
}

DevLibraryProcessor::DevLibraryProcessor (const Options& options)
    : juce::AudioProcessor (BusesProperties()
                                .withInput ("Input", juce::AudioChannelSet::stereo(), true)
                                .withOutput ("Output", juce::AudioChannelSet::stereo(), true)),
      name (options.name),
      library (options.library),
      specs (readSpecs (options))
{
    setParameterTree (DevParameterFactory::createGroups (specs));

    // The tree holds them grouped; the route needs them in spec order.
    for (const auto& spec : specs)
        for (auto* parameter : getParameters())
            if (auto* ranged = dynamic_cast<juce::RangedAudioParameter*> (parameter); ranged != nullptr && ranged->getParameterID() == spec.id)
                parameters.push_back (ranged);

    jassert (parameters.size() == specs.size());
    lastNormalised.assign (parameters.size(), std::numeric_limits<float>::quiet_NaN()); // NaN: the first block works each one out
    lastPlain.assign (parameters.size(), 0.0f);
    reload();

    watcher = std::make_unique<FileChangeWatcher> (library, FileChangeWatcher::Delivery::watchThread);
    watcher->onChange = [this]
    { reload(); };

    if (! watcher->start())
        juce::Logger::writeToLog (name + ": " + library.getFileName() + " can't be watched here; it is loaded only when the plugin is");
}

DevLibraryProcessor::~DevLibraryProcessor()
{
    watcher.reset(); // no reload from here on
    callback.setPlugin (nullptr).reset();
}

//==============================================================================
bool DevLibraryProcessor::reload()
{
    const std::lock_guard<std::mutex> oneAtATime (reloadLock);

    // Loaded before the lock the host's threads take (state, prepare): a
    // slow build's static constructors don't hold them up.
    PluginLoadError error;
    auto plugin = LoadedPlugin::load (library, error);

    if (plugin == nullptr)
    {
        showLoadFailure (error);
        numLoads.fetch_add (1); // counted once its outcome is in place: a reader sees the build, or its error
        return false;
    }

    swapIn (std::move (plugin)).reset(); // the old build goes here, off the audio thread
    collectFadedOutBuild();
    numLoads.fetch_add (1);
    return true;
}

void DevLibraryProcessor::showLoadFailure (const PluginLoadError& error)
{
    // As in the host: the file on disk is what the developer wants to
    // hear, so a broken build gives silence until a good one lands.
    juce::Logger::writeToLog (name + ": " + error.describe());
    const std::lock_guard<std::mutex> lock (loadLock);
    callback.setPlugin (nullptr).reset();
    const juce::SpinLock::ScopedLockType swap (routeLock);
    route.reset();
    loadError = error;
    running.reset();
}

std::unique_ptr<LoadedPlugin> DevLibraryProcessor::swapIn (std::unique_ptr<LoadedPlugin> plugin)
{
    const std::lock_guard<std::mutex> lock (loadLock);
    carryValuesInto (*plugin->parameters);
    auto nextRoute = makeRoute (plugin->parameters);
    running = plugin->getInfo();
    loadError.reset();

    for (const auto& id : idsNeedingRebuild())
        juce::Logger::writeToLog (name + ": the build has a new parameter '" + id
                                  + "', which runs at its saved or default value: rebuild the plugin target to control it");

    // The route goes with the build: until both are swapped, the values go
    // to the old build's store, which does no harm.
    auto previous = callback.setPlugin (std::move (plugin));
    const juce::SpinLock::ScopedLockType swap (routeLock);
    std::swap (route, nextRoute);
    return previous;
}

std::unique_ptr<DevLibraryProcessor::Route> DevLibraryProcessor::makeRoute (const std::shared_ptr<ParameterStore>& store) const
{
    auto made = std::make_unique<Route>();
    made->store = store;

    for (const auto& spec : specs)
        made->storeIndexOfParameter.push_back (store->indexOf (spec.id));

    return made;
}

void DevLibraryProcessor::carryValuesInto (ParameterStore& store) const
{
    // Every value by id: the JUCE parameters', then the ones kept for ids
    // the fixed list lacks.
    for (size_t i = 0; i < specs.size(); ++i)
        if (const auto index = store.indexOf (specs[i].id); index >= 0)
            store.setValue (index, juce::jlimit (store.getSpecs()[(size_t) index].minValue, store.getSpecs()[(size_t) index].maxValue, DevParameterFactory::getPlainValue (*parameters[i], specs[i])));

    for (const auto& [id, value] : extraValues)
        if (const auto index = store.indexOf (id); index >= 0 && store.getSpecs()[(size_t) index].checkValue (value).isEmpty())
            store.setValue (index, value);
}

void DevLibraryProcessor::collectFadedOutBuild()
{
    // The fade lasts a few milliseconds of audio; a host that has stopped
    // processing leaves the old build to the next swap or the destructor.
    for (int i = 0; i < 20; ++i)
    {
        if (callback.collectFadedOutPlugin() != nullptr)
            return;

        juce::Thread::sleep (5);
    }
}

std::optional<PluginLoadError> DevLibraryProcessor::getLoadError() const
{
    const std::lock_guard<std::mutex> lock (loadLock);
    return loadError;
}

std::optional<PluginInfo> DevLibraryProcessor::getRunningPlugin() const
{
    const std::lock_guard<std::mutex> lock (loadLock);
    return running;
}

juce::StringArray DevLibraryProcessor::getIdsNeedingRebuild() const
{
    const std::lock_guard<std::mutex> lock (loadLock);
    return idsNeedingRebuild();
}

juce::StringArray DevLibraryProcessor::idsNeedingRebuild() const
{
    juce::StringArray ids;

    if (running.has_value())
        for (const auto& spec : running->parameters)
            if (getParameterForId (spec.id) == nullptr)
                ids.add (spec.id);

    return ids;
}

int DevLibraryProcessor::indexOfSpec (const juce::String& id) const
{
    for (size_t i = 0; i < specs.size(); ++i)
        if (specs[i].id == id)
            return (int) i;

    return -1;
}

juce::RangedAudioParameter* DevLibraryProcessor::getParameterForId (const juce::String& id) const
{
    const auto index = indexOfSpec (id);
    return index >= 0 ? parameters[(size_t) index] : nullptr;
}

//==============================================================================
void DevLibraryProcessor::prepareToPlay (double sampleRate, int maximumExpectedSamplesPerBlock)
{
    const std::lock_guard<std::mutex> lock (loadLock);
    callback.prepare (sampleRate, juce::jmax (1, maximumExpectedSamplesPerBlock));
}

bool DevLibraryProcessor::isBusesLayoutSupported (const BusesLayout& layouts) const
{
    const auto output = layouts.getMainOutputChannelSet();
    const auto input = layouts.getMainInputChannelSet();
    return (output == juce::AudioChannelSet::stereo() || output == juce::AudioChannelSet::mono())
        && (input == output || input.isDisabled());
}

void DevLibraryProcessor::processBlock (juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
{
    // Denormals as the host leaves them, so the output is the host's.
    {
        // Each block starts from the JUCE parameters' values (a DAW's
        // automation included); while a swap holds the lock, the build keeps
        // the values of the last block.
        const juce::SpinLock::ScopedTryLockType lock (routeLock);

        if (lock.isLocked() && route != nullptr)
        {
            const auto& storeSpecs = route->store->getSpecs();

            for (size_t i = 0; i < parameters.size(); ++i)
            {
                // The plain value is worked out again only when the parameter moved.
                if (const auto normalised = parameters[i]->getValue(); normalised != lastNormalised[i])
                {
                    lastNormalised[i] = normalised;
                    lastPlain[i] = DevParameterFactory::getPlainValue (*parameters[i], specs[i]);
                }

                if (const auto index = route->storeIndexOfParameter[i]; index >= 0)
                    route->store->setValue (index, juce::jlimit (storeSpecs[(size_t) index].minValue, storeSpecs[(size_t) index].maxValue, lastPlain[i]));
            }
        }
    }

    const auto numInputs = getTotalNumInputChannels(), numOutputs = getTotalNumOutputChannels();
    callback.processBlock (buffer.getArrayOfReadPointers(), numInputs, buffer.getArrayOfWritePointers(), numOutputs,
                           buffer.getNumSamples());
}

juce::AudioProcessorEditor* DevLibraryProcessor::createEditor()
{
    return new juce::GenericAudioProcessorEditor (*this);
}

//==============================================================================
void DevLibraryProcessor::getStateInformation (juce::MemoryBlock& destination)
{
    DevParameterState::Values values;

    {
        const std::lock_guard<std::mutex> lock (loadLock);
        values = extraValues;

        // A parameter only the running build has keeps its value too.
        {
            const juce::SpinLock::ScopedLockType swap (routeLock);

            if (route != nullptr)
                for (int i = 0; i < route->store->size(); ++i)
                    if (getParameterForId (route->store->getSpecs()[(size_t) i].id) == nullptr)
                        values[route->store->getSpecs()[(size_t) i].id] = route->store->getValue (i);
        }
    }

    for (size_t i = 0; i < specs.size(); ++i)
        values[specs[i].id] = DevParameterFactory::getPlainValue (*parameters[i], specs[i]);

    DevParameterState::write (values, destination);
}

void DevLibraryProcessor::setStateInformation (const void* data, int sizeInBytes)
{
    const auto values = DevParameterState::read (data, sizeInBytes);

    if (! values.has_value())
        return;

    const std::lock_guard<std::mutex> lock (loadLock);

    for (const auto& [id, value] : *values)
    {
        if (const auto index = indexOfSpec (id); index >= 0)
            parameters[(size_t) index]->setValueNotifyingHost (DevParameterFactory::toNormalised (specs[(size_t) index], value));
        else
            extraValues[id] = value;
    }

    // A build's own parameters (outside the fixed list) take theirs now.
    const juce::SpinLock::ScopedLockType swap (routeLock);

    if (route != nullptr)
        for (const auto& [id, value] : extraValues)
            if (const auto index = route->store->indexOf (id); index >= 0 && route->store->getSpecs()[(size_t) index].checkValue (value).isEmpty())
                route->store->setValue (index, value);
}

} // namespace wavecraft
