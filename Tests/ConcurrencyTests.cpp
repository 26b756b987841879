#include "TestHelpers.h"

#include <thread>

using namespace wavecraft;
using namespace wavecraft::detail; // unit tests of internals

namespace
{
struct Event
{
    juce::uint64 sequence;
    juce::uint64 check;
};
} // namespace

TEST_CASE ("LockFreeQueue: two threads, nothing lost, duplicated or reordered", "[threads][fifo]")
{
    constexpr juce::uint64 count = 200000;
    LockFreeQueue<Event> queue (64);

    std::thread producer ([&]
                          {
        for (juce::uint64 i = 1; i <= count; ++i)
            while (! queue.push ({ i, i * 2654435761u }))
                std::this_thread::yield(); });

    juce::uint64 expected = 1;
    bool inOrder = true;

    while (expected <= count)
    {
        Event event;

        if (! queue.pop (event))
        {
            std::this_thread::yield();
            continue;
        }

        inOrder = inOrder && event.sequence == expected && event.check == expected * 2654435761u;
        ++expected;
    }

    producer.join();
    CHECK (inOrder);
    CHECK (queue.getNumReady() == 0);
}

TEST_CASE ("LockFreeQueue: a producer that never waits only drops, and counts every drop", "[threads][fifo]")
{
    constexpr juce::uint64 count = 200000;
    LockFreeQueue<Event> queue (16);
    std::atomic<bool> done { false };

    std::thread producer ([&]
                          {
        for (juce::uint64 i = 1; i <= count; ++i)
            queue.push ({ i, i });

        done = true; });

    juce::uint64 received = 0, last = 0;
    bool increasing = true;
    Event event;

    for (;;)
    {
        const auto finished = done.load();

        while (queue.pop (event))
        {
            increasing = increasing && event.sequence > last;
            last = event.sequence;
            ++received;
        }

        if (finished)
            break;
    }

    producer.join();
    CHECK (increasing);
    CHECK (received + queue.getNumDropped() == count);
    CHECK (received > 0);
}

TEST_CASE ("AudioFifo: two threads with uneven block sizes keep every sample in order", "[threads][fifo]")
{
    constexpr int totalSamples = 1 << 20;
    AudioFifo fifo (1000);

    std::thread producer ([&]
                          {
        juce::Random random (1);
        std::vector<float> left (700), right (700);
        int next = 0;

        while (next < totalSamples)
        {
            const auto size = juce::jmin (1 + random.nextInt (700), totalSamples - next);

            for (int i = 0; i < size; ++i)
            {
                left[(size_t) i] = (float) (next + i);
                right[(size_t) i] = -(float) (next + i);
            }

            const float* channels[] = { left.data(), right.data() };
            int written = 0;

            while (written < size)
            {
                const float* rest[] = { channels[0] + written, channels[1] + written };
                const auto free = juce::jmin (fifo.getFreeSpace(), size - written);

                if (free == 0)
                {
                    std::this_thread::yield();
                    continue;
                }

                written += fifo.write (rest, free);
            }

            next += size;
        } });

    juce::Random random (2);
    std::vector<float> left (900), right (900);
    float* channels[] = { left.data(), right.data() };
    int expected = 0;
    bool continuous = true;

    while (expected < totalSamples)
    {
        const auto got = fifo.read (channels, 1 + random.nextInt (900));

        if (got == 0)
            std::this_thread::yield();

        for (int i = 0; i < got; ++i, ++expected)
            continuous = continuous && left[(size_t) i] == (float) expected && right[(size_t) i] == -(float) expected;
    }

    producer.join();
    CHECK (continuous);
    CHECK (fifo.getNumDropped() == 0);
}

TEST_CASE ("AudioFifo: a write that doesn't fit is cut short and counted", "[fifo]")
{
    AudioFifo fifo (100);
    std::vector<float> ones (150, 1.0f);
    const float* channels[] = { ones.data(), ones.data() };

    CHECK (fifo.write (channels, 150) == 100);
    CHECK (fifo.getNumDropped() == 50);
    CHECK (fifo.write (channels, 10) == 0);
    CHECK (fifo.getNumDropped() == 60);

    std::vector<float> left (100), right (100);
    float* out[] = { left.data(), right.data() };
    CHECK (fifo.read (out, 1000) == 100);
    CHECK (fifo.getNumReady() == 0);
}

TEST_CASE ("The scope frame starts on a rising zero crossing and flags silence", "[scope]")
{
    ScopeFrameBuilder builder;
    ScopeFrame frame;
    std::vector<float> left (3000), right (3000);

    CHECK_FALSE (builder.buildFrame (frame, 48000.0, 0)); // nothing yet

    // A sine that does not start at zero: period 100 samples, phase 1.
    for (int i = 0; i < 3000; ++i)
    {
        left[(size_t) i] = 0.8f * std::sin (juce::MathConstants<float>::twoPi * (float) i / 100.0f + 1.0f);
        right[(size_t) i] = -left[(size_t) i];
    }

    builder.addSamples (left.data(), right.data(), 3000);
    REQUIRE (builder.buildFrame (frame, 48000.0, 1234));
    CHECK (frame.triggered);
    CHECK_FALSE (frame.noSignal);
    CHECK (frame.sampleRate == 48000.0);
    CHECK (frame.timestampMicros == 1234);
    CHECK (frame.left[0] >= 0.0f);
    CHECK (frame.left[0] < 0.06f); // the first sample at or after the crossing
    CHECK (frame.left[1] > frame.left[0]);
    CHECK (frame.right[0] == -frame.left[0]);
    CHECK (frame.left[25] == Approx (0.8f).margin (0.05)); // a quarter period later: the crest

    // After more quiet than the scope looks back over, the sine is gone.
    std::vector<float> quiet (2100, 1.0e-5f);
    builder.addSamples (quiet.data(), quiet.data(), 2100);
    REQUIRE (builder.buildFrame (frame, 48000.0, 0));
    CHECK (frame.noSignal);
    CHECK_FALSE (frame.triggered); // a constant never crosses zero
}

namespace
{
MeterFrame numberedFrame (int number)
{
    MeterFrame frame;
    frame.timestampNanos = number;
    frame.peakLeft = (float) number;
    return frame;
}
} // namespace

TEST_CASE ("MeterTap: two readers each see every frame, in order", "[fifo]")
{
    MeterTap tap;
    tap.publish (numberedFrame (-1)); // before the readers: neither sees it
    MeterTap::Reader first (tap), second (tap);
    std::vector<juce::int64> seenByFirst, seenBySecond;

    for (int i = 0; i < 3000; ++i)
    {
        tap.publish (numberedFrame (i));

        // The first reads often, the second in bursts: both get everything.
        first.readNew ([&] (const MeterFrame& frame)
                       { seenByFirst.push_back (frame.timestampNanos); });

        if (i % 500 == 499)
            second.readNew ([&] (const MeterFrame& frame)
                            { seenBySecond.push_back (frame.timestampNanos); });
    }

    std::vector<juce::int64> expected (3000);
    std::iota (expected.begin(), expected.end(), 0);
    CHECK (seenByFirst == expected);
    CHECK (seenBySecond == expected);
    CHECK (first.getNumLost() == 0);
    CHECK (second.getNumLost() == 0);
}

TEST_CASE ("MeterTap: a reader that falls behind loses its own oldest frames, and no other reader's", "[fifo]")
{
    MeterTap tap;
    MeterTap::Reader slow (tap), quick (tap);
    const auto published = MeterTap::capacity + 300;
    int quickSeen = 0;

    for (int i = 0; i < published; ++i)
    {
        tap.publish (numberedFrame (i));
        quickSeen += quick.readNew ([] (const MeterFrame&) {});
    }

    std::vector<juce::int64> seen;
    CHECK (slow.readNew ([&] (const MeterFrame& frame)
                         { seen.push_back (frame.timestampNanos); })
           == MeterTap::capacity);
    CHECK (slow.getNumLost() == 300);
    REQUIRE_FALSE (seen.empty());
    CHECK (seen.front() == 300); // the newest `capacity` frames, in order
    CHECK (seen.back() == published - 1);
    CHECK (quickSeen == published);
    CHECK (quick.getNumLost() == 0);
}

TEST_CASE ("MeterTap: a publisher and two reader threads, nothing duplicated or out of order", "[threads][fifo]")
{
    MeterTap tap;
    constexpr int published = 200000;
    std::atomic<bool> done { false };

    // Made here, so both start at frame 0; each is then used by its own thread only.
    MeterTap::Reader first (tap), second (tap);

    const auto readUntilDone = [&] (MeterTap::Reader& reader, std::vector<juce::int64>& seen)
    {
        for (;;)
        {
            const auto finished = done.load();
            reader.readNew ([&] (const MeterFrame& frame)
                            { seen.push_back (frame.timestampNanos); });

            if (finished)
                break;
        }
    };

    std::vector<juce::int64> seenA, seenB;
    std::thread readerA ([&]
                         { readUntilDone (first, seenA); });
    std::thread readerB ([&]
                         { readUntilDone (second, seenB); });

    for (int i = 0; i < published; ++i)
        tap.publish (numberedFrame (i));

    done = true;
    readerA.join();
    readerB.join();

    for (const auto* seen : { &seenA, &seenB })
    {
        REQUIRE_FALSE (seen->empty());
        CHECK (std::adjacent_find (seen->begin(), seen->end(), std::greater_equal<>()) == seen->end());
        CHECK (seen->back() == published - 1);
    }

    // Whatever a reader lost, it lost by falling behind, and it counted it.
    CHECK ((juce::uint64) seenA.size() + first.getNumLost() == (juce::uint64) published);
    CHECK ((juce::uint64) seenB.size() + second.getNumLost() == (juce::uint64) published);
}
