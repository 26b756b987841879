#pragma once

#include <juce_core/juce_core.h>

#include <atomic>
#include <vector>

namespace wavecraft::test
{

/** Two JACK clients a test patches around the host, like a signal generator
    and a recorder on a sound card: the player's port plays a signal from a
    given JACK frame, the listener's port records from the same frame. Two
    clients, so that player -> host -> listener is a chain JACK runs in one
    cycle (one client with both ports would make a feedback loop).
*/
class JackProbe
{
public:
    static constexpr const char* playerPort = "wavecraft-probe-player:out";
    static constexpr const char* listenerPort = "wavecraft-probe-listener:in";

    /** Records up to `capacityFrames` frames. */
    explicit JackProbe (int capacityFrames);
    ~JackProbe();

    /** Opens and activates both clients on the running server.

        Keep the probe open while the server is stopped: closing a client of
        a running server in this process (JACK2) keeps JUCE's own client from
        noticing the server's end.
    */
    bool open();
    void close();

    /** jack_connect between two ports by name. */
    bool connect (const juce::String& source, const juce::String& destination);

    /** Plays `signal` from `framesAhead` JACK frames from now on (over and
        over if `loop`), and records the listener's input from the same frame
        on. [any thread, not concurrently]
    */
    void start (std::vector<float> signal, int framesAhead, bool loop = false);

    /** What record() did: whether the last take was recorded whole, and the
        xruns during it and during the takes thrown away before it.
    */
    struct Takes
    {
        bool recorded = false;
        int xrunsInLastTake = 0, spoiledTakes = 0;
    };

    /** start() and waitUntilRecorded(), taken again (up to `maxTakes` times)
        while an xrun spoils the take. In a late cycle JACK doesn't run the
        chain player -> host -> listener in order, so frames go missing
        whoever was late; CI's virtual machines stall for longer than a
        period a few times a minute. A host that is late itself spoils every
        take, and the caller checks the last one was clean.
    */
    Takes record (const std::vector<float>& signal, int framesAhead, bool loop, int maxTakes = 4);

    /** The server's current frame time. */
    juce::uint32 getFrameTime() const;

    /** Waits until the whole capacity is recorded. */
    bool waitUntilRecorded (int timeoutMs) const;

    /** The xruns the server reported since open(): any client late, the
        host's or the machine's (a stalled virtual CPU).
    */
    int getXRunCount() const { return xruns.load(); }

    /** What the listener heard, from the start frame on. */
    const std::vector<float>& getRecorded() const { return recorded; }

private:
    static int processPlayer (juce::uint32 numFrames, void* self);
    static int processListener (juce::uint32 numFrames, void* self);
    static void serverShutDown (void* self);
    static int xrunHappened (void* self);

    void* player = nullptr;   // jack_client_t
    void* listener = nullptr; // jack_client_t
    void* playerOut = nullptr;
    void* listenerIn = nullptr;
    std::vector<float> signal, recorded;
    std::atomic<bool> running { false }, looping { false }, serverGone { false };
    std::atomic<juce::uint32> startFrame { 0 };
    std::atomic<int> framesRecorded { 0 }, xruns { 0 };
};

} // namespace wavecraft::test
