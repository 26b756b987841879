namespace wavecraft
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
    juce::uint32 h[] = { 0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u };

    // Message, 0x80, zeros, then the bit length as 64-bit big-endian.
    std::vector<juce::uint8> message (static_cast<const juce::uint8*> (data), static_cast<const juce::uint8*> (data) + size);
    message.push_back (0x80);

    while (message.size() % 64 != 56)
        message.push_back (0);

    const auto bitLength = (juce::uint64) size * 8;

    for (int shift = 56; shift >= 0; shift -= 8)
        message.push_back ((juce::uint8) (bitLength >> shift));

    for (size_t chunk = 0; chunk < message.size(); chunk += 64)
    {
        juce::uint32 w[80];

        for (int i = 0; i < 16; ++i)
            w[i] = (juce::uint32) message[chunk + (size_t) i * 4] << 24 | (juce::uint32) message[chunk + (size_t) i * 4 + 1] << 16
                | (juce::uint32) message[chunk + (size_t) i * 4 + 2] << 8 | (juce::uint32) message[chunk + (size_t) i * 4 + 3];

        for (int i = 16; i < 80; ++i)
            w[i] = rotateLeft (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);

        auto a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];

        for (int i = 0; i < 80; ++i)
        {
            juce::uint32 f, k;

            if (i < 20)
            {
                f = (b & c) | (~b & d);
                k = 0x5A827999u;
            }
            else if (i < 40)
            {
                f = b ^ c ^ d;
                k = 0x6ED9EBA1u;
            }
            else if (i < 60)
            {
                f = (b & c) | (b & d) | (c & d);
                k = 0x8F1BBCDCu;
            }
            else
            {
                f = b ^ c ^ d;
                k = 0xCA62C1D6u;
            }

            const auto temp = rotateLeft (a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = rotateLeft (b, 30);
            b = a;
            a = temp;
        }

        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
    }

    std::array<juce::uint8, 20> result;

    for (int i = 0; i < 20; ++i)
        result[(size_t) i] = (juce::uint8) (h[i / 4] >> (24 - 8 * (i % 4)));

    return result;
}

} // namespace wavecraft
