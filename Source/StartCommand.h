#pragma once

#include "LiveCommand.h"

/** Project mode (`wavecraft-host start`): finds the Wavecraft project,
    checks what it needs before starting anything (the UI's node_modules,
    cargo and npm, both ports), builds the engine, runs it live as
    LiveCommand does, starts the UI's dev server and shows it, and swaps in
    each rebuild's audio (wavecraft::ProjectSession).
*/
class StartCommand
{
public:
    explicit StartCommand (const CommandLineOptions& options);
    ~StartCommand();

    /** Starts everything; returns -1 while it runs, or the exit code after printing why not. [message thread] */
    int start();

private:
    std::optional<int> checkBeforeStarting();
    bool installUiDependencies();
    void startUiDevServer();

    CommandLineOptions options;
    std::optional<wavecraft::WavecraftProject> project;
    std::unique_ptr<LiveCommand> live;
    std::unique_ptr<wavecraft::ProjectSession> projectSession;
    std::unique_ptr<wavecraft::UiDevServer> ui;
};
