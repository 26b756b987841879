namespace wavecraft
{

/** A bounded single-producer, single-consumer queue of plain items on a
    juce::AbstractFifo.

    Built for events that leave the audio thread: push() never blocks and never
    allocates; when the queue is full the item is dropped and counted, so a
    slow reader costs frames, never the audio thread's time.
*/
template <typename Item>
class LockFreeQueue
{
public:
    static_assert (std::is_trivially_copyable<Item>::value, "items are copied across threads; keep them plain");

    /** Holds up to `capacity` items. [any thread, before use] */
    explicit LockFreeQueue (int capacity)
        : fifo (capacity + 1),
          items ((size_t) capacity + 1)
    {
    }

    /** Adds an item, or drops and counts it when full. [producer thread, lock-free] */
    bool push (const Item& item) noexcept
    {
        if (writePosition.getRoomFor (1) < 1)
        {
            dropped.fetch_add (1, std::memory_order_relaxed);
            return false;
        }

        items[(size_t) writePosition.getIndex()] = item;
        writePosition.finishedWrite (1);
        return true;
    }

    /** True when push() will take an item. [producer thread, lock-free] */
    bool hasRoom() noexcept { return writePosition.getRoomFor (1) >= 1; }

    /** Takes the oldest item. [consumer thread, lock-free] */
    bool pop (Item& item) noexcept
    {
        int start1, size1, start2, size2;
        fifo.prepareToRead (1, start1, size1, start2, size2);

        if (size1 + size2 == 0)
            return false;

        item = items[(size_t) (size1 > 0 ? start1 : start2)];
        fifo.finishedRead (1);
        return true;
    }

    /** Items waiting. [any thread] */
    int getNumReady() const noexcept { return fifo.getNumReady(); }

    /** Items pushed while the queue was full, since construction. [any thread] */
    juce::uint64 getNumDropped() const noexcept { return dropped.load (std::memory_order_relaxed); }

    /** Empties the queue. [consumer thread] */
    void clear() noexcept
    {
        Item item;
        while (pop (item))
        {}
    }

private:
    juce::AbstractFifo fifo;
    detail::FifoWritePosition writePosition { fifo };
    std::vector<Item> items;
    std::atomic<juce::uint64> dropped { 0 };

    JUCE_DECLARE_NON_COPYABLE (LockFreeQueue)
};

} // namespace wavecraft
