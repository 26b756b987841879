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
        if (set.size() == 2)
            return "stereo";

        if (set.size() == 1)
            return "mono";

        return countOf (set.size(), "channel", "channels");
    }

    /** True when `binary` is open in this process (or this system can't tell). */
    bool isOpenInThisProcess (const juce::File& binary)
    {
#if JUCE_LINUX || JUCE_BSD
        struct Search
        {
            std::string path;
            bool found = false;
        } search { binary.getFullPathName().toStdString() };

        ::dl_iterate_phdr ([] (dl_phdr_info* info, size_t, void* data)
                           {
                               auto& s = *static_cast<Search*> (data);
                               s.found = s.found || (info->dlpi_name != nullptr && s.path == info->dlpi_name);
                               return s.found ? 1 : 0; },
                           &search);
        return search.found;
#else
        juce::ignoreUnused (binary);
        return true;
#endif
    }

    /** A VST3 bundle's binary for this system: Contents/<arch>-linux/<name>.so. */
    juce::File findVst3Binary (const juce::File& bundle)
    {
        for (const auto& entry : juce::RangedDirectoryIterator (bundle.getChildFile ("Contents"), false, "*-linux", juce::File::findDirectories))
            if (const auto binary = entry.getFile().getChildFile (bundle.getFileNameWithoutExtension() + ".so"); binary.existsAsFile())
                return binary;

        return {};
    }

#if JUCE_PLUGINHOST_LV2
    /** Calls `use` with each plugin of a bundle, in a lilv world of its own
        that reads only this bundle: JUCE's format reads every installed one,
        and says nothing of which bundle a plugin is in.
    */
    template <typename Use>
    void forEachLv2PluginIn (const juce::File& bundle, Use&& use)
    {
        if (! bundle.getChildFile ("manifest.ttl").existsAsFile())
            return; // lilv would print its own error

        auto* world = lilv_world_new();
        auto* bundleUri = lilv_new_file_uri (world, nullptr, (bundle.getFullPathName() + "/").toRawUTF8());
        lilv_world_load_bundle (world, bundleUri);
        const auto* plugins = lilv_world_get_all_plugins (world);

        LILV_FOREACH (plugins, i, plugins)
        use (lilv_plugins_get (plugins, i));

        lilv_node_free (bundleUri);
        lilv_world_free (world);
    }

    juce::File findLv2Binary (const juce::File& bundle)
    {
        juce::File binary;
        forEachLv2PluginIn (bundle, [&binary] (const LilvPlugin* plugin)
                            {
                                if (auto* path = lilv_file_uri_parse (lilv_node_as_uri (lilv_plugin_get_library_uri (plugin)), nullptr))
                                {
                                    binary = juce::File (juce::String::fromUTF8 (path));
                                    lilv_free (path);
                                } });
        return binary;
    }
#endif
} // namespace

juce::StringArray FormatPluginLoader::findLv2PluginsIn (const juce::File& bundle)
{
    juce::StringArray uris;
#if JUCE_PLUGINHOST_LV2
    forEachLv2PluginIn (bundle, [&uris] (const LilvPlugin* plugin)
                        { uris.add (juce::String::fromUTF8 (lilv_node_as_uri (lilv_plugin_get_uri (plugin)))); });
#else
    juce::ignoreUnused (bundle);
#endif
    return uris;
}

juce::File FormatPluginLoader::findLv2Bundle (const juce::String& uri)
{
    juce::File bundle;
#if JUCE_PLUGINHOST_LV2
    // Where find() looks: LV2_PATH, and the folders JUCE's format reads.
    juce::StringArray folders;
    folders.addTokens (juce::SystemStats::getEnvironmentVariable ("LV2_PATH", {}), ":", {});
    folders.addArray ({ juce::File::getSpecialLocation (juce::File::userHomeDirectory).getChildFile (".lv2").getFullPathName(), "/usr/lib/lv2", "/usr/local/lib/lv2" });
    folders.removeEmptyStrings();

    auto* world = lilv_world_new();
    auto* path = lilv_new_string (world, folders.joinIntoString (":").toRawUTF8());
    lilv_world_set_option (world, LILV_OPTION_LV2_PATH, path);
    lilv_world_load_all (world);
    auto* pluginUri = lilv_new_uri (world, uri.toRawUTF8());

    if (const auto* plugin = lilv_plugins_get_by_uri (lilv_world_get_all_plugins (world), pluginUri))
    {
        if (auto* folder = lilv_file_uri_parse (lilv_node_as_uri (lilv_plugin_get_bundle_uri (plugin)), nullptr))
        {
            bundle = juce::File (juce::String::fromUTF8 (folder));
            lilv_free (folder);
        }
    }

    lilv_node_free (pluginUri);
    lilv_node_free (path);
    lilv_world_free (world);
#else
    juce::ignoreUnused (uri);
#endif
    return bundle;
}

juce::File FormatPluginLoader::findBuildTarget (const juce::File& bundle)
{
    if (bundle.getFileExtension().equalsIgnoreCase (".vst3"))
    {
        if (const auto binary = findVst3Binary (bundle); binary != juce::File())
            return binary;

            // Where a VST3 SDK build puts it for this machine.
#if defined(__aarch64__)
        const char* architecture = "aarch64-linux";
#elif defined(__i386__)
        const char* architecture = "i386-linux";
#else
        const char* architecture = "x86_64-linux";
#endif
        return bundle.getChildFile ("Contents").getChildFile (architecture).getChildFile (bundle.getFileNameWithoutExtension() + ".so");
    }

#if JUCE_PLUGINHOST_LV2
    if (const auto binary = findLv2Binary (bundle); binary != juce::File())
        return binary;
#endif

    return bundle.getChildFile ("manifest.ttl");
}

bool FormatPluginLoader::isBundleName (const juce::File& path)
{
    return path.hasFileExtension (".vst3;.lv2");
}

std::shared_ptr<FormatPluginLoader> FormatPluginLoader::find (const PluginLocation& location, juce::String& error)
{
    std::shared_ptr<FormatPluginLoader> loader (new FormatPluginLoader());

    if (location.kind == PluginLocation::Kind::vst3)
        error = loader->findVst3 (location);
    else if (location.kind == PluginLocation::Kind::lv2)
        error = loader->findLv2 (location);
    else
        error = location.getName() + " is a dev library, not a VST3 or LV2 plugin; load it with DevPluginFormat";

    return error.isEmpty() ? loader : nullptr;
}

FormatPluginLoader::~FormatPluginLoader()
{
    format.reset();

    if (privateFolder != juce::File())
        privateFolder.deleteRecursively();
}

std::unique_ptr<juce::AudioPluginFormat> FormatPluginLoader::makeFormat (PluginLocation::Kind kind)
{
    if (auto prepared = std::move (getPreparedFormat (kind)))
        return prepared;

#if JUCE_PLUGINHOST_VST3
    if (kind == PluginLocation::Kind::vst3)
        return std::make_unique<juce::VST3PluginFormat>();
#endif

#if JUCE_PLUGINHOST_LV2
    if (kind == PluginLocation::Kind::lv2)
        return std::make_unique<juce::LV2PluginFormat>();
#endif

    return nullptr;
}

std::unique_ptr<juce::AudioPluginFormat>& FormatPluginLoader::getPreparedFormat (PluginLocation::Kind kind)
{
    static std::unique_ptr<juce::AudioPluginFormat> vst3, lv2; // made and taken on the message thread
    return kind == PluginLocation::Kind::vst3 ? vst3 : lv2;
}

void FormatPluginLoader::prepareFormat (PluginLocation::Kind kind)
{
    if (kind == PluginLocation::Kind::devLibrary || getPreparedFormat (kind) != nullptr)
        return;

    getPreparedFormat (kind) = makeFormat (kind);

    // JUCE's LV2 host reads the LV2 specifications it bundles at its first
    // search, not when it is made: 8-10 ms of Turtle that a load would
    // wait for. A search of no folder reads them now.
    if (kind == PluginLocation::Kind::lv2)
        getPreparedFormat (kind)->searchPathsForPlugins (juce::FileSearchPath(), false, false);
}

bool FormatPluginLoader::copyToPrivateFolder (const juce::File& bundle)
{
    // A folder of its own, with the bundle under its own name: a VST3's
    // binary is named after its bundle, and LV2's search reads folders of
    // bundles.
    privateFolder = PluginLibrary::makePrivateCopyPath (bundle.getSiblingFile (bundle.getFileNameWithoutExtension()));
    privateBundle = privateFolder.getChildFile (bundle.getFileName());
    if (! privateFolder.createDirectory())
        return false;

    // The standard library's copy: in the kernel where it can be
    // (sendfile), twice as fast as a copy through streams for a JUCE
    // plugin's 8 MB binary, which each reload waits for.
    std::error_code error;
    std::filesystem::copy (bundle.getFullPathName().toStdString(), privateBundle.getFullPathName().toStdString(),
                           std::filesystem::copy_options::recursive, error);
    return ! error;
}

juce::String FormatPluginLoader::findVst3 (const PluginLocation& location)
{
#if JUCE_PLUGINHOST_VST3
    if (findVst3Binary (location.file) == juce::File())
        return location.file.getFullPathName() + " has no binary for this machine yet ("
            + findBuildTarget (location.file).getRelativePathFrom (location.file)
            + "); build the plugin, and the host loads it as soon as it lands";

    if (! copyToPrivateFolder (location.file))
        return "cannot copy " + location.file.getFullPathName() + " to a private folder; is the temporary folder writable?";

    format = makeFormat (PluginLocation::Kind::vst3);
    binary = findVst3Binary (privateBundle);

    if (auto& prescanned = getPrescanned(); prescanned.has_value() && prescanned->first == location.file)
    {
        description = prescanned->second;
        description.fileOrIdentifier = privateBundle.getFullPathName();
        describedByPrescan = true;
        prescanned.reset();
        return {};
    }

    if (! scanVst3())
        return location.file.getFullPathName() + " holds no VST3 plugin this host can load: its module has no audio effect, "
            + "or failed to start (run it under the host with --in-process and gdb to see why)";

    return {};
#else
    return "this build hosts no VST3 plugins (" + location.getName() + "): build JUCE with JUCE_PLUGINHOST_VST3=1";
#endif
}

bool FormatPluginLoader::scanVst3()
{
    juce::OwnedArray<juce::PluginDescription> found;
    format->findAllTypesForFile (found, privateBundle.getFullPathName());

    if (found.isEmpty())
        return false;

    description = *found[0];
    return true;
}

std::optional<std::pair<juce::File, juce::PluginDescription>>& FormatPluginLoader::getPrescanned()
{
    static std::optional<std::pair<juce::File, juce::PluginDescription>> prescanned; // made and taken on the message thread
    return prescanned;
}

void FormatPluginLoader::prescanVst3 (const juce::File& bundle)
{
#if JUCE_PLUGINHOST_VST3
    // From a private copy of its own, as a load: the build may replace the
    // bundle at any moment. The module stays open under the copy's path.
    FormatPluginLoader scanner;

    if (findVst3Binary (bundle) == juce::File() || ! scanner.copyToPrivateFolder (bundle))
        return;

    scanner.format = makeFormat (PluginLocation::Kind::vst3);

    if (scanner.scanVst3())
        getPrescanned() = std::make_pair (bundle, scanner.description);

    getPreparedFormat (PluginLocation::Kind::vst3) = std::move (scanner.format); // the find() to come takes it
#else
    juce::ignoreUnused (bundle);
#endif
}

void FormatPluginLoader::openX11Ahead()
{
#if JUCE_LINUX || JUCE_BSD
    // JUCE's own list (juce_linux_X11_Symbols.h). Never closed: a plugin's
    // close of its handles must not unmap them for the next build.
    for (const auto* name : { "libX11.so.6", "libXext.so.6", "libXcursor.so.1", "libXinerama.so.1", "libXrender.so.1", "libXrandr.so.2" })
        dlopen (name, RTLD_LAZY | RTLD_LOCAL);
#endif
}

juce::String FormatPluginLoader::findLv2 (const PluginLocation& location)
{
#if JUCE_PLUGINHOST_LV2
    auto lv2Format = makeFormat (PluginLocation::Kind::lv2);
    auto uri = location.lv2Uri;

    if (location.lv2Uri.isEmpty())
    {
        const auto uris = findLv2PluginsIn (location.file);

        if (uris.size() != 1)
            return location.file.getFullPathName() + " holds " + countOf (uris.size(), "LV2 plugin", "LV2 plugins")
                + (uris.isEmpty() ? juce::String ("; is its manifest.ttl complete?") : "; name the one to load by its URI: " + uris.joinIntoString (", "));

        uri = uris[0];

        const auto declared = findLv2Binary (location.file);

        if (! declared.existsAsFile())
            return location.file.getFullPathName() + " has no binary yet: its manifest names " + declared.getFileName()
                + ", which isn't there; build the plugin, and the host loads it as soon as it lands";

        if (! copyToPrivateFolder (location.file))
            return "cannot copy " + location.file.getFullPathName() + " to a private folder; is the temporary folder writable?";

        lv2Format->searchPathsForPlugins (juce::FileSearchPath (privateFolder.getFullPathName()), false, false);
        binary = privateBundle.getChildFile (declared.getRelativePathFrom (location.file)); // the copy's, where the manifest names it
    }
    else if (const auto lv2Path = juce::SystemStats::getEnvironmentVariable ("LV2_PATH", {}); lv2Path.isNotEmpty())
    {
        // JUCE reads only the standard folders; LV2 hosts read LV2_PATH too.
        lv2Format->searchPathsForPlugins (juce::FileSearchPath (lv2Path.replace (":", ";")), false, false);
    }

    juce::OwnedArray<juce::PluginDescription> found;
    lv2Format->findAllTypesForFile (found, uri);

    if (found.isEmpty())
        return "no LV2 plugin " + uri + " in ~/.lv2, /usr/lib/lv2, /usr/local/lib/lv2 or LV2_PATH ("
            + juce::SystemStats::getEnvironmentVariable ("LV2_PATH", "not set")
            + "); install it, or add the folder that holds its bundle to LV2_PATH";

    description = *found[0];
    format = std::move (lv2Format);
    return {};
#else
    return "this build hosts no LV2 plugins (" + location.getName() + "): build JUCE with JUCE_PLUGINHOST_LV2=1";
#endif
}

FormatPluginLoader::Loaded FormatPluginLoader::createInstance (double sampleRate, int blockSize)
{
    Loaded loaded;
    juce::String message;
    loaded.instance = format->createInstanceFromDescription (description, sampleRate, blockSize, message);

    // The last build's description didn't fit this one (a new name or id): scanned, and made again.
    if (loaded.instance == nullptr && std::exchange (describedByPrescan, false) && scanVst3())
        loaded.instance = format->createInstanceFromDescription (description, sampleRate, blockSize, message);

    if (loaded.instance == nullptr)
        return failure (description.name + " (" + description.fileOrIdentifier + ") could not be made: "
                        + (message.isNotEmpty() ? message : juce::String ("the format gave no reason")));

    // An LV2 host reads the installed plugins first and ignores another
    // bundle of the same URI: the build copied here would not be heard.
    if (description.pluginFormatName == "LV2" && privateBundle != juce::File() && ! isOpenInThisProcess (binary))
    {
        const auto installed = findLv2Bundle (description.fileOrIdentifier);
        return failure (description.fileOrIdentifier + " is also installed" + (installed != juce::File() ? " in " + installed.getFullPathName() : juce::String())
                        + ", and JUCE's LV2 host plays that one instead of this build; remove the installed copy, or stop the build copying "
                          "it there while you develop here (JUCE: COPY_PLUGIN_AFTER_BUILD FALSE)");
    }

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
