#include "JackProbe.h"

#include <jack/jack.h>

namespace wavecraft::test
{

namespace
{
    jack_client_t* asClient (void* client)
    {
        return static_cast<jack_client_t*> (client);
    }
    jack_port_t* asPort (void* port)
    {
        return static_cast<jack_port_t*> (port);
    }
} // namespace

JackProbe::JackProbe (int capacityFrames)
    : recorded ((size_t) capacityFrames, 0.0f)
{
}

JackProbe::~JackProbe()
{
    close();
}

bool JackProbe::open()
{
    close();
    jack_status_t status {};
    player = jack_client_open ("wavecraft-probe-player", JackNoStartServer, &status);
    listener = jack_client_open ("wavecraft-probe-listener", JackNoStartServer, &status);

    if (player == nullptr || listener == nullptr)
        return false;

    serverGone = false;
    jack_on_shutdown (asClient (player), serverShutDown, this);
    jack_on_shutdown (asClient (listener), serverShutDown, this);
    jack_set_xrun_callback (asClient (listener), xrunHappened, this);

    playerOut = jack_port_register (asClient (player), "out", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    listenerIn = jack_port_register (asClient (listener), "in", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);

    return playerOut != nullptr && listenerIn != nullptr
        && jack_set_process_callback (asClient (player), processPlayer, this) == 0
        && jack_set_process_callback (asClient (listener), processListener, this) == 0
        && jack_activate (asClient (player)) == 0
        && jack_activate (asClient (listener)) == 0;
}

void JackProbe::close()
{
    running = false;

    // A client whose server has gone must not be closed: libjack frees it
    // twice. It is left behind (a test's leak).
    for (auto** client : { &player, &listener })
        if (auto* open = std::exchange (*client, nullptr); open != nullptr && ! serverGone)
            jack_client_close (asClient (open));

    playerOut = listenerIn = nullptr;
}

bool JackProbe::connect (const juce::String& source, const juce::String& destination)
{
    return player != nullptr && jack_connect (asClient (player), source.toRawUTF8(), destination.toRawUTF8()) == 0;
}

void JackProbe::start (std::vector<float> newSignal, int framesAhead, bool loop)
{
    // Let any cycle in progress finish with the old signal before it changes.
    running = false;
    juce::Thread::sleep (100);

    signal = std::move (newSignal);
    std::fill (recorded.begin(), recorded.end(), 0.0f);
    framesRecorded = 0;
    startFrame = getFrameTime() + (juce::uint32) framesAhead;
    looping = loop;
    running = true;
}

JackProbe::Takes JackProbe::record (const std::vector<float>& newSignal, int framesAhead, bool loop, int maxTakes)
{
    Takes takes;

    for (int take = 1;; ++take)
    {
        const auto xrunsBefore = getXRunCount();
        start (newSignal, framesAhead, loop);
        takes.recorded = waitUntilRecorded (5000);
        takes.xrunsInLastTake = getXRunCount() - xrunsBefore;

        if (! takes.recorded || takes.xrunsInLastTake == 0 || take == maxTakes)
            return takes;

        ++takes.spoiledTakes;
    }
}

juce::uint32 JackProbe::getFrameTime() const
{
    return player != nullptr ? jack_frame_time (asClient (player)) : 0;
}

bool JackProbe::waitUntilRecorded (int timeoutMs) const
{
    const auto deadline = juce::Time::getMillisecondCounter() + (juce::uint32) timeoutMs;

    while (framesRecorded.load() < (int) recorded.size())
    {
        if (juce::Time::getMillisecondCounter() > deadline)
            return false;

        juce::Thread::sleep (5);
    }

    return true;
}

void JackProbe::serverShutDown (void* self)
{
    static_cast<JackProbe*> (self)->serverGone = true;
}

int JackProbe::xrunHappened (void* self)
{
    ++static_cast<JackProbe*> (self)->xruns;
    return 0;
}

int JackProbe::processPlayer (juce::uint32 numFrames, void* opaque)
{
    auto& self = *static_cast<JackProbe*> (opaque);
    auto* out = static_cast<float*> (jack_port_get_buffer (asPort (self.playerOut), numFrames));
    const auto cycleStart = jack_last_frame_time (asClient (self.player));

    for (juce::uint32 i = 0; i < numFrames; ++i)
    {
        auto position = (juce::int32) (cycleStart + i - self.startFrame.load());
        const auto length = (juce::int32) self.signal.size();

        if (self.looping && position >= 0 && length > 0)
            position %= length;

        out[i] = self.running && position >= 0 && position < length ? self.signal[(size_t) position] : 0.0f;
    }

    return 0;
}

int JackProbe::processListener (juce::uint32 numFrames, void* opaque)
{
    auto& self = *static_cast<JackProbe*> (opaque);
    const auto* in = static_cast<const float*> (jack_port_get_buffer (asPort (self.listenerIn), numFrames));
    const auto cycleStart = jack_last_frame_time (asClient (self.listener));

    if (! self.running)
        return 0;

    for (juce::uint32 i = 0; i < numFrames; ++i)
    {
        const auto position = (juce::int32) (cycleStart + i - self.startFrame.load());

        if (position >= 0 && position < (juce::int32) self.recorded.size())
        {
            self.recorded[(size_t) position] = in[i];
            self.framesRecorded.store (juce::jmax (self.framesRecorded.load(), position + 1));
        }
    }

    return 0;
}

} // namespace wavecraft::test
