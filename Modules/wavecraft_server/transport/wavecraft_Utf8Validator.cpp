namespace wavecraft
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
            continue;
        }

        if (byte < 0x80)
            continue;

        // The ranges of Unicode's table 3-7 (well-formed UTF-8 byte sequences).
        if (byte >= 0xC2 && byte <= 0xDF)
        {
            remaining = 1;
        }
        else if (byte == 0xE0)
        {
            remaining = 2;
            lowerBound = 0xA0;
        }
        else if (byte >= 0xE1 && byte <= 0xEC)
        {
            remaining = 2;
        }
        else if (byte == 0xED)
        {
            remaining = 2;
            upperBound = 0x9F;
        }
        else if (byte >= 0xEE && byte <= 0xEF)
        {
            remaining = 2;
        }
        else if (byte == 0xF0)
        {
            remaining = 3;
            lowerBound = 0x90;
        }
        else if (byte >= 0xF1 && byte <= 0xF3)
        {
            remaining = 3;
        }
        else if (byte == 0xF4)
        {
            remaining = 3;
            upperBound = 0x8F;
        }
        else
        {
            return false;
        }
    }

    return true;
}

bool Utf8Validator::isValid (const void* bytes, size_t size) noexcept
{
    Utf8Validator validator;
    return validator.feed (static_cast<const juce::uint8*> (bytes), size) && validator.isComplete();
}

} // namespace wavecraft
