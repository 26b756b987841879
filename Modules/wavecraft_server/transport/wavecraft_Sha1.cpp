namespace wavecraft::detail
{

namespace
{
    inline juce::uint32 rotateLeft (juce::uint32 value, int bits) noexcept
    {
        return (value << bits) | (value >> (32 - bits));
    }
} // namespace

std::array<juce::uint8, 20> Sha1::digest (const void* data, size_t size)
{
    juce::uint32 state[] = { 0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u };
    const auto message = pad (static_cast<const juce::uint8*> (data), size);

    for (size_t chunk = 0; chunk < message.size(); chunk += 64)
        processChunk (message.data() + chunk, state);

    std::array<juce::uint8, 20> result;

    for (int i = 0; i < 20; ++i)
        result[(size_t) i] = (juce::uint8) (state[i / 4] >> (24 - 8 * (i % 4)));

    return result;
}

std::vector<juce::uint8> Sha1::pad (const juce::uint8* data, size_t size)
{
    // Message, 0x80, zeros, then the bit length as 64-bit big-endian.
    std::vector<juce::uint8> message (data, data + size);
    message.push_back (0x80);

    while (message.size() % 64 != 56)
        message.push_back (0);

    const auto bitLength = (juce::uint64) size * 8;

    for (int shift = 56; shift >= 0; shift -= 8)
        message.push_back ((juce::uint8) (bitLength >> shift));

    return message;
}

void Sha1::processChunk (const juce::uint8* chunk, juce::uint32 (&state)[5]) noexcept
{
    juce::uint32 w[80];

    for (int i = 0; i < 16; ++i)
        w[i] = (juce::uint32) chunk[i * 4] << 24 | (juce::uint32) chunk[i * 4 + 1] << 16 | (juce::uint32) chunk[i * 4 + 2] << 8
            | (juce::uint32) chunk[i * 4 + 3];

    for (int i = 16; i < 80; ++i)
        w[i] = rotateLeft (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);

    auto a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];

    for (int i = 0; i < 80; ++i)
    {
        // The round's function and constant (FIPS 180-4, section 4.1.1 and 4.2.1).
        const auto f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d
            : i < 60                                        ? (b & c) | (b & d) | (c & d)
                                                            : b ^ c ^ d;
        const auto k = i < 20 ? 0x5A827999u : i < 40 ? 0x6ED9EBA1u
            : i < 60                                 ? 0x8F1BBCDCu
                                                     : 0xCA62C1D6u;
        const auto temp = rotateLeft (a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rotateLeft (b, 30);
        b = a;
        a = temp;
    }

    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
}

} // namespace wavecraft::detail
