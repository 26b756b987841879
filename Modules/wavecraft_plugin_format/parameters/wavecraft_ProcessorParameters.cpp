namespace wavecraft
{

juce::String ProcessorParameters::idOf (juce::AudioProcessorParameter& parameter, int index)
{
    // As the protocol names them: JUCE's LV2 host says "sym:<port symbol>"
    // for a control port, and "des:<plugin URI>:<id>" for a JUCE-built
    // LV2's parameter; a VST3's id is its number already.
    if (auto* withId = dynamic_cast<juce::HostedAudioProcessorParameter*> (&parameter))
    {
        const auto id = withId->getParameterID();

        if (id.startsWith ("sym:"))
            return id.substring (4);

        return id.startsWith ("des:") ? id.fromLastOccurrenceOf (":", false, false) : id;
    }

    return "parameter_" + juce::String (index);
}

namespace
{
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

juce::RangedAudioParameter* ProcessorParameters::findParameter (const juce::AudioProcessor& processor, const juce::String& id)
{
    const auto& parameters = processor.getParameters();

    for (int index = 0; index < parameters.size(); ++index)
        if (idOf (*parameters.getUnchecked (index), index) == id)
            return dynamic_cast<juce::RangedAudioParameter*> (parameters.getUnchecked (index));

    return nullptr;
}

ParameterSpec ProcessorParameters::describe (juce::AudioProcessorParameter& parameter, const juce::String& group)
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

std::vector<ParameterSpec> ProcessorParameters::describeAll (juce::AudioProcessor& processor)
{
    if (auto* dev = dynamic_cast<DevPluginInstance*> (&processor))
    {
        specsFromLibrary = true;

        for (const auto& spec : dev->getParameterSpecs())
            parameters.push_back (dev->getParameterForId (spec.id));

        return dev->getParameterSpecs();
    }

    return describeParameters (processor, parameters);
}

std::vector<ParameterSpec> ProcessorParameters::describeParameters (juce::AudioProcessor& processor,
                                                                    std::vector<juce::AudioProcessorParameter*>& served)
{
    const auto groups = groupsOf (processor.getParameterTree());
    std::vector<ParameterSpec> specs;

    // A hosted VST3's or LV2's bypass is the format's (a VST3 wrapper adds
    // one, LV2 has lv2:enabled): the host bypasses by itself, and the
    // developer's parameters are the ones to serve.
    const auto* hostedBypass = dynamic_cast<juce::AudioPluginInstance*> (&processor) != nullptr ? processor.getBypassParameter() : nullptr;

    for (auto* parameter : processor.getParameters())
    {
        if (parameter == hostedBypass)
            continue;

        specs.push_back (describe (*parameter, groups.count (parameter) != 0 ? groups.at (parameter) : juce::String()));
        specs.back().id = idOf (*parameter, (int) served.size());
        served.push_back (parameter);
    }

    return specs;
}

ProcessorParameters::ProcessorParameters (juce::AudioProcessor& processor)
{
    store = std::make_shared<ParameterStore> (describeAll (processor));
    lastSeen.reset (new std::atomic<float>[parameters.size()]);

    // A store starts at the defaults; a parameter set since then says so.
    for (size_t i = 0; i < parameters.size(); ++i)
    {
        lastSeen[i] = parameters[i]->getValue();
        store->setValue ((int) i, exactValueOf (i, store->getValue ((int) i)));
    }

    startTimerHz (pollHz);
}

ProcessorParameters::~ProcessorParameters()
{
    stopTimer();
}

float ProcessorParameters::plainValueOf (size_t index) const noexcept
{
    auto& parameter = *parameters[index];

    if (specsFromLibrary)
        return DevParameterFactory::getPlainValue (static_cast<juce::RangedAudioParameter&> (parameter), store->getSpecs()[index]);

    if (dynamic_cast<juce::RangedAudioParameter*> (&parameter) != nullptr)
        return DevParameterFactory::plainValueOf (parameter);

    return DevParameterFactory::fromNormalised (store->getSpecs()[index], parameter.getValue());
}

float ProcessorParameters::normalisedOf (size_t index, float plainValue) const noexcept
{
    if (specsFromLibrary)
        return DevParameterFactory::toNormalised (store->getSpecs()[index], plainValue);

    if (auto* ranged = dynamic_cast<juce::RangedAudioParameter*> (parameters[index]))
        return ranged->convertTo0to1 (plainValue);

    return DevParameterFactory::toNormalised (store->getSpecs()[index], plainValue);
}

float ProcessorParameters::exactValueOf (size_t index, float expected) const noexcept
{
    // A normalised value comes back a few ulps off the plain one that was
    // set; the one set is the one to serve, unless the parameter snapped it.
    const auto& spec = store->getSpecs()[index];
    const auto held = plainValueOf (index);
    return std::abs (held - expected) <= 1.0e-6f * juce::jmax (1.0f, spec.maxValue - spec.minValue) ? expected : held;
}

std::optional<float> ProcessorParameters::setValue (const juce::String& id, float plainValue)
{
    const auto index = store->indexOf (id);

    if (index < 0)
        return std::nullopt;

    const auto i = (size_t) index;
    auto& parameter = *parameters[i];
    const auto normalised = normalisedOf (i, plainValue);

    // Seen before it is set, so the timer doesn't tell it a second time as
    // the processor's own; then what the parameter took.
    lastSeen[i] = normalised;
    parameter.beginChangeGesture();
    parameter.setValueNotifyingHost (normalised);
    parameter.endChangeGesture();
    lastSeen[i] = parameter.getValue();

    const auto taken = exactValueOf (i, plainValue);
    store->setValue (index, taken);
    return taken;
}

void ProcessorParameters::timerCallback()
{
    for (size_t i = 0; i < parameters.size(); ++i)
    {
        const auto now = parameters[i]->getValue();

        if (lastSeen[i].exchange (now) == now)
            continue;

        const auto plain = plainValueOf (i);
        store->setValue ((int) i, plain);

        if (onProcessorChange != nullptr)
            onProcessorChange (store->getSpecs()[i].id, plain);
    }
}

} // namespace wavecraft
