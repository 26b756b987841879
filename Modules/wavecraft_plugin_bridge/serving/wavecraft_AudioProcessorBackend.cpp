namespace wavecraft
{

namespace
{
    juce::String idOf (juce::AudioProcessorParameter& parameter, int index)
    {
        if (auto* withId = dynamic_cast<juce::HostedAudioProcessorParameter*> (&parameter))
            return withId->getParameterID();

        return "parameter_" + juce::String (index);
    }

    /** The group each parameter is in, by the tree's group names. */
    std::map<juce::AudioProcessorParameter*, juce::String> groupsOf (const juce::AudioProcessorParameterGroup& tree)
    {
        std::map<juce::AudioProcessorParameter*, juce::String> groups;

        for (auto* group : tree.getSubgroups (true))
            for (auto* parameter : group->getParameters (false))
                groups[parameter] = group->getName();

        return groups;
    }
} // namespace

ParameterSpec AudioProcessorBackend::describe (juce::AudioProcessorParameter& parameter, const juce::String& group)
{
    ParameterSpec spec;
    spec.name = parameter.getName (128);
    spec.unit = parameter.getLabel();
    spec.group = group;

    if (auto* choice = dynamic_cast<juce::AudioParameterChoice*> (&parameter))
    {
        spec.type = ParameterType::enumType;
        spec.minValue = 0.0f;
        spec.maxValue = (float) juce::jmax (1, choice->choices.size() - 1);
        spec.variants = choice->choices;
        spec.defaultValue = choice->convertFrom0to1 (parameter.getDefaultValue());
    }
    else if (auto* integer = dynamic_cast<juce::AudioParameterInt*> (&parameter))
    {
        spec.type = ParameterType::enumType;
        spec.minValue = (float) integer->getRange().getStart();
        spec.maxValue = (float) juce::jmax (integer->getRange().getStart() + 1, integer->getRange().getEnd());
        spec.defaultValue = integer->convertFrom0to1 (parameter.getDefaultValue());
    }
    else if (parameter.isBoolean())
    {
        spec.type = ParameterType::boolType;
        spec.defaultValue = parameter.getDefaultValue() >= 0.5f ? 1.0f : 0.0f;
    }
    else if (auto* ranged = dynamic_cast<juce::RangedAudioParameter*> (&parameter))
    {
        const auto& range = ranged->getNormalisableRange();
        spec.minValue = range.start;
        spec.maxValue = range.end;
        spec.defaultValue = DevParameterFactory::roundTripValue (range, ranged->convertFrom0to1 (parameter.getDefaultValue()));
    }
    else
    {
        spec.defaultValue = parameter.getDefaultValue(); // unranged: served normalised, 0 to 1
    }

    spec.defaultValue = juce::jlimit (spec.minValue, spec.maxValue, spec.defaultValue);
    return spec;
}

AudioProcessorBackend::AudioProcessorBackend (juce::AudioProcessor& processorToServe)
    : processor (processorToServe)
{
    const auto groups = groupsOf (processor.getParameterTree());
    std::vector<ParameterSpec> specs;

    for (auto* parameter : processor.getParameters())
    {
        auto spec = describe (*parameter, groups.count (parameter) != 0 ? groups.at (parameter) : juce::String());
        spec.id = idOf (*parameter, (int) parameters.size());
        specs.push_back (spec);
        parameters.push_back (parameter);
    }

    store = std::make_shared<ParameterStore> (specs);
    lastSeen.reset (new std::atomic<float>[parameters.size()]);

    for (size_t i = 0; i < parameters.size(); ++i)
    {
        lastSeen[i] = parameters[i]->getValue();
        store->setValue ((int) i, DevParameterFactory::plainValueOf (*parameters[i]));
    }

    tap.setBypassed (true);
    analyser.start();
    startTimerHz (60);
}

AudioProcessorBackend::~AudioProcessorBackend()
{
    stopTimer();
    analyser.stop();
}

void AudioProcessorBackend::prepare (double sampleRate, int maximumBlockSize)
{
    discarded.setSize (2, juce::jmax (1, maximumBlockSize), false, true, true);
    tap.prepare (sampleRate, juce::jmax (1, maximumBlockSize));
    prepared = true;
}

void AudioProcessorBackend::pushOutput (const float* const* channels, int numChannels, int numSamples) noexcept
{
    if (! prepared.load (std::memory_order_acquire) || numChannels <= 0)
        return;

    // The tap's own output is a copy nobody hears; a block longer than
    // announced goes in pieces.
    const float* pieces[2] = {};

    for (int offset = 0; offset < numSamples; offset += discarded.getNumSamples())
    {
        for (int channel = 0; channel < juce::jmin (numChannels, 2); ++channel)
            pieces[channel] = channels[channel] + offset;

        tap.processBlock (pieces, juce::jmin (numChannels, 2), discarded.getArrayOfWritePointers(), 2,
                          juce::jmin (discarded.getNumSamples(), numSamples - offset));
    }
}

bool AudioProcessorBackend::setParameter (const juce::String& id, float value, const void* origin)
{
    const auto index = store->indexOf (id);

    if (index < 0)
        return false;

    auto* parameter = parameters[(size_t) index];
    const auto normalised = [&]
    {
        if (auto* ranged = dynamic_cast<juce::RangedAudioParameter*> (parameter))
            return ranged->convertTo0to1 (value);

        return juce::jlimit (0.0f, 1.0f, value);
    }();

    // As the processor's editor would: its listeners, the host and its
    // automation all hear it.
    parameter->beginChangeGesture();
    parameter->setValueNotifyingHost (normalised);
    parameter->endChangeGesture();

    // Told here with the page as its origin, not again by the timer; the
    // value is the one the parameter took (a stepped range snaps it).
    lastSeen[(size_t) index] = parameter->getValue();
    const auto taken = DevParameterFactory::plainValueOf (*parameter);
    store->setValue (index, taken);
    listeners.call ([&] (Listener& l)
                    { l.parameterChanged (id, taken, origin); });
    return true;
}

void AudioProcessorBackend::timerCallback()
{
    // Changes the processor made itself, or its host or editor did.
    for (size_t i = 0; i < parameters.size(); ++i)
    {
        const auto now = parameters[i]->getValue();

        if (lastSeen[i].exchange (now) == now)
            continue;

        const auto plain = DevParameterFactory::plainValueOf (*parameters[i]);
        store->setValue ((int) i, plain);
        const auto& id = store->getSpecs()[i].id;
        listeners.call ([&] (Listener& l)
                        { l.parameterChanged (id, plain, nullptr); });
    }

    if (const auto status = getAudioStatus(); status.differsFrom (lastStatus))
    {
        lastStatus = status;
        listeners.call ([&] (Listener& l)
                        { l.audioStatusChanged (status); });
    }
}

AudioStatus AudioProcessorBackend::getAudioStatus() const
{
    AudioStatus status;
    const auto last = tap.getLastCallbackMicros();
    const auto running = last != 0 && getMonotonicMicros() - last < 500000;
    status.phase = running ? AudioPhase::runningFullDuplex : (prepared ? AudioPhase::initializing : AudioPhase::disabled);
    status.sampleRate = running ? tap.getSampleRate() : 0.0;
    status.bufferSize = running ? tap.getBlockSize() : 0;
    status.updatedAtMs = juce::Time::currentTimeMillis();
    return status;
}

} // namespace wavecraft
