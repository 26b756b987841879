#include "JackServer.h"

#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace wavecraft::test
{

JackServer::JackServer (int rate, int block, int inputs, int outputs)
    : sampleRate (rate),
      blockSize (block),
      numInputs (inputs),
      numOutputs (outputs)
{
    setenv ("JACK_DEFAULT_SERVER", serverName, 1);
    setenv ("JACK_NO_AUDIO_RESERVATION", "1", 1);
}

JackServer::~JackServer()
{
    stop();
}

bool JackServer::isInstalled()
{
    return juce::File ("/usr/bin/jackd").existsAsFile() && juce::File ("/usr/bin/jack_wait").existsAsFile();
}

bool JackServer::start()
{
    stop();

    const auto rate = std::to_string (sampleRate);
    const auto period = std::to_string (blockSize);
    std::vector<std::string> arguments { "jackd", "-n", serverName, "-d", "dummy", "-r", rate, "-p", period,
                                         "-C", std::to_string (numInputs), "-P", std::to_string (numOutputs) };
    std::vector<char*> argv;

    for (auto& argument : arguments)
        argv.push_back (argument.data());

    argv.push_back (nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init (&actions);
    posix_spawn_file_actions_addopen (&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen (&actions, 2, "/dev/null", O_WRONLY, 0);

    pid_t child = -1;
    const auto spawned = posix_spawnp (&child, "jackd", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy (&actions);

    if (spawned != 0)
        return false;

    pid = (int) child;

    juce::ChildProcess wait;
    return wait.start (juce::StringArray { "jack_wait", "-s", serverName, "-w", "-t", "10" }, 0)
        && wait.waitForProcessToFinish (15000) && wait.getExitCode() == 0;
}

void JackServer::stop()
{
    if (pid <= 0)
        return;

    ::kill ((pid_t) pid, SIGTERM);
    int status = 0;

    for (int i = 0; i < 100; ++i)
    {
        if (waitpid ((pid_t) pid, &status, WNOHANG) == pid)
        {
            pid = -1;
            return;
        }

        juce::Thread::sleep (50);
    }

    ::kill ((pid_t) pid, SIGKILL);
    waitpid ((pid_t) pid, &status, 0);
    pid = -1;
}

} // namespace wavecraft::test
