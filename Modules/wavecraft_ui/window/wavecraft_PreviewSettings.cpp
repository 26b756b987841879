namespace wavecraft
{

PreviewSettings::PreviewSettings (const juce::PropertiesFile::Options& options)
    : properties (options)
{
}

bool PreviewSettings::restoreDeviceSetup (juce::AudioDeviceManager& manager)
{
    const auto saved = properties.getXmlValue (deviceSetupKey);

    if (saved == nullptr)
        return false;

    const auto type = saved->getStringAttribute ("deviceType");
    const auto description = type + ": " + saved->getStringAttribute ("audioOutputDeviceName");
    const auto& types = manager.getAvailableDeviceTypes();
    const auto typeExists = std::any_of (types.begin(), types.end(), [&] (const juce::AudioIODeviceType* t)
                                         { return t->getTypeName() == type; });

    if (! typeExists)
    {
        juce::Logger::writeToLog ("the saved audio setup (" + description + ") names a device type this host does not have; using the default device");
        return false;
    }

    // Without falling back to another device here: the engine does that, and
    // says so in the status.
    const auto error = manager.initialise (2, 2, saved.get(), false);

    if (error.isNotEmpty() || manager.getCurrentAudioDevice() == nullptr || manager.getCurrentAudioDeviceType() != type)
    {
        juce::Logger::writeToLog ("the saved audio setup (" + description + ") did not open"
                                  + (error.isNotEmpty() ? " (" + error + ")" : juce::String()) + "; using the default device");
        manager.closeAudioDevice();
        return false;
    }

    return true;
}

juce::String PreviewSettings::getSavedInputSource() const
{
    return properties.getValue (inputSourceKey);
}

void PreviewSettings::restoreWindow (juce::ResizableWindow& window)
{
    const auto state = properties.getValue (windowKey);

    if (state.isNotEmpty() && ! window.restoreWindowStateFromString (state))
        juce::Logger::writeToLog ("the saved window place '" + state + "' is not one; the window opens centred");
}

void PreviewSettings::save (juce::AudioDeviceManager& manager, const HostSession& session, juce::ResizableWindow* window)
{
    if (const auto setup = manager.createStateXml())
        properties.setValue (deviceSetupKey, setup.get());

    properties.setValue (inputSourceKey, session.getInputSource());

    if (window != nullptr)
        properties.setValue (windowKey, window->getWindowStateAsString());

    if (! properties.saveIfNeeded())
        juce::Logger::writeToLog ("could not write the settings to " + properties.getFile().getFullPathName());
}

} // namespace wavecraft
