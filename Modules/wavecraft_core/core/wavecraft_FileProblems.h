namespace wavecraft
{

/** Why `file` can't be written, as a person says it, e.g. "its folder
    /tmp/takes does not exist; create it, or write elsewhere". Where no
    reason can be told, `fallback` (what the OS said, when it said
    anything). [any thread]
*/
inline juce::String describeWhyUnwritable (const juce::File& file, const juce::String& fallback)
{
    const auto folder = file.getParentDirectory();

    if (file.isDirectory())
        return "it is a folder; name a file in it";

    if (! folder.isDirectory())
        return "its folder " + folder.getFullPathName() + " does not exist; create it, or write elsewhere";

    if (! folder.hasWriteAccess())
        return "its folder " + folder.getFullPathName() + " is not writable; write elsewhere";

    return fallback.isNotEmpty() ? fallback : juce::String ("the file cannot be created");
}

} // namespace wavecraft
