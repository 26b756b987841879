namespace wavecraft
{

AudioSettingsPanel::AudioSettingsPanel (HostSession& sessionToSet)
    : session (sessionToSet),
      deviceSelector (session.getEngine().getDeviceManager(), 0, 2, 0, 2, false, false, true, false)
{
    addAndMakeVisible (deviceSelector);
    addAndMakeVisible (sourceLabel);

    sourceKind.addItem ("Device input", device);
    sourceKind.addItem ("Silence", silence);
    sourceKind.addItem ("Sine", sine);
    sourceKind.addItem ("Noise", noise);
    sourceKind.addItem ("File (looped)", file);
    sourceKind.onChange = [this]
    {
        if (sourceKind.getSelectedId() == file && sourceFile == juce::File())
            chooseFile();
        else
            applyInputSource (specOfControls());
    };
    addAndMakeVisible (sourceKind);

    sineFrequency.setNormalisableRange ({ 20.0, 20000.0,
                                          [] (double start, double end, double proportion)
                                          { return start * std::pow (end / start, proportion); },
                                          [] (double start, double end, double value)
                                          { return std::log (value / start) / std::log (end / start); } });
    sineFrequency.setTextValueSuffix (" Hz");
    sineFrequency.setNumDecimalPlacesToDisplay (0);
    sineFrequency.onDragEnd = [this]
    { applyInputSource (specOfControls()); };
    sineFrequency.onValueChange = [this]
    {
        if (! sineFrequency.isMouseButtonDown())
            applyInputSource (specOfControls());
    };
    addChildComponent (sineFrequency);

    chooseFileButton.onClick = [this]
    { chooseFile(); };
    addChildComponent (chooseFileButton);

    errorLabel.setColour (juce::Label::textColourId, juce::Colours::orange);
    addAndMakeVisible (errorLabel);
    showSpec (session.getInputSource());
}

AudioSettingsPanel::~AudioSettingsPanel() = default;

juce::Result AudioSettingsPanel::applyInputSource (const juce::String& spec)
{
    auto result = session.setInputSource (spec);
    errorLabel.setText (result.getErrorMessage(), juce::dontSendNotification);

    if (result.wasOk())
        showSpec (spec);

    return result;
}

void AudioSettingsPanel::showSpec (const juce::String& spec)
{
    const auto kind = spec.upToFirstOccurrenceOf (":", false, false).trim().toLowerCase();
    const auto argument = spec.fromFirstOccurrenceOf (":", false, false).trim();
    const auto id = kind == "silence" ? silence : kind == "sine" ? sine
        : kind == "noise"                                        ? noise
        : kind == "file"                                         ? file
                                                                 : device;

    if (id == sine)
        sineFrequency.setValue (argument.isEmpty() ? 440.0 : argument.getDoubleValue(), juce::dontSendNotification);

    if (id == file)
        sourceFile = juce::File::getCurrentWorkingDirectory().getChildFile (argument);

    sourceKind.setSelectedId (id, juce::dontSendNotification);
    chooseFileButton.setButtonText (sourceFile == juce::File() ? "Choose file..." : sourceFile.getFileName());
    updateVisibility();
}

juce::String AudioSettingsPanel::specOfControls() const
{
    switch (sourceKind.getSelectedId())
    {
        case silence:
            return "silence";
        case sine:
            return "sine:" + juce::String (juce::roundToInt (sineFrequency.getValue()));
        case noise:
            return "noise";
        case file:
            return "file:" + sourceFile.getFullPathName();
        default:
            return "device";
    }
}

void AudioSettingsPanel::chooseFile()
{
    fileChooser = std::make_unique<juce::FileChooser> ("An audio file to loop into the plugin", sourceFile, "*.wav;*.aif;*.aiff");
    fileChooser->launchAsync (juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles,
                              [this] (const juce::FileChooser& chooser)
                              {
                                  if (chooser.getResult() != juce::File())
                                      sourceFile = chooser.getResult();

                                  if (sourceFile != juce::File())
                                      applyInputSource ("file:" + sourceFile.getFullPathName());
                                  else
                                      showSpec (session.getInputSource()); // cancelled: show what still plays
                              });
}

void AudioSettingsPanel::updateVisibility()
{
    sineFrequency.setVisible (sourceKind.getSelectedId() == sine);
    chooseFileButton.setVisible (sourceKind.getSelectedId() == file);
}

void AudioSettingsPanel::resized()
{
    auto area = getLocalBounds().reduced (8);
    auto sourceRow = area.removeFromBottom (64);
    deviceSelector.setBounds (area);

    auto firstLine = sourceRow.removeFromTop (30);
    sourceLabel.setBounds (firstLine.removeFromLeft (120));
    sourceKind.setBounds (firstLine.removeFromLeft (160).reduced (0, 2));
    firstLine.removeFromLeft (8);
    sineFrequency.setBounds (firstLine);
    chooseFileButton.setBounds (firstLine.removeFromLeft (260).reduced (0, 2));
    errorLabel.setBounds (sourceRow);
}

} // namespace wavecraft
