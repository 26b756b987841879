#include "StartCommand.h"
#include "StandardErrorLog.h"

#include <iostream>

namespace
{
/** True when `program` is on the PATH. A Rust toolchain installed by rustup
    but not on this PATH (a shell that didn't read ~/.cargo/env) is put on it.
*/
bool findOnPath (const juce::String& program)
{
    for (const auto& folder : juce::StringArray::fromTokens (juce::SystemStats::getEnvironmentVariable ("PATH", {}), ":", ""))
        if (juce::File (folder).getChildFile (program).existsAsFile())
            return true;

    const auto rustup = juce::File::getSpecialLocation (juce::File::userHomeDirectory).getChildFile (".cargo/bin");

    if (program == "cargo" && rustup.getChildFile ("cargo").existsAsFile())
    {
        ::setenv ("PATH", (rustup.getFullPathName() + ":" + juce::SystemStats::getEnvironmentVariable ("PATH", {})).toRawUTF8(), 1);
        return true;
    }

    return false;
}

/** Upstream's question, answered yes by an empty line or the end of input. */
bool askToInstall()
{
    std::cout << "? Dependencies not installed. Run npm install? [Y/n] " << std::flush;
    std::string answer;

    if (! std::getline (std::cin, answer))
        return true;

    const auto reply = juce::String (answer).trim().toLowerCase();
    return reply.isEmpty() || reply == "y" || reply == "yes";
}

const juce::String buildErrorHint = "the last build that worked plays on; save a fix, and it builds again";

int failWith (const juce::String& error, int exitCode)
{
    StandardErrorLog::writeLine (error);
    return exitCode;
}
} // namespace

StartCommand::StartCommand (const CommandLineOptions& commandLine)
    : options (commandLine)
{
}

StartCommand::~StartCommand()
{
    ui.reset();             // the dev server's whole group ends first
    projectSession.reset(); // then a build still running
    live.reset();
}

int StartCommand::start()
{
    // Before npm install or the first build: a Ctrl+C then ends them too.
    LiveCommand::catchStopSignals();

    const auto folder = options.projectFolder != juce::File() ? options.projectFolder : juce::File::getCurrentWorkingDirectory();
    juce::String error;
    project = wavecraft::WavecraftProject::find (folder, error);

    if (! project.has_value())
        return failWith (error + "; run start in a project's folder (or name it: start FOLDER), or host a library you build yourself with --plugin PATH", 2);

    if (const auto exitCode = checkBeforeStarting(); exitCode.has_value())
        return *exitCode;

    // The page the dev server serves talks to the host from its own origin.
    for (const auto* host : { "localhost", "127.0.0.1" })
        options.allowedOrigins.addIfNotAlreadyThere ("http://" + juce::String (host) + ":" + juce::String (options.uiPort));

    live = std::make_unique<LiveCommand> (options, project->getLibraryFile());
    projectSession = std::make_unique<wavecraft::ProjectSession> (*project, live->getSession());
    projectSession->onLog = [] (const juce::String& line)
    { StandardErrorLog::writeLine (line); };
    projectSession->onBuildError = [this] (const wavecraft::CargoBuild::Diagnostic& firstError)
    {
        StandardErrorLog::writeLine ("build error: " + firstError.describe() + " (the running build plays on)");
        live->showBuildError ("build error: " + firstError.describe(), buildErrorHint);
    };
    projectSession->onBuildLoaded = [this]
    { live->clearBuildError(); };

    StandardErrorLog::writeLine ("Wavecraft project " + project->getRoot().getFullPathName() + (project->isSdkTemplate() ? " (the SDK's template)" : ""));
    const auto built = projectSession->buildBeforeStart ([]
                                                         { return LiveCommand::isStopRequested(); });

    if (LiveCommand::isStopRequested())
        return failWith ("stopped", 0);

    if (! built.succeeded)
    {
        for (const auto& buildError : built.errors)
            StandardErrorLog::writeLine (buildError.rendered.isNotEmpty() ? buildError.rendered.trimEnd() : buildError.describe());

        StandardErrorLog::writeLine ("the engine's build failed" + (built.failure.isNotEmpty() ? ": " + built.failure : juce::String())
                                     + "; fix it, and the host loads the build as soon as it succeeds");
    }

    if (const auto exitCode = live->start(); exitCode != 0)
        return exitCode;

    if (! built.errors.empty())
        live->showBuildError ("build error: " + built.errors.front().describe(), buildErrorHint);

    projectSession->start();
    startUiDevServer();
    return -1;
}

std::optional<int> StartCommand::checkBeforeStarting()
{
    // Everything is checked before anything starts: a missing tool or a
    // taken port is found in a second, not after a build.
    if (! findOnPath ("cargo"))
        return failWith ("cargo is not installed (or not on the PATH): install Rust from https://rustup.rs, or Debian's package (apt install cargo)", 2);

    if (! findOnPath ("npm"))
        return failWith ("npm is not installed (or not on the PATH): install Node.js with npm (Debian: apt install npm)", 2);

    if (options.port != 0)
        if (const auto taken = wavecraft::UiDevServer::checkPortFree (options.port, "the WebSocket server's"); taken.isNotEmpty())
            return failWith (taken + " (--port N)", 3);

    if (const auto taken = wavecraft::UiDevServer::checkPortFree (options.uiPort, "the UI dev server's"); taken.isNotEmpty())
        return failWith (taken + " (--ui-port N)", 3);

    if (! project->getUiFolder().getChildFile ("node_modules").isDirectory())
    {
        if (options.noInstall)
            return failWith ("the UI's dependencies are not installed (" + project->getUiFolder().getChildFile ("node_modules").getFullPathName()
                                 + " is missing): run npm install in " + project->getUiFolder().getFullPathName() + ", or start with --install",
                             2);

        if (! options.install && ! askToInstall())
            return failWith ("cannot start without the UI's dependencies: run npm install in " + project->getUiFolder().getFullPathName() + " first", 2);

        if (! installUiDependencies())
            return LiveCommand::isStopRequested() ? failWith ("stopped", 0)
                                                  : failWith ("npm install failed in " + project->getUiFolder().getFullPathName() + " (its output is above); fix that and start again", 2);
    }

    return std::nullopt;
}

bool StartCommand::installUiDependencies()
{
    StandardErrorLog::writeLine ("installing the UI's dependencies: npm install in " + project->getUiFolder().getFullPathName());
    wavecraft::ProcessGroup install;
    juce::WaitableEvent finished;
    std::atomic<int> exitCode { -1 };
    install.onLine = [] (const juce::String& line, bool)
    { StandardErrorLog::writeLine ("  " + line); };
    install.onExit = [&] (int code)
    {
        exitCode = code;
        finished.signal();
    };

    wavecraft::ProcessGroup::Options command;
    command.command = { "npm", "install" };
    command.folder = project->getUiFolder();
    juce::String error;

    if (! install.start (command, error))
        return failWith (error, 0) != 0;

    while (! finished.wait (50))
        if (LiveCommand::isStopRequested())
            install.stop (500);

    return exitCode == 0 && ! LiveCommand::isStopRequested();
}

void StartCommand::startUiDevServer()
{
    ui = std::make_unique<wavecraft::UiDevServer>();
    ui->onLine = [] (const juce::String& line)
    {
        if (line.trim().isNotEmpty())
            StandardErrorLog::writeLine ("ui: " + line);
    };
    ui->onReady = [this]
    {
        // The second line on standard output, for scripts: where the UI is.
        std::cout << "ui http://localhost:" << options.uiPort << std::endl;
        live->showWebUi (ui->getUrl());
    };
    ui->onExit = [] (int exitCode, const juce::String& lastLines)
    {
        StandardErrorLog::writeLine ("the UI's dev server ended (exit code " + juce::String (exitCode) + "); the host keeps running. Its last lines:\n" + lastLines);
    };

    wavecraft::UiDevServer::Options serverOptions;
    serverOptions.uiFolder = project->getUiFolder();
    serverOptions.port = options.uiPort;
    serverOptions.webSocketUrl = "ws://127.0.0.1:" + juce::String (live->getPort());
    juce::String error;

    if (! ui->start (serverOptions, error))
        StandardErrorLog::writeLine (error + "; the host runs without the UI's dev server");
}
