namespace wavecraft::detail
{

/** The producer's side of a juce::AbstractFifo: where the next item goes.

    Only the producer moves the fifo's end, so it can keep its own copy of it,
    where prepareToWrite() with its four out-parameters costs more than the
    rest of a small write. And only the consumer makes room, so the room last
    seen is there still: the fifo is asked again only when a write needs more.
    The AbstractFifo still does all the synchronising; debug builds check on
    every write that the copy is the fifo's end. So the fifo must never be
    reset() or resized while this exists.

    [producer thread only]
*/
class FifoWritePosition
{
public:
    explicit FifoWritePosition (juce::AbstractFifo& fifoToWrite)
        : fifo (fifoToWrite),
          bufferSize (fifoToWrite.getTotalSize())
    {
    }

    /** Where the next item goes in the fifo's buffer. */
    int getIndex() const noexcept
    {
        jassert (isFifoEnd());
        return index;
    }

    /** How many of `wanted` items fit now. */
    int getRoomFor (int wanted) noexcept
    {
        if (knownRoom < wanted)
            knownRoom = fifo.getFreeSpace();

        jassert (knownRoom <= fifo.getFreeSpace());
        return juce::jmin (wanted, knownRoom);
    }

    /** How many items fit from getIndex() to the end of the buffer. */
    int getRoomBeforeWrap() const noexcept { return bufferSize - index; }

    /** Hands `numWritten` items, written from getIndex() on, to the consumer. */
    void finishedWrite (int numWritten) noexcept
    {
        jassert (numWritten <= knownRoom);
        index = index + numWritten < bufferSize ? index + numWritten : index + numWritten - bufferSize;
        knownRoom -= numWritten;
        fifo.finishedWrite (numWritten);
    }

private:
    bool isFifoEnd() const noexcept
    {
        int start1, size1, start2, size2;
        fifo.prepareToWrite (1, start1, size1, start2, size2);
        return size1 == 0 || start1 == index;
    }

    juce::AbstractFifo& fifo;
    const int bufferSize;
    int index = 0, knownRoom = 0;

    JUCE_DECLARE_NON_COPYABLE (FifoWritePosition)
};

} // namespace wavecraft::detail
