namespace wavecraft
{

bool PluginLocation::looksLikeUri (const juce::String& argument)
{
    // RFC 3986: a scheme is a letter, then letters, digits, '+', '-' or '.'.
    const auto scheme = argument.upToFirstOccurrenceOf (":", false, false);
    return argument.contains (":") && scheme.isNotEmpty() && juce::CharacterFunctions::isLetter (scheme[0])
        && scheme.containsOnly ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
}

PluginLocation PluginLocation::devLibrary (const juce::File& file)
{
    PluginLocation location;
    location.file = file;
    return location;
}

PluginLocation PluginLocation::of (const juce::String& argument, const juce::File& workingDirectory)
{
    PluginLocation location;

    if (looksLikeUri (argument) && ! workingDirectory.getChildFile (argument).exists())
    {
        location.kind = Kind::lv2;
        location.lv2Uri = argument;
        return location;
    }

    location.file = workingDirectory.getChildFile (argument);

    if (location.file.isDirectory() && location.file.getFileExtension().equalsIgnoreCase (".vst3"))
        location.kind = Kind::vst3;
    else if (location.file.isDirectory() && location.file.getChildFile ("manifest.ttl").existsAsFile())
        location.kind = Kind::lv2;

    return location;
}

juce::String PluginLocation::getName() const
{
    return lv2Uri.isNotEmpty() ? lv2Uri : file.getFileName();
}

} // namespace wavecraft
