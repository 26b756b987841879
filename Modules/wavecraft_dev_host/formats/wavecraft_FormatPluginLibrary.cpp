namespace wavecraft
{

/** What a library's instances share: the plugin found, its specs, and the
    message thread they are made and dropped on.
*/
struct FormatPluginLibrary::Source
{
    std::shared_ptr<PluginMessageThread> messageThread; // null: the process's own
    std::shared_ptr<FormatPluginLoader> loader;
    FormatParameterSpecs parameters;
    std::unique_ptr<juce::AudioPluginInstance> first; // made to read the specs; the first create() takes it

    ~Source();
};

/** One instance, as the table's `void*`. */
class FormatPluginLibrary::Processor
{
public:
    Processor (std::unique_ptr<juce::AudioPluginInstance> instanceToUse, std::shared_ptr<Source> sourceToUse)
        : source (std::move (sourceToUse)),
          instance (std::move (instanceToUse)),
          numChannels (juce::jlimit (0, 2, juce::jmax (instance->getTotalNumInputChannels(), instance->getTotalNumOutputChannels()))),
          monoOutput (instance->getTotalNumOutputChannels() == 1)
    {
        for (const auto index : source->parameters.parameterIndices)
            parameters.push_back (instance->getParameters()[index]);

        lastApplied.assign (parameters.size(), std::numeric_limits<float>::quiet_NaN());
        midi.ensureSize (4096); // room for MIDI a plugin writes, so it doesn't allocate on the audio thread
        prepare (initialSampleRate);
    }

    void prepare (double sampleRate)
    {
        // Not setRateAndBufferSizeDetails() first: JUCE's VST3 host skips a
        // prepare whose rate and size it already holds, and would keep the old rate.
        instance->prepareToPlay (sampleRate, maxBlockSize);
        preparedRate = sampleRate;
        processedSinceReset = false;

        // JUCE's LV2 host makes the plugin anew when it prepares: every value again.
        std::fill (lastApplied.begin(), lastApplied.end(), std::numeric_limits<float>::quiet_NaN());
    }

    void setSampleRate (double sampleRate)
    {
        if (sampleRate != preparedRate)
            PluginMessageThread::call (source->messageThread.get(), [this, sampleRate]
                                       { prepare (sampleRate); });
    }

    void applyPlainValues (const float* values, size_t numValues) noexcept
    {
        const auto& specs = source->parameters.specs;

        // A state set since holds values of its own: the host's go again.
        if (stateWasSet.exchange (false, std::memory_order_acquire))
            std::fill (lastApplied.begin(), lastApplied.end(), std::numeric_limits<float>::quiet_NaN());

        for (size_t i = 0; i < juce::jmin (numValues, parameters.size()); ++i)
        {
            if (values[i] == lastApplied[i])
                continue;

            lastApplied[i] = values[i];
            parameters[i]->setValue (DevParameterFactory::toNormalised (specs[i], values[i]));
        }
    }

    void process (float** channels, uint32_t numSamples) noexcept
    {
        processedSinceReset = true;

        for (uint32_t offset = 0; offset < numSamples; offset += (uint32_t) maxBlockSize)
        {
            const auto count = (int) juce::jmin ((uint32_t) maxBlockSize, numSamples - offset);
            buffer.setDataToReferTo (channels, numChannels, (int) offset, count);
            instance->processBlock (buffer, midi);
            midi.clear();
        }

        // A mono output on both channels, as the ABI's stereo has it (a
        // plugin of two inputs and one output leaves the second one dry).
        if (monoOutput)
            juce::FloatVectorOperations::copy (channels[1], channels[0], (int) numSamples);
    }

    /** As the format resets: a VST3 by setActive off and on, an LV2 by a new
        instance (JUCE's LV2 host can't deactivate and activate one alone).
        Both are the message thread's work in their formats, so they run
        there, as preparing does.
    */
    void reset()
    {
        // Just prepared or reset, it is as a reset leaves it: a host's reset
        // before the first block costs nothing (an LV2's would make it anew).
        if (! std::exchange (processedSinceReset, false))
            return;

        PluginMessageThread::call (source->messageThread.get(), [this]
                                   {
                                       if (source->loader->getDescription().pluginFormatName == "LV2")
                                           prepare (preparedRate);
                                       else
                                           instance->reset(); });
    }

    /** The format's own state (getStateInformation), made on the message
        thread, where both formats make it. False when it gave none.
    */
    bool getState (juce::MemoryBlock& state)
    {
        PluginMessageThread::call (source->messageThread.get(), [this, &state]
                                   { instance->getStateInformation (state); });
        return state.getSize() > 0;
    }

    bool setState (const juce::MemoryBlock& state)
    {
        PluginMessageThread::call (source->messageThread.get(), [this, &state]
                                   { instance->setStateInformation (state.getData(), (int) state.getSize()); });
        stateWasSet.store (true, std::memory_order_release);
        return true;
    }

    std::shared_ptr<PluginMessageThread> getMessageThread() const noexcept { return source->messageThread; }

private:
    std::shared_ptr<Source> source; // first, so the instance goes before the format it came from
    std::unique_ptr<juce::AudioPluginInstance> instance;
    const int numChannels;
    const bool monoOutput;
    std::vector<juce::AudioProcessorParameter*> parameters; // in the specs' order
    std::vector<float> lastApplied;                         // [audio thread] NaN: not yet
    std::atomic<bool> stateWasSet { false };
    bool processedSinceReset = false; // [the thread that processes, or prepares before it does]
    juce::AudioBuffer<float> buffer;  // refers to the block's channels
    juce::MidiBuffer midi;
    double preparedRate = 0.0;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (Processor)
};

FormatPluginLibrary::Source::~Source()
{
    // The instance and the format end where they were made.
    PluginMessageThread::call (messageThread.get(), [this]
                               {
                                   first.reset();
                                   loader.reset(); });
}

PluginLoadResult FormatPluginLibrary::loadBundle (const juce::File& bundle, PluginCallMarker* marker)
{
    const auto location = PluginLocation::of (bundle.getFullPathName(), bundle.getParentDirectory());

    if (! location.isHostedByJuce())
        return { nullptr, { PluginLoadError::Kind::fileMissing, "the plugin path " + bundle.getFullPathName() + " is a folder, but not a plugin bundle: no .vst3 name, and no manifest.ttl", "pass a dev library's .so file, a .vst3 bundle, or an LV2 bundle", {} } };

    return load (location, marker);
}

std::shared_ptr<PluginMessageThread>& FormatPluginLibrary::getPreparedThread()
{
    static std::shared_ptr<PluginMessageThread> thread; // kept from prepareBundle() until a load takes it
    return thread;
}

void FormatPluginLibrary::prepareBundle (const juce::File& bundle)
{
    const auto location = PluginLocation::of (bundle.getFullPathName(), bundle.getParentDirectory());

    if (! location.isHostedByJuce())
        return;

    FormatPluginLoader::openX11Ahead();
    getPreparedThread() = PluginMessageThread::acquire();
    PluginMessageThread::call (getPreparedThread().get(), [&location]
                               {
                                   FormatPluginLoader::prepareFormat (location.kind);

                                   if (location.kind == PluginLocation::Kind::vst3)
                                       FormatPluginLoader::prescanVst3 (location.file); });
}

PluginLoadResult FormatPluginLibrary::load (const PluginLocation& location, PluginCallMarker* marker)
{
    auto source = std::make_shared<Source>();
    source->messageThread = PluginMessageThread::acquire();
    getPreparedThread().reset(); // the source holds it now
    juce::String error;
    std::unique_ptr<juce::AudioPluginInstance> instance;

    mark (marker, PluginCall::create);
    PluginMessageThread::call (source->messageThread.get(), [&]
                               {
                                   source->loader = FormatPluginLoader::find (location, error);

                                   if (source->loader == nullptr)
                                       return;

                                   auto loaded = source->loader->createInstance (initialSampleRate, maxBlockSize);
                                   error = loaded.error;

                                   if (loaded.instance == nullptr)
                                       return;

                                   // The nearest to stereo the plugin takes, said where it isn't stereo.
                                   if (loaded.layout != "stereo in, stereo out")
                                       juce::Logger::writeToLog (location.getName() + " takes " + loaded.layout + "; the host plays stereo, so a mono output goes to both channels");

                                   source->parameters = FormatParameterSpecs::describe (*loaded.instance, *source->loader);
                                   source->first = std::move (loaded.instance); });
    mark (marker, PluginCall::none);

    const auto file = location.file != juce::File() ? location.file : juce::File::getCurrentWorkingDirectory().getChildFile (location.lv2Uri);

    if (source->loader == nullptr)
        return { nullptr, { PluginLoadError::Kind::fileMissing, error, {}, {} } };

    if (source->first == nullptr)
        return { nullptr, { PluginLoadError::Kind::createFailed, error, "check that it loads in another host (e.g. jalv or Carla); this host plays stereo effects", {} } };

    PluginLibrary::ProcessorTable table;
    table.version = WAVECRAFT_DEV_VTABLE_VERSION_2;
    table.create = [weak = std::weak_ptr<Source> (source)]
    { return create (weak.lock()); };
    table.process = process;
    table.applyPlainValues = applyPlainValues;
    table.setSampleRate = setSampleRate;
    table.reset = reset;
    table.drop = drop;
    table.getState = [] (void* processor, juce::MemoryBlock& state)
    { return static_cast<Processor*> (processor)->getState (state); };
    table.setState = [] (void* processor, const juce::MemoryBlock& state)
    { return static_cast<Processor*> (processor)->setState (state); };

    auto specs = source->parameters.specs;
    const auto binary = source->loader->getBinary();
    return { PluginLibrary::fromCode (file, binary, std::move (table), std::move (specs), source), {} };
}

void* FormatPluginLibrary::create (const std::shared_ptr<Source>& source)
{
    if (source == nullptr)
        return nullptr;

    Processor* made = nullptr;
    PluginMessageThread::call (source->messageThread.get(), [&]
                               {
                                   auto instance = std::move (source->first);

                                   if (instance == nullptr)
                                       instance = source->loader->createInstance (initialSampleRate, maxBlockSize).instance;

                                   if (instance != nullptr)
                                       made = new Processor (std::move (instance), source); });
    return made;
}

void FormatPluginLibrary::process (void* processor, float** channels, uint32_t, uint32_t numSamples)
{
    static_cast<Processor*> (processor)->process (channels, numSamples);
}

void FormatPluginLibrary::applyPlainValues (void* processor, const float* values, size_t numValues)
{
    static_cast<Processor*> (processor)->applyPlainValues (values, numValues);
}

void FormatPluginLibrary::setSampleRate (void* processor, float sampleRate)
{
    static_cast<Processor*> (processor)->setSampleRate (sampleRate);
}

void FormatPluginLibrary::reset (void* processor)
{
    static_cast<Processor*> (processor)->reset();
}

void FormatPluginLibrary::drop (void* processor)
{
    // The thread is held here: the last processor may take the last
    // Source with it, which must not end the thread from on it.
    auto* dropped = static_cast<Processor*> (processor);
    const auto thread = dropped->getMessageThread();
    PluginMessageThread::call (thread.get(), [dropped]
                               { delete dropped; });
}

} // namespace wavecraft
