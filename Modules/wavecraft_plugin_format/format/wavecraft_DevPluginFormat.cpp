namespace wavecraft
{

namespace
{
    const juce::String libraryPattern =
#if JUCE_WINDOWS
        "*.dll";
#elif JUCE_MAC
        "*.dylib";
#else
        "*.so";
#endif
} // namespace

DevPluginFormat::DevPluginFormat()
    : DevPluginFormat (Options {})
{
}

DevPluginFormat::DevPluginFormat (Options optionsToUse)
    : options (std::move (optionsToUse))
{
}

std::unique_ptr<DevPluginInstance> DevPluginFormat::createInstance (const juce::File& file, PluginLoadError& error) const
{
    std::unique_ptr<PluginInstance> plugin;

    if (! options.isolated)
        plugin = InProcessPluginInstance::load (file, error);
#if JUCE_MODULE_AVAILABLE_wavecraft_isolation
    else
        plugin = IsolatedPluginInstance::load (file, options.worker, error);
#else
    else
        error = { PluginLoadError::Kind::workerFailed, "this build has no wavecraft_isolation module, so " + file.getFileName() + " can't run in a process of its own",
                  "add the wavecraft_isolation module to the project, or load it in this process (Options::isolated false)" };
#endif

    return plugin != nullptr ? std::make_unique<DevPluginInstance> (std::move (plugin)) : nullptr;
}

juce::String DevPluginFormat::nameOf (const juce::File& library)
{
    const auto name = library.getFileNameWithoutExtension();
    return name.startsWith ("lib") && name.length() > 3 ? name.substring (3) : name;
}

void DevPluginFormat::describe (const PluginInfo& info, juce::PluginDescription& description)
{
    description.name = nameOf (info.file);
    description.descriptiveName = description.name + " (Wavecraft dev library, ABI v" + juce::String ((int) info.abiVersion) + ")";
    description.pluginFormatName = formatName;
    description.category = "Effect";
    description.manufacturerName = "Wavecraft dev";
    description.version = "ABI v" + juce::String ((int) info.abiVersion);
    description.fileOrIdentifier = info.file.getFullPathName();
    description.lastFileModTime = info.file.getLastModificationTime();
    description.lastInfoUpdateTime = juce::Time::getCurrentTime();
    description.uniqueId = description.deprecatedUid = info.file.getFullPathName().hashCode();
    description.isInstrument = false;
    description.numInputChannels = description.numOutputChannels = PluginInstance::numChannels;
    description.hasSharedContainer = false;
    description.hasARAExtension = false;
}

void DevPluginFormat::findAllTypesForFile (juce::OwnedArray<juce::PluginDescription>& results, const juce::String& fileOrIdentifier)
{
    if (! fileMightContainThisPluginType (fileOrIdentifier))
        return;

    PluginLoadError error;

    if (const auto instance = createInstance (juce::File (fileOrIdentifier), error))
        describe (instance->getPluginInfo(), *results.add (new juce::PluginDescription()));
}

bool DevPluginFormat::fileMightContainThisPluginType (const juce::String& fileOrIdentifier)
{
    const juce::File file (fileOrIdentifier);
    return juce::File::isAbsolutePath (fileOrIdentifier) && file.existsAsFile() && file.getFileName().matchesWildcard (libraryPattern, true);
}

juce::String DevPluginFormat::getNameOfPluginFromIdentifier (const juce::String& fileOrIdentifier)
{
    return nameOf (juce::File (fileOrIdentifier));
}

bool DevPluginFormat::pluginNeedsRescanning (const juce::PluginDescription& description)
{
    return juce::File (description.fileOrIdentifier).getLastModificationTime() != description.lastFileModTime;
}

bool DevPluginFormat::doesPluginStillExist (const juce::PluginDescription& description)
{
    return juce::File (description.fileOrIdentifier).existsAsFile();
}

juce::StringArray DevPluginFormat::searchPathsForPlugins (const juce::FileSearchPath& directories, bool recursive, bool)
{
    // Candidates only: which of them export the ABI is found by loading
    // them, in findAllTypesForFile (the scanner's next step).
    juce::StringArray candidates;

    for (int i = 0; i < directories.getNumPaths(); ++i)
        for (const auto& entry : juce::RangedDirectoryIterator (directories[i], recursive, libraryPattern, juce::File::findFiles))
            candidates.add (entry.getFile().getFullPathName());

    return candidates;
}

void DevPluginFormat::createPluginInstance (const juce::PluginDescription& description, double initialSampleRate,
                                            int initialBufferSize, PluginCreationCallback callback)
{
    if (description.pluginFormatName != formatName)
        return callback (nullptr, "not a Wavecraft dev library: " + description.pluginFormatName + " " + description.fileOrIdentifier);

    PluginLoadError error;
    auto instance = createInstance (juce::File (description.fileOrIdentifier), error);

    if (instance == nullptr)
        return callback (nullptr, error.describe());

    instance->setRateAndBufferSizeDetails (initialSampleRate, initialBufferSize);
    callback (std::move (instance), {});
}

} // namespace wavecraft
