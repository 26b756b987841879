namespace wavecraft
{

namespace
{
    /** rustc names files relative to where cargo ran it: the workspace's
        folder, or the package's. The first of the manifest's folder and
        its parents that has the file is where it is.
    */
    juce::File locate (const juce::String& fileName, const juce::File& manifestFolder)
    {
        if (juce::File::isAbsolutePath (fileName))
            return juce::File (fileName);

        for (auto folder = manifestFolder; folder != juce::File() && ! folder.isRoot(); folder = folder.getParentDirectory())
            if (const auto candidate = folder.getChildFile (fileName); candidate.existsAsFile())
                return candidate;

        return manifestFolder.getChildFile (fileName);
    }
} // namespace

juce::String CargoBuild::Diagnostic::describe() const
{
    const auto place = file.isNotEmpty() ? file + ":" + juce::String (line) + ":" + juce::String (column) + ": " : juce::String();
    return place + level + ": " + message;
}

CargoBuild::CargoBuild (const juce::File& engine, juce::StringArray commandToRun, const juce::File& project)
    : engineFolder (engine),
      projectFolder (project),
      command (std::move (commandToRun))
{
}

CargoBuild::~CargoBuild()
{
    cancel();
}

bool CargoBuild::start (juce::String& error)
{
    process.onLine = [this] (const juce::String& line, bool fromStandardError)
    { handleLine (line, fromStandardError); };
    process.onExit = [this] (int exitCode)
    { handleExit (exitCode); };

    ProcessGroup::Options options;
    options.command = command;
    options.command.add ("--message-format=json");
    options.folder = engineFolder;
    options.environment.set ("CARGO_TERM_COLOR", "never"); // plain text: a window shows no terminal colours
    startedMicros = getMonotonicMicros();

    if (! process.start (options, error))
    {
        if (error.contains ("not on the PATH"))
            error = "cargo is not installed (or not on the PATH): install Rust (rustup.rs, or Debian's cargo package) to build the engine";

        return false;
    }

    return true;
}

void CargoBuild::cancel()
{
    cancelled = true;
    process.stop (500);
}

std::optional<CargoBuild::Diagnostic> CargoBuild::parseMessage (const juce::String& line, const juce::File& project)
{
    if (! line.startsWith ("{"))
        return std::nullopt;

    // A field of an unexpected type (null where text was) is no message, not the host's end.
    try
    {
        return readMessage (line, project);
    }
    catch (const nlohmann::json::exception&)
    {
        return std::nullopt;
    }
}

std::optional<CargoBuild::Diagnostic> CargoBuild::readMessage (const juce::String& line, const juce::File& project)
{
    const auto json = nlohmann::json::parse (line.toStdString(), nullptr, false);

    if (json.is_discarded() || json.value ("reason", "") != "compiler-message" || ! json.contains ("message"))
        return std::nullopt;

    const auto& message = json["message"];
    Diagnostic diagnostic;
    diagnostic.level = message.value ("level", "");
    diagnostic.message = juce::String::fromUTF8 (message.value ("message", "").c_str()).upToFirstOccurrenceOf ("\n", false, false);
    diagnostic.rendered = juce::String::fromUTF8 (message.value ("rendered", "").c_str());
    const auto manifestFolder = juce::File (juce::String::fromUTF8 (json.value ("manifest_path", "").c_str())).getParentDirectory();

    if (message.contains ("spans") && message["spans"].is_array())
    {
        for (const auto& span : message["spans"])
        {
            if (! span.value ("is_primary", false))
                continue;

            const auto file = locate (juce::String::fromUTF8 (span.value ("file_name", "").c_str()), manifestFolder);
            diagnostic.file = file.isAChildOf (project) ? file.getRelativePathFrom (project) : file.getFullPathName();
            diagnostic.line = span.value ("line_start", 0);
            diagnostic.column = span.value ("column_start", 0);
            break;
        }
    }

    return diagnostic;
}

void CargoBuild::handleLine (const juce::String& line, bool fromStandardError)
{
    if (fromStandardError)
    {
        if (onOutput != nullptr)
            onOutput (line);

        // cargo's own errors (a broken manifest, a missing feature) aren't compiler messages.
        if (line.startsWith ("error"))
            cargoErrors.add (line);
        else if (! cargoErrors.isEmpty() && cargoErrors.size() < 12 && line.isNotEmpty() && ! line.trimStart().startsWith ("Compiling"))
            cargoErrors.add (line);

        return;
    }

    const auto diagnostic = parseMessage (line, projectFolder);

    if (! diagnostic.has_value() || diagnostic->level != "error")
        return;

    // "aborting due to previous error" and its like say nothing new.
    if (diagnostic->file.isEmpty() && ! result.errors.empty())
        return;

    result.errors.push_back (*diagnostic);

    if (result.errors.size() == 1 && onFirstError != nullptr)
        onFirstError (*diagnostic);
}

void CargoBuild::handleExit (int exitCode)
{
    result.exitCode = exitCode;
    result.cancelled = cancelled.load();
    result.succeeded = exitCode == 0 && ! result.cancelled;
    result.seconds = (double) (getMonotonicMicros() - startedMicros) / 1.0e6;

    if (! result.succeeded && result.errors.empty())
        result.failure = cargoErrors.isEmpty() ? "cargo build ended with exit code " + juce::String (exitCode) : cargoErrors.joinIntoString ("\n");

    if (onFinished != nullptr)
        onFinished (result);
}

} // namespace wavecraft
