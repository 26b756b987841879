namespace wavecraft
{

ParameterPanel::ParameterPanel (BrowserUiBackend& backendToShow)
    : backend (backendToShow)
{
    viewport.setViewedComponent (&content, false);
    viewport.setScrollBarsShown (true, false);
    addAndMakeVisible (viewport);
    emptyNote.setJustificationType (juce::Justification::centred);
    addChildComponent (emptyNote);
    backend.addListener (this);
    rebuild();
}

ParameterPanel::~ParameterPanel()
{
    backend.removeListener (this);
    cancelPendingUpdate();
}

ParameterControl* ParameterPanel::findControl (const juce::String& id) const
{
    for (auto* control : controls)
        if (control->getSpec().id == id)
            return control;

    return nullptr;
}

juce::StringArray ParameterPanel::getGroupNames() const
{
    juce::StringArray names;

    for (auto* heading : groupHeadings)
        names.add (heading->getText());

    return names;
}

juce::StringArray ParameterPanel::getDisplayOrder() const
{
    juce::StringArray ids;

    for (const auto& row : rows)
        if (auto* control = dynamic_cast<ParameterControl*> (row.component))
            ids.add (control->getSpec().id);

    return ids;
}

void ParameterPanel::parameterChanged (const juce::String&, float, const void* origin)
{
    // Any thread (a page's change arrives on the server's): the values are in
    // the store, so the message thread reads them all once, however many came.
    if (origin != this)
        triggerAsyncUpdate();
}

void ParameterPanel::parametersReplaced()
{
    rebuild(); // at once: the attachments let go of the old processor before it goes
}

void ParameterPanel::handleAsyncUpdate()
{
    if (store == nullptr)
        return;

    // An attached control follows its parameter itself, at once; the store's
    // value, polled, could be a drag's step behind.
    for (int i = 0; i < controls.size(); ++i)
        if (! controls.getUnchecked (i)->isAttached())
            controls.getUnchecked (i)->setValue (store->getValue (i));
}

juce::AudioProcessor* ParameterPanel::servedProcessor() const
{
    auto* withProcessor = dynamic_cast<ProcessorBackend*> (&backend);
    return withProcessor != nullptr ? withProcessor->getServedProcessor() : nullptr;
}

void ParameterPanel::rebuild()
{
    WAVECRAFT_ASSERT_MESSAGE_THREAD;
    rows.clear();
    controls.clear();
    groupHeadings.clear();
    store = backend.getParameters();

    if (store == nullptr || store->size() == 0)
    {
        emptyNote.setText (store == nullptr ? "No plugin is running: the message above says why." : "This plugin has no parameters.",
                           juce::dontSendNotification);
        emptyNote.setVisible (true);
        layOutRows();
        return;
    }

    emptyNote.setVisible (false);
    const auto& specs = store->getSpecs();
    auto* processor = servedProcessor();

    for (int i = 0; i < (int) specs.size(); ++i)
    {
        auto* control = controls.add (std::make_unique<ParameterControl> (specs[(size_t) i]));
        const auto id = specs[(size_t) i].id;
        auto* parameter = processor != nullptr ? ProcessorParameters::findParameter (*processor, id) : nullptr;

        if (parameter != nullptr)
            control->attachTo (*parameter); // as a plugin's editor: JUCE's attachments
        else
            control->onValueChange = [this, id] (float value)
            { (void) backend.setParameter (id, value, this); }; // a parameter a reload took: the panel is rebuilt anyway

        content.addAndMakeVisible (control);
    }

    juce::StringArray groupsInOrder;

    for (const auto& spec : specs)
        groupsInOrder.addIfNotAlreadyThere (spec.group);

    for (const auto& group : groupsInOrder)
        addGroup (group, specs);

    handleAsyncUpdate();
    layOutRows();
}

void ParameterPanel::addGroup (const juce::String& group, const std::vector<ParameterSpec>& specs)
{
    auto* heading = groupHeadings.add (std::make_unique<juce::Label> (juce::String(), group));
    heading->setFont (juce::Font (15.0f, juce::Font::bold));
    content.addAndMakeVisible (heading);
    rows.push_back ({ heading, group.isEmpty() ? 8 : 26 });

    for (int i = 0; i < (int) specs.size(); ++i)
        if (specs[(size_t) i].group == group)
            rows.push_back ({ controls.getUnchecked (i), ParameterControl::preferredHeight });
}

void ParameterPanel::layOutRows()
{
    const auto width = viewport.getMaximumVisibleWidth();
    int y = 0;

    for (const auto& row : rows)
    {
        row.component->setBounds (0, y, width, row.height);
        y += row.height;
    }

    content.setSize (width, y);
}

void ParameterPanel::resized()
{
    viewport.setBounds (getLocalBounds());
    emptyNote.setBounds (getLocalBounds());
    layOutRows();
}

} // namespace wavecraft
