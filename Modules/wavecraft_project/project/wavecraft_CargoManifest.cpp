namespace wavecraft
{

CargoManifest CargoManifest::read (const juce::File& file)
{
    CargoManifest manifest;
    juce::String table;

    for (auto line : juce::StringArray::fromLines (file.loadFileAsString()))
    {
        line = line.upToFirstOccurrenceOf ("#", false, false).trim();

        if (line.startsWith ("["))
        {
            table = line.removeCharacters ("[]").trim();
            manifest.isWorkspace = manifest.isWorkspace || table == "workspace" || table.startsWith ("workspace.");
            continue;
        }

        if (! line.contains ("="))
            continue;

        const auto key = line.upToFirstOccurrenceOf ("=", false, false).trim().unquoted();
        const auto value = line.fromFirstOccurrenceOf ("=", false, false).trim().unquoted();

        if (table == "package" && key == "name")
            manifest.packageName = value;
        else if (table == "lib" && key == "name")
            manifest.libraryName = value;
        else if (table == "features")
            manifest.features.addIfNotAlreadyThere (key);
    }

    return manifest;
}

juce::String CargoManifest::getLibraryStem() const
{
    return (libraryName.isNotEmpty() ? libraryName : packageName).replaceCharacter ('-', '_');
}

} // namespace wavecraft
