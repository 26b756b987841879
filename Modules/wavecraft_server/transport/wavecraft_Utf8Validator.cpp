namespace wavecraft::detail
{

bool Utf8Validator::feed (const juce::uint8* bytes, size_t size) noexcept
{
    for (size_t i = 0; i < size; ++i)
    {
        const auto byte = bytes[i];

        if (remaining > 0)
        {
            if (byte < lowerBound || byte > upperBound)
                return false;

            lowerBound = 0x80;
            upperBound = 0xBF;
            --remaining;
        }
        else if (byte >= 0x80 && ! startSequence (byte))
        {
            return false;
        }
    }

    return true;
}

bool Utf8Validator::startSequence (juce::uint8 byte) noexcept
{
    // The ranges of Unicode's table 3-7 (well-formed UTF-8 byte sequences):
    // how many bytes follow a lead byte, and the range of the first of them.
    struct Lead
    {
        juce::uint8 first, last;
        int following;
        juce::uint8 secondLow, secondHigh;
    };

    static constexpr Lead leads[] = {
        { 0xC2, 0xDF, 1, 0x80, 0xBF },
        { 0xE0, 0xE0, 2, 0xA0, 0xBF },
        { 0xE1, 0xEC, 2, 0x80, 0xBF },
        { 0xED, 0xED, 2, 0x80, 0x9F },
        { 0xEE, 0xEF, 2, 0x80, 0xBF },
        { 0xF0, 0xF0, 3, 0x90, 0xBF },
        { 0xF1, 0xF3, 3, 0x80, 0xBF },
        { 0xF4, 0xF4, 3, 0x80, 0x8F },
    };

    for (const auto& lead : leads)
    {
        if (byte >= lead.first && byte <= lead.last)
        {
            remaining = lead.following;
            lowerBound = lead.secondLow;
            upperBound = lead.secondHigh;
            return true;
        }
    }

    return false;
}

bool Utf8Validator::isValid (const void* bytes, size_t size) noexcept
{
    Utf8Validator validator;
    return validator.feed (static_cast<const juce::uint8*> (bytes), size) && validator.isComplete();
}

} // namespace wavecraft::detail
