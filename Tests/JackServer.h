#pragma once

#include <juce_core/juce_core.h>

namespace wavecraft::test
{

/** A real JACK server on the dummy backend (jackd -d dummy), paced like a
    sound card, under its own server name so it never meets a developer's.
    The test process's JACK clients (JUCE's JACK device type) find it through
    JACK_DEFAULT_SERVER, which the constructor sets.
*/
class JackServer
{
public:
    static constexpr const char* serverName = "wavecraft-test";

    JackServer (int sampleRate, int blockSize, int numInputs = 2, int numOutputs = 2);
    ~JackServer();

    /** Starts jackd and waits until clients can connect. */
    bool start();

    /** SIGTERM, then waits for it to go. */
    void stop();

    bool isRunning() const { return pid > 0; }

    static bool isInstalled();

private:
    int sampleRate, blockSize, numInputs, numOutputs;
    int pid = -1;
};

} // namespace wavecraft::test
