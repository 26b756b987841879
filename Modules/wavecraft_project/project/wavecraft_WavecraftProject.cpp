namespace wavecraft
{

namespace
{
    juce::String missing (const juce::File& folder, const juce::String& what)
    {
        return "not a Wavecraft project: " + folder.getFullPathName() + " has no " + what
            + " (a project made by `wavecraft create` has engine/Cargo.toml and ui/package.json)";
    }

    bool isWavecraftRepository (const juce::File& folder, const CargoManifest& engineManifest)
    {
        return engineManifest.isWorkspace && folder.getChildFile ("cli/Cargo.toml").existsAsFile()
            && folder.getChildFile ("engine/crates/wavecraft-core").isDirectory();
    }
} // namespace

std::optional<WavecraftProject> WavecraftProject::find (const juce::File& folder, juce::String& error)
{
    // Upstream's checks, in its order.
    const std::pair<const char*, bool> required[] = { { "ui", true }, { "engine", true }, { "ui/package.json", false }, { "engine/Cargo.toml", false } };

    for (const auto& [path, isFolder] : required)
    {
        const auto file = folder.getChildFile (path);

        if (isFolder ? ! file.isDirectory() : ! file.existsAsFile())
        {
            error = missing (folder, isFolder ? juce::String (path) + "/ folder" : juce::String (path));
            return std::nullopt;
        }
    }

    WavecraftProject project;
    project.root = folder;
    project.engine = folder.getChildFile ("engine");
    project.ui = folder.getChildFile ("ui");
    project.manifest = CargoManifest::read (project.engine.getChildFile ("Cargo.toml"));

    // Inside the Wavecraft repository: its SDK template is the project.
    const auto templateFolder = folder.getChildFile ("sdk-template");

    if (isWavecraftRepository (folder, project.manifest) || (! project.engine.getChildFile ("src").isDirectory() && templateFolder.isDirectory()))
    {
        if (! templateFolder.getChildFile ("engine/Cargo.toml").existsAsFile())
        {
            error = "this is the Wavecraft repository, and its sdk-template/engine/Cargo.toml isn't made yet: run ./scripts/setup-dev-template.sh first";
            return std::nullopt;
        }

        if (! templateFolder.getChildFile ("ui/package.json").existsAsFile())
        {
            error = "this is the Wavecraft repository, but sdk-template/ui/package.json is missing: is sdk-template/ complete?";
            return std::nullopt;
        }

        project.engine = templateFolder.getChildFile ("engine");
        project.ui = templateFolder.getChildFile ("ui");
        project.manifest = CargoManifest::read (project.engine.getChildFile ("Cargo.toml"));
        project.sdkTemplate = true;
    }

    return project;
}

juce::StringArray WavecraftProject::makeBuildCommand() const
{
    juce::StringArray command { "cargo", "build", "--lib" };

    if (manifest.features.contains ("_param-discovery"))
        command.addArray ({ "--features", "_param-discovery" });

    if (manifest.packageName.isNotEmpty())
        command.addArray ({ "--package", manifest.packageName });

    return command;
}

juce::Array<juce::File> WavecraftProject::findDebugFolders() const
{
    juce::Array<juce::File> folders;

    for (const auto& candidate : { engine.getChildFile ("target/debug"), engine.getParentDirectory().getChildFile ("target/debug"),
                                   engine.getParentDirectory().getParentDirectory().getChildFile ("target/debug") })
        if (candidate.isDirectory())
            folders.addIfNotAlreadyThere (candidate);

    return folders;
}

juce::File WavecraftProject::findLibrary (juce::String& error) const
{
    const auto folders = findDebugFolders();

    if (folders.isEmpty())
    {
        error = "no build of the engine yet: neither " + engine.getChildFile ("target/debug").getFullPathName() + " nor "
            + engine.getParentDirectory().getChildFile ("target/debug").getFullPathName() + " is there";
        return {};
    }

    const auto wanted = "lib" + manifest.getLibraryStem() + ".so";
    juce::Array<juce::File> candidates;

    for (const auto& folder : folders)
        for (const auto& entry : juce::RangedDirectoryIterator (folder, false, "lib*.so", juce::File::findFiles))
            candidates.add (entry.getFile());

    for (const auto& candidate : candidates)
        if (candidate.getFileName().equalsIgnoreCase (wanted))
            return candidate;

    if (candidates.isEmpty())
    {
        error = "the engine's build made no library (" + wanted + ") in " + folders.getFirst().getFullPathName()
            + "; does engine/Cargo.toml have crate-type = [\"cdylib\"]?";
        return {};
    }

    auto newest = candidates.getFirst();

    for (const auto& candidate : candidates)
        if (candidate.getLastModificationTime() > newest.getLastModificationTime())
            newest = candidate;

    return newest;
}

juce::File WavecraftProject::getLibraryFile() const
{
    juce::String error;

    if (const auto found = findLibrary (error); found != juce::File())
        return found;

    const auto parent = engine.getParentDirectory();
    const auto inWorkspace = ! manifest.isWorkspace && CargoManifest::read (parent.getChildFile ("Cargo.toml")).isWorkspace;
    return (inWorkspace ? parent : engine).getChildFile ("target/debug/lib" + manifest.getLibraryStem() + ".so");
}

juce::File WavecraftProject::getCacheFolder() const
{
    const auto folders = findDebugFolders();
    return folders.isEmpty() ? engine.getChildFile ("target/debug") : folders.getFirst();
}

} // namespace wavecraft
