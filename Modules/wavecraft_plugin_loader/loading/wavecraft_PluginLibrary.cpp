#if JUCE_LINUX || JUCE_BSD || JUCE_MAC
#include <cerrno>
#include <csignal>
#include <dlfcn.h>
#include <unistd.h>
#endif

namespace wavecraft
{

namespace
{
    // Both layouts are bigger than two registers, so every supported ABI
    // returns them through memory the caller provides. Calling the symbol as if
    // it returned the larger layout therefore gives room for either, and the
    // version field sits at the same offset in both.
    static_assert (sizeof (WavecraftDevVTableV1) > 16 && sizeof (WavecraftDevVTableV2) > 16,
                   "the tables must be returned in memory for the version probe to be safe");
    static_assert (offsetof (WavecraftDevVTableV1, version) == offsetof (WavecraftDevVTableV2, version), "");
    static_assert (sizeof (WavecraftDevVTableV2) >= sizeof (WavecraftDevVTableV1), "");

    using CreateProcessorFn = WavecraftDevVTableV2 (*) (void);

    juce::String lastDynamicLibraryError()
    {
#if JUCE_LINUX || JUCE_BSD || JUCE_MAC
        if (const auto* text = dlerror())
            return juce::String::fromUTF8 (text);
#endif
        return "the system gave no reason";
    }

    PluginLoadError makeError (PluginLoadError::Kind kind, juce::String message, juce::String hint)
    {
        return { kind, std::move (message), std::move (hint), {} };
    }

    /** Each loaded copy gets its own name, so dlopen never hands back a stale
        handle for a path that is still open.
    */
    int getProcessId()
    {
#if JUCE_WINDOWS
        return (int) GetCurrentProcessId();
#else
        return (int) getpid();
#endif
    }

    bool isProcessAlive (int pid)
    {
#if JUCE_WINDOWS
        juce::ignoreUnused (pid);
        return true; // never clean up what we can't check
#else
        return ::kill ((pid_t) pid, 0) == 0 || errno != ESRCH;
#endif
    }

    /** Copies of hosts that crashed are never deleted by them; the next host
        removes the folders of processes that no longer exist.
    */
    void removeCopiesOfDeadHosts (const juce::File& tempFolder)
    {
        for (const auto& entry : juce::RangedDirectoryIterator (tempFolder, false, "wavecraft-host-*", juce::File::findDirectories))
        {
            const auto pid = entry.getFile().getFileName().fromLastOccurrenceOf ("-", false, false);

            if (pid.containsOnly ("0123456789") && pid.isNotEmpty() && pid.getIntValue() != getProcessId()
                && ! isProcessAlive (pid.getIntValue()))
                entry.getFile().deleteRecursively();
        }
    }

    /** The system's temporary folder, as it was before useOwnTemporaryFolder(). */
    const juce::File& getSystemTemporaryFolder()
    {
        static const auto folder = juce::File::getSpecialLocation (juce::File::tempDirectory);
        return folder;
    }

    /** This process's own folder in it: private copies, and its TMPDIR once redirected. */
    juce::File getOwnFolder()
    {
        return getSystemTemporaryFolder().getChildFile ("wavecraft-host-" + juce::String (getProcessId()));
    }

    std::atomic<PluginLibrary::BundleLoader> bundleLoader { nullptr };
    std::atomic<PluginLibrary::BundlePreparer> bundlePreparer { nullptr };
} // namespace

void PluginLibrary::setBundleLoader (BundleLoader loader, BundlePreparer preparer) noexcept
{
    bundleLoader = loader;
    bundlePreparer = preparer;
}

void PluginLibrary::prepareFor (const juce::File& plugin)
{
    if (auto* preparer = bundlePreparer.load(); preparer != nullptr && plugin.isDirectory())
        preparer (plugin);
}

juce::File PluginLibrary::makePrivateCopyPath (const juce::File& original)
{
    static std::atomic<int> counter { 0 };

    if (counter.load() == 0)
        removeCopiesOfDeadHosts (getSystemTemporaryFolder());

    auto folder = getOwnFolder();
    folder.createDirectory();

    return folder.getChildFile (original.getFileNameWithoutExtension() + "-" + juce::String (++counter)
                                + original.getFileExtension());
}

juce::File PluginLibrary::useOwnTemporaryFolder()
{
    removeCopiesOfDeadHosts (getSystemTemporaryFolder());
    const auto folder = getOwnFolder().getChildFile ("tmp");

#if ! JUCE_WINDOWS
    if (folder.createDirectory())
        ::setenv ("TMPDIR", folder.getFullPathName().toRawUTF8(), 1);
#endif

    return folder;
}

//==============================================================================
PluginLoadResult PluginLibrary::load (const juce::File& file, PluginCallMarker* marker)
{
    using Kind = PluginLoadError::Kind;

    if (file.isDirectory())
    {
        if (auto* loader = bundleLoader.load())
            return loader (file, marker);

        return { nullptr, makeError (Kind::fileMissing, "the plugin path " + file.getFullPathName() + " is a folder, not a library", "pass the .so/.dylib/.dll file the plugin build produces") };
    }

    if (! file.existsAsFile())
        return { nullptr, makeError (Kind::fileMissing, "no plugin library at " + file.getFullPathName(), "check the path, or build the plugin first") };

    const auto copy = makePrivateCopyPath (file);

    if (! file.copyFileTo (copy))
        return { nullptr, makeError (Kind::copyFailed, "could not copy " + file.getFullPathName() + " to " + copy.getFullPathName(), "check that the temporary folder is writable and has space") };

    std::shared_ptr<PluginLibrary> library (new PluginLibrary (file, copy, marker));

    for (auto step : { &PluginLibrary::open, &PluginLibrary::readTable,
                       &PluginLibrary::readParameters, &PluginLibrary::readProcessors })
    {
        auto error = ((*library).*step)();
        mark (marker, PluginCall::none);

        if (error.failed())
            return { nullptr, std::move (error) };
    }

    return { std::move (library), {} };
}

PluginLibrary::PluginLibrary (const juce::File& original, const juce::File& copy, PluginCallMarker* markerToUse)
    : file (original),
      loadedCopy (copy),
      marker (markerToUse)
{
}

std::shared_ptr<PluginLibrary> PluginLibrary::fromCode (const juce::File& original, const juce::File& loadedCode, ProcessorTable table,
                                                        std::vector<ParameterSpec> parameters, std::shared_ptr<void> owner)
{
    std::shared_ptr<PluginLibrary> library (new PluginLibrary (original, loadedCode, nullptr));
    library->table = std::move (table);
    library->parametersJson = ParameterSpecParser::writeParameters (parameters);
    library->parameters = std::move (parameters);
    library->owner = std::move (owner);
    return library;
}

PluginLibrary::~PluginLibrary()
{
    library.close();

    if (owner == nullptr) // else the copy is the owner's to remove
        loadedCopy.deleteFile();
}

void* PluginLibrary::getFunction (const juce::String& symbolName) const noexcept
{
    return const_cast<juce::DynamicLibrary&> (library).getFunction (symbolName);
}

//==============================================================================
PluginLoadError PluginLibrary::open()
{
#if JUCE_LINUX || JUCE_BSD || JUCE_MAC
    dlerror(); // clear any stale error so the one we read is ours
#endif

    mark (marker, PluginCall::open);

    if (! library.open (loadedCopy.getFullPathName()))
        return makeError (PluginLoadError::Kind::notALibrary,
                          // The loader names the private copy; the developer knows the file they built.
                          file.getFullPathName() + " is not a loadable library: " + lastDynamicLibraryError().replace (loadedCopy.getFullPathName() + ": ", ""),
                          "build the plugin as a shared library for this platform and architecture");

    freeString = reinterpret_cast<FreeStringFn> (getFunction (WAVECRAFT_DEV_SYMBOL_FREE_STRING));

    if (freeString == nullptr)
        return missingSymbol (PluginLoadError::Kind::symbolMissing, WAVECRAFT_DEV_SYMBOL_FREE_STRING, "to free the strings the plugin returns");

    return {};
}

PluginLoadError PluginLibrary::missingSymbol (PluginLoadError::Kind kind, const char* symbol, const char* whatItDoes) const
{
    return makeError (kind, file.getFileName() + " does not export " + symbol,
                      juce::String ("export it (extern \"C\", visible) ") + whatItDoes);
}

PluginLoadError PluginLibrary::readTable()
{
    auto* createProcessor = reinterpret_cast<CreateProcessorFn> (getFunction (WAVECRAFT_DEV_SYMBOL_CREATE_PROCESSOR));

    if (createProcessor == nullptr)
        return missingSymbol (PluginLoadError::Kind::tableSymbolMissing, WAVECRAFT_DEV_SYMBOL_CREATE_PROCESSOR, "returning the processor table by value");

    mark (marker, PluginCall::getTable);
    const auto raw = createProcessor();

    if (raw.version < minSupportedVersion || raw.version > maxSupportedVersion)
        return makeError (PluginLoadError::Kind::unsupportedVersion,
                          file.getFileName() + " returned a processor table of version " + juce::String (raw.version)
                              + "; this host supports versions " + juce::String (minSupportedVersion)
                              + " and " + juce::String (maxSupportedVersion),
                          "rebuild the plugin against the current wavecraft_dev_abi.h");

    table.version = raw.version;

    if (raw.version == WAVECRAFT_DEV_VTABLE_VERSION_1)
    {
        WavecraftDevVTableV1 v1;
        std::memcpy (&v1, &raw, sizeof (v1));
        table.create = v1.create;
        table.process = v1.process;
        table.setSampleRate = v1.set_sample_rate;
        table.reset = v1.reset;
        table.drop = v1.drop;
    }
    else
    {
        table.create = raw.create;
        table.process = raw.process;
        table.applyPlainValues = raw.apply_plain_values;
        table.setSampleRate = raw.set_sample_rate;
        table.reset = raw.reset;
        table.drop = raw.drop;
    }

    const std::pair<const void*, const char*> required[] = {
        { table.create != nullptr ? (const void*) this : nullptr, "create" },
        { (const void*) table.process, "process" },
        { (const void*) table.setSampleRate, "set_sample_rate" },
        { (const void*) table.reset, "reset" },
        { (const void*) table.drop, "drop" },
        { table.version == 2 ? (const void*) table.applyPlainValues : (const void*) this, "apply_plain_values" }
    };

    for (const auto& [function, name] : required)
        if (function == nullptr)
            return makeError (PluginLoadError::Kind::invalidTable,
                              file.getFileName() + "'s processor table (version " + juce::String (table.version)
                                  + ") has a NULL '" + name + "' pointer",
                              "fill in every function of the table");

    return {};
}

PluginLoadError PluginLibrary::readParameters()
{
    auto* getParams = reinterpret_cast<GetJsonFn> (getFunction (WAVECRAFT_DEV_SYMBOL_GET_PARAMS_JSON));

    if (getParams == nullptr)
        return missingSymbol (PluginLoadError::Kind::symbolMissing, WAVECRAFT_DEV_SYMBOL_GET_PARAMS_JSON, "returning the parameter specs as a JSON array");

    mark (marker, PluginCall::getParamsJson);
    auto* text = getParams();

    if (text == nullptr)
        return makeError (PluginLoadError::Kind::invalidParameters,
                          WAVECRAFT_DEV_SYMBOL_GET_PARAMS_JSON " in " + file.getFileName() + " returned NULL",
                          "return a JSON array of parameter specs ([] when there are none)");

    parametersJson = text;
    mark (marker, PluginCall::freeString);
    freeString (text);
    mark (marker, PluginCall::none);

    auto parsed = ParameterSpecParser::parseParameters (parametersJson);

    if (parsed.failed())
        return PluginLoadError::parametersInvalid (file, parsed.error);

    parameters = std::move (parsed.parameters);
    return {};
}

PluginLoadError PluginLibrary::readProcessors()
{
    auto* getProcessors = reinterpret_cast<GetJsonFn> (getFunction (WAVECRAFT_DEV_SYMBOL_GET_PROCESSORS_JSON));

    if (getProcessors == nullptr)
        return {};

    mark (marker, PluginCall::getProcessorsJson);
    auto* text = getProcessors();

    if (text == nullptr)
        return {};

    const std::string json (text);
    mark (marker, PluginCall::freeString);
    freeString (text);
    mark (marker, PluginCall::none);

    auto parsed = ParameterSpecParser::parseProcessors (json);

    if (parsed.failed())
        return makeError (PluginLoadError::Kind::invalidProcessors,
                          WAVECRAFT_DEV_SYMBOL_GET_PROCESSORS_JSON " in " + file.getFileName() + ": " + parsed.error,
                          "return a JSON array of {\"id\": string}, or don't export the symbol");

    processorIds = std::move (parsed.processorIds);
    return {};
}

} // namespace wavecraft
