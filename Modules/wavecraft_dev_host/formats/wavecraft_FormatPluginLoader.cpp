namespace wavecraft
{

namespace
{
    FormatPluginLoader::Loaded failure (juce::String error)
    {
        FormatPluginLoader::Loaded loaded;
        loaded.error = std::move (error);
        return loaded;
    }

    juce::String describeChannels (const juce::AudioChannelSet& set)
    {
        if (set == juce::AudioChannelSet::stereo())
            return "stereo";

        if (set == juce::AudioChannelSet::mono())
            return "mono";

        return countOf (set.size(), "channel", "channels");
    }

#if JUCE_PLUGINHOST_LV2
    /** A bundle copied to a folder of its own, so that LV2's search (which
        reads folders of bundles) finds this one and nothing beside it.
    */
    juce::File copyToPrivateFolder (const juce::File& bundle)
    {
        const auto folder = juce::File::getSpecialLocation (juce::File::tempDirectory).getNonexistentChildFile ("wavecraft-host-lv2-", {}, false);
        folder.createDirectory();
        const auto copy = folder.getChildFile (bundle.getFileName());
        return bundle.copyDirectoryTo (copy) ? folder : juce::File();
    }
#endif
} // namespace

juce::StringArray FormatPluginLoader::findLv2PluginsIn (const juce::File& bundle)
{
    juce::StringArray uris;
#if JUCE_PLUGINHOST_LV2
    // A world of its own that reads only this bundle: JUCE's format reads
    // every installed one, and says nothing of which bundle a plugin is in.
    auto* world = lilv_world_new();
    auto* bundleUri = lilv_new_file_uri (world, nullptr, (bundle.getFullPathName() + "/").toRawUTF8());
    lilv_world_load_bundle (world, bundleUri);
    const auto* plugins = lilv_world_get_all_plugins (world);

    LILV_FOREACH (plugins, i, plugins)
    uris.add (juce::String::fromUTF8 (lilv_node_as_uri (lilv_plugin_get_uri (lilv_plugins_get (plugins, i)))));

    lilv_node_free (bundleUri);
    lilv_world_free (world);
#else
    juce::ignoreUnused (bundle);
#endif
    return uris;
}

FormatPluginLoader::Loaded FormatPluginLoader::load (const PluginLocation& location, double sampleRate, int blockSize)
{
    if (location.kind == PluginLocation::Kind::vst3)
        return loadVst3 (location, sampleRate, blockSize);

    if (location.kind == PluginLocation::Kind::lv2)
        return loadLv2 (location, sampleRate, blockSize);

    return failure (location.getName() + " is a dev library, not a VST3 or LV2 plugin; load it with DevPluginFormat");
}

FormatPluginLoader::Loaded FormatPluginLoader::loadVst3 (const PluginLocation& location, double sampleRate, int blockSize)
{
#if JUCE_PLUGINHOST_VST3
    juce::VST3PluginFormat format;
    juce::OwnedArray<juce::PluginDescription> found;
    format.findAllTypesForFile (found, location.file.getFullPathName());

    if (found.isEmpty())
        return failure (location.file.getFullPathName() + " holds no VST3 plugin this host can load; build it for "
                        + juce::SystemStats::getOperatingSystemName() + " (a Contents/x86_64-linux/*.so inside the bundle)");

    return create (format, *found[0], sampleRate, blockSize);
#else
    juce::ignoreUnused (sampleRate, blockSize);
    return failure ("this build hosts no VST3 plugins (" + location.getName() + "): build JUCE with JUCE_PLUGINHOST_VST3=1");
#endif
}

FormatPluginLoader::Loaded FormatPluginLoader::loadLv2 (const PluginLocation& location, double sampleRate, int blockSize)
{
#if JUCE_PLUGINHOST_LV2
    juce::LV2PluginFormat format;
    auto uri = location.lv2Uri;

    if (location.lv2Uri.isEmpty())
    {
        const auto uris = findLv2PluginsIn (location.file);

        if (uris.size() != 1)
            return failure (location.file.getFullPathName() + " holds " + countOf (uris.size(), "LV2 plugin", "LV2 plugins")
                            + (uris.isEmpty() ? juce::String ("; is its manifest.ttl complete?") : "; name the one to load by its URI: " + uris.joinIntoString (", ")));

        uri = uris[0];
        const auto privateFolder = copyToPrivateFolder (location.file);

        if (privateFolder == juce::File())
            return failure ("cannot copy " + location.file.getFullPathName() + " to a private folder; is the temporary folder writable?");

        format.searchPathsForPlugins (juce::FileSearchPath (privateFolder.getFullPathName()), false, false);
    }
    else if (const auto lv2Path = juce::SystemStats::getEnvironmentVariable ("LV2_PATH", {}); lv2Path.isNotEmpty())
    {
        // JUCE reads only the standard folders; LV2 hosts read LV2_PATH too.
        format.searchPathsForPlugins (juce::FileSearchPath (lv2Path.replace (":", ";")), false, false);
    }

    juce::OwnedArray<juce::PluginDescription> found;
    format.findAllTypesForFile (found, uri);

    if (found.isEmpty())
        return failure ("no LV2 plugin " + uri + " in ~/.lv2, /usr/lib/lv2, /usr/local/lib/lv2 or LV2_PATH ("
                        + juce::SystemStats::getEnvironmentVariable ("LV2_PATH", "not set")
                        + "); install it, or add the folder that holds its bundle to LV2_PATH");

    return create (format, *found[0], sampleRate, blockSize);
#else
    juce::ignoreUnused (sampleRate, blockSize);
    return failure ("this build hosts no LV2 plugins (" + location.getName() + "): build JUCE with JUCE_PLUGINHOST_LV2=1");
#endif
}

FormatPluginLoader::Loaded FormatPluginLoader::create (juce::AudioPluginFormat& format, const juce::PluginDescription& description,
                                                       double sampleRate, int blockSize)
{
    Loaded loaded;
    juce::String message;
    loaded.instance = format.createInstanceFromDescription (description, sampleRate, blockSize, message);

    if (loaded.instance == nullptr)
        return failure (description.name + " (" + description.fileOrIdentifier + ") could not be made: "
                        + (message.isNotEmpty() ? message : juce::String ("the format gave no reason")));

    loaded.layout = useStereo (*loaded.instance);

    if (juce::jmax (loaded.instance->getTotalNumInputChannels(), loaded.instance->getTotalNumOutputChannels()) > 2)
        return failure (description.name + " needs " + loaded.layout + "; the host plays two channels");

    return loaded;
}

juce::String FormatPluginLoader::useStereo (juce::AudioPluginInstance& instance)
{
    // The protocol's audio is stereo; the nearest the plugin takes, said.
    auto layout = instance.getBusesLayout();

    for (auto* buses : { &layout.inputBuses, &layout.outputBuses })
        if (! buses->isEmpty())
            buses->getReference (0) = juce::AudioChannelSet::stereo();

    instance.setBusesLayout (layout);
    const auto taken = instance.getBusesLayout();
    const auto in = taken.inputBuses.isEmpty() ? juce::String ("no input") : describeChannels (taken.inputBuses[0]) + " in";
    const auto out = taken.outputBuses.isEmpty() ? juce::String ("no output") : describeChannels (taken.outputBuses[0]) + " out";
    return in + ", " + out;
}

} // namespace wavecraft
