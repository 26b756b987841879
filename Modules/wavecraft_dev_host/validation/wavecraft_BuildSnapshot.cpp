namespace wavecraft
{

std::unique_ptr<BuildSnapshot> BuildSnapshot::take (const juce::File& plugin, juce::String& error)
{
    const auto folder = juce::File::getSpecialLocation (juce::File::tempDirectory).getNonexistentChildFile ("wavecraft-build-", "");
    const auto copy = folder.getChildFile (plugin.getFileName());

    if (! folder.createDirectory())
    {
        error = "could not make " + folder.getFullPathName();
        return nullptr;
    }

    std::error_code failure;
    std::filesystem::copy (plugin.getFullPathName().toStdString(), copy.getFullPathName().toStdString(),
                           std::filesystem::copy_options::recursive, failure);

    if (failure)
    {
        folder.deleteRecursively();
        error = "could not copy " + plugin.getFullPathName() + " to " + copy.getFullPathName() + " (" + juce::String (failure.message()) + ")";
        return nullptr;
    }

    return std::unique_ptr<BuildSnapshot> (new BuildSnapshot (copy));
}

BuildSnapshot::~BuildSnapshot()
{
    file.getParentDirectory().deleteRecursively();
}

} // namespace wavecraft
