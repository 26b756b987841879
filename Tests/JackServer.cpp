#include "JackServer.h"
#include "TestHelpers.h"

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

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

    pid = test::spawnProcess ({ "jackd", "-n", serverName, "-d", "dummy", "-r", juce::String (sampleRate), "-p", juce::String (blockSize),
                                "-C", juce::String (numInputs), "-P", juce::String (numOutputs) },
                              {});

    if (pid <= 0)
        return false;

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
