namespace wavecraft
{

DevPluginInstance::DevPluginInstance (std::unique_ptr<PluginInstance> pluginToRun)
    : ProgramlessEffect (BusesProperties()
                             .withInput ("Input", juce::AudioChannelSet::stereo(), true)
                             .withOutput ("Output", juce::AudioChannelSet::stereo(), true)),
      plugin (std::move (pluginToRun)),
      supervised (dynamic_cast<SupervisedProcessing*> (plugin.get())),
      inProcess (dynamic_cast<InProcessPluginInstance*> (plugin.get()))
{
    const auto& specs = getParameterSpecs();
    setHostedParameterTree (DevParameterFactory::createGroups (specs));

    // The tree holds them grouped; passing values on needs them in spec order.
    for (const auto& spec : specs)
    {
        parameters.push_back (getParameterForId (spec.id));
        plainValues.push_back (spec.defaultValue);
    }

    jassert (std::find (parameters.begin(), parameters.end(), nullptr) == parameters.end());
    for (auto* parameter : parameters)
        heldValues.emplace_back (*parameter);

    lastHeld.assign (parameters.size(), std::numeric_limits<float>::quiet_NaN()); // NaN: the first block passes each one on
}

DevPluginInstance::~DevPluginInstance() = default;

DevPluginInstance::HeldValue::HeldValue (const juce::RangedAudioParameter& parameter)
    : asFloat (dynamic_cast<const juce::AudioParameterFloat*> (&parameter)),
      asChoice (dynamic_cast<const juce::AudioParameterChoice*> (&parameter)),
      asBool (dynamic_cast<const juce::AudioParameterBool*> (&parameter)),
      other (&parameter)
{
}

const ParameterSpec* DevPluginInstance::findSpec (const juce::String& id) const noexcept
{
    for (const auto& spec : getParameterSpecs())
        if (spec.id == id)
            return &spec;

    return nullptr;
}

juce::RangedAudioParameter* DevPluginInstance::getParameterForId (const juce::String& id) const
{
    return ProcessorParameters::findParameter (*this, id); // the ids the specs and the server use
}

void DevPluginInstance::setAnswerDeadline (juce::int64 nanos) noexcept
{
    if (supervised != nullptr)
        supervised->setAnswerDeadline (nanos);
}

bool DevPluginInstance::stopWhileHung()
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    return supervised != nullptr && supervised->stopWhileHung();
}

void DevPluginInstance::fillInPluginDescription (juce::PluginDescription& description) const
{
    DevPluginFormat::describe (getPluginInfo(), description);
}

const juce::String DevPluginInstance::getName() const
{
    return DevPluginFormat::nameOf (getPluginInfo().file);
}

void DevPluginInstance::prepareToPlay (double sampleRate, int maximumExpectedSamplesPerBlock)
{
    monoScratch.setSize (1, juce::jmax (1, maximumExpectedSamplesPerBlock));
    plugin->setSampleRate (sampleRate);
    plugin->reset();
}

void DevPluginInstance::reset()
{
    plugin->reset();
}

bool DevPluginInstance::isBusesLayoutSupported (const BusesLayout& layouts) const
{
    const auto output = layouts.getMainOutputChannelSet();
    const auto input = layouts.getMainInputChannelSet();
    return (output == juce::AudioChannelSet::stereo() || output == juce::AudioChannelSet::mono())
        && (input == output || input.isDisabled());
}

forcedinline void DevPluginInstance::applyParameterValues() noexcept
{
    const auto& specs = getParameterSpecs();

    // The plain value is worked out again only when the parameter moved.
    for (size_t i = 0; i < parameters.size(); ++i)
    {
        if (const auto held = heldValues[i].read(); held != lastHeld[i])
        {
            lastHeld[i] = held;
            plainValues[i] = DevParameterFactory::getPlainValue (*parameters[i], specs[i]);
        }
    }
}

void DevPluginInstance::processBlock (juce::AudioBuffer<float>& buffer, juce::MidiBuffer&)
{
    applyParameterValues();
    const auto numSamples = buffer.getNumSamples();

    // An output without an input (a host that disabled the input bus) holds
    // whatever was there: the plugin hears silence instead.
    for (auto channel = getTotalNumInputChannels(); channel < juce::jmin (getTotalNumOutputChannels(), buffer.getNumChannels()); ++channel)
        buffer.clear (channel, 0, numSamples);

    if (buffer.getNumChannels() >= 2)
    {
        float* channels[] = { buffer.getWritePointer (0), buffer.getWritePointer (1) };
        lastResult.store (plugin->process (channels, numSamples, plainValues.data(), plainValues.size()), std::memory_order_relaxed);
        return;
    }

    if (buffer.getNumChannels() == 0 || monoScratch.getNumSamples() == 0)
        return;

    // A mono bus: the plugin's right channel is a copy of the left, and goes
    // nowhere; in pieces of the size prepareToPlay made room for.
    for (int offset = 0; offset < numSamples; offset += monoScratch.getNumSamples())
    {
        const auto count = juce::jmin (numSamples - offset, monoScratch.getNumSamples());
        float* channels[] = { buffer.getWritePointer (0) + offset, monoScratch.getWritePointer (0) };
        juce::FloatVectorOperations::copy (channels[1], channels[0], count);
        lastResult.store (plugin->process (channels, count, plainValues.data(), plainValues.size()), std::memory_order_relaxed);
    }
}

void DevPluginInstance::getStateInformation (juce::MemoryBlock& destination)
{
    DevParameterState::Values values;
    const auto& specs = getParameterSpecs();

    for (size_t i = 0; i < parameters.size(); ++i)
        values[specs[i].id] = DevParameterFactory::getPlainValue (*parameters[i], specs[i]);

    DevParameterState::write (values, destination);
}

void DevPluginInstance::setStateInformation (const void* data, int sizeInBytes)
{
    const auto values = DevParameterState::read (data, sizeInBytes);

    if (! values.has_value())
        return;

    const auto& specs = getParameterSpecs();

    for (size_t i = 0; i < parameters.size(); ++i)
        if (const auto found = values->find (specs[i].id); found != values->end())
            parameters[i]->setValueNotifyingHost (DevParameterFactory::toNormalised (specs[i], found->second));
}

} // namespace wavecraft
