namespace wavecraft::detail
{

/** Checks UTF-8 incrementally, across the fragments of one WebSocket message
    (RFC 6455 section 8.1: invalid text closes the connection with 1007).
    Rejects overlong forms, surrogates and code points above U+10FFFF.
*/
class Utf8Validator
{
public:
    /** Feeds bytes; false as soon as they can't be valid UTF-8. */
    bool feed (const juce::uint8* bytes, size_t size) noexcept;

    /** True when the bytes so far end on a whole character. */
    bool isComplete() const noexcept { return remaining == 0; }

    void reset() noexcept
    {
        remaining = 0;
        lowerBound = 0x80;
        upperBound = 0xBF;
    }

    /** Checks a whole string. */
    static bool isValid (const void* bytes, size_t size) noexcept;

private:
    bool startSequence (juce::uint8 leadByte) noexcept;

    int remaining = 0;             // continuation bytes still expected
    juce::uint8 lowerBound = 0x80; // the next continuation byte's allowed range
    juce::uint8 upperBound = 0xBF;
};

} // namespace wavecraft::detail
