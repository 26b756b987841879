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
    : ProgramlessEffect (BusesProperties()
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

    {
        const juce::SpinLock::ScopedLockType swap (routeLock);
        route.reset();
    }

    player.setProcessor (nullptr).reset();
}

//==============================================================================
bool DevLibraryProcessor::reload()
{
    const std::lock_guard<std::mutex> oneAtATime (reloadLock);

    // Loaded before the lock the host's threads take (state, prepare): a
    // slow build's static constructors don't hold them up.
    PluginLoadError error;
    auto build = DevPluginFormat().createInstance (library, error);

    if (build == nullptr)
    {
        showLoadFailure (error);
        numLoads.fetch_add (1); // counted once its outcome is in place: a reader sees the build, or its error
        return false;
    }

    // The old build goes here, off the audio thread; where it fades out
    // (there was one, and it didn't come back), once the fade is done. The
    // first build has nothing to wait for: a host makes instances often.
    const auto hadBuild = [this]
    {
        const std::lock_guard<std::mutex> lock (loadLock);
        return running.has_value();
    }();
    const auto replaced = swapIn (std::move (build));

    if (hadBuild && replaced == nullptr)
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

    {
        const juce::SpinLock::ScopedLockType swap (routeLock);
        route.reset(); // before the build it points at goes
    }

    player.setProcessor (nullptr).reset();
    loadError = error;
    running.reset();
}

std::unique_ptr<juce::AudioProcessor> DevLibraryProcessor::swapIn (std::unique_ptr<DevPluginInstance> build)
{
    const std::lock_guard<std::mutex> lock (loadLock);
    auto nextRoute = makeRoute (*build);
    carryValuesInto (*nextRoute);
    running = build->getPluginInfo();
    loadError.reset();

    for (const auto& id : idsNeedingRebuild())
        juce::Logger::writeToLog (name + ": the build has a new parameter '" + id
                                  + "', which runs at its saved or default value: rebuild the plugin target to control it");

    // The route goes first: until the build plays too, values reach a build
    // that isn't heard yet, which does no harm.
    {
        const juce::SpinLock::ScopedLockType swap (routeLock);
        std::swap (route, nextRoute);
    }

    return player.setProcessor (std::move (build));
}

std::unique_ptr<DevLibraryProcessor::Route> DevLibraryProcessor::makeRoute (DevPluginInstance& build) const
{
    auto made = std::make_unique<Route>();
    made->build = &build;

    for (const auto& spec : specs)
    {
        made->targets.push_back (build.getParameterForId (spec.id));
        made->targetSpecs.push_back (build.findSpec (spec.id));
    }

    return made;
}

bool DevLibraryProcessor::setPlainValue (DevPluginInstance& build, const juce::String& id, float value)
{
    const auto* spec = build.findSpec (id);

    if (spec == nullptr || spec->checkValue (value).failed())
        return false;

    build.getParameterForId (id)->setValue (DevParameterFactory::toNormalised (*spec, value));
    return true;
}

void DevLibraryProcessor::carryValuesInto (const Route& next) const
{
    // Every value by id: the JUCE parameters' (kept in the build's range),
    // then the ones kept for ids the fixed list lacks.
    for (size_t i = 0; i < specs.size(); ++i)
        if (auto* target = next.targets[i])
            target->setValue (DevParameterFactory::toNormalised (*next.targetSpecs[i], DevParameterFactory::getPlainValue (*parameters[i], specs[i])));

    for (const auto& [id, value] : extraValues)
        setPlainValue (*next.build, id, value);
}

void DevLibraryProcessor::collectFadedOutBuild()
{
    // The fade lasts a few milliseconds of audio; a host that has stopped
    // processing leaves the old build to the next swap or the destructor.
    for (int i = 0; i < 20; ++i)
    {
        if (player.collectFadedOutProcessor() != nullptr)
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
    const auto maximumBlockSize = juce::jmax (1, maximumExpectedSamplesPerBlock);
    monoScratch.setSize (1, maximumBlockSize);
    player.prepare (sampleRate, maximumBlockSize);
    tap.setSampleRate (sampleRate);
}

bool DevLibraryProcessor::isBusesLayoutSupported (const BusesLayout& layouts) const
{
    const auto output = layouts.getMainOutputChannelSet();
    const auto input = layouts.getMainInputChannelSet();
    return (output == juce::AudioChannelSet::stereo() || output == juce::AudioChannelSet::mono())
        && (input == output || input.isDisabled());
}

void DevLibraryProcessor::routeValues() noexcept
{
    // Each block starts from the JUCE parameters' values (a DAW's automation
    // included); while a swap holds the lock, the build keeps the values of
    // the last block.
    const juce::SpinLock::ScopedTryLockType lock (routeLock);

    if (! lock.isLocked() || route == nullptr)
        return;

    for (size_t i = 0; i < parameters.size(); ++i)
    {
        // The plain value is worked out again only when the parameter moved.
        const auto normalised = parameters[i]->getValue();
        const auto moved = normalised != lastNormalised[i];

        if (moved)
        {
            lastNormalised[i] = normalised;
            lastPlain[i] = DevParameterFactory::getPlainValue (*parameters[i], specs[i]);
        }

        if ((moved || route->fresh) && route->targets[i] != nullptr)
            route->targets[i]->setValue (DevParameterFactory::toNormalised (*route->targetSpecs[i], lastPlain[i]));
    }

    route->fresh = false;
}

void DevLibraryProcessor::processBlock (juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
{
    // Denormals as the host leaves them, so the output is the host's.
    routeValues();
    const auto numSamples = buffer.getNumSamples();

    // An output without an input (a host that disabled the input bus) holds
    // whatever was there: the plugin hears silence instead.
    for (auto channel = getTotalNumInputChannels(); channel < juce::jmin (getTotalNumOutputChannels(), buffer.getNumChannels()); ++channel)
        buffer.clear (channel, 0, numSamples);

    const auto mono = buffer.getNumChannels() < 2;
    const auto chunkSize = juce::jmax (1, player.getBlockSize());

    if (monoScratch.getNumSamples() == 0) // not prepared
        return buffer.clear();

    // In pieces of the size prepareToPlay made room for; a mono bus: the
    // plugin's right channel is a copy of the left, and goes nowhere.
    for (int offset = 0; offset < numSamples; offset += chunkSize)
    {
        const auto count = juce::jmin (numSamples - offset, chunkSize);
        float* channels[] = { buffer.getWritePointer (0) + offset, mono ? monoScratch.getWritePointer (0) : buffer.getWritePointer (1) + offset };

        if (mono)
            juce::FloatVectorOperations::copy (channels[1], channels[0], count);

        const auto started = getMonotonicNanos();
        player.play (channels, count, started, 0);

        if (const auto badChannels = tap.publish (channels, count, started); badChannels != 0)
            player.silenceNonFinite (channels, count, badChannels);
    }
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
        if (route != nullptr)
            for (const auto& spec : route->build->getParameterSpecs())
                if (getParameterForId (spec.id) == nullptr)
                    values[spec.id] = DevParameterFactory::getPlainValue (*route->build->getParameterForId (spec.id), spec);
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
    if (route != nullptr)
        for (const auto& [id, value] : extraValues)
            setPlainValue (*route->build, id, value);
}

} // namespace wavecraft
